package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"antrean/shared/api"
	"antrean/shared/client"
)

// IssueOptions configure the ticket-issue benchmark.
type IssueOptions struct {
	Target
	Clients    int           // concurrent kiosk clients (default 50)
	Duration   time.Duration // load phase (default 10s)
	MaxTickets int           // hard cap on requests (default 1,000,000)
	CommitFor  time.Duration // raw commit-rate loop; 0 = skip
	// StartProfile/StopProfile bracket the load phase (CPU profile).
	StartProfile func() error
	StopProfile  func()
}

// IssueResult is what one issue run measured.
type IssueResult struct {
	Server     string
	Clients    int
	Services   int
	Elapsed    time.Duration
	Tickets    int // successful issues
	Errors     int
	ErrorCodes map[api.Code]int
	FirstError string
	Latency    Dist
	PerSecond  []int // tickets completed in each second of the run
	Sync       string
	// Numbering checks: from the responses (always) and from the SQLite
	// file (when the run owns the server).
	RespDuplicates, RespGaps int
	DBChecked                bool
	DBRows                   int
	DBProblems               []string
	// The machine's durable single-commit rate (0 when skipped).
	Commits    int
	CommitRate float64
	CPUs       int
}

// TicketsPerSec is the achieved issue rate.
func (r IssueResult) TicketsPerSec() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Tickets) / r.Elapsed.Seconds()
}

// Check fails the run on any error or numbering fault.
func (r IssueResult) Check() error {
	var p []string
	if r.Errors > 0 {
		p = append(p, fmt.Sprintf("%d failed requests (first: %s)", r.Errors, r.FirstError))
	}
	if r.Tickets == 0 {
		p = append(p, "no ticket issued")
	}
	if r.RespDuplicates > 0 || r.RespGaps > 0 {
		p = append(p, fmt.Sprintf("responses: %d duplicate and %d missing numbers", r.RespDuplicates, r.RespGaps))
	}
	p = append(p, r.DBProblems...)
	if len(p) > 0 {
		return fmt.Errorf("issue run failed: %s", strings.Join(p, "; "))
	}
	return nil
}

type issued struct {
	key string // service|day
	seq int
	id  string
}

