// Package ui is the hall display screen: header with the site and clock,
// the call being announced in very large type, a grid of counters, the
// recent calls and a running-text footer. It is built once; events mutate
// the existing objects (a fixed pool of cells and rows), so memory stays
// flat over a 12-hour day.
package ui

import (
	"context"
	"image/color"
	"log"
	"sort"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"antrean/assets"
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
	// PulseFor is how long a new call pulses before settling (default 5s).
	PulseFor time.Duration
	// TickerFPS > 0 scrolls the running text smoothly at that frame rate.
	// The default (0) shows it page by page, one screen-wide line at a
	// time: a software-rendered TV PC repaints the whole window for every
	// frame, and a scrolling ticker alone would cost a full CPU core.
	TickerFPS int
	// PageFor is how long a running-text page stays (default 7s).
	PageFor time.Duration
	// HideCursor hides the mouse pointer over the screen (full-screen TV).
	HideCursor bool
	// Announce queues a call for the voice; the announcer then calls
	// Display.Announced when it starts speaking it. Nil: shown at once.
	Announce func(api.Call)
	Now      func() time.Time
	Logf     func(format string, args ...any)
}

// Display is the whole screen. Methods named apply*/highlight/set* must run
// on the Fyne goroutine; the exported On*/Announced methods may be called
// from any goroutine and go through Post.
type Display struct {
	cfg  Config
	lang i18n.Lang
	root *fyne.Container

	bg       *canvas.Rectangle
	headerBg *canvas.Rectangle
	logo     *canvas.Image
	siteName *label
	clock    *label
	badgeBg  *canvas.Rectangle
	badge    *label

	bigBg      *canvas.Rectangle
	bigCaption *label
	bigNumber  *label
	bigCounter *label
	bigService *label

	histBg    *canvas.Rectangle
	histTitle *label
	rows      []*historyRow

	cells   []*cell
	gridBox rect

	footBg     *canvas.Rectangle
	tickerText *canvas.Text
	footBox    rect
	tickerX    float32
	tickerW    float32

	mu        sync.Mutex // see Post
	qmu       sync.Mutex // guards queue and scheduled
	queue     []func()
	scheduled bool

	// state
	site       api.Site
	loc        *time.Location
	counters   []api.BoardCounter
	history    []api.Call
	current    *api.Call
	online     bool
	pulsing    bool
	pulseUntil time.Time
	blinkOn    bool
	messages   []string
	msgIdx     int
	pages      []string // paged mode: the running text cut to screen-wide lines
	pageIdx    int
	pageAt     time.Time
	laidOut    bool
	// The service calendar (calendar.go): site-wide entries, the day they
	// were last applied for, and the running-text lines they give.
	calendar      []api.Holiday
	calendarDay   string
	calendarLines []string
}

type historyRow struct {
	bg      *canvas.Rectangle
	number  *label
	counter *label
}

