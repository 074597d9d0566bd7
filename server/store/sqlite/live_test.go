package sqlite

import (
	"context"
	"testing"
	"time"

	"antrean/server/config"
	"antrean/shared/api"
)

func staffedIn(cs []api.Counter, id string) bool {
	for _, c := range cs {
		if c.ID == id {
			return c.Staffed
		}
	}
	return false
}

// counterEvents are the counter.updated events about id since n.
func (ts *testStore) counterEvents(n int, id string) []api.Counter {
	var out []api.Counter
	for _, d := range ts.evs.since(n, api.EventCounterUpdated) {
		if d.Counter != nil && d.Counter.ID == id {
			out = append(out, *d.Counter)
		}
	}
	return out
}

// Staffed is live: login with a counter staffs it, logout or expiry of the
// last session there unstaffs it; each change is one counter.updated, and
// the catalog, the board and the counter view say the same.
func TestStaffedFollowsSessions(t *testing.T) {
	ts := newStore(t, nil)
	ctx := context.Background()
	n := ts.evs.count()
	s1 := ts.login("petugas1", "loket-1")
	if ev := ts.counterEvents(n, "loket-1"); len(ev) != 1 || !ev[0].Staffed || ev[0].Status != api.CounterOpen {
		t.Fatalf("login: events %+v", ev)
	}
	cat, _ := ts.Catalog(ctx)
	b, _ := ts.Board(ctx, "")
	v, _ := ts.CounterView(ctx, officer("petugas1", "loket-1"), "loket-1")
	var onBoard bool
	for _, c := range b.Counters {
		if c.ID == "loket-1" {
			onBoard = c.Staffed
		}
	}
	if !staffedIn(cat.Counters, "loket-1") || staffedIn(cat.Counters, "loket-2") || !onBoard || !v.Counter.Staffed {
		t.Fatalf("catalog %v, board %v, counter view %v", staffedIn(cat.Counters, "loket-1"), onBoard, v.Counter.Staffed)
	}
	// A second session at the same counter: no change, no event.
	n = ts.evs.count()
	s2 := ts.login("petugas1", "loket-1")
	if err := ts.Logout(ctx, s1.Token); err != nil {
		t.Fatal(err)
	}
	if ev := ts.counterEvents(n, "loket-1"); len(ev) != 0 {
		t.Fatalf("still staffed, yet events %+v", ev)
	}
	if err := ts.Logout(ctx, s2.Token); err != nil {
		t.Fatal(err)
	}
	if ev := ts.counterEvents(n, "loket-1"); len(ev) != 1 || ev[0].Staffed {
		t.Fatalf("last logout: events %+v", ev)
	}
	// Expiry: nothing is written when a session runs out; housekeeping
	// notices and announces it.
	ts.login("petugas2", "loket-2")
	n = ts.evs.count()
	ts.clk.Advance(12*time.Hour + time.Minute)
	if cat, _ := ts.Catalog(ctx); staffedIn(cat.Counters, "loket-2") {
		t.Fatal("expired session still staffs loket-2")
	}
	if err := ts.Housekeep(ctx); err != nil {
		t.Fatal(err)
	}
	if ev := ts.counterEvents(n, "loket-2"); len(ev) != 1 || ev[0].Staffed {
		t.Fatalf("expiry: events %+v", ev)
	}
	// Deactivating a user ends their sessions: unstaffed at once.
	ts.login("petugas3", "loket-3")
	n = ts.evs.count()
	off := false
	if _, err := ts.UpdateUser(ctx, "petugas3", api.UserRequest{Active: &off}); err != nil {
		t.Fatal(err)
	}
	if ev := ts.counterEvents(n, "loket-3"); len(ev) != 1 || ev[0].Staffed {
		t.Fatalf("deactivation: events %+v", ev)
	}
}

// no_counter: without the site option a service takes tickets only while
// one of its counters is open and staffed; the catalog says why not.
func TestNoCounterRefusesTickets(t *testing.T) {
	ts := newStore(t, func(f *config.File) { f.Site.IssueWithoutCounter = false })
	ctx := context.Background()
	reason := func(id string) api.ClosedReason {
		t.Helper()
		cat, err := ts.Catalog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, sv := range cat.Services {
			if sv.ID == id {
				if sv.OpenNow != (sv.ClosedReason == "") {
					t.Fatalf("%s: open %v with reason %q", id, sv.OpenNow, sv.ClosedReason)
				}
				return sv.ClosedReason
			}
		}
		t.Fatalf("no service %s", id)
		return ""
	}
	tryIssue := func(id string) error {
		_, _, err := ts.Issue(ctx, kiosk, NewID(12), api.IssueRequest{ServiceID: id})
		return err
	}
	if r := reason("kk"); r != api.ReasonNoCounter {
		t.Fatalf("kk before anyone signs in: %q", r)
	}
	err := tryIssue("kk")
	var ae *api.Error
	if api.CodeOf(err) != api.CodeServiceClosed || !asError(err, &ae) || ae.Reason != api.ReasonNoCounter {
		t.Fatalf("issue kk: %v", err)
	}
	// loket-1 serves ktp-el and kk.
	sess := ts.login("petugas1", "loket-1")
	if reason("kk") != "" || reason("ktp-el") != "" || reason("akta") != api.ReasonNoCounter {
		t.Fatalf("after login: kk %q ktp-el %q akta %q", reason("kk"), reason("ktp-el"), reason("akta"))
	}
	if err := tryIssue("kk"); err != nil {
		t.Fatal(err)
	}
	// Staffed but on break: no counter serves it.
	if _, err := ts.SetCounterStatus(ctx, officer("petugas1", "loket-1"), "loket-1", api.CounterBreak); err != nil {
		t.Fatal(err)
	}
	if reason("kk") != api.ReasonNoCounter || api.CodeOf(tryIssue("kk")) != api.CodeServiceClosed {
		t.Fatal("kk still open with loket-1 on break")
	}
	// loket-3 also serves kk.
	ts.login("petugas3", "loket-3")
	if reason("kk") != "" || tryIssue("kk") != nil {
		t.Fatal("kk closed with loket-3 open and staffed")
	}
	if err := ts.Logout(ctx, sess.Token); err != nil {
		t.Fatal(err)
	}
	if reason("ktp-el") != api.ReasonNoCounter {
		t.Fatalf("ktp-el after loket-1's officer left: %q", reason("ktp-el"))
	}
}

func asError(err error, target **api.Error) bool {
	e, ok := err.(*api.Error)
	if ok {
		*target = e
	}
	return ok
}
