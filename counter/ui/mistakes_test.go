package ui

import (
	"image/color"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"antrean/shared/api"
	sharedui "antrean/shared/ui"
)

// testClock is a clock the test moves; the console and the fake server
// share it.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock { return &testClock{t: time.Now()} }

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *testClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// clockHarness is a fake desk on a test clock, logged in, with queue
// tickets issued (ktp) and the catalog read.
func clockHarness(t *testing.T, edit func(*fakeAPI, *Config), tickets ...api.Priority) (*harness, *testClock) {
	t.Helper()
	clk := newTestClock()
	f := newFake()
	f.now = clk.Now
	h := newHarness(t, f, func(c *Config) {
		c.Now = clk.Now
		if edit != nil {
			edit(f, c)
		}
	})
	h.fake = f
	for _, p := range tickets {
		f.issue("ktp", p)
	}
	h.c.Start()
	h.login("petugas1", "demo123")
	h.wait("the catalog", func() bool { return h.c.sess.catalog != nil })
	return h, clk
}

func TestNoShowWaitsForARecall(t *testing.T) {
	h, _ := clockHarness(t, nil, api.PriorityNone)
	d := h.c.Desk
	h.tap(d.CallNext)
	if !d.NoShow.Disabled() {
		t.Fatal("no-show must wait after the first call")
	}
	if !d.Hint.Visible() || !strings.Contains(d.Hint.Text, "panggil ulang (F2)") || !strings.Contains(d.Hint.Text, "1:00") {
		t.Errorf("hint = %q (default %v)", d.Hint.Text, DefaultNoShowAfter)
	}
	h.key(fyne.KeyF5) // says why instead of acting
	if h.c.pending != nil || h.fake.count("NoShow") != 0 {
		t.Fatal("F5 before a recall must not act")
	}
	if d.Message.Text != d.Hint.Text || !d.Message.TextStyle.Bold {
		t.Errorf("F5 should explain itself, got %q", d.Message.Text)
	}
	h.tap(d.Recall)
	if d.NoShow.Disabled() || d.Hint.Visible() {
		t.Error("after a recall no-show is allowed and the hint goes")
	}
}

func TestNoShowAfterTheSiteDelay(t *testing.T) {
	h, clk := clockHarness(t, func(f *fakeAPI, _ *Config) { f.site.NoShowAfterSeconds = 90 }, api.PriorityNone)
	d := h.c.Desk
	if got := h.c.NoShowAfter(); got != 90*time.Second {
		t.Fatalf("NoShowAfter = %v, want the site's 90 s", got)
	}
	h.tap(d.CallNext)
	if !strings.Contains(d.Hint.Text, "1:30") {
		t.Errorf("hint = %q, want the site's 1:30", d.Hint.Text)
	}
	clk.Add(61 * time.Second) // past the default, not the site's delay
	h.wait("a tick", func() bool { return strings.Contains(d.Hint.Text, "0:29") })
	if !d.NoShow.Disabled() {
		t.Fatal("the site asks for 90 s")
	}
	clk.Add(30 * time.Second)
	h.wait("no-show to unlock", func() bool { return !d.NoShow.Disabled() })
	if d.Hint.Visible() {
		t.Error("the hint must go once no-show is allowed")
	}
}