type cell struct {
	bg     *canvas.Rectangle
	band   *canvas.Rectangle
	title  *label
	number *label
	name   *label
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
	if cfg.PulseFor <= 0 {
		cfg.PulseFor = 5 * time.Second
	}
	if cfg.PageFor <= 0 {
		cfg.PageFor = 7 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logf == nil {
		cfg.Logf = log.Printf
	}
	d := &Display{cfg: cfg, lang: cfg.Lang, online: true}
	if d.lang == "" {
		d.lang = i18n.ID
	}
	d.loc = defaultLocation()
	d.build()
	d.setMessages(nil)
	d.showIdle()
	d.refreshHistory()
	d.setClock()
	return d
}

func defaultLocation() *time.Location {
	if l, err := time.LoadLocation("Asia/Jakarta"); err == nil {
		return l
	}
	return time.Local
}

// Content is the object to put in the window.
func (d *Display) Content() fyne.CanvasObject { return d.root }

func (d *Display) build() {
	d.bg = canvas.NewRectangle(colBackground)
	d.headerBg = canvas.NewRectangle(colHeader)
	d.logo = canvas.NewImageFromResource(fyne.NewStaticResource("antrean.png", assets.Icon()))
	d.logo.FillMode = canvas.ImageFillContain
	d.siteName = newLabel(colText, true, alignLeading)
	d.siteName.set(txtSite(d.lang))
	d.clock = newLabel(colText, true, alignTrailing)
	d.clock.ref = "Rabu, 30 September 2026 00.00 WITA"
	d.badgeBg = canvas.NewRectangle(colOffline)
	d.badge = newLabel(colText, true, alignCenter)
	d.badge.set(txtOffline(d.lang))
	d.badgeBg.Hide()
	d.badge.t.Hide()

	d.bigBg = canvas.NewRectangle(colPanel)
	d.bigCaption = newLabel(colMuted, true, alignCenter)
	d.bigNumber = newLabel(colText, true, alignCenter)
	d.bigNumber.ref = "A-000"
	d.bigCounter = newLabel(colAccent, true, alignCenter)
	d.bigCounter.ref = "LOKET 00"
	d.bigService = newLabel(colMuted, false, alignCenter)

	d.histBg = canvas.NewRectangle(colPanelAlt)
	d.histTitle = newLabel(colMuted, true, alignLeading)
	d.histTitle.set(txtHistory(d.lang))
	objs := []fyne.CanvasObject{d.bg, d.headerBg, d.logo, d.siteName.t, d.clock.t, d.badgeBg, d.badge.t,
		d.bigBg, d.bigCaption.t, d.bigNumber.t, d.bigCounter.t, d.bigService.t, d.histBg, d.histTitle.t}
	for i := 0; i < d.cfg.HistoryRows; i++ {
		r := &historyRow{bg: canvas.NewRectangle(colPanel), number: newLabel(colText, true, alignLeading),
			counter: newLabel(colAccent, true, alignTrailing)}
		r.number.ref, r.counter.ref = "A-000", "Loket 00"
		if i%2 == 1 {
			r.bg.FillColor = colPanelAlt
		}
		objs = append(objs, r.bg, r.number.t, r.counter.t)
		d.rows = append(d.rows, r)
	}
	for i := 0; i < d.cfg.MaxCounters; i++ {
		c := &cell{bg: canvas.NewRectangle(colPanel), band: canvas.NewRectangle(colBand),
			title: newLabel(colText, true, alignCenter), number: newLabel(colText, true, alignCenter),
			name: newLabel(colMuted, false, alignCenter)}
		c.title.ref, c.number.ref = "Loket 00", "A-000"
		c.bg.CornerRadius, c.band.CornerRadius = 0, 0
		objs = append(objs, c.bg, c.band, c.title.t, c.number.t, c.name.t)
		d.cells = append(d.cells, c)
	}
	d.footBg = canvas.NewRectangle(colAccent)
	d.tickerText = canvas.NewText("", colInk)
	d.tickerText.TextStyle = fyne.TextStyle{Bold: true}
	objs = append(objs, d.footBg, d.tickerText)
	if d.cfg.HideCursor {
		objs = append(objs, newCursorHider())
	}
	d.root = container.New(&layoutFunc{min: fyne.NewSize(320, 240), fn: d.layout}, objs...)
	d.refreshCells()
}

// layout computes every box from the window size: text sizes follow.
func (d *Display) layout(s fyne.Size) {
	d.laidOut = true
	W, H := s.Width, s.Height
	u := min(W, H)
	pad := u * 0.014
	portrait := H > W
	hh, fh := H*0.085, H*0.07
	if portrait {
		hh, fh = H*0.075, H*0.045
	}
	for _, o := range d.root.Objects {
		if h, ok := o.(*cursorHider); ok {
			place(h, rect{0, 0, W, H})
		}
	}
	place(d.bg, rect{0, 0, W, H})

	// Header: logo, site name, offline badge, date and clock.
	header := rect{0, 0, W, hh}
	place(d.headerBg, header)
	in := header.inset(hh * 0.12)
	place(d.logo, rect{in.X, in.Y, in.H, in.H})
	rest := rect{in.X + in.H + pad, in.Y, in.W - in.H - pad, in.H}
	var badge rect
	if portrait {
		// Too narrow for one line: site name above, date and clock below.
		lines := rest.rows(0, 55, 45)
		d.siteName.place(lines[0].inset(lines[0].H * 0.06))
		lc := lines[1].cols(pad, 64, 36)
		d.clock.align = alignLeading
		d.clock.place(lc[0].inset(lines[1].H * 0.08))
		badge = rect{lc[1].X, lc[1].Y + lc[1].H*0.1, lc[1].W, lc[1].H * 0.8}
	} else {
		hc := rest.cols(pad, 46, 16, 38)
		d.siteName.place(hc[0].inset(in.H * 0.1))
		d.clock.align = alignTrailing
		d.clock.place(hc[2].inset(in.H * 0.14))
		badge = rect{hc[1].X, hc[1].Y + hc[1].H*0.28, hc[1].W, hc[1].H * 0.44}
	}
	place(d.badgeBg, badge)
	d.badgeBg.CornerRadius = badge.H / 2
	d.badge.place(badge.inset(badge.H * 0.18))

	// Footer: the running text.
	d.footBox = rect{0, H - fh, W, fh}
	place(d.footBg, d.footBox)
	d.fitTicker()

	main := rect{0, hh, W, H - hh - fh}.inset(pad)
	var big, hist rect
	if portrait {
		p := main.rows(pad, 30, 25, 45)
		big, hist, d.gridBox = p[0], p[1], p[2]
	} else {
		p := main.rows(pad, 57, 43)
		top := p[0].cols(pad, 62, 38)
		big, hist, d.gridBox = top[0], top[1], p[1]
	}

	place(d.bigBg, big)
	d.bigBg.CornerRadius = u * 0.012
	bi := big.inset(min(big.W, big.H) * 0.05)
	br := bi.rows(0, 12, 52, 22, 12)
	d.bigCaption.place(br[0])
	d.bigNumber.place(br[1])
	d.bigCounter.place(br[2])
	d.bigService.place(br[3])

	place(d.histBg, hist)
	d.histBg.CornerRadius = u * 0.012
	hi := hist.inset(pad)
	n := len(d.rows)
	var rowBoxes []rect
	if portrait {
		parts := hi.rows(pad*0.5, 0.8, float32((n+1)/2))
		d.histTitle.place(parts[0])
		half := parts[1].cols(pad, 1, 1)
		for c := 0; c < 2; c++ {
			w := make([]float32, (n+1)/2)
			for i := range w {
				w[i] = 1
			}
			rowBoxes = append(rowBoxes, half[c].rows(pad*0.3, w...)...)
		}
	} else {
		w := []float32{1.1}
		for i := 0; i < n; i++ {
			w = append(w, 1)
		}
		parts := hi.rows(pad*0.3, w...)
		d.histTitle.place(parts[0].inset(parts[0].H * 0.1))
		rowBoxes = parts[1:]
	}
	for i, r := range d.rows {
		b := rowBoxes[i]
		place(r.bg, b)
		r.bg.CornerRadius = b.H * 0.12
		c := b.inset(b.H*0.12).cols(pad, 55, 45)
		r.number.place(c[0])
		r.counter.place(c[1])
	}
	d.layoutGrid()
}

// layoutGrid sizes the cells in use to fill the grid box.
func (d *Display) layoutGrid() {
	if !d.laidOut {
		return
	}
	g := d.gridBox
	n := min(len(d.counters), len(d.cells))
	gap := min(g.W, g.H) * 0.03
	cols, rows := gridShape(n, g.W+gap, g.H+gap, 1.7)
	cw := (g.W-gap*float32(cols-1))/float32(cols) - 0
	ch := (g.H - gap*float32(rows-1)) / float32(rows)
	// Few counters should not make giant cells: cap their height.
	ch = min(ch, g.H*0.7)
	for i, c := range d.cells {
		if i >= n {
			continue
		}
		col, row := i%cols, i/cols
		b := rect{g.X + float32(col)*(cw+gap), g.Y + float32(row)*(ch+gap), cw, ch}
		place(c.bg, b)
		c.bg.CornerRadius = b.H * 0.06
		p := b.rows(0, 26, 50, 24)
		place(c.band, p[0])
		c.band.CornerRadius = c.bg.CornerRadius
		c.title.place(p[0].inset(p[0].H * 0.14))
		c.number.place(rect{p[1].X, p[1].Y, p[1].W, p[1].H}.inset(p[1].H * 0.08))
		c.name.place(p[2].inset(p[2].H * 0.16))
	}
}

// fitTicker sizes the running text to the footer height and, in paged
// mode, cuts the messages into lines that fit the footer's width.
func (d *Display) fitTicker() {
	b := d.footBox
	t := d.tickerText
	if b.H <= 0 {
		return
	}
	m := fyne.MeasureText("Mg", measureAt, t.TextStyle)
	t.TextSize = measureAt * b.H * 0.72 / m.Height
	if d.cfg.TickerFPS <= 0 {
		d.pages = d.pages[:0]
		for _, msg := range d.messages {
			for i, line := range wrap(msg, b.W*0.92, t.TextSize, t.TextStyle) {
				if i > 0 {
					line = "… " + line // a continued message
				}
				d.pages = append(d.pages, line)
			}
		}
		if d.pageIdx >= len(d.pages) {
			d.pageIdx = 0
		}
		t.Text = ""
		if len(d.pages) > 0 {
			t.Text = d.pages[d.pageIdx]
		}
		d.tickerX = b.W * 0.02
	}
	real := fyne.MeasureText(t.Text, t.TextSize, t.TextStyle)
	d.tickerW = real.Width
	t.Resize(real)
	if d.tickerX == 0 || d.tickerX > b.W {
		d.tickerX = b.W * 0.02
	}
	t.Move(fyne.NewPos(d.tickerX, b.Y+(b.H-real.Height)/2))
	t.Refresh()
}

// wrap cuts s into lines no wider than w at the given text size.
func wrap(s string, w, size float32, style fyne.TextStyle) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if line != "" && fyne.MeasureText(try, size, style).Width > w {
			lines = append(lines, line)
			line = word
			continue
		}
		line = try
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
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
func (d *Display) OnBoard(b api.Board) { d.Post(func() { d.applyBoard(b) }) }

// OnEvent applies one stream event (any goroutine).
func (d *Display) OnEvent(e api.Event) { d.Post(func() { d.applyEvent(e) }) }

// OnOnline shows or hides the offline badge (any goroutine).
func (d *Display) OnOnline(online bool) { d.Post(func() { d.setOnline(online) }) }

// Announced highlights the call the announcer starts speaking (any goroutine).
func (d *Display) Announced(c api.Call) { d.Post(func() { d.highlight(c, true) }) }

// Start runs the clock, the blinking of a new call and the running text
// until ctx is done. Each is a cheap step twice a second, so an idle
// screen repaints only when something visible changes.
func (d *Display) Start(ctx context.Context) {
	go func() {
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				d.Post(d.tick)
			}
		}
	}()
	if d.cfg.TickerFPS <= 0 {
		return
	}
	go func() {
		t := time.NewTicker(time.Second / time.Duration(d.cfg.TickerFPS))
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				d.Post(d.stepTicker)
			}
		}
	}()
}

