package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"antrean/server/config"
	"antrean/server/loadtest/sim"
	"antrean/server/queue"
	"antrean/server/serve"
	"antrean/server/store/sqlite"
	"antrean/shared/api"
)

// HistoryOptions configure the history benchmark.
type HistoryOptions struct {
	Days    int    // days of history before "today" (default 300)
	PerDay  int    // tickets per day (default 5000)
	Samples int    // requests per path and database (default 200; reports 1/10 of it)
	Dir     string // keep the databases here (a filled one is reused); default a temp dir
	Seed    uint64
	// FillSync is SQLite's synchronous mode while filling (default OFF:
	// the fill is not a measurement); every measurement runs FULL.
	FillSync string
	Backup   bool // also time an online backup of the filled database under load
	Log      io.Writer
}

// PathResult is one path measured on both databases.
type PathResult struct {
	Name          string
	Empty, Filled Dist
}

// Ratio is filled p50 / empty p50.
func (p PathResult) Ratio() float64 {
	if p.Empty.P50 <= 0 {
		return 0
	}
	return float64(p.Filled.P50) / float64(p.Empty.P50)
}

// HistoryResult is what a history run measured.
type HistoryResult struct {
	Days, PerDay int
	Tickets      int64 // ticket rows in the filled database
	Events       int64
	FileBytes    int64 // main file after a checkpoint
	FillTime     time.Duration
	FillReused   bool
	FillSync     string
	FillOps      int
	Startup      time.Duration // opening the filled database to serving
	StartupEmpty time.Duration
	Paths        []PathResult
	BackupTime   time.Duration
	BackupBytes  int64
	BackupCheck  string
	BackupIssue  Dist // ticket issue latency while the backup ran
	BackupRows   int64
	Load1        string // /proc/loadavg at the start of the measurement
	Load2        string // and at its end
	Today        string
	GOMAXPROCS   int
	TodayIssued  int
	SimTotals    sim.Totals
}

