package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"antrean/server/queue"
	"antrean/server/store"
	"antrean/shared/api"
)

// Visits ("satu kunjungan"): one ticket with a route of up to five
// services, served in order.
//
// Data model. Every step is a row of tickets in the step's service, so the
// queue order, call-next, the board, reports, surveys and the day end treat
// a step exactly like a ticket. The rows of one visit share visit_id (''
// on a row whose own id is the visit's, i.e. a ticket never routed) and
// carry their step (0-based) and the planned route (a JSON array of service
// ids; '' = just the row's service). The id the citizen holds (QR code,
// /t/{id}, the issue response) always names the visit's newest row: when a
// step finishes and the next begins, or a no-show returns, the old row is
// renamed <id>.<n> and the new row takes the id, in the same transaction.
// So every by-id path (GET, the phone stream, officer actions, surveys by
// QR code) reaches the current step, and events carry one id all along.
// At most one row of a visit is open (waiting, called or serving) at any
// time: a new row is only ever inserted when the previous one has just
// become final, inside the same write; the single writer serialises
// everything else, so two counters can never serve one visit at once.
//
// A transfer keeps working as before (a new row with a new id, the old
// one's transferred_to pointing at it); the new row stays in the visit,
// at the same step, with the route's service of that step replaced.

// parseRoute decodes the route column (empty = none).
func parseRoute(s string) []string {
	if s == "" {
		return nil
	}
	var ids []string
	if json.Unmarshal([]byte(s), &ids) != nil {
		return nil
	}
	return ids
}

// encodeRoute is the route column of ids (empty for a single service).
func encodeRoute(ids []string) string {
	if len(ids) <= 1 {
		return ""
	}
	b, _ := json.Marshal(ids)
	return string(b)
}

// visitKey is the id of a row's visit.
func (r row) visitKey() string {
	if r.visitID != "" {
		return r.visitID
	}
	return r.ID
}

// steps are the visit's planned services as of this row (one at least).
func (r row) steps() []string {
	if len(r.route) == 0 {
		return []string{r.ServiceID}
	}
	return r.route
}

// finalButDone: the visit ends here and later steps will not be reached.
func endsVisit(st api.State) bool {
	return st == api.StateNoShow || st == api.StateCancelled || st == api.StateExpired
}

// basicRoute is the route as one row knows it: earlier steps done (a step
// only ends to let the next begin when it is done), this one in the row's
// state, later ones pending — or skipped once the visit has ended here.
// Names are added by catalog.fillRoute.
func (r row) basicRoute(loc *time.Location) []api.Step {
	ids := r.steps()
	out := make([]api.Step, len(ids))
	for i, id := range ids {
		st := api.StatePending
		switch {
		case i < r.Step:
			st = api.StateDone
		case i == r.Step:
			id, st = r.ServiceID, r.State
		case endsVisit(r.State):
			st = api.StateSkipped
		}
		out[i] = api.Step{ServiceID: id, State: st, Current: i == r.Step}
	}
	if r.Step >= 0 && r.Step < len(out) {
		entered := r.issued
		if r.entered.Valid {
			entered = r.entered.Int64
		}
		out[r.Step].EnteredAt = nullMs(sql.NullInt64{Int64: entered, Valid: true}, loc)
	}
	return out
}

// fillRoute copies t's route with names and the current step's counter and
// times (a new slice: rows and events never share one).
func (c *catalog) fillRoute(t api.Ticket) []api.Step {
	if len(t.Route) == 0 {
		return nil
	}
	out := make([]api.Step, len(t.Route))
	copy(out, t.Route)
	for i := range out {
		st := &out[i]
		if sv, ok := c.service[st.ServiceID]; ok {
			st.ServiceName, st.AgencyID = sv.Name, sv.AgencyID
			if a, ok := c.agency[sv.AgencyID]; ok {
				st.AgencyName, st.AgencyShort = a.Name, a.Short
			}
		}
		if st.Current {
			st.State = t.State
			st.CounterNumber, st.CounterName = t.CounterNumber, t.CounterName
			st.CalledAt, st.StartedAt, st.FinishedAt = t.CalledAt, t.StartedAt, t.FinishedAt
		}
	}
	return out
}

