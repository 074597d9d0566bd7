package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"antrean/display/audio"
	"antrean/shared/api"
	"antrean/shared/i18n"
)

func isolate(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("XDG_CONFIG_HOME", dir+"/config")
	t.Setenv("XDG_CACHE_HOME", dir+"/cache")
	t.Setenv("XDG_DATA_HOME", dir+"/data")
}

// logSink collects log lines.
type logSink struct {
	mu    sync.Mutex
	lines []string
}

func (l *logSink) logf(f string, a ...any) {
	l.mu.Lock()
	l.lines = append(l.lines, fmt.Sprintf(f, a...))
	l.mu.Unlock()
}

func (l *logSink) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

func newTestDisplay(t *testing.T, cfg Config) (*Display, *logSink) {
	d, logs, _ := newTestWindow(t, cfg)
	return d, logs
}

func newTestWindow(t *testing.T, cfg Config) (*Display, *logSink, fyne.Window) {
	t.Helper()
	isolate(t)
	test.NewTempApp(t)
	logs := &logSink{}
	if cfg.Logf == nil {
		cfg.Logf = logs.logf
	}
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return time.Date(2026, 11, 26, 7, 5, 0, 0, time.UTC) }
	}
	d := New(cfg)
	w := test.NewTempWindow(t, d.Content())
	w.SetPadded(false)
	w.Resize(fyne.NewSize(1920, 1080))
	return d, logs, w
}

func board() api.Board {
	return api.Board{
		Seq:  10,
		Site: api.Site{Name: "MPP Kota Pariaman", Timezone: "Asia/Jakarta", Announcements: []string{"Jam layanan 08.00–15.00"}},
		Counters: []api.BoardCounter{
			{Counter: api.Counter{ID: "c2", Number: 2, Name: "Dukcapil 2", Status: api.CounterOpen}},
			{Counter: api.Counter{ID: "c1", Number: 1, Name: "Dukcapil 1", Status: api.CounterOpen},
				Current: &api.Call{TicketID: "t0", Number: "A-000", CounterID: "c1", CounterNumber: 1}},
			{Counter: api.Counter{ID: "c3", Number: 3, Name: "Samsat", Status: api.CounterBreak}},
		},
		RecentCalls: []api.Call{{TicketID: "t0", Number: "A-000", CounterID: "c1", CounterNumber: 1}},
	}
}

func callEvent(id int64, typ api.EventType, c api.Call) api.Event {
	b, _ := json.Marshal(api.EventData{Call: &c, Zone: c.Zone})
	return api.Event{ID: id, Type: typ, Data: b}
}

func ticketEvent(id int64, typ api.EventType, t api.Ticket) api.Event {
	b, _ := json.Marshal(api.EventData{Ticket: &t})
	return api.Event{ID: id, Type: typ, Data: b}
}

func counterEvent(id int64, c api.Counter) api.Event {
	b, _ := json.Marshal(api.EventData{Counter: &c})
	return api.Event{ID: id, Type: api.EventCounterUpdated, Data: b}
}

func TestBoardSnapshotFillsGrid(t *testing.T) {
	d, _ := newTestDisplay(t, Config{})
	d.OnBoard(board())

	if d.siteName.t.Text != "MPP Kota Pariaman" {
		t.Errorf("site = %q", d.siteName.t.Text)
	}
	if got := d.clock.t.Text; got != "Kamis, 26 November 2026 14.05 WIB" {
		t.Errorf("clock = %q", got)
	}
	// Sorted by counter number, current ticket shown, break greyed.
	want := [][2]string{{"Loket 1", "A-000"}, {"Loket 2", "—"}, {"Loket 3", "Istirahat"}}
	for i, w := range want {
		c := d.cells[i]
		if c.title.t.Text != w[0] || c.number.t.Text != w[1] || !c.bg.Visible() {
			t.Errorf("cell %d = %q/%q visible=%v, want %v", i, c.title.t.Text, c.number.t.Text, c.bg.Visible(), w)
		}
	}
	if d.cells[2].bg.FillColor != colGreyBg || d.cells[0].bg.FillColor != colPanel {
		t.Error("break counter not greyed / open counter greyed")
	}
	if d.cells[3].bg.Visible() {
		t.Error("unused cell is visible")
	}
	if d.bigNumber.t.Text != "A-000" || d.pulsing {
		t.Errorf("big call from snapshot = %q pulsing=%v", d.bigNumber.t.Text, d.pulsing)
	}
	if d.tickerText.Text != "Jam layanan 08.00–15.00" {
		t.Errorf("ticker = %q", d.tickerText.Text)
	}
	// Text sizes follow the boxes, not fixed points: the big number is
	// the largest text on the screen.
	if d.bigNumber.t.TextSize <= d.cells[0].number.t.TextSize || d.bigNumber.t.TextSize < 150 {
		t.Errorf("big number size %.0f, cell size %.0f", d.bigNumber.t.TextSize, d.cells[0].number.t.TextSize)
	}
}

