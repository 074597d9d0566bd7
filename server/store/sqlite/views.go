package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"antrean/server/queue"
	"antrean/server/store"
	"antrean/shared/api"
)

// Catalog is the kiosk's view: every agency, service with its live state,
// and counter. It reads only today's rows and small tables.
func (s *Store) Catalog(ctx context.Context) (api.Catalog, error) {
	c := s.snapshot()
	now := s.clock.Now().In(c.loc)
	day := queue.LocalDay(now, c.loc)
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return api.Catalog{}, dbErr(err)
	}
	defer tx.Rollback()
	waiting, err := waitingByClass(ctx, tx, day)
	if err != nil {
		return api.Catalog{}, dbErr(err)
	}
	issued, err := countBy(ctx, tx, `SELECT service_id, issued FROM day_seq WHERE day = ?`, day)
	if err != nil {
		return api.Catalog{}, dbErr(err)
	}
	avgs := s.averages(c)
	counters, staffed, err := liveCounters(ctx, tx, c, now)
	if err != nil {
		return api.Catalog{}, dbErr(err)
	}
	out := api.Catalog{Site: c.site, Agencies: append([]api.Agency(nil), c.agencies...), Counters: counters, Now: now}
	if !c.site.AlwaysOpen {
		out.Closure = c.siteClosure(day)
	}
	for _, sv := range c.services {
		rules := c.rules(sv)
		rules.NoCounter = c.serving(sv.ID, staffed) == 0
		// Places held for bookings count as taken for walk-ins (bookings.go).
		held, err := s.bookingHeld(ctx, tx, c, sv, now)
		if err != nil {
			return api.Catalog{}, dbErr(err)
		}
		reason, open := queue.Availability(rules, now, issued[sv.ID]+held)
		sv.OpenNow, sv.ClosedReason = open, reason
		sv.Holiday = nil
		if !rules.AlwaysOpen {
			sv.Holiday = queue.DayOf(rules, now).Holiday // closes it, or sets today's hours
		}
		w := waiting[sv.ID]
		sv.Waiting = w.pAll + w.rAll
		// Quotas follow the calendar (a special-hours day may change it);
		// places held for bookings count as taken.
		sv.QuotaLeft = queue.QuotaLeft(queue.Rules{DailyQuota: queue.QuotaOn(rules, now)}, issued[sv.ID]+held)
		// The wait of a regular ticket taken now: behind every regular one
		// of its line, with the priority ones the interleave puts first
		// (the latest calls are left out here: one read for all services).
		pool := queue.PoolFor(sv.ID, c.counters, c.service)
		var pw counts
		for _, id := range pool.ServiceIDs {
			pw.pAll += waiting[id].pAll
			pw.rAll += waiting[id].rAll
		}
		ahead := queue.Line{Interleave: pool.Interleave}.Place(false, pw.rAll, pw.pAll) - 1
		sv.EstWaitMinutes = queue.EstimateWait(ahead, avgs[sv.ID], c.serving(sv.ID, staffed))
		out.Services = append(out.Services, sv)
	}
	return out, nil
}

// waitingByClass reads today's trigger-kept waiting counts per service.
func waitingByClass(ctx context.Context, q querier, day string) (map[string]counts, error) {
	rows, err := q.QueryContext(ctx, `SELECT service_id, prio, n FROM waiting_counts WHERE day = ?`, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]counts{}
	for rows.Next() {
		var id string
		var prio bool
		var n int
		if err := rows.Scan(&id, &prio, &n); err != nil {
			return nil, err
		}
		w := out[id]
		if prio {
			w.pAll += n
		} else {
			w.rAll += n
		}
		out[id] = w
	}
	return out, rows.Err()
}