// tick is the half-second heartbeat: clock, blink, running-text page.
func (d *Display) tick() {
	now := d.cfg.Now()
	d.setClock()
	d.applyCalendar() // a new day may be a holiday
	if d.pulsing {
		if now.After(d.pulseUntil) {
			d.settle()
		} else {
			d.blinkOn = !d.blinkOn
			c := colAccent
			if d.blinkOn {
				c = colAccentDeep
			}
			d.bigBg.FillColor = c
			d.bigBg.Refresh()
		}
	}
	if d.pageAt.IsZero() {
		d.pageAt = now // the first page gets its full time too
	}
	if d.cfg.TickerFPS <= 0 && len(d.pages) > 1 && now.Sub(d.pageAt) >= d.cfg.PageFor {
		d.pageAt = now
		d.pageIdx = (d.pageIdx + 1) % len(d.pages)
		d.fitTicker()
	}
}

func (d *Display) setClock() {
	d.clock.set(i18n.FormatDateTime(d.lang, d.cfg.Now().In(d.loc)))
}

// stepTicker moves the running text left; when a message has left the
// screen the next one enters from the right.
func (d *Display) stepTicker() {
	b := d.footBox
	if b.W <= 0 {
		return
	}
	speed := b.H * 2.2 / float32(d.cfg.TickerFPS) // units per step
	d.tickerX -= speed
	if d.tickerX < -d.tickerW {
		d.msgIdx = (d.msgIdx + 1) % len(d.messages)
		d.tickerText.Text = d.messages[d.msgIdx]
		d.tickerX = b.W
		d.fitTicker()
		return
	}
	d.tickerText.Move(fyne.NewPos(d.tickerX, d.tickerText.Position().Y))
	canvas.Refresh(d.tickerText)
}

