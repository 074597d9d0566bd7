package client

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"antrean/shared/api"
)

// fast returns a Config for srv with small backoffs so tests stay quick.
func fast(srv *httptest.Server) Config {
	return Config{BaseURL: srv.URL, Token: "tok", Timeout: 2 * time.Second,
		RetryMinWait: 5 * time.Millisecond, RetryMaxWait: 20 * time.Millisecond}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeProblem(w http.ResponseWriter, e *api.Error) {
	p := e.ToProblem()
	w.Header().Set("Content-Type", api.ProblemContentType)
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

func TestProblemBecomesTypedError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, &api.Error{Code: api.CodeServiceClosed, Detail: "di luar jam layanan", Reason: api.ReasonOutsideHours})
	}))
	defer srv.Close()
	c := New(fast(srv))
	_, err := c.IssueTicket(context.Background(), api.IssueRequest{ServiceID: "ktp"}, NewIdempotencyKey())
	var e *api.Error
	if !errors.As(err, &e) {
		t.Fatalf("want *api.Error, got %T %v", err, err)
	}
	if e.Code != api.CodeServiceClosed || e.Detail != "di luar jam layanan" || e.Reason != api.ReasonOutsideHours || e.Status != http.StatusConflict {
		t.Fatalf("got %+v", e)
	}
	if !errors.Is(err, api.ErrServiceClosed) {
		t.Fatal("errors.Is(err, ErrServiceClosed) = false")
	}
}

func TestQuotaFullAndNotFound(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/tickets":
			writeProblem(w, &api.Error{Code: api.CodeQuotaFull})
		default:
			http.NotFound(w, r) // text/plain, no problem body
		}
	}))
	defer srv.Close()
	c := New(fast(srv))
	_, err := c.IssueTicket(context.Background(), api.IssueRequest{ServiceID: "ktp"}, "k1")
	if !errors.Is(err, api.ErrQuotaFull) {
		t.Fatalf("want quota_full, got %v", err)
	}
	_, err = c.Ticket(context.Background(), "nope")
	if api.CodeOf(err) != api.CodeNotFound {
		t.Fatalf("want not_found from plain 404, got %v", err)
	}
}

func TestGetRetriedOn503(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) <= 2 {
			writeProblem(w, &api.Error{Code: api.CodeUnavailable})
			return
		}
		writeJSON(w, 200, api.Health{Status: "ok"})
	}))
	defer srv.Close()
	h, err := New(fast(srv)).Health(context.Background())
	if err != nil || h.Status != "ok" {
		t.Fatalf("got %+v, %v", h, err)
	}
	if n := hits.Load(); n != 3 {
		t.Fatalf("hits = %d, want 3", n)
	}
}

func TestGetGivesUpAfterRetries(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	cfg := fast(srv)
	cfg.Retries = 2
	_, err := New(cfg).Catalog(context.Background())
	if api.CodeOf(err) != api.CodeUnavailable {
		t.Fatalf("want unavailable, got %v", err)
	}
	if n := hits.Load(); n != 3 {
		t.Fatalf("hits = %d, want 1 + 2 retries", n)
	}
}

func TestGet4xxNotRetried(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		writeProblem(w, &api.Error{Code: api.CodeUnauthorized, Detail: "token?"})
	}))
	defer srv.Close()
	_, err := New(fast(srv)).Catalog(context.Background())
	if !errors.Is(err, api.ErrUnauthorized) {
		t.Fatalf("got %v", err)
	}
	if n := hits.Load(); n != 1 {
		t.Fatalf("hits = %d, want 1", n)
	}
}

