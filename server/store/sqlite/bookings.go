package sqlite

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"antrean/server/config"
	"antrean/server/queue"
	"antrean/server/store"
	"antrean/shared/api"
)

// Online booking ("antrean online"). A booking holds a place in a slot of
// a service's day until the citizen checks in at a kiosk; check-in issues
// a ticket numbered like any other whose due_at is the slot's start, which
// puts it in the booked class of the queue order (queue.Line). Bookings
// take their places from the share of the daily quota reserved for them;
// walk-ins never take a reserved place while a booking may still use it
// (queue.Held). Names and phone numbers live only in the bookings table:
// tickets, events and the board never carry them.

// ---- slots ----

// slotCache keeps the slots of each service and day for the catalog they
// were computed from (a new catalog starts afresh): laying a day out scans
// its minutes, and walk-in issue asks for today's slots every time.
type slotCache struct {
	mu  sync.Mutex
	cat *catalog
	m   map[string]cachedSlots
}

type cachedSlots struct {
	slots  []queue.Slot
	reason api.ClosedReason
}

// daySlots are the booking slots of a service on a local day.
func (s *Store) daySlots(c *catalog, sv api.Service, day string) ([]queue.Slot, api.ClosedReason, error) {
	if sv.Booking == nil {
		return nil, api.ReasonNotBookable, nil
	}
	key := sv.ID + "|" + day
	sc := &s.slots
	sc.mu.Lock()
	if sc.cat != c || len(sc.m) > 4096 {
		sc.cat, sc.m = c, map[string]cachedSlots{}
	}
	got, ok := sc.m[key]
	sc.mu.Unlock()
	if ok {
		return got.slots, got.reason, nil
	}
	midnight, err := time.ParseInLocation("2006-01-02", day, c.loc)
	if err != nil {
		return nil, "", invalid("date %q is not YYYY-MM-DD", day)
	}
	slots, reason := queue.DaySlots(c.rules(sv), *sv.Booking, midnight)
	sc.mu.Lock()
	if sc.cat == c {
		sc.m[key] = cachedSlots{slots, reason}
	}
	sc.mu.Unlock()
	return slots, reason, nil
}

// slotUse counts the bookings holding places per slot of a service's day.
// A late arrival got a walk-in ticket and holds no reserved place.
func slotUse(ctx context.Context, q querier, serviceID, day string) (map[int64]queue.SlotUse, error) {
	rows, err := q.QueryContext(ctx, `SELECT slot_start, state, COUNT(*) FROM bookings
		WHERE service_id = ? AND day = ? AND state IN ('booked','checked_in') AND late = 0 GROUP BY slot_start, state`, serviceID, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]queue.SlotUse{}
	for rows.Next() {
		var start int64
		var st string
		var n int
		if err := rows.Scan(&start, &st, &n); err != nil {
			return nil, err
		}
		u := out[start]
		if st == string(api.BookingBooked) {
			u.Pending += n
		} else {
			u.CheckedIn += n
		}
		out[start] = u
	}
	return out, rows.Err()
}

// bookingHeld is how many places of today's quota are held for bookings
// at now beyond those already checked in (queue.Held): walk-in issue and
// the catalog count them as taken.
func (s *Store) bookingHeld(ctx context.Context, q querier, c *catalog, sv api.Service, now time.Time) (int, error) {
	if sv.Booking == nil || sv.DailyQuota <= 0 {
		return 0, nil
	}
	day := queue.LocalDay(now, c.loc)
	slots, _, err := s.daySlots(c, sv, day)
	if err != nil || len(slots) == 0 {
		return 0, err
	}
	use, err := slotUse(ctx, q, sv.ID, day)
	if err != nil {
		return 0, err
	}
	return queue.Held(queue.Reserved(sv.DailyQuota, *sv.Booking), slots, use, *sv.Booking, now), nil
}

// ---- the booked class in the queue (see tickets.go) ----

// bookedHead is the booked ticket of a service that goes first: the
// earliest slot (queue.Before's order).
func bookedHead(ctx context.Context, q querier, day, serviceID string) (*queue.Candidate, error) {
	var c queue.Candidate
	var pr string
	var issued, due int64
	err := q.QueryRowContext(ctx, `SELECT id, number, service_id, priority, issued_at, seq, due_at FROM tickets
		WHERE day = ? AND service_id = ? AND state = 'waiting' AND due_at IS NOT NULL
		ORDER BY due_at, MAX(issued_at, due_at), seq, id LIMIT 1`, day, serviceID).
		Scan(&c.ID, &c.Number, &c.ServiceID, &pr, &issued, &c.Seq, &due)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c.Class = api.Priority(pr)
	c.Priority = c.Class.IsPriority()
	c.IssuedAt, c.Due = time.UnixMilli(issued), time.UnixMilli(due)
	return &c, nil
}

