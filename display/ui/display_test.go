package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"antrean/display/audio"
	"antrean/display/board"
	"antrean/shared/api"
	"antrean/shared/i18n"
	sharedui "antrean/shared/ui"
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

// 26 Nov 2026 14:05 WIB.
var t0 = time.Date(2026, 11, 26, 7, 5, 0, 0, time.UTC)

func newTestDisplay(t *testing.T, cfg Config) (*Display, *logSink) {
	d, logs, _ := newTestWindow(t, cfg, 1920, 1080)
	return d, logs
}

func newTestWindow(t *testing.T, cfg Config, w, h float32) (*Display, *logSink, fyne.Window) {
	t.Helper()
	isolate(t)
	a := test.NewTempApp(t)
	a.Settings().SetTheme(Theme())
	logs := &logSink{}
	if cfg.Logf == nil {
		cfg.Logf = logs.logf
	}
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return t0 }
	}
	d := New(cfg)
	win := test.NewTempWindow(t, d.Content())
	win.SetPadded(false)
	win.Resize(fyne.NewSize(w, h))
	return d, logs, win
}

func sampleBoard() api.Board {
	return api.Board{
		Seq:  10,
		Site: api.Site{Name: "MPP Kota Pariaman", Timezone: "Asia/Jakarta", Announcements: []string{"Jam layanan 08.00–15.00"}},
		Counters: []api.BoardCounter{
			{Counter: api.Counter{ID: "c2", Number: 2, Name: "Dukcapil 2", Status: api.CounterOpen, Staffed: true}},
			{Counter: api.Counter{ID: "c1", Number: 1, Name: "Dukcapil 1", Status: api.CounterOpen, Staffed: true},
				Current: &api.Call{TicketID: "t0", Number: "A-000", CounterID: "c1", CounterNumber: 1, At: t0}},
			{Counter: api.Counter{ID: "c3", Number: 3, Name: "Samsat", Status: api.CounterBreak, Staffed: true}},
		},
		RecentCalls: []api.Call{{TicketID: "t0", Number: "A-000", CounterID: "c1", CounterNumber: 1, At: t0}},
	}
}

func callEvent(id int64, typ api.EventType, c api.Call) api.Event {
	if c.At.IsZero() {
		c.At = t0
	}
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
	d.OnBoard(sampleBoard())

	if d.header.siteName.t.Text != "MPP Kota Pariaman" {
		t.Errorf("site = %q", d.header.siteName.t.Text)
	}
	if got := d.header.clock.t.Text; got != "Kamis, 26 November 2026 14.05 WIB" {
		t.Errorf("clock = %q", got)
	}
	// Sorted by counter number, current ticket shown, break marked.
	want := [][2]string{{"Loket 1", "A-000"}, {"Loket 2", "—"}, {"Loket 3", "Istirahat"}}
	for i, w := range want {
		c := d.cells[i]
		if c.title.t.Text != w[0] || c.number.t.Text != w[1] || !c.bg.Visible() {
			t.Errorf("cell %d = %q/%q visible=%v, want %v", i, c.title.t.Text, c.number.t.Text, c.bg.Visible(), w)
		}
	}
	if d.cells[2].bg.FillColor != colBreakBg || d.cells[0].bg.FillColor != colPanel {
		t.Error("break counter not marked / open counter marked")
	}
	if d.cells[3].bg.Visible() {
		t.Error("unused cell is visible")
	}
	if d.big.number.t.Text != "A-000" || d.st.Pulsing() {
		t.Errorf("big call from snapshot = %q pulsing=%v", d.big.number.t.Text, d.st.Pulsing())
	}
	if d.tick.text() != "Jam layanan 08.00–15.00" {
		t.Errorf("ticker = %q", d.tick.text())
	}
}