// routeOf reads the route of an issue request: service_ids, or service_id
// alone (the one-step visit of every ticket so far).
func routeOf(req api.IssueRequest, max int) ([]string, error) {
	ids := req.ServiceIDs
	switch {
	case len(ids) == 0 && req.ServiceID == "":
		return nil, invalid("service_id or service_ids is required")
	case len(ids) == 0:
		return []string{req.ServiceID}, nil
	case req.ServiceID != "" && req.ServiceID != ids[0]:
		return nil, invalid("service_id %s is not the first of service_ids (%s)", req.ServiceID, ids[0])
	case len(ids) > max:
		return nil, invalid("a ticket carries at most %d services here, got %d", max, len(ids))
	}
	return ids, checkRoute(ids)
}

// checkRoute refuses empty ids and a service twice in a row (a service
// may come back later: e.g. submit, pay elsewhere, collect).
func checkRoute(ids []string) error {
	for i, id := range ids {
		if strings.TrimSpace(id) == "" {
			return invalid("service %d of the route is empty", i+1)
		}
		if i > 0 && ids[i-1] == id {
			return invalid("service %s is twice in a row in the route", id)
		}
	}
	return nil
}

// stepError names the step a refusal is about.
func stepError(err error, serviceID string) error {
	if ae, ok := err.(*api.Error); ok {
		cp := *ae
		cp.ServiceID = serviceID
		return &cp
	}
	return err
}

// closedError is the refusal of a service that takes no tickets now.
func closedError(sv api.Service, reason api.ClosedReason) *api.Error {
	switch reason {
	case api.ReasonQuotaFull:
		return &api.Error{Code: api.CodeQuotaFull, Detail: "daily quota of " + sv.Name + " is used up", Reason: reason}
	case api.ReasonNoCounter:
		return &api.Error{Code: api.CodeServiceClosed, Detail: "no counter serving " + sv.Name + " is open and staffed", Reason: reason}
	}
	return &api.Error{Code: api.CodeServiceClosed, Detail: sv.Name + " takes no tickets now (" + string(reason) + ")", Reason: reason}
}

// reserveSteps checks that each later step of a new route can be served
// today (hours, breaks, cut-off, counters and quota, as if a ticket were
// taken for it now) and holds a place in its quota: the visit counts in
// day_seq.issued of every service it will reach, so a quota cannot fill up
// under a citizen who is already in the building. The place is given back
// when an officer removes the step or the ticket is cancelled.
func (t *wtx) reserveSteps(c *catalog, now time.Time, day string, ids []string) error {
	staffed, err := t.staffedSet()
	if err != nil {
		return err
	}
	for _, id := range ids {
		sv, ok := c.service[id]
		if !ok {
			return &api.Error{Code: api.CodeNotFound, Detail: "no service " + id, ServiceID: id}
		}
		var issued int
		err := t.QueryRowContext(t.ctx, `SELECT issued FROM day_seq WHERE service_id = ? AND day = ?`, id, day).Scan(&issued)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		rules := c.rules(sv)
		rules.NoCounter = c.serving(sv.ID, staffed) == 0
		if reason, open := queue.Availability(rules, now, issued); !open {
			return stepError(closedError(sv, reason), id)
		}
		start := sv.Start
		if start <= 0 {
			start = 1
		}
		if _, err := t.ExecContext(t.ctx, `INSERT INTO day_seq(service_id, day, last_seq, issued) VALUES (?,?,?,1)
			ON CONFLICT(service_id, day) DO UPDATE SET issued = issued + 1`, id, day, start-1); err != nil {
			return err
		}
	}
	return nil
}

// releaseSteps gives back the quota places of steps that will not be
// reached.
func (t *wtx) releaseSteps(day string, ids []string) error {
	for _, id := range ids {
		if _, err := t.ExecContext(t.ctx, `UPDATE day_seq SET issued = issued - 1 WHERE service_id = ? AND day = ? AND issued > 0`, id, day); err != nil {
			return err
		}
	}
	return nil
}

