package queue

import (
	"sort"
	"time"

	"antrean/shared/api"
)

// The one answer to "who is next".
//
// A pool is a set of waiting tickets that one queue order applies to: the
// services of a counter (for call-next and the officer's list), or one
// service (for a ticket's public place when several counters serve it; see
// PoolFor). A pool has three classes: booked, priority and regular.
//
//   - Booked: tickets checked in from an online booking whose slot has
//     begun (Candidate.Due <= Line.Now). They go first, the earliest slot
//     first — but after BookedRun booked calls in a row while walk-ins
//     wait, the next call is a walk-in's. So a booked citizen is called at
//     the booked time, and walk-ins are never starved: while any wait, at
//     least one call in BookedRun+1 is theirs.
//   - Priority and regular: walk-ins. Within a class the oldest ticket goes
//     first (IssuedAt, then Seq, then ID; a transferred ticket keeps its
//     original IssuedAt). Between the two the pool's Interleave decides,
//     counting the classes of the pool's latest walk-in calls.
//   - A booked ticket checked in before its slot begins waits as a regular
//     ticket issued at its slot's start: behind everyone already waiting,
//     ahead of walk-ins who come after that time; an idle counter may call
//     it early.
//
// Line.Order, Line.Next and Line.Place all take their turns from one
// decision, Line.pick, so call-next, the console's list and the public
// position cannot disagree.

// MaxRecent is how many recent calls (and service durations) callers keep:
// enough for any sensible interleave cycle and for the rolling average.
const MaxRecent = 20

// Candidate is a waiting ticket as the queue order sees it.
type Candidate struct {
	ID       string
	Priority bool
	IssuedAt time.Time
	Seq      int
	// Due is a booked ticket's slot start (zero for a walk-in).
	Due time.Time
	// Filled by the store for lists; the order never looks at them.
	Number    string
	ServiceID string
	Class     api.Priority
}

// Class is a ticket's class in a line.
type Class int

const (
	ClassRegular Class = iota
	ClassPriority
	ClassBooked
	nClasses
)

// key is the time a ticket queues by within the priority and regular
// classes: its issue time, or, for a booked ticket waiting before its slot,
// its slot's start.
func (c Candidate) key() time.Time {
	if c.Due.After(c.IssuedAt) {
		return c.Due
	}
	return c.IssuedAt
}

// before is the order within one class: the earliest slot first among
// booked tickets, then the oldest key, then Seq, then ID.
func before(a, b Candidate) bool {
	if !a.Due.Equal(b.Due) && !a.Due.IsZero() && !b.Due.IsZero() {
		return a.Due.Before(b.Due)
	}
	ka, kb := a.key(), b.key()
	if !ka.Equal(kb) {
		return ka.Before(kb)
	}
	if a.Seq != b.Seq {
		return a.Seq < b.Seq
	}
	return a.ID < b.ID
}

// Before reports whether a goes before b when both are in one class.
func Before(a, b Candidate) bool { return before(a, b) }

// Line is the order of one pool: its interleave, the classes of its latest
// walk-in calls today (newest first, true = a priority call), the booking
// rule and the time that decides which booked tickets are due.
type Line struct {
	Interleave api.Interleave
	Recent     []bool
	// BookedRun is the most booked calls in a row while walk-ins wait
	// (0 = api.DefaultBookedInARow); BookedStreak is how many booked calls
	// the pool made since its latest walk-in call today.
	BookedRun    int
	BookedStreak int
	// Now: booked tickets whose slot began by Now are in the booked class.
	// A zero Now makes none due (they queue by their slot's start).
	Now time.Time
}

// ClassOf is the class c is in now.
func (l Line) ClassOf(c Candidate) Class {
	switch {
	case !c.Due.IsZero() && !l.Now.IsZero() && !c.Due.After(l.Now):
		return ClassBooked
	case c.Priority:
		return ClassPriority
	}
	return ClassRegular
}

func (l Line) bookedRun() int {
	if l.BookedRun > 0 {
		return l.BookedRun
	}
	return api.DefaultBookedInARow
}

// run is the newest streak of walk-in calls of one class.
type run struct {
	priority bool
	n        int // 0 = no calls yet
}

func runOf(recent []bool) run {
	if len(recent) == 0 {
		return run{}
	}
	r := run{priority: recent[0]}
	for _, p := range recent {
		if p != r.priority {
			break
		}
		r.n++
	}
	return r
}