func TestCallEventUpdatesBigCallGridAndHistory(t *testing.T) {
	d, logs := newTestDisplay(t, Config{})
	d.OnBoard(sampleBoard())
	d.OnEvent(callEvent(11, api.EventTicketCalled, api.Call{TicketID: "t1", Number: "B-001", CounterID: "c2",
		CounterNumber: 2, CounterName: "Dukcapil 2", AgencyID: "disdukcapil", AgencyShort: "Disdukcapil", ServiceName: "KTP-el"}))

	if d.big.number.t.Text != "B-001" || d.big.counter.t.Text != "LOKET 2" || d.big.service.t.Text != "Disdukcapil · KTP-el" {
		t.Errorf("big = %q %q %q", d.big.number.t.Text, d.big.counter.t.Text, d.big.service.t.Text)
	}
	if d.cells[1].number.t.Text != "B-001" {
		t.Errorf("grid cell of counter 2 = %q", d.cells[1].number.t.Text)
	}
	rows := d.hist.rows
	if rows[0].number.t.Text != "B-001" || rows[0].counter.t.Text != "Loket 2" || rows[1].number.t.Text != "A-000" {
		t.Errorf("history = %q %q / %q", rows[0].number.t.Text, rows[0].counter.t.Text, rows[1].number.t.Text)
	}
	if rows[2].number.t.Visible() || rows[2].bg.Visible() {
		t.Error("an empty history row is drawn")
	}
	if l := logs.all(); len(l) != 1 || l[0] != "display: call number=B-001 counter=2 recall=false" {
		t.Errorf("log = %q", l)
	}
	// The service line sits on the agency's colour.
	if d.big.chip.FillColor != sharedui.AgencyColor(api.Agency{ID: "disdukcapil"}) {
		t.Errorf("agency chip %v", d.big.chip.FillColor)
	}

	// Serving keeps it; done clears the cell and the big call, not the history.
	d.OnEvent(ticketEvent(12, api.EventTicketServing, api.Ticket{ID: "t1", Number: "B-001", CounterID: "c2", CounterNumber: 2}))
	if d.cells[1].number.t.Text != "B-001" {
		t.Errorf("serving changed the cell: %q", d.cells[1].number.t.Text)
	}
	d.OnEvent(ticketEvent(13, api.EventTicketDone, api.Ticket{ID: "t1", Number: "B-001", CounterID: "c2"}))
	if d.cells[1].number.t.Text != "—" || rows[0].number.t.Text != "B-001" {
		t.Errorf("after done: cell %q history %q", d.cells[1].number.t.Text, rows[0].number.t.Text)
	}
	// The call was being announced: it stays until its pulse ends.
	if d.big.number.t.Text != "B-001" {
		t.Errorf("big call dropped mid-announcement: %q", d.big.number.t.Text)
	}
	// A transfer clears the old ticket's counter.
	d.OnEvent(ticketEvent(14, api.EventTicketTransferred, api.Ticket{ID: "t9", Number: "A-000", TransferredFrom: "t0"}))
	if d.cells[0].number.t.Text != "—" {
		t.Errorf("after transfer: %q", d.cells[0].number.t.Text)
	}
}

// The grid and the big call drop a call that no longer stands, on screen.
func TestStaleBigCallLeavesTheScreen(t *testing.T) {
	now := t0
	d, _ := newTestDisplay(t, Config{PulseFor: 2 * time.Second, Now: func() time.Time { return now }})
	d.OnBoard(sampleBoard())
	if d.big.number.t.Text != "A-000" {
		t.Fatalf("big %q", d.big.number.t.Text)
	}
	d.OnEvent(ticketEvent(11, api.EventTicketRequeued, api.Ticket{ID: "t0", Number: "A-000", State: api.StateWaiting}))
	if d.big.number.t.Text != "Menunggu panggilan" || d.big.counter.t.Text != "" || d.cells[0].number.t.Text != "—" {
		t.Errorf("requeued call still shown: big %q/%q cell %q", d.big.number.t.Text, d.big.counter.t.Text, d.cells[0].number.t.Text)
	}
	// Counter on break while its call is up.
	d.OnEvent(callEvent(12, api.EventTicketCalled, api.Call{TicketID: "t1", Number: "B-001", CounterID: "c2", CounterNumber: 2}))
	now = now.Add(3 * time.Second)
	d.Post(d.heartbeat)
	if d.big.number.t.Text != "B-001" {
		t.Fatalf("big %q", d.big.number.t.Text)
	}
	d.OnEvent(counterEvent(13, api.Counter{ID: "c2", Number: 2, Status: api.CounterBreak, Staffed: true}))
	if d.big.number.t.Text != "Menunggu panggilan" || d.cells[1].number.t.Text != "Istirahat" {
		t.Errorf("call of a counter on break: big %q cell %q", d.big.number.t.Text, d.cells[1].number.t.Text)
	}
	// Midnight WIB: the day's recent calls go too.
	now = time.Date(2026, 11, 26, 17, 0, 5, 0, time.UTC)
	d.Post(d.heartbeat)
	if d.hist.rows[0].number.t.Visible() || !strings.HasPrefix(d.header.clock.t.Text, "Jumat, 27 November 2026 00.00") {
		t.Errorf("after midnight: history %q clock %q", d.hist.rows[0].number.t.Text, d.header.clock.t.Text)
	}
}

