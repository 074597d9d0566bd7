package events

import (
	"testing"

	"antrean/shared/api"
)

func ev(id int64) []api.Event { return []api.Event{{ID: id, Type: api.EventTicketCalled}} }

func TestSlowSubscriberIsDroppedOthersUnaffected(t *testing.T) {
	h := NewHub(100, 2)
	slow, _, _ := h.Subscribe("", 0)
	fast, _, _ := h.Subscribe("", 0)
	got := 0
	for i := int64(1); i <= 10; i++ {
		h.Publish(ev(i), []string{"A"})
		for len(fast.C) > 0 {
			<-fast.C
			got++
		}
	}
	if got != 10 {
		t.Fatalf("fast subscriber got %d, want 10", got)
	}
	if !slow.Dropped() {
		t.Fatal("slow subscriber not dropped")
	}
	n := 0
	for range slow.C { // closed after its buffer
		n++
	}
	if n != 2 || h.Count() != 1 {
		t.Fatalf("slow kept %d buffered, hub has %d subs", n, h.Count())
	}
}

func TestSubscribeReplaysWindowAndZone(t *testing.T) {
	h := NewHub(3, 10)
	for i := int64(1); i <= 5; i++ {
		z := "A"
		if i == 4 {
			z = "B"
		}
		h.Publish(ev(i), []string{z})
	}
	s, mem, covered := h.Subscribe("A", 2)
	defer s.Close()
	if !covered || len(mem) != 2 || mem[0].Event.ID != 3 || mem[1].Event.ID != 5 {
		t.Fatalf("covered=%v mem=%+v", covered, mem)
	}
	_, _, covered = h.Subscribe("", 0)
	if covered {
		t.Fatal("window of 3 cannot cover everything after 0")
	}
	h.Close()
	if _, ok := <-s.C; ok {
		t.Fatal("channel open after Close")
	}
}
