package sqlite

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"antrean/server/queue"
	"antrean/server/store"
	"antrean/shared/api"
)

// The staff report against a direct computation. A seeded random day-by-day
// simulation drives the real store (logins, logouts, session expiry and
// revocation, breaks, calls, recalls, requeues, transfers, no-shows,
// finishes, surveys, day ends) on a clock the test moves, and keeps its own
// record of what happened. The expected figures are then computed from
// that record alone, by brute force: every elementary interval between two
// moments where anything changed is classified by looking at the record
// (signed in? the counter's status? a ticket at the counter?) — nothing of
// the store's span algebra or day rollups is reused.

type simSession struct {
	user, counter, token string
	from, to             int64 // to = the expiry until it ends otherwise
	ended                bool
}

type simTicket struct {
	id        string
	original  bool
	day       string
	issued    int64
	firstCall int64 // 0 = never called
	lastCall  int64
	start     int64
	finish    int64 // 0 = still open
	state     api.State
	officer   string
	counter   string
	calls     int
	survey    []int
}

type simHeld struct {
	officer, counter string
	from, to         int64
}

type simStatus struct {
	at int64
	st api.CounterStatus
}

type staffSim struct {
	t        *testing.T
	ts       *testStore
	clk      *queue.FixedClock
	rng      *rand.Rand
	sessions []*simSession
	tickets  map[string]*simTicket
	order    []string
	held     []simHeld
	status   map[string][]simStatus
	ctx      context.Context
}

var simOfficers = []struct {
	user     string
	counters []string
}{{"petugas1", []string{"loket-1"}}, {"petugas2", []string{"loket-2", "loket-3"}}, {"petugas3", []string{"loket-3"}}}

var simServices = []string{"ktp-el", "kk", "akta", "pindah-datang"}

func (s *staffSim) now() int64 { return ms(s.clk.Now()) }

func (s *staffSim) officerAt(user string) *simSession {
	for _, x := range s.sessions {
		if x.user == user && !x.ended && x.to > s.now() {
			return x
		}
	}
	return nil
}

func (s *staffSim) statusAt(counter string, at int64) api.CounterStatus {
	st := api.CounterOpen // seeded open, and the log's snapshot says so
	for _, x := range s.status[counter] {
		if x.at <= at {
			st = x.st
		}
	}
	return st
}

func (s *staffSim) current(counter string) *simTicket {
	for _, id := range s.order {
		tk := s.tickets[id]
		if tk.counter == counter && (tk.state == api.StateCalled || tk.state == api.StateServing) {
			return tk
		}
	}
	return nil
}

func (s *staffSim) principal(user string) store.Principal {
	for _, o := range simOfficers {
		if o.user == user {
			return officer(user, o.counters...)
		}
	}
	panic(user)
}

func (s *staffSim) record(tk api.Ticket) *simTicket {
	x := s.tickets[tk.ID]
	if x == nil {
		x = &simTicket{id: tk.ID, original: tk.TransferredFrom == "", day: tk.Day, issued: ms(tk.IssuedAt), state: tk.State}
		s.tickets[tk.ID] = x
		s.order = append(s.order, tk.ID)
	}
	return x
}

// expireSessions ends, in the record, the sessions whose time ran out.
func (s *staffSim) expireSessions() {
	for _, x := range s.sessions {
		if !x.ended && x.to <= s.now() {
			x.ended = true
		}
	}
}