func TestCounterStatesLookDifferent(t *testing.T) {
	d, _ := newTestDisplay(t, Config{})
	b := sampleBoard()
	b.Counters = append(b.Counters,
		api.BoardCounter{Counter: api.Counter{ID: "c4", Number: 4, Status: api.CounterOpen, Staffed: false}},
		api.BoardCounter{Counter: api.Counter{ID: "c5", Number: 5, Status: api.CounterClosed}})
	d.OnBoard(b)
	idle, brk, unstaffed, closed := d.cells[1], d.cells[2], d.cells[3], d.cells[4]
	if unstaffed.number.t.Text != "Tanpa petugas" || closed.number.t.Text != "Tutup" || brk.number.t.Text != "Istirahat" {
		t.Errorf("texts: %q %q %q", unstaffed.number.t.Text, closed.number.t.Text, brk.number.t.Text)
	}
	// Every state has its own look: an unstaffed counter is not an open idle one.
	looks := map[string]string{}
	for name, c := range map[string]*cell{"idle": idle, "break": brk, "unstaffed": unstaffed, "closed": closed} {
		k := fmt.Sprint(c.bg.FillColor, c.number.t.Color)
		if other, dup := looks[k]; dup {
			t.Errorf("%s looks like %s", name, other)
		}
		looks[k] = name
	}
	d.OnEvent(counterEvent(11, api.Counter{ID: "c4", Number: 4, Status: api.CounterOpen, Staffed: true}))
	if unstaffed.number.t.Text != "—" || unstaffed.bg.FillColor != idle.bg.FillColor {
		t.Errorf("staffed: %q %v", unstaffed.number.t.Text, unstaffed.bg.FillColor)
	}
	d.OnEvent(counterEvent(12, api.Counter{ID: "c2", Number: 2, Status: api.CounterOpen, Staffed: true}))
	d.OnEvent(counterEvent(13, api.Counter{ID: "c0", Number: 0, Name: "Info", Status: api.CounterOpen, Staffed: true}))
	if d.cells[0].title.t.Text != "Loket 0" || d.cells[1].title.t.Text != "Loket 1" || !d.cells[5].bg.Visible() {
		t.Errorf("new counter: %q %q", d.cells[0].title.t.Text, d.cells[1].title.t.Text)
	}
}

// The grid band carries the agency's one colour (from the catalog's
// Color when set, else derived from its id) and its short name.
func TestAgencyColourOnGrid(t *testing.T) {
	d, _ := newTestDisplay(t, Config{})
	b := sampleBoard()
	b.Counters[0].ServiceIDs = []string{"kk"}
	b.Counters[2].ServiceIDs = []string{"pkb"}
	d.OnBoard(b)
	d.OnCatalog(api.Catalog{
		Agencies: []api.Agency{{ID: "disdukcapil", Short: "Disdukcapil", Color: "#0B5394"}, {ID: "samsat", Short: "Samsat"}},
		Services: []api.Service{{ID: "kk", AgencyID: "disdukcapil"}, {ID: "pkb", AgencyID: "samsat"}},
	})
	if c := d.cells[1]; c.band.FillColor != (color.NRGBA{0x0b, 0x53, 0x94, 0xff}) || c.name.String() != "Disdukcapil" {
		t.Errorf("counter 2 band %v name %q", c.band.FillColor, c.name.String())
	}
	// Counter 3 is on break: its band is the break colour, not the agency's.
	d.OnEvent(counterEvent(11, api.Counter{ID: "c3", Number: 3, Status: api.CounterOpen, Staffed: true}))
	if c := d.cells[2]; c.band.FillColor != sharedui.AgencyColor(api.Agency{ID: "samsat"}) || c.name.String() != "Samsat" {
		t.Errorf("counter 3 band %v name %q", c.band.FillColor, c.name.String())
	}
}

