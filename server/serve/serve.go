// Package serve assembles a running server from its parts (site file,
// store, event hub, HTTP handler), for main and for tests alike.
package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
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
}

// Instance is an assembled server.
type Instance struct {
	Store   *sqlite.Store
	Hub     *events.Hub
	Handler *httpapi.Server
	log     *slog.Logger
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
	h := httpapi.New(httpapi.Options{Store: st, Hub: hub, PublicURL: c.PublicURL, KeepAlive: c.KeepAlive, Logger: c.Logger})
	return &Instance{Store: st, Hub: hub, Handler: h, log: c.Logger}, nil
}

// Close ends event streams and closes the database.
func (i *Instance) Close() error {
	i.Handler.Close()
	i.Hub.Close()
	return i.Store.Close()
}

// ListenAndServe serves on addr until ctx is cancelled, then shuts down
// gracefully: streams are closed first, in-flight requests get 10 s.
func (i *Instance) ListenAndServe(ctx context.Context, addr string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: i.Handler, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	i.log.Info("shutting down")
	i.Handler.Close()
	i.Hub.Close()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
