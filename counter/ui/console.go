// Package ui is the officer's counter console: a login screen and the desk
// screen (current ticket, actions, who waits, today's figures). It holds no
// Fyne app: counter/main.go wires a window, the REST client and the event
// stream into it, so these screens are tested with fyne's test driver.
package ui

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// Preference keys: the session survives a restart of the app.
const (
	PrefToken   = "session.token"
	PrefCounter = "session.counter"
	PrefExpires = "session.expires"
	PrefUser    = "session.user"
	PrefLang    = "lang"
	// PrefPendingNoShow holds a no-show the officer confirmed but the app
	// could not send (closed, crashed, server away): "counter\tticket\tnumber".
	// The next desk at that counter sends it if the ticket is still called
	// there, and forgets it otherwise.
	PrefPendingNoShow = "pending.noshow"
)

// DefaultNoShowAfter is how long after the first call "no-show" unlocks
// without a recall when the site sets no_show_after_seconds = 0: a citizen
// who heard the call from the far end of an MPP hall (40–60 m, elderly or
// with a child, at under 1 m/s) needs about a minute to reach the counter.
const DefaultNoShowAfter = 60 * time.Second

// DefaultUndoDelay is how long a no-show waits for "Batalkan" before it is
// sent to the server.
const DefaultUndoDelay = 5 * time.Second

// API is the part of shared/client the console uses (*client.Client
// satisfies it).
type API interface {
	SetToken(token string)
	Catalog(ctx context.Context) (api.Catalog, error)
	Login(ctx context.Context, req api.SessionRequest) (api.Session, error)
	Counter(ctx context.Context, counterID string) (api.CounterView, error)
	CallNext(ctx context.Context, counterID string) (*api.Ticket, error)
	Recall(ctx context.Context, counterID string) (api.Ticket, error)
	Start(ctx context.Context, ticketID string) (api.Ticket, error)
	Finish(ctx context.Context, ticketID string) (api.Ticket, error)
	NoShow(ctx context.Context, ticketID string) (api.Ticket, error)
	Requeue(ctx context.Context, ticketID string) (api.Ticket, error)
	Transfer(ctx context.Context, ticketID, serviceID string) (api.Ticket, error)
	SetCounterStatus(ctx context.Context, counterID string, s api.CounterStatus) (api.Counter, error)
	Logout(ctx context.Context) error
}

// LiveFunc runs the event stream with token until ctx ends, calling onEvent
// for every event and onState when the connection comes or goes. main wires
// it to shared/stream.Run.
type LiveFunc func(ctx context.Context, token string, onEvent func(api.Event), onState func(online bool)) error

// Config is what the console needs from its surroundings.
type Config struct {
	API       API
	Prefs     fyne.Preferences
	Lang      i18n.Lang
	ServerURL string // shown on the login screen
	User      string // prefill of the username
	CounterID string // prefill of the counter
	Live      LiveFunc
	// Do runs f on the UI goroutine; nil means fyne.Do. Every UI change
	// made from a goroutine goes through it.
	Do  func(f func())
	Now func() time.Time
	// Debounce groups bursts of events into one re-read (default 200 ms).
	Debounce time.Duration
	// Tick updates the waiting-time clock (default 1 s); Poll re-reads the
	// counter as a safety net when the stream is quiet (default 30 s).
	Tick, Poll time.Duration
	// UndoDelay is the time to take back a no-show (default 5 s).
	UndoDelay time.Duration
	// Theme is the look (nil: the app's theme at New); the console scales
	// it up on very large windows (see ScaleFor).
	Theme fyne.Theme
}

// Console is the root of the app: it owns the window content and switches
// between the login and the desk screen.
type Console struct {
	cfg  Config
	win  fyne.Window
	lang i18n.Lang

	// Exactly one of Login and Desk is on screen.
	Login *LoginScreen
	Desk  *DeskScreen

	theme              fyne.Theme
	scale, scaleWanted float32

	sess    *session       // the desk session on screen (UI goroutine only)
	pending *pendingNoShow // a no-show waiting for its undo time (UI goroutine only)
}

// session is one stay at the desk: its goroutines end with ctx.
type session struct {
	ctx       context.Context
	cancel    context.CancelFunc
	counterID string
	token     string

	services atomic.Pointer[map[string]bool] // services this counter serves
	reads    atomic.Int64                    // refresh counter: newer wins

	// UI goroutine only.
	catalog  *api.Catalog  // site, agencies and counters; nil until read
	offset   time.Duration // server clock minus ours, from the catalog read
	applied  int64         // last refresh applied
	loaded   bool          // a view has been shown
	loadErr  bool          // the last read failed (its message is on screen)
	inFlight int           // actions running

	mu    sync.Mutex
	timer *time.Timer // pending debounced refresh
}

