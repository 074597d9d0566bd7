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
// PoolFor). A pool has two classes, priority and regular. Within a class
// the oldest ticket goes first (IssuedAt, then Seq, then ID; a transferred
// ticket keeps its original IssuedAt). Between the classes the pool's
// Interleave decides, counting the classes of the pool's latest calls.
//
// Line.Order, Line.Next and Line.Place all take their turns from one
// decision, Line.turn, so call-next, the console's list and the public
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
	// Filled by the store for lists; the order never looks at them.
	Number    string
	ServiceID string
	Class     api.Priority
}

// before is the order within one class: oldest IssuedAt, then Seq, then ID.
func before(a, b Candidate) bool {
	if !a.IssuedAt.Equal(b.IssuedAt) {
		return a.IssuedAt.Before(b.IssuedAt)
	}
	if a.Seq != b.Seq {
		return a.Seq < b.Seq
	}
	return a.ID < b.ID
}

// Line is the order of one pool: its interleave and the classes of its
// latest calls today, newest first (true = a priority call).
type Line struct {
	Interleave api.Interleave
	Recent     []bool
}

// run is the newest streak of calls of one class.
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

// turn is the single decision of the queue order: given the current streak
// and whether each class has someone waiting, is the next call a priority
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

// Order returns cands in the order repeated call-next takes them (cands is
// not modified). The officer's waiting list is a prefix of it.
func (l Line) Order(cands []Candidate) []Candidate {
	var prio, reg []Candidate
	for _, c := range cands {
		if c.Priority {
			prio = append(prio, c)
		} else {
			reg = append(reg, c)
		}
	}
	sortClass(prio)
	sortClass(reg)
	out := make([]Candidate, 0, len(cands))
	r := runOf(l.Recent)
	pi, ri := 0, 0
	for pi < len(prio) || ri < len(reg) {
		var c Candidate
		if l.turn(r, pi < len(prio), ri < len(reg)) {
			c, pi = prio[pi], pi+1
		} else {
			c, ri = reg[ri], ri+1
		}
		out = append(out, c)
		r = r.push(c.Priority)
	}
	return out
}

// Next is the index in cands of the ticket call-next takes, or -1 when
// cands is empty: the head of Order, found without sorting.
func (l Line) Next(cands []Candidate) int {
	bestP, bestR := -1, -1
	for i, c := range cands {
		if c.Priority {
			if bestP < 0 || before(c, cands[bestP]) {
				bestP = i
			}
		} else if bestR < 0 || before(c, cands[bestR]) {
			bestR = i
		}
	}
	if bestP < 0 && bestR < 0 {
		return -1
	}
	if l.turn(runOf(l.Recent), bestP >= 0, bestR >= 0) {
		return bestP
	}
	return bestR
}

// Place is the 1-based place in Order of a ticket of class priority that
// has aheadInClass tickets of its own class before it, when other tickets
// of the other class wait. It needs only the counts, so a store can answer
// from an index without loading the queue; it equals the ticket's index+1
// in Order.
func (l Line) Place(priority bool, aheadInClass, other int) int {
	r := runOf(l.Recent)
	mine, theirs := 0, 0 // called so far of each class
	for pos := 1; ; pos++ {
		var p, rg bool // does each class still have someone (incl. the ticket)?
		if priority {
			p, rg = true, theirs < other
		} else {
			p, rg = theirs < other, true
		}
		takePrio := l.turn(r, p, rg)
		if takePrio == priority {
			if mine == aheadInClass {
				return pos
			}
			mine++
		} else {
			theirs++
		}
		r = r.push(takePrio)
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
	return Pool{CounterID: ct.ID, ServiceIDs: ct.ServiceIDs, Interleave: CounterInterleave(ct.ServiceIDs, services)}
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
	return Pool{ServiceIDs: []string{serviceID}, Interleave: services[serviceID].Interleave}
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
