package queue

import (
	"sync"
	"time"
)

// Clock gives the current time; the server uses SystemClock, tests a FixedClock.
type Clock interface{ Now() time.Time }

// SystemClock is the wall clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// FixedClock is a settable clock for tests; safe for concurrent use.
type FixedClock struct {
	mu   sync.Mutex
	t    time.Time
	step time.Duration
}

// NewFixedClock returns a clock standing at t.
func NewFixedClock(t time.Time) *FixedClock { return &FixedClock{t: t} }

// NewSteppingClock returns a clock at t that moves on by step after each
// reading: time passes as things happen (two tickets never share a time)
// but never by itself, so a test cannot run into a day change.
func NewSteppingClock(t time.Time, step time.Duration) *FixedClock {
	return &FixedClock{t: t, step: step}
}

// Now returns the clock's time.
func (c *FixedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.t
	c.t = c.t.Add(c.step)
	return t
}

// Set moves the clock to t.
func (c *FixedClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Advance moves the clock forward by d (backward when d < 0).
func (c *FixedClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}