func TestIssueTicketRetriedWithSameKeyAfterDroppedConnection(t *testing.T) {
	var mu sync.Mutex
	var keys []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		keys = append(keys, r.Header.Get(IdempotencyHeader))
		n := len(keys)
		mu.Unlock()
		var req api.IssueRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.ServiceID != "ktp" {
			t.Errorf("attempt %d: body %+v, %v", n, req, err)
		}
		if n <= 2 {
			// Drop the connection without an answer, as a crashing
			// server or a flaky network would.
			conn, _, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Errorf("hijack: %v", err)
				return
			}
			_ = conn.Close()
			return
		}
		writeJSON(w, http.StatusCreated, api.Ticket{ID: "t1", Number: "A-001"})
	}))
	defer srv.Close()
	c := New(fast(srv))
	tk, err := c.IssueTicket(context.Background(), api.IssueRequest{ServiceID: "ktp"}, "key-123")
	if err != nil || tk.Number != "A-001" {
		t.Fatalf("got %+v, %v", tk, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(keys) != 3 {
		t.Fatalf("attempts = %d, want 3", len(keys))
	}
	for i, k := range keys {
		if k != "key-123" {
			t.Fatalf("attempt %d key %q, want key-123", i, k)
		}
	}
}

func TestIssueTicketNeedsKey(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	_, err := New(fast(srv)).IssueTicket(context.Background(), api.IssueRequest{ServiceID: "ktp"}, "")
	if api.CodeOf(err) != api.CodeInvalidInput {
		t.Fatalf("got %v", err)
	}
	if hits.Load() != 0 {
		t.Fatal("request sent without a key")
	}
}

func TestPostWithoutKeyNeverRetried(t *testing.T) {
	for _, tc := range []struct {
		name string
		fail func(w http.ResponseWriter)
		code api.Code
	}{
		{"503", func(w http.ResponseWriter) { w.WriteHeader(http.StatusServiceUnavailable) }, api.CodeUnavailable},
		{"dropped", func(w http.ResponseWriter) {
			conn, _, _ := w.(http.Hijacker).Hijack()
			_ = conn.Close()
		}, api.CodeUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				tc.fail(w)
			}))
			defer srv.Close()
			c := New(fast(srv))
			tk, err := c.CallNext(context.Background(), "loket-1")
			if tk != nil || api.CodeOf(err) != tc.code {
				t.Fatalf("got %v, %v", tk, err)
			}
			if n := hits.Load(); n != 1 {
				t.Fatalf("call-next hits = %d, want 1", n)
			}
			hits.Store(0)
			if _, err := c.Finish(context.Background(), "t1"); api.CodeOf(err) != tc.code {
				t.Fatalf("finish: %v", err)
			}
			if n := hits.Load(); n != 1 {
				t.Fatalf("finish hits = %d, want 1", n)
			}
		})
	}
}

func TestContextDeadlineBoundsTotalTime(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
		}
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	cfg := fast(srv)
	cfg.Retries = 10
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := New(cfg).Health(ctx)
	if d := time.Since(start); d > time.Second {
		t.Fatalf("took %v, ctx deadline was 150ms", d)
	}
	if api.CodeOf(err) != api.CodeUnavailable {
		t.Fatalf("want unavailable, got %v", err)
	}
}

func TestCancelledContext(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := New(fast(srv)).Catalog(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled in chain, got %v", err)
	}
	if api.CodeOf(err) != api.CodeUnavailable {
		t.Fatalf("want code unavailable, got %q", api.CodeOf(err))
	}
}

func TestServerDownIsUnavailable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close() // nothing listens there now
	c := New(Config{BaseURL: "http://" + addr, Retries: 1, RetryMinWait: time.Millisecond, RetryMaxWait: time.Millisecond})
	_, err = c.Health(context.Background())
	var e *api.Error
	if !errors.As(err, &e) || e.Code != api.CodeUnavailable || e.Detail == "" {
		t.Fatalf("got %#v", err)
	}
	if errors.Is(err, context.Canceled) {
		t.Fatal("refused connection must not look cancelled")
	}
}

func TestCallNext204(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/counters/loket-1/call-next" {
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	tk, err := New(fast(srv)).CallNext(context.Background(), "loket-1")
	if tk != nil || err != nil {
		t.Fatalf("got %v, %v", tk, err)
	}
}

