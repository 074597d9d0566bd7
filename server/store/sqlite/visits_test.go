package sqlite

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"antrean/server/config"
	"antrean/server/store"
	"antrean/shared/api"
)

// Visits: one ticket, several services in order.

func (ts *testStore) issueVisit(prio api.Priority, services ...string) api.Ticket {
	ts.t.Helper()
	tk, _, err := ts.Issue(context.Background(), kiosk, NewID(12), api.IssueRequest{ServiceIDs: services, Priority: prio})
	if err != nil {
		ts.t.Fatalf("issue %v: %v", services, err)
	}
	return tk
}

func (ts *testStore) ticket(id string) api.Ticket {
	ts.t.Helper()
	tk, err := ts.Ticket(context.Background(), id)
	if err != nil {
		ts.t.Fatalf("ticket %s: %v", id, err)
	}
	return tk
}

// serve calls the next ticket at a counter, checks it is want, and
// serves it to the end.
func (ts *testStore) serve(p store.Principal, counter, want string) api.Ticket {
	ts.t.Helper()
	tk := ts.callNext(p, counter)
	if tk == nil || tk.ID != want {
		ts.t.Fatalf("call-next at %s took %+v, want ticket %s", counter, tk, want)
	}
	ts.act(p, tk.ID, "start")
	return ts.act(p, tk.ID, "finish")
}

func states(route []api.Step) string {
	var out []string
	for _, s := range route {
		st := string(s.State)
		if s.Current {
			st = "*" + st
		}
		out = append(out, s.ServiceID+":"+st)
	}
	return strings.Join(out, " ")
}

func (ts *testStore) issued(service string) int {
	ts.t.Helper()
	var n int
	if err := ts.r.QueryRow(`SELECT COALESCE(SUM(issued), 0) FROM day_seq WHERE service_id = ?`, service).Scan(&n); err != nil {
		ts.t.Fatal(err)
	}
	return n
}