// live paths: target median within 3× of empty and ≤ 25 ms; reports:
// 30 days ≤ 300 ms, 365 days ≤ 1 s.
var historyTargets = map[string]time.Duration{
	"reports/summary 30d": 300 * time.Millisecond, "reports/summary 365d": time.Second,
	"reports/hourly 30d": 300 * time.Millisecond, "reports/hourly 365d": time.Second,
	"reports/ikm 30d": 300 * time.Millisecond, "reports/ikm 365d": time.Second,
	"reports/staff 30d": 300 * time.Millisecond, "reports/staff 365d": time.Second,
	"reports/daily 365d": time.Second, "reports/waits 365d": time.Second,
	"charts/arrivals (8 weeks)": 300 * time.Millisecond, "charts/waits 365d": time.Second,
	"charts/service-level 365d": time.Second, "charts/ikm 365d": time.Second, "charts/staff 365d": time.Second,
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func (o *HistoryOptions) logf(format string, args ...any) {
	if o.Log != nil {
		fmt.Fprintf(o.Log, format+"\n", args...)
	}
}

// RunHistory fills a database with Days days of PerDay tickets through the
// real store code (sim), then measures every live path and the reports
// over loopback HTTP against it and against an empty database, both with
// the same morning of "today" played first.
func RunHistory(ctx context.Context, o HistoryOptions) (HistoryResult, error) {
	if o.Days <= 0 {
		o.Days = 300
	}
	if o.PerDay <= 0 {
		o.PerDay = 5000
	}
	if o.Samples <= 0 {
		o.Samples = 200
	}
	if o.FillSync == "" {
		o.FillSync = "OFF"
	}
	o.FillSync = strings.ToUpper(o.FillSync)
	res := HistoryResult{Days: o.Days, PerDay: o.PerDay, FillSync: o.FillSync, GOMAXPROCS: runtime.GOMAXPROCS(0)}
	dir := o.Dir
	if dir == "" {
		d, err := os.MkdirTemp("", "antrean-history-")
		if err != nil {
			return res, err
		}
		defer os.RemoveAll(d)
		dir = d
	} else if err := os.MkdirAll(dir, 0o750); err != nil {
		return res, err
	}
	_, site, err := benchSite()
	if err != nil {
		return res, err
	}
	loc, err := time.LoadLocation(site.Site.Timezone)
	if err != nil {
		return res, err
	}
	// "Today" is a fixed Thursday; the history is the days before it.
	today := time.Date(2027, 3, 18, 0, 0, 0, 0, loc)
	res.Today = today.Format("2006-01-02")
	filled := filepath.Join(dir, fmt.Sprintf("filled-%dx%d-seed%d.db", o.Days, o.PerDay, o.Seed))
	empty := filepath.Join(dir, "empty.db")
	for _, p := range []string{empty, empty + "-wal", empty + "-shm"} {
		os.Remove(p)
	}

	if _, err := os.Stat(filled); err == nil {
		res.FillReused = true
		o.logf("reusing %s", filled)
	} else {
		tmp := filled + ".partial"
		for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
			os.Remove(p)
		}
		began := time.Now()
		ops, err := fillHistory(ctx, o, site, tmp, today)
		if err != nil {
			return res, fmt.Errorf("fill: %w", err)
		}
		res.FillTime, res.FillOps = time.Since(began), ops
		for _, suf := range []string{"", "-wal", "-shm"} {
			if _, err := os.Stat(tmp + suf); err == nil {
				if err := os.Rename(tmp+suf, filled+suf); err != nil {
					return res, err
				}
			}
		}
	}

	// Measure on a copy: today's morning and the probes must not stay in
	// a filled database that a later run reuses.
	work := filepath.Join(dir, "measured.db")
	for _, p := range []string{work, work + "-wal", work + "-shm"} {
		os.Remove(p)
	}
	defer func() {
		for _, p := range []string{work, work + "-wal", work + "-shm"} {
			os.Remove(p)
		}
	}()
	if err := copyFile(filled, work); err != nil {
		return res, err
	}
	res.Load1 = loadavg()
	o.logf("measuring (load %s)", res.Load1)
	for i, db := range []string{empty, work} {
		m, err := measure(ctx, o, site, db, today)
		if err != nil {
			return res, fmt.Errorf("measure %s: %w", filepath.Base(db), err)
		}
		if i == 0 {
			res.StartupEmpty = m.startup
			for _, p := range m.paths {
				res.Paths = append(res.Paths, PathResult{Name: p.name, Empty: p.dist})
			}
			continue
		}
		res.Startup, res.TodayIssued, res.SimTotals = m.startup, m.todayIssued, m.totals
		for j, p := range m.paths {
			res.Paths[j].Filled = p.dist
		}
		res.Tickets, res.Events, res.FileBytes = m.tickets, m.events, m.fileBytes
		res.BackupTime, res.BackupBytes, res.BackupCheck, res.BackupIssue, res.BackupRows = m.backupTime, m.backupBytes, m.backupCheck, m.backupIssue, m.backupRows
	}
	res.Load2 = loadavg()
	return res, nil
}

// fillHistory plays Days days before today into a new database.
func fillHistory(ctx context.Context, o HistoryOptions, site *config.File, path string, today time.Time) (int, error) {
	clk := queue.NewFixedClock(today.AddDate(0, 0, -o.Days))
	st, err := sqlite.Open(ctx, sqlite.Options{Path: path, Clock: clk, BcryptCost: bcrypt.MinCost, Synchronous: o.FillSync, Housekeeping: -1})
	if err != nil {
		return 0, err
	}
	defer st.Close()
	if err := st.Seed(ctx, site); err != nil {
		return 0, err
	}
	// Everything due within 10 s of simulated time runs together: the
	// store group-commits it, which makes the fill several times faster.
	s, err := sim.New(sim.Config{Store: st, Clock: clk, Site: site, PerDay: o.PerDay, Seed: o.Seed, Slice: 10 * time.Second})
	if err != nil {
		return 0, err
	}
	began := time.Now()
	for d := o.Days; d >= 1; d-- {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		if err := s.Day(ctx, today.AddDate(0, 0, -d)); err != nil {
			return 0, err
		}
		if done := o.Days - d + 1; done%10 == 0 || done == o.Days {
			el := time.Since(began)
			o.logf("  filled %d/%d days, %d tickets, %.0f s (%.0f writes/s), ~%.0f s left", done, o.Days, s.Totals.Issued,
				el.Seconds(), float64(s.Totals.Ops)/el.Seconds(), el.Seconds()/float64(done)*float64(o.Days-done))
		}
	}
	// Close the last day (the measurement's start-up would otherwise do it
	// and count it as start-up time).
	clk.Set(today.Add(7 * time.Hour))
	return s.Totals.Ops, st.Housekeep(ctx)
}

