package httpapi

import (
	"sync"
	"time"
)

// limiter is a token bucket per key: `burst` at once, then `rate` per
// second. A take is a reservation; refund gives it back when nothing was
// done (a replayed idempotent request, a refused one).
type limiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	now     func() time.Time
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(perSecond float64, burst int, now func() time.Time) *limiter {
	return &limiter{rate: perSecond, burst: float64(burst), now: now, buckets: map[string]*bucket{}}
}

// fill brings k's bucket up to now; l.mu is held.
func (l *limiter) fill(k string) *bucket {
	now := l.now()
	b := l.buckets[k]
	if b == nil {
		if len(l.buckets) > 10000 {
			for key, old := range l.buckets {
				if now.Sub(old.at).Seconds()*l.rate+old.tokens >= l.burst {
					delete(l.buckets, key) // full again: same as absent
				}
			}
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[k] = b
	}
	if d := now.Sub(b.at); d > 0 {
		b.tokens = min(l.burst, b.tokens+d.Seconds()*l.rate)
		b.at = now
	}
	return b
}

// take reserves one token for k, or says how long until one is there.
func (l *limiter) take(k string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.fill(k)
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

func (l *limiter) refund(k string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.fill(k)
	b.tokens = min(l.burst, b.tokens+1)
}
