package httpapi

import (
	"strings"
	"sync"
	"time"
)

// throttle slows password guessing with progressive delays instead of a
// hard lock, so nobody can lock an account (the admin's included) for
// long by failing on purpose, and the right password works again soon
// after an attack stops.
//
// Three keys count failures: the username from one address ("pair"), the
// username from anywhere ("user") and the address for any username
// ("addr"). After `free` failures a key asks for a pause before the next
// try, doubling per further failure up to `max`. The pair key is the
// strict one; the user key is looser so an attacker elsewhere delays the
// real user only briefly; the address key stops spraying many usernames.
//
// A try reserves its place before the password is checked (bcrypt is
// slow), so concurrent guesses cannot all slip past a limit: while a key
// is at its limit only one try at a time is let through, and its outcome
// decides the next pause. In memory: a restart forgets.
type throttle struct {
	mu      sync.Mutex
	now     func() time.Time
	entries map[string]*entry
	limits  map[byte]limit // by key kind: 'p'air, 'u'ser, 'a'ddr
}

// limit is one kind of key's schedule.
type limit struct {
	free   int           // failures without any pause
	base   time.Duration // first pause
	max    time.Duration // longest pause
	forget time.Duration // failures are forgotten this long after the last
}

type entry struct {
	fails   int
	pending int       // tries reserved and not yet decided
	next    time.Time // no try before this
	last    time.Time // last failure
}

var defaultLimits = map[byte]limit{
	'p': {free: 5, base: time.Second, max: time.Minute, forget: 15 * time.Minute},
	'u': {free: 10, base: time.Second, max: 15 * time.Second, forget: 15 * time.Minute},
	// Many officers may share one address (NAT): the floor must survive a
	// few colleagues mistyping.
	'a': {free: 30, base: time.Second, max: time.Minute, forget: 15 * time.Minute},
}

func newThrottle(now func() time.Time) *throttle {
	return &throttle{now: now, entries: map[string]*entry{}, limits: defaultLimits}
}

func normUser(u string) string { return strings.ToLower(strings.TrimSpace(u)) }

func loginKeys(user, addr string) []string {
	u := normUser(user)
	return []string{"p:" + u + "\x00" + addr, "u:" + u, "a:" + addr}
}

// attempt is one reserved try.
type attempt struct {
	t    *throttle
	keys []string
	done bool
}

// begin reserves a try for user from addr. When refused it returns nil
// and how long to wait.
func (t *throttle) begin(user, addr string) (*attempt, time.Duration) {
	keys := loginKeys(user, addr)
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var wait time.Duration
	for _, k := range keys {
		e := t.entry(k, now, false)
		if e == nil {
			continue
		}
		l := t.limits[k[0]]
		switch {
		case now.Before(e.next):
			wait = max(wait, e.next.Sub(now))
		case e.fails+e.pending >= l.free && e.pending > 0:
			// At the limit with a try in flight: its outcome decides.
			wait = max(wait, l.base)
		}
	}
	if wait > 0 {
		return nil, wait
	}
	for _, k := range keys {
		t.entry(k, now, true).pending++
	}
	return &attempt{t: t, keys: keys}, 0
}

// entry returns the live entry of k (forgetting an old one), creating it
// when asked; t.mu is held.
func (t *throttle) entry(k string, now time.Time, create bool) *entry {
	e := t.entries[k]
	if e != nil && e.pending == 0 && !now.Before(e.next) && now.Sub(e.last) > t.limits[k[0]].forget {
		delete(t.entries, k)
		e = nil
	}
	if e == nil && create {
		e = &entry{}
		t.entries[k] = e
		t.prune(now)
	}
	return e
}

// prune forgets idle entries now and then so the map stays bounded.
func (t *throttle) prune(now time.Time) {
	if len(t.entries) < 10000 {
		return
	}
	for k, e := range t.entries {
		if e.pending == 0 && !now.Before(e.next) && now.Sub(e.last) > t.limits[k[0]].forget {
			delete(t.entries, k)
		}
	}
}

func (a *attempt) finish(f func(k string, e *entry, l limit, now time.Time)) {
	if a == nil || a.done {
		return
	}
	a.done = true
	t := a.t
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	for _, k := range a.keys {
		e := t.entries[k]
		if e == nil {
			continue
		}
		e.pending--
		if f != nil {
			f(k, e, t.limits[k[0]], now)
		}
		if e.fails == 0 && e.pending == 0 {
			delete(t.entries, k)
		}
	}
}

// fail records a wrong password: the next pause grows.
func (a *attempt) fail() {
	a.finish(func(_ string, e *entry, l limit, now time.Time) {
		e.fails++
		e.last = now
		if over := e.fails - l.free; over >= 0 {
			d := l.base
			for i := 0; i < over && d < l.max; i++ {
				d *= 2
			}
			e.next = now.Add(min(d, l.max))
		}
	})
}

// succeed clears the username's keys (not the address's: one good
// password must not unlock guessing at other accounts from there).
func (a *attempt) succeed() {
	a.finish(func(k string, e *entry, _ limit, _ time.Time) {
		if k[0] != 'a' {
			e.fails, e.next = 0, time.Time{}
		}
	})
}

// cancel returns the reservation of a try that checked no password
// (malformed request, server busy, database error).
func (a *attempt) cancel() { a.finish(nil) }

// unlock forgets the failures of a username and/or an address; it
// returns how many keys were cleared.
func (t *throttle) unlock(user, addr string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	u := normUser(user)
	n := 0
	for k, e := range t.entries {
		var hit bool
		switch k[0] {
		case 'u':
			hit = u != "" && k[2:] == u
		case 'a':
			hit = addr != "" && k[2:] == addr
		case 'p':
			pu, pa, _ := strings.Cut(k[2:], "\x00")
			hit = (u != "" && pu == u) || (addr != "" && pa == addr)
		}
		if hit && (e.fails > 0 || !e.next.IsZero()) {
			e.fails, e.next = 0, time.Time{}
			if e.pending == 0 {
				delete(t.entries, k)
			}
			n++
		}
	}
	return n
}