func TestHeadersTokenAndLogin(t *testing.T) {
	var mu sync.Mutex
	auth := map[string]string{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auth[r.URL.Path] = r.Header.Get("Authorization")
		mu.Unlock()
		if ua := r.Header.Get("User-Agent"); ua != UserAgent {
			t.Errorf("user agent %q", ua)
		}
		switch r.URL.Path {
		case "/v1/sessions":
			var req api.SessionRequest
			_ = json.NewDecoder(r.Body).Decode(&req)
			if req.Username != "petugas1" || req.Password != "demo123" || req.CounterID != "loket-1" {
				writeProblem(w, &api.Error{Code: api.CodeUnauthorized})
				return
			}
			writeJSON(w, http.StatusCreated, api.Session{Token: "sess-1", User: api.User{Username: "petugas1"}})
		case "/v1/counters/loket-1":
			writeJSON(w, 200, api.CounterView{Counter: api.Counter{ID: "loket-1", Number: 1}})
		default:
			writeJSON(w, 200, api.Catalog{Site: api.Site{Name: "MPP"}})
		}
	}))
	defer srv.Close()
	c := New(fast(srv))
	if _, err := c.Catalog(context.Background()); err != nil {
		t.Fatal(err)
	}
	s, err := c.Login(context.Background(), api.SessionRequest{Username: "petugas1", Password: "demo123", CounterID: "loket-1"})
	if err != nil || s.Token != "sess-1" {
		t.Fatalf("login: %+v %v", s, err)
	}
	v, err := c.Counter(context.Background(), "loket-1")
	if err != nil || v.Counter.Number != 1 {
		t.Fatalf("counter: %+v %v", v, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if auth["/v1/catalog"] != "Bearer tok" {
		t.Fatalf("catalog auth %q", auth["/v1/catalog"])
	}
	if auth["/v1/counters/loket-1"] != "Bearer sess-1" {
		t.Fatalf("after login auth %q", auth["/v1/counters/loket-1"])
	}
}

func TestPathsAndBodies(t *testing.T) {
	type hit struct{ method, path, query, body string }
	var mu sync.Mutex
	var hits []hit
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b map[string]any
		_ = json.NewDecoder(r.Body).Decode(&b)
		raw, _ := json.Marshal(b)
		mu.Lock()
		hits = append(hits, hit{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, string(raw)})
		mu.Unlock()
		if r.URL.Path == "/v1/counters/l 1/status" {
			writeJSON(w, 200, api.Counter{ID: "l 1", Status: api.CounterBreak})
			return
		}
		writeJSON(w, 200, api.Ticket{ID: "x"})
	}))
	defer srv.Close()
	c := New(fast(srv))
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := c.Board(ctx, "lantai 2")
	must(err)
	_, err = c.Recall(ctx, "l1")
	must(err)
	_, err = c.Start(ctx, "a/b")
	must(err)
	_, err = c.NoShow(ctx, "t1")
	must(err)
	_, err = c.Requeue(ctx, "t1")
	must(err)
	_, err = c.Cancel(ctx, "t1")
	must(err)
	_, err = c.Transfer(ctx, "t1", "paspor")
	must(err)
	co, err := c.SetCounterStatus(ctx, "l 1", api.CounterBreak)
	must(err)
	if co.Status != api.CounterBreak {
		t.Fatalf("counter %+v", co)
	}
	want := []hit{
		{"GET", "/v1/board", "zone=lantai+2", "null"},
		{"POST", "/v1/counters/l1/recall", "", "null"},
		{"POST", "/v1/tickets/a%2Fb/start", "", "null"},
		{"POST", "/v1/tickets/t1/no-show", "", "null"},
		{"POST", "/v1/tickets/t1/requeue", "", "null"},
		{"POST", "/v1/tickets/t1/cancel", "", "null"},
		{"POST", "/v1/tickets/t1/transfer", "", `{"service_id":"paspor"}`},
		{"POST", "/v1/counters/l%201/status", "", `{"status":"break"}`},
	}
	mu.Lock()
	defer mu.Unlock()
	if len(hits) != len(want) {
		t.Fatalf("hits %v", hits)
	}
	for i := range want {
		if hits[i] != want[i] {
			t.Errorf("hit %d = %+v, want %+v", i, hits[i], want[i])
		}
	}
}

func TestNewIdempotencyKey(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		k := NewIdempotencyKey()
		if len(k) != 22 { // 16 bytes, raw base64url
			t.Fatalf("key %q has length %d", k, len(k))
		}
		for _, r := range k {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				t.Fatalf("key %q is not URL-safe", k)
			}
		}
		if seen[k] {
			t.Fatalf("duplicate key %q", k)
		}
		seen[k] = true
	}
}

func TestSetTokenConcurrent(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, api.Health{Status: "ok"})
	}))
	defer srv.Close()
	c := New(fast(srv))
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(2)
		go func() { defer wg.Done(); c.SetToken(string(rune('a' + i))) }()
		go func() {
			defer wg.Done()
			if _, err := c.Health(context.Background()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}
