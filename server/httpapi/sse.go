package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"antrean/server/events"
	"antrean/shared/api"
)

// replayBatch bounds one read of stored events during a replay.
const replayBatch = 500

// events streams server-sent events: replay after Last-Event-ID (or
// ?since=) from memory or the database, then live events; a reset when
// the client is too far behind or too slow.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		s.fail(w, r, &api.Error{Code: api.CodeInternal, Detail: "streaming unsupported"})
		return
	}
	zone, err := s.zone(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	after, resume, err := lastEventID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Revoking the device or ending the session cancels this stream.
	p, tok := principal(r), bearer(r)
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	defer s.streams.add(keysOf(p, tok), cancel)()
	if !resume {
		after = s.o.Hub.Last()
	}
	sub, mem, covered := s.o.Hub.Subscribe(zone, after)
	defer sub.Close()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx must not buffer the stream
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 2000\n\n")

	// A client that stops reading must not pin this goroutine forever;
	// the request is read, so the connection's read deadline goes.
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Time{})
	sent := after
	write := func(it events.Item) error {
		rc.SetWriteDeadline(time.Now().Add(30 * time.Second))
		if it.Event.ID <= sent {
			return nil
		}
		sent = it.Event.ID
		_, err := fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", it.Event.ID, it.Event.Type, withoutOfficer(it.Event.Data))
		return err
	}
	reset := func() {
		seq := s.o.Hub.Last()
		b, _ := json.Marshal(api.ResetData{Seq: seq})
		fmt.Fprintf(w, "event: %s\ndata: %s\n\n", api.EventReset, b)
		fl.Flush()
	}

	if resume && after > s.o.Hub.Last() {
		// The client knows events this database never had (restored backup,
		// new database): its picture is wrong, start it over.
		reset()
		return
	}
	if !covered {
		// Older than memory: replay from the database in batches, up to
		// where memory takes over.
		for {
			stored, oldest, err := s.o.Store.EventsAfter(ctx, sent, replayBatch)
			if err != nil {
				return
			}
			if oldest > sent+1 {
				reset()
				return
			}
			for _, e := range stored {
				if events.Match(zone, e.Zone) {
					if write(events.Item{Event: e.Event, Zone: e.Zone}) != nil {
						return
					}
				} else if e.Event.ID > sent {
					sent = e.Event.ID
				}
			}
			fl.Flush()
			if len(stored) < replayBatch {
				break
			}
		}
	}
	for _, it := range mem {
		if write(it) != nil {
			return
		}
	}
	fl.Flush()

	tick := time.NewTicker(s.o.KeepAlive)
	defer tick.Stop()
	recheck := time.NewTicker(s.o.AuthRecheck)
	defer recheck.Stop()
	for {
		select {
		case it, ok := <-sub.C:
			if !ok {
				if sub.Dropped() {
					reset()
				}
				return
			}
			if write(it) != nil {
				return
			}
			// Drain what is already queued before one flush.
			for n := len(sub.C); n > 0; n-- {
				if it, ok = <-sub.C; !ok || write(it) != nil {
					break
				}
			}
			fl.Flush()
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
			fl.Flush()
		case <-recheck.C:
			// Expired or revoked elsewhere: end; the client's reconnect
			// meets the refusal.
			if _, err := s.o.Store.Authenticate(ctx, tok); api.CodeOf(err) == api.CodeUnauthorized {
				return
			}
		case <-ctx.Done():
			return
		case <-s.done:
			return
		}
	}
}

// withoutOfficer drops officer_id from a stored event's ticket: events
// reach displays and kiosks, which must not learn who served whom. New
// events are stored without it; this covers databases written before.
func withoutOfficer(data []byte) []byte {
	if !bytes.Contains(data, []byte(`"officer_id"`)) {
		return data
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) != nil || m["ticket"] == nil {
		return data
	}
	var t map[string]json.RawMessage
	if json.Unmarshal(m["ticket"], &t) != nil {
		return data
	}
	delete(t, "officer_id")
	m["ticket"], _ = json.Marshal(t)
	out, err := json.Marshal(m)
	if err != nil {
		return data
	}
	return out
}

// lastEventID reads the resume point from the header or ?since=.
func lastEventID(r *http.Request) (int64, bool, error) {
	v := r.Header.Get("Last-Event-ID")
	if v == "" {
		v = r.URL.Query().Get("since")
	}
	if v == "" {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, false, &api.Error{Code: api.CodeInvalidInput, Detail: "Last-Event-ID must be a non-negative integer"}
	}
	return n, true, nil
}
