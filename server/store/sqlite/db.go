// Package sqlite is the embedded default store: modernc.org/sqlite (pure Go,
// no cgo), WAL, synchronous=FULL so every acknowledged write is on disk.
package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"antrean/server/queue"
	"antrean/server/store"
	"antrean/shared/api"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Options configure a Store.
type Options struct {
	Path       string          // database file; created with its folder
	Clock      queue.Clock     // default queue.SystemClock
	Publisher  store.Publisher // receives committed events; may be nil
	BcryptCost int             // default bcrypt.DefaultCost; tests use bcrypt.MinCost
	SessionTTL time.Duration   // officer/admin sessions, default 12h
	// Synchronous is the SQLite synchronous pragma, default FULL: an
	// acknowledged write survives power loss, not just a crash.
	Synchronous string
	// EventRetention is how long events and idempotency keys are kept
	// (default 7 days); older ones are pruned when a day is closed.
	EventRetention time.Duration
	// Housekeeping is how often the store looks at its clock for a day to
	// close or a session that expired (default 1 s; negative = never, for
	// tests that call Housekeep themselves).
	Housekeeping time.Duration
}

// uriPath escapes a file path for an SQLite "file:" URI.
var uriPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// Store implements store.Store on SQLite.
type Store struct {
	w, r  *sql.DB // one writer connection; a small pool of readers (WAL)
	opts  Options
	clock queue.Clock
	pub   store.Publisher

	// One writer goroutine owns the write connection and publishes the
	// events of each commit in sequence order (see write).
	ops        chan *op
	quit       chan struct{}
	writerDone chan struct{}
	closeOnce  sync.Once
	pubMu      sync.Mutex // guards pub

	mu  sync.RWMutex // guards cat
	cat *catalog

	// staffed is the set of staffed counters as last announced in events,
	// avg the latest service times per service; only the writer goroutine
	// touches them (staffed nil = unknown). live is their copy for readers,
	// published at each commit that changes them.
	staffed map[string]bool
	avg     map[string]avgSum
	live    atomic.Pointer[liveState]
	// openDay is the local day before which every day is closed.
	openDay string
	hkMu    sync.Mutex // serialises closeDays (guards openDay)
	// logStart is when the counter log began (unix ms; set once at Open):
	// staff times are known for days from then on (staff.go).
	logStart int64
	hkDone   chan struct{}

	// prepared holds statements prepared once on the writer connection,
	// reused by every later transaction; toPrepare are the statements a
	// batch had to prepare for itself (writer goroutine only).
	prepared  map[string]*sql.Stmt
	toPrepare []string

	// slots caches the booking slots of each service and day (bookings.go).
	slots slotCache

	// onQueue, if set (tests only), runs in write before the write is
	// handed to the writer: a seam to commit something in between.
	onQueue atomic.Pointer[func()]
}

var _ store.Store = (*Store)(nil)

