package sqlite

import (
	"context"
	"database/sql"
	"fmt"
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
	finished_at, counter_id, officer_id, calls, transferred_from, transferred_to`

type scanner interface{ Scan(dest ...any) error }

// row is a ticket as stored.
type row struct {
	api.Ticket
	issued                    int64
	called, started, finished sql.NullInt64
}

// scanTicket reads ticketCols, then any extra columns into extra.
func scanTicket(sc scanner, loc *time.Location, extra ...any) (row, error) {
	var r row
	var pr, st string
	err := sc.Scan(append([]any{&r.ID, &r.Number, &r.ServiceID, &r.Seq, &r.Day, &pr, &st, &r.issued, &r.called,
		&r.started, &r.finished, &r.CounterID, &r.OfficerID, &r.Calls, &r.TransferredFrom, &r.TransferredTo}, extra...)...)
	if err != nil {
		return r, err
	}
	r.Priority, r.State = api.Priority(pr), api.State(st)
	r.IssuedAt = time.UnixMilli(r.issued).In(loc)
	r.CalledAt, r.StartedAt, r.FinishedAt = nullMs(r.called, loc), nullMs(r.started, loc), nullMs(r.finished, loc)
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

// candidates are today's waiting tickets of the given services.
func candidates(ctx context.Context, q querier, day string, serviceIDs []string) ([]queue.Candidate, map[string]string, error) {
	if len(serviceIDs) == 0 {
		return nil, nil, nil
	}
	args := []any{day}
	for _, id := range serviceIDs {
		args = append(args, id)
	}
	rows, err := q.QueryContext(ctx, `SELECT id, number, priority, issued_at, seq FROM tickets
		WHERE day = ? AND state = 'waiting' AND service_id IN (?`+strings.Repeat(",?", len(serviceIDs)-1)+`)`, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []queue.Candidate
	numbers := map[string]string{}
	for rows.Next() {
		var c queue.Candidate
		var pr, num string
		var issued int64
		if err := rows.Scan(&c.ID, &num, &pr, &issued, &c.Seq); err != nil {
			return nil, nil, err
		}
		c.Priority = api.Priority(pr).IsPriority()
		c.IssuedAt = time.UnixMilli(issued)
		numbers[c.ID] = num
		out = append(out, c)
	}
	return out, numbers, rows.Err()
}

// recentClasses are the classes (true = priority) of the latest first calls
// at a counter (counterID != "") or of a service, newest first.
func recentClasses(ctx context.Context, q querier, day, counterID, serviceID string) ([]bool, error) {
	query := `SELECT priority FROM tickets WHERE counter_id = ?1 AND day = ?2 AND called_at IS NOT NULL ORDER BY called_at DESC LIMIT ?3`
	key := counterID
	if counterID == "" {
		query = `SELECT priority FROM tickets WHERE service_id = ?1 AND day = ?2 AND called_at IS NOT NULL ORDER BY called_at DESC LIMIT ?3`
		key = serviceID
	}
	rows, err := q.QueryContext(ctx, query, key, day, queue.MaxRecent)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bool
	for rows.Next() {
		var pr string
		if err := rows.Scan(&pr); err != nil {
			return nil, err
		}
		out = append(out, api.Priority(pr).IsPriority())
	}
	return out, rows.Err()
}

// avgMinutes is the rolling average service time of a service.
func avgMinutes(ctx context.Context, q querier, sv api.Service) (float64, error) {
	rows, err := q.QueryContext(ctx, `SELECT finished_at - started_at FROM tickets
		WHERE service_id = ? AND state = 'done' AND started_at IS NOT NULL
		ORDER BY finished_at DESC LIMIT ?`, sv.ID, queue.MaxRecent)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var ds []time.Duration
	for rows.Next() {
		var d int64
		if err := rows.Scan(&d); err != nil {
			return 0, err
		}
		ds = append(ds, time.Duration(d)*time.Millisecond)
	}
	return queue.RollingAverage(sv.AvgServiceMinutes, ds), rows.Err()
}

// counts are the waiting tickets of one service around a ticket.
type counts struct {
	pAll, pOlder, rAll, rOlder int // priority / regular, all and ahead by issue order
}

// queueCounts counts from the covering queue index instead of loading the
// queue, so positions stay cheap when hundreds are waiting.
func queueCounts(ctx context.Context, q querier, t api.Ticket) (counts, error) {
	var n counts
	err := q.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(priority <> 'none'), 0),
		COALESCE(SUM(priority <> 'none' AND (issued_at < ?1 OR (issued_at = ?1 AND seq < ?2))), 0),
		COALESCE(SUM(priority = 'none'), 0),
		COALESCE(SUM(priority = 'none' AND (issued_at < ?1 OR (issued_at = ?1 AND seq < ?2))), 0)
		FROM tickets WHERE day = ?3 AND service_id = ?4 AND state = 'waiting' AND id <> ?5`,
		t.IssuedAt.UnixMilli(), t.Seq, t.Day, t.ServiceID, t.ID).Scan(&n.pAll, &n.pOlder, &n.rAll, &n.rOlder)
	return n, err
}

