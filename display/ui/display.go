// Package ui draws the hall display: header with the site and clock, the
// call being announced in very large type, the recent calls, a grid of
// counters and a running-text footer. What the screen says comes from a
// board.State (display/board); this package lays it out and paints it.
// It is built once; updates mutate the existing objects (a fixed pool of
// cells and rows), so memory stays flat over a 12-hour day.
package ui

import (
	"context"
	"image"
	"image/color"
	"log"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"antrean/assets"
	"antrean/display/board"
	"antrean/shared/api"
	"antrean/shared/i18n"
)

// Config sets up a Display; zero values give the defaults.
type Config struct {
	Lang i18n.Lang
	Zone string // "" = every zone
	// Ticker overrides the site's announcements in the running text.
	Ticker []string
	// HistoryRows is how many recent calls are listed (5–10, default 6:
	// fewer, larger rows read better across a hall).
	HistoryRows int
	// MaxCounters is the size of the grid's cell pool (default 36).
	MaxCounters int
	// PulseFor is how long a new call flashes before settling (default 5s).
	PulseFor time.Duration
	// TickerFPS > 0 scrolls the running text smoothly at that frame rate;
	// 0 shows it page by page, whole sentences at a time; < 0 (auto)
	// measures what a repaint costs and scrolls only if the machine can
	// afford it (see afford.go): a software-rendered TV PC repaints the
	// whole window for every frame, and scrolling there would cost a core.
	TickerFPS int
	// CPUTime is the process's CPU time, for auto mode (nil: measured).
	CPUTime func() time.Duration
	// PageFor is how long a running-text page stays (default 10s: long
	// enough to read a sentence twice, and every page turn repaints the
	// whole screen).
	PageFor time.Duration
	// HideCursor hides the mouse pointer over the screen (full-screen TV).
	HideCursor bool
	// Announce queues a call for the voice; the announcer then calls
	// Display.Announced when it starts speaking it. Nil: shown at once.
	Announce func(api.Call)
	Now      func() time.Time
	Logf     func(format string, args ...any)
	// MinFrame > 0 draws at most once per MinFrame: a burst of calls then
	// costs a few frames instead of sixty a second, each of which makes
	// new textures for every changed text (megabytes at 4K).
	MinFrame time.Duration
	// Media places the slide panel (media.go; "" = off). MediaEvery is a
	// slide's time when it sets none (default 10 s). MediaSync returns the
	// slide list (on failure the cached one with the error), MediaLoad a
	// slide's picture scaled to fit w×h pixels; both run off the UI
	// goroutine.
	Media      MediaMode
	MediaEvery time.Duration
	MediaSync  func(ctx context.Context) ([]api.Slide, error)
	MediaLoad  func(sl api.Slide, w, h int) (image.Image, error)
}

// Display is the whole screen. Its state and widgets are touched on the
// Fyne goroutine only; the exported On*/Announced methods may be called
// from any goroutine and go through Post.
type Display struct {
	cfg  Config
	lang i18n.Lang
	st   *board.State
	view board.View // last drawn
	root *fyne.Container

	header headerParts
	big    bigPanel
	hist   historyPanel
	cells  []*cell
	tick   *ticker
	media  *mediaPanel // nil: no media panel

	gridBox   rect
	gridN     int  // cells laid out
	wideCells bool // band beside the number (else above it)
	laidOut   bool
	portrait  bool
	blinkOn   bool
	warned    bool      // logged that the grid is too small for every counter
	drawnAt   time.Time // last render (MinFrame)
	ctx       context.Context
	meter     *affordMeter // auto running text
	turned    bool         // a ticker page turned since the last heartbeat
	drawn     bool         // something else was drawn since then
	fast      atomic.Bool  // heartbeat twice a second (a call blinks)
	redraw    bool         // a render is scheduled (MinFrame)

	mu        sync.Mutex // see Post
	qmu       sync.Mutex // guards queue and scheduled
	queue     []func()
	scheduled bool
}

