package ui

import (
	"context"
	"log"
	"time"

	"antrean/shared/api"
	"antrean/shared/i18n"
	"antrean/shared/stream"
)

// Source reads what the display shows (satisfied by *client.Client).
type Source interface {
	Board(ctx context.Context, zone string) (api.Board, error)
	Catalog(ctx context.Context) (api.Catalog, error)
}

// Feed says where the display's data comes from.
type Feed struct {
	BaseURL, Token, Zone string
	Client               Source
	Logf                 func(format string, args ...any)
}

// Follow feeds d from the server's event stream until ctx is done: board
// snapshots on start and after a reset, the catalog with them and after
// catalog.updated (agency names and colours), events in order, and the
// connection state for the offline badge. The screen keeps the last known
// state while the stream is down.
func Follow(ctx context.Context, d *Display, f Feed) error {
	logf := f.Logf
	if logf == nil {
		logf = log.Printf
	}
	var lastErr string
	catalog := func(ctx context.Context) {
		// Colours are a nicety: without the catalog the grid falls back to
		// what the calls say, so a failure is logged and not retried here.
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		c, err := f.Client.Catalog(ctx)
		if err != nil {
			if ctx.Err() == nil {
				logf("display: catalog: %v", err)
			}
			return
		}
		d.OnCatalog(c)
	}
	return stream.Run(ctx, stream.Options{
		BaseURL: f.BaseURL,
		Token:   f.Token,
		Zone:    f.Zone,
		Board: func(ctx context.Context) (api.Board, error) {
			b, err := f.Client.Board(ctx, f.Zone)
			if err == nil {
				catalog(ctx)
			}
			return b, err
		},
		OnBoard: d.OnBoard,
		OnEvent: func(e api.Event) {
			if e.Type == api.EventCatalogUpdated {
				catalog(ctx)
			}
			d.OnEvent(e)
		},
		OnState: func(s stream.State) {
			// Connecting after a drop is still offline for the hall; the
			// badge goes only once the stream answers again.
			if s == stream.Connected {
				lastErr = ""
				d.OnOnline(true)
			} else if s == stream.Offline {
				d.OnOnline(false)
			}
		},
		OnError: func(err error) {
			// Log each distinct failure once, not every retry.
			if m := err.Error(); m != lastErr {
				lastErr = m
				logf("display: stream: %s (%v)", i18n.ErrorMessage(i18n.ID, err), err)
			}
		},
	})
}