// Open opens (creating if needed) the database and applies migrations.
func Open(ctx context.Context, o Options) (*Store, error) {
	if o.Path == "" {
		return nil, errors.New("sqlite: no database path")
	}
	if o.Clock == nil {
		o.Clock = queue.SystemClock{}
	}
	if o.SessionTTL <= 0 {
		o.SessionTTL = 12 * time.Hour
	}
	if o.Synchronous == "" {
		o.Synchronous = "FULL"
	}
	if o.EventRetention <= 0 {
		o.EventRetention = 7 * 24 * time.Hour
	}
	if o.Housekeeping == 0 {
		o.Housekeeping = time.Second
	}
	if err := private(o.Path); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	dsn := func(writer bool, extra ...string) string {
		q := url.Values{}
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous("+o.Synchronous+")")
		q.Add("_pragma", "foreign_keys(1)")
		// Savepoint sub-journals in memory: one per grouped write.
		q.Add("_pragma", "temp_store(MEMORY)")
		for _, e := range extra {
			q.Add("_pragma", e)
		}
		if writer {
			// Take the write lock at BEGIN: no deadlock-prone upgrades.
			q.Set("_txlock", "immediate")
		}
		// A path is a URI here: '%', '?' and '#' must be escaped, or a
		// folder named "a#1" would silently open the file "a".
		return "file:" + uriPath.Replace(o.Path) + "?" + q.Encode()
	}
	w, err := sql.Open("sqlite", dsn(true))
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	// Readers map the file: after each commit they re-read changed pages
	// from the page cache instead of with a read call per page.
	r, err := sql.Open("sqlite", dsn(false, "query_only(1)", "mmap_size(268435456)"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	r.SetMaxOpenConns(4)
	r.SetMaxIdleConns(4)
	s := &Store{w: w, r: r, opts: o, clock: o.Clock, pub: o.Publisher,
		ops: make(chan *op), quit: make(chan struct{}), writerDone: make(chan struct{}), hkDone: make(chan struct{}),
		prepared: map[string]*sql.Stmt{}}
	go s.writer()
	if err := s.migrate(ctx); err != nil {
		close(s.hkDone)
		s.Close()
		return nil, err
	}
	if err := s.loadCatalog(ctx); err != nil {
		close(s.hkDone)
		s.Close()
		return nil, err
	}
	if s.staffed, err = staffedNow(ctx, s.w, s.clock.Now()); err != nil {
		close(s.hkDone)
		s.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	if s.avg, err = loadAverages(ctx, s.w); err != nil {
		close(s.hkDone)
		s.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	s.live.Store(&liveState{staffed: s.staffed, avg: s.avg})
	if err := s.startCounterLog(ctx); err != nil {
		close(s.hkDone)
		s.Close()
		return nil, fmt.Errorf("sqlite: counter log: %w", err)
	}
	go s.housekeeper()
	return s, nil
}

// private makes the database readable by the server's user only: a new
// folder is 0700, the file is created 0600 before SQLite opens it (SQLite
// gives its -wal and -shm files the database file's mode), and an existing
// database and its -wal/-shm lose any group or world access. It holds
// password hashes, token hashes and every citizen's ticket.
func private(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		return f.Close()
	}
	if !errors.Is(err, fs.ErrExist) {
		return err
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(p)
		if err != nil {
			continue
		}
		if st.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(p, st.Mode().Perm()&0o700); err != nil {
				return err
			}
		}
	}
	return nil
}

// SetPublisher wires the event hub after construction.
func (s *Store) SetPublisher(p store.Publisher) {
	s.pubMu.Lock()
	s.pub = p
	s.pubMu.Unlock()
}

// Close stops the writer and closes both connection pools.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { close(s.quit) })
	<-s.hkDone
	<-s.writerDone
	for _, st := range s.prepared {
		st.Close()
	}
	err := s.w.Close()
	if e := s.r.Close(); err == nil {
		err = e
	}
	return err
}

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("sqlite: migrations table: %w", err)
	}
	var have int
	if err := s.w.QueryRowContext(ctx, `SELECT COALESCE(MAX(version),0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("sqlite: schema version: %w", err)
	}
	if have > len(migrations) {
		return fmt.Errorf("sqlite: database schema v%d is newer than this server (v%d)", have, len(migrations))
	}
	for v := have + 1; v <= len(migrations); v++ {
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, migrations[v-1]); err != nil {
			tx.Rollback()
			return fmt.Errorf("sqlite: migration %d: %w", v, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)`, v, time.Now().UnixMilli()); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("sqlite: migration %d: %w", v, err)
		}
	}
	return nil
}

// pending is an event written in the current transaction.
type pending struct {
	ev   api.Event
	zone string
}

// wtx is a write transaction that collects the events it writes.
type wtx struct {
	*sql.Tx
	s      *Store
	ctx    context.Context
	events []pending
	after  []func() // run after commit, before events are published
	now    time.Time
	stmts  map[string]*sql.Stmt // prepared once per batch, shared by its writes

	// base is the batch's state before this write: the committed catalog
	// and staffing plus what earlier writes of the batch changed. A write
	// that changes them sets next; it becomes the next write's base and,
	// after commit, what readers see. So a decision taken inside a write
	// always sees every write committed before it, in the same batch too.
	base, next *batchState
}

// batchState is the cached state a write may decide on.
type batchState struct {
	cat     *catalog
	staffed map[string]bool // nil = unknown
	avg     map[string]avgSum
}

// catalog is the catalog as of this write.
func (t *wtx) catalog() *catalog {
	if t.next != nil {
		return t.next.cat
	}
	return t.base.cat
}

// staffedSet is the set of staffed counters as of this write.
func (t *wtx) staffedSet() (map[string]bool, error) {
	st := t.base.staffed
	if t.next != nil {
		st = t.next.staffed
	}
	if st != nil {
		return st, nil
	}
	return staffedNow(t.ctx, t, t.now)
}