type headerParts struct {
	bg       *canvas.Rectangle
	logo     *canvas.Image
	siteName *label
	clock    *label
	badgeBg  *canvas.Rectangle
	badgeDot *canvas.Circle // drawn, not "●": Noto Sans has no such glyph
	badge    *label
}

type bigPanel struct {
	bg       *canvas.Rectangle
	caption  *label
	number   *label
	counter  *label
	chip     *canvas.Rectangle // agency colour behind the service line
	service  *label
	lastBack color.Color
}

type historyPanel struct {
	bg    *canvas.Rectangle
	title *twoLine // "Panggilan terakhir", on two lines in a narrow column
	rows  []*historyRow
}

type historyRow struct {
	bg      *canvas.Rectangle
	chip    *canvas.Rectangle
	number  *label
	counter *label
}

type cell struct {
	bg     *canvas.Rectangle
	band   *canvas.Rectangle
	title  *label
	number *label
	name   *twoLine
}

func (c *cell) objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{c.bg, c.band, c.title.t, c.number.t, c.name.a.t, c.name.b.t}
}

// New builds the screen (empty until the first board arrives).
func New(cfg Config) *Display {
	if cfg.HistoryRows <= 0 {
		cfg.HistoryRows = 6
	}
	cfg.HistoryRows = min(max(cfg.HistoryRows, 5), 10)
	if cfg.MaxCounters <= 0 {
		cfg.MaxCounters = 36
	}
	if cfg.PageFor <= 0 {
		cfg.PageFor = 10 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logf == nil {
		cfg.Logf = log.Printf
	}
	d := &Display{cfg: cfg, lang: cfg.Lang}
	if d.lang == "" {
		d.lang = i18n.ID
	}
	d.st = board.New(board.Config{Lang: d.lang, Zone: cfg.Zone, HistoryRows: cfg.HistoryRows,
		PulseFor: cfg.PulseFor, Ticker: cfg.Ticker, Now: cfg.Now})
	d.build()
	d.render()
	return d
}

// Content is the object to put in the window.
func (d *Display) Content() fyne.CanvasObject { return d.root }

// State is the board the screen shows (tests read it; the Fyne goroutine
// owns it).
func (d *Display) State() *board.State { return d.st }

func (d *Display) build() {
	h := &d.header
	h.bg = canvas.NewRectangle(colHeader)
	h.logo = canvas.NewImageFromResource(fyne.NewStaticResource("antrean.png", assets.Icon()))
	h.logo.FillMode = canvas.ImageFillContain
	h.siteName = newLabel(colText, true, alignLeading)
	h.clock = newLabel(colText, true, alignTrailing)
	h.clock.ref = "Rabu, 30 September 2026 00.00 WITA"
	h.badgeBg = canvas.NewRectangle(colOffline)
	h.badge = newLabel(colText, true, alignCenter)
	h.badge.set(board.TxtOffline(d.lang))
	h.badgeDot = canvas.NewCircle(colText)
	h.badgeBg.Hide()
	h.badgeDot.Hide()
	h.badge.t.Hide()

	b := &d.big
	b.bg = canvas.NewRectangle(colPanel)
	b.caption = newLabel(colMuted, true, alignCenter)
	b.caption.ref = board.TxtRecall(d.lang)
	b.number = newLabel(colText, true, alignCenter)
	b.number.ref = widestNumber
	b.counter = newLabel(colAccent, true, alignCenter)
	b.counter.ref = "LOKET 00"
	b.chip = canvas.NewRectangle(color.Transparent)
	b.service = newLabel(colMuted, false, alignCenter)

	hp := &d.hist
	hp.bg = canvas.NewRectangle(colPanelAlt)
	hp.title = newTwoLine(colMuted, true, alignLeading)
	hp.title.set(board.TxtHistory(d.lang))
	objs := []fyne.CanvasObject{h.bg, h.logo, h.siteName.t, h.clock.t, h.badgeBg, h.badgeDot, h.badge.t,
		b.bg, b.caption.t, b.number.t, b.counter.t, b.chip, b.service.t, hp.bg}
	objs = append(objs, hp.title.objects()...)
	for i := 0; i < d.cfg.HistoryRows; i++ {
		r := &historyRow{bg: canvas.NewRectangle(colPanel), chip: canvas.NewRectangle(colBand),
			number: newLabel(colText, true, alignLeading), counter: newLabel(colAccent, true, alignLeading)}
		r.number.ref, r.counter.ref = "A-000", "Loket 00"
		objs = append(objs, r.bg, r.chip, r.number.t, r.counter.t)
		hp.rows = append(hp.rows, r)
	}
	for i := 0; i < d.cfg.MaxCounters; i++ {
		c := &cell{bg: canvas.NewRectangle(colPanel), band: canvas.NewRectangle(colBand),
			title: newLabel(colText, true, alignCenter), number: newLabel(colText, true, alignCenter),
			name: newTwoLine(colMuted, false, alignCenter)}
		c.title.ref, c.number.ref = "Loket 00", "A-000"
		for _, o := range c.objects() {
			o.Hide()
		}
		objs = append(objs, c.objects()...)
		d.cells = append(d.cells, c)
	}
	d.tick = newTicker(max(d.cfg.TickerFPS, 0), d.cfg.PageFor)
	if d.cfg.TickerFPS < 0 {
		cpu := d.cfg.CPUTime
		if cpu == nil {
			cpu = processCPU
		}
		d.meter = &affordMeter{cpu: cpu}
	}
	objs = append(objs, d.buildMedia()...)
	footBg := canvas.NewRectangle(colAccent)
	objs = append(objs, footBg)
	objs = append(objs, d.tick.objects()...)
	if d.cfg.HideCursor {
		objs = append(objs, newCursorHider())
	}
	d.root = container.New(&layoutFunc{min: fyne.NewSize(320, 240), fn: func(s fyne.Size) { d.layout(s, footBg) }}, objs...)
}

// Post runs f on the Fyne goroutine: the single place where work from the
// stream, the announcer and the timers enters the UI. Work posted while a
// drain is pending joins it, so a burst of events costs one fyne.Do and
// one repaint instead of one each. The display lock is free in the app
// (everything runs on the Fyne goroutine); it matters under the test
// driver, whose fyne.Do runs f on the calling goroutine.
func (d *Display) Post(f func()) {
	d.qmu.Lock()
	d.queue = append(d.queue, f)
	scheduled := d.scheduled
	d.scheduled = true
	d.qmu.Unlock()
	if !scheduled {
		fyne.Do(d.drain)
	}
}

func (d *Display) drain() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for {
		d.qmu.Lock()
		q := d.queue
		d.queue = nil
		if len(q) == 0 {
			d.scheduled = false
			d.qmu.Unlock()
			d.renderSoon() // once per batch
			return
		}
		d.qmu.Unlock()
		for i, f := range q {
			f()
			q[i] = nil
		}
	}
}