type measured struct {
	name string
	dist Dist
}

type measurement struct {
	startup                    time.Duration
	paths                      []measured
	tickets, events, fileBytes int64
	todayIssued                int
	totals                     sim.Totals
	backupTime                 time.Duration
	backupBytes, backupRows    int64
	backupCheck                string
	backupIssue                Dist
}

// measure opens db durably as a server, plays today's morning and times
// every path.
func measure(ctx context.Context, o HistoryOptions, site *config.File, db string, today time.Time) (measurement, error) {
	var m measurement
	clk := queue.NewSteppingClock(today.Add(7*time.Hour+55*time.Minute), time.Millisecond)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	began := time.Now()
	inst, err := serve.New(ctx, serve.Config{DBPath: db, Site: site, Clock: clk, BcryptCost: bcrypt.MinCost, Logger: logger, Housekeeping: -1})
	if err != nil {
		return m, err
	}
	m.startup = time.Since(began)
	defer inst.Close()
	// Today's morning, 08:00–10:00 at the day's rate (2 of 7.5 issuing
	// hours), through the store.
	s, err := sim.New(sim.Config{Store: inst.Store, Clock: clk, Site: site, PerDay: o.PerDay * 2 * 60 / 450, Seed: o.Seed + 7,
		Open: 8 * time.Hour, LastIssue: 10 * time.Hour, Close: 10 * time.Hour})
	if err != nil {
		return m, err
	}
	if err := s.Day(ctx, today); err != nil {
		return m, fmt.Errorf("today's morning: %w", err)
	}
	m.todayIssued, m.totals = s.Totals.Issued, s.Totals
	clk.Set(today.Add(10 * time.Hour))

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return m, err
	}
	hs := &http.Server{Handler: inst.Handler}
	go hs.Serve(ln)
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	h := &httpc{base: base, c: &http.Client{Timeout: 30 * time.Second}}

	var sess api.Session
	if err := h.do(ctx, "POST", "/v1/sessions", "", api.SessionRequest{Username: "petugas1", Password: "demo123", CounterID: "loket-1"}, &sess); err != nil {
		return m, err
	}
	var adm api.Session
	if err := h.do(ctx, "POST", "/v1/sessions", "", api.SessionRequest{Username: "admin", Password: "admin-demo"}, &adm); err != nil {
		return m, err
	}
	// A waiting ticket for the public paths.
	var tk api.Ticket
	if err := h.do(ctx, "POST", "/v1/tickets", kioskToken, api.IssueRequest{ServiceID: "kk"}, &tk, "Idempotency-Key", "history-probe"); err != nil {
		return m, err
	}
	day := func(d int) string { return today.AddDate(0, 0, d).Format("2006-01-02") }
	n := o.Samples
	rn := max(n/10, 5)
	var k int
	type path struct {
		name string
		n    int
		fn   func() error
	}
	paths := []path{
		{"GET /v1/catalog", n, func() error { return h.do(ctx, "GET", "/v1/catalog", kioskToken, nil, nil) }},
		{"GET /v1/board", n, func() error { return h.do(ctx, "GET", "/v1/board", displayToken, nil, nil) }},
		{"GET /v1/counters/{id}", n, func() error { return h.do(ctx, "GET", "/v1/counters/loket-1", sess.Token, nil, nil) }},
		{"GET /v1/tickets/{id}", n, func() error { return h.do(ctx, "GET", "/v1/tickets/"+tk.ID, "", nil, nil) }},
		{"GET /t/{id} (phone page)", n, func() error { return h.do(ctx, "GET", "/t/"+tk.ID, "", nil, nil) }},
		{"POST /v1/tickets", n, func() error {
			k++
			return h.do(ctx, "POST", "/v1/tickets", kioskToken, api.IssueRequest{ServiceID: "akta"}, nil, "Idempotency-Key", fmt.Sprintf("history-%d", k))
		}},
		{"POST /v1/counters/{id}/call-next", n, nil}, // below: untimed no-show between calls
		{"reports/summary 30d", rn, func() error {
			return h.do(ctx, "GET", "/v1/reports/summary?group=service&from="+day(-29)+"&to="+day(0), adm.Token, nil, nil)
		}},
		{"reports/summary 365d", rn, func() error {
			return h.do(ctx, "GET", "/v1/reports/summary?group=service&from="+day(-364)+"&to="+day(0), adm.Token, nil, nil)
		}},
		{"reports/hourly 30d", rn, func() error {
			return h.do(ctx, "GET", "/v1/reports/hourly?group=agency&from="+day(-29)+"&to="+day(0), adm.Token, nil, nil)
		}},
		{"reports/hourly 365d", rn, func() error {
			return h.do(ctx, "GET", "/v1/reports/hourly?group=agency&from="+day(-364)+"&to="+day(0), adm.Token, nil, nil)
		}},
		{"reports/ikm 30d", rn, func() error {
			return h.do(ctx, "GET", "/v1/reports/ikm?group=service&from="+day(-29)+"&to="+day(0), adm.Token, nil, nil)
		}},
		{"reports/ikm 365d", rn, func() error {
			return h.do(ctx, "GET", "/v1/reports/ikm?group=service&from="+day(-364)+"&to="+day(0), adm.Token, nil, nil)
		}},
		// Issue 17: staff figures, per-day figures and the admin page's charts.
		{"reports/staff 30d", rn, func() error {
			return h.do(ctx, "GET", "/v1/reports/staff?group=officer&period=week&from="+day(-29)+"&to="+day(0), adm.Token, nil, nil)
		}},
		{"reports/staff 365d", rn, func() error {
			return h.do(ctx, "GET", "/v1/reports/staff?group=officer&from="+day(-364)+"&to="+day(0), adm.Token, nil, nil)
		}},
		{"reports/daily 365d", rn, func() error {
			return h.do(ctx, "GET", "/v1/reports/daily?group=service&from="+day(-364)+"&to="+day(0), adm.Token, nil, nil)
		}},
		{"reports/waits 365d", rn, func() error {
			return h.do(ctx, "GET", "/v1/reports/waits?from="+day(-364)+"&to="+day(0), adm.Token, nil, nil)
		}},
		{"charts/arrivals (8 weeks)", rn, func() error { return h.do(ctx, "GET", "/v1/charts/arrivals.svg", adm.Token, nil, nil) }},
		{"charts/waits 365d", rn, func() error {
			return h.do(ctx, "GET", "/v1/charts/waits.svg?from="+day(-364)+"&to="+day(0), adm.Token, nil, nil)
		}},
		{"charts/service-level 365d", rn, func() error {
			return h.do(ctx, "GET", "/v1/charts/service-level.svg?from="+day(-364)+"&to="+day(0), adm.Token, nil, nil)
		}},
		{"charts/ikm 365d", rn, func() error {
			return h.do(ctx, "GET", "/v1/charts/ikm.svg?from="+day(-364)+"&to="+day(0), adm.Token, nil, nil)
		}},
		{"charts/staff 365d", rn, func() error {
			return h.do(ctx, "GET", "/v1/charts/staff.svg?from="+day(-364)+"&to="+day(0), adm.Token, nil, nil)
		}},
	}
	for _, p := range paths {
		var lat []time.Duration
		if p.fn == nil { // call-next: time the call, clear the counter untimed
			// Finish what the morning left at loket-1 first.
			if v, err := viewOf(ctx, h, sess.Token); err == nil && v.Current != nil {
				h.do(ctx, "POST", "/v1/tickets/"+v.Current.ID+"/"+map[bool]string{true: "finish", false: "no-show"}[v.Current.State == api.StateServing], sess.Token, nil, nil)
			}
			for i := 0; i < p.n; i++ {
				if i%2 == 0 { // keep someone waiting at loket-1
					k++
					h.do(ctx, "POST", "/v1/tickets", kioskToken, api.IssueRequest{ServiceID: "ktp-el"}, nil, "Idempotency-Key", fmt.Sprintf("history-cn-%d", k))
				}
				var called api.Ticket
				t0 := time.Now()
				err := h.do(ctx, "POST", "/v1/counters/loket-1/call-next", sess.Token, nil, &called)
				lat = append(lat, time.Since(t0))
				if err != nil {
					return m, fmt.Errorf("%s: %w", p.name, err)
				}
				if called.ID != "" {
					if err := h.do(ctx, "POST", "/v1/tickets/"+called.ID+"/no-show", sess.Token, nil, nil); err != nil {
						return m, err
					}
				}
			}
			m.paths = append(m.paths, measured{p.name, distOf(lat)})
			continue
		}
		if err := p.fn(); err != nil { // warm-up, and proof the path works
			return m, fmt.Errorf("%s: %w", p.name, err)
		}
		for i := 0; i < p.n; i++ {
			t0 := time.Now()
			if err := p.fn(); err != nil {
				return m, fmt.Errorf("%s: %w", p.name, err)
			}
			lat = append(lat, time.Since(t0))
		}
		m.paths = append(m.paths, measured{p.name, distOf(lat)})
	}

	if err := countRows(ctx, db, &m); err != nil {
		return m, err
	}
	if o.Backup && filepath.Base(db) == "measured.db" {
		if err := backupUnderLoad(ctx, h, db, &m); err != nil {
			return m, err
		}
	}
	return m, nil
}

