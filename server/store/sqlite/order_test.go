package sqlite

import (
	"context"
	"strings"
	"testing"

	"antrean/server/config"
	"antrean/shared/api"
)

// One answer to "who is next": the officer's list, repeated call-next and
// the public position come from one queue.Line.

func numbers(qs []api.QueuedTicket) string {
	var out []string
	for _, q := range qs {
		out = append(out, q.Number)
	}
	return strings.Join(out, " ")
}

// drainAt calls next at a counter until nobody waits, checking before
// every call that the console's first entry is the ticket call-next takes.
func (ts *testStore) drainAt(p string, counter string) []string {
	ts.t.Helper()
	ctx := context.Background()
	off := officer(p, counter)
	var got []string
	for i := 0; i < 200; i++ {
		v, err := ts.CounterView(ctx, off, counter)
		if err != nil {
			ts.t.Fatal(err)
		}
		tk := ts.callNext(off, counter)
		if tk == nil {
			if len(v.Next) != 0 {
				ts.t.Fatalf("console lists %s but call-next found nobody", numbers(v.Next))
			}
			return got
		}
		if len(v.Next) == 0 || v.Next[0].ID != tk.ID {
			ts.t.Fatalf("console's first is %s, call-next took %s", numbers(v.Next), tk.Number)
		}
		got = append(got, tk.Number)
		ts.act(off, tk.ID, "no-show")
	}
	ts.t.Fatal("queue never emptied")
	return nil
}

// The case of the issue: loket-1 serves ktp-el (interleave 1:2) and kk
// (priority first). The console, call-next and the phone page used to give
// three different answers.
func TestConsoleListIsCallNextOrder(t *testing.T) {
	ts := newStore(t, nil)
	ctx := context.Background()
	spec := []struct {
		svc  string
		prio api.Priority
	}{
		{"ktp-el", "none"}, {"kk", "none"}, {"ktp-el", "elderly"}, {"kk", "none"}, {"ktp-el", "none"},
		{"kk", "pregnant"}, {"ktp-el", "none"}, {"kk", "none"}, {"ktp-el", "disability"}, {"ktp-el", "none"},
		{"kk", "none"}, {"kk", "other"},
	}
	for _, x := range spec {
		ts.issue(x.svc, x.prio)
	}
	// One call before the list is read, so the interleave is mid-cycle.
	off := officer("petugas1", "loket-1")
	first := ts.callNext(off, "loket-1")
	ts.act(off, first.ID, "no-show")
	v, err := ts.CounterView(ctx, off, "loket-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Next) != 10 {
		t.Fatalf("console lists %d, want the first 10 of 11", len(v.Next))
	}
	listed := numbers(v.Next)
	called := strings.Join(ts.drainAt("petugas1", "loket-1"), " ")
	if !strings.HasPrefix(called, listed) || len(strings.Fields(called)) != 11 {
		t.Fatalf("console listed %q, call-next took %q", listed, called)
	}
	// Each service's list is the counter's line filtered to it.
	for _, q := range v.Waiting {
		var want []string
		for _, x := range v.Next {
			if x.ServiceID == q.ServiceID && len(want) < serviceNext {
				want = append(want, x.Number)
			}
		}
		if numbers(q.Next) != strings.Join(want, " ") {
			t.Fatalf("%s lists %q, the counter's line has %q", q.ServiceID, numbers(q.Next), want)
		}
	}
}