// peopleAhead applies the queue order to the counts. Only when the service
// interleaves and both classes wait does it need the recent call history.
func peopleAhead(ctx context.Context, q querier, sv api.Service, t api.Ticket, n counts) (int, error) {
	mine := t.Priority.IsPriority()
	switch {
	case mine && (n.rAll == 0 || sv.Interleave.Regular <= 0):
		return n.pOlder, nil
	case !mine && (n.pAll == 0 || sv.Interleave.Regular <= 0):
		return n.pAll + n.rOlder, nil
	}
	// Simulate the calls on a queue rebuilt from the counts: only the
	// number ahead in each class matters, not who they are.
	recent, err := recentClasses(ctx, q, t.Day, "", t.ServiceID)
	if err != nil {
		return 0, err
	}
	base := t.IssuedAt
	var cands []queue.Candidate
	add := func(k int, prio, before bool) {
		for i := 0; i < k; i++ {
			at := base.Add(time.Duration(i+1) * time.Millisecond)
			if before {
				at = base.Add(-time.Duration(k-i) * time.Millisecond)
			}
			cands = append(cands, queue.Candidate{ID: fmt.Sprint(prio, before, i), Priority: prio, IssuedAt: at})
		}
	}
	if mine {
		add(n.pOlder, true, true)
		add(n.rAll, false, true)
	} else {
		add(n.rOlder, false, true)
		add(n.pAll, true, true)
	}
	cands = append(cands, queue.Candidate{ID: t.ID, Priority: mine, IssuedAt: base, Seq: t.Seq})
	return queue.Position(cands, sv.Interleave, recent, t.ID) - 1, nil
}

// withPosition fills position, people ahead and estimated wait of a
// waiting ticket.
func withPosition(ctx context.Context, q querier, c *catalog, t api.Ticket) (api.Ticket, error) {
	if t.State != api.StateWaiting {
		return t, nil
	}
	n, err := queueCounts(ctx, q, t)
	if err != nil {
		return t, err
	}
	return withAhead(ctx, q, c, t, n)
}