func (r run) push(priority bool) run {
	if r.n > 0 && r.priority == priority {
		r.n++
		return r
	}
	return run{priority: priority, n: 1}
}

// state is where a line stands: its walk-in streak and its booked streak.
type state struct {
	walk   run
	booked int
}

func (l Line) start() state { return state{walk: runOf(l.Recent), booked: l.BookedStreak} }

func (st state) push(c Class) state {
	if c == ClassBooked {
		st.booked++
		return st
	}
	st.booked = 0
	st.walk = st.walk.push(c == ClassPriority)
	return st
}

// pick is the single decision of the queue order: given where the line
// stands and which classes have someone waiting (at least one does), which
// class is called next?
func (l Line) pick(st state, has [nClasses]bool) Class {
	walkIns := has[ClassPriority] || has[ClassRegular]
	if has[ClassBooked] && (!walkIns || st.booked < l.bookedRun()) {
		return ClassBooked
	}
	if l.turn(st.walk, has[ClassPriority], has[ClassRegular]) {
		return ClassPriority
	}
	return ClassRegular
}

// turn decides between the walk-in classes: given the current streak and
// whether each class has someone waiting, is the next call a priority
// ticket?
func (l Line) turn(r run, prioWaiting, regWaiting bool) bool {
	switch {
	case !prioWaiting:
		return false
	case !regWaiting:
		return true
	}
	il := l.Interleave
	if il.Regular <= 0 {
		return true // priority always first
	}
	p := il.Priority
	if p <= 0 {
		p = 1
	}
	switch {
	case r.n == 0:
		return true
	case r.priority:
		return r.n < p
	default:
		return r.n >= il.Regular
	}
}

// Order returns cands in the order repeated call-next takes them at l.Now
// (cands is not modified). The officer's waiting list is a prefix of it.
func (l Line) Order(cands []Candidate) []Candidate {
	var by [nClasses][]Candidate
	for _, c := range cands {
		k := l.ClassOf(c)
		by[k] = append(by[k], c)
	}
	for k := range by {
		sortClass(by[k])
	}
	out := make([]Candidate, 0, len(cands))
	st := l.start()
	var at [nClasses]int
	for len(out) < len(cands) {
		var has [nClasses]bool
		for k := range by {
			has[k] = at[k] < len(by[k])
		}
		k := l.pick(st, has)
		out = append(out, by[k][at[k]])
		at[k]++
		st = st.push(k)
	}
	return out
}

// Next is the index in cands of the ticket call-next takes, or -1 when
// cands is empty: the head of Order, found without sorting (so cands may
// be just the head of each class of each service).
func (l Line) Next(cands []Candidate) int {
	best := [nClasses]int{-1, -1, -1}
	for i, c := range cands {
		k := l.ClassOf(c)
		if best[k] < 0 || before(c, cands[best[k]]) {
			best[k] = i
		}
	}
	var has [nClasses]bool
	any := false
	for k := range best {
		has[k] = best[k] >= 0
		any = any || has[k]
	}
	if !any {
		return -1
	}
	return best[l.pick(l.start(), has)]
}

// Place is the 1-based place in Order of a walk-in ticket of class priority
// that has aheadInClass tickets of its own class before it, when other
// tickets of the other walk-in class wait and no booked ticket is due.
func (l Line) Place(priority bool, aheadInClass, other int) int {
	var waiting [nClasses]int
	mine := ClassRegular
	if priority {
		mine = ClassPriority
		waiting[ClassRegular] = other
	} else {
		waiting[ClassPriority] = other
	}
	return l.PlaceIn(mine, aheadInClass, waiting)
}

// PlaceIn is the 1-based place in Order of a ticket of class mine that has
// aheadInClass tickets of its class before it, when waiting[k] tickets of
// each other class k wait (waiting[mine] is ignored). It needs only the
// counts, so a store can answer from an index without loading the queue;
// it equals the ticket's index+1 in Order.
func (l Line) PlaceIn(mine Class, aheadInClass int, waiting [nClasses]int) int {
	st := l.start()
	taken := 0 // of my class, so far
	for pos := 1; ; pos++ {
		var has [nClasses]bool
		for k := range has {
			has[k] = waiting[k] > 0
		}
		has[mine] = true // me, at least
		k := l.pick(st, has)
		if k == mine {
			if taken == aheadInClass {
				return pos
			}
			taken++
		} else {
			waiting[k]--
		}
		st = st.push(k)
	}
}