// archive renames a visit's row out of the way of its successor: id
// becomes <id>.<n> (n counts the rows archived under this id; ids never
// contain a dot otherwise) and the row keeps the visit.
func (t *wtx) archive(id, key string) (string, error) {
	var n int
	if err := t.QueryRowContext(t.ctx, `SELECT COUNT(*) FROM tickets WHERE id > ?1 || '.' AND id < ?1 || '/'`, id).Scan(&n); err != nil {
		return "", err
	}
	to := fmt.Sprintf("%s.%d", id, n+1)
	if _, err := t.ExecContext(t.ctx, `UPDATE tickets SET id = ?, visit_id = ? WHERE id = ?`, to, key, id); err != nil {
		return "", err
	}
	return to, nil
}

// succeed inserts the visit's next row under the id of row r (archived
// just before as from): the same number, seq, day and check code, in
// service sv at step, queued by at.
func (t *wtx) succeed(c *catalog, r row, from string, sv api.Service, step int, route []string, origin string, at time.Time) (api.Ticket, error) {
	prio := r.Priority
	if !sv.Priority {
		prio = api.PriorityNone // like a transfer: no priority queue there
	}
	if _, err := t.ExecContext(t.ctx, `INSERT INTO tickets(id, number, service_id, seq, day, priority, state, issued_at,
		entered_at, visit_id, step, route, origin, check_code, device_id)
		SELECT ?, number, ?, seq, day, ?, 'waiting', ?, ?, ?, ?, ?, ?, check_code, device_id FROM tickets WHERE id = ?`,
		r.ID, sv.ID, string(prio), ms(at), ms(t.now), r.visitKey(), step, encodeRoute(route), origin, from); err != nil {
		return api.Ticket{}, err
	}
	nr, err := getTicket(t.ctx, t, c, r.ID)
	if err != nil {
		return api.Ticket{}, err
	}
	return c.fill(nr.Ticket), nil
}

// visitArrival is when a visit's ticket was taken: the earliest issue
// time of its rows (transfers keep it; later steps and returns may queue
// by later times).
func visitArrival(ctx context.Context, q querier, key string) (time.Time, error) {
	var at int64
	err := q.QueryRowContext(ctx, `SELECT MIN(issued_at) FROM tickets WHERE id = ?1 OR visit_id = ?1`, key).Scan(&at)
	return time.UnixMilli(at), err
}

// routeOn moves a visit whose step r has just been finished into the line
// of its next step, in the same transaction as the finish: the finished
// row is archived, the ticket's id enters the next service's line (placed
// by the site's route order, see queue.RouteQueueTime) and ticket.routed
// is emitted after the finished step's ticket.done. A next service that no
// longer exists is skipped. It returns nil when the visit is complete.
func (t *wtx) routeOn(c *catalog, r row) (*api.Ticket, error) {
	steps := r.steps()
	next := r.Step + 1
	for next < len(steps) {
		if _, ok := c.service[steps[next]]; ok {
			break
		}
		next++
	}
	if next >= len(steps) || len(r.route) == 0 {
		return nil, nil
	}
	sv := c.service[steps[next]]
	key := r.visitKey()
	arrived, err := visitArrival(t.ctx, t, key)
	if err != nil {
		return nil, err
	}
	from, err := t.archive(r.ID, key)
	if err != nil {
		return nil, err
	}
	at := queue.RouteQueueTime(c.site.Visits.RouteOrder(), arrived, t.now)
	r.visitID = key
	tk, err := t.succeed(c, r, from, sv, next, r.route, api.OriginRoute, at)
	if err != nil {
		return nil, err
	}
	w, err := waitingCount(t.ctx, t, tk.Day, sv.ID)
	if err != nil {
		return nil, err
	}
	return &tk, t.emit(api.EventTicketRouted, tk.Zone, api.EventData{Ticket: &tk, Waiting: w})
}