// bookedWaiting are the waiting booked tickets of a pool's services (few:
// at most what the slots hold), from a small partial index.
func bookedWaiting(ctx context.Context, q querier, day string, serviceIDs []string) ([]queue.Candidate, error) {
	if len(serviceIDs) == 0 {
		return nil, nil
	}
	args := []any{day}
	for _, id := range serviceIDs {
		args = append(args, id)
	}
	rows, err := q.QueryContext(ctx, `SELECT id, issued_at, seq, due_at FROM tickets INDEXED BY tickets_booked_waiting
		WHERE day = ? AND state = 'waiting' AND due_at IS NOT NULL AND service_id IN (?`+strings.Repeat(",?", len(serviceIDs)-1)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []queue.Candidate
	for rows.Next() {
		var c queue.Candidate
		var issued, due int64
		if err := rows.Scan(&c.ID, &issued, &c.Seq, &due); err != nil {
			return nil, err
		}
		c.IssuedAt, c.Due = time.UnixMilli(issued), time.UnixMilli(due)
		out = append(out, c)
	}
	return out, rows.Err()
}

// takesBookings reports whether any of the services takes bookings: only
// then do positions look for booked tickets (the issue path stays as cheap
// as before elsewhere). A service whose booking was switched off while
// booked tickets wait counts them as regular tickets in positions until
// the next day; call-next still finds them (bookedHead runs always).
func (c *catalog) takesBookings(serviceIDs []string) bool {
	for _, id := range serviceIDs {
		if c.service[id].Booking != nil {
			return true
		}
	}
	return false
}

// candidateOf is a ticket as the queue order sees it.
func candidateOf(t api.Ticket) queue.Candidate {
	c := queue.Candidate{ID: t.ID, Priority: t.Priority.IsPriority(), IssuedAt: t.IssuedAt, Seq: t.Seq, Class: t.Priority}
	if t.BookedSlot != nil {
		c.Due = *t.BookedSlot
	}
	return c
}

// bookedSlot is a waiting-list entry's booked slot (nil for a walk-in).
func bookedSlot(c queue.Candidate, loc *time.Location) *time.Time {
	if c.Due.IsZero() {
		return nil
	}
	d := c.Due.In(loc)
	return &d
}

// issuedBefore is poolCounts' order: issued_at, seq, id.
func issuedBefore(a, b queue.Candidate) bool {
	if !a.IssuedAt.Equal(b.IssuedAt) {
		return a.IssuedAt.Before(b.IssuedAt)
	}
	if a.Seq != b.Seq {
		return a.Seq < b.Seq
	}
	return a.ID < b.ID
}

// withBooked sorts the pool's booked tickets into their classes: poolCounts
// counts them (priority 'none') as regular tickets by issue order, from the
// index alone; here the few booked ones are taken out again and counted as
// booked (slot begun by now) or as regular by their slot's start.
func withBooked(ctx context.Context, c *catalog, q querier, pool queue.Pool, t api.Ticket, n counts, now time.Time) (counts, error) {
	if t.BookedSlot == nil && !c.takesBookings(pool.ServiceIDs) {
		return n, nil
	}
	bs, err := bookedWaiting(ctx, q, t.Day, pool.ServiceIDs)
	if err != nil || (len(bs) == 0 && t.BookedSlot == nil) {
		return n, err
	}
	l := queue.Line{Now: now}
	me := candidateOf(t)
	mine := l.ClassOf(me)
	walkR, walkROlder := n.rAll, n.rOlder
	var notDue, notDueBefore int
	n.dAll, n.dOlder = 0, 0
	for _, b := range bs {
		if b.ID == t.ID {
			continue
		}
		walkR--
		if issuedBefore(b, me) {
			walkROlder--
		}
		switch l.ClassOf(b) {
		case queue.ClassBooked:
			n.dAll++
			if mine == queue.ClassBooked && queue.Before(b, me) {
				n.dOlder++
			}
		default:
			notDue++
			if mine == queue.ClassRegular && queue.Before(b, me) {
				notDueBefore++
			}
		}
	}
	n.rAll = walkR + notDue
	n.rOlder = walkROlder + notDueBefore
	if t.BookedSlot != nil && mine == queue.ClassRegular {
		// Waiting for its slot: behind every walk-in (all came before it).
		n.rOlder = walkR + notDueBefore
	}
	return n, nil
}

// newTicketBooked corrects the counts of a walk-in just issued (from the
// trigger-kept waiting counts, which count booked tickets as regular):
// booked tickets whose slot began are a class of their own, the others
// queue behind the new ticket.
func newTicketBooked(ctx context.Context, t *wtx, c *catalog, pool queue.Pool, tk api.Ticket, n *counts) error {
	if !c.takesBookings(pool.ServiceIDs) {
		return nil
	}
	bs, err := bookedWaiting(ctx, t, tk.Day, pool.ServiceIDs)
	if err != nil || len(bs) == 0 {
		return err
	}
	due := 0
	for _, b := range bs {
		if !b.Due.After(tk.IssuedAt) {
			due++
		}
	}
	if !tk.Priority.IsPriority() {
		n.rOlder -= len(bs)
	}
	n.rAll -= due
	n.dAll = due
	return nil
}

// ---- rows and views ----

const bookingCols = `b.code, b.service_id, b.day, b.slot_start, b.slot_minutes, b.state, b.name, b.phone, b.addr,
	b.created_at, b.checked_in_at, b.cancelled_at, b.ticket_id, b.late, b.erased, COALESCE(t.number, '')`

const bookingFrom = ` FROM bookings b LEFT JOIN tickets t ON t.id = b.ticket_id `

type bookingRow struct {
	code, serviceID, day   string
	slotStart              int64
	slotMinutes            int
	state                  api.BookingState
	name, phone, addr      string
	created                int64
	checkedIn, cancelled   sql.NullInt64
	ticketID, ticketNumber string
	late, erased           bool
}

func scanBooking(sc scanner) (bookingRow, error) {
	var b bookingRow
	var st string
	err := sc.Scan(&b.code, &b.serviceID, &b.day, &b.slotStart, &b.slotMinutes, &st, &b.name, &b.phone, &b.addr,
		&b.created, &b.checkedIn, &b.cancelled, &b.ticketID, &b.late, &b.erased, &b.ticketNumber)
	b.state = api.BookingState(st)
	return b, err
}

func getBooking(ctx context.Context, q querier, code string) (bookingRow, error) {
	b, err := scanBooking(q.QueryRowContext(ctx, `SELECT `+bookingCols+bookingFrom+`WHERE b.code = ?`, code))
	if err == sql.ErrNoRows {
		return b, &api.Error{Code: api.CodeNotFound, Detail: "no booking " + code}
	}
	return b, err
}

// bookingRules are a service's booking rules, or the defaults when it
// stopped taking bookings (its bookings keep their windows).
func (c *catalog) bookingRules(serviceID string) api.BookingRules {
	if sv, ok := c.service[serviceID]; ok && sv.Booking != nil {
		return sv.Booking.WithDefaults()
	}
	return api.BookingRules{}.WithDefaults()
}

func (c *catalog) bookingLimits() api.BookingLimits {
	if c.site.Booking != nil {
		return c.site.Booking.WithDefaults()
	}
	return api.BookingLimits{}.WithDefaults()
}

// view is a booking as the API shows it: masked unless full (officers of
// its service, admins).
func (c *catalog) view(b bookingRow, full bool) api.Booking {
	rules := c.bookingRules(b.serviceID)
	start := time.UnixMilli(b.slotStart).In(c.loc)
	from, until := queue.CheckInWindow(start, rules)
	v := api.Booking{Code: b.code, ServiceID: b.serviceID, Date: b.day, SlotStart: start,
		SlotEnd: start.Add(time.Duration(b.slotMinutes) * time.Minute), CheckInFrom: from, CheckInUntil: until,
		Late: rules.Late, State: b.state, Name: b.name, Phone: b.phone, CreatedAt: time.UnixMilli(b.created).In(c.loc),
		CheckedInAt: nullMs(b.checkedIn, c.loc), CancelledAt: nullMs(b.cancelled, c.loc), LateArrival: b.late,
		TicketNumber: b.ticketNumber}
	if sv, ok := c.service[b.serviceID]; ok {
		v.ServiceName, v.AgencyID = sv.Name, sv.AgencyID
		v.AgencyName = c.agency[sv.AgencyID].Name
	}
	if full {
		v.TicketID = b.ticketID
	} else {
		v.Name, v.Phone, v.Masked = queue.MaskName(b.name), queue.MaskPhone(b.phone), true
	}
	return v
}

// bookingOfTicket is the booking a booked ticket came from, in full (for
// the officer serving it); nil for a walk-in.
func bookingOfTicket(ctx context.Context, q querier, c *catalog, t api.Ticket) (*api.Booking, error) {
	if t.BookedSlot == nil {
		return nil, nil
	}
	b, err := scanBooking(q.QueryRowContext(ctx, `SELECT `+bookingCols+bookingFrom+`WHERE b.ticket_id = ?`, t.ID))
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	v := c.view(b, true)
	return &v, nil
}

// ---- public: services, slots, booking ----

// BookingCatalog lists the active services that take bookings.
func (s *Store) BookingCatalog(ctx context.Context) (api.BookingCatalog, error) {
	c := s.snapshot()
	out := api.BookingCatalog{SiteName: c.site.Name, CallCenter: c.site.CallCenter, Timezone: c.loc.String(),
		Today: queue.LocalDay(s.clock.Now(), c.loc), RetentionDays: c.bookingLimits().RetentionDays,
		Agencies: []api.Agency{}, Services: []api.BookableService{}}
	agencies := map[string]bool{}
	for _, sv := range c.services {
		if sv.Booking == nil || !sv.Active {
			continue
		}
		b := sv.Booking.WithDefaults()
		out.Services = append(out.Services, api.BookableService{ID: sv.ID, AgencyID: sv.AgencyID, Name: sv.Name,
			SlotMinutes: b.SlotMinutes, DaysAhead: b.DaysAhead, CheckInBefore: b.CheckInBefore, CheckInAfter: b.CheckInAfter, Late: b.Late})
		agencies[sv.AgencyID] = true
	}
	for _, a := range c.agencies {
		if agencies[a.ID] {
			out.Agencies = append(out.Agencies, a)
		}
	}
	return out, nil
}

// bookableDay checks a date against a service's booking horizon: today up
// to DaysAhead days ahead.
func bookableDay(c *catalog, sv api.Service, date string, now time.Time) (api.ClosedReason, error) {
	d, err := time.ParseInLocation("2006-01-02", date, c.loc)
	if err != nil {
		return "", invalid("date %q is not YYYY-MM-DD", date)
	}
	if sv.Booking == nil || !sv.Active {
		return api.ReasonNotBookable, nil
	}
	today := queue.LocalDay(now, c.loc)
	last := queue.LocalDay(d, c.loc) // normalised
	if last < today {
		return api.ReasonPast, nil
	}
	y, m, dd := now.In(c.loc).Date()
	horizon := time.Date(y, m, dd+sv.Booking.WithDefaults().DaysAhead, 0, 0, 0, 0, c.loc)
	if d.After(horizon) {
		return api.ReasonTooFar, nil
	}
	return api.ReasonNone, nil
}

// BookingSlots is a service's day with the free places of each slot.
func (s *Store) BookingSlots(ctx context.Context, serviceID, date string) (api.BookingDay, error) {
	c := s.snapshot()
	sv, ok := c.service[serviceID]
	if !ok {
		return api.BookingDay{}, notFound("no service %s", serviceID)
	}
	now := s.clock.Now().In(c.loc)
	if date == "" {
		date = queue.LocalDay(now, c.loc)
	}
	out := api.BookingDay{ServiceID: sv.ID, ServiceName: sv.Name, AgencyName: c.agency[sv.AgencyID].Name, Date: date,
		Slots: []api.BookingSlot{}, DayFree: -1}
	reason, err := bookableDay(c, sv, date, now)
	if err != nil {
		return out, err
	}
	if reason != "" {
		out.ClosedReason = reason
		return out, nil
	}
	b := sv.Booking.WithDefaults()
	out.SlotMinutes = b.SlotMinutes
	slots, reason, err := s.daySlots(c, sv, date)
	if err != nil {
		return out, err
	}
	if len(slots) == 0 {
		out.ClosedReason = reason
		return out, nil
	}
	use, err := slotUse(ctx, s.r, sv.ID, date)
	if err != nil {
		return out, dbErr(err)
	}
	if r := queue.Reserved(sv.DailyQuota, b); r >= 0 {
		held := 0
		for _, u := range use {
			held += u.Pending + u.CheckedIn
		}
		out.DayFree = max(0, r-held)
	}
	for _, sl := range slots {
		u := use[sl.Start.UnixMilli()]
		bs := api.BookingSlot{Time: sl.Clock(), Start: sl.Start, End: sl.End, Capacity: b.PerSlot,
			Free: max(0, b.PerSlot-u.Pending-u.CheckedIn)}
		switch {
		case !now.Before(sl.Start):
			bs.Reason = api.ReasonPast
		case bs.Free == 0:
			bs.Reason = api.ReasonSlotFull
		case out.DayFree == 0:
			bs.Reason = api.ReasonDayFull
		default:
			bs.Open = true
		}
		out.Slots = append(out.Slots, bs)
	}
	return out, nil
}

// bookingHash identifies a request's content for the idempotency check
// without keeping another copy of the name and phone number.
func bookingHash(req api.BookingRequest) string {
	h := sha256.Sum256([]byte(strings.Join([]string{req.ServiceID, req.Date, req.Slot, req.Name, req.Phone}, "\x00")))
	return hex.EncodeToString(h[:])
}

// untilMidnight is how long until the next local day begins.
func untilMidnight(now time.Time, loc *time.Location) time.Duration {
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, loc).Sub(now)
}