func (d *Display) setMessages(site []string) {
	msgs := d.cfg.Ticker
	if len(msgs) == 0 {
		msgs = site
	}
	// A closure today or this week is said before the announcements.
	msgs = append(append([]string(nil), d.calendarLines...), msgs...)
	var clean []string
	for _, m := range msgs {
		if m = strings.TrimSpace(m); m != "" {
			clean = append(clean, m)
		}
	}
	if len(clean) == 0 {
		clean = []string{txtWelcome(d.lang)}
	}
	if strings.Join(clean, "\x00") == strings.Join(d.messages, "\x00") {
		return
	}
	d.messages = clean
	d.msgIdx, d.pageIdx = 0, 0
	d.tickerText.Text = clean[0]
	d.fitTicker()
}

func (d *Display) setOnline(online bool) {
	if d.online == online {
		return
	}
	d.online = online
	if online {
		d.badgeBg.Hide()
		d.badge.t.Hide()
	} else {
		d.badgeBg.Show()
		d.badge.t.Show()
	}
}

// applyBoard replaces the state with a snapshot.
func (d *Display) applyBoard(b api.Board) {
	d.site = b.Site
	if b.Site.Timezone != "" {
		if l, err := time.LoadLocation(b.Site.Timezone); err == nil {
			d.loc = l
		}
	}
	name := b.Site.Name
	if name == "" {
		name = txtSite(d.lang)
	}
	d.siteName.set(name)
	d.setCalendar(b.Calendar) // sets the running text too
	d.setClock()

	cs := append([]api.BoardCounter(nil), b.Counters...)
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Number < cs[j].Number })
	if len(cs) > len(d.cells) {
		d.cfg.Logf("display: %d counters, showing the first %d", len(cs), len(d.cells))
		cs = cs[:len(d.cells)]
	}
	d.counters = cs
	d.layoutGrid()
	d.refreshCells()

	d.history = d.history[:0]
	for _, c := range b.RecentCalls {
		if len(d.history) == len(d.rows) {
			break
		}
		d.history = append(d.history, c)
	}
	d.refreshHistory()
	if d.current == nil && len(b.RecentCalls) > 0 {
		d.highlight(b.RecentCalls[0], false)
	}
}