// pendingSteps are the services after a row's step that it has not
// reached.
func (r row) pendingSteps() []string {
	steps := r.steps()
	if r.Step+1 >= len(steps) {
		return nil
	}
	return steps[r.Step+1:]
}

// visitRows are every row of a visit, oldest first.
func visitRows(ctx context.Context, q querier, c *catalog, key string) ([]row, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+ticketCols+` FROM tickets WHERE id = ?1 OR visit_id = ?1 ORDER BY rowid`, key)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []row
	for rows.Next() {
		r, err := scanTicket(rows, c.loc)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// served reports whether one of the principal's counters worked on a row
// of the visit (the officer who served an earlier step).
func served(p store.Principal, rows []row) bool {
	for _, r := range rows {
		if r.CounterID != "" && p.Can(r.CounterID) {
			return true
		}
	}
	return false
}

// mayFollow is who may read a visit, leave it a note or change its later
// steps: an admin; an officer who may act on the ticket now (mayTouch);
// one whose counter served an earlier step; and, for reading, one whose
// counters serve any service of the route (the next officers).
func mayFollow(p store.Principal, c *catalog, r row, rows []row, reading bool) error {
	if p.Role == api.RoleAdmin {
		return nil
	}
	if p.Role != api.RoleOfficer {
		return &api.Error{Code: api.CodeForbidden, Detail: "officers only"}
	}
	if mayTouch(p, c, r) == nil || served(p, rows) {
		return nil
	}
	if reading {
		for _, id := range r.steps() {
			for _, ct := range c.countersFor(id) {
				if p.Can(ct.ID) {
					return nil
				}
			}
		}
	}
	return &api.Error{Code: api.CodeForbidden, Detail: "ticket " + r.Number + " is not at, and was not served at, your counters"}
}

// withRouteDetail fills each reached step of a visit's route with where
// and when it was served (from the step's newest row), and each pending
// step with its queue's wait now. A single-service ticket needs nothing.
func (s *Store) withRouteDetail(ctx context.Context, q querier, c *catalog, t api.Ticket, r row) (api.Ticket, error) {
	if len(r.route) <= 1 || len(t.Route) == 0 {
		return t, nil
	}
	rows, err := visitRows(ctx, q, c, r.visitKey())
	if err != nil {
		return t, err
	}
	route := make([]api.Step, len(t.Route))
	copy(route, t.Route)
	for _, vr := range rows {
		if vr.Step >= len(route) || vr.Step >= r.Step || vr.State == api.StateTransferred {
			continue // the current step is the ticket's own; transfers were replaced
		}
		st := &route[vr.Step]
		if ct, ok := c.counter[vr.CounterID]; ok {
			st.CounterNumber, st.CounterName = ct.Number, ct.Name
		}
		st.State = vr.State
		st.CalledAt, st.StartedAt, st.FinishedAt = vr.CalledAt, vr.StartedAt, vr.FinishedAt
		entered := vr.issued
		if vr.entered.Valid {
			entered = vr.entered.Int64
		}
		st.EnteredAt = nullMs(sql.NullInt64{Int64: entered, Valid: true}, c.loc)
	}
	for i := range route {
		if route[i].State == api.StatePending {
			if route[i].EstWaitMinutes, err = s.serviceWait(ctx, q, c, route[i].ServiceID); err != nil {
				return t, err
			}
		}
	}
	t.Route = route
	return t, nil
}

// serviceWait is the catalog's estimate for a regular ticket taken now in
// a service (see Catalog).
func (s *Store) serviceWait(ctx context.Context, q querier, c *catalog, serviceID string) (int, error) {
	day := queue.LocalDay(s.clock.Now(), c.loc)
	pool := queue.PoolFor(serviceID, c.counters, c.service)
	var pw counts
	for _, id := range pool.ServiceIDs {
		w, err := waitingClasses(ctx, q, day, id)
		if err != nil {
			return 0, err
		}
		pw.pAll += w.pAll
		pw.rAll += w.rAll
	}
	staffed, err := s.staffedView(ctx, s.clock.Now())
	if err != nil {
		return 0, err
	}
	ahead := queue.Line{Interleave: pool.Interleave}.Place(false, pw.rAll, pw.pAll) - 1
	return queue.EstimateWait(ahead, s.averages(c)[serviceID], c.serving(serviceID, staffed)), nil
}

// ---- officers: the visit, notes, later steps; returning no-shows ---------

// Visit is the officers' view of a ticket's visit: the ticket now, every
// row (steps, transfers, returns) with who served it, and the notes.
func (s *Store) Visit(ctx context.Context, p store.Principal, ticketID string) (api.Visit, error) {
	c := s.snapshot()
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return api.Visit{}, dbErr(err)
	}
	defer tx.Rollback()
	r, err := getTicket(ctx, tx, c, ticketID)
	if err != nil {
		return api.Visit{}, dbErr(err)
	}
	rows, err := visitRows(ctx, tx, c, r.visitKey())
	if err != nil {
		return api.Visit{}, dbErr(err)
	}
	if err := mayFollow(p, c, r, rows, true); err != nil {
		return api.Visit{}, err
	}
	v, err := s.visitOf(ctx, tx, c, r, rows)
	return v, dbErr(err)
}

