package sqlite

import (
	"context"
	"fmt"

	"antrean/server/queue"
	"antrean/shared/api"
)

// The end of a service day. When a local day is over, every ticket of it
// still waiting, called or serving is closed as expired (one
// ticket.expired event each, so a display drops a call that is no longer
// valid and a phone page stops saying "waiting"), the day's report figures
// are written to day_stats, and the day is marked in closed_days. After
// that no ticket of the day can change (every state is final), so the
// figures stay exact. It runs at start-up for every past day not closed
// yet and after each local midnight (by the store's clock, so a test moves
// it with a fixed clock); each day is one transaction and a closed day is
// never closed twice, so a crash or restart half-way is harmless.

// closeDays closes every local day before today that is not closed yet,
// then prunes old events and idempotency keys.
func (s *Store) closeDays(ctx context.Context) error {
	s.hkMu.Lock()
	defer s.hkMu.Unlock()
	c := s.snapshot()
	now := s.clock.Now()
	today := queue.LocalDay(now, c.loc)
	if today == s.openDay {
		return nil
	}
	if err := s.eachDay(ctx, "close day", (*wtx).closeDay, `SELECT DISTINCT day FROM day_seq WHERE day < ?
		AND day NOT IN (SELECT day FROM closed_days) ORDER BY day`, today); err != nil {
		return err
	}
	if err := s.backfillStaff(ctx); err != nil {
		return err
	}
	// Bookings nobody checked in become no-shows; personal data goes when
	// it is no longer needed (bookings.go).
	if err := s.closeBookings(ctx, today); err != nil {
		return fmt.Errorf("close bookings: %w", err)
	}
	// Days closed before visit figures existed get them once (visitreport.go).
	if err := s.backfillVisitStats(ctx); err != nil {
		return err
	}
	if _, err := s.PruneEvents(ctx, now.Add(-s.opts.EventRetention)); err != nil {
		return err
	}
	s.openDay = today
	return nil
}

// closeDay expires the open tickets of day and writes its figures.
func (t *wtx) closeDay(day string) error {
	ctx := t.ctx
	var n int
	if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM closed_days WHERE day = ?`, day).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	c := t.catalog()
	rows, err := t.QueryContext(ctx, `SELECT `+ticketCols+` FROM tickets
		WHERE day = ? AND state IN ('waiting','called','serving') ORDER BY issued_at, seq`, day)
	if err != nil {
		return err
	}
	var open []row
	for rows.Next() {
		r, err := scanTicket(rows, c.loc)
		if err != nil {
			rows.Close()
			return err
		}
		open = append(open, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range open {
		to, err := queue.Transition(r.State, queue.ActExpire)
		if err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `UPDATE tickets SET state = ?, finished_at = ? WHERE id = ?`, string(to), ms(t.now), r.ID); err != nil {
			return err
		}
		r2, err := getTicket(ctx, t, c, r.ID)
		if err != nil {
			return err
		}
		tk := c.fill(r2.Ticket)
		// No waiting count: it would be the old day's, not today's.
		d := api.EventData{Ticket: &tk}
		zone := tk.Zone
		if ct, ok, err := t.counter(r.CounterID); err != nil {
			return err
		} else if ok {
			d.Counter, zone = &ct, ct.Zone
		}
		if err := t.emit(api.EventTicketExpired, zone, d); err != nil {
			return err
		}
	}
	dims := []string{dimService, dimCounter, dimOfficer}
	per, err := statsOfDay(ctx, t, c.loc, day, dims...)
	if err != nil {
		return err
	}
	for _, dim := range dims {
		for key, d := range per[dim] {
			if _, err := t.ExecContext(ctx, `INSERT INTO day_stats(dim, day, key, data) VALUES (?,?,?,?)`, dim, day, key, d.encode()); err != nil {
				return err
			}
		}
	}
	if err := t.writeStaffDay(day); err != nil {
		return err
	}
	// The day's waiting counts are all zero now.
	if _, err := t.ExecContext(ctx, `DELETE FROM waiting_counts WHERE day = ?`, day); err != nil {
		return err
	}
	if _, err = t.ExecContext(ctx, `INSERT INTO closed_days(day, closed_at, expired) VALUES (?,?,?)`, day, ms(t.now), len(open)); err != nil {
		return err
	}
	return t.writeVisitStats(day) // the day's visit figures (visitreport.go)
}

// eachDay runs fn for every day the query lists, one write per day, so a
// long catch-up (a server off for days, an upgrade that backfills a year)
// never holds the writer for long; label names the work in an error.
func (s *Store) eachDay(ctx context.Context, label string, fn func(*wtx, string) error, query string, args ...any) error {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return dbErr(err)
	}
	var days []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			rows.Close()
			return dbErr(err)
		}
		days = append(days, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return dbErr(err)
	}
	for _, day := range days {
		if err := s.write(ctx, func(t *wtx) error { return fn(t, day) }); err != nil {
			return fmt.Errorf("%s %s: %w", label, day, err)
		}
	}
	return nil
}
