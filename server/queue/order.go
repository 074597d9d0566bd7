package queue

import (
	"sort"
	"time"

	"antrean/shared/api"
)

// MaxRecent is how many recent calls (and service durations) callers keep:
// enough for any sensible interleave cycle and for the rolling average.
const MaxRecent = 20

// Candidate is a waiting ticket as the queue order sees it.
type Candidate struct {
	ID       string
	Priority bool
	IssuedAt time.Time
	Seq      int
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

// wantPriority decides the class of the next call when both classes wait.
func wantPriority(il api.Interleave, r run) bool {
	if il.Regular <= 0 {
		return true
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

// PickNext returns the index in cands of the ticket to call next, or -1
// when cands is empty. recent holds the classes of the latest calls of this
// pool, newest first (true = a priority call).
func PickNext(cands []Candidate, il api.Interleave, recent []bool) int {
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
	switch {
	case bestP < 0:
		return bestR
	case bestR < 0:
		return bestP
	case wantPriority(il, runOf(recent)):
		return bestP
	default:
		return bestR
	}
}

// Position is the 1-based place id would have if every following call used
// PickNext, or 0 when id is not among cands.
func Position(cands []Candidate, il api.Interleave, recent []bool, id string) int {
	var prio, reg []Candidate
	found := false
	for _, c := range cands {
		if c.ID == id {
			found = true
		}
		if c.Priority {
			prio = append(prio, c)
		} else {
			reg = append(reg, c)
		}
	}
	if !found {
		return 0
	}
	sortClass(prio)
	sortClass(reg)
	// Simulate the calls with one cursor per class: O(n log n) overall.
	r := runOf(recent)
	pi, ri := 0, 0
	for pos := 1; pi < len(prio) || ri < len(reg); pos++ {
		var c Candidate
		switch {
		case pi >= len(prio):
			c, ri = reg[ri], ri+1
		case ri >= len(reg):
			c, pi = prio[pi], pi+1
		case wantPriority(il, r):
			c, pi = prio[pi], pi+1
		default:
			c, ri = reg[ri], ri+1
		}
		if c.ID == id {
			return pos
		}
		r = r.push(c.Priority)
	}
	return 0
}

func sortClass(cs []Candidate) {
	sort.Slice(cs, func(i, j int) bool { return before(cs[i], cs[j]) })
}