// liveCounters are the counters with their status as committed (read in
// q's snapshot) and whether they are staffed now.
func liveCounters(ctx context.Context, q querier, c *catalog, now time.Time) ([]api.Counter, map[string]bool, error) {
	status, err := countStatus(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	staffed, err := staffedNow(ctx, q, now)
	if err != nil {
		return nil, nil, err
	}
	out := make([]api.Counter, 0, len(c.counters))
	for _, ct := range c.counters {
		if st, ok := status[ct.ID]; ok {
			ct.Status = st
		}
		ct.Staffed = staffed[ct.ID]
		out = append(out, ct)
	}
	return out, staffed, nil
}

func countBy(ctx context.Context, q querier, query string, args ...any) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

// Officer console list lengths.
const (
	counterNext = 10 // the counter's whole line
	serviceNext = 5  // per service
)

// CounterView is what an officer's console shows. Its lists come from the
// same queue.Line that call-next uses: Next is exactly the order in which
// repeated call-next takes the counter's tickets.
func (s *Store) CounterView(ctx context.Context, p store.Principal, counterID string) (api.CounterView, error) {
	c := s.snapshot()
	ct, err := s.counterFor(p, c, counterID)
	if err != nil {
		return api.CounterView{}, err
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return api.CounterView{}, dbErr(err)
	}
	defer tx.Rollback()
	now := s.clock.Now().In(c.loc)
	day := queue.LocalDay(now, c.loc)
	counters, _, err := liveCounters(ctx, tx, c, now)
	if err != nil {
		return api.CounterView{}, dbErr(err)
	}
	for _, x := range counters {
		if x.ID == ct.ID {
			ct = x
		}
	}
	v := api.CounterView{Counter: ct, Next: []api.QueuedTicket{}}
	cur, err := current(ctx, tx, c, ct.ID, day)
	if err != nil {
		return v, dbErr(err)
	}
	if cur != nil {
		t := c.fill(cur.Ticket)
		v.Current = &t
		// A booked ticket's booking, in full: this officer serves it.
		if v.CurrentBooking, err = bookingOfTicket(ctx, tx, c, t); err != nil {
			return v, dbErr(err)
		}
		// Visits: the route, earlier steps and handoff notes (visits.go).
		if v.CurrentVisit, err = s.currentVisit(ctx, tx, c, *cur); err != nil {
			return v, dbErr(err)
		}
	}
	pool := queue.CounterPool(ct, c.service)
	cands, err := poolCandidates(ctx, tx, day, pool.ServiceIDs)
	if err != nil {
		return v, dbErr(err)
	}
	l, err := lineFor(ctx, tx, day, pool, cands, now)
	if err != nil {
		return v, dbErr(err)
	}
	order := l.Order(cands)
	marks, err := routeMarks(ctx, tx, day, pool.ServiceIDs) // visits: "2/3", returned
	if err != nil {
		return v, dbErr(err)
	}
	per := map[string]*api.ServiceQueue{}
	for _, id := range ct.ServiceIDs {
		q := &api.ServiceQueue{ServiceID: id, ServiceName: c.service[id].Name}
		per[id] = q
	}
	for _, cd := range order {
		qt := api.QueuedTicket{ID: cd.ID, Number: cd.Number, ServiceID: cd.ServiceID, Priority: cd.Class, IssuedAt: cd.IssuedAt.In(c.loc),
			BookedSlot: bookedSlot(cd, c.loc)}
		if m, ok := marks[cd.ID]; ok {
			qt.Step, qt.Steps, qt.Origin = m.step, m.steps, m.origin
		}
		if len(v.Next) < counterNext {
			v.Next = append(v.Next, qt)
		}
		if q := per[cd.ServiceID]; q != nil {
			q.Count++
			if len(q.Next) < serviceNext {
				q.Next = append(q.Next, qt)
			}
		}
	}
	for _, id := range ct.ServiceIDs {
		v.Waiting = append(v.Waiting, *per[id])
	}
	if p.UserID != "" {
		// The officer's own figures of today (staff.go).
		if v.Today, err = s.officerToday(ctx, tx, c, p.UserID, now); err != nil {
			return v, dbErr(err)
		}
	}
	for _, sv := range c.services {
		if sv.Active {
			v.Services = append(v.Services, sv)
		}
	}
	return v, nil
}

// recentCalls is how many calls the board lists.
const recentCalls = 10

// Board is the display snapshot; seq and the rest are read in one
// transaction so that events after seq complete it exactly. Only today
// counts: a counter shows a call only while it is open and its ticket is
// still called or serving today, and recent calls are today's.
func (s *Store) Board(ctx context.Context, zone string) (api.Board, error) {
	c := s.snapshot()
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return api.Board{}, dbErr(err)
	}
	defer tx.Rollback()
	now := s.clock.Now().In(c.loc)
	day := queue.LocalDay(now, c.loc)
	b := api.Board{Zone: zone, Site: c.site, Now: now, Counters: []api.BoardCounter{}, RecentCalls: []api.Call{}, Waiting: []api.ServiceWaiting{}}
	if !c.site.AlwaysOpen {
		b.Calendar = c.upcoming(now)
	}
	b.Announcements = c.announcements
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM events`).Scan(&b.Seq); err != nil {
		return b, dbErr(err)
	}
	// Counter status can change without a ticket; read it from the table
	// in this transaction rather than the cache.
	counters, _, err := liveCounters(ctx, tx, c, now)
	if err != nil {
		return b, dbErr(err)
	}
	live, err := liveTickets(ctx, tx, c, day)
	if err != nil {
		return b, dbErr(err)
	}
	inZone := map[string]bool{}
	for _, ct := range counters {
		if zone != "" && ct.Zone != zone {
			continue
		}
		bc := api.BoardCounter{Counter: ct}
		if cur, ok := live[ct.ID]; ok && ct.Status == api.CounterOpen {
			t := c.fill(cur.Ticket)
			at := now
			if t.CalledAt != nil {
				at = *t.CalledAt
			}
			bc.Current = c.call(t, at, false)
		}
		b.Counters = append(b.Counters, bc)
		for _, id := range ct.ServiceIDs {
			inZone[id] = true
		}
	}
	// Today's events only: from the first one at or after local midnight
	// (events_at), newest first.
	midnight, err := time.ParseInLocation("2006-01-02", day, c.loc)
	if err != nil {
		return b, dbErr(err)
	}
	var first int64
	err = tx.QueryRowContext(ctx, `SELECT seq FROM events WHERE at >= ? ORDER BY at LIMIT 1`, ms(midnight)).Scan(&first)
	if err != nil && err != sql.ErrNoRows {
		return b, dbErr(err)
	}
	if first > 0 {
		q := `SELECT data FROM events WHERE seq >= ? AND type IN ('ticket.called','ticket.recalled') ORDER BY seq DESC LIMIT ?`
		args := []any{first, recentCalls}
		if zone != "" {
			q = `SELECT data FROM events WHERE seq >= ? AND type IN ('ticket.called','ticket.recalled') AND (zone = ? OR zone = '') ORDER BY seq DESC LIMIT ?`
			args = []any{first, zone, recentCalls}
		}
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return b, dbErr(err)
		}
		for rows.Next() {
			var data string
			if err := rows.Scan(&data); err != nil {
				rows.Close()
				return b, dbErr(err)
			}
			var d api.EventData
			if json.Unmarshal([]byte(data), &d) == nil && d.Call != nil {
				b.RecentCalls = append(b.RecentCalls, *d.Call)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return b, dbErr(err)
		}
	}
	waiting, err := countBy(ctx, tx, `SELECT service_id, SUM(n) FROM waiting_counts WHERE day = ? GROUP BY service_id`, day)
	if err != nil {
		return b, dbErr(err)
	}
	for _, sv := range c.services {
		if zone == "" || inZone[sv.ID] {
			b.Waiting = append(b.Waiting, api.ServiceWaiting{ServiceID: sv.ID, Waiting: waiting[sv.ID]})
		}
	}
	return b, nil
}

// liveTickets are today's called or serving tickets by counter (the newest
// call when a counter somehow holds two), from the partial index.
func liveTickets(ctx context.Context, q querier, c *catalog, day string) (map[string]row, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+ticketCols+` FROM tickets INDEXED BY tickets_live
		WHERE state IN ('called','serving') AND day = ? ORDER BY called_at`, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]row{}
	for rows.Next() {
		r, err := scanTicket(rows, c.loc)
		if err != nil {
			return nil, err
		}
		out[r.CounterID] = r
	}
	return out, rows.Err()
}

func countStatus(ctx context.Context, q querier) (map[string]api.CounterStatus, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, status FROM counters`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]api.CounterStatus{}
	for rows.Next() {
		var id, st string
		if err := rows.Scan(&id, &st); err != nil {
			return nil, err
		}
		out[id] = api.CounterStatus(st)
	}
	return out, rows.Err()
}

