package httpapi

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// throttle limits failed logins per username and per client address, so a
// password cannot be guessed at network speed. In memory: a restart
// forgets, which costs an attacker a restart per burst at most.
type throttle struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	fails  map[string][]time.Time
	now    func() time.Time
}

func newThrottle(max int, window time.Duration) *throttle {
	return &throttle{max: max, window: window, fails: map[string][]time.Time{}, now: time.Now}
}

func loginKeys(r *http.Request, username string) []string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return []string{"user:" + strings.ToLower(strings.TrimSpace(username)), "addr:" + host}
}

// blocked reports whether any key has used up its failures in the window.
func (t *throttle) blocked(keys []string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		max := t.max
		if strings.HasPrefix(k, "addr:") {
			// Many officers may share one address (NAT, proxy): one
			// mistyping colleague must not lock out the whole floor.
			max *= 5
		}
		if len(t.recent(k)) >= max {
			return true
		}
	}
	return false
}

func (t *throttle) fail(keys []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		t.fails[k] = append(t.recent(k), t.now())
	}
	// Forget idle entries now and then so the map cannot grow without bound.
	if len(t.fails) > 10000 {
		for k := range t.fails {
			if len(t.recent(k)) == 0 {
				delete(t.fails, k)
			}
		}
	}
}

// succeed clears the username's failures (not the address's: one good
// password must not unlock guessing at other accounts from there).
func (t *throttle) succeed(keys []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, keys[0])
}

// recent drops failures older than the window; t.mu is held.
func (t *throttle) recent(k string) []time.Time {
	cut := t.now().Add(-t.window)
	fs := t.fails[k]
	i := 0
	for i < len(fs) && fs[i].Before(cut) {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(t.fails, k)
		return nil
	}
	t.fails[k] = fs
	return fs
}
