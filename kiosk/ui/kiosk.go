// Package ui is the touchscreen ticket kiosk: home → agency → service →
// (priority) → ticket, and home → ticket number and check code (or the
// ticket's QR code on a scanner) → nine SKM questions → comment → thanks;
// tap only, paged, large and high contrast, scaled to the screen. It talks
// to the server through a small Backend interface (satisfied by
// *client.Client) and prints through a Printer (kiosk/printer).
package ui

import (
	"context"
	"math"
	"sort"
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // the site's zone works on a box without tz files

	"fyne.io/fyne/v2"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// Backend is the part of shared/client the kiosk uses.
type Backend interface {
	Health(ctx context.Context) (api.Health, error)
	Catalog(ctx context.Context) (api.Catalog, error)
	IssueTicket(ctx context.Context, req api.IssueRequest, idempotencyKey string) (api.Ticket, error)
	SurveyCheck(ctx context.Context, req api.SurveyCheckRequest) (api.SurveyCheck, error)
	SubmitSurveyByNumber(ctx context.Context, req api.KioskSurveyRequest) (api.SurveyReceipt, error)
	AgencyLogo(ctx context.Context, agencyID string) ([]byte, error)
	// Online booking check-in (checkin.go).
	CheckIn(ctx context.Context, code, idempotencyKey string) (api.CheckIn, error)
	Booking(ctx context.Context, code string) (api.Booking, error)
	// A scanned ticket (return.go): read it, and put a no-show back in line.
	Ticket(ctx context.Context, id string) (api.Ticket, error)
	ReturnTicket(ctx context.Context, id string) (api.Ticket, error)
}

// Printer prints a ticket; nil means no printer (on-screen ticket only).
type Printer interface {
	Print(ctx context.Context, site string, t api.Ticket) error
}

// Config tunes the kiosk; zero values take the defaults.
type Config struct {
	Lang           i18n.Lang
	IdleTimeout    time.Duration // "Masih di sini?" when nobody touches the screen (20 s)
	PromptTimeout  time.Duration // then back home if nobody answers (15 s)
	TicketTimeout  time.Duration // the ticket screen returns home (15 s)
	NoPaperTimeout time.Duration // … or this long when no paper ticket came out (45 s)
	CatalogRefresh time.Duration // re-read services so closed/full ones disappear (30 s)
	ProbeEvery     time.Duration // ask the server whether it is there (1 s)
	ProbeTimeout   time.Duration // one such question (1.2 s); two failed in a row = down
	RetryDelay     time.Duration // first pause between issue attempts (0.5 s, doubling to 2 s)
	SlowAfter      time.Duration // "Mohon tunggu…" when no answer yet (1.5 s)
	AttemptTimeout time.Duration // one issue attempt (4 s)
	GiveUpAfter    time.Duration // stop retrying one ticket request and say so (8 s)
	PrintTimeout   time.Duration // one print job (10 s)
	HideCursor     bool          // kiosk mode
	// Scanner says a ticket QR scanner is attached (it types like a
	// keyboard); the survey screen then invites citizens to use it.
	Scanner bool
	// Visits offers several services on one ticket ("Tambah layanan
	// lain", visit.go) up to the site's visits.max_services; off, a chosen
	// service takes its number at once.
	Visits bool
	NewKey func() string // idempotency keys (client.NewIdempotencyKey)
	Now    func() time.Time
	Logo   fyne.Resource
	// Run executes UI updates from goroutines; default fyne.Do.
	Run func(func())
}

func (c *Config) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.IdleTimeout, 20*time.Second)
	def(&c.PromptTimeout, 15*time.Second)
	def(&c.TicketTimeout, 15*time.Second)
	def(&c.NoPaperTimeout, max(45*time.Second, 3*c.TicketTimeout))
	def(&c.CatalogRefresh, 30*time.Second)
	def(&c.ProbeEvery, time.Second)
	def(&c.ProbeTimeout, 1200*time.Millisecond)
	def(&c.RetryDelay, 500*time.Millisecond)
	def(&c.SlowAfter, 1500*time.Millisecond)
	def(&c.AttemptTimeout, 4*time.Second)
	def(&c.GiveUpAfter, 8*time.Second)
	def(&c.PrintTimeout, 10*time.Second)
	if c.Lang == "" {
		c.Lang = i18n.ID
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Run == nil {
		c.Run = fyne.Do
	}
	if c.NewKey == nil {
		panic("ui.Config.NewKey is required (client.NewIdempotencyKey)")
	}
}