// EventsAfter reads stored events for a replay.
func (s *Store) EventsAfter(ctx context.Context, after int64, limit int) ([]store.StoredEvent, int64, error) {
	var oldest int64
	if err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MIN(seq), 0) FROM events`).Scan(&oldest); err != nil {
		return nil, 0, dbErr(err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT seq, type, zone, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit)
	if err != nil {
		return nil, 0, dbErr(err)
	}
	defer rows.Close()
	var out []store.StoredEvent
	for rows.Next() {
		var e store.StoredEvent
		var typ, data string
		if err := rows.Scan(&e.Event.ID, &typ, &e.Zone, &data); err != nil {
			return nil, 0, dbErr(err)
		}
		e.Event.Type, e.Event.Data = api.EventType(typ), json.RawMessage(data)
		out = append(out, e)
	}
	return out, oldest, dbErr(rows.Err())
}

// LastSeq is the newest event sequence number (0 when none).
func (s *Store) LastSeq(ctx context.Context) (int64, error) {
	var n int64
	err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM events`).Scan(&n)
	return n, dbErr(err)
}

// PruneEvents deletes events older than before; clients resuming from
// before that point get a reset and re-read the board.
func (s *Store) PruneEvents(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.write(ctx, func(t *wtx) error {
		res, err := t.ExecContext(ctx, `DELETE FROM events WHERE at < ? AND seq < (SELECT MAX(seq) FROM events)`, ms(before))
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		// Idempotency keys only guard a kiosk's retries of one tap: the
		// same horizon is plenty, and keeps the table small.
		_, err = t.ExecContext(ctx, `DELETE FROM idempotency WHERE created_at < ?`, ms(before))
		return err
	})
	return n, err
}