// step does one random thing at the current time.
func (s *staffSim) step() {
	ctx := s.ctx
	s.expireSessions()
	r := s.rng.IntN(100)
	o := simOfficers[s.rng.IntN(len(simOfficers))]
	sess := s.officerAt(o.user)
	switch {
	case r < 20:
		tk := s.ts.issue(simServices[s.rng.IntN(len(simServices))], api.PriorityNone)
		s.record(tk)
	case r < 28:
		if sess != nil && s.rng.IntN(3) > 0 {
			return // people stay signed in for a while
		}
		if sess == nil {
			counter := o.counters[s.rng.IntN(len(o.counters))]
			got := s.ts.login(o.user, counter)
			s.sessions = append(s.sessions, &simSession{user: o.user, counter: counter, token: got.Token, from: s.now(), to: ms(got.ExpiresAt)})
			return
		}
		if s.rng.IntN(8) == 0 {
			// The admin deactivates and reactivates the user: every
			// session of theirs ends now.
			off, on := false, true
			if _, err := s.ts.UpdateUser(ctx, o.user, api.UserRequest{Active: &off}); err != nil {
				s.t.Fatal(err)
			}
			if _, err := s.ts.UpdateUser(ctx, o.user, api.UserRequest{Active: &on}); err != nil {
				s.t.Fatal(err)
			}
			for _, x := range s.sessions {
				if x.user == o.user && !x.ended {
					x.ended, x.to = true, min(x.to, s.now())
				}
			}
			return
		}
		if err := s.ts.Logout(ctx, sess.token); err != nil {
			s.t.Fatal(err)
		}
		sess.ended, sess.to = true, min(sess.to, s.now())
	case r < 36:
		if sess == nil {
			return
		}
		want := []api.CounterStatus{api.CounterBreak, api.CounterBreak, api.CounterClosed}[s.rng.IntN(3)]
		if s.statusAt(sess.counter, s.now()) != api.CounterOpen {
			want = api.CounterOpen // breaks end
		} else if s.rng.IntN(3) > 0 {
			return
		}
		if _, err := s.ts.SetCounterStatus(ctx, s.principal(o.user), sess.counter, want); err != nil {
			s.t.Fatal(err)
		}
		s.status[sess.counter] = append(s.status[sess.counter], simStatus{s.now(), want})
	default:
		if sess == nil {
			return
		}
		p := s.principal(o.user)
		cur := s.current(sess.counter)
		if cur == nil {
			if s.statusAt(sess.counter, s.now()) != api.CounterOpen {
				return
			}
			tk := s.ts.callNext(p, sess.counter)
			if tk == nil {
				return
			}
			x := s.record(*tk)
			if x.firstCall == 0 {
				x.firstCall = s.now()
			}
			x.lastCall, x.calls, x.state, x.officer, x.counter = s.now(), x.calls+1, api.StateCalled, o.user, sess.counter
			return
		}
		a := s.rng.IntN(100)
		switch {
		case cur.state == api.StateServing && a < 80:
			s.ts.act(p, cur.id, "finish")
			cur.state, cur.finish = api.StateDone, s.now()
			if s.rng.IntN(2) == 0 {
				ans := make([]int, 9)
				for i := range ans {
					ans[i] = 1 + s.rng.IntN(4)
				}
				if _, err := s.ts.SubmitSurvey(ctx, store.Principal{}, cur.id, api.SurveyRequest{Answers: ans}); err != nil {
					s.t.Fatal(err)
				}
				cur.survey = ans
			}
		case cur.state == api.StateServing || (cur.state == api.StateCalled && a < 8):
			to := simServices[s.rng.IntN(len(simServices))]
			if to == s.ticketService(cur.id) {
				return
			}
			nt, err := s.ts.Transfer(ctx, p, cur.id, to)
			if err != nil {
				s.t.Fatal(err)
			}
			cur.state, cur.finish = api.StateTransferred, s.now()
			s.record(nt)
		case a < 30:
			s.ts.act(p, cur.id, "start")
			cur.state, cur.start = api.StateServing, s.now()
		case a < 50:
			if _, err := s.ts.Recall(ctx, p, sess.counter); err != nil {
				s.t.Fatal(err)
			}
			cur.calls++
		case a < 60:
			s.ts.act(p, cur.id, "no-show")
			cur.state, cur.finish = api.StateNoShow, s.now()
		case a < 68:
			s.ts.act(p, cur.id, "requeue")
			s.held = append(s.held, simHeld{cur.officer, cur.counter, cur.lastCall, s.now()})
			cur.state, cur.officer, cur.counter = api.StateWaiting, "", ""
		}
	}
}

func (s *staffSim) ticketService(id string) string {
	tk, err := s.ts.Ticket(s.ctx, id)
	if err != nil {
		s.t.Fatal(err)
	}
	return tk.ServiceID
}

// closeDay moves the clock to 07:00 of the next day and lets the store
// close the day: open tickets expire at that moment.
func (s *staffSim) nextMorning(day time.Time) time.Time {
	next := day.AddDate(0, 0, 1)
	s.clk.Set(time.Date(next.Year(), next.Month(), next.Day(), 7, 0, 0, 0, wib))
	if err := s.ts.Housekeep(s.ctx); err != nil {
		s.t.Fatal(err)
	}
	for _, id := range s.order {
		tk := s.tickets[id]
		if tk.finish == 0 && tk.day < queue.LocalDay(s.clk.Now(), wib) {
			if tk.state == api.StateCalled || tk.state == api.StateServing || tk.state == api.StateWaiting {
				tk.state, tk.finish = api.StateExpired, s.now()
			}
		}
	}
	s.expireSessions()
	return next
}

