package sqlite

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"antrean/server/loadtest/sim"
	"antrean/server/reports"
	"antrean/server/store"
	"antrean/shared/api"
)

// The per-day figures behind the charts, the waiting-time distribution
// and the IKM per day, against a direct computation over every ticket and
// survey row of a simulated week (four closed days read from the rollups,
// today from the tickets).
func TestDailyWaitsAndIKMPerDayMatchDirectComputation(t *testing.T) {
	ts := newStore(t, nil)
	ctx := context.Background()
	s, err := sim.New(sim.Config{Store: ts.Store, Clock: ts.clk, Site: ts.site, PerDay: 80, Seed: 7,
		Mix: sim.Mix{Priority: 0.2, NoShow: 0.1, Cancel: 0.05, Requeue: 0.05, Transfer: 0.1, Survey: 0.4}})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, wib) // Monday
	for d := 0; d < 5; d++ {
		if err := s.Day(ctx, start.AddDate(0, 0, d)); err != nil {
			t.Fatal(err)
		}
	}
	from, to := "2026-11-23", "2026-11-27"
	type tk struct {
		day, service, agency string
		original             bool
		state                api.State
		issued               int64
		called               sql.NullInt64
	}
	var all []tk
	rows, err := ts.r.Query(`SELECT day, service_id, transferred_from = '', state, issued_at, called_at FROM tickets`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var x tk
		var st string
		rows.Scan(&x.day, &x.service, &x.original, &st, &x.issued, &x.called)
		x.state = api.State(st)
		x.agency = ts.snapshot().service[x.service].AgencyID
		all = append(all, x)
	}
	rows.Close()
	const target = 10

	// Daily per service: every (day, service) row equals the tickets'.
	rep, err := ts.Daily(ctx, store.ReportQuery{From: from, To: to, Group: api.GroupService, TargetMinutes: target})
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		issued, served, called, within int
		waitMs                         int64
		hours                          [24]int
	}
	direct := map[string]*want{}
	for _, x := range all {
		k := x.day + "|" + x.service
		w := direct[k]
		if w == nil {
			w = &want{}
			direct[k] = w
		}
		if x.original {
			w.issued++
			w.hours[time.UnixMilli(x.issued).In(wib).Hour()]++
			if x.called.Valid {
				w.called++
				w.waitMs += x.called.Int64 - x.issued
				if x.called.Int64-x.issued <= target*60000 {
					w.within++
				}
			}
		}
		if x.state == api.StateDone {
			w.served++
		}
	}
	if len(rep.Rows) != len(direct) {
		t.Fatalf("%d daily rows, %d (day, service) with tickets", len(rep.Rows), len(direct))
	}
	for _, r := range rep.Rows {
		w := direct[r.Day+"|"+r.Key]
		if w == nil || r.Issued != w.issued || r.Served != w.served || r.Called != w.called || r.WithinTarget != w.within || r.Hours != w.hours {
			t.Fatalf("%s %s: %+v, want %+v", r.Day, r.Key, r, w)
		}
		if w.called > 0 {
			avg := float64(w.waitMs) / 60000 / float64(w.called)
			lvl := 100 * float64(w.within) / float64(w.called)
			if r.AvgWaitMinutes == nil || *r.AvgWaitMinutes != avg || r.ServiceLevel == nil || *r.ServiceLevel != lvl {
				t.Fatalf("%s %s: avg %v level %v, want %v %v", r.Day, r.Key, deref(r.AvgWaitMinutes), deref(r.ServiceLevel), avg, lvl)
			}
		}
	}
	// A weekday: Wednesdays only; the site as one row per day.
	wed, err := ts.Daily(ctx, store.ReportQuery{From: from, To: to, Group: api.GroupSite, Weekday: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(wed.Rows) != 1 || wed.Rows[0].Day != "2026-11-25" {
		t.Fatalf("wednesdays %+v", wed.Rows)
	}
	n := 0
	for _, x := range all {
		if x.day == "2026-11-25" && x.original {
			n++
		}
	}
	if wed.Rows[0].Issued != n {
		t.Fatalf("wednesday issued %d, want %d", wed.Rows[0].Issued, n)
	}
	if _, err := ts.Daily(ctx, store.ReportQuery{Weekday: 8}); api.CodeOf(err) != api.CodeInvalidInput {
		t.Fatalf("weekday 8: %v", err)
	}

	// Waits: every wait by the second, for all and for one service; the
	// P90 is the summary's.
	for _, svc := range []string{"", "ktp-el"} {
		d, err := ts.Waits(ctx, store.ReportQuery{From: from, To: to, TargetMinutes: target}, svc)
		if err != nil {
			t.Fatal(err)
		}
		counts := map[int64]int64{}
		for _, x := range all {
			if x.original && x.called.Valid && (svc == "" || x.service == svc) {
				counts[reports.CeilDiv(x.called.Int64-x.issued, 1000)]++
			}
		}
		if len(d.Counts) != len(counts) {
			t.Fatalf("%q: %d distinct waits, want %d", svc, len(d.Counts), len(counts))
		}
		var total int64
		for i, c := range d.Counts {
			if counts[c.Seconds] != c.N || (i > 0 && d.Counts[i-1].Seconds >= c.Seconds) {
				t.Fatalf("%q: %d s × %d, want %d (or out of order)", svc, c.Seconds, c.N, counts[c.Seconds])
			}
			total += c.N
		}
		g := api.GroupSite
		if svc != "" {
			g = api.GroupService
		}
		sum, err := ts.Summary(ctx, store.ReportQuery{From: from, To: to, Group: g, TargetMinutes: target})
		if err != nil {
			t.Fatal(err)
		}
		row := sum.Total
		for _, r := range sum.Rows {
			if r.Key == svc {
				row = r
			}
		}
		if int(total) != row.Called || d.Called != row.Called || d.WithinTarget != row.WithinTarget || *d.P90WaitMinutes != *row.P90WaitMinutes {
			t.Fatalf("%q: waits %d/%d p90 %v, summary %d/%d p90 %v", svc, d.Called, d.WithinTarget, *d.P90WaitMinutes, row.Called, row.WithinTarget, *row.P90WaitMinutes)
		}
	}
	if _, err := ts.Waits(ctx, store.ReportQuery{}, "nope"); api.CodeOf(err) != api.CodeNotFound {
		t.Fatalf("unknown service: %v", err)
	}

	// IKM per day and agency equals the surveys' sums of that day.
	ikm, err := ts.IKM(ctx, store.ReportQuery{From: from, To: to, Group: api.GroupAgency, Period: api.PeriodDay})
	if err != nil {
		t.Fatal(err)
	}
	type sums struct {
		s [9]int
		n int
	}
	dsum := map[string]*sums{}
	srows, err := ts.r.Query(`SELECT day, agency_id, q1, q2, q3, q4, q5, q6, q7, q8, q9 FROM surveys`)
	if err != nil {
		t.Fatal(err)
	}
	for srows.Next() {
		var d, a string
		var q [9]int
		srows.Scan(&d, &a, &q[0], &q[1], &q[2], &q[3], &q[4], &q[5], &q[6], &q[7], &q[8])
		k := d + "|" + a
		if dsum[k] == nil {
			dsum[k] = &sums{}
		}
		for i := range q {
			dsum[k].s[i] += q[i]
		}
		dsum[k].n++
	}
	srows.Close()
	if len(ikm.Rows) != len(dsum) || len(dsum) < 5 {
		t.Fatalf("%d ikm rows, %d (day, agency) with surveys", len(ikm.Rows), len(dsum))
	}
	for _, r := range ikm.Rows {
		x := dsum[r.Period+"|"+r.Key]
		if x == nil {
			t.Fatalf("row %s %s without surveys", r.Period, r.Key)
		}
		want := reports.IKM(x.s, x.n)
		if r.Respondents != x.n || r.IKM != want.IKM || r.Grade != want.Grade {
			t.Fatalf("%s %s: %v/%d, want %v/%d", r.Period, r.Key, r.IKM, r.Respondents, want.IKM, x.n)
		}
	}
	// Months: one period per month, the same totals.
	month, err := ts.IKM(ctx, store.ReportQuery{From: from, To: to, Group: api.GroupSite, Period: api.PeriodMonth})
	if err != nil {
		t.Fatal(err)
	}
	if len(month.Rows) != 1 || month.Rows[0].Period != "2026-11" || month.Rows[0].Respondents != month.Total.Respondents {
		t.Fatalf("month %+v", month.Rows)
	}

}
