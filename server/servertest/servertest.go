// Package servertest runs a real Antrean server (HTTP + SQLite file) for
// tests of the server itself and of every app that talks to it.
package servertest

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"antrean/assets"
	"antrean/server/config"
	"antrean/server/queue"
	"antrean/server/serve"
	"antrean/shared/api"
	"antrean/shared/client"
)

// Demo credentials of assets/sites/pariaman.toml.
const (
	KioskToken      = "kiosk-demo"
	DisplayToken    = "display-demo"
	OfficerPassword = "demo123"
	AdminUser       = "admin"
	AdminPassword   = "admin-demo"
)

// Server is a running test server.
type Server struct {
	URL          string
	KioskToken   string
	DisplayToken string
	DBPath       string
	Site         *config.File
	// Clock is the server's clock when it is the default one (nil with
	// WithClock or WithRealClock): tests move it with Set/Advance.
	Clock *queue.FixedClock
	*serve.Instance

	t    testing.TB
	http *httptest.Server
	addr string
	opt  options
}

type options struct {
	clock     queue.Clock
	realClock bool
	hk        time.Duration
	site      func(*config.File)
	keepAlive time.Duration
	dbPath    string
	reseed    bool
	config    func(*serve.Config)
}

// Option changes the test server.
type Option func(*options)

// WithClock uses the given clock (the demo site is always open unless a
// WithSite function turns AlwaysOpen off).
func WithClock(c queue.Clock) Option { return func(o *options) { o.clock = c } }

// WithRealClock runs the server on the wall clock, for the rare test that
// needs time to pass by itself (such a test must not care about the hour);
// the store then also does its housekeeping every second by itself.
func WithRealClock() Option { return func(o *options) { o.realClock = true } }

// WithHousekeeping makes the store look at its clock every d for a day to
// close or a session that expired. By default it does not (only once at
// start): a test that moves the clock calls s.Store.Housekeep itself, so
// nothing happens at a moment the test did not choose.
func WithHousekeeping(d time.Duration) Option { return func(o *options) { o.hk = d } }

// DefaultTime is where the default clock starts: 10:00 WIB on the current
// date. It moves 1 ms per reading (queue.NewSteppingClock), so events keep
// their order, but never by itself: no test runs into local midnight (day
// change, numbering restart, day closing) unless it moves the clock. The
// date stays real so that apps comparing a server time with their own
// clock see "today".
func DefaultTime() time.Time {
	wib := time.FixedZone("WIB", 7*3600)
	y, m, d := time.Now().In(wib).Date()
	return time.Date(y, m, d, 10, 0, 0, 0, wib)
}

// WithSite edits the Pariaman site before it is applied.
func WithSite(fn func(*config.File)) Option { return func(o *options) { o.site = fn } }

// WithKeepAlive sets the SSE keep-alive interval.
func WithKeepAlive(d time.Duration) Option { return func(o *options) { o.keepAlive = d } }

// WithReseed makes the site file overwrite admin changes at (re)start.
func WithReseed() Option { return func(o *options) { o.reseed = true } }

// WithConfig edits the server configuration before the server starts
// (limits, timeouts, trusted proxies…).
func WithConfig(fn func(*serve.Config)) Option { return func(o *options) { o.config = fn } }

// WithDB uses the given database file (to reopen one after a restart).
func WithDB(path string) Option { return func(o *options) { o.dbPath = path } }