// expected computes one row of the report from the record alone.
func (s *staffSim) expected(group api.ReportGroup, key, from, to string, end int64, targetMin int) api.StaffRow {
	var row api.StaffRow
	who := func(tk *simTicket) string {
		if group == api.GroupCounter {
			return tk.counter
		}
		return tk.officer
	}
	var serveMs, waitN int64
	var serveSecs []int64
	var ikmTotal, ikmN int
	for _, id := range s.order {
		tk := s.tickets[id]
		if tk.day < from || tk.day > to || who(tk) != key || key == "" {
			continue
		}
		row.TicketsCalled++
		row.Recalls += tk.calls - 1
		switch tk.state {
		case api.StateDone:
			row.Served++
			if tk.start > 0 {
				serveMs += tk.finish - tk.start
				serveSecs = append(serveSecs, (tk.finish-tk.start+999)/1000)
			}
		case api.StateNoShow:
			row.NoShow++
		}
		if tk.original && tk.firstCall > 0 {
			row.Called++
			waitN++
			if tk.firstCall-tk.issued <= int64(targetMin)*60000 {
				row.WithinTarget++
			}
		}
		for _, a := range tk.survey {
			ikmTotal += a
		}
		if tk.survey != nil {
			ikmN++
		}
	}
	if n := len(serveSecs); n > 0 {
		v := float64(serveMs) / 60000 / float64(n)
		row.AvgServiceMinutes = &v
		sort.Slice(serveSecs, func(i, j int) bool { return serveSecs[i] < serveSecs[j] })
		p := float64(serveSecs[int(math.Ceil(0.9*float64(n)))-1]) / 60
		row.P90ServiceMinutes = &p
	}
	if row.Called > 0 {
		v := 100 * float64(row.WithinTarget) / float64(row.Called)
		row.ServiceLevel = &v
	}
	if row.TicketsCalled > 0 {
		v := float64(row.Recalls) / float64(row.TicketsCalled)
		row.RecallsPerTicket = &v
	}
	if ikmN > 0 {
		v := float64(25*ikmTotal) / float64(9*ikmN)
		row.IKM, row.Respondents = &v, ikmN
	}
	// Times, day by day, by brute force over the elementary intervals.
	var logged, brk, open, idle int64
	for day, _ := time.ParseInLocation("2006-01-02", from, wib); day.Format("2006-01-02") <= to; day = day.AddDate(0, 0, 1) {
		d0, d1 := ms(day), ms(day.AddDate(0, 0, 1))
		e := min(d1, end)
		if e <= d0 {
			break
		}
		points := []int64{d0, e}
		var mine []*simSession
		for _, x := range s.sessions {
			if (group == api.GroupOfficer && x.user == key) || (group == api.GroupCounter && x.counter == key) {
				mine = append(mine, x)
				points = append(points, x.from, x.to)
			}
		}
		type busySpan struct{ from, to int64 }
		var busy []busySpan
		for _, id := range s.order {
			tk := s.tickets[id]
			if who(tk) != key || tk.lastCall == 0 {
				continue
			}
			stop := tk.finish
			if stop == 0 {
				stop = end
			}
			// A ticket still at the counter when its day ends expires with
			// the day: it was at the counter until midnight, not until the
			// store noticed the day was over.
			tday, _ := time.ParseInLocation("2006-01-02", tk.day, wib)
			stop = min(stop, ms(tday.AddDate(0, 0, 1)))
			busy = append(busy, busySpan{tk.lastCall, stop})
			points = append(points, tk.lastCall, stop)
		}
		for _, h := range s.held {
			if (group == api.GroupOfficer && h.officer == key) || (group == api.GroupCounter && h.counter == key) {
				busy = append(busy, busySpan{h.from, h.to})
				points = append(points, h.from, h.to)
			}
		}
		for _, list := range s.status {
			for _, x := range list {
				points = append(points, x.at)
			}
		}
		sort.Slice(points, func(i, j int) bool { return points[i] < points[j] })
		for i := 0; i+1 < len(points); i++ {
			a, b := max(points[i], d0), min(points[i+1], e)
			if a >= b {
				continue
			}
			var in, onBreak, isOpen, isBusy bool
			for _, x := range mine {
				if x.from <= a && a < x.to {
					in = true
					switch s.statusAt(x.counter, a) {
					case api.CounterBreak:
						onBreak = true
					case api.CounterOpen:
						isOpen = true
					}
				}
			}
			for _, x := range busy {
				isBusy = isBusy || (x.from <= a && a < x.to)
			}
			if !in {
				continue
			}
			logged += b - a
			if onBreak {
				brk += b - a
			}
			if isOpen {
				open += b - a
				if !isBusy {
					idle += b - a
				}
			}
		}
	}
	m := func(v int64) *float64 { x := float64(v) / 60000; return &x }
	row.TimesKnown = true
	row.LoggedInMinutes, row.BreakMinutes, row.OpenMinutes, row.IdleMinutes = m(logged), m(brk), m(open), m(idle)
	return row
}

