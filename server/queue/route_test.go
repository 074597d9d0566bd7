package queue

import (
	"strings"
	"testing"
	"time"

	"antrean/shared/api"
)

// A visit's next step: where the routed ticket lands in the new line is
// decided by RouteQueueTime, and from there by the same Line as every
// ticket (call-next, the console's list and the public place agree).

// ids (booking_test.go) lists candidates' ids in order.

func TestRouteQueueTime(t *testing.T) {
	arrived, entered := t0, t0.Add(40*time.Minute)
	if got := RouteQueueTime(api.RouteByArrival, arrived, entered); !got.Equal(arrived) {
		t.Fatalf("arrival: %v", got)
	}
	if got := RouteQueueTime("", arrived, entered); !got.Equal(arrived) {
		t.Fatalf("default: %v", got)
	}
	if got := RouteQueueTime(api.RouteAtBack, arrived, entered); !got.Equal(entered) {
		t.Fatalf("back: %v", got)
	}
	// A clock that went backwards never queues a ticket in the future.
	if got := RouteQueueTime(api.RouteByArrival, entered, arrived); !got.Equal(arrived) {
		t.Fatalf("arrival after entering: %v", got)
	}
	if got := ReturnQueueTime(entered); !got.Equal(entered) {
		t.Fatalf("return: %v", got)
	}
}

// The line of the next service: R1 came at 08:00, R2 08:10, P1 (priority)
// 08:20, R3 08:30. The visit V was taken at 08:05 and finishes its first
// step at 08:40.
func TestRoutedTicketPlace(t *testing.T) {
	line := []Candidate{
		{ID: "R1", IssuedAt: t0, Seq: 1},
		{ID: "R2", IssuedAt: t0.Add(10 * time.Minute), Seq: 2},
		{ID: "P1", Priority: true, IssuedAt: t0.Add(20 * time.Minute), Seq: 3},
		{ID: "R3", IssuedAt: t0.Add(30 * time.Minute), Seq: 4},
	}
	arrived, routed := t0.Add(5*time.Minute), t0.Add(40*time.Minute)
	for _, tc := range []struct {
		order    api.RouteOrder
		priority bool
		il       api.Interleave
		want     string
	}{
		// By arrival: after R1 (earlier), before R2 and R3 (later); the
		// priority class still goes first.
		{api.RouteByArrival, false, api.Interleave{}, "P1 R1 V R2 R3"},
		// At the back: behind everyone waiting.
		{api.RouteAtBack, false, api.Interleave{}, "P1 R1 R2 R3 V"},
		// A priority visit ticket keeps its class: by arrival it is the
		// oldest priority ticket.
		{api.RouteByArrival, true, api.Interleave{}, "V P1 R1 R2 R3"},
		{api.RouteAtBack, true, api.Interleave{}, "P1 V R1 R2 R3"},
		// The interleave applies to it like to anyone (1 priority per 2
		// regular, last call regular).
		{api.RouteByArrival, false, api.Interleave{Priority: 1, Regular: 2}, "R1 V P1 R2 R3"},
	} {
		v := Candidate{ID: "V", Priority: tc.priority, IssuedAt: RouteQueueTime(tc.order, arrived, routed), Seq: 9}
		cands := append(append([]Candidate(nil), line...), v)
		l := Line{Interleave: tc.il, Recent: []bool{true}}
		got := ids(l.Order(cands))
		if got != tc.want {
			t.Fatalf("%s priority=%v %+v: %s, want %s", tc.order, tc.priority, tc.il, got, tc.want)
		}
		// call-next takes the head, and the public place is V's index.
		if head := cands[l.Next(cands)].ID; head != strings.Fields(tc.want)[0] {
			t.Fatalf("next %s, order %s", head, got)
		}
		ahead, other := 0, 0
		for _, c := range cands {
			switch {
			case c.ID == "V":
			case c.Priority != v.Priority:
				other++
			case before(c, v):
				ahead++
			}
		}
		if place := l.Place(v.Priority, ahead, other); place != strings.Index(tc.want, "V")/3+1 {
			t.Fatalf("%s: place %d in %s", tc.order, place, tc.want)
		}
	}
}