// New builds the console in win; call Start to show the first screen.
func New(win fyne.Window, cfg Config) *Console {
	if cfg.Do == nil {
		cfg.Do = fyne.Do
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Debounce <= 0 {
		cfg.Debounce = 200 * time.Millisecond
	}
	if cfg.Tick <= 0 {
		cfg.Tick = time.Second
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 30 * time.Second
	}
	if cfg.UndoDelay <= 0 {
		cfg.UndoDelay = DefaultUndoDelay
	}
	lang := cfg.Lang
	if lang == "" && cfg.Prefs != nil {
		lang = i18n.ParseLang(cfg.Prefs.String(PrefLang))
	}
	if lang == "" {
		lang = i18n.ID
	}
	th := cfg.Theme
	if th == nil {
		th = fyne.CurrentApp().Settings().Theme()
	}
	fyne.CurrentApp().Settings().SetTheme(th)
	return &Console{cfg: cfg, win: win, lang: lang, theme: th, scale: 1}
}

// Lang is the language on screen.
func (c *Console) Lang() i18n.Lang { return c.lang }

// t picks the text in the console's language.
func (c *Console) t(id, en string) string { return c.lang.Pick(id, en) }

// ui is the one place where goroutines hand work to the UI goroutine.
func (c *Console) ui(f func()) { c.cfg.Do(f) }

// Start restores a saved session (straight to the desk) or shows the login.
func (c *Console) Start() {
	p := c.cfg.Prefs
	token, counter := p.String(PrefToken), p.String(PrefCounter)
	if token == "" || counter == "" {
		c.showLogin("")
		return
	}
	if exp, err := time.Parse(time.RFC3339, p.String(PrefExpires)); err == nil && !c.cfg.Now().Before(exp) {
		c.expire()
		return
	}
	c.cfg.API.SetToken(token)
	c.showDesk(counter, token)
}

// Close is the app closing: a no-show still inside its undo time is sent
// now (the officer did not take it back), waiting at most a few seconds;
// if the server cannot be reached it stays saved for the next start. Then
// the session goroutines stop.
func (c *Console) Close() {
	if p := c.pending; p != nil {
		if !p.claimed && c.sess == p.sess {
			p.claim()
			ctx, cancel := context.WithTimeout(context.Background(), sendTimeout)
			_, err := c.cfg.API.NoShow(ctx, p.TicketID)
			cancel()
			c.settlePending(p, err, false)
			close(p.done)
		} else if p.sending {
			p.wait() // already on its way: let it arrive before the app ends
		}
	}
	c.endSession()
}

// Quit is the window's close button: like Close, but the window stays
// responsive while a pending no-show is sent; then runs (e.g. win.Close).
func (c *Console) Quit(then func()) {
	p := c.pending
	switch {
	case p != nil && !p.claimed && c.sess == p.sess:
		c.sendPending(p, func(error) { then() })
	case p != nil && p.sending:
		go func() { p.wait(); c.ui(then) }()
	default:
		then()
	}
}

// endSession stops the session goroutines. A pending no-show is dropped
// from memory but stays saved: a later desk at that counter sends it.
func (c *Console) endSession() {
	if p := c.pending; p != nil {
		p.claim()
		c.pending = nil
	}
	if c.sess != nil {
		c.sess.cancel()
		c.sess = nil
	}
}

// ToggleLang switches Indonesian ⇄ English and redraws the screen.
func (c *Console) ToggleLang() {
	if c.lang == i18n.EN {
		c.lang = i18n.ID
	} else {
		c.lang = i18n.EN
	}
	c.cfg.Prefs.SetString(PrefLang, string(c.lang))
	c.rebuild()
}

// rebuild makes the screen on show anew (language or scale changed),
// keeping what it holds.
func (c *Console) rebuild() {
	switch {
	case c.Desk != nil:
		old := c.Desk
		c.Desk = newDesk(c)
		c.Desk.copyState(old)
		c.setContent(c.Desk.root)
	case c.Login != nil:
		old := c.Login
		c.Login = newLogin(c)
		c.Login.copyState(old)
		c.setContent(c.Login.root)
	}
}

func (c *Console) setContent(o fyne.CanvasObject) {
	// The desk lays out its own margins, edge to edge.
	c.win.SetPadded(c.Desk == nil)
	c.win.SetContent(container.New(&scaleLayout{c: c}, o))
	if c.Desk != nil {
		c.win.Canvas().SetOnTypedKey(c.Desk.typedKey)
	} else {
		c.win.Canvas().SetOnTypedKey(nil)
	}
}

// showLogin ends any desk session and shows the login with msg (may be "").
func (c *Console) showLogin(msg string) {
	c.endSession()
	c.Desk = nil
	c.Login = newLogin(c)
	user := c.cfg.User
	if u := c.cfg.Prefs.String(PrefUser); u != "" && user == "" {
		user = u
	}
	c.Login.Username.SetText(user)
	if msg != "" {
		c.Login.showError(msg)
	}
	c.setContent(c.Login.root)
	if user != "" {
		c.win.Canvas().Focus(c.Login.Password)
	} else {
		c.win.Canvas().Focus(c.Login.Username)
	}
}

// expire forgets the session and asks for a new login: a console never sits
// silently unauthorized.
func (c *Console) expire() {
	c.forget()
	c.showLogin(c.t("Sesi berakhir, silakan masuk kembali", "Session ended, please sign in again"))
}

func (c *Console) forget() {
	p := c.cfg.Prefs
	p.RemoveValue(PrefToken)
	p.RemoveValue(PrefExpires)
	c.cfg.API.SetToken("")
}

// Logout leaves the desk on purpose. A no-show inside its undo time is sent
// first, with the session it belongs to.
func (c *Console) Logout() {
	if p := c.pending; p != nil && !p.claimed && c.sess == p.sess {
		c.sendPending(p, func(err error) {
			msg := ""
			if err != nil && !refused(err) {
				msg = fmt.Sprintf(c.t("%s belum tercatat tidak hadir (%s). Akan dikirim saat Anda masuk lagi di loket ini.",
					"%s is not yet marked as no-show (%s). It will be sent when you sign in at this counter again."),
					p.Number, i18n.ErrorMessage(c.lang, err))
			}
			c.logout(msg)
		})
		return
	}
	c.logout("")
}

func (c *Console) logout(msg string) {
	// End the session on the server too, without holding up the screen;
	// if the server is unreachable the session simply expires there.
	go func(a API) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		a.Logout(ctx)
	}(c.cfg.API)
	c.forget()
	c.showLogin(msg)
}