func near(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return math.Abs(*a-*b) <= 1e-9*math.Max(1, math.Abs(*b))
}

func fp(v *float64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprintf("%.6f", *v)
}

func compareStaff(t *testing.T, what string, got, want api.StaffRow) {
	t.Helper()
	ints := [][3]any{{"served", got.Served, want.Served}, {"no_show", got.NoShow, want.NoShow}, {"called", got.Called, want.Called},
		{"within_target", got.WithinTarget, want.WithinTarget}, {"tickets_called", got.TicketsCalled, want.TicketsCalled},
		{"recalls", got.Recalls, want.Recalls}, {"respondents", got.Respondents, want.Respondents}}
	for _, x := range ints {
		if x[1] != x[2] {
			t.Errorf("%s %s = %v, want %v", what, x[0], x[1], x[2])
		}
	}
	floats := []struct {
		name      string
		got, want *float64
	}{{"avg_service", got.AvgServiceMinutes, want.AvgServiceMinutes}, {"p90_service", got.P90ServiceMinutes, want.P90ServiceMinutes},
		{"service_level", got.ServiceLevel, want.ServiceLevel}, {"recalls_per_ticket", got.RecallsPerTicket, want.RecallsPerTicket},
		{"ikm", got.IKM, want.IKM}, {"logged_in", got.LoggedInMinutes, want.LoggedInMinutes}, {"break", got.BreakMinutes, want.BreakMinutes},
		{"open", got.OpenMinutes, want.OpenMinutes}, {"idle", got.IdleMinutes, want.IdleMinutes}}
	for _, f := range floats {
		if !near(f.got, f.want) {
			t.Errorf("%s %s = %s, want %s", what, f.name, fp(f.got), fp(f.want))
		}
	}
	if got.TimesKnown != want.TimesKnown {
		t.Errorf("%s times_known = %v", what, got.TimesKnown)
	}
}