func TestNoShowUndo(t *testing.T) {
	h, _ := clockHarness(t, func(_ *fakeAPI, c *Config) { c.UndoDelay = 300 * time.Millisecond }, api.PriorityNone)
	d := h.c.Desk
	h.tap(d.CallNext)
	h.tap(d.Recall)
	id := d.view.Current.ID
	test.Tap(d.NoShow)
	h.pump.drain()
	if h.c.pending == nil || !d.Undo.Visible() || d.Undo.Disabled() {
		t.Fatal("no-show must wait with Batalkan on screen")
	}
	if !strings.Contains(d.Message.Text, "A-001 akan dicatat TIDAK HADIR") {
		t.Errorf("message = %q", d.Message.Text)
	}
	if got := enabled(d); got != "next" {
		t.Errorf("while it waits only call next (which sends it at once) is enabled, got %q", got)
	}
	if h.prefs.String(PrefPendingNoShow) == "" {
		t.Error("the pending no-show must be saved until sent")
	}
	test.Tap(d.Undo)
	h.pump.drain()
	if h.c.pending != nil || d.Undo.Visible() || d.Message.Text != "Dibatalkan: A-001 tetap dipanggil" {
		t.Errorf("after undo: pending %v, message %q", h.c.pending != nil, d.Message.Text)
	}
	if h.prefs.String(PrefPendingNoShow) != "" {
		t.Error("an undone no-show must be forgotten")
	}
	time.Sleep(400 * time.Millisecond) // past the undo time: nothing goes out
	h.pump.drain()
	if n := h.fake.count("NoShow"); n != 0 || d.State.Text != "Dipanggil" {
		t.Fatalf("undone no-show sent %d times, state %q", n, d.State.Text)
	}

	// Esc undoes too; then the real thing goes out once, after the delay.
	h.press(fyne.KeyF5)
	h.press(fyne.KeyEscape)
	if h.c.pending != nil {
		t.Fatal("Esc must undo")
	}
	h.press(fyne.KeyF5)
	h.settle()
	if d.State.Text != "Tidak hadir" || d.Message.Text != "A-001 dicatat tidak hadir" {
		t.Errorf("after the delay: %q %q", d.State.Text, d.Message.Text)
	}
	time.Sleep(100 * time.Millisecond)
	h.pump.drain()
	if got := h.fake.noShow; len(got) != 1 || got[0] != id {
		t.Errorf("no-shows sent %v, want exactly [%s]", got, id)
	}
	if h.prefs.String(PrefPendingNoShow) != "" {
		t.Error("a sent no-show must be forgotten")
	}
}

// pendingHarness has A-001 called, recalled and its no-show waiting.
func pendingHarness(t *testing.T, delay time.Duration) (*harness, string) {
	t.Helper()
	h, _ := clockHarness(t, func(_ *fakeAPI, c *Config) { c.UndoDelay = delay },
		api.PriorityNone, api.PriorityNone)
	d := h.c.Desk
	h.tap(d.CallNext)
	h.tap(d.Recall)
	id := d.view.Current.ID
	test.Tap(d.NoShow)
	h.pump.drain()
	if h.c.pending == nil {
		t.Fatal("no pending no-show")
	}
	return h, id
}

func TestLogoutDuringUndoSendsItOnce(t *testing.T) {
	// The undo delay is long enough that a busy machine does not send
	// the no-show before the logout is tapped.
	h, id := pendingHarness(t, 2*time.Second)
	test.Tap(h.c.Desk.Logout)
	h.wait("the login", func() bool { return h.c.Login != nil })
	if got := h.fake.noShow; len(got) != 1 || got[0] != id {
		t.Fatalf("no-show sent %v before logging out, want [%s] (with the session's token)", got, id)
	}
	time.Sleep(2100 * time.Millisecond) // the undo timer must not send it again
	h.pump.drain()
	if n := h.fake.count("NoShow"); n != 1 {
		t.Errorf("NoShow called %d times", n)
	}
	if h.prefs.String(PrefPendingNoShow) != "" || h.c.Login.Message.Visible() {
		t.Error("a no-show sent on logout is done: nothing saved, nothing to say")
	}
}

func TestCloseDuringUndoSendsItOnce(t *testing.T) {
	h, id := pendingHarness(t, 2*time.Second) // long enough for a busy machine, as above
	h.c.Close()                               // the window closes: sent now, before the app ends
	if got := h.fake.noShow; len(got) != 1 || got[0] != id {
		t.Fatalf("no-show sent %v on close, want [%s]", got, id)
	}
	time.Sleep(2100 * time.Millisecond)
	h.pump.drain()
	if n := h.fake.count("NoShow"); n != 1 {
		t.Errorf("NoShow called %d times", n)
	}
}