// Book makes a booking. Everything it decides on (the slot's places, the
// day's share, the limits, the one pending booking per phone, service and
// day) is read inside the write, so two citizens racing for the last place
// cannot both get it.
func (s *Store) Book(ctx context.Context, key, addr string, req api.BookingRequest) (api.Booking, bool, error) {
	switch {
	case key == "" || len(key) > 128:
		return api.Booking{}, false, invalid("Idempotency-Key header is required (at most 128 characters)")
	case req.ServiceID == "":
		return api.Booking{}, false, invalid("service_id is required")
	}
	if _, err := queue.ParseClock(req.Slot); err != nil {
		return api.Booking{}, false, invalid("slot %q is not a slot's time HH:MM", req.Slot)
	}
	req.Name = queue.CleanName(req.Name)
	if n := utf8.RuneCountInString(req.Name); n < 2 || n > config.MaxName {
		return api.Booking{}, false, invalid("name: 2 to %d characters", config.MaxName)
	}
	if err := config.CheckText("name", req.Name, config.MaxName); err != nil {
		return api.Booking{}, false, err
	}
	phone, err := queue.NormalizePhone(req.Phone)
	if err != nil {
		return api.Booking{}, false, err
	}
	req.Phone = phone
	reqHash := bookingHash(req)

	var out bookingRow
	var c *catalog
	var retry time.Duration
	created := false
	err = s.write(ctx, func(t *wtx) error {
		c = t.catalog()
		var prevHash, prevCode string
		err := t.QueryRowContext(ctx, `SELECT request_hash, code FROM bookings WHERE idem_key = ?`, key).Scan(&prevHash, &prevCode)
		if err == nil {
			if prevHash != reqHash {
				return conflict("Idempotency-Key was already used for a different booking")
			}
			out, err = getBooking(ctx, t, prevCode)
			return err
		}
		if err != sql.ErrNoRows {
			return err
		}
		sv, ok := c.service[req.ServiceID]
		if !ok {
			return notFound("no service %s", req.ServiceID)
		}
		now := t.now.In(c.loc)
		closed := func(r api.ClosedReason, format string, args ...any) error {
			e := api.Errorf(api.CodeServiceClosed, format, args...)
			e.Reason = r
			return e
		}
		reason, err := bookableDay(c, sv, req.Date, now)
		if err != nil {
			return err
		}
		switch reason {
		case api.ReasonNone:
		case api.ReasonNotBookable:
			return closed(reason, "%s takes no online bookings", sv.Name)
		default:
			return closed(reason, "%s cannot be booked for %s (%s)", sv.Name, req.Date, reason)
		}
		slots, reason, err := s.daySlots(c, sv, req.Date)
		if err != nil {
			return err
		}
		if len(slots) == 0 {
			return closed(reason, "%s has no slots on %s (%s)", sv.Name, req.Date, reason)
		}
		var slot *queue.Slot
		for i := range slots {
			if slots[i].Clock() == req.Slot {
				slot = &slots[i]
			}
		}
		if slot == nil {
			return invalid("%s has no slot at %s on %s", sv.Name, req.Slot, req.Date)
		}
		if !now.Before(slot.Start) {
			return closed(api.ReasonPast, "the slot at %s has begun", req.Slot)
		}
		// Limits per phone number and per address, per day of booking.
		today := queue.LocalDay(now, c.loc)
		lim := c.bookingLimits()
		var n int
		if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM bookings WHERE phone = ? AND made_day = ?`, req.Phone, today).Scan(&n); err != nil {
			return err
		}
		if n >= lim.PerPhonePerDay {
			retry = untilMidnight(now, c.loc)
			return api.Errorf(api.CodeRateLimited, "this phone number made %d bookings today, the most allowed; try again tomorrow", n)
		}
		if addr != "" {
			if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM bookings WHERE addr = ? AND made_day = ?`, addr, today).Scan(&n); err != nil {
				return err
			}
			if n >= lim.PerAddressPerDay {
				retry = untilMidnight(now, c.loc)
				return api.Errorf(api.CodeRateLimited, "too many bookings from this network today; try again tomorrow")
			}
		}
		// No hoarding: one pending booking per phone, service and day.
		if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM bookings WHERE phone = ? AND service_id = ? AND day = ? AND state = 'booked'`,
			req.Phone, sv.ID, req.Date).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return conflict("this phone number already has a booking for %s on %s; cancel it first to choose another time", sv.Name, req.Date)
		}
		b := sv.Booking.WithDefaults()
		use, err := slotUse(ctx, t, sv.ID, req.Date)
		if err != nil {
			return err
		}
		if u := use[slot.Start.UnixMilli()]; u.Pending+u.CheckedIn >= b.PerSlot {
			return &api.Error{Code: api.CodeQuotaFull, Reason: api.ReasonSlotFull, Detail: "the slot at " + req.Slot + " is fully booked"}
		}
		if r := queue.Reserved(sv.DailyQuota, b); r >= 0 {
			held := 0
			for _, u := range use {
				held += u.Pending + u.CheckedIn
			}
			if held >= r {
				return &api.Error{Code: api.CodeQuotaFull, Reason: api.ReasonDayFull, Detail: "the places for bookings on " + req.Date + " are taken"}
			}
		}
		code := ""
		for try := 0; try < 20 && code == ""; try++ {
			cand := queue.NewBookingCode()
			if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM bookings WHERE code = ?`, cand).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				code = cand
			}
		}
		if code == "" {
			return &api.Error{Code: api.CodeUnavailable, Detail: "no free booking code; try again"}
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO bookings(code, service_id, day, slot_start, slot_minutes, state, name, phone, addr,
			made_day, created_at, idem_key, request_hash) VALUES (?,?,?,?,?,'booked',?,?,?,?,?,?,?)`,
			code, sv.ID, req.Date, ms(slot.Start), b.SlotMinutes, req.Name, req.Phone, addr, today, ms(now), key, reqHash); err != nil {
			return err
		}
		created = true
		out, err = getBooking(ctx, t, code)
		return err
	})
	if err != nil {
		if retry > 0 && api.CodeOf(err) == api.CodeRateLimited {
			ae := &api.Error{Code: api.CodeRateLimited, Detail: err.Error()}
			errors.As(err, &ae)
			return api.Booking{}, false, &store.RetryAfterError{Err: ae, After: retry}
		}
		return api.Booking{}, false, err
	}
	return c.view(out, false), created, nil
}

// Booking is the public, masked view of one booking.
func (s *Store) Booking(ctx context.Context, code string) (api.Booking, error) {
	c := s.snapshot()
	norm := queue.NormalizeBookingCode(code)
	if norm == "" {
		return api.Booking{}, notFound("no booking %s", code)
	}
	b, err := getBooking(ctx, s.r, norm)
	if err != nil {
		return api.Booking{}, dbErr(err)
	}
	return c.view(b, false), nil
}

// CancelBooking cancels a booking that is not checked in yet; the last
// four digits of its phone number prove the citizen holds it.
func (s *Store) CancelBooking(ctx context.Context, code, last4 string) (api.Booking, error) {
	norm := queue.NormalizeBookingCode(code)
	if norm == "" {
		return api.Booking{}, notFound("no booking %s", code)
	}
	last4 = strings.TrimSpace(last4)
	if len(last4) != 4 || strings.Trim(last4, "0123456789") != "" {
		return api.Booking{}, invalid("phone_last4: the last 4 digits of the phone number")
	}
	var out bookingRow
	var c *catalog
	err := s.write(ctx, func(t *wtx) error {
		c = t.catalog()
		b, err := getBooking(ctx, t, norm)
		if err != nil {
			return err
		}
		// The proof first: without it, say nothing about the booking.
		if b.erased || len(b.phone) < 4 || subtle.ConstantTimeCompare([]byte(b.phone[len(b.phone)-4:]), []byte(last4)) != 1 {
			return &api.Error{Code: api.CodeWrongCheck, Detail: "the last 4 digits do not match the booking's phone number"}
		}
		switch b.state {
		case api.BookingCheckedIn:
			return api.Errorf(api.CodeInvalidState, "booking %s is checked in already (ticket %s)", norm, b.ticketNumber)
		case api.BookingCancelled:
			return api.Errorf(api.CodeInvalidState, "booking %s is cancelled already", norm)
		case api.BookingNoShow:
			return api.Errorf(api.CodeInvalidState, "the day of booking %s is over", norm)
		}
		if _, err := t.ExecContext(ctx, `UPDATE bookings SET state = 'cancelled', cancelled_at = ? WHERE code = ? AND state = 'booked'`,
			ms(t.now), norm); err != nil {
			return err
		}
		out, err = getBooking(ctx, t, norm)
		return err
	})
	if err != nil {
		return api.Booking{}, err
	}
	return c.view(out, false), nil
}

// ---- check-in at the kiosk ----

// CheckIn turns a booking into a ticket. Inside the window it is a booked
// ticket (due at the slot's start); after it, a late arrival gets a
// walk-in ticket when the service's rule says so (as any walk-in: hours,
// quota and staffed counters apply) or is refused. A repeat — a second
// scan, a retry — returns the ticket of the first.
func (s *Store) CheckIn(ctx context.Context, p store.Principal, code string) (api.CheckIn, bool, error) {
	norm := queue.NormalizeBookingCode(code)
	if norm == "" {
		return api.CheckIn{}, false, notFound("no booking %s", code)
	}
	var out api.CheckIn
	var b bookingRow
	var c *catalog
	created := false
	err := s.write(ctx, func(t *wtx) error {
		c = t.catalog()
		var err error
		if b, err = getBooking(ctx, t, norm); err != nil {
			return err
		}
		switch b.state {
		case api.BookingCheckedIn:
			r, err := getTicket(ctx, t, c, b.ticketID)
			if err != nil {
				return err
			}
			out.Ticket = c.fill(r.Ticket)
			out.Ticket.CheckCode, err = checkCodeOf(ctx, t, r.ID)
			out.Late = b.late
			return err
		case api.BookingCancelled:
			return api.Errorf(api.CodeInvalidState, "booking %s was cancelled", norm)
		case api.BookingNoShow:
			return api.Errorf(api.CodeInvalidState, "the day of booking %s is over", norm)
		}
		sv, ok := c.service[b.serviceID]
		if !ok {
			return notFound("the service of booking %s no longer exists", norm)
		}
		now := t.now.In(c.loc)
		outside := func(r api.ClosedReason, format string, args ...any) error {
			e := api.Errorf(api.CodeOutsideWindow, format, args...)
			e.Reason = r
			return e
		}
		if today := queue.LocalDay(now, c.loc); b.day != today {
			return outside(api.ReasonWrongDay, "booking %s is for %s, not today", norm, b.day)
		}
		rules := c.bookingRules(b.serviceID)
		start := time.UnixMilli(b.slotStart).In(c.loc)
		from, until := queue.CheckInWindow(start, rules)
		var due *time.Time
		switch queue.CheckInVerdict(now, start, rules) {
		case api.ReasonTooEarly:
			return outside(api.ReasonTooEarly, "check-in for the %s slot opens at %s", start.Format("15:04"), from.Format("15:04"))
		case api.ReasonTooLate:
			if rules.Late == api.LateRefuse {
				return outside(api.ReasonTooLate, "check-in for the %s slot closed at %s", start.Format("15:04"), until.Format("15:04"))
			}
			out.Late = true // a walk-in ticket, if walk-ins are taken now
		default:
			// The service must still serve at the slot's time: one switched
			// off, or a day closed since (a holiday), takes no one. (Not the
			// slot grid: the slot length may have changed since.)
			if reason, open := queue.SlotOpen(c.rules(sv), start); !open {
				e := api.Errorf(api.CodeServiceClosed, "%s does not serve the %s slot today (%s)", sv.Name, start.Format("15:04"), reason)
				e.Reason = reason
				return e
			}
			due = &start
		}
		if out.Ticket, err = t.issueForBooking(c, sv, p, due); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `UPDATE bookings SET state = 'checked_in', checked_in_at = ?, ticket_id = ?, late = ? WHERE code = ?`,
			ms(t.now), out.Ticket.ID, out.Late, norm); err != nil {
			return err
		}
		created = true
		b, err = getBooking(ctx, t, norm)
		return err
	})
	if err != nil {
		return api.CheckIn{}, false, err
	}
	out.Booking = c.view(b, false)
	code4 := out.Ticket.CheckCode
	if out.Ticket, err = s.withPosition(ctx, c, out.Ticket, nil); err != nil {
		return api.CheckIn{}, false, dbErr(err)
	}
	out.Ticket.CheckCode, out.Ticket.OfficerID = code4, ""
	return out, created, nil
}

// issueForBooking issues the ticket of a check-in: numbered in the day's
// sequence of its service like every ticket (the numbering of Issue), with
// due_at the slot's start; or, with due nil, a walk-in ticket for a late
// arrival, which must pass the walk-in rules first.
func (t *wtx) issueForBooking(c *catalog, sv api.Service, p store.Principal, due *time.Time) (api.Ticket, error) {
	ctx := t.ctx
	now := t.now.In(c.loc)
	day := queue.LocalDay(now, c.loc)
	var last, issued int
	err := t.QueryRowContext(ctx, `SELECT last_seq, issued FROM day_seq WHERE service_id = ? AND day = ?`, sv.ID, day).Scan(&last, &issued)
	if err == sql.ErrNoRows {
		start := sv.Start
		if start <= 0 {
			start = 1
		}
		last, issued = start-1, 0
	} else if err != nil {
		return api.Ticket{}, err
	}
	if due == nil {
		staffed, err := t.staffedSet()
		if err != nil {
			return api.Ticket{}, err
		}
		rules := c.rules(sv)
		rules.NoCounter = c.serving(sv.ID, staffed) == 0
		held, err := t.s.bookingHeld(ctx, t, c, sv, now)
		if err != nil {
			return api.Ticket{}, err
		}
		if reason, open := queue.Availability(rules, now, issued+held); !open {
			code := api.CodeServiceClosed
			if reason == api.ReasonQuotaFull {
				code = api.CodeQuotaFull
			}
			return api.Ticket{}, &api.Error{Code: code, Reason: reason,
				Detail: "too late for the booked slot, and " + sv.Name + " takes no walk-ins now (" + string(reason) + ")"}
		}
	} else if !sv.Active {
		return api.Ticket{}, &api.Error{Code: api.CodeServiceClosed, Reason: api.ReasonInactive, Detail: sv.Name + " is switched off"}
	}
	seq := last + 1
	if _, err := t.ExecContext(ctx, `INSERT INTO day_seq(service_id, day, last_seq, issued) VALUES (?,?,?,1)
		ON CONFLICT(service_id, day) DO UPDATE SET last_seq = excluded.last_seq, issued = issued + 1`, sv.ID, day, seq); err != nil {
		return api.Ticket{}, err
	}
	tk := api.Ticket{ID: NewID(16), Number: queue.FormatNumber(sv.Prefix, sv.Digits, seq), ServiceID: sv.ID,
		Seq: seq, Day: day, Priority: api.PriorityNone, State: api.StateWaiting, IssuedAt: now}
	var dueMs sql.NullInt64
	if due != nil {
		d := due.In(c.loc)
		tk.BookedSlot = &d
		dueMs = sql.NullInt64{Int64: ms(d), Valid: true}
	}
	code := newCheckCode()
	if _, err := t.ExecContext(ctx, `INSERT INTO tickets(id, number, service_id, seq, day, priority, state, issued_at, device_id, check_code, due_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?)`, tk.ID, tk.Number, tk.ServiceID, tk.Seq, tk.Day, string(tk.Priority), string(tk.State), ms(now),
		p.DeviceID, code, dueMs); err != nil {
		return api.Ticket{}, err
	}
	out := c.fill(tk)
	sw, err := waitingCount(ctx, t, day, sv.ID)
	if err != nil {
		return api.Ticket{}, err
	}
	// The event carries the ticket as every screen sees it: no name, no
	// phone, no check code.
	if err := t.emit(api.EventTicketIssued, out.Zone, api.EventData{Ticket: &out, Waiting: sw}); err != nil {
		return api.Ticket{}, err
	}
	out.CheckCode = code
	return out, nil
}

// ---- officers and admins ----

// servicesOf are the services an officer's counters serve (nil = all, for
// an admin).
func servicesOf(p store.Principal, c *catalog) map[string]bool {
	if p.Role == api.RoleAdmin {
		return nil
	}
	out := map[string]bool{}
	for _, id := range p.CounterIDs {
		for _, sid := range c.counter[id].ServiceIDs {
			out[sid] = true
		}
	}
	return out
}

// BookingsOf lists a day's bookings in full, for officers of their
// services and for admins.
func (s *Store) BookingsOf(ctx context.Context, p store.Principal, date, serviceID string) ([]api.Booking, error) {
	c := s.snapshot()
	if p.Role != api.RoleAdmin && p.Role != api.RoleOfficer {
		return nil, &api.Error{Code: api.CodeForbidden, Detail: "bookings are for officers and admins"}
	}
	if date == "" {
		date = queue.LocalDay(s.clock.Now(), c.loc)
	}
	if _, err := time.ParseInLocation("2006-01-02", date, c.loc); err != nil {
		return nil, invalid("date %q is not YYYY-MM-DD", date)
	}
	allowed := servicesOf(p, c)
	if serviceID != "" {
		if _, ok := c.service[serviceID]; !ok {
			return nil, notFound("no service %s", serviceID)
		}
		if allowed != nil && !allowed[serviceID] {
			return nil, &api.Error{Code: api.CodeForbidden, Detail: "service " + serviceID + " is not served at your counters"}
		}
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+bookingCols+bookingFrom+`WHERE b.day = ? AND (?2 = '' OR b.service_id = ?2)
		ORDER BY b.slot_start, b.created_at`, date, serviceID)
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	out := []api.Booking{}
	for rows.Next() {
		b, err := scanBooking(rows)
		if err != nil {
			return nil, dbErr(err)
		}
		if allowed == nil || allowed[b.serviceID] {
			out = append(out, c.view(b, true))
		}
	}
	return out, dbErr(rows.Err())
}

// ExportBookings is every booking of a phone number, in full, with the
// address it came from while that is still kept.
func (s *Store) ExportBookings(ctx context.Context, phone string) ([]api.Booking, error) {
	c := s.snapshot()
	norm, err := queue.NormalizePhone(phone)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+bookingCols+bookingFrom+`WHERE b.phone = ? ORDER BY b.day, b.slot_start`, norm)
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	out := []api.Booking{}
	for rows.Next() {
		b, err := scanBooking(rows)
		if err != nil {
			return nil, dbErr(err)
		}
		v := c.view(b, true)
		v.Address = b.addr
		out = append(out, v)
	}
	return out, dbErr(rows.Err())
}

// ---- the end of a day ----

// closeBookings runs when a day is over: bookings of past days never
// checked in become no-shows, the client addresses of bookings made before
// today (kept only for the daily limit) are erased, and names and phone
// numbers of bookings whose day is more than retention_days ago too.
func (s *Store) closeBookings(ctx context.Context, today string) error {
	c := s.snapshot()
	d, err := time.ParseInLocation("2006-01-02", today, c.loc)
	if err != nil {
		return err
	}
	cutoff := d.AddDate(0, 0, -c.bookingLimits().RetentionDays).Format("2006-01-02")
	return s.write(ctx, func(t *wtx) error {
		if _, err := t.ExecContext(ctx, `UPDATE bookings SET state = 'no_show' WHERE day < ? AND state = 'booked'`, today); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `UPDATE bookings SET addr = '' WHERE addr <> '' AND made_day < ?`, today); err != nil {
			return err
		}
		_, err := t.ExecContext(ctx, `UPDATE bookings SET name = '', phone = '', erased = 1 WHERE erased = 0 AND day < ?`, cutoff)
		return err
	})
}