func TestOfflineBadge(t *testing.T) {
	d, _ := newTestDisplay(t, Config{})
	d.OnBoard(sampleBoard())
	if d.header.badge.t.Visible() {
		t.Fatal("badge visible while online")
	}
	d.OnOnline(false)
	if !d.header.badge.t.Visible() || !d.header.badgeBg.Visible() || !strings.Contains(d.header.badge.t.Text, "Terputus") {
		t.Fatal("badge hidden while offline")
	}
	// The last known state stays on screen.
	if d.cells[0].number.t.Text != "A-000" {
		t.Error("state lost while offline")
	}
	d.OnOnline(true)
	if d.header.badge.t.Visible() {
		t.Fatal("badge still visible after reconnect")
	}
}

func TestEnglish(t *testing.T) {
	d, _ := newTestDisplay(t, Config{Lang: i18n.EN})
	d.OnBoard(sampleBoard())
	if d.cells[2].number.t.Text != "On break" || d.cells[0].title.t.Text != "Counter 1" ||
		d.header.clock.t.Text != "Thursday, 26 November 2026 14:05 WIB" {
		t.Errorf("english: %q %q %q", d.cells[2].number.t.Text, d.cells[0].title.t.Text, d.header.clock.t.Text)
	}
}

// gate is a fake player: it tells the test which call it plays and waits
// for the test to let it finish, so the test sees the screen mid-speech.
type gate struct {
	playing chan api.Call
	release chan struct{}
}

func (g *gate) Play(ctx context.Context, c api.Call) error {
	select {
	case g.playing <- c:
	case <-ctx.Done():
		return nil
	}
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
	d.OnBoard(sampleBoard())
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
	var cellNow, rowNow string
	d.inspect(func() { cellNow, rowNow = d.cells[0].number.t.Text, d.hist.rows[0].number.t.Text })
	if cellNow != "A-020" || rowNow != "A-020" {
		t.Fatalf("grid/history not current: %q %q", cellNow, rowNow)
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
		var shown string
		d.inspect(func() { shown = d.big.number.t.Text })
		if shown != want {
			t.Fatalf("speaking %s while the screen shows %s", want, shown)
		}
		g.release <- struct{}{}
	}
	// A recall is spoken again and shown as a recall.
	d.OnEvent(callEvent(40, api.EventTicketRecalled, api.Call{TicketID: "t5", Number: "A-005", CounterID: "c1", CounterNumber: 1}))
	select {
	case c := <-g.playing:
		var caption, number string
		d.inspect(func() { caption, number = d.big.caption.t.Text, d.big.number.t.Text })
		if c.Number != "A-005" || !c.Recall || caption != "PANGGILAN ULANG" || number != "A-005" {
			t.Fatalf("recall: %+v caption %q", c, caption)
		}
		g.release <- struct{}{}
	case <-time.After(5 * time.Second):
		t.Fatal("recall not announced")
	}
}

// A new call flashes the big panel and its counter's cell together, then
// both settle.
func TestNewCallFlashesPanelAndCellThenSettles(t *testing.T) {
	now := t0
	d, _ := newTestDisplay(t, Config{PulseFor: 3 * time.Second, Now: func() time.Time { return now }})
	d.OnBoard(sampleBoard())
	d.OnEvent(callEvent(11, api.EventTicketCalled, api.Call{TicketID: "t1", Number: "B-001", CounterID: "c2", CounterNumber: 2}))
	cell := d.cells[1]
	if !d.st.Pulsing() || d.big.number.t.Color != colInk || d.big.bg.FillColor != colAccent {
		t.Fatal("a new call is not highlighted")
	}
	if cell.bg.FillColor != d.big.bg.FillColor || cell.number.t.Color != colInk {
		t.Errorf("the called counter's cell does not flash with the big call: %v vs %v", cell.bg.FillColor, d.big.bg.FillColor)
	}
	if d.cells[0].bg.FillColor != colPanel {
		t.Error("another counter's cell flashes")
	}
	d.Post(d.heartbeat)
	if d.big.bg.FillColor != colAccentDeep || cell.bg.FillColor != colAccentDeep {
		t.Error("highlight does not blink (panel and cell together)")
	}
	now = now.Add(4 * time.Second)
	d.Post(d.heartbeat)
	// Settled: the call stays on the accent colour, steady; its cell calms.
	if d.st.Pulsing() || d.big.bg.FillColor != colAccent || d.big.number.t.Color != colInk || cell.bg.FillColor != colPanel {
		t.Error("highlight did not settle")
	}
	d.Post(d.heartbeat)
	if d.big.bg.FillColor != colAccent {
		t.Error("a settled call still blinks")
	}
}