// PickNext returns the index in cands of the ticket to call next, or -1
// when cands is empty. recent holds the classes of the latest calls of this
// pool, newest first (true = a priority call).
func PickNext(cands []Candidate, il api.Interleave, recent []bool) int {
	return Line{Interleave: il, Recent: recent}.Next(cands)
}

// Position is the 1-based place id would have if every following call used
// PickNext, or 0 when id is not among cands.
func Position(cands []Candidate, il api.Interleave, recent []bool, id string) int {
	for i, c := range (Line{Interleave: il, Recent: recent}).Order(cands) {
		if c.ID == id {
			return i + 1
		}
	}
	return 0
}

func sortClass(cs []Candidate) {
	sort.Slice(cs, func(i, j int) bool { return before(cs[i], cs[j]) })
}

// Pool is the set of services whose waiting tickets form one line.
type Pool struct {
	// CounterID is set when the pool is a counter's; its recent calls are
	// then the counter's, else the service's.
	CounterID  string
	ServiceIDs []string
	Interleave api.Interleave
	// BookedRun is the booking rule of the pool (Line.BookedRun).
	BookedRun int
}

// BookedRunOf is the booking rule of a set of services: that of the first
// one taking bookings (0 = the default).
func BookedRunOf(serviceIDs []string, services map[string]api.Service) int {
	for _, id := range serviceIDs {
		if sv, ok := services[id]; ok && sv.Booking != nil {
			return sv.Booking.BookedInARow
		}
	}
	return 0
}

// CounterInterleave is the interleave of a counter: that of its first
// (main) service that takes priority tickets. A counter whose services take
// no priority tickets never sees any (a ticket transferred there loses its
// priority), so its interleave does not matter.
func CounterInterleave(serviceIDs []string, services map[string]api.Service) api.Interleave {
	for _, id := range serviceIDs {
		if sv, ok := services[id]; ok && sv.Priority {
			return sv.Interleave
		}
	}
	return api.Interleave{}
}

// CounterPool is the line call-next serves at a counter: every waiting
// ticket of all its services, as one line.
func CounterPool(ct api.Counter, services map[string]api.Service) Pool {
	return Pool{CounterID: ct.ID, ServiceIDs: ct.ServiceIDs, Interleave: CounterInterleave(ct.ServiceIDs, services),
		BookedRun: BookedRunOf(ct.ServiceIDs, services)}
}

// PoolFor is the line that gives a ticket of serviceID its public place.
// When exactly one counter serves the service, that counter's line is the
// truth: the place counts every ticket that counter will call first, of
// whichever of its services. When several counters (or none) serve it, no
// single line exists: the place is within the service's own line (its
// interleave, its latest calls), and other services those counters also
// serve are not counted.
func PoolFor(serviceID string, counters []api.Counter, services map[string]api.Service) Pool {
	var only *api.Counter
	n := 0
	for i := range counters {
		for _, id := range counters[i].ServiceIDs {
			if id == serviceID {
				only = &counters[i]
				n++
				break
			}
		}
	}
	if n == 1 {
		return CounterPool(*only, services)
	}
	return Pool{ServiceIDs: []string{serviceID}, Interleave: services[serviceID].Interleave,
		BookedRun: BookedRunOf([]string{serviceID}, services)}
}

// The place of a visit's later step. When a step of a visit finishes and
// the same ticket enters the line of its next service, the ticket queues
// there by RouteQueueTime, which becomes its IssuedAt in that line; Line
// then orders it like any other ticket (its class, then IssuedAt, Seq, ID),
// so call-next, the console's list and the public position agree on it.
//
//   - RouteByArrival (the site default): by the time the ticket was taken
//     at the kiosk, as if the citizen had queued for every step at once.
//     It goes ahead of everyone in the new line who came after it and
//     behind everyone who came before; nobody who arrived earlier is
//     passed.
//   - RouteAtBack: by the time it enters the new line, behind everyone
//     already waiting there.
//
// A ticket put back in line after a no-show (ReturnQueueTime) queues by
// the time it returns: at the back of its class.
func RouteQueueTime(order api.RouteOrder, arrived, entered time.Time) time.Time {
	if order == api.RouteAtBack || arrived.After(entered) {
		return entered
	}
	return arrived
}

// ReturnQueueTime is where a returning no-show queues: the time it
// returns, behind everyone already waiting in its class.
func ReturnQueueTime(returned time.Time) time.Time { return returned }
