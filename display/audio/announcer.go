// Package audio speaks hall-display calls: a FIFO queue served by one
// goroutine, so two announcements never overlap and none is dropped.
package audio

import (
	"context"
	"log"
	"sync"
	"time"

	"antrean/shared/api"
)

// Player says one call (chime, then the phrase) and returns when it has
// finished. Play runs on the announcer's goroutine only.
type Player interface {
	Play(ctx context.Context, c api.Call) error
}

// Options tune an Announcer; every field is optional.
type Options struct {
	// OnStart runs (on the announcer goroutine) just before a call is
	// spoken, so the screen can highlight the call being heard.
	OnStart func(api.Call)
	// Cooldown is how long audio stays off after the player failed (no
	// sound device): calls are still shown, one warning is logged.
	Cooldown time.Duration
	Logf     func(format string, args ...any)
	Now      func() time.Time
}

// Announcer queues calls and speaks them one after another.
type Announcer struct {
	player Player
	opt    Options

	mu      sync.Mutex
	queue   []api.Call
	wake    chan struct{}
	offTill time.Time // audio disabled until then after a failure
	warned  bool
}

// New makes an Announcer; a nil player means muted (calls only reach OnStart).
func New(p Player, o Options) *Announcer {
	if o.Cooldown <= 0 {
		o.Cooldown = 5 * time.Minute
	}
	if o.Logf == nil {
		o.Logf = log.Printf
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Announcer{player: p, opt: o, wake: make(chan struct{}, 1)}
}

// Enqueue adds a call at the end of the queue; it never blocks.
func (a *Announcer) Enqueue(c api.Call) {
	a.mu.Lock()
	a.queue = append(a.queue, c)
	a.mu.Unlock()
	select {
	case a.wake <- struct{}{}:
	default:
	}
}

// Pending is the number of calls waiting to be spoken (not counting the
// one being spoken).
func (a *Announcer) Pending() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.queue)
}

func (a *Announcer) next() (api.Call, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.queue) == 0 {
		return api.Call{}, false
	}
	c := a.queue[0]
	a.queue[0] = api.Call{}
	a.queue = a.queue[1:]
	if len(a.queue) == 0 {
		a.queue = nil // let a long burst's backing array go
	}
	return c, true
}

// Run serves the queue until ctx is done.
func (a *Announcer) Run(ctx context.Context) {
	for {
		c, ok := a.next()
		if !ok {
			select {
			case <-ctx.Done():
				return
			case <-a.wake:
				continue
			}
		}
		if ctx.Err() != nil {
			return
		}
		if a.opt.OnStart != nil {
			a.opt.OnStart(c)
		}
		a.speak(ctx, c)
	}
}

func (a *Announcer) speak(ctx context.Context, c api.Call) {
	if a.player == nil || a.opt.Now().Before(a.offTill) {
		return
	}
	err := a.player.Play(ctx, c)
	if err == nil || ctx.Err() != nil {
		return
	}
	// A missing sound device fails every call the same way: warn once,
	// then stop trying for a while so calls keep flowing on screen.
	a.offTill = a.opt.Now().Add(a.opt.Cooldown)
	if !a.warned {
		a.warned = true
		a.opt.Logf("display: audio unavailable, calls are shown without sound (retry in %s): %v", a.opt.Cooldown, err)
	}
}
