// Package sqlite is the embedded default store: modernc.org/sqlite (pure Go,
// no cgo), WAL, synchronous=FULL so every acknowledged write is on disk.
package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
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
}

// Store implements store.Store on SQLite.
type Store struct {
	w, r  *sql.DB // one writer connection; a small pool of readers (WAL)
	opts  Options
	clock queue.Clock
	pub   store.Publisher

	// wmu serialises write transactions with the publication of their
	// events, so subscribers see events in sequence order.
	wmu sync.Mutex

	mu  sync.RWMutex // guards cat
	cat *catalog
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
	if err := os.MkdirAll(filepath.Dir(o.Path), 0o750); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	dsn := func(writer bool, extra ...string) string {
		q := url.Values{}
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous("+o.Synchronous+")")
		q.Add("_pragma", "foreign_keys(1)")
		for _, e := range extra {
			q.Add("_pragma", e)
		}
		if writer {
			// Take the write lock at BEGIN: no deadlock-prone upgrades.
			q.Set("_txlock", "immediate")
		}
		return "file:" + o.Path + "?" + q.Encode()
	}
	w, err := sql.Open("sqlite", dsn(true))
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	r, err := sql.Open("sqlite", dsn(false, "query_only(1)"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	r.SetMaxOpenConns(4)
	r.SetMaxIdleConns(4)
	s := &Store{w: w, r: r, opts: o, clock: o.Clock, pub: o.Publisher}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.loadCatalog(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// SetPublisher wires the event hub after construction.
func (s *Store) SetPublisher(p store.Publisher) {
	s.wmu.Lock()
	s.pub = p
	s.wmu.Unlock()
}

// Close closes both connection pools.
func (s *Store) Close() error {
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
}

// emit stores an event in the transaction; it is published after commit.
func (t *wtx) emit(typ api.EventType, zone string, d api.EventData) error {
	d.Zone = zone
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

// write runs fn in one immediate transaction; its events are published
// only once the commit (fsync'd) has succeeded.
func (s *Store) write(ctx context.Context, fn func(t *wtx) error) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return dbErr(err)
	}
	t := &wtx{Tx: tx, s: s, ctx: ctx, now: s.clock.Now().Truncate(time.Millisecond)}
	if err := fn(t); err != nil {
		tx.Rollback()
		return dbErr(err)
	}
	if err := tx.Commit(); err != nil {
		return dbErr(err)
	}
	for _, fn := range t.after {
		fn()
	}
	if s.pub != nil && len(t.events) > 0 {
		evs := make([]api.Event, len(t.events))
		zones := make([]string, len(t.events))
		for i, p := range t.events {
			evs[i], zones[i] = p.ev, p.zone
		}
		s.pub.Publish(evs, zones)
	}
	return nil
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
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.w.QueryRowContext(ctx, "PRAGMA "+name).Scan(dest)
}