// loggedIn keeps the session and opens the desk.
func (c *Console) loggedIn(s api.Session, counterID, user string) {
	p := c.cfg.Prefs
	p.SetString(PrefToken, s.Token)
	p.SetString(PrefCounter, counterID)
	p.SetString(PrefUser, user)
	if !s.ExpiresAt.IsZero() {
		p.SetString(PrefExpires, s.ExpiresAt.Format(time.RFC3339))
	} else {
		p.RemoveValue(PrefExpires)
	}
	c.cfg.API.SetToken(s.Token)
	c.showDesk(counterID, s.Token)
}

// showDesk opens the desk for counterID and starts its goroutines: the
// event stream, the clock tick and the safety poll.
func (c *Console) showDesk(counterID, token string) {
	c.endSession()
	ctx, cancel := context.WithCancel(context.Background())
	s := &session{ctx: ctx, cancel: cancel, counterID: counterID, token: token}
	c.sess = s
	c.Login = nil
	c.Desk = newDesk(c)
	c.setContent(c.Desk.root)
	c.Desk.setBusy(true) // until the first read says what is allowed

	go c.refresh(s, nil)
	go c.loadCatalog(s)
	go c.clock(s)
	if c.cfg.Live != nil {
		go c.live(s)
	}
}

// now is the server's time as well as we know it: our clock corrected by
// the offset measured at the last catalog read.
func (c *Console) now() time.Time {
	t := c.cfg.Now()
	if c.sess != nil {
		t = t.Add(c.sess.offset)
	}
	return t
}

// loadCatalog reads the site, agencies and counters (no-show delay, agency
// colours and names, which transfer targets have an open counter).
func (c *Console) loadCatalog(s *session) {
	if s.ctx.Err() != nil {
		return
	}
	sent := c.cfg.Now()
	cat, err := c.cfg.API.Catalog(s.ctx)
	got := c.cfg.Now()
	if err != nil {
		return // the desk works without it: defaults and plain names
	}
	c.ui(func() {
		if c.sess != s || c.Desk == nil {
			return
		}
		s.catalog = &cat
		if !cat.Now.IsZero() {
			// Half the round trip is the best guess of when the server read its clock.
			s.offset = cat.Now.Sub(sent.Add(got.Sub(sent) / 2))
			if s.offset > -2*time.Second && s.offset < 2*time.Second {
				s.offset = 0 // within the network's noise: trust our clock
			}
		}
		c.Desk.render(c.now())
		if c.Desk.transfer != nil {
			c.Desk.transfer.catalogChanged()
		}
	})
}

// clock ticks the waiting time and polls the counter now and then.
func (c *Console) clock(s *session) {
	tick := time.NewTicker(c.cfg.Tick)
	defer tick.Stop()
	poll := time.NewTicker(c.cfg.Poll)
	defer poll.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-tick.C:
			c.ui(func() {
				if c.sess == s && c.Desk != nil {
					c.Desk.tick(c.now())
				}
			})
		case <-poll.C:
			c.refresh(s, nil)
		}
	}
}