func viewOf(ctx context.Context, h *httpc, tok string) (api.CounterView, error) {
	var v api.CounterView
	err := h.do(ctx, "GET", "/v1/counters/loket-1", tok, nil, &v)
	return v, err
}

// copyFile copies a closed database file (no -wal: it was checkpointed
// when the store closed).
func copyFile(from, to string) error {
	if fi, err := os.Stat(from + "-wal"); err == nil && fi.Size() > 0 {
		return fmt.Errorf("%s has a write-ahead log: open and close it once first", from)
	}
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// countRows reads the size of the database (main file after a checkpoint).
func countRows(ctx context.Context, path string, m *measurement) error {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return err
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM tickets`).Scan(&m.tickets); err != nil {
		return err
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM events`).Scan(&m.events); err != nil {
		return err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	m.fileBytes = fi.Size()
	return nil
}

// backupUnderLoad writes an online backup (the server's --backup) of the
// filled database while a kiosk keeps issuing tickets, then checks it.
func backupUnderLoad(ctx context.Context, h *httpc, db string, m *measurement) error {
	out := db + ".backup"
	os.Remove(out)
	defer os.Remove(out)
	done := make(chan struct{})
	var lat []time.Duration
	var loadErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			default:
			}
			t0 := time.Now()
			if err := h.do(ctx, "POST", "/v1/tickets", kioskToken, api.IssueRequest{ServiceID: "akta"}, nil, "Idempotency-Key", fmt.Sprintf("history-backup-%d", i)); err != nil {
				loadErr = err
				return
			}
			lat = append(lat, time.Since(t0))
			time.Sleep(20 * time.Millisecond)
		}
	}()
	t0 := time.Now()
	err := sqlite.Backup(ctx, db, out)
	m.backupTime = time.Since(t0)
	close(done)
	wg.Wait()
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if loadErr != nil {
		return fmt.Errorf("issue during backup: %w", loadErr)
	}
	m.backupIssue = distOf(lat)
	fi, err := os.Stat(out)
	if err != nil {
		return err
	}
	m.backupBytes = fi.Size()
	b, err := sql.Open("sqlite", "file:"+out+"?mode=ro")
	if err != nil {
		return err
	}
	defer b.Close()
	if err := b.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&m.backupCheck); err != nil {
		return err
	}
	return b.QueryRowContext(ctx, `SELECT COUNT(*) FROM tickets`).Scan(&m.backupRows)
}