// Pariaman loads the sample site.
func Pariaman(t testing.TB) *config.File {
	t.Helper()
	b, err := assets.ReadFile("sites/pariaman.toml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := config.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// Start runs a server on a fresh database in t.TempDir(); it stops at the
// end of the test. Its clock is fixed at DefaultTime (see s.Clock) unless
// WithClock or WithRealClock says otherwise.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	var o options
	for _, fn := range opts {
		fn(&o)
	}
	if o.dbPath == "" {
		o.dbPath = filepath.Join(t.TempDir(), "antrean.db")
	}
	var fixed *queue.FixedClock
	if o.hk == 0 {
		o.hk = -1
	}
	switch {
	case o.realClock:
		o.clock = queue.SystemClock{}
		if o.hk < 0 {
			o.hk = time.Second
		}
	case o.clock == nil:
		fixed = queue.NewSteppingClock(DefaultTime(), time.Millisecond)
		o.clock = fixed
	}
	s := &Server{t: t, opt: o, DBPath: o.dbPath, KioskToken: KioskToken, DisplayToken: DisplayToken, Clock: fixed}
	s.start("127.0.0.1:0")
	t.Cleanup(s.Stop)
	return s
}

func (s *Server) start(addr string) {
	t := s.t
	site := Pariaman(t)
	if s.opt.site != nil {
		s.opt.site(site)
		if err := site.Validate(); err != nil {
			t.Fatalf("servertest: edited site is invalid: %v", err)
		}
	}
	s.Site = site
	cfg := serve.Config{
		DBPath: s.DBPath, Site: site, Reseed: s.opt.reseed, Clock: s.opt.clock, KeepAlive: s.opt.keepAlive, Housekeeping: s.opt.hk,
		BcryptCost: bcrypt.MinCost, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	if s.opt.config != nil {
		s.opt.config(&cfg)
	}
	inst, err := serve.New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("servertest: %v", err)
	}
	srv, err := inst.HTTPServer()
	if err != nil {
		inst.Close()
		t.Fatalf("servertest: %v", err)
	}
	var ln net.Listener
	for i := 0; i < 50; i++ {
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		inst.Close()
		t.Fatalf("servertest: listen %s: %v", addr, err)
	}
	hs := &httptest.Server{Listener: ln, Config: srv}
	hs.Start() // plain HTTP (serve's own tests cover TLS)
	s.Instance, s.http, s.addr, s.URL = inst, hs, ln.Addr().String(), hs.URL
}

// Stop closes streams, the HTTP server and the database (idempotent).
func (s *Server) Stop() {
	if s.http == nil {
		return
	}
	s.Instance.Handler.Close()
	s.Instance.Hub.Close()
	s.http.CloseClientConnections()
	s.http.Close()
	s.Instance.Store.Close()
	s.http = nil
}

// Restart stops the server and starts it again on the same address and
// database, as a real restart would.
func (s *Server) Restart() {
	s.Stop()
	s.start(s.addr)
}

// Client returns an API client with the given token.
func (s *Server) Client(token string) *client.Client {
	return client.New(client.Config{BaseURL: s.URL, Token: token, Timeout: 10 * time.Second})
}

// Kiosk is a client with the kiosk token.
func (s *Server) Kiosk() *client.Client { return s.Client(KioskToken) }

// Officer logs an officer in at a counter and returns the client.
func (s *Server) Officer(username, counterID string) *client.Client {
	s.t.Helper()
	c := s.Client("")
	if _, err := c.Login(context.Background(), api.SessionRequest{Username: username, Password: OfficerPassword, CounterID: counterID}); err != nil {
		s.t.Fatalf("servertest: login %s at %s: %v", username, counterID, err)
	}
	return c
}

// ServedTicket issues a ticket of serviceID and has petugas1 serve it to
// the end at loket-1 (which serves ktp-el and kk): a done ticket, e.g. for
// a survey.
func (s *Server) ServedTicket(serviceID string) api.Ticket {
	s.t.Helper()
	ctx := context.Background()
	tk, err := s.Kiosk().IssueTicket(ctx, api.IssueRequest{ServiceID: serviceID}, client.NewIdempotencyKey())
	if err != nil {
		s.t.Fatal(err)
	}
	off := s.Officer("petugas1", "loket-1")
	called, err := off.CallNext(ctx, "loket-1")
	if err != nil || called == nil || called.ID != tk.ID {
		s.t.Fatalf("call next: %+v %v", called, err)
	}
	if _, err := off.Start(ctx, tk.ID); err != nil {
		s.t.Fatal(err)
	}
	if tk, err = off.Finish(ctx, tk.ID); err != nil {
		s.t.Fatal(err)
	}
	return tk
}
