package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"antrean/server/httpapi"
	"antrean/server/servertest"
	"antrean/server/store"
	"antrean/shared/api"
)

// slowLogin wraps the real store: every password check takes `delay` (as
// bcrypt at production cost does) and the wrapper counts how many run at
// once.
type slowLogin struct {
	store.Store
	delay       time.Duration
	calls, now  atomic.Int32
	mu          sync.Mutex
	concurrency int32
}

func (s *slowLogin) Login(ctx context.Context, req api.SessionRequest) (api.Session, error) {
	s.calls.Add(1)
	n := s.now.Add(1)
	s.mu.Lock()
	s.concurrency = max(s.concurrency, n)
	s.mu.Unlock()
	defer s.now.Add(-1)
	time.Sleep(s.delay)
	return s.Store.Login(ctx, req)
}

// testClock is a settable clock for the throttle.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// handlerOn serves a second handler over the test server's store and hub,
// with options the test chooses.
func handlerOn(t *testing.T, s *servertest.Server, o httpapi.Options) (*httpapi.Server, string) {
	t.Helper()
	if o.Store == nil {
		o.Store = s.Store
	}
	o.Hub = s.Hub
	o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	h := httpapi.New(o)
	hs := httptest.NewServer(h)
	t.Cleanup(func() { h.Close(); hs.CloseClientConnections(); hs.Close() })
	return h, hs.URL
}

type loginResult struct {
	status     int
	retryAfter int
	code       api.Code
}

// login posts POST /v1/sessions, as if from `from` when it is not empty
// (X-Forwarded-For, honoured only behind a trusted proxy).
func login(t *testing.T, base, user, password, from string) loginResult {
	t.Helper()
	b, _ := json.Marshal(api.SessionRequest{Username: user, Password: password})
	req, _ := http.NewRequest("POST", base+"/v1/sessions", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if from != "" {
		req.Header.Set("X-Forwarded-For", from)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return loginResult{}
	}
	defer res.Body.Close()
	var p api.Problem
	body, _ := io.ReadAll(res.Body)
	_ = json.Unmarshal(body, &p)
	out := loginResult{status: res.StatusCode, code: p.Code}
	if v := res.Header.Get("Retry-After"); v != "" {
		out.retryAfter, _ = strconv.Atoi(v)
	}
	if res.StatusCode == 429 && (out.retryAfter < 1 || p.Code != api.CodeRateLimited) {
		t.Errorf("429 without Retry-After or code: %q %s", res.Header.Get("Retry-After"), body)
	}
	return out
}

func loopbackProxy() []netip.Prefix {
	return []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
}

// Concurrent wrong passwords used to be checked all at once, far past the
// limit: the try is now reserved before the password check.
func TestConcurrentBadLoginsAreCountedBeforeTheCheck(t *testing.T) {
	s := servertest.Start(t)
	slow := &slowLogin{Store: s.Store, delay: 30 * time.Millisecond}
	_, base := handlerOn(t, s, httpapi.Options{Store: slow, LoginConcurrency: 8})

	var wg sync.WaitGroup
	var refused, tooMany atomic.Int32
	for range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch r := login(t, base, "petugas4", "guess", ""); r.status {
			case 401:
				refused.Add(1)
			case 429:
				tooMany.Add(1)
			default:
				t.Errorf("status %d", r.status)
			}
		}()
	}
	wg.Wait()
	if n := slow.calls.Load(); n > 5 {
		t.Fatalf("%d of 40 concurrent guesses for one user were checked, want at most 5 (401: %d, 429: %d)", n, refused.Load(), tooMany.Load())
	}
	if refused.Load()+tooMany.Load() != 40 {
		t.Fatalf("401 %d + 429 %d != 40", refused.Load(), tooMany.Load())
	}

	// 150 concurrent guesses at 150 usernames from one address: the
	// address key holds them as well.
	slow.calls.Store(0)
	for i := range 150 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			login(t, base, fmt.Sprintf("nobody%d", i), "guess", "")
		}()
	}
	wg.Wait()
	if n := slow.calls.Load(); n > 30 {
		t.Fatalf("%d of 150 concurrent guesses from one address were checked, want at most 30", n)
	}
}

// Password checks run a few at a time, whoever sends them.
func TestPasswordChecksAreBounded(t *testing.T) {
	s := servertest.Start(t)
	slow := &slowLogin{Store: s.Store, delay: 20 * time.Millisecond}
	_, base := handlerOn(t, s, httpapi.Options{Store: slow, LoginConcurrency: 2, TrustedProxies: loopbackProxy()})
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Different users from different addresses: no throttle key
			// is shared, only the semaphore holds them back.
			if r := login(t, base, fmt.Sprintf("user%d", i), "guess", fmt.Sprintf("10.1.0.%d", i+1)); r.status != 401 {
				t.Errorf("login %d: %d", i, r.status)
			}
		}()
	}
	wg.Wait()
	if slow.calls.Load() != 40 || slow.concurrency > 2 {
		t.Fatalf("%d checks, up to %d at once; want 40, at most 2", slow.calls.Load(), slow.concurrency)
	}
}

