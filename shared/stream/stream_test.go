package stream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"antrean/shared/api"
)

// plan says what the fake server does on one connection.
type plan struct {
	status int   // non-200: answer this and stop
	reset  int64 // >0: send "event: reset" with this seq and hold the line
	drop   int   // >0: cut the connection after this many events
	hijack bool  // cut by closing the TCP connection instead of ending the body
	silent bool  // send nothing at all (for the idle timeout)
	replay bool  // ignore Last-Event-ID and replay everything (duplicates)
}

// fakeSSE serves a growing event log like the real server: replay after
// Last-Event-ID, then live events, with keep-alive comments.
type fakeSSE struct {
	mu        sync.Mutex
	events    []api.Event
	changed   chan struct{}
	lastIDs   []string // Last-Event-ID of each connection
	auths     []string
	queries   []string
	keepAlive time.Duration
	plan      func(conn int) plan
}

func newFake(n int) *fakeSSE {
	f := &fakeSSE{changed: make(chan struct{}), keepAlive: time.Hour}
	for range n {
		f.add()
	}
	return f
}

// add appends one event with the next id.
func (f *fakeSSE) add() {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := int64(len(f.events) + 1)
	data, _ := json.Marshal(api.EventData{Ticket: &api.Ticket{ID: "t" + strconv.FormatInt(id, 10)}})
	f.events = append(f.events, api.Event{ID: id, Type: api.EventTicketIssued, Data: data})
	close(f.changed)
	f.changed = make(chan struct{})
}

func (f *fakeSSE) conns() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.lastIDs)
}

func (f *fakeSSE) lastID(i int) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lastIDs[i]
}

func (f *fakeSSE) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.lastIDs = append(f.lastIDs, r.Header.Get("Last-Event-ID"))
	f.auths = append(f.auths, r.Header.Get("Authorization"))
	f.queries = append(f.queries, r.URL.RawQuery)
	n := len(f.lastIDs)
	f.mu.Unlock()
	var p plan
	if f.plan != nil {
		p = f.plan(n)
	}
	if p.status != 0 && p.status != http.StatusOK {
		e := &api.Error{Code: api.CodeForStatus(p.status), Detail: "nope"}
		w.Header().Set("Content-Type", api.ProblemContentType)
		w.WriteHeader(p.status)
		_ = json.NewEncoder(w).Encode(e.ToProblem())
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	fl := w.(http.Flusher)
	fl.Flush()
	if p.silent {
		<-r.Context().Done()
		return
	}
	if p.reset > 0 {
		fmt.Fprintf(w, "event: reset\ndata: {\"seq\":%d}\n\n", p.reset)
		fl.Flush()
		<-r.Context().Done()
		return
	}
	last, _ := strconv.ParseInt(r.Header.Get("Last-Event-ID"), 10, 64)
	if p.replay {
		last = 0
	}
	sent := 0
	tick := time.NewTicker(f.keepAlive)
	defer tick.Stop()
	for {
		f.mu.Lock()
		var pending []api.Event
		for _, e := range f.events {
			if e.ID > last {
				pending = append(pending, e)
			}
		}
		ch := f.changed
		f.mu.Unlock()
		for _, e := range pending {
			fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", e.ID, e.Type, e.Data)
			last = e.ID
			sent++
			if p.drop > 0 && sent >= p.drop {
				fl.Flush()
				if p.hijack {
					conn, _, err := w.(http.Hijacker).Hijack()
					if err == nil {
						_ = conn.Close()
					}
				}
				return
			}
		}
		fl.Flush()
		select {
		case <-ch:
		case <-tick.C:
			fmt.Fprint(w, ": keep-alive\n\n")
			fl.Flush()
		case <-r.Context().Done():
			return
		}
	}
}

// recorder collects callbacks and checks they never overlap.
type recorder struct {
	t      *testing.T
	busy   atomic.Bool
	mu     sync.Mutex
	log    []string // "board:N", "event:N", "state:x"
	events []int64
	states []State
	errs   []error
	boards int
}