// visitOf builds the officers' view from a visit's rows.
func (s *Store) visitOf(ctx context.Context, q querier, c *catalog, r row, rows []row) (api.Visit, error) {
	t, err := s.withRouteDetail(ctx, q, c, c.fill(r.Ticket), r)
	if err != nil {
		return api.Visit{}, err
	}
	v := api.Visit{Ticket: t, Rows: []api.VisitRow{}, Notes: []api.Note{}}
	names, err := s.userNames(ctx, q)
	if err != nil {
		return v, err
	}
	for _, vr := range rows {
		x := api.VisitRow{Step: vr.Step, ServiceID: vr.ServiceID, State: vr.State, Origin: vr.Origin,
			Transferred: vr.TransferredFrom != "", Officer: names[vr.OfficerID],
			CalledAt: vr.CalledAt, StartedAt: vr.StartedAt, FinishedAt: vr.FinishedAt}
		entered := vr.issued
		if vr.entered.Valid {
			entered = vr.entered.Int64
		}
		x.EnteredAt = time.UnixMilli(entered).In(c.loc)
		if sv, ok := c.service[vr.ServiceID]; ok {
			x.ServiceName = sv.Name
			x.AgencyShort = c.agency[sv.AgencyID].Short
		}
		if ct, ok := c.counter[vr.CounterID]; ok {
			x.CounterNumber, x.CounterName = ct.Number, ct.Name
		}
		v.Rows = append(v.Rows, x)
	}
	if v.Notes, err = notesOf(ctx, q, c, r.visitKey(), names); err != nil {
		return v, err
	}
	if until, ok := s.returnUntil(c, r); ok {
		v.Returnable, v.ReturnUntil = true, &until
	}
	v.Ticket.OfficerID = ""
	return v, nil
}