// An attacker cannot lock anyone out for long: pauses grow per failure and
// end, the real user elsewhere waits only the short per-user pause, and
// 429 says how long in Retry-After.
func TestLockoutIsShortAndProgressive(t *testing.T) {
	s := servertest.Start(t)
	clk := &testClock{t: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)}
	_, base := handlerOn(t, s, httpapi.Options{Now: clk.Now, TrustedProxies: loopbackProxy()})
	const attacker, office = "192.0.2.66", "10.20.0.7"

	// Five free failures, then a pause that doubles with each failure.
	var waits []int
	for range 5 {
		if r := login(t, base, "admin", "guess", attacker); r.status != 401 {
			t.Fatalf("free failure: %d", r.status)
		}
	}
	for range 6 {
		r := login(t, base, "admin", "guess", attacker)
		if r.status != 429 {
			t.Fatalf("during the pause: %d", r.status)
		}
		waits = append(waits, r.retryAfter)
		clk.Advance(time.Duration(r.retryAfter) * time.Second)
		if r := login(t, base, "admin", "guess", attacker); r.status != 401 {
			t.Fatalf("after the pause: %d", r.status)
		}
	}
	for i := 1; i < len(waits); i++ {
		if waits[i] < waits[i-1] || waits[i] > 60 {
			t.Fatalf("pauses %v: want growing, at most 60 s", waits)
		}
	}
	if waits[len(waits)-1] <= waits[0] {
		t.Fatalf("pauses %v do not grow", waits)
	}
	// The right password from the office: at most the per-user pause.
	r := login(t, base, "admin", servertest.AdminPassword, office)
	if r.status == 429 {
		if r.retryAfter > 15 {
			t.Fatalf("the admin in the office waits %d s", r.retryAfter)
		}
		clk.Advance(time.Duration(r.retryAfter) * time.Second)
		r = login(t, base, "admin", servertest.AdminPassword, office)
	}
	if r.status != 201 {
		t.Fatalf("admin from the office: %d", r.status)
	}
	// After the attack stops, even the attacker's address gets in within
	// the longest pause.
	clk.Advance(61 * time.Second)
	if r := login(t, base, "admin", servertest.AdminPassword, attacker); r.status != 201 {
		t.Fatalf("right password a minute after the attack: %d", r.status)
	}
}

// X-Forwarded-For counts only from a configured proxy: without one, a
// guesser cannot dodge the address key by inventing addresses.
func TestForwardedForOnlyFromTrustedProxy(t *testing.T) {
	s := servertest.Start(t)
	clk := &testClock{t: time.Now()}
	_, direct := handlerOn(t, s, httpapi.Options{Now: clk.Now})
	for i := range 30 {
		login(t, direct, fmt.Sprintf("nobody%d", i), "guess", fmt.Sprintf("10.9.0.%d", i+1))
	}
	if r := login(t, direct, "someone-else", "guess", "10.9.1.1"); r.status != 429 {
		t.Fatalf("spoofed X-Forwarded-For was believed: %d", r.status)
	}
	// Behind a trusted proxy the forwarded address is the client's.
	_, proxied := handlerOn(t, s, httpapi.Options{Now: clk.Now, TrustedProxies: loopbackProxy()})
	for i := range 30 {
		login(t, proxied, fmt.Sprintf("nobody%d", i), "guess", "10.9.2.1")
	}
	if r := login(t, proxied, "someone-else", "guess", "10.9.2.1"); r.status != 429 {
		t.Fatalf("same forwarded address: %d, want 429", r.status)
	}
	if r := login(t, proxied, "someone-else", "guess", "10.9.2.2"); r.status != 401 {
		t.Fatalf("another forwarded address: %d, want 401", r.status)
	}
	// The rightmost hop the trusted proxy appended is the client; what the
	// client itself put before it is not believed.
	if r := login(t, proxied, "someone-else", "guess", "10.9.2.1, 10.9.2.3"); r.status != 401 {
		t.Fatalf("rightmost untrusted hop: %d, want 401", r.status)
	}
}

func TestUnlockClearsThrottle(t *testing.T) {
	s := servertest.Start(t)
	clk := &testClock{t: time.Now()}
	h, base := handlerOn(t, s, httpapi.Options{Now: clk.Now})
	for range 12 {
		login(t, base, "admin", "guess", "")
	}
	if r := login(t, base, "admin", servertest.AdminPassword, ""); r.status != 429 {
		t.Fatalf("before unlock: %d", r.status)
	}
	if n := h.Unlock("ADMIN", ""); n == 0 {
		t.Fatal("unlock cleared nothing")
	}
	if r := login(t, base, "admin", servertest.AdminPassword, ""); r.status != 201 {
		t.Fatalf("after unlock: %d", r.status)
	}
}