func (d *Display) counterIndex(id string) int {
	for i := range d.counters {
		if d.counters[i].ID == id {
			return i
		}
	}
	return -1
}

// applyEvent folds one stream event into the screen.
func (d *Display) applyEvent(e api.Event) {
	if e.Type == api.EventReset {
		return // the stream re-reads the board and calls OnBoard
	}
	data, err := e.Decode()
	if err != nil {
		d.cfg.Logf("display: event %d (%s): %v", e.ID, e.Type, err)
		return
	}
	if d.cfg.Zone != "" && data.Zone != "" && data.Zone != d.cfg.Zone {
		return
	}
	if data.Counter != nil {
		d.updateCounter(*data.Counter)
	}
	switch e.Type {
	case api.EventCatalogUpdated:
		d.setCalendar(data.Calendar) // an admin changed the calendar (or the catalog)
	case api.EventTicketCalled, api.EventTicketRecalled:
		if data.Call == nil {
			return
		}
		c := *data.Call
		if e.Type == api.EventTicketRecalled {
			c.Recall = true
		}
		d.applyCall(c)
	case api.EventTicketServing:
		t := data.Ticket
		if t == nil || t.CounterID == "" {
			return
		}
		if i := d.counterIndex(t.CounterID); i >= 0 {
			cur := d.counters[i].Current
			if cur == nil || cur.TicketID != t.ID {
				d.counters[i].Current = callFromTicket(t)
				d.refreshCell(i)
			}
		}
	case api.EventTicketDone, api.EventTicketNoShow, api.EventTicketCancelled,
		api.EventTicketTransferred, api.EventTicketRequeued:
		if data.Ticket == nil {
			return
		}
		d.clearTicket(data.Ticket.ID)
		if data.Ticket.TransferredFrom != "" {
			d.clearTicket(data.Ticket.TransferredFrom)
		}
	}
}