// screen is one page of the flow.
type screen interface {
	build() fyne.CanvasObject
	// timeout is how long the screen may stay untouched (0 = forever).
	timeout() time.Duration
}

// catalogAware screens rebuild themselves when a fresh catalog arrives.
type catalogAware interface{ catalogChanged() }

// onlineAware screens change when the server goes away or comes back.
type onlineAware interface{ onlineChanged() }

// unattended screens go home when their time is up without asking
// "Masih di sini?" (the ticket and the thanks: the citizen is done).
type unattended interface{ unattended() }

// Kiosk owns the window and the flow. Every field is touched only on the
// UI goroutine: handlers run there, and goroutines come back through run.
type Kiosk struct {
	w   fyne.Window
	be  Backend
	pr  Printer
	cfg Config

	// mu serialises callbacks arriving through run (fyne.Do runs them on
	// the caller's goroutine under the test driver).
	mu     sync.Mutex
	ctx    context.Context
	stop   context.CancelFunc
	wg     sync.WaitGroup
	reload chan struct{}

	lang       i18n.Lang
	scale      float32 // text and sizes relative to 1920×1080
	loc        *time.Location
	catalog    *api.Catalog
	catalogErr error
	online     bool        // the server answered its last probes
	onlineFlag atomic.Bool // the same, for the request goroutines
	// rescaling is set while a rescale is on its way to the UI goroutine.
	rescaling atomic.Bool
	current   screen
	gen       int // bumped on every touch/navigation: stale timers do nothing
	clock     func(now time.Time)
	issue     *issue
	plan      *visitPlan   // a visit's services being chosen (visit.go)
	surveying *surveySend  // the survey answers on their way, if any
	checking  *surveyCheck // a ticket being checked before the survey, if any
	prompt    *idlePrompt  // "Masih di sini?" while it shows
	scan      scanBuffer
	logos     map[string]fyne.Resource // agency id + file → logo, once fetched
	logoAsked map[string]bool

	// checkingIn is a booking check-in on its way, if any (checkin.go).
	checkingIn *checkIn
	looking    *lookup // a scanned ticket being read (return.go)
}

// New builds the kiosk into w and shows the home screen; call Start to
// begin loading the catalog, probing the server and ticking the clock.
func New(w fyne.Window, be Backend, pr Printer, cfg Config) *Kiosk {
	cfg.defaults()
	cursorHidden = cfg.HideCursor
	k := &Kiosk{w: w, be: be, pr: pr, cfg: cfg, lang: cfg.Lang, reload: make(chan struct{}, 1), online: true,
		loc: defaultLocation()}
	k.onlineFlag.Store(true)
	k.ctx, k.stop = context.WithCancel(context.Background())
	k.scale = scaleFor(w.Canvas().Size())
	k.applyTheme()
	k.listenForScanner()
	k.navigate(k.newHome())
	return k
}

// defaultLocation is the zone before the catalog names the site's:
// Pariaman's and most MPPs' (WIB).
func defaultLocation() *time.Location {
	if loc, err := time.LoadLocation("Asia/Jakarta"); err == nil {
		return loc
	}
	return time.FixedZone("WIB", 7*3600)
}

func (k *Kiosk) applyTheme() {
	s := fyne.CurrentApp().Settings()
	s.SetTheme(scaledTheme(s.Theme(), k.scale))
}

// Start launches the background work: catalog refresh, server probe and
// the clock.
func (k *Kiosk) Start() {
	k.wg.Add(3)
	go k.catalogLoop()
	go k.probeLoop()
	go k.clockLoop()
}

// Stop ends the background work; pending callbacks become no-ops.
func (k *Kiosk) Stop() {
	k.stop()
	k.wg.Wait()
}

// RefreshCatalog asks for a catalog reload now (e.g. on a catalog.updated
// or ticket.issued event). Safe from any goroutine.
func (k *Kiosk) RefreshCatalog() {
	select {
	case k.reload <- struct{}{}:
	default:
	}
}

// run is the one door from goroutines into the UI.
func (k *Kiosk) run(fn func()) {
	k.cfg.Run(func() {
		k.mu.Lock()
		defer k.mu.Unlock()
		if k.ctx.Err() != nil {
			return
		}
		fn()
	})
}