// OnBoard applies a board snapshot (any goroutine).
func (d *Display) OnBoard(b api.Board) {
	d.Post(func() { d.st.ApplyBoard(b); d.syncMedia() }) // events may have been missed
}

// OnCatalog takes agency names and colours (any goroutine).
func (d *Display) OnCatalog(c api.Catalog) { d.Post(func() { d.st.ApplyCatalog(c) }) }

// OnEvent applies one stream event (any goroutine).
func (d *Display) OnEvent(e api.Event) { d.Post(func() { d.applyEvent(e) }) }

// OnOnline shows or hides the offline badge (any goroutine).
func (d *Display) OnOnline(online bool) { d.Post(func() { d.st.SetOnline(online) }) }

// Announced puts the call the announcer starts speaking in the big panel
// (any goroutine).
func (d *Display) Announced(c api.Call) {
	d.Post(func() { d.st.Announced(c); d.blinkOn = false; d.fast.Store(true) })
}

func (d *Display) applyEvent(e api.Event) {
	if e.Type == api.EventMediaUpdated {
		d.syncMedia()
	}
	c := d.st.ApplyEvent(e)
	if c == nil {
		return
	}
	d.cfg.Logf("display: call number=%s counter=%d recall=%v", c.Number, c.CounterNumber, c.Recall)
	if d.cfg.Announce != nil {
		d.cfg.Announce(*c)
	} else {
		d.st.Announced(*c)
		d.blinkOn = false
		d.fast.Store(true)
	}
}

