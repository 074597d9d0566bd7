package sqlite

import (
	"context"
	"reflect"
	"testing"
	"time"

	"antrean/server/store"
	"antrean/shared/api"
)

// The day ends cleanly: what is still open when the local day is over is
// expired, once, with an event each; reports count it; the next morning
// starts empty.
func TestDayEnd(t *testing.T) {
	ts := newStore(t, nil)
	ctx := context.Background()
	off := officer("petugas1", "loket-1")
	off3 := officer("petugas3", "loket-3")
	done := ts.issue("ktp-el", api.PriorityNone)
	serving := ts.issue("ktp-el", api.PriorityNone)
	called := ts.issue("kk", api.PriorityNone)
	waiting := ts.issue("ktp-el", api.PriorityElderly)
	waiting2 := ts.issue("akta", api.PriorityNone)
	// loket-1: done is served; serving is being served at 23:59.
	if tk := ts.callNext(off, "loket-1"); tk.ID != waiting.ID {
		t.Fatalf("priority first: called %s", tk.Number)
	} else {
		ts.act(off, tk.ID, "requeue")
	}
	for _, want := range []api.Ticket{waiting, done} {
		tk := ts.callNext(off, "loket-1")
		if tk.ID != want.ID {
			t.Fatalf("called %s, want %s", tk.Number, want.Number)
		}
		ts.act(off, tk.ID, "start")
		ts.act(off, tk.ID, "finish")
	}
	waiting = ts.issue("ktp-el", api.PriorityNone) // A-004 waits
	if tk := ts.callNext(off, "loket-1"); tk.ID != serving.ID {
		t.Fatalf("called %s, want %s", tk.Number, serving.Number)
	}
	ts.act(off, serving.ID, "start")
	if tk := ts.callNext(off3, "loket-3"); tk.ID != called.ID {
		t.Fatalf("loket-3 called %s, want %s", tk.Number, called.Number)
	}
	day := serving.Day
	q := store.ReportQuery{From: day, To: day, Group: api.GroupService}
	live, err := ts.Summary(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if live.Total.Open != 4 || live.Total.Expired != 0 {
		t.Fatalf("before the day ends: %+v", live.Total)
	}

	// 23:59 is still the same day: nothing happens.
	ts.clk.Set(time.Date(2026, 11, 26, 23, 59, 0, 0, wib))
	n := ts.evs.count()
	if err := ts.Housekeep(ctx); err != nil {
		t.Fatal(err)
	}
	if len(ts.evs.since(n, api.EventTicketExpired)) != 0 {
		t.Fatal("expired before midnight")
	}
	// Next morning.
	ts.clk.Set(time.Date(2026, 11, 27, 7, 30, 0, 0, wib))
	if err := ts.Housekeep(ctx); err != nil {
		t.Fatal(err)
	}
	exp := ts.evs.since(n, api.EventTicketExpired)
	got := map[string]api.EventData{}
	for _, d := range exp {
		got[d.Ticket.ID] = d
	}
	if len(exp) != 4 || len(got) != 4 {
		t.Fatalf("%d expired events, want 4", len(exp))
	}
	for _, tk := range []api.Ticket{serving, called, waiting, waiting2} {
		d, ok := got[tk.ID]
		if !ok || d.Ticket.State != api.StateExpired || d.Waiting != nil {
			t.Fatalf("%s: event %+v", tk.Number, d)
		}
		// The display clears the counter that held it.
		if (tk.ID == serving.ID) != (d.Counter != nil && d.Counter.ID == "loket-1") {
			t.Fatalf("%s: event counter %+v", tk.Number, d.Counter)
		}
		cur, err := ts.Ticket(ctx, tk.ID)
		if err != nil || cur.State != api.StateExpired || cur.Position != 0 || cur.FinishedAt == nil {
			t.Fatalf("%s after the day: %+v %v", tk.Number, cur, err)
		}
	}
	if cur, _ := ts.Ticket(ctx, done.ID); cur.State != api.StateDone {
		t.Fatalf("a done ticket became %s", cur.State)
	}
	// Expired is final.
	_, err = ts.Act(ctx, off, waiting.ID, "cancel")
	wantCode(t, err, api.CodeInvalidState)

	// Reports: the same figures, with expired instead of open.
	closed, err := ts.Summary(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	want := live
	for i := range want.Rows {
		want.Rows[i].Expired, want.Rows[i].Open = want.Rows[i].Open, 0
	}
	want.Total.Expired, want.Total.Open = want.Total.Open, 0
	if !reflect.DeepEqual(closed, want) {
		t.Fatalf("closed day:\n got %+v\nwant %+v", closed, want)
	}

	// The new day: nothing waiting or called, the board is empty.
	b, err := ts.Board(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range b.Counters {
		if c.Current != nil {
			t.Fatalf("%s still shows %s", c.ID, c.Current.Number)
		}
	}
	if len(b.RecentCalls) != 0 {
		t.Fatalf("yesterday's calls on today's board: %d", len(b.RecentCalls))
	}
	for _, w := range b.Waiting {
		if w.Waiting != 0 {
			t.Fatalf("%s waiting %d", w.ServiceID, w.Waiting)
		}
	}
	v, err := ts.CounterView(ctx, off, "loket-1")
	if err != nil || v.Current != nil || len(v.Next) != 0 {
		t.Fatalf("counter view next morning: %+v %v", v, err)
	}
	if tk := ts.issue("ktp-el", api.PriorityNone); tk.Number != "A-001" || tk.Position != 1 {
		t.Fatalf("first ticket of the day %s at %d", tk.Number, tk.Position)
	}

	// Closing is done once: again, or after a restart, changes nothing.
	n = ts.evs.count()
	if err := ts.Housekeep(ctx); err != nil {
		t.Fatal(err)
	}
	ts.reopen()
	if len(ts.evs.since(n, api.EventTicketExpired)) != 0 {
		t.Fatal("a day was closed twice")
	}
	again, err := ts.Summary(ctx, q)
	if err != nil || !reflect.DeepEqual(again, want) {
		t.Fatalf("after restart: %+v %v", again, err)
	}
}

// A server that was off for days closes each of them at start.
func TestDayEndAfterDowntime(t *testing.T) {
	ts := newStore(t, nil)
	ctx := context.Background()
	for d := 0; d < 3; d++ {
		ts.clk.Set(time.Date(2026, 11, 23+d, 9, 0, 0, 0, wib))
		ts.issue("kk", api.PriorityNone)
	}
	ts.clk.Set(time.Date(2026, 11, 30, 8, 0, 0, 0, wib))
	n := ts.evs.count()
	ts.reopen()
	if got := len(ts.evs.since(n, api.EventTicketExpired)); got != 3 {
		t.Fatalf("%d expired, want 3", got)
	}
	var days int
	if err := ts.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM closed_days`).Scan(&days); err != nil || days != 3 {
		t.Fatalf("%d closed days (%v)", days, err)
	}
	rep, err := ts.Summary(ctx, store.ReportQuery{From: "2026-11-23", To: "2026-11-29", Group: api.GroupSite})
	if err != nil || rep.Total.Issued != 3 || rep.Total.Expired != 3 || rep.Total.Open != 0 {
		t.Fatalf("week: %+v %v", rep.Total, err)
	}
}
