package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"antrean/assets"
	"antrean/server/config"
	"antrean/shared/api"
	"antrean/shared/client"
	"antrean/shared/stream"
)

// Demo credentials of assets/sites/pariaman.toml.
const (
	kioskToken      = "kiosk-demo"
	displayToken    = "display-demo"
	officerPassword = "demo123"
)

// StreamOptions configure the event-stream benchmark.
type StreamOptions struct {
	Target
	Clients int           // connected SSE clients (default 500)
	Calls   int           // call-next/no-show cycles (default 200)
	Pace    time.Duration // interval between call-next requests (default 20ms)
	Officer string        // default petugas1
	Counter string        // default loket-1
}

// StreamResult is what one stream run measured.
type StreamResult struct {
	Server      string
	Clients     int
	Connected   int
	Calls       int // successful call-next requests
	CallErrors  int
	FirstError  string
	Service     string
	Elapsed     time.Duration // the call phase
	Deliveries  int           // (call × client) pairs received
	Missing     int           // (call × client) pairs never received
	Reconnects  int
	StreamErrs  int
	FromCommit  Dist // receipt − EventData.At (server write-transaction time, ms-truncated)
	FromRequest Dist // receipt − moment the call-next request was sent
	CallRTT     Dist // call-next HTTP round trip
	RSS, HWM    int64
	RSSIdle     int64 // after the clients connected, before the calls
	RSSNote     string
	PID         int
	FDLimit     uint64
}

// Check fails the run on a failed call, an unconnected client or a
// missing delivery.
func (r StreamResult) Check() error {
	var p []string
	if r.CallErrors > 0 {
		p = append(p, fmt.Sprintf("%d failed officer requests (first: %s)", r.CallErrors, r.FirstError))
	}
	if r.Connected < r.Clients {
		p = append(p, fmt.Sprintf("only %d of %d clients connected", r.Connected, r.Clients))
	}
	if r.Missing > 0 {
		p = append(p, fmt.Sprintf("%d deliveries missing", r.Missing))
	}
	if r.Calls == 0 {
		p = append(p, "no call made")
	}
	if len(p) > 0 {
		return fmt.Errorf("stream run failed: %s", strings.Join(p, "; "))
	}
	return nil
}

// receiver is one display client's record; written only by its stream's
// callback goroutine, read after that goroutine ended.
type receiver struct {
	called     atomic.Int64 // ticket.called events received (polled while running)
	connected  atomic.Bool
	reconnects atomic.Int64
	errs       atomic.Int64
	got        map[int64]time.Time // event id → receipt time (ticket.called only)
}