// The running text shows whole sentences: a page never ends inside one.
func TestTickerPagesAreWholeSentences(t *testing.T) {
	msgs := []string{
		"Selamat datang di Mal Pelayanan Publik Kota Pariaman. Siapkan dokumen asli dan fotokopinya sebelum nomor Anda dipanggil.",
		"Seluruh layanan di MPP tidak dipungut biaya kecuali yang ditetapkan peraturan. Tolak pungutan liar!",
		"Hari Jumat layanan istirahat pukul 11.30–13.30 WIB untuk salat Jumat.",
		"Sampaikan saran dan pengaduan melalui SP4N-LAPOR! di lapor.go.id.",
		"Kalimat yang panjang sekali, lebih panjang dari satu baris layar, tetap utuh di satu halaman sampai selesai.",
	}
	var want []string
	for _, m := range msgs {
		want = append(want, sentences(m)...)
	}
	if len(want) != 7 || want[5] != "Sampaikan saran dan pengaduan melalui SP4N-LAPOR! di lapor.go.id." {
		t.Fatalf("sentences: %q", want)
	}
	for _, sz := range [][2]float32{{1920, 1080}, {1366, 768}, {1080, 1920}} {
		now := t0
		d, _, _ := newTestWindow(t, Config{Ticker: msgs, PageFor: time.Second, Now: func() time.Time { return now }}, sz[0], sz[1])
		var shown []string
		for i := 0; i < len(d.tick.pages); i++ {
			p := d.tick.pages[d.tick.idx]
			var line []string
			for _, l := range d.tick.lines {
				if !l.Visible() {
					continue
				}
				line = append(line, l.Text)
				if w := fyne.MeasureText(l.Text, l.TextSize, l.TextStyle).Width; l.Position().X+w > sz[0] {
					t.Errorf("%v: %q runs off the screen", sz, l.Text)
				}
			}
			if len(line) != len(p.lines) || p.size < d.tick.oneLine()*0.45 {
				t.Errorf("%v: page %q at size %.0f (one line %.0f)", sz, line, p.size, d.tick.oneLine())
			}
			shown = append(shown, strings.Join(line, " "))
			d.Post(d.heartbeat) // first page's clock starts
			now = now.Add(2 * time.Second)
			d.Post(d.heartbeat)
		}
		// Every page is whole sentences, and together they are the text.
		joined := strings.Join(shown, " ")
		if joined != strings.Join(want, " ") {
			t.Errorf("%v: pages %q", sz, shown)
		}
		for _, p := range shown {
			if !strings.HasSuffix(p, ".") && !strings.HasSuffix(p, "!") {
				t.Errorf("%v: page ends mid-sentence: %q", sz, p)
			}
		}
	}
}

func TestTickerScrollsWholeMessages(t *testing.T) {
	d, _ := newTestDisplay(t, Config{Ticker: []string{"Satu. Dua.", "Tiga."}, TickerFPS: 25})
	l := d.tick.lines[0]
	if l.Text != "Satu. Dua." {
		t.Fatalf("scrolling shows %q", l.Text)
	}
	x := l.Position().X
	d.Post(d.tick.step)
	if l.Position().X >= x {
		t.Error("the text did not move")
	}
	for i := 0; i < 1000 && l.Text == "Satu. Dua."; i++ {
		d.Post(d.tick.step)
	}
	if l.Text != "Tiga." {
		t.Errorf("next message %q", l.Text)
	}
}

