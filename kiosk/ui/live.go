package ui

import (
	"context"
	"sync/atomic"
	"time"

	"antrean/shared/api"
	"antrean/shared/stream"
)

// refreshOn are the events that change what the kiosk offers: a service
// closing, a counter opening, a queue growing or shrinking.
var refreshOn = map[api.EventType]bool{
	api.EventCatalogUpdated: true, api.EventCounterUpdated: true, api.EventTicketIssued: true,
	api.EventTicketCalled: true, api.EventTicketCancelled: true, api.EventTicketTransferred: true,
	api.EventTicketRequeued: true,
}

// Watch follows the server's event stream until ctx ends and reloads the
// catalog when something changed, at most once per `every`, so a busy
// morning does not become one catalog request per ticket.
func (k *Kiosk) Watch(ctx context.Context, baseURL, token string, every time.Duration) {
	var dirty atomic.Bool
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if dirty.Swap(false) {
					k.RefreshCatalog()
				}
			}
		}
	}()
	stream.Run(ctx, stream.Options{
		BaseURL: baseURL, Token: token,
		OnEvent: func(ev api.Event) {
			if refreshOn[ev.Type] {
				dirty.Store(true)
			}
		},
		// After a reconnect the kiosk may have missed changes.
		OnState: func(s stream.State) {
			if s == stream.Connected {
				dirty.Store(true)
			}
		},
	})
}
