// Package serve assembles a running server from its parts (site file,
// store, event hub, HTTP handler), for main and for tests alike.
package serve

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"time"

	"antrean/server/config"
	"antrean/server/events"
	"antrean/server/httpapi"
	"antrean/server/queue"
	"antrean/server/store/sqlite"
)

// Config is what a server instance needs.
type Config struct {
	DBPath string
	Site   *config.File // applied at start (may be nil for an existing database)
	// Reseed makes the site file overwrite entries an admin has changed;
	// by default it only creates a new database and adds new entries.
	Reseed     bool
	Clock      queue.Clock
	PublicURL  string
	KeepAlive  time.Duration
	BcryptCost int
	// EventRetention: events (and idempotency keys) older than this are
	// pruned at start and when a day is closed; clients resuming from
	// before it get a reset. Default 7 days.
	EventRetention time.Duration
	// Housekeeping is how often the store checks its clock for a day to
	// close or a session that expired (default 1 s; negative = never).
	Housekeeping time.Duration
	Logger       *slog.Logger
	// Synchronous overrides SQLite's synchronous=FULL: for measuring only,
	// anything else is not durable.
	Synchronous string

	// TrustedProxies may name the client in X-Forwarded-For / X-Real-IP.
	TrustedProxies []netip.Prefix
	// ControlSocket is the Unix socket of operator commands (unlock);
	// "" = none.
	ControlSocket string
	// TLSCert and TLSKey (PEM files) make the server speak HTTPS; the
	// files are re-read when they change (certificate renewal).
	TLSCert, TLSKey string
	// ReadTimeout bounds reading one request, headers and body (default
	// 30 s); event streams lift it once their request is read.
	ReadTimeout time.Duration
	// WriteTimeout bounds writing one ordinary response (default 60 s);
	// event streams set their own deadline per write instead.
	WriteTimeout time.Duration
	// KioskIssuePerMinute and KioskIssueBurst rate-limit ticket issue per
	// kiosk device (0 = no limit).
	KioskIssuePerMinute float64
	KioskIssueBurst     int
	// TicketStreamsPerTicket and TicketStreamsPerAddr cap the public
	// per-ticket streams (0 = the handler's defaults).
	TicketStreamsPerTicket, TicketStreamsPerAddr int
	// TicketPollEvery is how often a phone page polls its ticket when the
	// server refused its stream (0 = the handler's default, 15 s).
	TicketPollEvery time.Duration
	// StreamAuthRecheck is how often an open event stream re-checks its
	// token (default 30 s).
	StreamAuthRecheck time.Duration
	// LogoDir holds the agency logo files the site file names (its own
	// folder); "" serves no logos.
	LogoDir string
	// Voice is the hall displays' voice (server/voicepub.Prepare); nil =
	// the built-in voice.
	Voice *httpapi.Voice
}

// Instance is an assembled server.
type Instance struct {
	Store   *sqlite.Store
	Hub     *events.Hub
	Handler *httpapi.Server
	log     *slog.Logger
	cfg     Config
}

// New opens the database, applies the site file and builds the handler.
func New(ctx context.Context, c Config) (*Instance, error) {
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Clock == nil {
		c.Clock = queue.SystemClock{}
	}
	if c.EventRetention <= 0 {
		c.EventRetention = 7 * 24 * time.Hour
	}
	// 256 queued events per stream: a burst fits, and 500 idle displays
	// cost little memory; a stream further behind is dropped with a reset.
	hub := events.NewHub(4096, 256)
	st, err := sqlite.Open(ctx, sqlite.Options{Path: c.DBPath, Clock: c.Clock, BcryptCost: c.BcryptCost, Synchronous: c.Synchronous,
		EventRetention: c.EventRetention, Housekeeping: c.Housekeeping})
	if err != nil {
		return nil, err
	}
	if _, err := st.PruneEvents(ctx, c.Clock.Now().Add(-c.EventRetention)); err != nil {
		st.Close()
		return nil, fmt.Errorf("prune events: %w", err)
	}
	// The hub learns the last stored sequence before it publishes anything,
	// so resuming clients are judged against the database, not zero.
	last, err := st.LastSeq(ctx)
	if err != nil {
		st.Close()
		return nil, err
	}
	hub.SetLast(last)
	st.SetPublisher(hub)
	if c.Site != nil {
		seed := st.Seed
		if c.Reseed {
			seed = st.Reseed
		}
		if err := seed(ctx, c.Site); err != nil {
			st.Close()
			return nil, fmt.Errorf("apply site file: %w", err)
		}
	}
	// Close the days that ended while the server was down before serving:
	// no ticket of a past day answers "waiting" after a restart.
	if err := st.Housekeep(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("close past days: %w", err)
	}
	if err := checkPublicURL(ctx, st, c.PublicURL); err != nil {
		st.Close()
		return nil, err
	}
	if c.ReadTimeout <= 0 {
		c.ReadTimeout = 30 * time.Second
	}
	if c.WriteTimeout <= 0 {
		c.WriteTimeout = 60 * time.Second
	}
	h := httpapi.New(httpapi.Options{Store: st, Hub: hub, PublicURL: c.PublicURL, LogoDir: c.LogoDir, KeepAlive: c.KeepAlive, Logger: c.Logger,
		Now: c.Clock.Now, TrustedProxies: c.TrustedProxies, WriteTimeout: c.WriteTimeout,
		KioskIssuePerMinute: c.KioskIssuePerMinute, KioskIssueBurst: c.KioskIssueBurst,
		TicketStreamsPerTicket: c.TicketStreamsPerTicket, TicketStreamsPerAddr: c.TicketStreamsPerAddr,
		TicketPollEvery: c.TicketPollEvery, AuthRecheck: c.StreamAuthRecheck, Voice: c.Voice})
	return &Instance{Store: st, Hub: hub, Handler: h, log: c.Logger, cfg: c}, nil
}