func (rc *recorder) enter() func() {
	if !rc.busy.CompareAndSwap(false, true) {
		rc.t.Error("callbacks ran concurrently")
	}
	return func() { rc.busy.Store(false) }
}

func (rc *recorder) options(base string) Options {
	return Options{
		BaseURL: base, Token: "display-demo", Zone: "lantai 1",
		MinBackoff: 5 * time.Millisecond, MaxBackoff: 40 * time.Millisecond,
		OnEvent: func(e api.Event) {
			defer rc.enter()()
			d, err := e.Decode()
			if err != nil || d.Ticket == nil || d.Ticket.ID != "t"+strconv.FormatInt(e.ID, 10) || e.Type != api.EventTicketIssued {
				rc.t.Errorf("event %d decoded %+v, %v", e.ID, d, err)
			}
			rc.mu.Lock()
			defer rc.mu.Unlock()
			rc.events = append(rc.events, e.ID)
			rc.log = append(rc.log, fmt.Sprintf("event:%d", e.ID))
		},
		OnBoard: func(b api.Board) {
			defer rc.enter()()
			rc.mu.Lock()
			defer rc.mu.Unlock()
			rc.boards++
			rc.log = append(rc.log, fmt.Sprintf("board:%d", b.Seq))
		},
		OnState: func(s State) {
			defer rc.enter()()
			rc.mu.Lock()
			defer rc.mu.Unlock()
			rc.states = append(rc.states, s)
			rc.log = append(rc.log, "state:"+s.String())
		},
		OnError: func(err error) {
			defer rc.enter()()
			rc.mu.Lock()
			defer rc.mu.Unlock()
			rc.errs = append(rc.errs, err)
		},
	}
}

func (rc *recorder) eventIDs() []int64 {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]int64(nil), rc.events...)
}

func (rc *recorder) snapshot() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]string(nil), rc.log...)
}