func TestVisitThreeServicesOneTicket(t *testing.T) {
	ts := newStore(t, nil)
	ctx := context.Background()
	v := ts.issueVisit(api.PriorityNone, "ktp-el", "sim", "jkn")
	if v.Number != "A-001" || v.ServiceID != "ktp-el" || v.Step != 0 || len(v.Route) != 3 || v.CheckCode == "" {
		t.Fatalf("visit ticket %+v", v)
	}
	if got := states(v.Route); got != "ktp-el:*waiting sim:pending jkn:pending" {
		t.Fatalf("route %s", got)
	}
	if v.Route[1].ServiceName != "Perpanjangan SIM A & C" || v.Route[2].AgencyShort == "" {
		t.Fatalf("route names %+v", v.Route)
	}
	// Each later step holds its place in that service's quota.
	if ts.issued("sim") != 1 || ts.issued("jkn") != 1 {
		t.Fatalf("reserved sim %d jkn %d, want 1 each", ts.issued("sim"), ts.issued("jkn"))
	}
	// A ticket of sim taken directly is numbered from 1: reservations are
	// not numbers.
	if d := ts.issue("sim", api.PriorityNone); d.Number != "J-001" {
		t.Fatalf("direct sim ticket %s", d.Number)
	}

	n := ts.evs.count()
	ts.serve(officer("petugas1", "loket-1"), "loket-1", v.ID)
	done, routed := ts.evs.since(n, api.EventTicketDone), ts.evs.since(n, api.EventTicketRouted)
	if len(done) != 1 || len(routed) != 1 || done[0].Ticket.ID != v.ID || routed[0].Ticket.ID != v.ID {
		t.Fatalf("done %+v routed %+v", done, routed)
	}
	if d := done[0].Ticket; d.ServiceID != "ktp-el" || d.State != api.StateDone || d.CounterNumber != 1 {
		t.Fatalf("done event %+v", d)
	}
	if r := routed[0]; r.Ticket.ServiceID != "sim" || r.Ticket.State != api.StateWaiting || r.Ticket.Step != 1 ||
		r.Ticket.Number != v.Number || r.Waiting == nil || r.Waiting.ServiceID != "sim" || r.Waiting.Waiting != 2 {
		t.Fatalf("routed event %+v %+v", r.Ticket, r.Waiting)
	}
	now := ts.ticket(v.ID)
	if now.ID != v.ID || now.Number != v.Number || now.ServiceID != "sim" || now.Step != 1 || now.Origin != api.OriginRoute ||
		now.CheckCode != v.CheckCode || now.Position != 1 {
		t.Fatalf("after step 1: %+v", now)
	}
	if got := states(now.Route); got != "ktp-el:done sim:*waiting jkn:pending" {
		t.Fatalf("route %s", got)
	}
	if s := now.Route[0]; s.CounterNumber != 1 || s.FinishedAt == nil || s.CalledAt == nil {
		t.Fatalf("step 1 detail %+v", s)
	}
	// By arrival (the default): the visit was taken before the direct sim
	// ticket, so loket-7 calls it first.
	p7 := officer("petugas6", "loket-7")
	n = ts.evs.count()
	ts.serve(p7, "loket-7", v.ID)
	called := ts.evs.since(n, api.EventTicketCalled)
	if len(called) != 1 || called[0].Call.Number != v.Number || called[0].Call.CounterNumber != 7 || called[0].Call.TicketID != v.ID {
		t.Fatalf("step 2 call %+v", called)
	}
	ts.serve(officer("petugas8", "loket-10"), "loket-10", v.ID)
	end := ts.ticket(v.ID)
	if end.State != api.StateDone || end.ServiceID != "jkn" || states(end.Route) != "ktp-el:done sim:done jkn:*done" {
		t.Fatalf("end %+v %s", end, states(end.Route))
	}
	if r := ts.evs.since(n, api.EventTicketRouted); len(r) != 1 {
		t.Fatalf("%d routed events after the last two steps, want 1 (sim → jkn)", len(r))
	}
	// Three rows, one visit; the reports count each step in its service.
	rep, err := ts.VisitReport(ctx, store.ReportQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total.Visits != 2 || rep.Total.Completed != 1 || rep.Total.Steps != 4 || len(rep.Rows) != 2 || rep.Rows[1].Key != "3" ||
		rep.Rows[1].Visits != 1 || rep.Rows[1].Completed != 1 || rep.Rows[1].StepsDone != 3 || rep.Rows[1].P50Minutes == nil {
		t.Fatalf("visit report %+v", rep)
	}
	sum, err := ts.Summary(ctx, store.ReportQuery{Group: api.GroupService})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range sum.Rows {
		want := map[string][2]int{"ktp-el": {1, 0}, "sim": {1, 1}, "jkn": {0, 1}}[r.Key]
		if r.Issued != want[0] || r.RoutedIn != want[1] {
			t.Fatalf("%s issued %d routed in %d, want %v", r.Key, r.Issued, r.RoutedIn, want)
		}
		if r.Key == "jkn" && (r.Served != 1 || r.Called != 1 || r.AvgWaitMinutes == nil) {
			t.Fatalf("jkn row %+v", r)
		}
	}
	if sum.Total.Issued+sum.Total.TransferredIn+sum.Total.RoutedIn+sum.Total.Returned !=
		sum.Total.Served+sum.Total.NoShow+sum.Total.Cancelled+sum.Total.Transferred+sum.Total.Expired+sum.Total.Open {
		t.Fatalf("rows do not add up: %+v", sum.Total)
	}
}

// The issue response and GET show each pending step's queue now.
func TestVisitPendingStepsShowTheirWait(t *testing.T) {
	ts := newStore(t, nil)
	for i := 0; i < 3; i++ {
		ts.issue("jkn", api.PriorityNone)
	}
	v := ts.issueVisit(api.PriorityNone, "ktp-el", "jkn")
	if v.Route[1].EstWaitMinutes <= 0 {
		t.Fatalf("jkn step shows no wait: %+v", v.Route[1])
	}
	if g := ts.ticket(v.ID); g.Route[1].EstWaitMinutes != v.Route[1].EstWaitMinutes {
		t.Fatalf("GET %d, issue %d", g.Route[1].EstWaitMinutes, v.Route[1].EstWaitMinutes)
	}
}

func TestVisitRouteValidation(t *testing.T) {
	ts := newStore(t, func(f *config.File) { f.Site.Visits = &api.VisitRules{MaxServices: 3} })
	ctx := context.Background()
	for _, tc := range []struct {
		req  api.IssueRequest
		code api.Code
	}{
		{api.IssueRequest{ServiceIDs: []string{"ktp-el", "sim", "jkn", "kk"}}, api.CodeInvalidInput}, // over the site's 3
		{api.IssueRequest{ServiceIDs: []string{"ktp-el", "ktp-el"}}, api.CodeInvalidInput},
		{api.IssueRequest{ServiceIDs: []string{"ktp-el", ""}}, api.CodeInvalidInput},
		{api.IssueRequest{ServiceID: "sim", ServiceIDs: []string{"ktp-el", "sim"}}, api.CodeInvalidInput},
		{api.IssueRequest{ServiceIDs: []string{"ktp-el", "nope"}}, api.CodeNotFound},
	} {
		_, _, err := ts.Issue(ctx, kiosk, NewID(12), tc.req)
		wantCode(t, err, tc.code)
	}
	// A service may come back later in the route (submit, pay, collect).
	v := ts.issueVisit(api.PriorityNone, "ktp-el", "bank-nagari", "ktp-el")
	if len(v.Route) != 3 || ts.issued("ktp-el") != 2 {
		t.Fatalf("route %s, ktp-el holds %d", states(v.Route), ts.issued("ktp-el"))
	}
	// The same key with another route is a conflict; the same route the
	// same ticket.
	key := NewID(12)
	a, created, err := ts.Issue(ctx, kiosk, key, api.IssueRequest{ServiceIDs: []string{"kk", "jkn"}})
	if err != nil || !created {
		t.Fatal(err)
	}
	b, created, err := ts.Issue(ctx, kiosk, key, api.IssueRequest{ServiceIDs: []string{"kk", "jkn"}})
	if err != nil || created || b.ID != a.ID || len(b.Route) != 2 {
		t.Fatalf("replay %+v %v %v", b, created, err)
	}
	_, _, err = ts.Issue(ctx, kiosk, key, api.IssueRequest{ServiceIDs: []string{"kk", "sim"}})
	wantCode(t, err, api.CodeConflict)
	// service_id alone keeps its old request hash.
	key = NewID(12)
	if _, _, err := ts.Issue(ctx, kiosk, key, api.IssueRequest{ServiceID: "kk"}); err != nil {
		t.Fatal(err)
	}
	if _, created, err := ts.Issue(ctx, kiosk, key, api.IssueRequest{ServiceIDs: []string{"kk"}}); err != nil || created {
		t.Fatalf("one-service route vs service_id: %v %v", created, err)
	}
}

// Quotas, hours and counters are checked for every step at issue time;
// the refusal names the step, and nothing is issued or held.
func TestVisitIssueChecksEveryStep(t *testing.T) {
	ts := newStore(t, func(f *config.File) {
		f.Site.AlwaysOpen = false
		f.Site.IssueWithoutCounter = false
		for i := range f.Services {
			switch f.Services[i].ID {
			case "sim":
				f.Services[i].DailyQuota = 2
			case "haji": // closed on Thursdays
				f.Services[i].Hours = []api.DayHours{{Weekday: 1, Open: "08:00", Close: "12:00"}}
			}
		}
	})
	ctx := context.Background()
	for _, c := range []struct{ user, counter string }{{"petugas1", "loket-1"}, {"petugas6", "loket-7"}, {"petugas8", "loket-10"}, {"petugas10", "loket-13"}} {
		ts.login(c.user, c.counter)
	}
	// Two visits hold sim's two places: a third, and a direct ticket, are
	// refused.
	ts.issueVisit(api.PriorityNone, "ktp-el", "sim")
	ts.issueVisit(api.PriorityNone, "jkn", "sim")
	_, _, err := ts.Issue(ctx, kiosk, NewID(12), api.IssueRequest{ServiceIDs: []string{"ktp-el", "sim", "jkn"}})
	wantCode(t, err, api.CodeQuotaFull)
	if e := err.(*api.Error); e.ServiceID != "sim" || e.Reason != api.ReasonQuotaFull {
		t.Fatalf("refusal %+v", e)
	}
	_, _, err = ts.Issue(ctx, kiosk, NewID(12), api.IssueRequest{ServiceID: "sim"})
	wantCode(t, err, api.CodeQuotaFull)
	// A later step closed today.
	_, _, err = ts.Issue(ctx, kiosk, NewID(12), api.IssueRequest{ServiceIDs: []string{"ktp-el", "haji"}})
	wantCode(t, err, api.CodeServiceClosed)
	if e := err.(*api.Error); e.ServiceID != "haji" || e.Reason != api.ReasonClosedDay {
		t.Fatalf("refusal %+v", e)
	}
	// A later step without an open, staffed counter.
	_, _, err = ts.Issue(ctx, kiosk, NewID(12), api.IssueRequest{ServiceIDs: []string{"ktp-el", "paspor"}})
	if e, _ := err.(*api.Error); e == nil || e.ServiceID != "paspor" || e.Reason != api.ReasonNoCounter {
		t.Fatalf("refusal %v", err)
	}
	// None of the refusals took a number or a place.
	if ts.issued("ktp-el") != 1 || ts.issued("jkn") != 1 || ts.issued("sim") != 2 {
		t.Fatalf("held: ktp-el %d jkn %d sim %d", ts.issued("ktp-el"), ts.issued("jkn"), ts.issued("sim"))
	}
	var n int
	ts.r.QueryRow(`SELECT COUNT(*) FROM tickets`).Scan(&n)
	if n != 2 {
		t.Fatalf("%d tickets, want 2", n)
	}
}

func TestVisitRouteOrderFairness(t *testing.T) {
	for _, tc := range []struct {
		order api.RouteOrder
		want  string // sim's call order after the visit's first step
	}{
		{"default", "A-001 J-001 J-002"},
		{api.RouteByArrival, "A-001 J-001 J-002"},
		{api.RouteAtBack, "J-001 J-002 A-001"},
	} {
		t.Run(string(tc.order), func(t *testing.T) {
			order := tc.order
			if order == "default" {
				order = ""
			}
			ts := newStore(t, func(f *config.File) { f.Site.Visits = &api.VisitRules{Order: order} })
			v := ts.issueVisit(api.PriorityNone, "ktp-el", "sim")
			ts.clk.Advance(time.Minute)
			ts.issue("sim", api.PriorityNone)
			ts.clk.Advance(time.Minute)
			ts.issue("sim", api.PriorityNone)
			ts.clk.Advance(time.Minute)
			ts.serve(officer("petugas1", "loket-1"), "loket-1", v.ID)
			// The public position agrees with call-next (one counter, loket-7).
			pos := ts.ticket(v.ID).Position
			got := strings.Join(ts.drainAt("petugas6", "loket-7"), " ")
			if got != tc.want {
				t.Fatalf("sim called %s, want %s", got, tc.want)
			}
			if wantPos := 1 + strings.Index(strings.ReplaceAll(tc.want, " ", ""), "A-001")/5; pos != wantPos {
				t.Fatalf("position %d, want %d", pos, wantPos)
			}
		})
	}
}

// A step keeps its priority class where the next service has a priority
// queue, like a transfer.
func TestVisitKeepsPriority(t *testing.T) {
	ts := newStore(t, nil)
	v := ts.issueVisit(api.PriorityElderly, "ktp-el", "sim")
	ts.serve(officer("petugas1", "loket-1"), "loket-1", v.ID)
	if got := ts.ticket(v.ID); got.Priority != api.PriorityElderly {
		t.Fatalf("priority %s", got.Priority)
	}
}

func TestVisitNoShowEndsItCancelReleases(t *testing.T) {
	ts := newStore(t, nil)
	p1 := officer("petugas1", "loket-1")
	v := ts.issueVisit(api.PriorityNone, "ktp-el", "sim", "jkn")
	if tk := ts.callNext(p1, "loket-1"); tk.ID != v.ID {
		t.Fatal(tk)
	}
	ns := ts.act(p1, v.ID, "no-show")
	if states(ns.Route) != "ktp-el:*no_show sim:skipped jkn:skipped" {
		t.Fatalf("no-show route %s", states(ns.Route))
	}
	if r := ts.evs.since(0, api.EventTicketRouted); len(r) != 0 {
		t.Fatal("a no-show was routed on")
	}
	if tk := ts.callNext(officer("petugas6", "loket-7"), "loket-7"); tk != nil {
		t.Fatalf("sim called %s after a no-show at step 1", tk.Number)
	}
	// The places stay held while the citizen may return.
	if ts.issued("sim") != 1 {
		t.Fatal("no-show released sim's place")
	}
	c := ts.issueVisit(api.PriorityNone, "kk", "sim", "jkn")
	ts.act(p1, c.ID, "cancel")
	if ts.issued("sim") != 1 || ts.issued("jkn") != 1 {
		t.Fatalf("cancel kept its places: sim %d jkn %d", ts.issued("sim"), ts.issued("jkn"))
	}
}

// A no-show returns within the window at the back of its line, keeps its
// route, and the reports count it.
func TestVisitReturnAfterNoShow(t *testing.T) {
	ts := newStore(t, func(f *config.File) { f.Site.Visits = &api.VisitRules{ReturnMinutes: 20} })
	ctx := context.Background()
	p1 := officer("petugas1", "loket-1")
	v := ts.issueVisit(api.PriorityNone, "ktp-el", "sim")
	other := ts.issue("ktp-el", api.PriorityNone)
	ts.callNext(p1, "loket-1")
	ts.act(p1, v.ID, "no-show")
	vis, err := ts.Visit(ctx, p1, v.ID)
	if err != nil || !vis.Returnable || vis.ReturnUntil == nil {
		t.Fatalf("visit %+v %v", vis, err)
	}
	// Not a stranger's counter; a kiosk may (it holds the QR's id).
	_, err = ts.Return(ctx, officer("petugas6", "loket-7"), v.ID)
	wantCode(t, err, api.CodeForbidden)
	ts.clk.Advance(5 * time.Minute)
	later := ts.issue("ktp-el", api.PriorityNone)
	ts.clk.Advance(time.Minute)
	back, err := ts.Return(ctx, kiosk, v.ID)
	if err != nil || back.ID != v.ID || back.State != api.StateWaiting || back.Origin != api.OriginReturn ||
		back.Number != v.Number || back.Step != 0 || len(back.Route) != 2 {
		t.Fatalf("returned %+v %v", back, err)
	}
	if r := ts.evs.since(0, api.EventTicketReturned); len(r) != 1 || r[0].Ticket.ID != v.ID {
		t.Fatalf("returned events %+v", r)
	}
	// At the back: behind the ticket taken while it was away.
	got := ts.drainAt("petugas1", "loket-1")
	if strings.Join(got, " ") != other.Number+" "+later.Number+" "+v.Number {
		t.Fatalf("after the return loket-1 called %v", got)
	}
	_, err = ts.Return(ctx, p1, v.ID) // drainAt no-showed it again
	if err != nil {
		t.Fatalf("second return: %v", err)
	}
	ts.serve(p1, "loket-1", v.ID)
	if g := ts.ticket(v.ID); g.ServiceID != "sim" || g.Step != 1 {
		t.Fatalf("after the returned step: %+v", g)
	}
	// Too late, or not a no-show.
	w := ts.issue("kk", api.PriorityNone)
	_, err = ts.Return(ctx, p1, w.ID)
	wantCode(t, err, api.CodeInvalidState)
	ts.callNext(p1, "loket-1")
	ts.act(p1, w.ID, "no-show")
	ts.clk.Advance(21 * time.Minute)
	_, err = ts.Return(ctx, p1, w.ID)
	wantCode(t, err, api.CodeInvalidState)
	sum, err := ts.Summary(ctx, store.ReportQuery{Group: api.GroupService})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range sum.Rows {
		if r.Key == "ktp-el" && (r.Returned != 2 || r.NoShow != 4) {
			t.Fatalf("ktp-el row %+v", r)
		}
	}
	rep, err := ts.VisitReport(ctx, store.ReportQuery{})
	if err != nil || rep.Total.Returned != 1 {
		t.Fatalf("visit report %+v %v", rep.Total, err)
	}
}

func TestVisitReturnWindowOff(t *testing.T) {
	ts := newStore(t, func(f *config.File) { f.Site.Visits = &api.VisitRules{ReturnMinutes: -1} })
	p1 := officer("petugas1", "loket-1")
	v := ts.issue("ktp-el", api.PriorityNone)
	ts.callNext(p1, "loket-1")
	ts.act(p1, v.ID, "no-show")
	_, err := ts.Return(context.Background(), p1, v.ID)
	wantCode(t, err, api.CodeInvalidState)
}

// Notes are for officers: in the visit and the counter view, never in an
// event, the public ticket or the board.
func TestVisitNotesPrivacy(t *testing.T) {
	ts := newStore(t, nil)
	ctx := context.Background()
	const secret = "Sudah rekam biometrik; KK lama dibawa (rahasia-7731)"
	p1, p7 := officer("petugas1", "loket-1"), officer("petugas6", "loket-7")
	v := ts.issueVisit(api.PriorityNone, "ktp-el", "sim")
	ts.serve(p1, "loket-1", v.ID)
	// The previous officer leaves the note after finishing.
	n, err := ts.AddNote(ctx, p1, v.ID, api.NoteRequest{Text: "  " + secret + "\n"})
	if err != nil || n.Text != secret || n.Step != 0 || n.ServiceID != "ktp-el" || n.Author != "Rahmat Hidayat" {
		t.Fatalf("note %+v %v", n, err)
	}
	// Not a kiosk, not an officer who has nothing to do with the visit.
	_, err = ts.AddNote(ctx, kiosk, v.ID, api.NoteRequest{Text: "x"})
	wantCode(t, err, api.CodeForbidden)
	_, err = ts.AddNote(ctx, officer("petugas9", "loket-11"), v.ID, api.NoteRequest{Text: "x"})
	wantCode(t, err, api.CodeForbidden)
	_, err = ts.Visit(ctx, officer("petugas9", "loket-11"), v.ID)
	wantCode(t, err, api.CodeForbidden)
	for _, bad := range []string{"", "   ", strings.Repeat("x", api.NoteMaxLen+1), "a\u202eb"} {
		_, err = ts.AddNote(ctx, p1, v.ID, api.NoteRequest{Text: bad})
		wantCode(t, err, api.CodeInvalidInput)
	}
	// The next officer sees it when the ticket is called.
	ts.callNext(p7, "loket-7")
	cv, err := ts.CounterView(ctx, p7, "loket-7")
	if err != nil || cv.CurrentVisit == nil || len(cv.CurrentVisit.Notes) != 1 || cv.CurrentVisit.Notes[0].Text != secret ||
		len(cv.CurrentVisit.Rows) != 2 || cv.CurrentVisit.Rows[0].Officer != "Rahmat Hidayat" || cv.CurrentVisit.Rows[0].CounterNumber != 1 {
		t.Fatalf("counter view %+v %v", cv.CurrentVisit, err)
	}
	ts.act(p7, v.ID, "start")
	ts.act(p7, v.ID, "finish")
	// Nowhere public.
	pub, _ := json.Marshal(ts.ticket(v.ID))
	board, err := ts.Board(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	bb, _ := json.Marshal(board)
	evs, _, err := ts.EventsAfter(ctx, 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	for what, b := range map[string][]byte{"ticket": pub, "board": bb} {
		if strings.Contains(string(b), "rahasia") {
			t.Fatalf("the note is in the %s: %s", what, b)
		}
	}
	for _, e := range evs {
		if strings.Contains(string(e.Event.Data), "rahasia") {
			t.Fatalf("the note is in event %s: %s", e.Event.Type, e.Event.Data)
		}
	}
	ts.evs.mu.Lock()
	for _, e := range ts.evs.evs {
		if strings.Contains(string(e.Data), "rahasia") {
			t.Fatalf("the note was published in %s", e.Type)
		}
	}
	ts.evs.mu.Unlock()
}

func TestVisitRouteEdits(t *testing.T) {
	ts := newStore(t, func(f *config.File) { f.Site.Visits = &api.VisitRules{MaxServices: 4} })
	ctx := context.Background()
	p1 := officer("petugas1", "loket-1")
	v := ts.issueVisit(api.PriorityNone, "ktp-el", "sim")
	ts.callNext(p1, "loket-1")
	// The officer serving step 1 adds BPJS and drops SIM.
	n := ts.evs.count()
	got, err := ts.EditRoute(ctx, p1, v.ID, api.RouteRequest{Step: 0, ServiceIDs: []string{"jkn", "jht"}})
	if err != nil || states(got.Route) != "ktp-el:*called jkn:pending jht:pending" {
		t.Fatalf("edited %s %v", states(got.Route), err)
	}
	if ts.issued("sim") != 0 || ts.issued("jkn") != 1 || ts.issued("jht") != 1 {
		t.Fatalf("places: sim %d jkn %d jht %d", ts.issued("sim"), ts.issued("jkn"), ts.issued("jht"))
	}
	if e := ts.evs.since(n, api.EventTicketRouteChanged); len(e) != 1 || len(e[0].Ticket.Route) != 3 {
		t.Fatalf("route_changed %+v", e)
	}
	// Refused: a stale step, too many services, a service twice in a row,
	// an unknown service, a stranger.
	_, err = ts.EditRoute(ctx, p1, v.ID, api.RouteRequest{Step: 1, ServiceIDs: []string{"jkn"}})
	wantCode(t, err, api.CodeConflict)
	_, err = ts.EditRoute(ctx, p1, v.ID, api.RouteRequest{Step: 0, ServiceIDs: []string{"jkn", "jht", "sim", "npwp"}})
	wantCode(t, err, api.CodeInvalidInput)
	_, err = ts.EditRoute(ctx, p1, v.ID, api.RouteRequest{Step: 0, ServiceIDs: []string{"ktp-el"}})
	wantCode(t, err, api.CodeInvalidInput)
	_, err = ts.EditRoute(ctx, p1, v.ID, api.RouteRequest{Step: 0, ServiceIDs: []string{"nope"}})
	wantCode(t, err, api.CodeNotFound)
	_, err = ts.EditRoute(ctx, officer("petugas9", "loket-11"), v.ID, api.RouteRequest{Step: 0, ServiceIDs: nil})
	wantCode(t, err, api.CodeForbidden)
	ts.act(p1, v.ID, "start")
	ts.act(p1, v.ID, "finish")
	// After finishing, the previous officer may still change what comes
	// after the current step; the step they name must be the current one.
	got, err = ts.EditRoute(ctx, p1, v.ID, api.RouteRequest{Step: 1, ServiceIDs: nil})
	if err != nil || states(got.Route) != "ktp-el:done jkn:*waiting" || ts.issued("jht") != 0 {
		t.Fatalf("dropped the last step: %s %v (jht %d)", states(got.Route), err, ts.issued("jht"))
	}
	ts.serve(officer("petugas8", "loket-10"), "loket-10", v.ID)
	_, err = ts.EditRoute(ctx, p1, v.ID, api.RouteRequest{Step: 1, ServiceIDs: []string{"npwp"}})
	wantCode(t, err, api.CodeInvalidState) // done: the visit is over
	// A single-service ticket can become a visit.
	s := ts.issue("kk", api.PriorityNone)
	got, err = ts.EditRoute(ctx, p1, s.ID, api.RouteRequest{Step: 0, ServiceIDs: []string{"akta"}})
	if err != nil || states(got.Route) != "kk:*waiting akta:pending" {
		t.Fatalf("single → visit: %s %v", states(got.Route), err)
	}
}

// A transfer inside a visit keeps the visit: the step's service is
// replaced and the route goes on from the new ticket.
func TestVisitTransferKeepsRoute(t *testing.T) {
	ts := newStore(t, nil)
	ctx := context.Background()
	p1 := officer("petugas1", "loket-1")
	v := ts.issueVisit(api.PriorityNone, "ktp-el", "sim")
	ts.callNext(p1, "loket-1")
	moved, err := ts.Transfer(ctx, p1, v.ID, "kk")
	if err != nil || moved.ID == v.ID || moved.TransferredFrom != v.ID || states(moved.Route) != "kk:*waiting sim:pending" {
		t.Fatalf("transferred %+v %s %v", moved, states(moved.Route), err)
	}
	ts.serve(p1, "loket-1", moved.ID)
	if g := ts.ticket(moved.ID); g.ServiceID != "sim" || g.Step != 1 {
		t.Fatalf("after the transferred step %+v", g)
	}
	ts.serve(officer("petugas6", "loket-7"), "loket-7", moved.ID)
	rep, err := ts.VisitReport(ctx, store.ReportQuery{})
	if err != nil || rep.Total.Visits != 1 || rep.Total.Completed != 1 || rep.Total.StepsDone != 2 {
		t.Fatalf("one visit across a transfer: %+v %v", rep.Total, err)
	}
}

// A visit rates each finished step once, the latest first.
func TestVisitSurveyPerStep(t *testing.T) {
	ts := newStore(t, nil)
	ctx := context.Background()
	v := ts.issueVisit(api.PriorityNone, "ktp-el", "sim")
	st, err := ts.SurveyStatus(ctx, v.ID)
	if err != nil || st.CanAnswer {
		t.Fatalf("before any step: %+v %v", st, err)
	}
	ts.serve(officer("petugas1", "loket-1"), "loket-1", v.ID)
	st, err = ts.SurveyStatus(ctx, v.ID)
	if err != nil || !st.CanAnswer || st.ServiceID != "ktp-el" {
		t.Fatalf("after step 1: %+v %v", st, err)
	}
	answers := []int{4, 4, 3, 4, 4, 3, 4, 4, 4}
	r1, err := ts.SubmitSurvey(ctx, store.Principal{}, v.ID, api.SurveyRequest{Answers: answers})
	if err != nil || r1.ServiceID != "ktp-el" {
		t.Fatalf("rated %+v %v", r1, err)
	}
	ts.serve(officer("petugas6", "loket-7"), "loket-7", v.ID)
	// By number and check code at the kiosk: the step not rated yet.
	chk, err := ts.SurveyCheck(ctx, kiosk, api.SurveyCheckRequest{Number: v.Number, Check: v.CheckCode})
	if err != nil || chk.ServiceID != "sim" {
		t.Fatalf("check %+v %v", chk, err)
	}
	r2, err := ts.SubmitSurveyByNumber(ctx, kiosk, api.KioskSurveyRequest{Number: v.Number, Check: v.CheckCode, Answers: answers})
	if err != nil || r2.ServiceID != "sim" {
		t.Fatalf("rated %+v %v", r2, err)
	}
	_, err = ts.SubmitSurvey(ctx, store.Principal{}, v.ID, api.SurveyRequest{Answers: answers})
	wantCode(t, err, api.CodeConflict)
	ikm, err := ts.IKM(ctx, store.ReportQuery{Group: api.GroupService})
	if err != nil || ikm.Total.Respondents != 2 || len(ikm.Rows) != 2 {
		t.Fatalf("ikm %+v %v", ikm, err)
	}
}

// Concurrency: four counters of three agencies serve thirty visits at
// once while an officer keeps editing routes. A visit is never open at two
// counters (at most one open row per visit, checked throughout), each
// step's finish and the next step's entry are one transaction (same
// time), and every visit ends complete with its steps in order.
func TestVisitConcurrentCounters(t *testing.T) {
	ts := newStore(t, nil)
	ctx := context.Background()
	const n = 30
	var visits []api.Ticket
	for i := 0; i < n; i++ {
		visits = append(visits, ts.issueVisit(api.PriorityNone, "ktp-el", "sim", "jkn"))
	}
	desks := []struct {
		p       store.Principal
		counter string
	}{
		{officer("petugas1", "loket-1"), "loket-1"}, {officer("petugas2", "loket-2"), "loket-2"},
		{officer("petugas6", "loket-7"), "loket-7"}, {officer("petugas8", "loket-10"), "loket-10"},
	}
	stop := make(chan struct{})
	errs := make(chan error, 16)
	fail := func(err error) {
		select {
		case errs <- err:
		default:
		}
	}
	var wg sync.WaitGroup
	for _, d := range desks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				tk, err := ts.CallNext(ctx, d.p, d.counter)
				if err != nil {
					fail(err)
					return
				}
				if tk == nil {
					time.Sleep(time.Millisecond)
					continue
				}
				for _, verb := range []string{"start", "finish"} {
					if _, err := ts.Act(ctx, d.p, tk.ID, verb); err != nil {
						fail(err)
						return
					}
				}
			}
		}()
	}
	// An officer re-sets routes to what they are, naming the step seen:
	// racing the counters, such an edit is applied or refused as stale
	// (conflict, or invalid_state once done), never half-way.
	wg.Add(1)
	go func() {
		defer wg.Done()
		admin := store.Principal{Role: api.RoleAdmin}
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			v := visits[i%n]
			tk, err := ts.Ticket(ctx, v.ID)
			if err != nil {
				fail(err)
				return
			}
			rest := stepIDs(tk.Route)[tk.Step+1:]
			if _, err := ts.EditRoute(ctx, admin, v.ID, api.RouteRequest{Step: tk.Step, ServiceIDs: rest}); err != nil {
				if c := api.CodeOf(err); c != api.CodeConflict && c != api.CodeInvalidState {
					fail(err)
					return
				}
			}
		}
	}()
	// The invariant, checked while everything runs.
	deadline := time.Now().Add(60 * time.Second)
	for {
		var open int
		if err := ts.r.QueryRow(`SELECT COUNT(*) FROM (SELECT CASE WHEN visit_id = '' THEN id ELSE visit_id END AS k
			FROM tickets WHERE state IN ('waiting','called','serving') GROUP BY k HAVING COUNT(*) > 1)`).Scan(&open); err != nil {
			t.Fatal(err)
		}
		if open > 0 {
			close(stop)
			wg.Wait()
			t.Fatalf("%d visits open twice at once", open)
		}
		var left int
		ts.r.QueryRow(`SELECT COUNT(*) FROM tickets WHERE state IN ('waiting','called','serving')`).Scan(&left)
		select {
		case err := <-errs:
			close(stop)
			wg.Wait()
			t.Fatal(err)
		default:
		}
		if left == 0 {
			break
		}
		if time.Now().After(deadline) {
			close(stop)
			wg.Wait()
			t.Fatalf("%d steps still open", left)
		}
		time.Sleep(2 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	for _, v := range visits {
		tk := ts.ticket(v.ID)
		if tk.State != api.StateDone || tk.Step != 2 || states(tk.Route) != "ktp-el:done sim:done jkn:*done" {
			t.Fatalf("visit %s ended %s", v.Number, states(tk.Route))
		}
		rows, err := visitRows(ctx, ts.r, ts.snapshot(), v.ID)
		if err != nil || len(rows) != 3 {
			t.Fatalf("%s has %d rows: %v", v.Number, len(rows), err)
		}
		for i, r := range rows {
			if r.Step != i || r.State != api.StateDone {
				t.Fatalf("%s row %d: step %d %s", v.Number, i, r.Step, r.State)
			}
			if i > 0 && (!r.entered.Valid || r.entered.Int64 != rows[i-1].finished.Int64) {
				t.Fatalf("%s step %d entered at %v, step %d finished at %v: not one transaction", v.Number, i, r.entered, i-1, rows[i-1].finished)
			}
		}
	}
	rep, err := ts.VisitReport(ctx, store.ReportQuery{})
	if err != nil || rep.Total.Visits != n || rep.Total.Completed != n || rep.Total.StepsDone != 3*n {
		t.Fatalf("visit report %+v %v", rep.Total, err)
	}
}