// RunStream runs the benchmark: K display clients follow /v1/events while
// one officer calls and no-shows M tickets at a steady pace.
func RunStream(ctx context.Context, o StreamOptions) (StreamResult, error) {
	if o.Clients <= 0 {
		o.Clients = 500
	}
	if o.Calls <= 0 {
		o.Calls = 200
	}
	if o.Pace <= 0 {
		o.Pace = 20 * time.Millisecond
	}
	if o.Officer == "" {
		o.Officer = "petugas1"
	}
	if o.Counter == "" {
		o.Counter = "loket-1"
	}
	res := StreamResult{Server: o.Target.kind(), Clients: o.Clients}
	var err error
	if res.FDLimit, err = raiseFDLimit(); err != nil {
		return res, fmt.Errorf("raise open-file limit: %w", err)
	}
	if need := uint64(2*o.Clients + 100); o.Target.kind() == "in-process" && res.FDLimit < need {
		return res, fmt.Errorf("open-file limit %d is below the %d this run needs (ulimit -n)", res.FDLimit, need)
	}
	svc, err := serviceFor(o.Counter)
	if err != nil {
		return res, err
	}
	res.Service = svc
	dir, err := os.MkdirTemp("", "antrean-loadtest-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(dir)
	srv, err := startServer(ctx, o.Target, dir)
	if err != nil {
		return res, err
	}
	defer srv.Stop()
	res.PID = srv.PID
	switch {
	case srv.PID == os.Getpid():
		res.RSSNote = "process RSS incl. the clients (in-process server)"
	case srv.PID > 0:
		res.RSSNote = "server child process alone"
	default:
		res.RSSNote = "external server: not measured"
	}

	// Tickets to call, issued before any client connects.
	kiosk := client.New(client.Config{BaseURL: srv.URL, Token: kioskToken, Timeout: 10 * time.Second})
	for i := 0; i < o.Calls; i++ {
		if _, err := kiosk.IssueTicket(ctx, api.IssueRequest{ServiceID: svc}, client.NewIdempotencyKey()); err != nil {
			return res, fmt.Errorf("issue ticket %d for %s: %w", i+1, svc, err)
		}
	}
	officer := client.New(client.Config{BaseURL: srv.URL, Timeout: 10 * time.Second, Retries: -1})
	if _, err := officer.Login(ctx, api.SessionRequest{Username: o.Officer, Password: officerPassword, CounterID: o.Counter}); err != nil {
		return res, fmt.Errorf("login %s at %s: %w", o.Officer, o.Counter, err)
	}
	display := client.New(client.Config{BaseURL: srv.URL, Token: displayToken, Timeout: 10 * time.Second})
	board, err := display.Board(ctx, "")
	if err != nil {
		return res, fmt.Errorf("board: %w", err)
	}

	// The clients: one transport, one connection each (streams never idle
	// back into the pool), no client-side timeout on a long-lived stream.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = o.Clients
	hc := &http.Client{Transport: tr}
	sctx, stopStreams := context.WithCancel(ctx)
	defer stopStreams()
	recv := make([]*receiver, o.Clients)
	var wg sync.WaitGroup
	for i := range recv {
		r := &receiver{got: make(map[int64]time.Time, o.Calls)}
		recv[i] = r
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = stream.Run(sctx, stream.Options{
				BaseURL: srv.URL, Token: displayToken, Since: board.Seq, HTTPClient: hc,
				MinBackoff: 100 * time.Millisecond, MaxBackoff: time.Second,
				OnEvent: func(ev api.Event) {
					if ev.Type == api.EventTicketCalled {
						r.got[ev.ID] = time.Now()
						r.called.Add(1)
					}
				},
				OnState: func(s stream.State) {
					if s == stream.Connected && r.connected.Swap(true) {
						r.reconnects.Add(1)
					}
				},
				OnError: func(error) { r.errs.Add(1) },
			})
		}()
	}
	defer func() { stopStreams(); wg.Wait(); tr.CloseIdleConnections() }()
	if err := waitFor(ctx, 60*time.Second, func() bool { return countIf(recv, func(r *receiver) bool { return r.connected.Load() }) == o.Clients }); err != nil {
		res.Connected = countIf(recv, func(r *receiver) bool { return r.connected.Load() })
		return res, fmt.Errorf("%d of %d stream clients connected: %w", res.Connected, o.Clients, err)
	}
	res.Connected = o.Clients
	time.Sleep(200 * time.Millisecond) // let the server settle after the connection burst
	if srv.PID > 0 {
		res.RSSIdle, _, _ = procStatus(srv.PID)
	}

	// The calls: each call-next is followed by a no-show, so the counter is
	// free for the next; requests start every Pace.
	type call struct {
		ticket string
		sent   time.Time
	}
	calls := make([]call, 0, o.Calls)
	var rtt []time.Duration
	fail := func(err error) {
		res.CallErrors++
		if res.FirstError == "" {
			res.FirstError = err.Error()
		}
	}
	began := time.Now()
	for i := 0; i < o.Calls && ctx.Err() == nil; i++ {
		if d := time.Until(began.Add(time.Duration(i) * o.Pace)); d > 0 {
			time.Sleep(d)
		}
		t0 := time.Now()
		tk, err := officer.CallNext(ctx, o.Counter)
		if err == nil && tk == nil {
			err = errors.New("call-next: nobody waiting")
		}
		if err != nil {
			fail(err)
			continue
		}
		rtt = append(rtt, time.Since(t0))
		calls = append(calls, call{ticket: tk.ID, sent: t0})
		if _, err := officer.NoShow(ctx, tk.ID); err != nil {
			fail(fmt.Errorf("no-show %s: %w", tk.Number, err))
		}
	}
	res.Calls = len(calls)
	// Every client must see every call; give stragglers up to 10 s.
	want := int64(res.Calls)
	_ = waitFor(ctx, 10*time.Second, func() bool {
		return countIf(recv, func(r *receiver) bool { return r.called.Load() >= want }) == o.Clients
	})
	res.Elapsed = time.Since(began)
	if srv.PID > 0 {
		res.RSS, res.HWM, err = procStatus(srv.PID)
		if err != nil {
			return res, err
		}
	}
	stopStreams()
	wg.Wait()
	if ctx.Err() != nil {
		return res, ctx.Err()
	}

	// Match deliveries to calls through the events the server stored: the
	// event id of each call and its At.
	events, err := calledEvents(ctx, display, srv.URL, board.Seq)
	if err != nil {
		return res, err
	}
	sentAt := map[string]time.Time{}
	for _, c := range calls {
		sentAt[c.ticket] = c.sent
	}
	var fromCommit, fromReq []time.Duration
	for _, r := range recv {
		res.Reconnects += int(r.reconnects.Load())
		res.StreamErrs += int(r.errs.Load())
		for _, c := range calls {
			ev, ok := events[c.ticket]
			if !ok {
				res.Missing++
				continue
			}
			at, ok := r.got[ev.id]
			if !ok {
				res.Missing++
				continue
			}
			res.Deliveries++
			fromCommit = append(fromCommit, at.Sub(ev.at))
			fromReq = append(fromReq, at.Sub(sentAt[c.ticket]))
		}
	}
	res.FromCommit, res.FromRequest, res.CallRTT = distOf(fromCommit), distOf(fromReq), distOf(rtt)
	return res, nil
}

type calledEvent struct {
	id int64
	at time.Time
}