// RunIssue runs the benchmark: N clients issue tickets as fast as the
// server answers for Duration, each request with a fresh idempotency key.
func RunIssue(ctx context.Context, o IssueOptions) (IssueResult, error) {
	if o.Clients <= 0 {
		o.Clients = 50
	}
	if o.Duration <= 0 {
		o.Duration = 10 * time.Second
	}
	if o.MaxTickets <= 0 {
		o.MaxTickets = 1_000_000
	}
	res := IssueResult{Server: o.Target.kind(), Sync: strings.ToUpper(o.Synchronous), Clients: o.Clients, ErrorCodes: map[api.Code]int{}, CPUs: runtime.GOMAXPROCS(0)}
	if _, err := raiseFDLimit(); err != nil {
		return res, fmt.Errorf("raise open-file limit: %w", err)
	}
	dir, err := os.MkdirTemp("", "antrean-loadtest-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(dir)

	_, site, err := benchSite()
	if err != nil {
		return res, err
	}
	var services []string
	start := map[string]int{}
	for _, s := range site.Services {
		if s.Active {
			services = append(services, s.ID)
			start[s.ID] = max(s.Start, 1)
		}
	}
	res.Services = len(services)

	srv, err := startServer(ctx, o.Target, dir)
	if err != nil {
		return res, err
	}
	defer srv.Stop()

	// One transport for all clients, with an idle connection per client,
	// so the run measures the server rather than connection set-up.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = o.Clients * 2
	tr.MaxIdleConnsPerHost = o.Clients * 2
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	newClient := func() *client.Client {
		// No retries: every failure is counted, none hidden.
		return client.New(client.Config{BaseURL: srv.URL, Token: kioskToken, Timeout: 10 * time.Second, Retries: -1, HTTPClient: hc})
	}
	// Warm-up: one ticket proves the server, token and site are right.
	if _, err := newClient().Health(ctx); err != nil {
		return res, fmt.Errorf("server at %s: %w", srv.URL, err)
	}

	var (
		mu      sync.Mutex
		lat     = make([]time.Duration, 0, 1<<16)
		tickets = make([]issued, 0, 1<<16)
		sent    int
	)
	take := func() bool {
		mu.Lock()
		defer mu.Unlock()
		if sent >= o.MaxTickets {
			return false
		}
		sent++
		return true
	}
	if o.StartProfile != nil {
		if err := o.StartProfile(); err != nil {
			return res, err
		}
	}
	perSec := make([]int, int(o.Duration/time.Second)+1)
	began := time.Now()
	end := began.Add(o.Duration)
	var wg sync.WaitGroup
	for w := 0; w < o.Clients; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			c := newClient()
			for i := 0; time.Now().Before(end) && ctx.Err() == nil && take(); i++ {
				sv := services[(w+i*o.Clients)%len(services)]
				t0 := time.Now()
				tk, err := c.IssueTicket(ctx, api.IssueRequest{ServiceID: sv}, client.NewIdempotencyKey())
				done := time.Now()
				d := done.Sub(t0)
				mu.Lock()
				if err != nil {
					res.Errors++
					res.ErrorCodes[api.CodeOf(err)]++
					if res.FirstError == "" {
						res.FirstError = err.Error()
					}
				} else {
					lat = append(lat, d)
					if sec := int(done.Sub(began) / time.Second); sec < len(perSec) {
						perSec[sec]++
					}
					tickets = append(tickets, issued{key: tk.ServiceID + "|" + tk.Day, seq: tk.Seq, id: tk.ID})
				}
				mu.Unlock()
			}
		}(w)
	}
	wg.Wait()
	res.Elapsed = time.Since(began)
	if o.StopProfile != nil {
		o.StopProfile()
	}
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	res.Tickets = len(tickets)
	res.Latency = distOf(lat)
	res.PerSecond = perSec
	res.RespDuplicates, res.RespGaps = checkResponses(tickets)

	if err := srv.Stop(); err != nil {
		return res, fmt.Errorf("stop server: %w", err)
	}
	if srv.DBPath != "" {
		res.DBChecked = true
		res.DBRows, res.DBProblems, err = checkDB(ctx, srv.DBPath, start, len(tickets))
		if err != nil {
			return res, fmt.Errorf("read tickets back: %w", err)
		}
	}
	if o.CommitFor > 0 {
		res.Commits, res.CommitRate, err = commitRate(ctx, filepath.Join(dir, "commit-rate.db"), o.CommitFor)
		if err != nil {
			return res, fmt.Errorf("commit-rate loop: %w", err)
		}
	}
	return res, nil
}

// checkResponses counts duplicate numbers and holes inside the range of
// numbers each service handed out in this run.
func checkResponses(ts []issued) (dups, gaps int) {
	by := map[string][]int{}
	ids := map[string]bool{}
	for _, t := range ts {
		by[t.key] = append(by[t.key], t.seq)
		if ids[t.id] {
			dups++
		}
		ids[t.id] = true
	}
	for _, seqs := range by {
		sort.Ints(seqs)
		for i := 1; i < len(seqs); i++ {
			switch d := seqs[i] - seqs[i-1]; {
			case d == 0:
				dups++
			case d > 1:
				gaps += d - 1
			}
		}
	}
	return dups, gaps
}