func withAhead(ctx context.Context, q querier, c *catalog, t api.Ticket, n counts) (api.Ticket, error) {
	sv := c.service[t.ServiceID]
	ahead, err := peopleAhead(ctx, q, sv, t, n)
	if err != nil {
		return t, err
	}
	t.PeopleAhead, t.Position = ahead, ahead+1
	avg, err := avgMinutes(ctx, q, sv)
	if err != nil {
		return t, err
	}
	t.EstWaitMinutes = queue.EstimateWait(t.PeopleAhead, avg, c.openCounters(sv.ID))
	return t, nil
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
	c := s.snapshot()
	sv, ok := c.service[req.ServiceID]
	switch {
	case key == "" || len(key) > 128:
		return api.Ticket{}, false, &api.Error{Code: api.CodeInvalidInput, Detail: "Idempotency-Key header is required (at most 128 characters)"}
	case req.ServiceID == "":
		return api.Ticket{}, false, &api.Error{Code: api.CodeInvalidInput, Detail: "service_id is required"}
	case !ok:
		return api.Ticket{}, false, &api.Error{Code: api.CodeNotFound, Detail: "no service " + req.ServiceID}
	case !req.Priority.Valid():
		return api.Ticket{}, false, &api.Error{Code: api.CodeInvalidInput, Detail: "unknown priority " + string(req.Priority)}
	case req.Priority.IsPriority() && !sv.Priority:
		return api.Ticket{}, false, &api.Error{Code: api.CodeInvalidInput, Detail: "service " + sv.ID + " has no priority queue"}
	}
	if req.Priority == "" {
		req.Priority = api.PriorityNone
	}
	scope := p.DeviceID
	if scope == "" {
		scope = "user:" + p.UserID
	}
	scopedKey := scope + ":" + key
	reqHash := req.ServiceID + "|" + string(req.Priority)
	var out api.Ticket
	var n counts
	created := false
	err := s.write(ctx, func(t *wtx) error {
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
		if reason, open := queue.Availability(c.rules(sv), now, issued); !open {
			if reason == api.ReasonQuotaFull {
				return &api.Error{Code: api.CodeQuotaFull, Detail: "daily quota of " + sv.Name + " is used up", Reason: reason}
			}
			return &api.Error{Code: api.CodeServiceClosed, Detail: sv.Name + " takes no tickets now (" + string(reason) + ")", Reason: reason}
		}
		seq := last + 1
		if _, err := t.ExecContext(ctx, `INSERT INTO day_seq(service_id, day, last_seq, issued) VALUES (?,?,?,1)
			ON CONFLICT(service_id, day) DO UPDATE SET last_seq = excluded.last_seq, issued = issued + 1`, sv.ID, day, seq); err != nil {
			return err
		}
		tk := api.Ticket{ID: NewID(16), Number: queue.FormatNumber(sv.Prefix, sv.Digits, seq), ServiceID: sv.ID,
			Seq: seq, Day: day, Priority: req.Priority, State: api.StateWaiting, IssuedAt: now}
		code := newCheckCode()
		if _, err := t.ExecContext(ctx, `INSERT INTO tickets(id, number, service_id, seq, day, priority, state, issued_at, device_id, check_code)
			VALUES (?,?,?,?,?,?,?,?,?,?)`, tk.ID, tk.Number, tk.ServiceID, tk.Seq, tk.Day, string(tk.Priority), string(tk.State), ms(now), p.DeviceID, code); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO idempotency(key, request_hash, ticket_id, created_at) VALUES (?,?,?,?)`,
			scopedKey, reqHash, tk.ID, ms(now)); err != nil {
			return err
		}
		out = c.fill(tk)
		// Everyone waiting is older than a new ticket, so the maintained
		// counts give its place (and the event's waiting count).
		if n, err = waitingClasses(ctx, t, day, sv.ID); err != nil {
			return err
		}
		if tk.Priority.IsPriority() {
			n.pAll--
		} else {
			n.rAll--
		}
		n.pOlder, n.rOlder = n.pAll, n.rAll
		created = true
		w := &api.ServiceWaiting{ServiceID: sv.ID, Waiting: n.pAll + n.rAll + 1}
		if err := t.emit(api.EventTicketIssued, out.Zone, api.EventData{Ticket: &out, Waiting: w}); err != nil {
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
		out, err = withAhead(ctx, s.r, c, out, n)
	} else {
		out, err = withPosition(ctx, s.r, c, out)
	}
	if err != nil {
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
	t, err := withPosition(ctx, s.r, c, c.fill(r.Ticket))
	if err != nil {
		return api.Ticket{}, dbErr(err)
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

// current is the ticket a counter is calling or serving, if any.
func current(ctx context.Context, q querier, c *catalog, counterID string) (*row, error) {
	r, err := scanTicket(q.QueryRowContext(ctx, `SELECT `+ticketCols+` FROM tickets
		WHERE counter_id = ? AND state IN ('called','serving') ORDER BY called_at DESC LIMIT 1`, counterID), c.loc)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// CallNext calls the next waiting ticket for the counter's services. The
// single write transaction makes two simultaneous calls get two tickets.
func (s *Store) CallNext(ctx context.Context, p store.Principal, counterID string) (*api.Ticket, error) {
	c := s.snapshot()
	ct, err := s.counterFor(p, c, counterID)
	if err != nil {
		return nil, err
	}
	if ct.Status != api.CounterOpen {
		return nil, &api.Error{Code: api.CodeInvalidState, Detail: "counter " + ct.Name + " is " + string(ct.Status) + "; open it first"}
	}
	var out *api.Ticket
	err = s.write(ctx, func(t *wtx) error {
		cur, err := current(ctx, t, c, ct.ID)
		if err != nil {
			return err
		}
		if cur != nil {
			return &api.Error{Code: api.CodeInvalidState, Detail: "counter still has ticket " + cur.Number + " (" + string(cur.State) + "); finish it first"}
		}
		day := queue.LocalDay(t.now, c.loc)
		cands, _, err := candidates(ctx, t, day, ct.ServiceIDs)
		if err != nil {
			return err
		}
		var il api.Interleave
		if len(ct.ServiceIDs) > 0 {
			il = c.service[ct.ServiceIDs[0]].Interleave
		}
		recent, err := recentClasses(ctx, t, day, ct.ID, "")
		if err != nil {
			return err
		}
		i := queue.PickNext(cands, il, recent)
		if i < 0 {
			return nil
		}
		r, err := getTicket(ctx, t, c, cands[i].ID)
		if err != nil {
			return err
		}
		if _, err := queue.Transition(r.State, queue.ActCall); err != nil {
			return err
		}
		now := t.now
		if _, err := t.ExecContext(ctx, `UPDATE tickets SET state = 'called', called_at = COALESCE(called_at, ?),
			counter_id = ?, officer_id = ?, calls = calls + 1 WHERE id = ? AND state = 'waiting'`,
			ms(now), ct.ID, p.UserID, r.ID); err != nil {
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
	})
	return out, err
}

// Recall announces the counter's called ticket again.
func (s *Store) Recall(ctx context.Context, p store.Principal, counterID string) (api.Ticket, error) {
	c := s.snapshot()
	ct, err := s.counterFor(p, c, counterID)
	if err != nil {
		return api.Ticket{}, err
	}
	var out api.Ticket
	err = s.write(ctx, func(t *wtx) error {
		cur, err := current(ctx, t, c, ct.ID)
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
	c := s.snapshot()
	var out api.Ticket
	err := s.write(ctx, func(t *wtx) error {
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
		ct := c.counter[r.CounterID]
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
		if ct.ID != "" {
			d.Counter = &ct
			zone = ct.Zone
		}
		return t.emit(a.ev, zone, d)
	})
	if err != nil {
		return api.Ticket{}, err
	}
	return out, nil
}

// Transfer ends a called or serving ticket and queues a new one in the
// target service with the same number and original issue time.
func (s *Store) Transfer(ctx context.Context, p store.Principal, ticketID, serviceID string) (api.Ticket, error) {
	c := s.snapshot()
	target, ok := c.service[serviceID]
	if !ok {
		return api.Ticket{}, &api.Error{Code: api.CodeNotFound, Detail: "no service " + serviceID}
	}
	if !target.Active {
		return api.Ticket{}, &api.Error{Code: api.CodeInvalidInput, Detail: "service " + serviceID + " is not active"}
	}
	var out api.Ticket
	err := s.write(ctx, func(t *wtx) error {
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
		newID := NewID(16)
		now := ms(t.now)
		if _, err := t.ExecContext(ctx, `UPDATE tickets SET state = 'transferred', finished_at = ?, transferred_to = ? WHERE id = ?`,
			now, newID, r.ID); err != nil {
			return err
		}
		// The new ticket keeps the paper's number and check code.
		if _, err := t.ExecContext(ctx, `INSERT INTO tickets(id, number, service_id, seq, day, priority, state, issued_at, transferred_from, check_code)
			VALUES (?,?,?,?,?,?,'waiting',?,?,(SELECT check_code FROM tickets WHERE id = ?))`, newID, r.Number, serviceID, r.Seq, r.Day, string(r.Priority), r.issued, r.ID, r.ID); err != nil {
			return err
		}
		nr, err := getTicket(ctx, t, c, newID)
		if err != nil {
			return err
		}
		out = c.fill(nr.Ticket)
		ct := c.counter[r.CounterID]
		w, err := waitingCount(ctx, t, r.Day, serviceID)
		if err != nil {
			return err
		}
		return t.emit(api.EventTicketTransferred, ct.Zone, api.EventData{Ticket: &out, Counter: &ct, Waiting: w})
	})
	if err != nil {
		return api.Ticket{}, err
	}
	out, err = withPosition(ctx, s.r, c, out)
	return out, dbErr(err)
}

// SetCounterStatus opens a counter, or puts it on break or closed.
func (s *Store) SetCounterStatus(ctx context.Context, p store.Principal, counterID string, st api.CounterStatus) (api.Counter, error) {
	if !st.Valid() {
		return api.Counter{}, &api.Error{Code: api.CodeInvalidInput, Detail: "status must be open, break or closed"}
	}
	c := s.snapshot()
	ct, err := s.counterFor(p, c, counterID)
	if err != nil {
		return api.Counter{}, err
	}
	ct.Status = st
	err = s.write(ctx, func(t *wtx) error {
		if _, err := t.ExecContext(ctx, `UPDATE counters SET status = ? WHERE id = ?`, string(st), ct.ID); err != nil {
			return err
		}
		t.after = append(t.after, func() { s.setCounter(ct) })
		return t.emit(api.EventCounterUpdated, ct.Zone, api.EventData{Counter: &ct})
	})
	return ct, err
}

// setCounter swaps in a catalog copy holding the changed counter.
func (s *Store) setCounter(ct api.Counter) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := *s.cat
	n.counters = append([]api.Counter(nil), s.cat.counters...)
	n.counter = make(map[string]api.Counter, len(s.cat.counter))
	for k, v := range s.cat.counter {
		n.counter[k] = v
	}
	for i := range n.counters {
		if n.counters[i].ID == ct.ID {
			n.counters[i] = ct
		}
	}
	n.counter[ct.ID] = ct
	s.cat = &n
}

// nextUp lists the first n candidates in the order they would be called.
func nextUp(cands []queue.Candidate, il api.Interleave, recent []bool, n int) []queue.Candidate {
	rest := append([]queue.Candidate(nil), cands...)
	out := make([]queue.Candidate, 0, n)
	rec := append([]bool(nil), recent...)
	for len(rest) > 0 && len(out) < n {
		i := queue.PickNext(rest, il, rec)
		if i < 0 {
			break
		}
		out = append(out, rest[i])
		rec = append([]bool{rest[i].Priority}, rec...)
		rest = append(rest[:i], rest[i+1:]...)
	}
	return out
}