func callFromTicket(t *api.Ticket) *api.Call {
	return &api.Call{TicketID: t.ID, Number: t.Number, ServiceID: t.ServiceID, ServiceName: t.ServiceName,
		AgencyID: t.AgencyID, AgencyName: t.AgencyName, AgencyShort: t.AgencyShort, CounterID: t.CounterID,
		CounterNumber: t.CounterNumber, CounterName: t.CounterName, Zone: t.Zone, Calls: t.Calls}
}

func (d *Display) clearTicket(ticketID string) {
	for i := range d.counters {
		if cur := d.counters[i].Current; cur != nil && cur.TicketID == ticketID {
			d.counters[i].Current = nil
			d.refreshCell(i)
		}
	}
}

// updateCounter applies a counter's new status, name or number; a counter
// of this zone not yet on the grid takes a free cell.
func (d *Display) updateCounter(c api.Counter) {
	if d.cfg.Zone != "" && c.Zone != "" && c.Zone != d.cfg.Zone {
		return
	}
	if i := d.counterIndex(c.ID); i >= 0 {
		old := d.counters[i].Counter
		if len(c.ServiceIDs) == 0 {
			c.ServiceIDs = old.ServiceIDs
		}
		d.counters[i].Counter = c
		if old.Number != c.Number {
			d.sortCounters()
			return
		}
		d.refreshCell(i)
		return
	}
	if len(d.counters) >= len(d.cells) {
		return
	}
	d.counters = append(d.counters, api.BoardCounter{Counter: c})
	d.sortCounters()
}

func (d *Display) sortCounters() {
	sort.SliceStable(d.counters, func(i, j int) bool { return d.counters[i].Number < d.counters[j].Number })
	d.layoutGrid()
	d.refreshCells()
}

// applyCall shows a new call (or recall) on the grid and in the history,
// logs it and hands it to the voice.
func (d *Display) applyCall(c api.Call) {
	d.cfg.Logf("display: call number=%s counter=%d recall=%v", c.Number, c.CounterNumber, c.Recall)
	i := d.counterIndex(c.CounterID)
	if i < 0 && c.CounterID != "" {
		d.updateCounter(api.Counter{ID: c.CounterID, Number: c.CounterNumber, Name: c.CounterName,
			Zone: c.Zone, Status: api.CounterOpen})
		i = d.counterIndex(c.CounterID)
	}
	if i >= 0 {
		cc := c
		d.counters[i].Current = &cc
		d.refreshCell(i)
	}
	// Newest first; a recall moves the ticket back to the top.
	h := d.history[:0]
	for _, old := range d.history {
		if old.TicketID != c.TicketID || c.TicketID == "" {
			h = append(h, old)
		}
	}
	d.history = h
	if len(d.history) == len(d.rows) {
		d.history = d.history[:len(d.rows)-1]
	}
	d.history = append(d.history, api.Call{})
	copy(d.history[1:], d.history)
	d.history[0] = c
	d.refreshHistory()

	if d.cfg.Announce != nil {
		d.cfg.Announce(c)
	} else {
		d.highlight(c, true)
	}
}

func (d *Display) showIdle() {
	d.bigCaption.set(txtNowCalling(d.lang))
	d.bigNumber.set("")
	d.bigCounter.set(d.idleText()) // "Libur Nasional: …" on a closed day
	d.bigService.set("")
	d.settle()
	d.bigCounter.setColor(colMuted)
}

// highlight puts c in the big panel; pulse makes it blink for a while
// (a fresh announcement), otherwise it is shown settled (a snapshot).
func (d *Display) highlight(c api.Call, pulse bool) {
	cc := c
	d.current = &cc
	cap := txtNowCalling(d.lang)
	if c.Recall {
		cap = txtRecall(d.lang)
	}
	d.bigCaption.set(cap)
	d.bigNumber.set(c.Number)
	d.bigCounter.set(strings.ToUpper(txtCounter(d.lang, c.CounterNumber)))
	d.bigService.set(serviceLine(c))
	if !pulse {
		d.settle()
		return
	}
	// Blink (driven by tick) until PulseFor has passed, then settle.
	d.pulsing = true
	d.pulseUntil = d.cfg.Now().Add(d.cfg.PulseFor)
	d.blinkOn = false
	d.bigBg.FillColor = colAccent
	d.bigBg.Refresh()
	d.bigCaption.setColor(colInk)
	d.bigNumber.setColor(colInk)
	d.bigCounter.setColor(colInk)
	d.bigService.setColor(colInk)
}