func TestCallEventUpdatesBigCallGridAndHistory(t *testing.T) {
	d, logs := newTestDisplay(t, Config{})
	d.OnBoard(board())
	d.OnEvent(callEvent(11, api.EventTicketCalled, api.Call{TicketID: "t1", Number: "B-001", CounterID: "c2",
		CounterNumber: 2, CounterName: "Dukcapil 2", AgencyShort: "Disdukcapil", ServiceName: "KTP-el"}))

	if d.bigNumber.t.Text != "B-001" || d.bigCounter.t.Text != "LOKET 2" || d.bigService.t.Text != "Disdukcapil · KTP-el" {
		t.Errorf("big = %q %q %q", d.bigNumber.t.Text, d.bigCounter.t.Text, d.bigService.t.Text)
	}
	if d.cells[1].number.t.Text != "B-001" {
		t.Errorf("grid cell of counter 2 = %q", d.cells[1].number.t.Text)
	}
	if d.rows[0].number.t.Text != "B-001" || d.rows[0].counter.t.Text != "Loket 2" || d.rows[1].number.t.Text != "A-000" {
		t.Errorf("history = %q %q / %q", d.rows[0].number.t.Text, d.rows[0].counter.t.Text, d.rows[1].number.t.Text)
	}
	if l := logs.all(); len(l) != 1 || l[0] != "display: call number=B-001 counter=2 recall=false" {
		t.Errorf("log = %q", l)
	}

	// Serving keeps it, done clears the cell, history keeps the call.
	d.OnEvent(ticketEvent(12, api.EventTicketServing, api.Ticket{ID: "t1", Number: "B-001", CounterID: "c2", CounterNumber: 2}))
	if d.cells[1].number.t.Text != "B-001" {
		t.Errorf("serving changed the cell: %q", d.cells[1].number.t.Text)
	}
	d.OnEvent(ticketEvent(13, api.EventTicketDone, api.Ticket{ID: "t1", Number: "B-001", CounterID: "c2"}))
	if d.cells[1].number.t.Text != "—" || d.rows[0].number.t.Text != "B-001" {
		t.Errorf("after done: cell %q history %q", d.cells[1].number.t.Text, d.rows[0].number.t.Text)
	}
	// A transfer clears the old ticket's counter.
	d.OnEvent(ticketEvent(14, api.EventTicketTransferred, api.Ticket{ID: "t9", Number: "A-000", TransferredFrom: "t0"}))
	if d.cells[0].number.t.Text != "—" {
		t.Errorf("after transfer: %q", d.cells[0].number.t.Text)
	}
}

func TestHistoryIsNewestFirstAndBounded(t *testing.T) {
	d, _ := newTestDisplay(t, Config{HistoryRows: 6})
	d.OnBoard(board())
	for i := 1; i <= 12; i++ {
		d.OnEvent(callEvent(int64(10+i), api.EventTicketCalled, api.Call{TicketID: fmt.Sprint("t", i),
			Number: fmt.Sprintf("A-%03d", i), CounterID: "c1", CounterNumber: 1}))
	}
	if len(d.rows) != 6 || len(d.history) != 6 {
		t.Fatalf("rows=%d history=%d", len(d.rows), len(d.history))
	}
	for i, r := range d.rows {
		if want := fmt.Sprintf("A-%03d", 12-i); r.number.t.Text != want {
			t.Errorf("row %d = %q, want %q", i, r.number.t.Text, want)
		}
	}
	// A recall of an older ticket moves it to the top, without a duplicate.
	d.OnEvent(callEvent(30, api.EventTicketRecalled, api.Call{TicketID: "t10", Number: "A-010", CounterID: "c1", CounterNumber: 1}))
	got := []string{}
	for _, r := range d.rows {
		got = append(got, r.number.t.Text)
	}
	if strings.Join(got, " ") != "A-010 A-012 A-011 A-009 A-008 A-007" {
		t.Errorf("after recall: %v", got)
	}
	if d.bigCaption.t.Text != "PANGGILAN ULANG" {
		t.Errorf("recall caption %q", d.bigCaption.t.Text)
	}
}

