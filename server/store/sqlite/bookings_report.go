package sqlite

import (
	"context"
	"database/sql"
	"sort"

	"antrean/server/store"
	"antrean/shared/api"
)

// BookingReport gives, per service that takes (or took) bookings, what
// became of the bookings for the range's days and how the booked and the
// walk-in tickets waited. It reads the bookings of the range and the
// tickets of those services (not day_stats): booking figures are not kept
// per day.
func (s *Store) BookingReport(ctx context.Context, q store.ReportQuery) (api.BookingReport, error) {
	c := s.snapshot()
	if _, err := s.reportRange(&q, c, api.GroupService); err != nil {
		return api.BookingReport{}, err
	}
	rep := api.BookingReport{From: q.From, To: q.To, Rows: []api.BookingReportRow{}}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return rep, dbErr(err)
	}
	defer tx.Rollback()

	type acc struct {
		row                        api.BookingReportRow
		waitBookedMs, waitWalkInMs int64
	}
	per := map[string]*acc{}
	get := func(id string) *acc {
		a := per[id]
		if a == nil {
			a = &acc{row: api.BookingReportRow{Key: id, Name: c.service[id].Name}}
			if a.row.Name == "" {
				a.row.Name = id
			}
			per[id] = a
		}
		return a
	}
	for _, sv := range c.services {
		if sv.Booking != nil {
			get(sv.ID)
		}
	}

	rows, err := tx.QueryContext(ctx, `SELECT b.service_id, b.state, b.late, b.slot_start, b.slot_minutes, b.checked_in_at, t.called_at
		FROM bookings b LEFT JOIN tickets t ON t.id = b.ticket_id WHERE b.day BETWEEN ? AND ?`, q.From, q.To)
	if err != nil {
		return rep, dbErr(err)
	}
	for rows.Next() {
		var id, st string
		var late bool
		var start, minutes int64
		var checkedIn, called sql.NullInt64
		if err := rows.Scan(&id, &st, &late, &start, &minutes, &checkedIn, &called); err != nil {
			rows.Close()
			return rep, dbErr(err)
		}
		a := get(id)
		r := &a.row
		r.Booked++
		switch api.BookingState(st) {
		case api.BookingCancelled:
			r.Cancelled++
		case api.BookingNoShow:
			r.NoShow++
		case api.BookingBooked:
			r.Pending++
		case api.BookingCheckedIn:
			if late {
				r.Late++
				continue
			}
			r.CheckedIn++
			if !called.Valid {
				continue
			}
			r.Called++
			if called.Int64 < start+minutes*60_000 {
				r.OnTime++
			}
			// Waiting counts from when the citizen could be called: the
			// slot's start, or the check-in when that was later.
			from := max(start, checkedIn.Int64)
			a.waitBookedMs += max(0, called.Int64-from)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return rep, dbErr(err)
	}

	// Tickets of these services: booked ones (due_at set) and walk-ins;
	// transferred-in copies are not new arrivals.
	for id, a := range per {
		var booked, walkIns, walkCalled int
		var walkWait sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(due_at IS NOT NULL), 0), COALESCE(SUM(due_at IS NULL), 0),
			COALESCE(SUM(due_at IS NULL AND called_at IS NOT NULL), 0),
			SUM(CASE WHEN due_at IS NULL AND called_at IS NOT NULL THEN called_at - issued_at END)
			FROM tickets WHERE day BETWEEN ? AND ? AND service_id = ? AND transferred_from = ''`, q.From, q.To, id).
			Scan(&booked, &walkIns, &walkCalled, &walkWait)
		if err != nil {
			return rep, dbErr(err)
		}
		a.row.BookedTickets, a.row.WalkInsIssued, a.row.WalkInsCalled = booked, walkIns, walkCalled
		a.waitWalkInMs = walkWait.Int64
	}

	finish := func(a *acc) api.BookingReportRow {
		r := a.row
		if r.Called > 0 {
			r.OnTimeShare = ptr(float64(r.OnTime) / float64(r.Called))
			r.AvgWaitBooked = ptr(float64(a.waitBookedMs) / float64(r.Called) / 60000)
		}
		if r.WalkInsCalled > 0 {
			r.AvgWaitWalkIn = ptr(float64(a.waitWalkInMs) / float64(r.WalkInsCalled) / 60000)
		}
		if n := r.BookedTickets + r.WalkInsIssued; n > 0 {
			r.BookedShareOfIssued = ptr(float64(r.BookedTickets) / float64(n))
		}
		return r
	}
	total := &acc{row: api.BookingReportRow{Key: "total", Name: "Total"}}
	keys := make([]string, 0, len(per))
	for id := range per {
		keys = append(keys, id)
	}
	order := map[string]int{}
	for i, sv := range c.services {
		order[sv.ID] = i + 1
	}
	sort.Slice(keys, func(i, j int) bool {
		oi, oj := order[keys[i]], order[keys[j]]
		if oi == 0 || oj == 0 || oi == oj {
			return keys[i] < keys[j]
		}
		return oi < oj
	})
	for _, id := range keys {
		a := per[id]
		rep.Rows = append(rep.Rows, finish(a))
		t := &total.row
		r := a.row
		t.Booked += r.Booked
		t.Cancelled += r.Cancelled
		t.CheckedIn += r.CheckedIn
		t.Late += r.Late
		t.NoShow += r.NoShow
		t.Pending += r.Pending
		t.Called += r.Called
		t.OnTime += r.OnTime
		t.WalkInsCalled += r.WalkInsCalled
		t.BookedTickets += r.BookedTickets
		t.WalkInsIssued += r.WalkInsIssued
		total.waitBookedMs += a.waitBookedMs
		total.waitWalkInMs += a.waitWalkInMs
	}
	rep.Total = finish(total)
	return rep, nil
}

func ptr(f float64) *float64 { return &f }