// httpc is a bare JSON client: every request timed the same way.
type httpc struct {
	base string
	c    *http.Client
}

func (h *httpc) do(ctx context.Context, method, path, token string, body, out any, hdr ...string) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = strings.NewReader(string(b))
	}
	req, err := http.NewRequestWithContext(ctx, method, h.base+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := h.c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, strings.TrimSpace(string(b)))
	}
	if out != nil && len(b) > 0 {
		return json.Unmarshal(b, out)
	}
	return nil
}

// Check holds the run to the targets of issue 11.
func (r HistoryResult) Check() error {
	var p []string
	for _, x := range r.Paths {
		if lim, ok := historyTargets[x.Name]; ok {
			if x.Filled.P50 > lim {
				p = append(p, fmt.Sprintf("%s: median %s ms > %s ms", x.Name, ms(x.Filled.P50), ms(lim)))
			}
			continue
		}
		if x.Filled.P50 > 25*time.Millisecond {
			p = append(p, fmt.Sprintf("%s: median %s ms > 25 ms", x.Name, ms(x.Filled.P50)))
		}
		// Within 3× of empty; sub-millisecond medians get 1 ms of slack
		// (timer and scheduling noise on a shared machine).
		if x.Filled.P50 > 3*x.Empty.P50+time.Millisecond {
			p = append(p, fmt.Sprintf("%s: median %s ms is %.1f× the empty database's %s ms", x.Name, ms(x.Filled.P50), x.Ratio(), ms(x.Empty.P50)))
		}
	}
	if r.BackupCheck != "" && r.BackupCheck != "ok" {
		p = append(p, "backup quick_check: "+r.BackupCheck)
	}
	if len(p) > 0 {
		return fmt.Errorf("history run misses its targets: %s", strings.Join(p, "; "))
	}
	return nil
}