func TestCounterBreakGreysCell(t *testing.T) {
	d, _ := newTestDisplay(t, Config{})
	d.OnBoard(board())
	d.OnEvent(counterEvent(11, api.Counter{ID: "c2", Number: 2, Name: "Dukcapil 2", Status: api.CounterBreak}))
	c := d.cells[1]
	if c.number.t.Text != "Istirahat" || c.bg.FillColor != colGreyBg || c.number.t.Color != colGreyText {
		t.Errorf("break: %q %v", c.number.t.Text, c.bg.FillColor)
	}
	d.OnEvent(counterEvent(12, api.Counter{ID: "c2", Number: 2, Name: "Dukcapil 2", Status: api.CounterClosed}))
	if c.number.t.Text != "Tutup" {
		t.Errorf("closed: %q", c.number.t.Text)
	}
	d.OnEvent(counterEvent(13, api.Counter{ID: "c2", Number: 2, Name: "Dukcapil 2", Status: api.CounterOpen}))
	if c.number.t.Text != "—" || c.bg.FillColor != colPanel {
		t.Errorf("reopened: %q", c.number.t.Text)
	}
	// A new counter of the zone takes a free cell, in number order.
	d.OnEvent(counterEvent(14, api.Counter{ID: "c0", Number: 0, Name: "Info", Status: api.CounterOpen}))
	if d.cells[0].title.t.Text != "Loket 0" || !d.cells[3].bg.Visible() || d.cells[3].title.t.Text != "Loket 3" {
		t.Errorf("new counter: %q / %q", d.cells[0].title.t.Text, d.cells[3].title.t.Text)
	}
}

func TestOtherZoneIgnored(t *testing.T) {
	d, logs := newTestDisplay(t, Config{Zone: "lt1"})
	d.OnBoard(board())
	d.OnEvent(callEvent(11, api.EventTicketCalled, api.Call{TicketID: "x", Number: "Z-001", CounterID: "c9", CounterNumber: 9, Zone: "lt2"}))
	if d.bigNumber.t.Text == "Z-001" || len(logs.all()) != 0 {
		t.Error("a call of another zone was shown")
	}
}

func TestOfflineBadge(t *testing.T) {
	d, _ := newTestDisplay(t, Config{})
	d.OnBoard(board())
	if d.badge.t.Visible() {
		t.Fatal("badge visible while online")
	}
	d.OnOnline(false)
	if !d.badge.t.Visible() || !d.badgeBg.Visible() || !strings.Contains(d.badge.t.Text, "Terputus") {
		t.Fatal("badge hidden while offline")
	}
	// The last known state stays on screen.
	if d.cells[0].number.t.Text != "A-000" {
		t.Error("state lost while offline")
	}
	d.OnOnline(true)
	if d.badge.t.Visible() {
		t.Fatal("badge still visible after reconnect")
	}
}

func TestEnglish(t *testing.T) {
	d, _ := newTestDisplay(t, Config{Lang: i18n.EN})
	d.OnBoard(board())
	if d.cells[2].number.t.Text != "On break" || d.cells[0].title.t.Text != "Counter 1" ||
		d.clock.t.Text != "Thursday, 26 November 2026 14:05 WIB" {
		t.Errorf("english: %q %q %q", d.cells[2].number.t.Text, d.cells[0].title.t.Text, d.clock.t.Text)
	}
}

// gate is a fake player: it tells the test which call it plays and waits
// for the test to let it finish, so the test sees the screen mid-speech.
type gate struct {
	playing chan api.Call
	release chan struct{}
}

func (g *gate) Play(ctx context.Context, c api.Call) error {
	g.playing <- c
	select {
	case <-g.release:
	case <-ctx.Done():
	}
	return nil
}

func TestBurstAnnouncedInOrderHighlightFollows(t *testing.T) {
	g := &gate{playing: make(chan api.Call), release: make(chan struct{})}
	var d *Display
	ann := audio.New(g, audio.Options{OnStart: func(c api.Call) { d.Announced(c) }})
	d, logs := newTestDisplay(t, Config{Announce: ann.Enqueue})
	d.OnBoard(board())
	ctx, cancel := context.WithCancel(context.Background())
	// The announcer calls into the UI: it must be gone before the next test.
	annDone := make(chan struct{})
	go func() { ann.Run(ctx); close(annDone) }()
	defer func() { cancel(); <-annDone }()

	// 20 calls within a second (faster than any voice).
	for i := 1; i <= 20; i++ {
		d.OnEvent(callEvent(int64(10+i), api.EventTicketCalled, api.Call{TicketID: fmt.Sprint("t", i),
			Number: fmt.Sprintf("A-%03d", i), CounterID: "c1", CounterNumber: 1}))
	}
	// Grid and history are current at once…
	if d.cells[0].number.t.Text != "A-020" || d.rows[0].number.t.Text != "A-020" {
		t.Fatalf("grid/history not current: %q %q", d.cells[0].number.t.Text, d.rows[0].number.t.Text)
	}
	if n := len(logs.all()); n != 20 {
		t.Fatalf("%d call log lines, want 20", n)
	}
	// …while the big call follows the voice, one call at a time, in order.
	for i := 1; i <= 20; i++ {
		var c api.Call
		select {
		case c = <-g.playing:
		case <-time.After(5 * time.Second):
			t.Fatalf("announcement %d never started", i)
		}
		want := fmt.Sprintf("A-%03d", i)
		if c.Number != want {
			t.Fatalf("announcement %d = %s, want %s", i, c.Number, want)
		}
		if d.bigNumber.t.Text != want {
			t.Fatalf("speaking %s while the screen shows %s", want, d.bigNumber.t.Text)
		}
		g.release <- struct{}{}
	}
	// A recall is spoken again and shown as a recall.
	d.OnEvent(callEvent(40, api.EventTicketRecalled, api.Call{TicketID: "t5", Number: "A-005", CounterID: "c1", CounterNumber: 1}))
	select {
	case c := <-g.playing:
		if c.Number != "A-005" || !c.Recall || d.bigCaption.t.Text != "PANGGILAN ULANG" || d.bigNumber.t.Text != "A-005" {
			t.Fatalf("recall: %+v caption %q", c, d.bigCaption.t.Text)
		}
		g.release <- struct{}{}
	case <-time.After(5 * time.Second):
		t.Fatal("recall not announced")
	}
}