// setCatalog makes c the catalog of the following writes and, after
// commit, of everyone.
func (t *wtx) setCatalog(c *catalog) {
	n := t.state()
	n.cat = c
}

func (t *wtx) state() *batchState {
	if t.next == nil {
		cp := *t.base
		t.next = &cp
	}
	return t.next
}

// emit stores an event in the transaction; it is published after commit.
func (t *wtx) emit(typ api.EventType, zone string, d api.EventData) error {
	d.Zone = zone
	if d.Ticket != nil && d.Ticket.OfficerID != "" {
		// Events reach displays, kiosks and phones: no staff identities.
		tk := *d.Ticket
		tk.OfficerID = ""
		d.Ticket = &tk
	}
	if d.At.IsZero() {
		d.At = t.now
	}
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	res, err := t.ExecContext(t.ctx, `INSERT INTO events(type, zone, data, at) VALUES (?,?,?,?)`,
		string(typ), zone, string(b), t.now.UnixMilli())
	if err != nil {
		return err
	}
	seq, err := res.LastInsertId()
	if err != nil {
		return err
	}
	t.events = append(t.events, pending{ev: api.Event{ID: seq, Type: typ, Data: b}, zone: zone})
	return nil
}

// op is one write waiting for the writer goroutine.
type op struct {
	ctx  context.Context
	fn   func(t *wtx) error
	t    *wtx
	err  error
	done chan struct{}
	// batch, when set, is run as one batch as given (tests of batches).
	batch []*op
}

// maxBatch bounds how many writes share one commit.
const maxBatch = 256

// write runs fn inside a write transaction and returns once that
// transaction is committed (fsync'd); only then are its events published.
//
// Writes are group-committed: the single writer goroutine takes every write
// waiting at that moment into one transaction, each inside its own
// SAVEPOINT (a failing write is rolled back alone), and commits them with
// one fsync. Every caller still hears back only after the commit, so
// durability is unchanged while the disk's sync rate stops capping the
// ticket rate.
func (s *Store) write(ctx context.Context, fn func(t *wtx) error) error {
	if f := s.onQueue.Load(); f != nil {
		(*f)()
	}
	o := &op{ctx: ctx, fn: fn, done: make(chan struct{})}
	select {
	case s.ops <- o:
	case <-s.quit:
		return &api.Error{Code: api.CodeUnavailable, Detail: "store is closed"}
	case <-ctx.Done():
		return &api.Error{Code: api.CodeUnavailable, Detail: "request cancelled"}
	}
	// Once queued the write may commit: wait for the truth, not the ctx.
	<-o.done
	return dbErr(o.err)
}

// writer owns the write connection.
func (s *Store) writer() {
	defer close(s.writerDone)
	for {
		var batch []*op
		select {
		case o := <-s.ops:
			if o.batch != nil {
				s.runBatch(o.batch)
				s.prepareNew()
				close(o.done)
				continue
			}
			batch = append(batch, o)
		case <-s.quit:
			return
		}
	more:
		for len(batch) < maxBatch {
			select {
			case o := <-s.ops:
				batch = append(batch, o)
			default:
				break more
			}
		}
		s.runBatch(batch)
		s.prepareNew()
	}
}

// maxPrepared bounds the statement cache (queries with IN lists of several
// lengths are distinct statements).
const maxPrepared = 512

// prepareNew prepares, outside any transaction, the statements the last
// batch met for the first time: SQLite's parser then runs once per
// statement, not once per transaction.
func (s *Store) prepareNew() {
	for _, q := range s.toPrepare {
		if _, ok := s.prepared[q]; ok || len(s.prepared) >= maxPrepared {
			continue
		}
		if st, err := s.w.PrepareContext(context.Background(), q); err == nil {
			s.prepared[q] = st
		}
	}
	s.toPrepare = s.toPrepare[:0]
}