// calledEvents reads the ticket.called events after since with one extra
// stream client, keyed by ticket id (the reference for every receiver).
func calledEvents(ctx context.Context, display *client.Client, url string, since int64) (map[string]calledEvent, error) {
	board, err := display.Board(ctx, "")
	if err != nil {
		return nil, err
	}
	out := map[string]calledEvent{}
	var derr error
	rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	_ = stream.Run(rctx, stream.Options{BaseURL: url, Token: displayToken, Since: since, OnEvent: func(ev api.Event) {
		if ev.Type == api.EventTicketCalled {
			d, err := ev.Decode()
			if err != nil || d.Call == nil {
				derr = fmt.Errorf("event %d: undecodable ticket.called: %v", ev.ID, err)
			} else {
				out[d.Call.TicketID] = calledEvent{id: ev.ID, at: d.At}
			}
		}
		if ev.ID >= board.Seq {
			cancel()
		}
	}})
	if derr != nil {
		return nil, derr
	}
	if rctx.Err() == context.DeadlineExceeded {
		return nil, errors.New("could not read back the call events within 30 s")
	}
	return out, nil
}

// serviceFor picks a service the counter serves, preferring one without a
// daily quota in the stock site (so an external demo server works too).
func serviceFor(counter string) (string, error) {
	b, err := assets.ReadFile("sites/pariaman.toml")
	if err != nil {
		return "", err
	}
	f, err := config.Parse(b)
	if err != nil {
		return "", err
	}
	for _, c := range f.Counters {
		if c.ID != counter {
			continue
		}
		for _, id := range c.ServiceIDs {
			if s := f.Service(id); s != nil && s.DailyQuota == 0 {
				return id, nil
			}
		}
		if len(c.ServiceIDs) > 0 {
			return c.ServiceIDs[0], nil
		}
	}
	return "", fmt.Errorf("counter %s serves no service in the Pariaman site", counter)
}

func countIf(rs []*receiver, f func(*receiver) bool) int {
	n := 0
	for _, r := range rs {
		if f(r) {
			n++
		}
	}
	return n
}

// waitFor polls cond every 10 ms until it holds or limit passes.
func waitFor(ctx context.Context, limit time.Duration, cond func() bool) error {
	end := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(end) {
			return fmt.Errorf("not done after %s", limit)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
	return nil
}

// Print writes the table and the RESULT line.
func (r StreamResult) Print(w io.Writer) {
	fmt.Fprintf(w, "Live calls over SSE (server %s, GOMAXPROCS %d, open-file limit %d)\n", r.Server, runtime.GOMAXPROCS(0), r.FDLimit)
	fmt.Fprintf(w, "  stream clients        %d connected of %d (reconnects %d, stream errors %d)\n", r.Connected, r.Clients, r.Reconnects, r.StreamErrs)
	fmt.Fprintf(w, "  calls                 %d call-next + no-show cycles on %s in %.2f s (errors %d)\n", r.Calls, r.Service, r.Elapsed.Seconds(), r.CallErrors)
	if r.CallErrors > 0 {
		fmt.Fprintf(w, "  first error           %s\n", r.FirstError)
	}
	fmt.Fprintf(w, "  deliveries            %d received, %d missing\n", r.Deliveries, r.Missing)
	fmt.Fprintf(w, "  latency from commit   p50 %s  p90 %s  p99 %s  max %s ms (receipt − event At: server write-tx start, ms-truncated)\n", ms(r.FromCommit.P50), ms(r.FromCommit.P90), ms(r.FromCommit.P99), ms(r.FromCommit.Max))
	fmt.Fprintf(w, "  latency from request  p50 %s  p90 %s  p99 %s  max %s ms (receipt − call-next request sent)\n", ms(r.FromRequest.P50), ms(r.FromRequest.P90), ms(r.FromRequest.P99), ms(r.FromRequest.Max))
	fmt.Fprintf(w, "  call-next round trip  p50 %s  p99 %s  max %s ms\n", ms(r.CallRTT.P50), ms(r.CallRTT.P99), ms(r.CallRTT.Max))
	if r.RSS > 0 {
		fmt.Fprintf(w, "  RSS                   %s MB at the end, %s MB idle with clients, peak %s MB (%s, pid %d)\n", mb(r.RSS), mb(r.RSSIdle), mb(r.HWM), r.RSSNote, r.PID)
	} else {
		fmt.Fprintf(w, "  RSS                   %s\n", r.RSSNote)
	}
	scope := "na"
	switch {
	case r.RSS > 0 && strings.HasPrefix(r.RSSNote, "server"):
		scope = "server"
	case r.RSS > 0:
		scope = "process-incl-clients"
	}
	fmt.Fprintf(w, "RESULT stream server=%s clients=%d calls=%d deliveries=%d missing=%d p50_ms=%s p90_ms=%s p99_ms=%s max_ms=%s req_p99_ms=%s rss_mb=%s peak_rss_mb=%s rss_scope=%s errors=%d\n",
		strings.ReplaceAll(r.Server, " ", "-"), r.Clients, r.Calls, r.Deliveries, r.Missing,
		ms(r.FromCommit.P50), ms(r.FromCommit.P90), ms(r.FromCommit.P99), ms(r.FromCommit.Max), ms(r.FromRequest.P99),
		mb(r.RSS), mb(r.HWM), scope, r.CallErrors)
}