// checkPublicURL requires the base of ticket links on a real site: without
// it the link printed in a ticket's QR code would follow the request's Host
// header, which any client can forge.
func checkPublicURL(ctx context.Context, st *sqlite.Store, public string) error {
	if public != "" {
		u, err := url.Parse(public)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return fmt.Errorf("public URL %q: want a base like https://antrean.example.go.id", public)
		}
		return nil
	}
	cat, err := st.Catalog(ctx)
	if err != nil {
		return err
	}
	if cat.Site.ID != "" && !cat.Site.Demo {
		return errors.New("a real site (not demo) needs --public-url (ANTREAN_PUBLIC_URL), the https:// address phones open from the ticket's QR code")
	}
	return nil
}

// Close ends event streams and closes the database.
func (i *Instance) Close() error {
	i.Handler.Close()
	i.Hub.Close()
	return i.Store.Close()
}

// HTTPServer is the http.Server the instance runs on: a slow or stalled
// client cannot hold a connection (headers in 10 s, a whole request in
// ReadTimeout, idle keep-alive 2 min), while event streams lift the
// read deadline for themselves and so can run for hours.
func (i *Instance) HTTPServer() (*http.Server, error) {
	srv := &http.Server{
		Handler:           i.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       i.cfg.ReadTimeout,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(i.log.Handler(), slog.LevelDebug),
	}
	if i.cfg.TLSCert != "" || i.cfg.TLSKey != "" {
		if i.cfg.TLSCert == "" || i.cfg.TLSKey == "" {
			return nil, errors.New("TLS needs both a certificate and a key file")
		}
		kp, err := newKeyPair(i.cfg.TLSCert, i.cfg.TLSKey)
		if err != nil {
			return nil, err
		}
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, GetCertificate: kp.get}
	}
	return srv, nil
}

// ListenAndServe serves on addr until ctx is cancelled, then shuts down
// gracefully: streams are closed first, in-flight requests get 10 s.
func (i *Instance) ListenAndServe(ctx context.Context, addr string, ready func(net.Addr)) error {
	srv, err := i.HTTPServer()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	errc := make(chan error, 2)
	var ctl *http.Server
	if i.cfg.ControlSocket != "" {
		cln, err := listenControl(i.cfg.ControlSocket)
		if err != nil {
			ln.Close()
			return err
		}
		ctl = &http.Server{Handler: i.controlHandler(), ReadHeaderTimeout: 10 * time.Second}
		go func() {
			if err := ctl.Serve(cln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- err
			}
		}()
		defer os.Remove(i.cfg.ControlSocket)
	}
	if ready != nil {
		ready(ln.Addr())
	}
	go func() {
		if srv.TLSConfig != nil {
			errc <- srv.ServeTLS(ln, "", "") // certificates from TLSConfig; HTTP/2 on
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		if ctl != nil {
			ctl.Close()
		}
		return err
	case <-ctx.Done():
	}
	i.log.Info("shutting down")
	i.Handler.Close()
	i.Hub.Close()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if ctl != nil {
		ctl.Shutdown(sctx)
	}
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