func (s *Store) runBatch(batch []*op) {
	finish := func(err error) {
		for _, o := range batch {
			if o.err == nil {
				o.err = err
			}
			close(o.done)
		}
	}
	bg := context.Background()
	tx, err := s.w.BeginTx(bg, nil)
	if err != nil {
		finish(err)
		return
	}
	ok := 0
	stmts := map[string]*sql.Stmt{}
	cur := &batchState{cat: s.snapshot(), staffed: s.staffed, avg: s.avg}
	committed := cur
	for _, o := range batch {
		if err := o.ctx.Err(); err != nil {
			o.err = &api.Error{Code: api.CodeUnavailable, Detail: "request cancelled"}
			continue
		}
		if _, err := tx.ExecContext(bg, `SAVEPOINT op`); err != nil {
			o.err = err
			continue
		}
		o.t = &wtx{Tx: tx, s: s, ctx: bg, now: s.clock.Now().Truncate(time.Millisecond), stmts: stmts, base: cur}
		if err := o.fn(o.t); err != nil {
			o.err, o.t = err, nil
			if _, rerr := tx.ExecContext(bg, `ROLLBACK TO op`); rerr != nil {
				// The transaction is unusable: fail the whole batch.
				tx.Rollback()
				finish(rerr)
				return
			}
		}
		if _, err := tx.ExecContext(bg, `RELEASE op`); err != nil {
			tx.Rollback()
			finish(err)
			return
		}
		if o.t != nil {
			ok++
			if o.t.next != nil {
				cur = o.t.next
			}
		}
	}
	if ok == 0 {
		tx.Rollback()
		finish(nil)
		return
	}
	if err := tx.Commit(); err != nil {
		for _, o := range batch {
			o.t = nil
		}
		// What was announced is no longer known; the next staffing change
		// announces every counter.
		s.staffed = nil
		finish(err)
		return
	}
	if cur != committed {
		s.staffed, s.avg = cur.staffed, cur.avg
		s.live.Store(&liveState{staffed: cur.staffed, avg: cur.avg})
		if cur.cat != committed.cat {
			s.mu.Lock()
			s.cat = cur.cat
			s.mu.Unlock()
		}
	}
	var evs []api.Event
	var zones []string
	for _, o := range batch {
		if o.t == nil {
			continue
		}
		for _, fn := range o.t.after {
			fn()
		}
		for _, p := range o.t.events {
			evs = append(evs, p.ev)
			zones = append(zones, p.zone)
		}
	}
	s.pubMu.Lock()
	pub := s.pub
	s.pubMu.Unlock()
	if pub != nil && len(evs) > 0 {
		pub.Publish(evs, zones)
	}
	finish(nil)
}

// The statements of a write run on the batch's own context (a request
// cancelled half-way must not abort the statements of the others), and
// are prepared once per batch rather than once per use.
func (t *wtx) stmt(q string) (*sql.Stmt, error) {
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	var st *sql.Stmt
	if ps, ok := t.s.prepared[q]; ok {
		st = t.Tx.StmtContext(t.ctx, ps)
	} else {
		var err error
		if st, err = t.Tx.PrepareContext(t.ctx, q); err != nil {
			return nil, err
		}
		t.s.toPrepare = append(t.s.toPrepare, q)
	}
	if t.stmts != nil {
		t.stmts[q] = st
	}
	return st, nil
}

func (t *wtx) ExecContext(_ context.Context, q string, args ...any) (sql.Result, error) {
	st, err := t.stmt(q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(t.ctx, args...)
}

func (t *wtx) QueryContext(_ context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(t.ctx, args...)
}

func (t *wtx) QueryRowContext(_ context.Context, q string, args ...any) *sql.Row {
	st, err := t.stmt(q)
	if err != nil {
		// Let the error surface through Scan, as database/sql does.
		return t.Tx.QueryRowContext(t.ctx, q, args...)
	}
	return st.QueryRowContext(t.ctx, args...)
}

// dbErr passes *api.Error through and hides driver details otherwise.
func dbErr(err error) error {
	if err == nil {
		return nil
	}
	var ae *api.Error
	if errors.As(err, &ae) {
		return ae
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &api.Error{Code: api.CodeUnavailable, Detail: "request cancelled"}
	}
	return fmt.Errorf("sqlite: %w", err)
}

// ms converts a time to the stored unix milliseconds.
func ms(t time.Time) int64 { return t.UnixMilli() }

// nullMs converts a nullable stored time.
func nullMs(v sql.NullInt64, loc *time.Location) *time.Time {
	if !v.Valid {
		return nil
	}
	t := time.UnixMilli(v.Int64).In(loc)
	return &t
}

// Pragma reads a pragma on the writer connection (diagnostics, tests).
func (s *Store) Pragma(ctx context.Context, name string, dest any) error {
	return s.w.QueryRowContext(ctx, "PRAGMA "+name).Scan(dest)
}
