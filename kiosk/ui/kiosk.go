// Package ui is the touchscreen ticket kiosk: home → agency → service →
// (priority) → ticket, and home → ticket number → nine SKM questions →
// comment → thanks; tap only, paged, large and high contrast. It talks
// to the server through a small Backend interface (satisfied by
// *client.Client) and prints through a Printer (kiosk/printer).
package ui

import (
	"context"
	"sort"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// Backend is the part of shared/client the kiosk uses.
type Backend interface {
	Catalog(ctx context.Context) (api.Catalog, error)
	IssueTicket(ctx context.Context, req api.IssueRequest, idempotencyKey string) (api.Ticket, error)
	SubmitSurveyByNumber(ctx context.Context, req api.KioskSurveyRequest) (api.SurveyReceipt, error)
}

// Printer prints a ticket; nil means no printer (on-screen ticket only).
type Printer interface {
	Print(ctx context.Context, site string, t api.Ticket) error
}

// Config tunes the kiosk; zero values take the defaults.
type Config struct {
	Lang           i18n.Lang
	IdleTimeout    time.Duration // back home when nobody touches the screen (20 s)
	TicketTimeout  time.Duration // the ticket screen returns home (15 s)
	CatalogRefresh time.Duration // re-read services so closed/full ones disappear (30 s)
	RetryDelay     time.Duration // first pause between issue attempts (1 s, doubling to 5 s)
	SlowAfter      time.Duration // "Sedang menghubungkan…" when no answer yet (1.5 s)
	AttemptTimeout time.Duration // one issue attempt (10 s)
	GiveUpAfter    time.Duration // stop retrying one ticket request (2 min)
	PrintTimeout   time.Duration // one print job (10 s)
	HideCursor     bool          // kiosk mode
	NewKey         func() string // idempotency keys (client.NewIdempotencyKey)
	Now            func() time.Time
	Logo           fyne.Resource
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
	def(&c.TicketTimeout, 15*time.Second)
	def(&c.CatalogRefresh, 30*time.Second)
	def(&c.RetryDelay, time.Second)
	def(&c.SlowAfter, 1500*time.Millisecond)
	def(&c.AttemptTimeout, 10*time.Second)
	def(&c.GiveUpAfter, 2*time.Minute)
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
	catalog    *api.Catalog
	catalogErr error
	current    screen
	gen        int // bumped on every touch/navigation: stale timers do nothing
	clock      func(now time.Time)
	issue      *issue
	surveying  *surveySend // the survey answers on their way, if any
}

// New builds the kiosk into w and shows the home screen; call Start to
// begin loading the catalog and ticking the clock.
func New(w fyne.Window, be Backend, pr Printer, cfg Config) *Kiosk {
	cfg.defaults()
	cursorHidden = cfg.HideCursor
	k := &Kiosk{w: w, be: be, pr: pr, cfg: cfg, lang: cfg.Lang, reload: make(chan struct{}, 1)}
	k.ctx, k.stop = context.WithCancel(context.Background())
	fyne.CurrentApp().Settings().SetTheme(Theme(fyne.CurrentApp().Settings().Theme()))
	k.navigate(k.newHome())
	return k
}

// Start launches the background work: catalog refresh and the clock.
func (k *Kiosk) Start() {
	k.wg.Add(2)
	go k.catalogLoop()
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
	k.current = s
	k.clock = nil
	k.w.SetContent(newRoot(s.build()))
	k.touch()
}

// redraw rebuilds the current screen in place (new catalog, language)
// without counting as a touch.
func (k *Kiosk) redraw() {
	k.clock = nil
	k.w.SetContent(newRoot(k.current.build()))
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
			if gen == k.gen {
				k.goHome()
			}
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
	if k.surveying != nil {
		k.surveying.cancel()
		k.surveying = nil
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
	}
	if s, ok := k.current.(catalogAware); ok {
		s.catalogChanged()
	}
}

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
				if k.clock != nil {
					k.clock(k.now())
				}
			})
		}
	}
}

// now is the wall clock in the site's time zone when the catalog names it.
func (k *Kiosk) now() time.Time {
	t := k.cfg.Now()
	if k.catalog != nil && k.catalog.Site.Timezone != "" {
		if loc, err := time.LoadLocation(k.catalog.Site.Timezone); err == nil {
			return t.In(loc)
		}
	}
	return t
}

func (k *Kiosk) siteName() string {
	if k.catalog != nil && k.catalog.Site.Name != "" {
		return k.catalog.Site.Name
	}
	return "Mal Pelayanan Publik"
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
// "priority", "issuing", "ticket", "survey-number", "survey-question",
// "survey-comment", "survey-thanks"), for tests and logs.
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
	case *issuingScreen:
		return "issuing"
	case *ticketScreen:
		return "ticket"
	case *surveyNumberScreen:
		return "survey-number"
	case *surveyQuestionScreen:
		return "survey-question"
	case *surveyCommentScreen:
		return "survey-comment"
	case *surveyThanksScreen:
		return "survey-thanks"
	}
	return ""
}