// checkDB reads every ticket back from the stopped server's SQLite file:
// per service and day the numbers must be exactly start..start+n-1, and
// the file must hold exactly the tickets the clients were given.
func checkDB(ctx context.Context, path string, start map[string]int, want int) (rows int, problems []string, err error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return 0, nil, err
	}
	defer db.Close()
	r, err := db.QueryContext(ctx, `SELECT service_id, day, seq FROM tickets WHERE transferred_from = '' ORDER BY service_id, day, seq`)
	if err != nil {
		return 0, nil, err
	}
	defer r.Close()
	next := map[string]int{}
	for r.Next() {
		var sv, day string
		var seq int
		if err := r.Scan(&sv, &day, &seq); err != nil {
			return rows, problems, err
		}
		rows++
		k := sv + "|" + day
		exp, ok := next[k]
		if !ok {
			exp = max(start[sv], 1)
		}
		if seq != exp && len(problems) < 10 {
			problems = append(problems, fmt.Sprintf("db: %s on %s has number %d where %d was due", sv, day, seq, exp))
		}
		next[k] = seq + 1
	}
	if err := r.Err(); err != nil {
		return rows, problems, err
	}
	if rows != want {
		problems = append(problems, fmt.Sprintf("db: %d tickets stored, %d acknowledged", rows, want))
	}
	return rows, problems, nil
}

// Print writes the table and the RESULT line.
func (r IssueResult) Print(w io.Writer) {
	fmt.Fprintf(w, "Durable ticket issue over HTTP (server %s, GOMAXPROCS %d)\n", r.Server, r.CPUs)
	if r.Sync != "" && r.Sync != "FULL" {
		fmt.Fprintf(w, "  DIAGNOSTIC            server store with synchronous=%s: NOT durable, not a product figure\n", r.Sync)
	}
	fmt.Fprintf(w, "  clients               %d (one fresh Idempotency-Key per request, %d services, no retries)\n", r.Clients, r.Services)
	fmt.Fprintf(w, "  duration              %.2f s\n", r.Elapsed.Seconds())
	fmt.Fprintf(w, "  tickets issued        %d\n", r.Tickets)
	fmt.Fprintf(w, "  tickets/s             %.0f\n", r.TicketsPerSec())
	fmt.Fprintf(w, "  per second            %v\n", r.PerSecond)
	fmt.Fprintf(w, "  latency ms            p50 %s  p90 %s  p99 %s  max %s\n", ms(r.Latency.P50), ms(r.Latency.P90), ms(r.Latency.P99), ms(r.Latency.Max))
	fmt.Fprintf(w, "  errors                %d", r.Errors)
	if r.Errors > 0 {
		fmt.Fprintf(w, " %v (first: %s)", r.ErrorCodes, r.FirstError)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  numbering (responses) %d duplicates, %d gaps\n", r.RespDuplicates, r.RespGaps)
	if r.DBChecked {
		verdict := "dense: every service 1..n, no gap, no duplicate"
		if len(r.DBProblems) > 0 {
			verdict = strings.Join(r.DBProblems, "; ")
		}
		fmt.Fprintf(w, "  numbering (SQLite)    %d tickets read back, %s\n", r.DBRows, verdict)
	} else {
		fmt.Fprintln(w, "  numbering (SQLite)    not checked (external server)")
	}
	if r.Commits > 0 {
		fmt.Fprintf(w, "  raw SQLite commits/s  %.0f (single-row INSERT per commit, WAL + synchronous=FULL, %d commits)\n", r.CommitRate, r.Commits)
	}
	dense := fmt.Sprint(len(r.DBProblems) == 0 && r.RespDuplicates == 0 && r.RespGaps == 0)
	if !r.DBChecked && dense == "true" {
		dense = "responses-only" // external server: its file is not ours to read
	}
	sync := r.Sync
	if sync == "" {
		sync = "FULL"
	}
	fmt.Fprintf(w, "RESULT issue server=%s synchronous=%s clients=%d seconds=%.2f tickets=%d tickets_per_s=%.0f p50_ms=%s p90_ms=%s p99_ms=%s max_ms=%s errors=%d dense=%s raw_commits_per_s=%.0f\n",
		strings.ReplaceAll(r.Server, " ", "-"), sync, r.Clients, r.Elapsed.Seconds(), r.Tickets, r.TicketsPerSec(),
		ms(r.Latency.P50), ms(r.Latency.P90), ms(r.Latency.P99), ms(r.Latency.Max), r.Errors, dense, r.CommitRate)
}