func TestQuitSendsBeforeTheWindowCloses(t *testing.T) {
	h, id := pendingHarness(t, time.Hour)
	var sentBeforeClose []string
	closed := false
	h.c.Quit(func() { sentBeforeClose = append([]string(nil), h.fake.noShow...); closed = true })
	h.wait("the window to close", func() bool { return closed })
	if len(sentBeforeClose) != 1 || sentBeforeClose[0] != id {
		t.Errorf("sent before close: %v", sentBeforeClose)
	}
}

// A no-show the app could not send (server away when it closed) is sent
// by the next desk at that counter, once, if the ticket is still called
// there.
func TestUnsentNoShowIsReplayedAtNextStart(t *testing.T) {
	h, id := pendingHarness(t, time.Hour)
	h.fake.mu.Lock()
	h.fake.fail["NoShow"] = &api.Error{Code: api.CodeUnavailable}
	h.fake.mu.Unlock()
	h.c.Close()
	if len(h.fake.noShow) != 0 {
		t.Fatal("the failed send must not count")
	}
	if got := h.prefs.String(PrefPendingNoShow); !strings.Contains(got, id) {
		t.Fatalf("the unsent no-show must stay saved, got %q", got)
	}

	// The next start at the same counter (saved session) sends it.
	c2 := New(h.win, Config{API: h.fake, Prefs: h.prefs, Do: h.pump.do, Now: h.c.cfg.Now})
	h.c = c2
	t.Cleanup(c2.Close)
	c2.Start()
	h.waitDesk()
	h.settle()
	if got := h.fake.noShow; len(got) != 1 || got[0] != id {
		t.Fatalf("replayed %v, want [%s]", got, id)
	}
	if !strings.Contains(c2.Desk.Message.Text, "tertunda dari sesi sebelumnya") || h.prefs.String(PrefPendingNoShow) != "" {
		t.Errorf("message %q, saved %q", c2.Desk.Message.Text, h.prefs.String(PrefPendingNoShow))
	}
}

func TestStaleSavedNoShowIsDropped(t *testing.T) {
	h, _ := clockHarness(t, nil, api.PriorityNone)
	h.tap(h.c.Desk.CallNext)
	h.tap(h.c.Desk.Start) // the citizen came after all
	h.prefs.SetString(PrefPendingNoShow, "loket-1\t"+h.c.Desk.view.Current.ID+"\tA-001")
	h.c.Close()
	c2 := New(h.win, Config{API: h.fake, Prefs: h.prefs, Do: h.pump.do})
	h.c = c2
	t.Cleanup(c2.Close)
	c2.Start()
	h.waitDesk()
	h.settle()
	if h.fake.count("NoShow") != 0 || h.prefs.String(PrefPendingNoShow) != "" {
		t.Errorf("a no-show for a ticket no longer called must be dropped: sent %d, saved %q",
			h.fake.count("NoShow"), h.prefs.String(PrefPendingNoShow))
	}
}

func TestCallNextDuringUndoSendsTheNoShowFirst(t *testing.T) {
	h, id := pendingHarness(t, time.Hour)
	d := h.c.Desk
	if !d.CallNext.Visible() || d.CallNext.Disabled() {
		t.Fatal("call next should be the primary while a no-show waits")
	}
	h.tap(d.CallNext)
	if got := h.fake.noShow; len(got) != 1 || got[0] != id {
		t.Fatalf("no-show sent %v", got)
	}
	if d.Number.Text != "A-002" || d.Message.Text != "A-001 dicatat tidak hadir · Memanggil A-002" {
		t.Errorf("after F1: %q %q", d.Number.Text, d.Message.Text)
	}
}