// settle shows the big panel in its calm colours.
func (d *Display) settle() {
	d.pulsing = false
	d.bigBg.FillColor = colPanel
	d.bigBg.Refresh()
	d.bigCaption.setColor(colMuted)
	d.bigNumber.setColor(colText)
	d.bigCounter.setColor(colAccent)
	d.bigService.setColor(colMuted)
}

// serviceLine is "Disdukcapil · Perekaman KTP-el" (what the call is for).
func serviceLine(c api.Call) string {
	agency := c.AgencyShort
	if agency == "" {
		agency = c.AgencyName
	}
	switch {
	case agency != "" && c.ServiceName != "":
		return agency + " · " + c.ServiceName
	case agency != "":
		return agency
	case c.ServiceName != "":
		return c.ServiceName
	}
	return c.CounterName
}

func (d *Display) refreshHistory() {
	for i, r := range d.rows {
		if i >= len(d.history) {
			r.number.set("")
			r.counter.set("")
			r.bg.Hide()
			continue
		}
		r.bg.Show()
		c := d.history[i]
		r.number.set(c.Number)
		r.counter.set(txtCounter(d.lang, c.CounterNumber))
		if i == 0 {
			r.number.setColor(colAccent)
		} else {
			r.number.setColor(colText)
		}
	}
}

func (d *Display) refreshCells() {
	for i := range d.cells {
		d.refreshCell(i)
	}
}

// refreshCell shows counter i in cell i (or hides an unused cell).
func (d *Display) refreshCell(i int) {
	c := d.cells[i]
	if i >= len(d.counters) {
		if c.bg.Visible() {
			for _, o := range []fyne.CanvasObject{c.bg, c.band, c.title.t, c.number.t, c.name.t} {
				o.Hide()
			}
		}
		return
	}
	if !c.bg.Visible() {
		for _, o := range []fyne.CanvasObject{c.bg, c.band, c.title.t, c.number.t, c.name.t} {
			o.Show()
		}
	}
	bc := d.counters[i]
	c.title.set(txtCounter(d.lang, bc.Number))
	name := counterSubtitle(bc.Name, bc.Number)
	if bc.Current != nil && bc.Current.AgencyShort != "" && name == "" {
		name = bc.Current.AgencyShort
	}
	c.name.set(name)
	open := bc.Status == "" || bc.Status == api.CounterOpen
	switch {
	case !open:
		c.number.set(i18n.CounterStatusLabel(d.lang, bc.Status))
	case bc.Current != nil:
		c.number.set(bc.Current.Number)
	default:
		c.number.set("—")
	}
	bg, band, fg, muted := colPanel, colBand, colText, colMuted
	if !open {
		bg, band, fg, muted = colGreyBg, colGreyBand, colGreyText, colGreyText
	}
	if c.bg.FillColor != bg {
		c.bg.FillColor = bg
		c.bg.Refresh()
	}
	if c.band.FillColor != band {
		c.band.FillColor = band
		c.band.Refresh()
	}
	c.title.setColor(fg)
	c.number.setColor(fg)
	c.name.setColor(muted)
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

// counterSubtitle drops a leading "Loket 3 —" from a counter's name: the
// cell already says "Loket 3" in its band.
func counterSubtitle(name string, number int) string {
	name = strings.TrimSpace(name)
	for _, l := range []i18n.Lang{i18n.ID, i18n.EN} {
		p := txtCounter(l, number)
		if len(name) >= len(p) && strings.EqualFold(name[:len(p)], p) {
			rest := name[len(p):]
			if rest != "" && rest[0] >= '0' && rest[0] <= '9' {
				continue // "Loket 12" is not "Loket 1"
			}
			return strings.TrimSpace(strings.TrimLeft(rest, " -—–:·|"))
		}
	}
	return name
}