// Start runs the clock, the flashing of a new call and the running text
// until ctx is done. Each is a cheap step once or twice a second, so an
// idle screen repaints only when something visible changes.
func (d *Display) Start(ctx context.Context) {
	d.Post(func() { d.ctx = ctx; d.startMedia() })
	go func() {
		for {
			// Twice a second while a call blinks, else once: every wake-up
			// of the UI thread costs CPU on an idle screen.
			wait := time.Second
			if d.fast.Load() {
				wait = 500 * time.Millisecond
			}
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
				d.Post(d.heartbeat)
			}
		}
	}()
	if d.cfg.TickerFPS > 0 {
		d.startScroll(ctx, d.cfg.TickerFPS)
	}
}

// startScroll moves the running text fps times a second until ctx is done.
func (d *Display) startScroll(ctx context.Context, fps int) {
	if ctx == nil {
		return
	}
	go func() {
		t := time.NewTicker(time.Second / time.Duration(fps))
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				d.Post(d.tick.step)
			}
		}
	}()
}

// heartbeat is the half-second step: clock, flash, day change, ticker page.
func (d *Display) heartbeat() {
	if m := d.meter; m != nil && !m.decided {
		m.observe(d.turned, d.drawn)
		d.turned, d.drawn = false, false
		if m.ready() {
			d.afford(m.repaintCost())
		}
	}
	wasPulsing := d.st.Pulsing()
	d.st.Tick()
	if d.st.Pulsing() {
		d.blinkOn = !d.blinkOn
	}
	if wasPulsing || d.st.Pulsing() {
		d.drawn = true // the big call blinks or settles
	}
	if d.tick.tick(d.cfg.Now()) {
		d.turned = true
	}
	d.stepMedia()
	d.fast.Store(d.st.Pulsing())
}

// afford sets the running text's mode from what a repaint costs.
func (d *Display) afford(cost time.Duration) {
	d.meter.decided = true
	fps, page := decideTicker(cost, d.cfg.PageFor)
	if fps > 0 {
		d.cfg.Logf("display: a repaint costs %s of CPU: the running text scrolls at %d fps", cost.Round(time.Millisecond), fps)
		d.tick.fps = fps
		d.tick.fit()
		d.startScroll(d.ctx, fps)
		return
	}
	d.cfg.Logf("display: a repaint costs %s of CPU: the running text turns a page every %s", cost.Round(time.Millisecond), page)
	d.tick.pageFor = page
}

// renderSoon renders now, or when MinFrame has passed since the last
// render (bursts of events coalesce into one frame).
func (d *Display) renderSoon() {
	if d.cfg.MinFrame <= 0 {
		d.render()
		return
	}
	wait := d.cfg.MinFrame - time.Since(d.drawnAt)
	if wait <= 0 {
		d.drawnAt = time.Now()
		d.render()
		return
	}
	if !d.redraw {
		d.redraw = true
		time.AfterFunc(wait, func() { d.Post(func() { d.redraw = false }) })
	}
}

// cursorHider covers the screen and asks for no mouse pointer.
type cursorHider struct{ widget.BaseWidget }

func newCursorHider() *cursorHider {
	h := &cursorHider{}
	h.ExtendBaseWidget(h)
	return h
}

func (h *cursorHider) Cursor() desktop.Cursor { return desktop.HiddenCursor }

func (h *cursorHider) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}
