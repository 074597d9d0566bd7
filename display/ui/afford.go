package ui

import (
	"slices"
	"time"
)

// Running text "where the machine can afford it": in auto mode the display
// measures what one repaint of the whole screen costs in CPU (a page turn
// is nothing else) and then scrolls the text smoothly if scrolling at
// scrollFPS stays within scrollBudget of a core, or else keeps paging with
// pages long enough that turning them stays within pageBudget. A PC with a
// GPU repaints in a millisecond or two and scrolls; a software-rendered 4K
// screen (hundreds of milliseconds a frame) pages slowly.
const (
	scrollFPS    = 25
	scrollBudget = 0.03 // of a core
	pageBudget   = 0.01 // of a core
	maxPage      = 30 * time.Second
	// samples needed before deciding
	needTurns, needQuiet = 3, 6
)

// affordMeter collects CPU per heartbeat interval: intervals in which
// only a page turned, and intervals in which nothing was drawn.
type affordMeter struct {
	cpu          func() time.Duration
	last         time.Duration
	started      bool
	turns, quiet []time.Duration
	decided      bool
}

// observe records the interval that ends now. turned: a page turned at
// its start; drawn: anything else was drawn in it.
func (m *affordMeter) observe(turned, drawn bool) {
	now := m.cpu()
	d := now - m.last
	m.last = now
	if !m.started {
		m.started = true
		return
	}
	switch {
	case drawn:
	case turned:
		m.turns = append(m.turns, d)
	default:
		m.quiet = append(m.quiet, d)
	}
}

// ready reports whether there are enough samples to decide.
func (m *affordMeter) ready() bool {
	return !m.decided && len(m.turns) >= needTurns && len(m.quiet) >= needQuiet
}

// repaintCost is the CPU of one repaint: a page-turn interval less a quiet one.
func (m *affordMeter) repaintCost() time.Duration {
	return max(0, median(m.turns)-median(m.quiet))
}

// decideTicker turns a repaint's cost into the running text's mode:
// scrolling at scrollFPS (fps > 0), or pages of at least base.
func decideTicker(cost, base time.Duration) (fps int, page time.Duration) {
	if cost > 0 && cost.Seconds()*scrollFPS <= scrollBudget {
		return scrollFPS, base
	}
	page = time.Duration(cost.Seconds() / pageBudget * float64(time.Second))
	return 0, min(max(page, base), maxPage).Round(time.Second)
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