func TestPrimaryButtonFollowsTheTicket(t *testing.T) {
	h, _ := clockHarness(t, nil, api.PriorityNone)
	d := h.c.Desk
	primary := func() *KeyButton {
		var vis []*KeyButton
		for _, b := range []*KeyButton{d.CallNext, d.Start, d.FinishNext} {
			if b.Visible() {
				vis = append(vis, b)
			}
		}
		if len(vis) != 1 {
			t.Fatalf("%d primary buttons on screen", len(vis))
		}
		if vis[0].Importance != widget.HighImportance {
			t.Errorf("%q is not highlighted", vis[0].Text)
		}
		return vis[0]
	}
	if primary() != d.CallNext {
		t.Error("idle: call next")
	}
	h.tap(d.CallNext)
	if p := primary(); p != d.Start || p.Text != "Mulai layani (F3)" {
		t.Errorf("after a call the primary is %q", p.Text)
	}
	for _, b := range d.secondary {
		if b.Importance == widget.HighImportance || b.Importance == widget.WarningImportance || b.Importance == widget.DangerImportance {
			t.Errorf("%q must not stand out after a call", b.Text)
		}
	}
	h.tap(d.Start)
	if p := primary(); p != d.FinishNext {
		t.Errorf("serving: primary %q", p.Text)
	}
}

func TestFinishAndCallNextInOnePress(t *testing.T) {
	h, _ := clockHarness(t, nil, api.PriorityNone, api.PriorityNone, api.PriorityNone)
	d := h.c.Desk
	h.tap(d.CallNext)
	h.tap(d.Start)
	// A double press: the second tap arrives while the first is in flight.
	hold := make(chan error)
	h.fake.mu.Lock()
	h.fake.hold["Finish"] = hold
	h.fake.mu.Unlock()
	test.Tap(d.FinishNext)
	h.pump.drain()
	test.Tap(d.FinishNext)
	h.press(fyne.KeyF8)
	hold <- nil
	h.settle()
	h.fake.mu.Lock()
	delete(h.fake.hold, "Finish")
	h.fake.mu.Unlock()
	if n, m := h.fake.count("Finish"), h.fake.count("CallNext"); n != 1 || m != 2 {
		t.Fatalf("Finish %d× and CallNext %d× for one press (want 1 and 1 after the first call)", n, m)
	}
	if d.Number.Text != "A-002" || d.State.Text != "Dipanggil" || d.Message.Text != "A-001 selesai · Memanggil A-002" {
		t.Errorf("after F8: %q %q %q", d.Number.Text, d.State.Text, d.Message.Text)
	}
	if !strings.Contains(d.Today.Text, "1 dilayani") {
		t.Errorf("today = %q", d.Today.Text)
	}
	// The held key finds a called ticket now: F8 does nothing.
	h.key(fyne.KeyF8)
	if h.fake.count("Finish") != 1 {
		t.Error("F8 on a called ticket must do nothing")
	}
	h.key(fyne.KeyF3)
	h.key(fyne.KeyF8)
	if d.Number.Text != "A-003" {
		t.Errorf("F8 again: %q", d.Number.Text)
	}
}

func TestFinishDoneButCallFailedIsSaidPlainly(t *testing.T) {
	h, _ := clockHarness(t, nil, api.PriorityNone, api.PriorityNone)
	d := h.c.Desk
	h.tap(d.CallNext)
	h.tap(d.Start)
	h.fake.mu.Lock()
	h.fake.fail["CallNext"] = &api.Error{Code: api.CodeUnavailable}
	h.fake.mu.Unlock()
	h.tap(d.FinishNext)
	if !strings.HasPrefix(d.Message.Text, "A-001 selesai dilayani, tetapi nomor berikutnya GAGAL dipanggil") ||
		!strings.Contains(d.Message.Text, "Tekan F1") || d.Message.Importance != widget.DangerImportance {
		t.Errorf("message = %q (%v)", d.Message.Text, d.Message.Importance)
	}
	if d.State.Text != "Selesai" || !strings.Contains(d.Today.Text, "1 dilayani") {
		t.Errorf("the finish stands: %q %q", d.State.Text, d.Today.Text)
	}
	h.key(fyne.KeyF1)
	if d.Number.Text != "A-002" {
		t.Errorf("F1 retry: %q", d.Number.Text)
	}
}