// Print writes the table and the RESULT line.
func (r HistoryResult) Print(w io.Writer) {
	fmt.Fprintf(w, "History benchmark: %d days × %d tickets before %s, then the same morning of today on an empty and on the filled database\n", r.Days, r.PerDay, r.Today)
	fmt.Fprintf(w, "  GOMAXPROCS %d, load average %s at the start, %s at the end\n", r.GOMAXPROCS, r.Load1, r.Load2)
	if r.FillReused {
		fmt.Fprintln(w, "  fill                  reused an existing filled database")
	} else {
		fmt.Fprintf(w, "  fill                  %.0f s, %d store writes (%.0f/s) through the real store code, synchronous=%s (fill only; every measurement below runs FULL)\n",
			r.FillTime.Seconds(), r.FillOps, float64(r.FillOps)/r.FillTime.Seconds(), r.FillSync)
	}
	fmt.Fprintf(w, "  filled database       %d ticket rows, %d events kept, %.1f MB, %.0f bytes per ticket\n",
		r.Tickets, r.Events, float64(r.FileBytes)/(1<<20), float64(r.FileBytes)/float64(max(r.Tickets, 1)))
	fmt.Fprintf(w, "  start-up              empty %s ms, filled %s ms (open, migrate, close past days, serve)\n", ms(r.StartupEmpty), ms(r.Startup))
	fmt.Fprintf(w, "  today before measuring %d tickets issued 08:00–10:00 (%+v)\n", r.TodayIssued, r.SimTotals)
	fmt.Fprintf(w, "  %-34s %10s %10s %10s %10s %7s\n", "path (loopback HTTP)", "empty p50", "filled p50", "empty p90", "filled p90", "ratio")
	for _, p := range r.Paths {
		fmt.Fprintf(w, "  %-34s %10s %10s %10s %10s %6.2f×\n", p.Name, ms(p.Empty.P50), ms(p.Filled.P50), ms(p.Empty.P90), ms(p.Filled.P90), p.Ratio())
	}
	if r.BackupTime > 0 {
		fmt.Fprintf(w, "  online backup         %.1f s for %.1f MB (VACUUM INTO while a kiosk issued: p50 %s ms, p99 %s ms, max %s ms over %d tickets); copy quick_check=%s, %d tickets\n",
			r.BackupTime.Seconds(), float64(r.BackupBytes)/(1<<20), ms(r.BackupIssue.P50), ms(r.BackupIssue.P99), ms(r.BackupIssue.Max), r.BackupIssue.N, r.BackupCheck, r.BackupRows)
	}
	var parts []string
	for _, p := range r.Paths {
		key := strings.NewReplacer(" ", "_", "/", "_", "{", "", "}", "", "(", "", ")", "").Replace(strings.ToLower(p.Name))
		parts = append(parts, fmt.Sprintf("%s=%s/%s", strings.Trim(key, "_"), ms(p.Empty.P50), ms(p.Filled.P50)))
	}
	sort.Strings(parts)
	fmt.Fprintf(w, "RESULT history days=%d per_day=%d tickets=%d bytes_per_ticket=%.0f startup_ms=%s %s\n",
		r.Days, r.PerDay, r.Tickets, float64(r.FileBytes)/float64(max(r.Tickets, 1)), ms(r.Startup), strings.Join(parts, " "))
}