// captureInk measures text as drawn: the height in pixels of the rows of
// o's box that hold pixels of its colour.
func captureInk(img image.Image, o *canvas.Text) int {
	p, s := o.Position(), o.Size()
	// The object's position is relative to the root, which sits at 0,0.
	r := image.Rect(int(p.X), int(p.Y), int(p.X+s.Width), int(p.Y+s.Height)).Intersect(img.Bounds())
	cr, cg, cb, _ := o.Color.RGBA()
	top, bottom := -1, -1
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			if absDiff(pr, cr)+absDiff(pg, cg)+absDiff(pb, cb) < 3*0x2000 {
				if top < 0 {
					top = y
				}
				bottom = y
				break
			}
		}
	}
	if top < 0 {
		return 0
	}
	return bottom - top + 1
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// Readable at 10 m: measured on the drawn screen at 1920×1080 with 24
// counters busy. The called number's capitals are at least 18 % of the
// screen height, "LOKET n" at least 60 % of the number; grid numbers,
// recent calls and agency names keep sizes that read across a hall.
func TestReadableAcrossTheHall(t *testing.T) {
	d, _, w := newTestWindow(t, Config{}, 1920, 1080)
	d.OnBoard(busyBoard(24))
	d.OnCatalog(busyCatalog())
	img := w.Canvas().Capture()
	H := float32(1080)
	number := captureInk(img, d.big.number.t)
	counter := captureInk(img, d.big.counter.t)
	t.Logf("big number %q cap %d px (%.1f %%), counter %q cap %d px (%.0f %% of the number)",
		d.big.number.t.Text, number, 100*float32(number)/H, d.big.counter.t.Text, counter, 100*float32(counter)/float32(number))
	if float32(number) < 0.18*H {
		t.Errorf("big number cap height %d px < 18 %% of %v", number, H)
	}
	if float32(counter) < 0.6*float32(number) {
		t.Errorf("counter label %d px < 60 %% of the number's %d px", counter, number)
	}
	minCap := func(what string, o *canvas.Text, frac float32) {
		t.Helper()
		got := captureInk(img, o)
		t.Logf("%s %q: cap %d px (%.1f %% of the height), size %.0f", what, o.Text, got, 100*float32(got)/H, o.TextSize)
		if float32(got) < frac*H {
			t.Errorf("%s %q: cap height %d px < %.1f %% of the screen", what, o.Text, got, 100*frac)
		}
	}
	// Today's code drew grid numbers at 41 px (cap 2.7 %), agency names at
	// 16 px (1.0 %) and recent calls at 26 px (1.7 %).
	for i, c := range d.view.Cells {
		if c.State == board.CellActive {
			minCap(fmt.Sprint("grid number ", i), d.cells[i].number.t, 0.028) // "M-022" is wider than most
		}
		minCap(fmt.Sprint("grid counter ", i), d.cells[i].title.t, 0.015)
		// "BPJS Kesehatan", "Polres Pariaman" are the longest: two lines.
		minCap("agency label", d.cells[i].name.a.t, 0.011)
	}
	for i := range d.hist.rows {
		minCap(fmt.Sprint("recent call ", i), d.hist.rows[i].number.t, 0.028)
	}
}

// busyBoard is a hall with n counters (Pariaman's agencies), most calling.
func busyBoard(n int) api.Board {
	b := api.Board{Seq: 100, Site: api.Site{Name: "Mal Pelayanan Publik Kota Pariaman", Timezone: "Asia/Jakarta",
		Announcements: []string{"Selamat datang di Mal Pelayanan Publik Kota Pariaman. Siapkan dokumen asli dan fotokopinya sebelum nomor Anda dipanggil.",
			"Seluruh layanan di MPP tidak dipungut biaya kecuali yang ditetapkan peraturan. Tolak pungutan liar!"}}}
	ag := busyCatalog().Agencies
	for i := 1; i <= n; i++ {
		a := ag[(i-1)%len(ag)]
		c := api.BoardCounter{Counter: api.Counter{ID: fmt.Sprint("loket-", i), Number: i, Name: fmt.Sprintf("Loket %d — %s", i, a.Short),
			Status: api.CounterOpen, Staffed: true, ServiceIDs: []string{"svc-" + a.ID}}}
		switch {
		case i%11 == 0:
			c.Status = api.CounterBreak
		case i%7 == 0:
			c.Staffed = false
		default:
			c.Current = &api.Call{TicketID: fmt.Sprint("t", i), Number: fmt.Sprintf("%c-%03d", 'A'+rune(i%20), 10+i),
				CounterID: c.ID, CounterNumber: i, AgencyID: a.ID, AgencyShort: a.Short, ServiceID: "svc-" + a.ID,
				ServiceName: "Perekaman & Pencetakan KTP-el", At: t0.Add(-time.Duration(i) * time.Minute)}
			b.RecentCalls = append([]api.Call{*c.Current}, b.RecentCalls...)
		}
		b.Counters = append(b.Counters, c)
	}
	return b
}

