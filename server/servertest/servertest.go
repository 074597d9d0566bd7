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
	*serve.Instance

	t    testing.TB
	http *httptest.Server
	addr string
	opt  options
}

type options struct {
	clock     queue.Clock
	site      func(*config.File)
	keepAlive time.Duration
	dbPath    string
	reseed    bool
	config    func(*serve.Config)
}

// Option changes the test server.
type Option func(*options)

// WithClock uses a fixed clock (the demo site is always open unless a
// WithSite function turns AlwaysOpen off).
func WithClock(c queue.Clock) Option { return func(o *options) { o.clock = c } }

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
// end of the test.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	var o options
	for _, fn := range opts {
		fn(&o)
	}
	if o.dbPath == "" {
		o.dbPath = filepath.Join(t.TempDir(), "antrean.db")
	}
	s := &Server{t: t, opt: o, DBPath: o.dbPath, KioskToken: KioskToken, DisplayToken: DisplayToken}
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
		DBPath: s.DBPath, Site: site, Reseed: s.opt.reseed, Clock: s.opt.clock, KeepAlive: s.opt.keepAlive,
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
