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
// and counter.
func (s *Store) Catalog(ctx context.Context) (api.Catalog, error) {
	c := s.snapshot()
	now := s.clock.Now().In(c.loc)
	day := queue.LocalDay(now, c.loc)
	waiting, err := countBy(ctx, s.r, `SELECT service_id, SUM(n) FROM waiting_counts WHERE day = ? GROUP BY service_id`, day)
	if err != nil {
		return api.Catalog{}, dbErr(err)
	}
	issued, err := countBy(ctx, s.r, `SELECT service_id, issued FROM day_seq WHERE day = ?`, day)
	if err != nil {
		return api.Catalog{}, dbErr(err)
	}
	avgs, err := s.averages(ctx, c, now)
	if err != nil {
		return api.Catalog{}, dbErr(err)
	}
	out := api.Catalog{Site: c.site, Agencies: append([]api.Agency(nil), c.agencies...),
		Counters: append([]api.Counter(nil), c.counters...), Now: now}
	for _, sv := range c.services {
		reason, open := queue.Availability(c.rules(sv), now, issued[sv.ID])
		sv.OpenNow, sv.ClosedReason = open, reason
		sv.Waiting = waiting[sv.ID]
		sv.QuotaLeft = queue.QuotaLeft(c.rules(sv), issued[sv.ID])
		sv.EstWaitMinutes = queue.EstimateWait(sv.Waiting, avgs[sv.ID], c.openCounters(sv.ID))
		out.Services = append(out.Services, sv)
	}
	return out, nil
}

// averages computes every service's rolling average in one query.
func (s *Store) averages(ctx context.Context, c *catalog, now time.Time) (map[string]float64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT service_id, d FROM (
		SELECT service_id, finished_at - started_at AS d,
			ROW_NUMBER() OVER (PARTITION BY service_id ORDER BY finished_at DESC) AS rn
		FROM tickets WHERE state = 'done' AND started_at IS NOT NULL AND finished_at >= ?)
		WHERE rn <= ? ORDER BY service_id`, ms(now.AddDate(0, 0, -14)), queue.MaxRecent)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ds := map[string][]time.Duration{}
	for rows.Next() {
		var id string
		var d int64
		if err := rows.Scan(&id, &d); err != nil {
			return nil, err
		}
		ds[id] = append(ds[id], time.Duration(d)*time.Millisecond)
	}
	out := map[string]float64{}
	for _, sv := range c.services {
		out[sv.ID] = queue.RollingAverage(sv.AvgServiceMinutes, ds[sv.ID])
	}
	return out, rows.Err()
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

// CounterView is what an officer's console shows.
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
	v := api.CounterView{Counter: ct}
	cur, err := current(ctx, tx, c, ct.ID)
	if err != nil {
		return v, dbErr(err)
	}
	if cur != nil {
		t := c.fill(cur.Ticket)
		v.Current = &t
	}
	recent, err := recentClasses(ctx, tx, day, ct.ID, "")
	if err != nil {
		return v, dbErr(err)
	}
	for _, id := range ct.ServiceIDs {
		sv := c.service[id]
		cands, numbers, err := candidates(ctx, tx, day, []string{id})
		if err != nil {
			return v, dbErr(err)
		}
		q := api.ServiceQueue{ServiceID: id, ServiceName: sv.Name, Count: len(cands)}
		for _, cd := range nextUp(cands, sv.Interleave, recent, 5) {
			pr := api.PriorityNone
			if cd.Priority {
				pr = api.PriorityOther
			}
			q.Next = append(q.Next, api.QueuedTicket{ID: cd.ID, Number: numbers[cd.ID], Priority: pr, IssuedAt: cd.IssuedAt.In(c.loc)})
		}
		v.Waiting = append(v.Waiting, q)
	}
	if p.UserID != "" {
		var served, noShow int
		var svc, wait sql.NullFloat64
		err := tx.QueryRowContext(ctx, `SELECT
			COALESCE(SUM(state = 'done'), 0), COALESCE(SUM(state = 'no_show'), 0),
			AVG(CASE WHEN state = 'done' AND started_at IS NOT NULL THEN finished_at - started_at END),
			AVG(called_at - issued_at)
			FROM tickets WHERE day = ? AND officer_id = ? AND called_at IS NOT NULL`, day, p.UserID).
			Scan(&served, &noShow, &svc, &wait)
		if err != nil {
			return v, dbErr(err)
		}
		v.Today = api.OfficerStats{Served: served, NoShow: noShow,
			AvgServiceMinutes: svc.Float64 / 60000, AvgWaitMinutes: wait.Float64 / 60000}
	}
	for _, sv := range c.services {
		if sv.Active {
			v.Services = append(v.Services, sv)
		}
	}
	return v, nil
}

// Board is the display snapshot; seq and the rest are read in one
// transaction so that events after seq complete it exactly.
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
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM events`).Scan(&b.Seq); err != nil {
		return b, dbErr(err)
	}
	// Counter status can change without a ticket; read it from the table
	// in this transaction rather than the cache.
	status, err := countStatus(ctx, tx)
	if err != nil {
		return b, dbErr(err)
	}
	inZone := map[string]bool{}
	for _, ct := range c.counters {
		if zone != "" && ct.Zone != zone {
			continue
		}
		if st, ok := status[ct.ID]; ok {
			ct.Status = st
		}
		bc := api.BoardCounter{Counter: ct}
		cur, err := current(ctx, tx, c, ct.ID)
		if err != nil {
			return b, dbErr(err)
		}
		if cur != nil {
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
	q := `SELECT data FROM events WHERE type IN ('ticket.called','ticket.recalled') ORDER BY seq DESC LIMIT 10`
	args := []any{}
	if zone != "" {
		q = `SELECT data FROM events WHERE type IN ('ticket.called','ticket.recalled') AND (zone = ? OR zone = '') ORDER BY seq DESC LIMIT 10`
		args = append(args, zone)
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