func busyCatalog() api.Catalog {
	shorts := []string{"Disdukcapil", "DPMPTSP", "Samsat", "Polres Pariaman", "Bank Nagari", "PDAM", "BPJS Kesehatan",
		"BPJS TK", "BPN", "Kemenag", "Imigrasi", "KPP Pratama"}
	var c api.Catalog
	for i, s := range shorts {
		id := strings.ToLower(strings.ReplaceAll(s, " ", "-"))
		c.Agencies = append(c.Agencies, api.Agency{ID: id, Short: s, Name: s, Order: i})
		c.Services = append(c.Services, api.Service{ID: "svc-" + id, AgencyID: id})
	}
	c.Agencies[0].Color = "#0B5394"
	return c
}

func TestDecideTicker(t *testing.T) {
	for _, c := range []struct {
		cost time.Duration
		fps  int
		page time.Duration
	}{
		{0, 0, 10 * time.Second},                      // nothing measured: pages
		{time.Millisecond, 25, 10 * time.Second},      // a GPU: 25 ms a second scrolling
		{2 * time.Millisecond, 0, 10 * time.Second},   // 50 ms a second is over budget
		{80 * time.Millisecond, 0, 10 * time.Second},  // 0.8 % at 10 s pages
		{150 * time.Millisecond, 0, 15 * time.Second}, // 1080p in software: 1 % at 15 s pages
		{250 * time.Millisecond, 0, 25 * time.Second}, // 4K in software
		{2 * time.Second, 0, 30 * time.Second},        // never slower than 30 s
	} {
		fps, page := decideTicker(c.cost, 10*time.Second)
		if fps != c.fps || page != c.page {
			t.Errorf("cost %s: fps %d page %s, want %d %s", c.cost, fps, page, c.fps, c.page)
		}
	}
}

// Auto mode measures a page turn's CPU on the running screen and picks
// scrolling or the page time from it.
func TestTickerAffordsWhatTheMachineCan(t *testing.T) {
	for _, c := range []struct {
		name    string
		repaint time.Duration
		scroll  bool
		page    time.Duration
	}{
		{"software 4K", 250 * time.Millisecond, false, 25 * time.Second},
		{"GPU", 500 * time.Microsecond, true, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			now := t0
			var cpu time.Duration
			msgs := []string{"Satu kalimat pendek.", "Kalimat kedua.", "Kalimat ketiga.", "Kalimat keempat."}
			d, logs := newTestDisplay(t, Config{Ticker: msgs, TickerFPS: -1, PageFor: 2 * time.Second,
				Now: func() time.Time { return now }, CPUTime: func() time.Duration { return cpu }})
			for i := 0; i < 80 && !d.meter.decided; i++ {
				before := d.tick.idx
				d.Post(d.heartbeat)
				now = now.Add(500 * time.Millisecond)
				cpu += time.Millisecond // the heartbeat itself
				if d.tick.idx != before {
					cpu += c.repaint // the screen repaints for the new page
				}
			}
			if !d.meter.decided {
				t.Fatal("never decided")
			}
			if c.scroll {
				if d.tick.fps != scrollFPS || d.tick.lines[0].Text != msgs[d.tick.msg] {
					t.Errorf("not scrolling whole messages: fps %d text %q", d.tick.fps, d.tick.lines[0].Text)
				}
			} else if d.tick.fps != 0 || d.tick.pageFor != c.page {
				t.Errorf("fps %d page %s, want pages of %s", d.tick.fps, d.tick.pageFor, c.page)
			}
			if l := logs.all(); len(l) != 1 || !strings.Contains(l[0], "a repaint costs") {
				t.Errorf("log %q", l)
			}
		})
	}
}