// start runs Run in the background; stop cancels it and checks it returns
// ctx.Err() promptly.
func start(t *testing.T, o Options) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, o) }()
	return func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Run returned %v, want context.Canceled", err)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("Run did not return after cancel")
		}
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func seq(from, to int64) []int64 {
	var s []int64
	for i := from; i <= to; i++ {
		s = append(s, i)
	}
	return s
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func waitEvents(t *testing.T, rc *recorder, want []int64) {
	t.Helper()
	waitFor(t, fmt.Sprintf("events %v", want), func() bool { return len(rc.eventIDs()) >= len(want) })
	time.Sleep(20 * time.Millisecond) // let any stray duplicate arrive
	if got := rc.eventIDs(); !equal(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
}

func TestEventsInOrderAndLive(t *testing.T) {
	f := newFake(3)
	srv := httptest.NewServer(f)
	defer srv.Close()
	defer srv.CloseClientConnections()
	rc := &recorder{t: t}
	o := rc.options(srv.URL)
	o.Since = 1
	stop := start(t, o)
	waitEvents(t, rc, seq(2, 3))
	f.add()
	f.add()
	waitEvents(t, rc, seq(2, 5))
	stop()
	if f.conns() != 1 {
		t.Fatalf("connections = %d, want 1", f.conns())
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.lastIDs[0] != "1" || f.auths[0] != "Bearer display-demo" || f.queries[0] != "zone=lantai+1" {
		t.Fatalf("request: last-event-id %q auth %q query %q", f.lastIDs[0], f.auths[0], f.queries[0])
	}
	want := []State{Connecting, Connected}
	if len(rc.states) != 2 || rc.states[0] != want[0] || rc.states[1] != want[1] {
		t.Fatalf("states %v, want %v", rc.states, want)
	}
}

func TestResumeAfterDrop(t *testing.T) {
	for _, hijack := range []bool{false, true} {
		t.Run(fmt.Sprintf("hijack=%v", hijack), func(t *testing.T) {
			f := newFake(10)
			f.plan = func(n int) plan {
				if n == 1 {
					return plan{drop: 4, hijack: hijack}
				}
				return plan{}
			}
			srv := httptest.NewServer(f)
			defer srv.Close()
			defer srv.CloseClientConnections()
			rc := &recorder{t: t}
			o := rc.options(srv.URL)
			o.Since = 0
			o.Board = func(context.Context) (api.Board, error) { return api.Board{Seq: 2}, nil }
			stop := start(t, o)
			waitEvents(t, rc, seq(3, 10))
			stop()
			if got := f.lastID(0); got != "2" {
				t.Fatalf("first Last-Event-ID %q, want the board's 2", got)
			}
			if got := f.lastID(1); got != "6" {
				t.Fatalf("resume Last-Event-ID %q, want 6", got)
			}
			log := rc.snapshot()
			wantPrefix := []string{"state:connecting", "board:2", "state:connected", "event:3", "event:4", "event:5", "event:6",
				"state:offline", "state:connecting", "state:connected", "event:7"}
			for i, w := range wantPrefix {
				if i >= len(log) || log[i] != w {
					t.Fatalf("log %v, want prefix %v", log, wantPrefix)
				}
			}
		})
	}
}

func TestDuplicatesFiltered(t *testing.T) {
	f := newFake(6)
	f.plan = func(n int) plan {
		if n == 1 {
			return plan{drop: 4}
		}
		return plan{replay: true} // a server that ignores Last-Event-ID
	}
	srv := httptest.NewServer(f)
	defer srv.Close()
	defer srv.CloseClientConnections()
	rc := &recorder{t: t}
	o := rc.options(srv.URL)
	o.Since = 1
	stop := start(t, o)
	waitEvents(t, rc, seq(2, 6))
	stop()
}

func TestDuplicateAndOutOfOrderIDsInOneStream(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for _, id := range []int{1, 2, 2, 1, 3, 0, 4} {
			if id == 0 {
				fmt.Fprint(w, "event: ticket.issued\ndata: {}\n\n") // no id: ignored
				continue
			}
			fmt.Fprintf(w, ": keep-alive\n\nid: %d\nevent: ticket.issued\ndata: {\"ticket\":{\"id\":\"t%d\"}}\n\n", id, id)
		}
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer srv.Close()
	defer srv.CloseClientConnections()
	rc := &recorder{t: t}
	o := rc.options(srv.URL)
	o.Since = 0 // with Board nil: start live, no snapshot
	stop := start(t, o)
	waitEvents(t, rc, seq(1, 4))
	stop()
}

func TestResetReadsBoard(t *testing.T) {
	f := newFake(22)
	f.plan = func(n int) plan {
		if n == 1 {
			return plan{reset: 20}
		}
		return plan{}
	}
	srv := httptest.NewServer(f)
	defer srv.Close()
	defer srv.CloseClientConnections()
	rc := &recorder{t: t}
	o := rc.options(srv.URL)
	o.Since = 5
	var boardCalls atomic.Int32
	o.Board = func(context.Context) (api.Board, error) {
		boardCalls.Add(1)
		return api.Board{Seq: 20}, nil
	}
	stop := start(t, o)
	waitEvents(t, rc, seq(21, 22))
	stop()
	if boardCalls.Load() != 1 {
		t.Fatalf("board read %d times, want 1", boardCalls.Load())
	}
	if f.lastID(0) != "5" || f.lastID(1) != "20" {
		t.Fatalf("Last-Event-IDs %q, %q; want 5, 20", f.lastID(0), f.lastID(1))
	}
	log := rc.snapshot()
	want := []string{"state:connecting", "state:connected", "state:connecting", "board:20", "state:connected", "event:21", "event:22"}
	if fmt.Sprint(log) != fmt.Sprint(want) {
		t.Fatalf("log %v, want %v", log, want)
	}
}

func TestBoardFailureRetried(t *testing.T) {
	f := newFake(4)
	srv := httptest.NewServer(f)
	defer srv.Close()
	defer srv.CloseClientConnections()
	rc := &recorder{t: t}
	o := rc.options(srv.URL)
	var calls atomic.Int32
	o.Board = func(context.Context) (api.Board, error) {
		if calls.Add(1) <= 2 {
			return api.Board{}, &api.Error{Code: api.CodeUnavailable}
		}
		return api.Board{Seq: 3}, nil
	}
	stop := start(t, o)
	waitEvents(t, rc, []int64{4})
	stop()
	log := rc.snapshot()
	want := []string{"state:connecting", "state:offline", "state:connecting", "state:offline", "state:connecting",
		"board:3", "state:connected", "event:4"}
	if fmt.Sprint(log) != fmt.Sprint(want) {
		t.Fatalf("log %v, want %v", log, want)
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if len(rc.errs) != 2 || api.CodeOf(rc.errs[0]) != api.CodeUnavailable {
		t.Fatalf("errors %v", rc.errs)
	}
}

func TestServerRestartOnSameAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	f := newFake(3)
	srv1 := httptest.NewUnstartedServer(f)
	srv1.Listener = ln
	srv1.Start()

	rc := &recorder{t: t}
	o := rc.options(srv1.URL)
	o.Since = 0
	o.Board = func(context.Context) (api.Board, error) { return api.Board{Seq: 0}, nil }
	stop := start(t, o)
	waitEvents(t, rc, seq(1, 3))

	// Crash: stop listening first (no new connection can slip in), then
	// cut every open one.
	_ = srv1.Listener.Close()
	srv1.CloseClientConnections()
	srv1.Close()
	waitFor(t, "offline", func() bool {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		return len(rc.states) > 0 && rc.states[len(rc.states)-1] == Offline
	})
	conns := f.conns()
	time.Sleep(50 * time.Millisecond) // a few failed attempts against nothing
	f.add()
	f.add()

	var ln2 net.Listener
	waitFor(t, "listen again", func() bool {
		ln2, err = net.Listen("tcp", addr)
		return err == nil
	})
	srv2 := httptest.NewUnstartedServer(f)
	srv2.Listener = ln2
	srv2.Start()
	defer srv2.Close()
	defer srv2.CloseClientConnections()

	waitEvents(t, rc, seq(1, 5))
	stop()
	if f.conns() != conns+1 {
		t.Fatalf("connections %d, want %d", f.conns(), conns+1)
	}
	if got := f.lastID(conns); got != "3" {
		t.Fatalf("Last-Event-ID after restart %q, want 3", got)
	}
}

func TestKeepAliveDoesNotTripIdleTimeout(t *testing.T) {
	f := newFake(1)
	f.keepAlive = 20 * time.Millisecond
	srv := httptest.NewServer(f)
	defer srv.Close()
	defer srv.CloseClientConnections()
	rc := &recorder{t: t}
	o := rc.options(srv.URL)
	o.Since = 0
	o.IdleTimeout = 100 * time.Millisecond
	stop := start(t, o)
	waitEvents(t, rc, []int64{1})
	time.Sleep(350 * time.Millisecond) // only keep-alives meanwhile
	f.add()
	waitEvents(t, rc, []int64{1, 2})
	stop()
	if n := f.conns(); n != 1 {
		t.Fatalf("connections %d, want 1 (keep-alives must count as activity)", n)
	}
}

func TestIdleTimeoutReconnects(t *testing.T) {
	f := newFake(2)
	f.plan = func(n int) plan {
		if n == 1 {
			return plan{silent: true}
		}
		return plan{}
	}
	srv := httptest.NewServer(f)
	defer srv.Close()
	defer srv.CloseClientConnections()
	rc := &recorder{t: t}
	o := rc.options(srv.URL)
	o.Since = 1
	o.IdleTimeout = 80 * time.Millisecond
	begin := time.Now()
	stop := start(t, o)
	waitEvents(t, rc, []int64{2})
	if d := time.Since(begin); d < 80*time.Millisecond {
		t.Fatalf("reconnected after %v, before the idle timeout", d)
	}
	stop()
	if f.conns() != 2 || f.lastID(1) != "1" {
		t.Fatalf("conns %d", f.conns())
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if len(rc.errs) == 0 || api.CodeOf(rc.errs[0]) != api.CodeUnavailable {
		t.Fatalf("errors %v", rc.errs)
	}
}

func TestUnauthorizedKeepsRetryingSlowly(t *testing.T) {
	f := newFake(1)
	f.plan = func(n int) plan {
		if n <= 2 {
			return plan{status: http.StatusUnauthorized}
		}
		return plan{}
	}
	srv := httptest.NewServer(f)
	defer srv.Close()
	defer srv.CloseClientConnections()
	rc := &recorder{t: t}
	o := rc.options(srv.URL)
	o.Since = 0
	o.MaxBackoff = 60 * time.Millisecond
	begin := time.Now()
	stop := start(t, o)
	waitEvents(t, rc, []int64{1})
	if d := time.Since(begin); d < 120*time.Millisecond {
		t.Fatalf("two 401s retried within %v; want MaxBackoff (60ms) each", d)
	}
	stop()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if len(rc.errs) != 2 || !errors.Is(rc.errs[0], api.ErrUnauthorized) {
		t.Fatalf("errors %v", rc.errs)
	}
	want := []State{Connecting, Offline, Connecting, Offline, Connecting, Connected}
	if fmt.Sprint(rc.states) != fmt.Sprint(want) {
		t.Fatalf("states %v, want %v", rc.states, want)
	}
}

func TestCancelStopsPromptly(t *testing.T) {
	f := newFake(1)
	srv := httptest.NewServer(f)
	defer srv.Close()
	defer srv.CloseClientConnections()
	rc := &recorder{t: t}
	o := rc.options(srv.URL)
	o.Since = 0
	o.MinBackoff, o.MaxBackoff = time.Minute, time.Minute
	stop := start(t, o)
	waitEvents(t, rc, []int64{1})
	begin := time.Now()
	stop()
	if d := time.Since(begin); d > 500*time.Millisecond {
		t.Fatalf("Run took %v to stop", d)
	}
	// And while waiting out a long backoff.
	ctx, cancel := context.WithCancel(context.Background())
	o2 := rc.options("http://127.0.0.1:1")
	o2.MinBackoff, o2.MaxBackoff = time.Minute, time.Minute
	o2.OnEvent = nil
	done := make(chan error, 1)
	go func() { done <- Run(ctx, o2) }()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Run returned %v", err)
		}
	case <-time.After(time.Second):
		t.Fatal("Run did not stop during backoff")
	}
}

func TestRetryFieldHonouredWithinBounds(t *testing.T) {
	r := &runner{o: Options{MinBackoff: 10 * time.Millisecond, MaxBackoff: 100 * time.Millisecond}}
	r.setRetry(50)
	if r.minWait != 50*time.Millisecond {
		t.Fatalf("minWait %v", r.minWait)
	}
	r.setRetry(1)
	if r.minWait != 10*time.Millisecond {
		t.Fatalf("minWait %v, want clamped to MinBackoff", r.minWait)
	}
	r.setRetry(60_000)
	if r.minWait != 100*time.Millisecond {
		t.Fatalf("minWait %v, want clamped to MaxBackoff", r.minWait)
	}
}

func TestBackoffBounds(t *testing.T) {
	r := &runner{o: Options{MinBackoff: 10 * time.Millisecond, MaxBackoff: 80 * time.Millisecond}, minWait: 10 * time.Millisecond}
	var maxSeen time.Duration
	for i := range 50 {
		d := r.backoff()
		if d < 10*time.Millisecond || d > 80*time.Millisecond {
			t.Fatalf("attempt %d: backoff %v out of [10ms, 80ms]", i, d)
		}
		maxSeen = max(maxSeen, d)
	}
	if maxSeen <= 10*time.Millisecond {
		t.Fatal("backoff never grew")
	}
	if got := (State(7)).String(); got != "state(7)" {
		t.Fatal(got)
	}
	if Connecting.String() != "connecting" || Connected.String() != "connected" || Offline.String() != "offline" {
		t.Fatal("state names")
	}
}
