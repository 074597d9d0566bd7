// Package events fans committed events out to server-sent-event streams.
// The store persists every event with the write that caused it; the hub
// only keeps a recent window in memory for fast replay and live delivery.
package events

import (
	"sync"

	"antrean/shared/api"
)

// Item is an event with the zone it belongs to ("" = every zone).
type Item struct {
	Event api.Event
	Zone  string
}

// Sub is one live subscriber. C is closed when the subscriber fell too
// far behind (Dropped reports true) or the hub shut down.
type Sub struct {
	C       chan Item
	zone    string
	dropped bool
	hub     *Hub
}

// Dropped reports whether the hub gave up on a slow subscriber.
func (s *Sub) Dropped() bool {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	return s.dropped
}

// Close unsubscribes.
func (s *Sub) Close() { s.hub.remove(s) }

// Hub is safe for concurrent use.
type Hub struct {
	mu     sync.Mutex
	ring   []Item // the last len(ring) events, oldest first
	max    int
	last   int64
	subs   map[*Sub]struct{}
	buf    int
	closed bool
}

// NewHub keeps `window` events for replay and gives each subscriber a
// buffer of `buffer` events before it is dropped.
func NewHub(window, buffer int) *Hub {
	if window <= 0 {
		window = 4096
	}
	if buffer <= 0 {
		buffer = 1024
	}
	return &Hub{max: window, buf: buffer, subs: map[*Sub]struct{}{}}
}

// SetLast tells the hub the newest stored sequence at start-up.
func (h *Hub) SetLast(seq int64) {
	h.mu.Lock()
	if seq > h.last {
		h.last = seq
	}
	h.mu.Unlock()
}

// Last is the newest sequence published (or set at start-up).
func (h *Hub) Last() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.last
}

// Publish implements store.Publisher. It never blocks: a subscriber whose
// buffer is full is dropped and told to reset.
func (h *Hub) Publish(evs []api.Event, zones []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	for i, ev := range evs {
		it := Item{Event: ev, Zone: zones[i]}
		h.ring = append(h.ring, it)
		if len(h.ring) > h.max {
			// Copy down now and then instead of on every event.
			if len(h.ring) > 2*h.max {
				h.ring = append([]Item(nil), h.ring[len(h.ring)-h.max:]...)
			}
		}
		if ev.ID > h.last {
			h.last = ev.ID
		}
		for s := range h.subs {
			if !Match(s.zone, it.Zone) {
				continue
			}
			select {
			case s.C <- it:
			default:
				s.dropped = true
				delete(h.subs, s)
				close(s.C)
			}
		}
	}
}

// Match reports whether an event of zone ev is for a stream filtered on want.
func Match(want, ev string) bool { return want == "" || ev == "" || ev == want }

// Subscribe starts live delivery and returns, atomically with it, the
// events held in memory after `after` (oldest first) and whether the
// memory window covers everything after `after` (if not, read the store).
func (h *Hub) Subscribe(zone string, after int64) (*Sub, []Item, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := &Sub{C: make(chan Item, h.buf), zone: zone, hub: h}
	if h.closed {
		close(s.C)
		return s, nil, true
	}
	h.subs[s] = struct{}{}
	ring := h.ring
	if len(ring) > h.max {
		ring = ring[len(ring)-h.max:]
	}
	covered := after >= h.last || (len(ring) > 0 && ring[0].Event.ID <= after+1)
	var out []Item
	for _, it := range ring {
		if it.Event.ID > after && Match(zone, it.Zone) {
			out = append(out, it)
		}
	}
	return s, out, covered
}

func (h *Hub) remove(s *Sub) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[s]; ok {
		delete(h.subs, s)
		close(s.C)
	}
}

// Count is the number of live subscribers.
func (h *Hub) Count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// Close ends every stream (graceful shutdown).
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for s := range h.subs {
		delete(h.subs, s)
		close(s.C)
	}
}
