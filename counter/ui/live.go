package ui

import (
	"context"
	"time"

	"antrean/shared/api"
	"antrean/shared/stream"
)

// StreamLive follows the server's event stream (shared/stream) with the
// officer token. No board snapshot is needed: the console re-reads its
// counter view whenever the connection comes back.
func StreamLive(baseURL string) LiveFunc {
	return func(ctx context.Context, token string, onEvent func(api.Event), onState func(bool)) error {
		return stream.Run(ctx, stream.Options{
			BaseURL:    baseURL,
			Token:      token,
			MaxBackoff: 10 * time.Second,
			OnEvent:    onEvent,
			OnState: func(s stream.State) {
				switch s {
				case stream.Connected:
					onState(true)
				case stream.Offline:
					onState(false)
				}
			},
			OnError: func(err error) {
				// A refused token will not heal by retrying: ask for a
				// re-read, which meets the same refusal and leads the
				// officer back to the login at once.
				if api.CodeOf(err) == api.CodeUnauthorized {
					onEvent(api.Event{Type: api.EventReset})
				}
			},
		})
	}
}