func TestStaffReportMatchesDirectComputation(t *testing.T) {
	ctx := context.Background()
	monday := time.Date(2026, 11, 23, 7, 0, 0, 0, wib)
	clk := queue.NewFixedClock(monday)
	site := pariaman(t)
	ts := &testStore{t: t, clk: clk, evs: &recorder{}, path: filepath.Join(t.TempDir(), "antrean.db"), site: site}
	ts.open()
	if err := ts.Seed(ctx, site); err != nil {
		t.Fatal(err)
	}
	s := &staffSim{t: t, ts: ts, clk: clk, rng: rand.New(rand.NewPCG(17, 2026)), tickets: map[string]*simTicket{}, status: map[string][]simStatus{}, ctx: ctx}
	// Mon–Wed whole days (closed by the store), Thursday until noon (today).
	day := monday
	for d := 0; d < 4; d++ {
		stop := time.Date(day.Year(), day.Month(), day.Day(), 17, 30, 0, 0, wib)
		if d == 3 {
			stop = time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, wib)
		}
		clk.Set(time.Date(day.Year(), day.Month(), day.Day(), 7, 30, 0, 0, wib))
		for clk.Now().Before(stop) {
			s.step()
			clk.Advance(time.Duration(15+s.rng.IntN(240))*time.Second + time.Duration(s.rng.IntN(1000))*time.Millisecond)
		}
		if d < 3 {
			day = s.nextMorning(day)
		}
	}
	clk.Set(time.Date(2026, 11, 26, 12, 0, 0, 0, wib))
	end := s.now()
	var n, held, recalls, breaks, revoked int
	for _, tk := range s.tickets {
		if tk.lastCall > 0 {
			n++
		}
		recalls += max(tk.calls-1, 0)
	}
	held = len(s.held)
	for _, list := range s.status {
		for _, x := range list {
			if x.st == api.CounterBreak {
				breaks++
			}
		}
	}
	for _, x := range s.sessions {
		if x.ended && x.to < x.from+12*3600*1000 {
			revoked++
		}
	}
	// The fixture must exercise what it claims to.
	if n < 60 || held < 2 || recalls < 5 || breaks < 3 || revoked < 3 || len(s.sessions) < 8 {
		t.Fatalf("thin fixture: %d tickets called, %d requeued, %d recalls, %d breaks, %d sessions (%d ended early)", n, held, recalls, breaks, len(s.sessions), revoked)
	}
	t.Logf("fixture: %d tickets, %d called, %d requeued, %d recalls, %d breaks, %d sessions", len(s.tickets), n, held, recalls, breaks, len(s.sessions))

	check := func(label string) {
		for _, group := range []api.ReportGroup{api.GroupOfficer, api.GroupCounter} {
			for _, period := range []api.ReportPeriod{api.PeriodDay, api.PeriodWeek, api.PeriodMonth, api.PeriodRange} {
				rep, err := ts.Staff(ctx, store.ReportQuery{From: "2026-11-23", To: "2026-11-26", Group: group, Period: period, TargetMinutes: 10})
				if err != nil {
					t.Fatal(err)
				}
				seen := map[string]bool{}
				wantPeriod := map[api.ReportPeriod]func(r api.StaffRow) bool{
					api.PeriodDay: func(r api.StaffRow) bool { return r.Period == r.PeriodStart && r.PeriodStart == r.PeriodEnd },
					api.PeriodWeek: func(r api.StaffRow) bool {
						return r.Period == "2026-W48" && r.PeriodStart == "2026-11-23" && r.PeriodEnd == "2026-11-26"
					},
					api.PeriodMonth: func(r api.StaffRow) bool {
						return r.Period == "2026-11" && r.PeriodStart == "2026-11-23" && r.PeriodEnd == "2026-11-26"
					},
					api.PeriodRange: func(r api.StaffRow) bool {
						return r.Period == "" && r.PeriodStart == "2026-11-23" && r.PeriodEnd == "2026-11-26"
					},
				}[period]
				for _, row := range rep.Rows {
					if !wantPeriod(row) {
						t.Errorf("%s %s row period %q %s…%s", group, period, row.Period, row.PeriodStart, row.PeriodEnd)
					}
					want := s.expected(group, row.Key, row.PeriodStart, row.PeriodEnd, end, 10)
					compareStaff(t, fmt.Sprintf("%s %s %s/%s %s", label, group, period, row.Period, row.Key), row, want)
					seen[row.Period+"|"+row.Key] = true
				}
				// No one is missing: every officer (counter) with a session
				// or a ticket on a day has a row for that day.
				if period == api.PeriodDay {
					for _, x := range s.sessions {
						k := x.user
						if group == api.GroupCounter {
							k = x.counter
						}
						d := queue.LocalDay(time.UnixMilli(x.from), wib)
						if d <= "2026-11-26" && !seen[d+"|"+k] {
							t.Errorf("%s %s: no row for %s on %s", label, group, k, d)
						}
					}
				}
			}
		}
	}
	check("live")
	// Closed days come from day_staff; a restart reads the same.
	var stored int
	if err := ts.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM day_staff WHERE dim = '-'`).Scan(&stored); err != nil || stored != 3 {
		t.Fatalf("%d days stored (%v), want Mon–Wed", stored, err)
	}
	ts.reopen()
	check("after restart")

	// The console's own figures of today equal the day row.
	for _, o := range simOfficers {
		v, err := ts.CounterView(ctx, s.principal(o.user), o.counters[0])
		if err != nil {
			t.Fatal(err)
		}
		want := s.expected(api.GroupOfficer, o.user, "2026-11-26", "2026-11-26", end, defaultTarget)
		got := api.StaffRow{Served: v.Today.Served, NoShow: v.Today.NoShow, P90ServiceMinutes: v.Today.P90ServiceMinutes, ServiceLevel: v.Today.ServiceLevel,
			LoggedInMinutes: &v.Today.LoggedInMinutes, BreakMinutes: &v.Today.BreakMinutes, IdleMinutes: &v.Today.IdleMinutes, IKM: v.Today.IKM,
			Respondents: v.Today.Respondents}
		if want.AvgServiceMinutes != nil && !near(&v.Today.AvgServiceMinutes, want.AvgServiceMinutes) {
			t.Errorf("console %s avg service %v, want %s", o.user, v.Today.AvgServiceMinutes, fp(want.AvgServiceMinutes))
		}
		if want.RecallsPerTicket != nil && !near(&v.Today.RecallsPerTicket, want.RecallsPerTicket) {
			t.Errorf("console %s recalls/ticket %v, want %s", o.user, v.Today.RecallsPerTicket, fp(want.RecallsPerTicket))
		}
		want.Called, want.WithinTarget, want.TicketsCalled, want.Recalls, want.OpenMinutes, want.AvgServiceMinutes, want.RecallsPerTicket = 0, 0, 0, 0, nil, nil, nil
		got.TimesKnown = true
		compareStaff(t, "console "+o.user, got, want)
	}
}

// TestStaffTimesUnknownBeforeTheLog: days before the counter log began
// have counts but no times (null), and say so.
func TestStaffTimesUnknownBeforeTheLog(t *testing.T) {
	ts := newStore(t, nil)
	ctx := context.Background()
	ts.logStart = ms(thursday.AddDate(0, 0, 1)) // as if the log began tomorrow
	ts.login("petugas1", "loket-1")
	tk := ts.issue("ktp-el", api.PriorityNone)
	p := officer("petugas1", "loket-1")
	ts.callNext(p, "loket-1")
	ts.act(p, tk.ID, "start")
	ts.act(p, tk.ID, "finish")
	rep, err := ts.Staff(ctx, store.ReportQuery{Group: api.GroupOfficer})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rows) != 1 || rep.Rows[0].Served != 1 || rep.Rows[0].TimesKnown || rep.Rows[0].LoggedInMinutes != nil || rep.Rows[0].Key != "petugas1" {
		t.Fatalf("rows %+v", rep.Rows)
	}
	if _, err := ts.Staff(ctx, store.ReportQuery{Group: api.GroupService}); api.CodeOf(err) != api.CodeInvalidInput {
		t.Fatalf("group service: %v", err)
	}
	if _, err := ts.Staff(ctx, store.ReportQuery{Group: api.GroupOfficer, Period: "year"}); api.CodeOf(err) != api.CodeInvalidInput {
		t.Fatalf("period year: %v", err)
	}
}

func TestSpans(t *testing.T) {
	a := norm([]span{{5, 10}, {0, 3}, {3, 4}, {8, 12}, {20, 20}})
	if fmt.Sprint(a) != "[{0 4} {5 12}]" || a.total() != 11 {
		t.Fatalf("norm %v", a)
	}
	b := norm([]span{{2, 6}, {11, 30}})
	if got := intersect(a, b); fmt.Sprint(got) != "[{2 4} {5 6} {11 12}]" {
		t.Fatalf("intersect %v", got)
	}
	if got := subtract(a, b); fmt.Sprint(got) != "[{0 2} {6 11}]" {
		t.Fatalf("subtract %v", got)
	}
	if got := subtract(a, nil); fmt.Sprint(got) != fmt.Sprint(a) {
		t.Fatalf("subtract nothing %v", got)
	}
	if got := subtract(a, spans{{-5, 100}}); len(got) != 0 {
		t.Fatalf("subtract all %v", got)
	}
	for _, c := range []struct {
		p                api.ReportPeriod
		day, l, from, to string
	}{
		{api.PeriodWeek, "2027-01-01", "2026-W53", "2026-12-28", "2027-01-03"},
		{api.PeriodWeek, "2026-11-29", "2026-W48", "2026-11-23", "2026-11-29"},
		{api.PeriodMonth, "2027-02-14", "2027-02", "2027-02-01", "2027-02-28"},
		{api.PeriodDay, "2027-02-14", "2027-02-14", "2027-02-14", "2027-02-14"},
	} {
		if l, from, to := period(c.p, c.day); l != c.l || from != c.from || to != c.to {
			t.Errorf("period(%s, %s) = %s %s %s", c.p, c.day, l, from, to)
		}
	}
	x := &staffStats{known: true, loggedMs: 123456789, breakMs: 1, openMs: 2, idleMs: 3, ticketsCalled: 40, recalls: 7}
	y, err := decodeStaff(x.encode())
	if err != nil || *y != *x {
		t.Fatalf("round trip %+v %v", y, err)
	}
}
