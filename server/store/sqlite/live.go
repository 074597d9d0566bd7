package sqlite

import (
	"context"
	"time"

	"antrean/shared/api"
)

// A counter is staffed while an officer session signed in at it (login
// with counter_id) is valid: not logged out, not expired, its user active.
// Sessions are few, so this is read from the table whenever needed; only
// the set last announced in counter.updated events is kept in memory.

// staffedNow reads the staffed counters.
func staffedNow(ctx context.Context, q querier, now time.Time) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT s.counter_id FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.counter_id <> '' AND s.expires_at > ? AND u.active = 1`, ms(now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// writeStaff is write for anything that may start or end a session at a
// counter: after fn it compares the staffed counters with what was last
// announced and stores counter.updated for each one that changed.
func (s *Store) writeStaff(ctx context.Context, fn func(t *wtx) error) error {
	return s.write(ctx, func(t *wtx) error {
		if err := fn(t); err != nil {
			return err
		}
		return t.announceStaffing()
	})
}

func (t *wtx) announceStaffing() error {
	was := t.base.staffed
	if t.next != nil {
		was = t.next.staffed
	}
	now, err := staffedNow(t.ctx, t, t.now)
	if err != nil {
		return err
	}
	c := t.catalog()
	for _, ct := range c.counters {
		if was != nil && was[ct.ID] == now[ct.ID] {
			continue
		}
		ct.Staffed = now[ct.ID]
		if err := t.emit(api.EventCounterUpdated, ct.Zone, api.EventData{Counter: &ct}); err != nil {
			return err
		}
	}
	t.state().staffed = now
	return nil
}

// counter is a counter as of this write, with its live fields.
func (t *wtx) counter(id string) (api.Counter, bool, error) {
	ct, ok := t.catalog().counter[id]
	if !ok {
		return ct, false, nil
	}
	st, err := t.staffedSet()
	if err != nil {
		return ct, true, err
	}
	ct.Staffed = st[id]
	return ct, true, nil
}

// withCounter is a copy of c with one counter replaced.
func (c *catalog) withCounter(ct api.Counter) *catalog {
	n := *c
	n.counters = append([]api.Counter(nil), c.counters...)
	n.counter = make(map[string]api.Counter, len(c.counter))
	for k, v := range c.counter {
		n.counter[k] = v
	}
	ct.Staffed = false // live, never cached
	for i := range n.counters {
		if n.counters[i].ID == ct.ID {
			n.counters[i] = ct
		}
	}
	n.counter[ct.ID] = ct
	return &n
}

// serving counts the counters of a service that can call its tickets now:
// open and staffed.
func (c *catalog) serving(serviceID string, staffed map[string]bool) int {
	n := 0
	for _, ct := range c.countersFor(serviceID) {
		if ct.Status == api.CounterOpen && staffed[ct.ID] {
			n++
		}
	}
	return n
}

// Housekeep does what the clock makes due: it closes the local days that
// are over (see closeDays) and announces counters whose last session
// expired. The store runs it every Options.Housekeeping; tests that move
// a fixed clock call it themselves.
func (s *Store) Housekeep(ctx context.Context) error {
	if err := s.closeDays(ctx); err != nil {
		return err
	}
	return s.expireSessions(ctx)
}

// expireSessions deletes sessions that expired and announces the counters
// that are no longer staffed; cheap when nothing expired.
func (s *Store) expireSessions(ctx context.Context) error {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE expires_at <= ?`, ms(s.clock.Now())).Scan(&n); err != nil {
		return dbErr(err)
	}
	if n == 0 {
		return nil
	}
	return s.writeStaff(ctx, func(t *wtx) error {
		return t.endSessions("expired", `expires_at <= ?`, ms(t.now))
	})
}

// housekeeper runs Housekeep on a real-time ticker until the store closes;
// what is due is decided by the store's clock. (serve runs it once itself
// at start-up, before serving.)
func (s *Store) housekeeper() {
	defer close(s.hkDone)
	if s.opts.Housekeeping < 0 {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-s.quit:
			cancel()
		case <-ctx.Done():
		}
	}()
	tick := time.NewTicker(s.opts.Housekeeping)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
		case <-s.quit:
			return
		}
		// Errors are retried on the next tick; a closed store ends the loop.
		_ = s.Housekeep(ctx)
	}
}
