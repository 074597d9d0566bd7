package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"antrean/server/queue"
	"antrean/server/store"
	"antrean/shared/api"
)

// querier is what both *sql.DB, *sql.Tx and *wtx offer for reads.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

const ticketCols = `id, number, service_id, seq, day, priority, state, issued_at, called_at, started_at,
	finished_at, counter_id, officer_id, calls, transferred_from, transferred_to, due_at,
	visit_id, step, route, origin, entered_at`

type scanner interface{ Scan(dest ...any) error }

// row is a ticket as stored.
type row struct {
	api.Ticket
	issued                    int64
	called, started, finished sql.NullInt64
	due                       sql.NullInt64 // a booked ticket's slot start (bookings.go)
	// The visit (visits.go): visitID is '' when the row's own id is the
	// visit's; route the planned services (nil = just this one); entered
	// when the row entered its line (NULL = issued).
	visitID string
	route   []string
	entered sql.NullInt64
}

// scanTicket reads ticketCols, then any extra columns into extra.
func scanTicket(sc scanner, loc *time.Location, extra ...any) (row, error) {
	var r row
	var pr, st, route string
	err := sc.Scan(append([]any{&r.ID, &r.Number, &r.ServiceID, &r.Seq, &r.Day, &pr, &st, &r.issued, &r.called,
		&r.started, &r.finished, &r.CounterID, &r.OfficerID, &r.Calls, &r.TransferredFrom, &r.TransferredTo, &r.due,
		&r.visitID, &r.Step, &route, &r.Origin, &r.entered}, extra...)...)
	if err != nil {
		return r, err
	}
	r.Priority, r.State = api.Priority(pr), api.State(st)
	r.IssuedAt = time.UnixMilli(r.issued).In(loc)
	r.CalledAt, r.StartedAt, r.FinishedAt = nullMs(r.called, loc), nullMs(r.started, loc), nullMs(r.finished, loc)
	r.BookedSlot = nullMs(r.due, loc)
	r.route = parseRoute(route)
	r.Route = r.basicRoute(loc)
	return r, nil
}

// fill adds the denormalised names a screen needs.
func (c *catalog) fill(t api.Ticket) api.Ticket {
	if sv, ok := c.service[t.ServiceID]; ok {
		t.ServiceName, t.AgencyID = sv.Name, sv.AgencyID
		if a, ok := c.agency[sv.AgencyID]; ok {
			t.AgencyName, t.AgencyShort, t.Zone = a.Name, a.Short, a.Zone
		}
	}
	if ct, ok := c.counter[t.CounterID]; ok {
		t.CounterNumber, t.CounterName, t.Zone = ct.Number, ct.Name, ct.Zone
	}
	t.Route = c.fillRoute(t) // visits.go: the steps' names
	return t
}

func (c *catalog) call(t api.Ticket, at time.Time, recall bool) *api.Call {
	return &api.Call{TicketID: t.ID, Number: t.Number, ServiceID: t.ServiceID, ServiceName: t.ServiceName,
		AgencyID: t.AgencyID, AgencyName: t.AgencyName, AgencyShort: t.AgencyShort, CounterID: t.CounterID,
		CounterNumber: t.CounterNumber, CounterName: t.CounterName, Zone: t.Zone, Calls: t.Calls, Recall: recall, At: at}
}

func getTicket(ctx context.Context, q querier, c *catalog, id string) (row, error) {
	r, err := scanTicket(q.QueryRowContext(ctx, `SELECT `+ticketCols+` FROM tickets WHERE id = ?`, id), c.loc)
	if err == sql.ErrNoRows {
		return r, &api.Error{Code: api.CodeNotFound, Detail: "no ticket " + id}
	}
	return r, err
}

