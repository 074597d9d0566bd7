package queue

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"antrean/shared/api"
)

var t0 = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

// queueOf builds candidates from a compact spec: "P1 R1 R2 P2" — P is a
// priority ticket, R a regular one; they were issued a minute apart in the
// order written.
func queueOf(spec string) []Candidate {
	var cs []Candidate
	for i, id := range strings.Fields(spec) {
		cs = append(cs, Candidate{ID: id, Priority: id[0] == 'P', IssuedAt: t0.Add(time.Duration(i) * time.Minute), Seq: i + 1})
	}
	return cs
}

// drain calls PickNext until the queue is empty and returns the call order,
// feeding each call back into recent as the server would.
func drain(cands []Candidate, il api.Interleave, recent []bool) []string {
	cs := append([]Candidate(nil), cands...)
	rec := append([]bool(nil), recent...)
	var order []string
	for len(cs) > 0 {
		i := PickNext(cs, il, rec)
		if i < 0 {
			panic("PickNext gave -1 on a non-empty queue")
		}
		order = append(order, cs[i].ID)
		rec = append([]bool{cs[i].Priority}, rec...)
		if len(rec) > MaxRecent {
			rec = rec[:MaxRecent]
		}
		cs = append(cs[:i], cs[i+1:]...)
	}
	return order
}

func TestPickNextCycles(t *testing.T) {
	tests := []struct {
		name   string
		queue  string
		il     api.Interleave
		recent []bool
		want   string
	}{
		{"empty", "", api.Interleave{}, nil, ""},
		{"regular only", "R1 R2 R3", api.Interleave{}, nil, "R1 R2 R3"},
		{"priority only", "P1 P2", api.Interleave{Priority: 1, Regular: 2}, nil, "P1 P2"},
		{"default: priority always first", "R1 R2 P1 R3 P2", api.Interleave{}, nil, "P1 P2 R1 R2 R3"},
		{"regular 0 ignores priority count", "R1 P1 P2 R2", api.Interleave{Priority: 1, Regular: 0}, nil, "P1 P2 R1 R2"},
		{"1 priority per 2 regular", "R1 R2 R3 R4 R5 P1 P2 P3", api.Interleave{Priority: 1, Regular: 2}, nil,
			"P1 R1 R2 P2 R3 R4 P3 R5"},
		{"2 priority per 1 regular", "R1 R2 R3 P1 P2 P3 P4 P5", api.Interleave{Priority: 2, Regular: 1}, nil,
			"P1 P2 R1 P3 P4 R2 P5 R3"},
		{"priority 0 counts as 1", "R1 R2 R3 P1 P2", api.Interleave{Priority: 0, Regular: 2}, nil, "P1 R1 R2 P2 R3"},
		{"1:1", "R1 R2 P1 P2", api.Interleave{Priority: 1, Regular: 1}, nil, "P1 R1 P2 R2"},
		{"after one regular call, one more regular", "R1 R2 P1", api.Interleave{Priority: 1, Regular: 2}, []bool{false, true},
			"R1 P1 R2"},
		{"after two regular calls, priority", "R1 P1", api.Interleave{Priority: 1, Regular: 2}, []bool{false, false, true},
			"P1 R1"},
		{"long regular run (no priority waited) gives priority", "R1 P1", api.Interleave{Priority: 1, Regular: 2},
			[]bool{false, false, false, false, false}, "P1 R1"},
		{"after a priority call, regular", "P1 R1", api.Interleave{Priority: 1, Regular: 2}, []bool{true, false, false}, "R1 P1"},
		{"mid priority run, priority", "R1 P1 P2", api.Interleave{Priority: 2, Regular: 1}, []bool{true, false}, "P1 R1 P2"},
		{"only older entries count", "R1 R2 P1", api.Interleave{Priority: 1, Regular: 2}, []bool{false, true, false, false}, "R1 P1 R2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cands := queueOf(tt.queue)
			got := strings.Join(drain(cands, tt.il, tt.recent), " ")
			if got != tt.want {
				t.Fatalf("order %q, want %q", got, tt.want)
			}
			// Position must agree with the simulated order for every ticket.
			for i, id := range strings.Fields(tt.want) {
				if p := Position(cands, tt.il, tt.recent, id); p != i+1 {
					t.Errorf("Position(%s) = %d, want %d", id, p, i+1)
				}
			}
			if p := Position(cands, tt.il, tt.recent, "nobody"); p != 0 {
				t.Errorf("Position(absent) = %d", p)
			}
		})
	}
}

