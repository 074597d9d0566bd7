package ui

import (
	"context"
	"log"

	"antrean/shared/api"
	"antrean/shared/i18n"
	"antrean/shared/stream"
)

// BoardReader reads the board snapshot (satisfied by *client.Client).
type BoardReader interface {
	Board(ctx context.Context, zone string) (api.Board, error)
}

// Feed says where the display's data comes from.
type Feed struct {
	BaseURL, Token, Zone string
	Client               BoardReader
	Logf                 func(format string, args ...any)
}

// Follow feeds d from the server's event stream until ctx is done: board
// snapshots on start and after a reset, events in order, and the
// connection state for the offline badge. The screen keeps the last known
// state while the stream is down.
func Follow(ctx context.Context, d *Display, f Feed) error {
	logf := f.Logf
	if logf == nil {
		logf = log.Printf
	}
	var lastErr string
	return stream.Run(ctx, stream.Options{
		BaseURL: f.BaseURL,
		Token:   f.Token,
		Zone:    f.Zone,
		Board: func(ctx context.Context) (api.Board, error) {
			return f.Client.Board(ctx, f.Zone)
		},
		OnBoard: d.OnBoard,
		OnEvent: d.OnEvent,
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