// poolCandidates are today's waiting tickets of the given services.
func poolCandidates(ctx context.Context, q querier, day string, serviceIDs []string) ([]queue.Candidate, error) {
	if len(serviceIDs) == 0 {
		return nil, nil
	}
	args := []any{day}
	for _, id := range serviceIDs {
		args = append(args, id)
	}
	rows, err := q.QueryContext(ctx, `SELECT id, number, service_id, priority, issued_at, seq, due_at FROM tickets
		WHERE day = ? AND state = 'waiting' AND service_id IN (?`+strings.Repeat(",?", len(serviceIDs)-1)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []queue.Candidate
	for rows.Next() {
		var c queue.Candidate
		var pr string
		var issued int64
		var due sql.NullInt64
		if err := rows.Scan(&c.ID, &c.Number, &c.ServiceID, &pr, &issued, &c.Seq, &due); err != nil {
			return nil, err
		}
		c.Class = api.Priority(pr)
		c.Priority = c.Class.IsPriority()
		c.IssuedAt = time.UnixMilli(issued)
		if due.Valid {
			c.Due = time.UnixMilli(due.Int64)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// poolHeads are the oldest waiting ticket of each class of each service
// of a pool: all that Line.Next looks at, read with one index seek each
// instead of loading a long queue. Booked tickets (due_at set) are a class
// of their own, headed by the earliest slot (bookedHead, bookings.go).
func poolHeads(ctx context.Context, q querier, day string, serviceIDs []string) ([]queue.Candidate, error) {
	var out []queue.Candidate
	for _, id := range serviceIDs {
		b, err := bookedHead(ctx, q, day, id)
		if err != nil {
			return nil, err
		}
		if b != nil {
			out = append(out, *b)
		}
		for _, class := range []string{`priority = 'none' AND due_at IS NULL`, `priority <> 'none' AND due_at IS NULL`} {
			var c queue.Candidate
			var pr string
			var issued int64
			err := q.QueryRowContext(ctx, `SELECT id, number, service_id, priority, issued_at, seq FROM tickets
				WHERE day = ? AND service_id = ? AND state = 'waiting' AND `+class+` ORDER BY issued_at, seq, id LIMIT 1`, day, id).
				Scan(&c.ID, &c.Number, &c.ServiceID, &pr, &issued, &c.Seq)
			if err == sql.ErrNoRows {
				continue
			}
			if err != nil {
				return nil, err
			}
			c.Class = api.Priority(pr)
			c.Priority = c.Class.IsPriority()
			c.IssuedAt = time.UnixMilli(issued)
			out = append(out, c)
		}
	}
	return out, nil
}

// recentClasses are the classes (true = priority) of today's latest first
// walk-in calls of a pool, at its counter or of its one service, and how
// many booked tickets it called since the latest walk-in.
func recentClasses(ctx context.Context, q querier, day string, pool queue.Pool) ([]bool, int, error) {
	query := `SELECT priority, due_at IS NOT NULL FROM tickets WHERE counter_id = ?1 AND day = ?2 AND called_at IS NOT NULL ORDER BY called_at DESC LIMIT ?3`
	key := pool.CounterID
	if key == "" {
		if len(pool.ServiceIDs) != 1 {
			return nil, 0, nil
		}
		query = `SELECT priority, due_at IS NOT NULL FROM tickets WHERE service_id = ?1 AND day = ?2 AND called_at IS NOT NULL ORDER BY called_at DESC LIMIT ?3`
		key = pool.ServiceIDs[0]
	}
	rows, err := q.QueryContext(ctx, query, key, day, queue.MaxRecent)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []bool
	streak, walkIn := 0, false
	for rows.Next() {
		var pr string
		var booked bool
		if err := rows.Scan(&pr, &booked); err != nil {
			return nil, 0, err
		}
		switch {
		case !booked:
			walkIn = true
			out = append(out, api.Priority(pr).IsPriority())
		case !walkIn:
			streak++
		}
	}
	return out, streak, rows.Err()
}

// line is the queue order of a pool today at now.
func line(ctx context.Context, q querier, day string, pool queue.Pool, now time.Time) (queue.Line, error) {
	recent, streak, err := recentClasses(ctx, q, day, pool)
	return queue.Line{Interleave: pool.Interleave, Recent: recent, BookedRun: pool.BookedRun, BookedStreak: streak, Now: now}, err
}

// lineFor is line, without reading the latest calls when the order of
// cands cannot depend on them (one class waiting, or no interleave and no
// booked ticket due).
func lineFor(ctx context.Context, q querier, day string, pool queue.Pool, cands []queue.Candidate, now time.Time) (queue.Line, error) {
	l := queue.Line{Interleave: pool.Interleave, BookedRun: pool.BookedRun, Now: now}
	var has [3]bool
	for _, c := range cands {
		has[l.ClassOf(c)] = true
	}
	p, r, b := has[queue.ClassPriority], has[queue.ClassRegular], has[queue.ClassBooked]
	if (b && (p || r)) || (p && r && pool.Interleave.Regular > 0) {
		return line(ctx, q, day, pool, now)
	}
	return l, nil
}

// avgSum is the sum (ms) and count of a service's latest durations.
type avgSum struct {
	ms int64
	n  int
}

// liveState is what readers take from the last commit without a query.
type liveState struct {
	staffed map[string]bool // nil = unknown: read the sessions
	avg     map[string]avgSum
}

// loadAverages reads the kept service times of every service.
func loadAverages(ctx context.Context, q querier) (map[string]avgSum, error) {
	rows, err := q.QueryContext(ctx, `SELECT service_id, SUM(ms), COUNT(*) FROM service_times GROUP BY service_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]avgSum{}
	for rows.Next() {
		var id string
		var a avgSum
		if err := rows.Scan(&id, &a.ms, &a.n); err != nil {
			return nil, err
		}
		out[id] = a
	}
	return out, rows.Err()
}

// averages are the rolling average service times (minutes) of every
// service, as of the last commit.
func (s *Store) averages(c *catalog) map[string]float64 {
	avg := s.live.Load().avg
	out := make(map[string]float64, len(c.services))
	for _, sv := range c.services {
		a := avg[sv.ID]
		out[sv.ID] = queue.AverageMinutes(sv.AvgServiceMinutes, a.ms, a.n)
	}
	return out
}

// staffedView is the staffed set as of the last commit (the sessions'
// expiry is noticed by housekeeping), for estimates.
func (s *Store) staffedView(ctx context.Context, now time.Time) (map[string]bool, error) {
	if st := s.live.Load().staffed; st != nil {
		return st, nil
	}
	return staffedNow(ctx, s.r, now)
}

// keepServiceTime records the service time of a finished ticket, keeps
// only the latest MaxRecent of its service, and updates the average the
// following writes and, after commit, the readers use.
func keepServiceTime(t *wtx, r row, finished int64) error {
	if !r.started.Valid || finished < r.started.Int64 {
		return nil // never started, or clock trouble: not a real duration
	}
	if _, err := t.ExecContext(t.ctx, `INSERT OR REPLACE INTO service_times(service_id, finished_at, ticket_id, ms) VALUES (?,?,?,?)`,
		r.ServiceID, finished, r.ID, finished-r.started.Int64); err != nil {
		return err
	}
	if _, err := t.ExecContext(t.ctx, `DELETE FROM service_times WHERE service_id = ?1 AND (finished_at, ticket_id) NOT IN
		(SELECT finished_at, ticket_id FROM service_times WHERE service_id = ?1 ORDER BY finished_at DESC, ticket_id DESC LIMIT ?2)`,
		r.ServiceID, queue.MaxRecent); err != nil {
		return err
	}
	var a avgSum
	if err := t.QueryRowContext(t.ctx, `SELECT COALESCE(SUM(ms), 0), COUNT(*) FROM service_times WHERE service_id = ?`, r.ServiceID).Scan(&a.ms, &a.n); err != nil {
		return err
	}
	st := t.state()
	avg := make(map[string]avgSum, len(st.avg)+1)
	for k, v := range st.avg {
		avg[k] = v
	}
	avg[r.ServiceID] = a
	st.avg = avg
	return nil
}

// counts are the waiting tickets of a pool around a ticket, by class:
// priority, regular (with booked tickets whose slot has not begun) and
// booked (slot begun); all of the class, and ahead of the ticket in it.
type counts struct {
	pAll, pOlder, rAll, rOlder int
	dAll, dOlder               int
}

// poolCounts counts from the covering queue index instead of loading the
// queue, so positions stay cheap when hundreds are waiting. Ahead means
// earlier in the order within a class (issued_at, seq, id).
func poolCounts(ctx context.Context, q querier, serviceIDs []string, t api.Ticket) (counts, error) {
	var n counts
	args := []any{t.IssuedAt.UnixMilli(), t.Seq, t.ID, t.Day}
	for _, id := range serviceIDs {
		args = append(args, id)
	}
	err := q.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(priority <> 'none'), 0),
		COALESCE(SUM(priority <> 'none' AND (issued_at < ?1 OR (issued_at = ?1 AND (seq < ?2 OR (seq = ?2 AND id < ?3))))), 0),
		COALESCE(SUM(priority = 'none'), 0),
		COALESCE(SUM(priority = 'none' AND (issued_at < ?1 OR (issued_at = ?1 AND (seq < ?2 OR (seq = ?2 AND id < ?3))))), 0)
		FROM tickets WHERE day = ?4 AND state = 'waiting' AND id <> ?3 AND service_id IN (?5`+strings.Repeat(",?", len(serviceIDs)-1)+`)`,
		args...).Scan(&n.pAll, &n.pOlder, &n.rAll, &n.rOlder)
	return n, err
}

// withPosition fills position, people ahead and estimated wait of a
// waiting ticket: its place in the line of queue.PoolFor, computed by the
// same queue.Line as call-next.
// n, when given, are the counts the write already knows (a new ticket).
func (s *Store) withPosition(ctx context.Context, c *catalog, t api.Ticket, n *counts) (api.Ticket, error) {
	if t.State != api.StateWaiting {
		return t, nil
	}
	pool := queue.PoolFor(t.ServiceID, c.counters, c.service)
	now := s.clock.Now()
	if n == nil {
		got, err := poolCounts(ctx, s.r, pool.ServiceIDs, t)
		if err != nil {
			return t, err
		}
		// Booked tickets are few: their classes are sorted out in Go.
		if got, err = withBooked(ctx, c, s.r, pool, t, got, now); err != nil {
			return t, err
		}
		n = &got
	}
	t, err := withAhead(ctx, s.r, t, pool, *n, now)
	if err != nil {
		return t, err
	}
	return s.withEstimate(ctx, c, t)
}

func withAhead(ctx context.Context, q querier, t api.Ticket, pool queue.Pool, n counts, now time.Time) (api.Ticket, error) {
	l := queue.Line{Interleave: pool.Interleave, BookedRun: pool.BookedRun, Now: now}
	mine := l.ClassOf(candidateOf(t))
	var waiting [3]int
	waiting[queue.ClassPriority], waiting[queue.ClassRegular], waiting[queue.ClassBooked] = n.pAll, n.rAll, n.dAll
	ahead := [3]int{n.rOlder, n.pOlder, n.dOlder}[mine]
	// The latest calls matter only when another class waits and the
	// classes take turns (an interleave, or booked against walk-ins).
	others := 0
	for k, w := range waiting {
		if queue.Class(k) != mine {
			others += w
		}
	}
	if others > 0 && (pool.Interleave.Regular > 0 || waiting[queue.ClassBooked] > 0 || mine == queue.ClassBooked) {
		var err error
		if l, err = line(ctx, q, t.Day, pool, now); err != nil {
			return t, err
		}
	}
	place := l.PlaceIn(mine, ahead, waiting)
	t.PeopleAhead, t.Position = place-1, place
	return t, nil
}

// withEstimate adds the wait estimate of a waiting ticket: people ahead ×
// the service's rolling average ÷ its open, staffed counters (at least 1).
func (s *Store) withEstimate(ctx context.Context, c *catalog, t api.Ticket) (api.Ticket, error) {
	if t.State != api.StateWaiting {
		return t, nil
	}
	staffed, err := s.staffedView(ctx, s.clock.Now())
	if err != nil {
		return t, err
	}
	sv := c.service[t.ServiceID]
	a := s.live.Load().avg[sv.ID]
	t.EstWaitMinutes = queue.EstimateWait(t.PeopleAhead, queue.AverageMinutes(sv.AvgServiceMinutes, a.ms, a.n), c.serving(sv.ID, staffed))
	return t, nil
}

// newTicketCounts places a ticket just issued in its line without counting
// the queue: everyone waiting in the line was issued before it, so the
// trigger-kept counts give the rest, except tickets of the line's other
// services issued in the same millisecond with a higher (seq, id).
func newTicketCounts(ctx context.Context, t *wtx, c *catalog, tk api.Ticket) (counts, error) {
	pool := queue.PoolFor(tk.ServiceID, c.counters, c.service)
	var n counts
	for _, id := range pool.ServiceIDs {
		w, err := waitingClasses(ctx, t, tk.Day, id)
		if err != nil {
			return n, err
		}
		n.pAll += w.pAll
		n.rAll += w.rAll
	}
	mine := tk.Priority.IsPriority()
	if mine {
		n.pAll--
	} else {
		n.rAll--
	}
	n.pOlder, n.rOlder = n.pAll, n.rAll
	// Booked tickets are counted as regular by waiting_counts: those whose
	// slot began are their own class, the others queue behind a ticket
	// issued now (bookings.go).
	if err := newTicketBooked(ctx, t, c, pool, tk, &n); err != nil {
		return n, err
	}
	if len(pool.ServiceIDs) > 1 {
		args := []any{tk.Day, tk.IssuedAt.UnixMilli(), tk.Seq, tk.ID}
		for _, id := range pool.ServiceIDs {
			args = append(args, id)
		}
		class := `priority = 'none'`
		if mine {
			class = `priority IN ('elderly','disability','pregnant','other')`
		}
		var later int
		if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM tickets WHERE day = ?1 AND state = 'waiting' AND `+class+`
			AND issued_at = ?2 AND (seq > ?3 OR (seq = ?3 AND id > ?4)) AND service_id IN (?5`+strings.Repeat(",?", len(pool.ServiceIDs)-1)+`)`,
			args...).Scan(&later); err != nil {
			return n, err
		}
		if mine {
			n.pOlder -= later
		} else {
			n.rOlder -= later
		}
	}
	return n, nil
}

// waitingClasses reads the trigger-maintained waiting counts of a service.
func waitingClasses(ctx context.Context, q querier, day, serviceID string) (counts, error) {
	var n counts
	err := q.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN prio = 1 THEN n END), 0), COALESCE(SUM(CASE WHEN prio = 0 THEN n END), 0)
		FROM waiting_counts WHERE day = ? AND service_id = ?`, day, serviceID).Scan(&n.pAll, &n.rAll)
	return n, err
}

func waitingCount(ctx context.Context, q querier, day, serviceID string) (*api.ServiceWaiting, error) {
	n, err := waitingClasses(ctx, q, day, serviceID)
	return &api.ServiceWaiting{ServiceID: serviceID, Waiting: n.pAll + n.rAll}, err
}

// Issue creates a ticket, or returns the one an earlier request with the
// same idempotency key created.
func (s *Store) Issue(ctx context.Context, p store.Principal, key string, req api.IssueRequest) (api.Ticket, bool, error) {
	switch {
	case key == "" || len(key) > 128:
		return api.Ticket{}, false, &api.Error{Code: api.CodeInvalidInput, Detail: "Idempotency-Key header is required (at most 128 characters)"}
	case req.ServiceID == "" && len(req.ServiceIDs) == 0:
		return api.Ticket{}, false, &api.Error{Code: api.CodeInvalidInput, Detail: "service_id is required"}
	case !req.Priority.Valid():
		return api.Ticket{}, false, &api.Error{Code: api.CodeInvalidInput, Detail: "unknown priority " + string(req.Priority)}
	}
	if req.Priority == "" {
		req.Priority = api.PriorityNone
	}
	// Visits: the route is service_ids (1–5), or service_id alone.
	route, err := routeOf(req, s.snapshot().site.Visits.Max())
	if err != nil {
		return api.Ticket{}, false, err
	}
	req.ServiceID = route[0]
	scope := p.DeviceID
	if scope == "" {
		scope = "user:" + p.UserID
	}
	scopedKey := scope + ":" + key
	// One service hashes as before, so a retry across an upgrade matches.
	reqHash := strings.Join(route, ",") + "|" + string(req.Priority)
	var out api.Ticket
	var n counts
	var c *catalog
	created := false
	err = s.write(ctx, func(t *wtx) error {
		c = t.catalog()
		var prevHash, prevID string
		err := t.QueryRowContext(ctx, `SELECT request_hash, ticket_id FROM idempotency WHERE key = ?`, scopedKey).Scan(&prevHash, &prevID)
		if err == nil {
			if prevHash != reqHash {
				return &api.Error{Code: api.CodeConflict, Detail: "Idempotency-Key was already used for a different request"}
			}
			r, err := getTicket(ctx, t, c, prevID)
			if err != nil {
				return err
			}
			out = c.fill(r.Ticket)
			out.CheckCode, err = checkCodeOf(ctx, t, prevID)
			return err
		}
		if err != sql.ErrNoRows {
			return err
		}
		sv, ok := c.service[req.ServiceID]
		switch {
		case !ok:
			return &api.Error{Code: api.CodeNotFound, Detail: "no service " + req.ServiceID}
		case req.Priority.IsPriority() && !sv.Priority:
			return &api.Error{Code: api.CodeInvalidInput, Detail: "service " + sv.ID + " has no priority queue"}
		}
		now := t.now.In(c.loc)
		day := queue.LocalDay(now, c.loc)
		var last, issued int
		err = t.QueryRowContext(ctx, `SELECT last_seq, issued FROM day_seq WHERE service_id = ? AND day = ?`, sv.ID, day).Scan(&last, &issued)
		if err == sql.ErrNoRows {
			start := sv.Start
			if start <= 0 {
				start = 1
			}
			last, issued = start-1, 0
		} else if err != nil {
			return err
		}
		staffed, err := t.staffedSet()
		if err != nil {
			return err
		}
		rules := c.rules(sv)
		rules.NoCounter = c.serving(sv.ID, staffed) == 0
		// Walk-ins never take a place held for bookings (bookings.go).
		held, err := t.s.bookingHeld(ctx, t, c, sv, now)
		if err != nil {
			return err
		}
		if reason, open := queue.Availability(rules, now, issued+held); !open {
			e := closedError(sv, reason)
			if reason == api.ReasonHoliday {
				if h := queue.DayOf(rules, now).Holiday; h != nil {
					e.Detail = sv.Name + " is closed today: " + h.Name + " (" + string(h.Kind) + ")"
				}
			}
			if len(route) > 1 {
				return stepError(e, sv.ID) // which step of the visit
			}
			return e
		}
		// Visits: every later step must be open today too, and holds its
		// place in that service's quota (visits.go).
		if err := t.reserveSteps(c, now, day, route[1:]); err != nil {
			return err
		}
		seq := last + 1
		if _, err := t.ExecContext(ctx, `INSERT INTO day_seq(service_id, day, last_seq, issued) VALUES (?,?,?,1)
			ON CONFLICT(service_id, day) DO UPDATE SET last_seq = excluded.last_seq, issued = issued + 1`, sv.ID, day, seq); err != nil {
			return err
		}
		tk := api.Ticket{ID: NewID(16), Number: queue.FormatNumber(sv.Prefix, sv.Digits, seq), ServiceID: sv.ID,
			Seq: seq, Day: day, Priority: req.Priority, State: api.StateWaiting, IssuedAt: now}
		tk.Route = row{Ticket: tk, route: route, issued: ms(now)}.basicRoute(c.loc)
		code := newCheckCode()
		if _, err := t.ExecContext(ctx, `INSERT INTO tickets(id, number, service_id, seq, day, priority, state, issued_at, device_id, check_code, route)
			VALUES (?,?,?,?,?,?,?,?,?,?,?)`, tk.ID, tk.Number, tk.ServiceID, tk.Seq, tk.Day, string(tk.Priority), string(tk.State), ms(now), p.DeviceID, code, encodeRoute(route)); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO idempotency(key, request_hash, ticket_id, created_at) VALUES (?,?,?,?)`,
			scopedKey, reqHash, tk.ID, ms(now)); err != nil {
			return err
		}
		out = c.fill(tk)
		created = true
		if n, err = newTicketCounts(ctx, t, c, tk); err != nil {
			return err
		}
		sw, err := waitingCount(ctx, t, day, sv.ID)
		if err != nil {
			return err
		}
		if err := t.emit(api.EventTicketIssued, out.Zone, api.EventData{Ticket: &out, Waiting: sw}); err != nil {
			return err
		}
		out.CheckCode = code // for the kiosk only: never in the event above
		return nil
	})
	if err != nil {
		return api.Ticket{}, false, err
	}
	// The rest is reading: done after the write is committed.
	if created {
		out, err = s.withPosition(ctx, c, out, &n)
	} else {
		out, err = s.withPosition(ctx, c, out, nil)
	}
	if err != nil {
		return api.Ticket{}, false, dbErr(err)
	}
	// A visit's pending steps with their queues' waits now.
	if out, err = s.withRouteDetail(ctx, s.r, c, out, row{Ticket: out, route: parseRoute(encodeRoute(stepIDs(out.Route)))}); err != nil {
		return api.Ticket{}, false, dbErr(err)
	}
	return out, created, nil
}

// Ticket is the public view of one ticket.
func (s *Store) Ticket(ctx context.Context, id string) (api.Ticket, error) {
	c := s.snapshot()
	r, err := getTicket(ctx, s.r, c, id)
	if err != nil {
		return api.Ticket{}, dbErr(err)
	}
	t, err := s.withPosition(ctx, c, c.fill(r.Ticket), nil)
	if err != nil {
		return api.Ticket{}, dbErr(err)
	}
	if t, err = s.withRouteDetail(ctx, s.r, c, t, r); err != nil { // a visit's steps
		return api.Ticket{}, dbErr(err)
	}
	if until, ok := s.returnUntil(c, r); ok { // a no-show may still return
		t.ReturnUntil = &until
	}
	t.OfficerID = "" // public: no staff identities
	// The id is the stronger proof: whoever reads by id may see the code.
	if t.CheckCode, err = checkCodeOf(ctx, s.r, id); err != nil {
		return api.Ticket{}, dbErr(err)
	}
	return t, nil
}

func (s *Store) counterFor(p store.Principal, c *catalog, counterID string) (api.Counter, error) {
	ct, ok := c.counter[counterID]
	if !ok {
		return ct, &api.Error{Code: api.CodeNotFound, Detail: "no counter " + counterID}
	}
	if !p.Can(counterID) {
		return ct, &api.Error{Code: api.CodeForbidden, Detail: "counter " + counterID + " is not assigned to you"}
	}
	return ct, nil
}

// current is the ticket a counter is calling or serving today, if any
// (from the partial index that holds only called and serving tickets).
func current(ctx context.Context, q querier, c *catalog, counterID, day string) (*row, error) {
	r, err := scanTicket(q.QueryRowContext(ctx, `SELECT `+ticketCols+` FROM tickets INDEXED BY tickets_live
		WHERE counter_id = ? AND state IN ('called','serving') AND day = ? ORDER BY called_at DESC LIMIT 1`, counterID, day), c.loc)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// CallNext calls the next waiting ticket of the counter's line. Everything
// it decides on (the counter's status and services, the queue) is read
// inside the write, so a break or a change committed before it, in the
// same batch too, is respected; one writer makes two simultaneous calls
// get two tickets.
func (s *Store) CallNext(ctx context.Context, p store.Principal, counterID string) (*api.Ticket, error) {
	if _, err := s.counterFor(p, s.snapshot(), counterID); err != nil {
		return nil, err
	}
	var out *api.Ticket
	err := s.write(ctx, func(t *wtx) error {
		var err error
		out, err = t.callNext(p, counterID)
		return err
	})
	return out, err
}

func (t *wtx) callNext(p store.Principal, counterID string) (*api.Ticket, error) {
	ctx := t.ctx
	var out *api.Ticket
	err := func() error {
		c := t.catalog()
		ct, ok, err := t.counter(counterID)
		if err != nil {
			return err
		}
		if !ok {
			return &api.Error{Code: api.CodeNotFound, Detail: "no counter " + counterID}
		}
		if ct.Status != api.CounterOpen {
			return &api.Error{Code: api.CodeInvalidState, Detail: "counter " + ct.Name + " is " + string(ct.Status) + "; open it first"}
		}
		day := queue.LocalDay(t.now, c.loc)
		cur, err := current(ctx, t, c, ct.ID, day)
		if err != nil {
			return err
		}
		if cur != nil {
			return &api.Error{Code: api.CodeInvalidState, Detail: "counter still has ticket " + cur.Number + " (" + string(cur.State) + "); finish it first"}
		}
		pool := queue.CounterPool(ct, c.service)
		cands, err := poolHeads(ctx, t, day, pool.ServiceIDs)
		if err != nil || len(cands) == 0 {
			return err
		}
		l, err := lineFor(ctx, t, day, pool, cands, t.now)
		if err != nil {
			return err
		}
		i := l.Next(cands)
		r, err := getTicket(ctx, t, c, cands[i].ID)
		if err != nil {
			return err
		}
		if _, err := queue.Transition(r.State, queue.ActCall); err != nil {
			return err
		}
		now := t.now
		// last_called_at: a requeued ticket called again is at this counter
		// from now on (staff idle time); called_at keeps the first call.
		if _, err := t.ExecContext(ctx, `UPDATE tickets SET state = 'called', called_at = COALESCE(called_at, ?), last_called_at = ?,
			counter_id = ?, officer_id = ?, calls = calls + 1 WHERE id = ? AND state = 'waiting'`,
			ms(now), ms(now), ct.ID, p.UserID, r.ID); err != nil {
			return err
		}
		r, err = getTicket(ctx, t, c, r.ID)
		if err != nil {
			return err
		}
		tk := c.fill(r.Ticket)
		// called_at keeps the first call (reports measure waiting to it); the
		// event carries this call's time.
		w, err := waitingCount(ctx, t, day, tk.ServiceID)
		if err != nil {
			return err
		}
		out = &tk
		return t.emit(api.EventTicketCalled, ct.Zone, api.EventData{Ticket: &tk, Call: c.call(tk, now.In(c.loc), false), Counter: &ct, Waiting: w})
	}()
	return out, err
}

// Recall announces the counter's called ticket again.
func (s *Store) Recall(ctx context.Context, p store.Principal, counterID string) (api.Ticket, error) {
	if _, err := s.counterFor(p, s.snapshot(), counterID); err != nil {
		return api.Ticket{}, err
	}
	var out api.Ticket
	err := s.write(ctx, func(t *wtx) error {
		c := t.catalog()
		ct, ok, err := t.counter(counterID)
		if err != nil {
			return err
		}
		if !ok {
			return &api.Error{Code: api.CodeNotFound, Detail: "no counter " + counterID}
		}
		cur, err := current(ctx, t, c, ct.ID, queue.LocalDay(t.now, c.loc))
		if err != nil {
			return err
		}
		if cur == nil {
			return &api.Error{Code: api.CodeInvalidState, Detail: "counter " + ct.Name + " has no called ticket to recall"}
		}
		if _, err := queue.Transition(cur.State, queue.ActRecall); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `UPDATE tickets SET calls = calls + 1 WHERE id = ?`, cur.ID); err != nil {
			return err
		}
		cur.Calls++
		out = c.fill(cur.Ticket)
		return t.emit(api.EventTicketRecalled, ct.Zone, api.EventData{Ticket: &out, Call: c.call(out, t.now.In(c.loc), true), Counter: &ct})
	})
	return out, err
}

// actions maps the URL verbs to queue actions and the events they cause.
var actions = map[string]struct {
	act queue.Action
	ev  api.EventType
}{
	"start":   {queue.ActStart, api.EventTicketServing},
	"finish":  {queue.ActFinish, api.EventTicketDone},
	"no-show": {queue.ActNoShow, api.EventTicketNoShow},
	"requeue": {queue.ActRequeue, api.EventTicketRequeued},
	"cancel":  {queue.ActCancel, api.EventTicketCancelled},
}

// mayTouch checks an officer's scope over a ticket: the counter holding it,
// or, for a waiting ticket, one of their counters serving its service.
func mayTouch(p store.Principal, c *catalog, r row) error {
	if p.Role == api.RoleAdmin {
		return nil
	}
	if r.CounterID != "" && (r.State == api.StateCalled || r.State == api.StateServing) {
		if p.Can(r.CounterID) {
			return nil
		}
		return &api.Error{Code: api.CodeForbidden, Detail: "ticket " + r.Number + " is at another counter"}
	}
	for _, ct := range c.countersFor(r.ServiceID) {
		if p.Can(ct.ID) {
			return nil
		}
	}
	return &api.Error{Code: api.CodeForbidden, Detail: "service of ticket " + r.Number + " is not assigned to you"}
}

// Act applies start, finish, no-show, requeue or cancel.
func (s *Store) Act(ctx context.Context, p store.Principal, ticketID, verb string) (api.Ticket, error) {
	a, ok := actions[verb]
	if !ok {
		return api.Ticket{}, &api.Error{Code: api.CodeNotFound, Detail: "unknown action " + verb}
	}
	var out api.Ticket
	err := s.write(ctx, func(t *wtx) error {
		c := t.catalog()
		r, err := getTicket(ctx, t, c, ticketID)
		if err != nil {
			return err
		}
		if err := mayTouch(p, c, r); err != nil {
			return err
		}
		to, err := queue.Transition(r.State, a.act)
		if err != nil {
			return err
		}
		now := ms(t.now)
		ct, hasCounter, err := t.counter(r.CounterID)
		if err != nil {
			return err
		}
		if a.act == queue.ActRequeue && r.CounterID != "" {
			// The ticket was at the counter until now: keep that for the
			// staff figures (its counter is cleared below).
			if _, err := t.ExecContext(ctx, `INSERT INTO counter_log(at, kind, counter_id, user_id, until)
				SELECT COALESCE(last_called_at, called_at, ?1), 'held', counter_id, officer_id, ?1 FROM tickets WHERE id = ?2`, now, r.ID); err != nil {
				return err
			}
		}
		var q string
		switch a.act {
		case queue.ActStart:
			q = `UPDATE tickets SET state = ?, started_at = ? WHERE id = ?`
		case queue.ActRequeue:
			// Back to its original place: issued_at is untouched.
			q = `UPDATE tickets SET state = ?, counter_id = '', officer_id = '' WHERE id = ?`
		default:
			q = `UPDATE tickets SET state = ?, finished_at = ? WHERE id = ?`
		}
		args := []any{string(to), now, r.ID}
		if a.act == queue.ActRequeue {
			args = []any{string(to), r.ID}
		}
		if _, err := t.ExecContext(ctx, q, args...); err != nil {
			return err
		}
		if a.act == queue.ActFinish {
			if err := keepServiceTime(t, r, now); err != nil {
				return err
			}
		}
		if a.act == queue.ActCancel {
			// A cancel ends the visit: its later steps give back their
			// quota places (visits.go).
			if err := t.releaseSteps(r.Day, r.pendingSteps()); err != nil {
				return err
			}
		}
		r2, err := getTicket(ctx, t, c, r.ID)
		if err != nil {
			return err
		}
		out = c.fill(r2.Ticket)
		w, err := waitingCount(ctx, t, r.Day, r.ServiceID)
		if err != nil {
			return err
		}
		d := api.EventData{Ticket: &out, Waiting: w}
		zone := out.Zone
		if hasCounter {
			d.Counter = &ct
			zone = ct.Zone
		}
		if err := t.emit(a.ev, zone, d); err != nil {
			return err
		}
		if a.act == queue.ActFinish {
			// Visits: the same ticket enters its next step's line in this
			// transaction, announced by ticket.routed (visits.go).
			_, err = t.routeOn(c, r2)
			return err
		}
		return nil
	})
	if err != nil {
		return api.Ticket{}, err
	}
	return out, nil
}

// Transfer ends a called or serving ticket and queues a new one in the
// target service with the same number and original issue time. A target
// without a priority queue takes it as a regular ticket.
func (s *Store) Transfer(ctx context.Context, p store.Principal, ticketID, serviceID string) (api.Ticket, error) {
	var out api.Ticket
	var c *catalog
	err := s.write(ctx, func(t *wtx) error {
		c = t.catalog()
		target, ok := c.service[serviceID]
		if !ok {
			return &api.Error{Code: api.CodeNotFound, Detail: "no service " + serviceID}
		}
		if !target.Active {
			return &api.Error{Code: api.CodeInvalidInput, Detail: "service " + serviceID + " is not active"}
		}
		r, err := getTicket(ctx, t, c, ticketID)
		if err != nil {
			return err
		}
		if err := mayTouch(p, c, r); err != nil {
			return err
		}
		if r.ServiceID == serviceID {
			return &api.Error{Code: api.CodeInvalidInput, Detail: "ticket is already in service " + serviceID}
		}
		if _, err := queue.Transition(r.State, queue.ActTransfer); err != nil {
			return err
		}
		prio := r.Priority
		if !target.Priority {
			prio = api.PriorityNone
		}
		newID := NewID(16)
		now := ms(t.now)
		if _, err := t.ExecContext(ctx, `UPDATE tickets SET state = 'transferred', finished_at = ?, transferred_to = ? WHERE id = ?`,
			now, newID, r.ID); err != nil {
			return err
		}
		// The new ticket keeps the paper's number and check code, and stays
		// in its visit at the same step, with that step's service replaced
		// in the route (visits.go).
		route := r.route
		if len(route) > 0 {
			route = append([]string(nil), route...)
			if r.Step < len(route) {
				route[r.Step] = serviceID
			}
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO tickets(id, number, service_id, seq, day, priority, state, issued_at, transferred_from, check_code,
			entered_at, visit_id, step, route)
			VALUES (?,?,?,?,?,?,'waiting',?,?,(SELECT check_code FROM tickets WHERE id = ?),?,?,?,?)`, newID, r.Number, serviceID, r.Seq, r.Day, string(prio), r.issued, r.ID, r.ID,
			now, r.visitKey(), r.Step, encodeRoute(route)); err != nil {
			return err
		}
		nr, err := getTicket(ctx, t, c, newID)
		if err != nil {
			return err
		}
		out = c.fill(nr.Ticket)
		ct, _, err := t.counter(r.CounterID)
		if err != nil {
			return err
		}
		w, err := waitingCount(ctx, t, r.Day, serviceID)
		if err != nil {
			return err
		}
		return t.emit(api.EventTicketTransferred, ct.Zone, api.EventData{Ticket: &out, Counter: &ct, Waiting: w})
	})
	if err != nil {
		return api.Ticket{}, err
	}
	out, err = s.withPosition(ctx, c, out, nil)
	return out, dbErr(err)
}

// SetCounterStatus opens a counter, or puts it on break or closed. The
// counter is taken from the catalog as of the write and only its status
// changes, so an admin change committed meanwhile is kept.
func (s *Store) SetCounterStatus(ctx context.Context, p store.Principal, counterID string, st api.CounterStatus) (api.Counter, error) {
	if !st.Valid() {
		return api.Counter{}, &api.Error{Code: api.CodeInvalidInput, Detail: "status must be open, break or closed"}
	}
	if _, err := s.counterFor(p, s.snapshot(), counterID); err != nil {
		return api.Counter{}, err
	}
	var out api.Counter
	err := s.write(ctx, func(t *wtx) error {
		var err error
		out, err = t.setCounterStatus(counterID, st)
		return err
	})
	return out, err
}

func (t *wtx) setCounterStatus(counterID string, st api.CounterStatus) (api.Counter, error) {
	ct, ok, err := t.counter(counterID)
	if err != nil {
		return ct, err
	}
	if !ok {
		return ct, &api.Error{Code: api.CodeNotFound, Detail: "no counter " + counterID}
	}
	if _, err := t.ExecContext(t.ctx, `UPDATE counters SET status = ? WHERE id = ?`, string(st), ct.ID); err != nil {
		return ct, err
	}
	if err := t.logStatus(ct.ID, ct.Status, st); err != nil { // for staff break time
		return ct, err
	}
	ct.Status = st
	t.setCatalog(t.catalog().withCounter(ct))
	return ct, t.emit(api.EventCounterUpdated, ct.Zone, api.EventData{Counter: &ct})
}