func TestPickNextEmpty(t *testing.T) {
	if i := PickNext(nil, api.Interleave{}, nil); i != -1 {
		t.Fatalf("PickNext(nil) = %d", i)
	}
}

func TestOrderWithinClass(t *testing.T) {
	// Given out of order: IssuedAt first, then Seq, then ID. A transferred
	// ticket keeps its original (older) IssuedAt and so goes first.
	cands := []Candidate{
		{ID: "c", IssuedAt: t0.Add(2 * time.Minute), Seq: 1},
		{ID: "z", IssuedAt: t0.Add(time.Minute), Seq: 4},
		{ID: "y", IssuedAt: t0.Add(time.Minute), Seq: 3},
		{ID: "b", IssuedAt: t0.Add(time.Minute), Seq: 3},
		{ID: "transferred", IssuedAt: t0.Add(-time.Hour), Seq: 9},
	}
	got := strings.Join(drain(cands, api.Interleave{}, nil), " ")
	if want := "transferred b y z c"; got != want {
		t.Fatalf("order %q, want %q", got, want)
	}
	if i := PickNext(cands, api.Interleave{}, nil); cands[i].ID != "transferred" {
		t.Fatalf("PickNext = %s", cands[i].ID)
	}
	// Input order must not matter and must not be changed.
	before := append([]Candidate(nil), cands...)
	Position(cands, api.Interleave{}, nil, "c")
	if !reflect.DeepEqual(before, cands) {
		t.Fatal("Position reordered its input")
	}
}

func TestPositionLargeQueue(t *testing.T) {
	var cands []Candidate
	for i := range 300 {
		cands = append(cands, Candidate{ID: fmt.Sprintf("t%03d", i), Priority: i%7 == 0, IssuedAt: t0.Add(time.Duration(i) * time.Second), Seq: i})
	}
	il := api.Interleave{Priority: 1, Regular: 3}
	order := drain(cands, il, []bool{false})
	for i, id := range order {
		if p := Position(cands, il, []bool{false}, id); p != i+1 {
			t.Fatalf("Position(%s) = %d, want %d", id, p, i+1)
		}
	}
}

func TestEstimateWait(t *testing.T) {
	tests := []struct {
		ahead    int
		avg      float64
		counters int
		want     int
	}{
		{0, 5, 1, 0}, {-1, 5, 1, 0}, {1, 5, 1, 5}, {3, 5, 1, 15}, {3, 5, 2, 8}, {4, 5, 2, 10},
		{1, 8, 0, 8}, {1, 8, -2, 8}, {10, 0.1, 1, 1}, {3, 0.1 + 0.2, 1, 1}, {5, 2.5, 3, 5}, {2, 0, 1, 0},
	}
	for _, tt := range tests {
		if got := EstimateWait(tt.ahead, tt.avg, tt.counters); got != tt.want {
			t.Errorf("EstimateWait(%d, %v, %d) = %d, want %d", tt.ahead, tt.avg, tt.counters, got, tt.want)
		}
	}
}