func notesOf(ctx context.Context, q querier, c *catalog, key string, names map[string]string) ([]api.Note, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, step, service_id, counter_id, officer_id, text, at FROM ticket_notes
		WHERE visit_id = ? ORDER BY id`, key)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []api.Note{}
	for rows.Next() {
		var n api.Note
		var counterID, officerID string
		var at int64
		if err := rows.Scan(&n.ID, &n.Step, &n.ServiceID, &counterID, &officerID, &n.Text, &at); err != nil {
			return nil, err
		}
		n.ServiceName = c.service[n.ServiceID].Name
		if ct, ok := c.counter[counterID]; ok {
			n.CounterName = ct.Name
		}
		n.Author = names[officerID]
		n.At = time.UnixMilli(at).In(c.loc)
		out = append(out, n)
	}
	return out, rows.Err()
}

// cleanNote trims a note and refuses what a screen should not show.
func cleanNote(text string) (string, error) {
	text = strings.Join(strings.Fields(text), " ") // one line, single spaces
	switch n := utf8.RuneCountInString(text); {
	case !utf8.ValidString(text):
		return "", invalid("note is not valid UTF-8")
	case n == 0:
		return "", invalid("note is empty")
	case n > api.NoteMaxLen:
		return "", invalid("note has %d characters; at most %d", n, api.NoteMaxLen)
	}
	for _, r := range text {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return "", invalid("note contains a control character")
		}
	}
	return text, nil
}

// AddNote stores an officer's handoff note on a ticket's visit. It is read
// only through officers' views (GET /v1/tickets/{id}/visit and the
// counter view): no event carries it.
func (s *Store) AddNote(ctx context.Context, p store.Principal, ticketID string, req api.NoteRequest) (api.Note, error) {
	text, err := cleanNote(req.Text)
	if err != nil {
		return api.Note{}, err
	}
	var out api.Note
	err = s.write(ctx, func(t *wtx) error {
		c := t.catalog()
		r, err := getTicket(t.ctx, t, c, ticketID)
		if err != nil {
			return err
		}
		key := r.visitKey()
		rows, err := visitRows(t.ctx, t, c, key)
		if err != nil {
			return err
		}
		if err := mayFollow(p, c, r, rows, false); err != nil {
			return err
		}
		if r.Day != queue.LocalDay(t.now, c.loc) {
			return api.Errorf(api.CodeInvalidState, "ticket %s is from %s; notes are for today's visits", r.Number, r.Day)
		}
		var n int
		if err := t.QueryRowContext(t.ctx, `SELECT COUNT(*) FROM ticket_notes WHERE visit_id = ?`, key).Scan(&n); err != nil {
			return err
		}
		if n >= api.MaxNotes {
			return api.Errorf(api.CodeConflict, "ticket %s already has %d notes", r.Number, n)
		}
		// The note is about the step the author's counter worked on last
		// (usually just finished), else the ticket's current step.
		step, svc, counter := r.Step, r.ServiceID, p.CounterID
		for i := len(rows) - 1; i >= 0; i-- {
			if rows[i].CounterID != "" && p.Can(rows[i].CounterID) {
				step, svc, counter = rows[i].Step, rows[i].ServiceID, rows[i].CounterID
				break
			}
		}
		res, err := t.ExecContext(t.ctx, `INSERT INTO ticket_notes(visit_id, step, service_id, counter_id, officer_id, text, at)
			VALUES (?,?,?,?,?,?,?)`, key, step, svc, counter, p.UserID, text, ms(t.now))
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		var name string
		if p.UserID != "" {
			if err := t.QueryRowContext(t.ctx, `SELECT name FROM users WHERE id = ?`, p.UserID).Scan(&name); err != nil && err != sql.ErrNoRows {
				return err
			}
		}
		out = api.Note{ID: id, Step: step, ServiceID: svc, ServiceName: c.service[svc].Name, Author: name, Text: text, At: t.now.In(c.loc)}
		if ct, ok := c.counter[counter]; ok {
			out.CounterName = ct.Name
		}
		return nil
	})
	return out, err
}

// EditRoute replaces the steps after a ticket's current one. Added steps
// are checked and reserved like at issue; removed ones give their place
// back. The officer names the step they saw: if the ticket moved on
// meanwhile the edit is refused (conflict), never applied to a route the
// officer did not see.
func (s *Store) EditRoute(ctx context.Context, p store.Principal, ticketID string, req api.RouteRequest) (api.Ticket, error) {
	var out api.Ticket
	var c *catalog
	var r row
	err := s.write(ctx, func(t *wtx) error {
		c = t.catalog()
		var err error
		if r, err = getTicket(t.ctx, t, c, ticketID); err != nil {
			return err
		}
		rows, err := visitRows(t.ctx, t, c, r.visitKey())
		if err != nil {
			return err
		}
		if err := mayFollow(p, c, r, rows, false); err != nil {
			return err
		}
		if r.State.Final() {
			return api.Errorf(api.CodeInvalidState, "ticket %s is %s; its route can no longer change", r.Number, r.State)
		}
		if req.Step != r.Step {
			return api.Errorf(api.CodeConflict, "ticket %s is at step %d now, not %d; look again", r.Number, r.Step+1, req.Step+1)
		}
		steps := r.steps()
		route := append(append([]string{}, steps[:r.Step]...), r.ServiceID)
		route = append(route, req.ServiceIDs...)
		if max := c.site.Visits.Max(); len(route) > max {
			return invalid("a ticket carries at most %d services here; this route has %d", max, len(route))
		}
		if err := checkRoute(route); err != nil {
			return err
		}
		for _, id := range req.ServiceIDs {
			if _, ok := c.service[id]; !ok {
				return &api.Error{Code: api.CodeNotFound, Detail: "no service " + id, ServiceID: id}
			}
		}
		// Places: keep those of steps still planned, release the removed,
		// reserve the added (a service planned twice holds two).
		have := map[string]int{}
		for _, id := range r.pendingSteps() {
			have[id]++
		}
		var added []string
		for _, id := range req.ServiceIDs {
			if have[id] > 0 {
				have[id]--
			} else {
				added = append(added, id)
			}
		}
		var removed []string
		for _, id := range r.pendingSteps() {
			if have[id] > 0 {
				have[id]--
				removed = append(removed, id)
			}
		}
		if err := t.releaseSteps(r.Day, removed); err != nil {
			return err
		}
		if err := t.reserveSteps(c, t.now.In(c.loc), r.Day, added); err != nil {
			return err
		}
		if _, err := t.ExecContext(t.ctx, `UPDATE tickets SET route = ? WHERE id = ?`, encodeRoute(route), r.ID); err != nil {
			return err
		}
		if r, err = getTicket(t.ctx, t, c, r.ID); err != nil {
			return err
		}
		out = c.fill(r.Ticket)
		zone := out.Zone
		return t.emit(api.EventTicketRouteChanged, zone, api.EventData{Ticket: &out})
	})
	if err != nil {
		return api.Ticket{}, err
	}
	if out, err = s.withRouteDetail(ctx, s.r, c, out, r); err != nil {
		return api.Ticket{}, dbErr(err)
	}
	out, err = s.withPosition(ctx, c, out, nil)
	out.OfficerID = ""
	return out, dbErr(err)
}

// returnUntil is when a no-show ticket stops being returnable (ok false:
// not returnable at all).
func (s *Store) returnUntil(c *catalog, r row) (time.Time, bool) {
	win := c.site.Visits.ReturnWindow()
	if r.State != api.StateNoShow || win <= 0 || !r.finished.Valid {
		return time.Time{}, false
	}
	now := s.clock.Now()
	until := time.UnixMilli(r.finished.Int64).Add(win).In(c.loc)
	if r.Day != queue.LocalDay(now, c.loc) || now.After(until) {
		return time.Time{}, false
	}
	return until, true
}

// Return puts a no-show ticket back in line, within the site's return
// window of the no-show and on the same day, at the back of its class in
// the same service and step (queue.ReturnQueueTime); the rest of its route
// follows as planned. An officer of a counter serving the service, an
// admin, or a kiosk (which holds the ticket's id from its QR code) may.
func (s *Store) Return(ctx context.Context, p store.Principal, ticketID string) (api.Ticket, error) {
	var out api.Ticket
	var c *catalog
	err := s.write(ctx, func(t *wtx) error {
		c = t.catalog()
		r, err := getTicket(t.ctx, t, c, ticketID)
		if err != nil {
			return err
		}
		if p.Role != api.RoleKiosk {
			if err := mayTouch(p, c, r); err != nil {
				return err
			}
		}
		if r.State != api.StateNoShow {
			return api.Errorf(api.CodeInvalidState, "ticket %s is %s; only a no-show can return", r.Number, r.State)
		}
		win := c.site.Visits.ReturnWindow()
		switch {
		case win <= 0:
			return api.Errorf(api.CodeInvalidState, "this site does not put no-shows back in line")
		case r.Day != queue.LocalDay(t.now, c.loc) || !r.finished.Valid || t.now.Sub(time.UnixMilli(r.finished.Int64)) > win:
			return api.Errorf(api.CodeInvalidState, "ticket %s missed its call more than %d minutes ago; please take a new number",
				r.Number, int(win/time.Minute))
		}
		sv, ok := c.service[r.ServiceID]
		if !ok {
			return &api.Error{Code: api.CodeNotFound, Detail: "no service " + r.ServiceID}
		}
		key := r.visitKey()
		from, err := t.archive(r.ID, key)
		if err != nil {
			return err
		}
		r.visitID = key
		tk, err := t.succeed(c, r, from, sv, r.Step, r.route, api.OriginReturn, queue.ReturnQueueTime(t.now))
		if err != nil {
			return err
		}
		w, err := waitingCount(t.ctx, t, tk.Day, sv.ID)
		if err != nil {
			return err
		}
		out = tk
		return t.emit(api.EventTicketReturned, tk.Zone, api.EventData{Ticket: &tk, Waiting: w})
	})
	if err != nil {
		return api.Ticket{}, err
	}
	out, err = s.withPosition(ctx, c, out, nil)
	out.OfficerID = ""
	return out, dbErr(err)
}

// currentVisit is the counter view's visit of its current ticket, when
// there is more to it than the ticket (several steps, or notes).
func (s *Store) currentVisit(ctx context.Context, q querier, c *catalog, r row) (*api.Visit, error) {
	key := r.visitKey()
	if len(r.route) <= 1 {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM ticket_notes WHERE visit_id = ?`, key).Scan(&n); err != nil || n == 0 {
			return nil, err
		}
	}
	rows, err := visitRows(ctx, q, c, key)
	if err != nil {
		return nil, err
	}
	v, err := s.visitOf(ctx, q, c, r, rows)
	return &v, err
}

