package audio

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"antrean/shared/api"
)

// fakePlayer records what it plays and checks that plays never overlap.
type fakePlayer struct {
	mu      sync.Mutex
	played  []string
	active  atomic.Int32
	overlap atomic.Bool
	delay   time.Duration
	err     error
}

func (f *fakePlayer) Play(ctx context.Context, c api.Call) error {
	if f.active.Add(1) > 1 {
		f.overlap.Store(true)
	}
	defer f.active.Add(-1)
	time.Sleep(f.delay)
	f.mu.Lock()
	f.played = append(f.played, fmt.Sprintf("%s@%d/%v", c.Number, c.CounterNumber, c.Recall))
	f.mu.Unlock()
	return f.err
}

func (f *fakePlayer) list() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.played...)
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

func TestBurstAnnouncedInOrderWithoutOverlap(t *testing.T) {
	p := &fakePlayer{delay: 3 * time.Millisecond}
	var mu sync.Mutex
	var started []string
	a := New(p, Options{OnStart: func(c api.Call) {
		mu.Lock()
		started = append(started, c.Number)
		mu.Unlock()
	}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go a.Run(ctx)

	var want []string
	for i := 1; i <= 20; i++ { // a burst: all queued before the first ends
		n := fmt.Sprintf("A-%03d", i)
		want = append(want, fmt.Sprintf("%s@%d/false", n, i%4+1))
		a.Enqueue(api.Call{Number: n, CounterNumber: i%4 + 1})
	}
	waitFor(t, "20 plays", func() bool { return len(p.list()) == 20 })
	got := p.list()
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("play %d = %q, want %q (all: %v)", i, got[i], want[i], got)
		}
	}
	if p.overlap.Load() {
		t.Fatal("two announcements overlapped")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(started) != 20 || started[0] != "A-001" || started[19] != "A-020" {
		t.Fatalf("OnStart order = %v", started)
	}
}

func TestRecallIsSpokenAgain(t *testing.T) {
	p := &fakePlayer{}
	a := New(p, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go a.Run(ctx)
	a.Enqueue(api.Call{Number: "B-007", CounterNumber: 2})
	a.Enqueue(api.Call{Number: "B-007", CounterNumber: 2, Recall: true})
	waitFor(t, "2 plays", func() bool { return len(p.list()) == 2 })
	if got := p.list(); got[0] != "B-007@2/false" || got[1] != "B-007@2/true" {
		t.Fatalf("played %v", got)
	}
}

// OnStart must come before the call is heard, on the same goroutine, so
// the screen shows exactly the call being spoken.
func TestOnStartPrecedesPlay(t *testing.T) {
	release := make(chan struct{})
	var shown atomic.Value
	p := playerFunc(func(ctx context.Context, c api.Call) error {
		if shown.Load() != c.Number {
			return fmt.Errorf("playing %s while screen shows %v", c.Number, shown.Load())
		}
		<-release
		return nil
	})
	var errs atomic.Value
	a := New(p, Options{OnStart: func(c api.Call) { shown.Store(c.Number) }, Logf: func(f string, v ...any) { errs.Store(fmt.Sprintf(f, v...)) }})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go a.Run(ctx)
	a.Enqueue(api.Call{Number: "C-001"})
	a.Enqueue(api.Call{Number: "C-002"})
	waitFor(t, "first start", func() bool { return shown.Load() == "C-001" })
	time.Sleep(20 * time.Millisecond)
	if shown.Load() != "C-001" || a.Pending() != 1 {
		t.Fatalf("second call shown before the first was spoken: %v pending=%d", shown.Load(), a.Pending())
	}
	release <- struct{}{}
	waitFor(t, "second start", func() bool { return shown.Load() == "C-002" })
	release <- struct{}{}
	if e := errs.Load(); e != nil {
		t.Fatal(e)
	}
}

type playerFunc func(ctx context.Context, c api.Call) error

func (f playerFunc) Play(ctx context.Context, c api.Call) error { return f(ctx, c) }

func TestNoSoundDeviceWarnsOnceAndKeepsShowing(t *testing.T) {
	p := &fakePlayer{err: errors.New("aplay: audio open error: No such file or directory")}
	var warnings atomic.Int32
	var shown atomic.Int32
	now := time.Date(2026, 11, 26, 14, 5, 0, 0, time.UTC)
	var clock atomic.Int64
	clock.Store(now.UnixNano())
	a := New(p, Options{
		OnStart:  func(api.Call) { shown.Add(1) },
		Logf:     func(string, ...any) { warnings.Add(1) },
		Cooldown: time.Minute,
		Now:      func() time.Time { return time.Unix(0, clock.Load()) },
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go a.Run(ctx)
	for i := 0; i < 5; i++ {
		a.Enqueue(api.Call{Number: fmt.Sprintf("D-%03d", i)})
	}
	waitFor(t, "5 shown", func() bool { return shown.Load() == 5 })
	if n := len(p.list()); n != 1 {
		t.Fatalf("player tried %d times during the cooldown, want 1", n)
	}
	// After the cooldown audio is tried again, still without a second warning.
	clock.Store(now.Add(2 * time.Minute).UnixNano())
	a.Enqueue(api.Call{Number: "D-009"})
	waitFor(t, "6 shown", func() bool { return shown.Load() == 6 })
	waitFor(t, "retry", func() bool { return len(p.list()) == 2 })
	if warnings.Load() != 1 {
		t.Fatalf("%d warnings, want exactly 1", warnings.Load())
	}
}

func TestMutedStillShows(t *testing.T) {
	var shown atomic.Int32
	a := New(nil, Options{OnStart: func(api.Call) { shown.Add(1) }})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go a.Run(ctx)
	for i := 0; i < 1000; i++ {
		a.Enqueue(api.Call{Number: "E-001"})
	}
	waitFor(t, "1000 shown", func() bool { return shown.Load() == 1000 })
}