func TestLayoutScalesWithWindow(t *testing.T) {
	d, _, w := newTestWindow(t, Config{})
	d.OnBoard(board())
	sizes := map[string]float32{}
	for _, s := range []fyne.Size{{Width: 1920, Height: 1080}, {Width: 3840, Height: 2160}, {Width: 1080, Height: 1920}} {
		w.Resize(s)
		key := fmt.Sprintf("%.0fx%.0f", s.Width, s.Height)
		sizes[key] = d.bigNumber.t.TextSize
		// Everything stays inside the window.
		for _, o := range d.root.Objects {
			if !o.Visible() {
				continue
			}
			p, z := o.Position(), o.Size()
			if p.X < -0.5 || p.Y < -0.5 || p.Y+z.Height > s.Height+0.5 || (p.X+z.Width > s.Width+0.5 && o != d.tickerText) {
				t.Errorf("%s: object %T at %v size %v leaves the window", key, o, p, z)
			}
		}
	}
	if r := sizes["3840x2160"] / sizes["1920x1080"]; r < 1.95 || r > 2.05 {
		t.Errorf("4K big number is %.2f× the 1080p one, want 2×", r)
	}
	if sizes["1080x1920"] < 120 {
		t.Errorf("portrait big number only %.0f", sizes["1080x1920"])
	}
}

func TestNewCallBlinksThenSettles(t *testing.T) {
	now := time.Date(2026, 11, 26, 7, 5, 0, 0, time.UTC)
	d, _ := newTestDisplay(t, Config{PulseFor: 3 * time.Second, Now: func() time.Time { return now }})
	d.OnBoard(board())
	d.OnEvent(callEvent(11, api.EventTicketCalled, api.Call{TicketID: "t1", Number: "B-001", CounterID: "c2", CounterNumber: 2}))
	if !d.pulsing || d.bigNumber.t.Color != colInk {
		t.Fatal("a new call is not highlighted")
	}
	first := d.bigBg.FillColor
	d.Post(d.tick)
	if d.bigBg.FillColor == first {
		t.Error("highlight does not blink")
	}
	now = now.Add(4 * time.Second)
	d.Post(d.tick)
	if d.pulsing || d.bigBg.FillColor != colPanel || d.bigNumber.t.Color != colText {
		t.Error("highlight did not settle")
	}
}

func TestLongTickerIsPaged(t *testing.T) {
	long := ""
	for i := 1; i <= 40; i++ {
		long += fmt.Sprintf("kata%d ", i)
	}
	now := time.Date(2026, 11, 26, 7, 5, 0, 0, time.UTC)
	d, _ := newTestDisplay(t, Config{Ticker: []string{long, "Kedua"}, PageFor: time.Second, Now: func() time.Time { return now }})
	if len(d.pages) < 3 || d.pages[len(d.pages)-1] != "Kedua" {
		t.Fatalf("pages = %q", d.pages)
	}
	for _, p := range d.pages {
		if w := fyne.MeasureText(p, d.tickerText.TextSize, d.tickerText.TextStyle).Width; w > d.footBox.W {
			t.Errorf("page %q is %.0f wide, footer %.0f", p, w, d.footBox.W)
		}
	}
	if strings.ReplaceAll(strings.Join(d.pages[:len(d.pages)-1], " "), "… ", "") != strings.TrimSpace(long) {
		t.Error("paging lost words")
	}
	first := d.tickerText.Text
	d.Post(d.tick)
	if d.tickerText.Text != first {
		t.Error("the first page did not get its full time")
	}
	now = now.Add(2 * time.Second)
	d.Post(d.tick)
	if d.tickerText.Text == first || !strings.HasPrefix(d.tickerText.Text, "… ") {
		t.Errorf("the page did not turn to a continuation: %q", d.tickerText.Text)
	}
}
