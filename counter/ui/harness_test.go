package ui

import (
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"antrean/shared/i18n"
)

// pump collects the console's UI work so the test goroutine runs it: the
// test is then the UI goroutine, as the real app's main loop is.
type pump struct {
	mu sync.Mutex
	q  []func()
}

func (p *pump) do(f func()) { p.mu.Lock(); p.q = append(p.q, f); p.mu.Unlock() }

func (p *pump) drain() {
	for {
		p.mu.Lock()
		if len(p.q) == 0 {
			p.mu.Unlock()
			return
		}
		f := p.q[0]
		p.q = p.q[1:]
		p.mu.Unlock()
		f()
	}
}

type harness struct {
	t     *testing.T
	app   fyne.App
	win   fyne.Window
	pump  *pump
	c     *Console
	fake  *fakeAPI
	prefs fyne.Preferences
}

func isolate(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("XDG_CONFIG_HOME", dir+"/config")
	t.Setenv("XDG_CACHE_HOME", dir+"/cache")
	t.Setenv("XDG_DATA_HOME", dir+"/data")
}

// newHarness builds a console on a test window; edit cfg before Start.
func newHarness(t *testing.T, a API, edit func(*Config)) *harness {
	t.Helper()
	isolate(t)
	h := &harness{t: t, pump: &pump{}}
	h.app = test.NewTempApp(t)
	h.prefs = h.app.Preferences()
	h.win = h.app.NewWindow("Loket")
	h.win.Resize(fyne.NewSize(480, 640))
	cfg := Config{API: a, Prefs: h.prefs, Lang: i18n.ID, Do: h.pump.do, ServerURL: "http://test",
		Debounce: 20 * time.Millisecond, Tick: 50 * time.Millisecond, UndoDelay: 100 * time.Millisecond}
	if edit != nil {
		edit(&cfg)
	}
	h.c = New(h.win, cfg)
	t.Cleanup(func() { h.c.Close(); h.pump.drain() })
	return h
}

func newFakeHarness(t *testing.T) *harness {
	f := newFake()
	h := newHarness(t, f, nil)
	h.fake = f
	return h
}

// wait runs the UI work until cond holds (or fails after 5 s).
func (h *harness) wait(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		h.pump.drain()
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// login signs in through the login screen and waits for the desk.
func (h *harness) login(user, pass string) {
	h.t.Helper()
	if h.c.Login == nil {
		h.t.Fatal("login screen not shown")
	}
	h.c.Login.Username.SetText(user)
	h.c.Login.Password.SetText(pass)
	test.Tap(h.c.Login.Submit)
	h.waitDesk()
}

// waitDesk waits until the desk shows a view and is ready for an action.
func (h *harness) waitDesk() {
	h.t.Helper()
	h.wait("the desk", func() bool { return h.c.Desk != nil && h.c.Desk.hasView && !h.c.Desk.busy })
}

// tap taps a button and waits until the action has finished.
func (h *harness) tap(b *KeyButton) {
	h.t.Helper()
	if b.Disabled() {
		h.t.Fatalf("button %q is disabled", b.Text)
	}
	test.Tap(b)
	h.settle()
}

// key types an F-key on the canvas and waits until the action finished.
func (h *harness) key(k fyne.KeyName) {
	h.t.Helper()
	h.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k})
	h.settle()
}

// press types a key and runs the UI work, without waiting for an action
// (a no-show then waits for its undo time).
func (h *harness) press(k fyne.KeyName) {
	h.t.Helper()
	h.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k})
	h.pump.drain()
}

func (h *harness) settle() {
	h.t.Helper()
	h.wait("the action", func() bool {
		return h.c.Desk == nil || (h.c.sess != nil && h.c.sess.inFlight == 0 && !h.c.Desk.busy && h.c.pending == nil)
	})
}

// enabled lists which action buttons are enabled, as a compact string.
func enabled(d *DeskScreen) string {
	var on []string
	for _, b := range []struct {
		n string
		b *KeyButton
	}{{"next", d.CallNext}, {"recall", d.Recall}, {"start", d.Start}, {"finish", d.Finish},
		{"finishnext", d.FinishNext}, {"noshow", d.NoShow}, {"requeue", d.Requeue}, {"transfer", d.Transfer}} {
		if !b.b.Disabled() {
			on = append(on, b.n)
		}
	}
	return strings.Join(on, ",")
}