// stepIDs are the services of a route.
func stepIDs(route []api.Step) []string {
	out := make([]string, len(route))
	for i, st := range route {
		out[i] = st.ServiceID
	}
	return out
}

// rateTarget is the step a survey about ticket row r rates: a visit rates
// each finished step once, the latest finished first. r itself when it is
// finished and not rated yet (every single-service ticket), else the
// newest finished, unrated row of its visit, else r (so the caller's
// check says why it cannot be rated).
func rateTarget(ctx context.Context, q querier, c *catalog, r row) (row, error) {
	if r.State == api.StateDone {
		if done, err := answered(ctx, q, r.ID); err != nil || !done {
			return r, err
		}
	}
	if len(r.route) <= 1 && r.visitID == "" {
		return r, nil
	}
	nr, err := scanTicket(q.QueryRowContext(ctx, `SELECT `+ticketCols+` FROM tickets
		WHERE (id = ?1 OR visit_id = ?1) AND state = 'done' AND id NOT IN (SELECT ticket_id FROM surveys WHERE ticket_id = tickets.id)
		ORDER BY finished_at DESC, rowid DESC LIMIT 1`, r.visitKey()), c.loc)
	if err == sql.ErrNoRows {
		return r, nil
	}
	return nr, err
}

// routeMark is where a waiting ticket of a visit is in its route, for the
// officer's list ("2/3", returned).
type routeMark struct {
	step, steps int
	origin      string
}

// routeMarks are the marks of today's waiting visit tickets of some
// services (tickets of a single service with no history need none).
func routeMarks(ctx context.Context, q querier, day string, serviceIDs []string) (map[string]routeMark, error) {
	if len(serviceIDs) == 0 {
		return nil, nil
	}
	args := []any{day}
	for _, id := range serviceIDs {
		args = append(args, id)
	}
	rows, err := q.QueryContext(ctx, `SELECT id, step, route, origin FROM tickets
		WHERE day = ? AND state = 'waiting' AND service_id IN (?`+strings.Repeat(",?", len(serviceIDs)-1)+`) AND (route <> '' OR origin <> '')`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]routeMark{}
	for rows.Next() {
		var id, route string
		var m routeMark
		if err := rows.Scan(&id, &m.step, &route, &m.origin); err != nil {
			return nil, err
		}
		m.steps = max(len(parseRoute(route)), 1)
		out[id] = m
	}
	return out, rows.Err()
}