func TestWaitingListShowsClassesAndMinutes(t *testing.T) {
	h, clk := clockHarness(t, nil, api.PriorityElderly, api.PriorityDisability, api.PriorityPregnant,
		api.PriorityOther, api.PriorityNone)
	d := h.c.Desk
	var classes, minutes []string
	for _, c := range d.Waiting.Cells {
		classes = append(classes, c.Class)
		minutes = append(minutes, c.Minutes.Text)
	}
	if got := strings.Join(classes, "|"); got != "Lansia|Disabilitas|Ibu hamil|Prioritas|" {
		t.Errorf("classes = %q", got)
	}
	if got := strings.Join(minutes, "|"); got != "1 mnt|1 mnt|1 mnt|1 mnt|1 mnt" { // issued 90 s ago
		t.Errorf("minutes = %q", got)
	}
	clk.Add(11 * time.Minute)
	h.wait("the minutes to tick", func() bool { return d.Waiting.Cells[0].Minutes.Text == "12 mnt" })
}

// The list shows as many numbers as the window has room for: at 1366×768
// every number the server lists, at 480×640 still two rows; the counter's
// own line when the server gives it, each service's first numbers from an
// older server.
func TestWaitingListUsesTheSpace(t *testing.T) {
	for _, tc := range []struct {
		size       fyne.Size
		line       bool
		cells, min int
		more       string
	}{
		{fyne.NewSize(1366, 768), true, 10, 10, "+14 lagi"},
		{fyne.NewSize(480, 640), true, 10, 6, "+14 lagi"},
		{fyne.NewSize(1366, 768), false, 15, 15, "+3 lagi"},
		{fyne.NewSize(480, 640), false, 15, 6, "+3 lagi"},
	} {
		f := newFake()
		if !tc.line {
			f.lineCap = 0
		}
		f.counters[0].ServiceIDs = []string{"ktp", "kk", "paspor"}
		for i := 0; i < 24; i++ {
			f.issue([]string{"ktp", "kk", "paspor"}[i%3], api.PriorityNone)
		}
		h := newHarness(t, f, nil)
		h.win.Resize(tc.size)
		h.c.Start()
		h.login("petugas1", "demo123")
		d := h.c.Desk
		if len(d.Waiting.Cells) != tc.cells || len(d.Waiting.more) == 0 || d.Waiting.more[0].Text != tc.more {
			t.Fatalf("line %v: cells %d, more %d", tc.line, len(d.Waiting.Cells), len(d.Waiting.more))
		}
		drv := fyne.CurrentApp().Driver()
		top := drv.AbsolutePositionForObject(d.waitScroll).Y
		bottom := top + d.waitScroll.Size().Height
		visible := 0
		for _, c := range d.Waiting.Cells {
			y := drv.AbsolutePositionForObject(c.root).Y - d.waitScroll.Offset.Y
			if y >= top && y+c.root.Size().Height <= bottom+1 {
				visible++
			}
		}
		if visible < tc.min {
			t.Errorf("%v (line %v): %d numbers visible without scrolling, want ≥ %d", tc.size, tc.line, visible, tc.min)
		}
	}
}

func TestTransferDialogFitsTheWindowAndScrolls(t *testing.T) {
	f := busyFake()
	h := newHarness(t, f, nil)
	h.fake = f
	h.win.Resize(fyne.NewSize(480, 640))
	h.c.Start()
	h.login("petugas1", "demo123")
	h.wait("the catalog", func() bool { return h.c.sess.catalog != nil })
	h.key(fyne.KeyF1)
	h.key(fyne.KeyF7)
	tr := h.c.Desk.transfer
	drv := fyne.CurrentApp().Driver()
	pos, size := drv.AbsolutePositionForObject(tr.scroll), tr.scroll.Size()
	if pos.X < 0 || pos.Y < 0 || pos.X+size.Width > 480 || pos.Y+size.Height > 640 {
		t.Errorf("the list lies at %v %v, outside 480×640", pos, size)
	}
	if tr.list.MinSize().Height <= size.Height {
		t.Fatalf("a large MPP's list must scroll: content %v, view %v", tr.list.MinSize(), size)
	}
	if len(tr.Groups) != 16 || len(tr.Rows) != 2+1+56 {
		t.Errorf("%d agency groups, %d targets", len(tr.Groups), len(tr.Rows))
	}
	last := tr.Rows[len(tr.Rows)-1]
	tr.scroll.ScrollToBottom()
	if y := drv.AbsolutePositionForObject(last).Y; y+last.Size().Height > pos.Y+size.Height+1 {
		t.Errorf("the last target is out of reach even scrolled down (y %v)", y)
	}
	test.Type(tr.Filter, "instansi 14")
	if len(tr.Groups) != 1 || len(tr.Rows) != 4 {
		t.Errorf("filter: %d groups, %d rows", len(tr.Groups), len(tr.Rows))
	}
	h.press(fyne.KeyEscape) // the field has the keyboard; Esc still closes
	tr.Filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.c.Desk.dialogOpen {
		t.Error("Esc must close the dialog")
	}
}