// live follows the event stream; any event touching this counter or its
// services triggers one debounced re-read of the counter view.
func (c *Console) live(s *session) {
	onEvent := func(ev api.Event) {
		if ev.Type == api.EventCatalogUpdated || ev.Type == api.EventReset {
			go c.loadCatalog(s)
		}
		if c.relevant(s, ev) {
			c.schedule(s)
		}
	}
	onState := func(online bool) {
		c.ui(func() {
			if c.sess == s && c.Desk != nil {
				c.Desk.setOnline(online)
			}
		})
		if online {
			c.schedule(s) // catch up on what happened while offline
		}
	}
	_ = c.cfg.Live(s.ctx, s.token, onEvent, onState)
}

func (c *Console) relevant(s *session, ev api.Event) bool {
	switch ev.Type {
	case api.EventReset, api.EventCatalogUpdated:
		return true
	}
	d, err := ev.Decode()
	if err != nil {
		return true // cannot tell: re-reading is always right
	}
	svc := s.services.Load()
	if svc == nil {
		return true
	}
	if d.Counter != nil && d.Counter.ID == s.counterID {
		return true
	}
	if d.Ticket != nil && (d.Ticket.CounterID == s.counterID || (*svc)[d.Ticket.ServiceID]) {
		return true
	}
	if d.Call != nil && d.Call.CounterID == s.counterID {
		return true
	}
	if d.Waiting != nil && (*svc)[d.Waiting.ServiceID] {
		return true
	}
	return false
}

// schedule re-reads the counter once after a short quiet time.
func (c *Console) schedule(s *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.timer != nil || s.ctx.Err() != nil {
		return
	}
	s.timer = time.AfterFunc(c.cfg.Debounce, func() {
		s.mu.Lock()
		s.timer = nil
		s.mu.Unlock()
		c.refresh(s, nil)
	})
}

// refresh reads the counter view (off the UI goroutine) and shows it; done,
// if set, runs on the UI goroutine after the view is applied.
func (c *Console) refresh(s *session, done func(err error)) {
	if s.ctx.Err() != nil {
		return
	}
	n := s.reads.Add(1)
	v, err := c.cfg.API.Counter(s.ctx, s.counterID)
	if err == nil {
		svc := map[string]bool{}
		for _, id := range v.Counter.ServiceIDs {
			svc[id] = true
		}
		for _, q := range v.Waiting {
			svc[q.ServiceID] = true
		}
		s.services.Store(&svc)
	}
	c.ui(func() {
		if c.sess != s || c.Desk == nil {
			return
		}
		if api.CodeOf(err) == api.CodeUnauthorized {
			c.expire()
			return
		}
		first := false
		if err == nil && n > s.applied {
			first = !s.loaded
			s.applied = n
			s.loaded = true
			c.Desk.apply(v, c.now())
		}
		switch {
		case done != nil:
			done(err)
		case err != nil && !errors.Is(err, context.Canceled):
			c.Desk.showError(i18n.ErrorMessage(c.lang, err))
		case err == nil && s.loadErr:
			c.Desk.clearMessage()
		}
		s.loadErr = err != nil
		c.Desk.setBusy(s.inFlight > 0 || !s.loaded)
		if first {
			c.replayPending(s, v)
		}
	})
}

// act runs one officer action off the UI goroutine with the buttons
// disabled, then re-reads the counter and shows the outcome. f returns the
// message to show on success ("" for none) and whether it is a warning.
func (c *Console) act(f func(ctx context.Context, counterID string) (msg string, warn bool, err error)) {
	s := c.sess
	if s == nil || c.Desk == nil || s.inFlight > 0 || !s.loaded || c.pending != nil {
		return
	}
	c.Desk.clearMessage()
	s.inFlight++
	c.Desk.setBusy(true)
	go func() {
		msg, warn, err := f(s.ctx, s.counterID)
		if api.CodeOf(err) == api.CodeUnauthorized {
			c.ui(func() {
				if c.sess == s {
					c.expire()
				}
			})
			return
		}
		// The callback runs only while this session is still on screen.
		c.refresh(s, func(rerr error) {
			s.inFlight--
			d := c.Desk
			switch {
			case err != nil && msg != "":
				d.showError(msg) // f worded a partial failure itself
			case err != nil:
				d.showError(i18n.ErrorMessage(c.lang, err))
			case rerr != nil:
				d.showError(i18n.ErrorMessage(c.lang, rerr))
			case msg != "" && warn:
				d.showWarning(msg)
			case msg != "":
				d.showInfo(msg)
			}
		})
	}()
}