func TestRollingAverage(t *testing.T) {
	min := func(ms ...float64) []time.Duration {
		var ds []time.Duration
		for _, m := range ms {
			ds = append(ds, time.Duration(m*float64(time.Minute)))
		}
		return ds
	}
	many := make([]float64, 25)
	for i := range many {
		many[i] = 2
		if i >= MaxRecent {
			many[i] = 100 // older than the window: ignored
		}
	}
	tests := []struct {
		name   string
		seed   float64
		recent []time.Duration
		want   float64
	}{
		{"seed only", 8, nil, 8},
		{"no seed", 0, nil, 5},
		{"negative seed", -1, nil, 5},
		{"one sample", 8, min(3), (8*4 + 3) / 5.0},
		{"four samples", 10, min(2, 2, 2, 2), (10 + 8) / 5.0},
		{"five samples forget seed", 10, min(1, 2, 3, 4, 5), 3},
		{"window of 20", 10, min(many...), 2},
		{"negative durations skipped", 5, min(-3, 10), (5*4 + 10) / 5.0},
	}
	for _, tt := range tests {
		if got := RollingAverage(tt.seed, tt.recent); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s: RollingAverage = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestLineOneAnswer checks, on many random pools, that the three views of
// the queue agree: Order is exactly what repeated Next (call-next with the
// call fed back into recent) produces, and Place from counts alone gives
// every ticket its index in Order.
func TestLineOneAnswer(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 2026))
	ils := []api.Interleave{{}, {Priority: 1, Regular: 2}, {Priority: 2, Regular: 1}, {Priority: 1, Regular: 3}, {Priority: 0, Regular: 1}}
	for trial := 0; trial < 400; trial++ {
		var cands []Candidate
		for i := range rng.IntN(25) {
			// Few distinct times so that ties on IssuedAt are common.
			cands = append(cands, Candidate{ID: fmt.Sprintf("t%02d", i), Priority: rng.IntN(3) == 0,
				IssuedAt: t0.Add(time.Duration(rng.IntN(8)) * time.Minute), Seq: rng.IntN(5)})
		}
		var recent []bool
		for range rng.IntN(6) {
			recent = append(recent, rng.IntN(2) == 0)
		}
		l := Line{Interleave: ils[rng.IntN(len(ils))], Recent: recent}
		order := l.Order(cands)
		var ids []string
		for _, c := range order {
			ids = append(ids, c.ID)
		}
		if got := drain(cands, l.Interleave, recent); strings.Join(got, " ") != strings.Join(ids, " ") {
			t.Fatalf("trial %d: Order %v, repeated call-next %v", trial, ids, got)
		}
		for i, c := range order {
			ahead, other := 0, 0
			for _, o := range cands {
				switch {
				case o.Priority != c.Priority:
					other++
				case before(o, c):
					ahead++
				}
			}
			if p := l.Place(c.Priority, ahead, other); p != i+1 {
				t.Fatalf("trial %d: Place(%s) = %d, want %d (order %v)", trial, c.ID, p, i+1, ids)
			}
		}
	}
}

func TestPoolFor(t *testing.T) {
	services := map[string]api.Service{
		"ktp": {ID: "ktp", Priority: true, Interleave: api.Interleave{Priority: 1, Regular: 2}},
		"kk":  {ID: "kk", Priority: true},
		"tax": {ID: "tax"},
		"sim": {ID: "sim", Priority: true, Interleave: api.Interleave{Priority: 1, Regular: 3}},
	}
	counters := []api.Counter{
		{ID: "c1", ServiceIDs: []string{"ktp", "kk"}},
		{ID: "c2", ServiceIDs: []string{"ktp"}},
		{ID: "c3", ServiceIDs: []string{"tax", "sim"}},
	}
	// kk has one counter: its line is c1's, with c1's interleave (ktp's).
	if p := PoolFor("kk", counters, services); p.CounterID != "c1" || !reflect.DeepEqual(p.ServiceIDs, []string{"ktp", "kk"}) ||
		p.Interleave != services["ktp"].Interleave {
		t.Fatalf("kk: %+v", p)
	}
	// ktp has two counters: its own line.
	if p := PoolFor("ktp", counters, services); p.CounterID != "" || !reflect.DeepEqual(p.ServiceIDs, []string{"ktp"}) ||
		p.Interleave != services["ktp"].Interleave {
		t.Fatalf("ktp: %+v", p)
	}
	// c3's main service takes no priority tickets: the interleave comes
	// from the first one that does.
	if il := CounterInterleave(counters[2].ServiceIDs, services); il != services["sim"].Interleave {
		t.Fatalf("c3 interleave %+v", il)
	}
	if p := PoolFor("nobody-serves-it", counters, services); p.CounterID != "" || len(p.ServiceIDs) != 1 {
		t.Fatalf("unserved: %+v", p)
	}
}

func TestAverageMinutesMatchesRollingAverage(t *testing.T) {
	ds := []time.Duration{3 * time.Minute, 90 * time.Second, 4 * time.Minute}
	var sum int64
	for _, d := range ds {
		sum += d.Milliseconds()
	}
	if a, b := AverageMinutes(8, sum, len(ds)), RollingAverage(8, ds); a != b || math.Abs(a-(8*2+8.5)/5) > 1e-9 {
		t.Fatalf("AverageMinutes %v, RollingAverage %v", a, b)
	}
}