func TestCounterSignInTheAgencyColour(t *testing.T) {
	h, _ := clockHarness(t, nil)
	d := h.c.Desk
	if got := d.SignBg.FillColor; got != (color.NRGBA{R: 0x1A, G: 0x7F, B: 0x37, A: 0xFF}) {
		t.Errorf("sign = %v, want the agency's #1A7F37", got)
	}
	if d.Subtitle.Text != "Disdukcapil" || d.Title.Color != sharedui.Paper {
		t.Errorf("subtitle %q, title colour %v", d.Subtitle.Text, d.Title.Color)
	}

	h2, _ := clockHarness(t, func(f *fakeAPI, _ *Config) { f.agencies[0].Color = "" })
	want := sharedui.AgencyColor(api.Agency{ID: "dukcapil"})
	if got := h2.c.Desk.SignBg.FillColor; got != want {
		t.Errorf("without a site colour the sign is %v, want the derived %v", got, want)
	}
}

// The officer's PC clock may be off: the no-show delay counts on the
// server's clock (measured at the catalog read).
func TestNoShowDelayUsesTheServerClock(t *testing.T) {
	local := newTestClock()
	server := &testClock{t: local.Now().Add(3 * time.Minute)} // the server is 3 min ahead
	f := newFake()
	f.now = server.Now
	h := newHarness(t, f, func(c *Config) { c.Now = local.Now })
	h.fake = f
	f.issue("ktp", api.PriorityNone)
	h.c.Start()
	h.login("petugas1", "demo123")
	h.wait("the catalog", func() bool { return h.c.sess.catalog != nil })
	if off := h.c.sess.offset; off < 179*time.Second || off > 181*time.Second {
		t.Fatalf("offset = %v", off)
	}
	h.tap(h.c.Desk.CallNext)
	if !strings.HasSuffix(h.c.Desk.Hint.Text, "tunggu 1:00") {
		t.Errorf("hint = %q: the delay must not include the clock difference", h.c.Desk.Hint.Text)
	}
}

func TestScaleFor(t *testing.T) {
	for _, c := range []struct {
		s    fyne.Size
		want float32
	}{{fyne.NewSize(480, 640), 1}, {fyne.NewSize(1920, 1080), 1}, {fyne.NewSize(1080, 1920), 1},
		{fyne.NewSize(2560, 1440), 1.25}, {fyne.NewSize(3840, 2160), 2}, {fyne.NewSize(3840, 1080), 1}} {
		if got := ScaleFor(c.s); got != c.want {
			t.Errorf("ScaleFor(%v) = %v, want %v", c.s, got, c.want)
		}
	}
}

// A long text in a FitText shrinks to fit instead of being cut, down to
// its minimum.
func TestFitTextShrinks(t *testing.T) {
	test.NewTempApp(t)
	ft := NewFitText("Loket 12 — Badan Pertanahan Nasional", 10, 40)
	w := test.NewWindow(ft)
	defer w.Close()
	w.Resize(fyne.NewSize(600, 80))
	big := ft.TextSize()
	w.Resize(fyne.NewSize(250, 80))
	small := ft.TextSize()
	if !(small < big) || fyne.MeasureText(ft.Text, small, ft.Style).Width > ft.Size().Width {
		t.Errorf("sizes %v → %v, text %v wide in %v", big, small, fyne.MeasureText(ft.Text, small, ft.Style).Width, ft.Size().Width)
	}
	if big > 40 {
		t.Errorf("max exceeded: %v", big)
	}
}