// navigate shows s and restarts its untouched timer.
func (k *Kiosk) navigate(s screen) {
	k.hidePrompt()
	k.current = s
	k.clock = nil
	k.w.SetContent(newRoot(s.build(), k.resized))
	k.touch()
}

// redraw rebuilds the current screen in place (new catalog, language,
// screen size) without counting as a touch.
func (k *Kiosk) redraw() {
	k.clock = nil
	k.w.SetContent(newRoot(k.current.build(), k.resized))
}

// resized follows the window's size: a screen of another size gets text
// and tiles scaled to it (a kiosk put in full screen, a monitor swapped).
// The root's layout only says "look again": a new screen is first laid out
// at its minimum size, so the window's own size is what counts.
func (k *Kiosk) resized(fyne.Size) {
	if k.rescaling.Swap(true) {
		return
	}
	go k.run(k.rescale) // not now: this runs inside a layout pass
}

// rescale applies the window's scale if it changed; the clock also calls
// it every second, as a window manager may report its size late.
func (k *Kiosk) rescale() {
	k.rescaling.Store(false)
	s := k.w.Canvas().Size()
	if s.Width < rootMin.Width || s.Height < rootMin.Height {
		return // not shown yet
	}
	if sc := scaleFor(s); math.Abs(float64(sc-k.scale)) >= 0.01 {
		k.scale = sc
		k.applyTheme()
		k.redraw()
	}
}

// touch records citizen activity: the current screen's timer restarts.
func (k *Kiosk) touch() {
	k.gen++
	d := k.current.timeout()
	if d <= 0 {
		return
	}
	gen := k.gen
	time.AfterFunc(d, func() {
		k.run(func() {
			if gen != k.gen {
				return
			}
			if _, ok := k.current.(unattended); ok {
				k.goHome()
				return
			}
			k.showPrompt()
		})
	})
}

// tap wraps a handler so every tap counts as activity.
func (k *Kiosk) tap(fn func()) func() {
	return func() {
		fn()
		k.touch() // after a navigation this only restarts the new screen's timer
	}
}

// goHome abandons whatever was going on; the next citizen starts fresh in
// the default language.
func (k *Kiosk) goHome() {
	if k.issue != nil {
		k.issue.cancel()
		k.issue = nil
	}
	k.plan = nil
	if k.surveying != nil {
		k.surveying.cancel()
		k.surveying = nil
	}
	if k.checking != nil {
		k.checking.cancel()
		k.checking = nil
	}
	if k.checkingIn != nil {
		k.checkingIn.cancel()
		k.checkingIn = nil
	}
	k.lang = k.cfg.Lang
	k.navigate(k.newHome())
}

func (k *Kiosk) catalogLoop() {
	defer k.wg.Done()
	for {
		ctx, cancel := context.WithTimeout(k.ctx, k.cfg.AttemptTimeout)
		c, err := k.be.Catalog(ctx)
		cancel()
		k.run(func() { k.applyCatalog(c, err) })
		wait := k.cfg.CatalogRefresh
		if err != nil {
			wait = min(wait, 3*time.Second) // reconnect faster than the routine refresh
		}
		select {
		case <-k.ctx.Done():
			return
		case <-k.reload:
		case <-time.After(wait):
		}
	}
}

func (k *Kiosk) applyCatalog(c api.Catalog, err error) {
	k.catalogErr = err
	if err == nil {
		sort.SliceStable(c.Agencies, func(i, j int) bool { return c.Agencies[i].Order < c.Agencies[j].Order })
		sort.SliceStable(c.Services, func(i, j int) bool { return c.Services[i].Order < c.Services[j].Order })
		k.catalog = &c
		k.fetchLogos()
		if c.Site.Timezone != "" {
			if loc, err := time.LoadLocation(c.Site.Timezone); err == nil {
				k.loc = loc
			}
		}
	}
	if s, ok := k.current.(catalogAware); ok {
		s.catalogChanged()
	}
}

