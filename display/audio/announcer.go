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

// Chimer is a Player that can also play the chime alone (a sound check).
type Chimer interface {
	PlayChime(ctx context.Context) error
}

// Options tune an Announcer; every field is optional.
type Options struct {
	// Quiet reports quiet hours (the site is closed): sounds other than
	// calls are dropped then. A call is always spoken.
	Quiet func(time.Time) bool
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
	queue   []item
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

// item is a call to speak, or (chime) the chime alone.
type item struct {
	call  api.Call
	chime bool
}

// Enqueue adds a call at the end of the queue; it never blocks.
func (a *Announcer) Enqueue(c api.Call) { a.push(item{call: c}) }

// Chime queues the chime alone (a sound check, or attention before a
// notice). Outside the site's hours (Options.Quiet) it is not played.
func (a *Announcer) Chime() { a.push(item{chime: true}) }

func (a *Announcer) push(it item) {
	a.mu.Lock()
	a.queue = append(a.queue, it)
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

func (a *Announcer) next() (item, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.queue) == 0 {
		return item{}, false
	}
	c := a.queue[0]
	a.queue[0] = item{}
	a.queue = a.queue[1:]
	if len(a.queue) == 0 {
		a.queue = nil // let a long burst's backing array go
	}
	return c, true
}

// Run serves the queue until ctx is done.
func (a *Announcer) Run(ctx context.Context) {
	for {
		it, ok := a.next()
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
		if it.chime {
			a.chime(ctx)
			continue
		}
		if a.opt.OnStart != nil {
			a.opt.OnStart(it.call)
		}
		a.play(ctx, func() error { return a.player.Play(ctx, it.call) })
	}
}

// chime plays the chime alone unless the site is closed now.
func (a *Announcer) chime(ctx context.Context) {
	ch, ok := a.player.(Chimer)
	if !ok || (a.opt.Quiet != nil && a.opt.Quiet(a.opt.Now())) {
		return
	}
	a.play(ctx, func() error { return ch.PlayChime(ctx) })
}

func (a *Announcer) play(ctx context.Context, play func() error) {
	if a.player == nil || a.opt.Now().Before(a.offTill) {
		return
	}
	err := play()
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