// A service with one counter: every waiting ticket's public position is
// its place in that counter's line (which counts the counter's other
// service too), and stays so as the counter calls.
func TestSingleCounterPositionsMatchLine(t *testing.T) {
	ts := newStore(t, func(f *config.File) {
		for i := range f.Services {
			if f.Services[i].ID == "sim" {
				f.Services[i].Interleave = api.Interleave{Priority: 1, Regular: 2}
			}
		}
	})
	ctx := context.Background()
	off := officer("petugas6", "loket-7") // loket-7 alone serves sim and skck
	var ids []string
	for i, x := range []string{"sim", "skck", "sim", "sim", "skck", "sim", "skck", "sim"} {
		prio := api.PriorityNone
		if i%3 == 2 {
			prio = api.PriorityElderly
		}
		ids = append(ids, ts.issue(x, prio).ID)
	}
	for round := 0; ; round++ {
		v, err := ts.CounterView(ctx, off, "loket-7")
		if err != nil {
			t.Fatal(err)
		}
		place := map[string]int{}
		for i, q := range v.Next {
			place[q.ID] = i + 1
		}
		for _, id := range ids {
			tk, err := ts.Ticket(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if tk.State != api.StateWaiting {
				continue
			}
			if tk.Position != place[id] || tk.PeopleAhead != place[id]-1 {
				t.Fatalf("round %d: %s position %d (ahead %d), console place %d (%s)", round, tk.Number, tk.Position, tk.PeopleAhead, place[id], numbers(v.Next))
			}
		}
		tk := ts.callNext(off, "loket-7")
		if tk == nil {
			break
		}
		ts.act(off, tk.ID, "no-show")
	}
}

// A service several counters serve: the position is the place in the
// service's own line, and the wait divides by its open, staffed counters.
func TestMultiCounterServicePosition(t *testing.T) {
	ts := newStore(t, nil)
	ctx := context.Background()
	a := ts.issue("ktp-el", api.PriorityNone)
	ts.issue("kk", api.PriorityNone) // loket-1 also serves kk: not counted for ktp-el
	b := ts.issue("ktp-el", api.PriorityNone)
	c := ts.issue("ktp-el", api.PriorityElderly)
	for want, id := range map[int]string{1: c.ID, 2: a.ID, 3: b.ID} {
		tk, err := ts.Ticket(ctx, id)
		if err != nil || tk.Position != want {
			t.Fatalf("%s position %d (%v), want %d", tk.Number, tk.Position, err, want)
		}
	}
	// Nobody staffed: the estimate divides by one counter at least.
	tk, _ := ts.Ticket(ctx, b.ID)
	if tk.EstWaitMinutes != 2*8 {
		t.Fatalf("estimate %d, want 16 (2 ahead × 8 min)", tk.EstWaitMinutes)
	}
	ts.login("petugas1", "loket-1")
	ts.login("petugas2", "loket-2")
	if tk, _ = ts.Ticket(ctx, b.ID); tk.EstWaitMinutes != 8 {
		t.Fatalf("estimate with two staffed counters %d, want 8", tk.EstWaitMinutes)
	}
}

// Priority classes are shown as issued (they used to become "other"), in
// the console and in events; a ticket transferred to a service without a
// priority queue queues there as a regular one.
func TestPriorityClassesSurvive(t *testing.T) {
	ts := newStore(t, func(f *config.File) {
		for i := range f.Services {
			if f.Services[i].ID == "akta" {
				f.Services[i].Priority = false
			}
		}
	})
	ctx := context.Background()
	before := ts.evs.count()
	for _, p := range []api.Priority{api.PriorityElderly, api.PriorityDisability, api.PriorityPregnant, api.PriorityOther, api.PriorityNone} {
		ts.issue("ktp-el", p)
	}
	off := officer("petugas1", "loket-1")
	v, err := ts.CounterView(ctx, off, "loket-1")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, q := range v.Next {
		got = append(got, string(q.Priority))
	}
	var inService []string
	for _, q := range v.Waiting[0].Next {
		inService = append(inService, string(q.Priority))
	}
	// ktp-el interleaves 1 priority : 2 regular, so the one regular comes second.
	if want := "elderly none disability pregnant other"; strings.Join(got, " ") != want || strings.Join(inService, " ") != want {
		t.Fatalf("console classes %v / %v, want %s", got, inService, want)
	}
	var issued []string
	for _, d := range ts.evs.since(before, api.EventTicketIssued) {
		issued = append(issued, string(d.Ticket.Priority))
	}
	if strings.Join(issued, " ") != "elderly disability pregnant other none" {
		t.Fatalf("issued events carry %v", issued)
	}
	called := ts.callNext(off, "loket-1")
	if called.Priority != api.PriorityElderly {
		t.Fatalf("called %s", called.Priority)
	}
	if d := ts.evs.since(before, api.EventTicketCalled); len(d) != 1 || d[0].Ticket.Priority != api.PriorityElderly {
		t.Fatalf("called event %+v", d)
	}
	// To kk (priority queue): stays elderly. Then to akta (none): regular.
	toKK, err := ts.Transfer(ctx, off, called.ID, "kk")
	if err != nil || toKK.Priority != api.PriorityElderly {
		t.Fatalf("to kk: %+v %v", toKK, err)
	}
	// The interleave gives a regular turn first, then the oldest priority
	// ticket: the transferred one, which kept its issue time.
	if r := ts.callNext(off, "loket-1"); r.Priority != api.PriorityNone {
		t.Fatalf("loket-1 called %s (%s), want the regular turn", r.Number, r.Priority)
	} else {
		ts.act(off, r.ID, "no-show")
	}
	again := ts.callNext(off, "loket-1")
	if again.ID != toKK.ID {
		t.Fatalf("loket-1 called %s, want the transferred %s", again.Number, toKK.Number)
	}
	toAkta, err := ts.Transfer(ctx, off, again.ID, "akta")
	if err != nil || toAkta.Priority != api.PriorityNone {
		t.Fatalf("to akta: %+v %v", toAkta, err)
	}
	if d := ts.evs.since(before, api.EventTicketTransferred); len(d) != 2 || d[1].Ticket.Priority != api.PriorityNone {
		t.Fatalf("transferred events %+v", d)
	}
}