// probeLoop asks the server every ProbeEvery whether it is there; two
// failures in a row (≤ 5 s with the defaults, even when packets vanish)
// mark it down, one answer marks it back up.
func (k *Kiosk) probeLoop() {
	defer k.wg.Done()
	fails := 0
	for {
		start := time.Now()
		ctx, cancel := context.WithTimeout(k.ctx, k.cfg.ProbeTimeout)
		_, err := k.be.Health(ctx)
		cancel()
		if k.ctx.Err() != nil {
			return
		}
		if err == nil {
			fails = 0
			k.run(func() { k.setOnline(true) })
		} else if fails++; fails >= 2 {
			k.run(func() { k.setOnline(false) })
		}
		wait := k.cfg.ProbeEvery - time.Since(start)
		if err != nil {
			wait = min(wait, k.cfg.ProbeEvery/4) // confirm a failure quickly
		}
		select {
		case <-k.ctx.Done():
			return
		case <-time.After(max(wait, 0)):
		}
	}
}

// setOnline records whether the server answers; screens that show it are
// told.
func (k *Kiosk) setOnline(on bool) {
	if k.online == on {
		return
	}
	k.online = on
	k.onlineFlag.Store(on)
	if on {
		k.RefreshCatalog()
	}
	if s, ok := k.current.(onlineAware); ok {
		s.onlineChanged()
	}
}

// Online reports whether the server answered lately.
func (k *Kiosk) Online() bool { return k.online }

func (k *Kiosk) clockLoop() {
	defer k.wg.Done()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-k.ctx.Done():
			return
		case <-t.C:
			k.run(func() {
				k.rescale()
				if k.clock != nil {
					k.clock(k.now())
				}
			})
		}
	}
}

// now is the wall clock in the site's time zone (WIB until the catalog
// names another).
func (k *Kiosk) now() time.Time { return k.cfg.Now().In(k.loc) }

func (k *Kiosk) siteName() string {
	if k.catalog != nil && k.catalog.Site.Name != "" {
		return k.catalog.Site.Name
	}
	return "Mal Pelayanan Publik"
}

// whereToAsk tells a citizen where to get help: the information desk, and
// the call centre when the site has one.
func (k *Kiosk) whereToAsk() string {
	l := k.lang
	s := l.Pick("Silakan tanya petugas di meja informasi", "Please ask at the information desk")
	if k.catalog != nil && k.catalog.Site.CallCenter != "" {
		s += l.Pick(" atau hubungi ", " or call ") + k.catalog.Site.CallCenter
	}
	return s + "."
}

// agencyServices is the active services of one agency, in order.
func (k *Kiosk) agencyServices(agencyID string) []api.Service {
	if k.catalog == nil {
		return nil
	}
	var out []api.Service
	for _, s := range k.catalog.Services {
		// Switched-off services are not offered at all; closed ones stay,
		// greyed with their reason, so citizens learn when to come back.
		if s.AgencyID == agencyID && (s.Active || s.OpenNow) && s.ClosedReason != api.ReasonInactive {
			out = append(out, s)
		}
	}
	return out
}

func (k *Kiosk) service(id string) (api.Service, bool) {
	if k.catalog != nil {
		for _, s := range k.catalog.Services {
			if s.ID == id {
				return s, true
			}
		}
	}
	return api.Service{}, false
}

func (k *Kiosk) agency(id string) (api.Agency, bool) {
	if k.catalog != nil {
		for _, a := range k.catalog.Agencies {
			if a.ID == id {
				return a, true
			}
		}
	}
	return api.Agency{}, false
}

// Current names the screen on display ("home", "agencies", "services",
// "priority", "route", "issuing", "ticket", "error", "survey-number",
// "survey-question", "survey-profile", "survey-comment", "survey-thanks",
// "booking-code", "return"), for tests and logs.
func (k *Kiosk) Current() string {
	switch k.current.(type) {
	case *homeScreen:
		return "home"
	case *agencyScreen:
		return "agencies"
	case *serviceScreen:
		return "services"
	case *priorityScreen:
		return "priority"
	case *routeScreen:
		return "route"
	case *issuingScreen:
		return "issuing"
	case *ticketScreen:
		return "ticket"
	case *errorScreen:
		return "error"
	case *surveyNumberScreen:
		return "survey-number"
	case *surveyQuestionScreen:
		return "survey-question"
	case *surveyProfileScreen:
		return "survey-profile"
	case *surveyCommentScreen:
		return "survey-comment"
	case *surveyThanksScreen:
		return "survey-thanks"
	case *bookingScreen:
		return "booking-code"
	case *returnScreen:
		return "return"
	}
	return ""
}
