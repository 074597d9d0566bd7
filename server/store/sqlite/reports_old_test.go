package sqlite

import (
	"context"
	"database/sql"
	"math"
	"testing"
	"time"

	"antrean/server/loadtest/sim"
	"antrean/server/reports"
	"antrean/server/store"
	"antrean/shared/api"
)

// The reports read closed days from day_stats and today from the tickets.
// Here a varied history (the loadtest's simulation: no-shows, cancels,
// requeues, transfers, priorities, surveys) goes through both the new
// reports and the reports as they were computed before, straight from
// every ticket row, and the figures must agree: counts and averages
// exactly (averages to float rounding), p90 within the documented bound
// (the exact value rounded up to the second), and what the old code called
// open split into expired (closed days) and open (today).

// oldTally is the previous summary arithmetic, kept verbatim as the
// reference.
type oldTally struct {
	row           api.SummaryRow
	waits, serves []float64 // minutes
}

func (t *oldTally) add(st api.State, original bool, issued int64, called, started, finished sql.NullInt64, targetMs int64) {
	if original {
		t.row.Issued++
	} else {
		t.row.TransferredIn++
	}
	switch st {
	case api.StateDone:
		t.row.Served++
		if started.Valid && finished.Valid {
			t.serves = append(t.serves, float64(finished.Int64-started.Int64)/60000)
		}
	case api.StateNoShow:
		t.row.NoShow++
	case api.StateCancelled:
		t.row.Cancelled++
	case api.StateTransferred:
		t.row.Transferred++
	default:
		t.row.Open++
	}
	if original && called.Valid {
		w := called.Int64 - issued
		t.row.Called++
		if w <= targetMs {
			t.row.WithinTarget++
		}
		t.waits = append(t.waits, float64(w)/60000)
	}
}

func (t *oldTally) finish() api.SummaryRow {
	r := t.row
	r.AvgWaitMinutes = reports.Ptr(reports.Mean(t.waits))
	r.P90WaitMinutes = reports.Ptr(reports.Percentile(t.waits, 90))
	r.AvgServiceMinutes = reports.Ptr(reports.Mean(t.serves))
	r.P90ServiceMinutes = reports.Ptr(reports.Percentile(t.serves, 90))
	if r.Called > 0 {
		v := 100 * float64(r.WithinTarget) / float64(r.Called)
		r.ServiceLevel = &v
	}
	return r
}

func (ts *testStore) oldSummary(q store.ReportQuery) map[string]api.SummaryRow {
	ts.t.Helper()
	c := ts.snapshot()
	g := grouper{c: c, group: q.Group}
	rows, err := ts.r.Query(`SELECT service_id, counter_id, officer_id, state, transferred_from = '',
		issued_at, called_at, started_at, finished_at FROM tickets WHERE day BETWEEN ? AND ?`, q.From, q.To)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer rows.Close()
	targetMs := int64(q.TargetMinutes) * 60000
	groups := map[string]*oldTally{}
	total := &oldTally{}
	for rows.Next() {
		var sid, cid, oid, st string
		var original bool
		var issued int64
		var called, started, finished sql.NullInt64
		if err := rows.Scan(&sid, &cid, &oid, &st, &original, &issued, &called, &started, &finished); err != nil {
			ts.t.Fatal(err)
		}
		k := g.key(sid, cid, oid)
		t := groups[k]
		if t == nil {
			t = &oldTally{row: api.SummaryRow{Key: k}}
			groups[k] = t
		}
		t.add(api.State(st), original, issued, called, started, finished, targetMs)
		total.add(api.State(st), original, issued, called, started, finished, targetMs)
	}
	out := map[string]api.SummaryRow{}
	for k, t := range groups {
		out[k] = t.finish()
	}
	total.row.Key = "total"
	out["total"] = total.finish()
	return out
}

func (ts *testStore) oldHourly(q store.ReportQuery) map[string][24]int {
	c := ts.snapshot()
	g := grouper{c: c, group: q.Group}
	rows, err := ts.r.Query(`SELECT service_id, issued_at FROM tickets WHERE day BETWEEN ? AND ? AND transferred_from = ''`, q.From, q.To)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][24]int{}
	for rows.Next() {
		var sid string
		var issued int64
		rows.Scan(&sid, &issued)
		k := g.key(sid, "", "")
		h := out[k]
		h[time.UnixMilli(issued).In(c.loc).Hour()]++
		out[k] = h
	}
	return out
}

func (ts *testStore) oldIKM(q store.ReportQuery) map[string]reports.IKMResult {
	c := ts.snapshot()
	g := grouper{c: c, group: q.Group}
	rows, err := ts.r.Query(`SELECT service_id, q1, q2, q3, q4, q5, q6, q7, q8, q9 FROM surveys WHERE day BETWEEN ? AND ?`, q.From, q.To)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer rows.Close()
	type acc struct {
		sums [reports.Elements]int
		n    int
	}
	groups := map[string]*acc{}
	total := &acc{}
	for rows.Next() {
		var sid string
		var a [reports.Elements]int
		rows.Scan(&sid, &a[0], &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7], &a[8])
		k := g.key(sid, "", "")
		if groups[k] == nil {
			groups[k] = &acc{}
		}
		for i, v := range a {
			groups[k].sums[i] += v
			total.sums[i] += v
		}
		groups[k].n++
		total.n++
	}
	out := map[string]reports.IKMResult{"total": reports.IKM(total.sums, total.n)}
	for k, x := range groups {
		out[k] = reports.IKM(x.sums, x.n)
	}
	return out
}

func closeTo(a, b *float64, tol float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return math.Abs(*a-*b) <= tol
}

func compareRow(t *testing.T, what string, old, got api.SummaryRow, today bool) {
	t.Helper()
	o, g := old, got
	if !today && g.Open != 0 {
		t.Fatalf("%s: closed days with %d open", what, g.Open)
	}
	if o.Open != g.Open+g.Expired {
		t.Fatalf("%s: old open %d, new open %d + expired %d", what, old.Open, g.Open, g.Expired)
	}
	o.Open, g.Open, g.Expired = 0, 0, 0
	o.Name, g.Name = "", ""
	o.AvgWaitMinutes, o.P90WaitMinutes, o.AvgServiceMinutes, o.P90ServiceMinutes, o.ServiceLevel = nil, nil, nil, nil, nil
	g.AvgWaitMinutes, g.P90WaitMinutes, g.AvgServiceMinutes, g.P90ServiceMinutes, g.ServiceLevel = nil, nil, nil, nil, nil
	if o != g {
		t.Fatalf("%s counts:\nold %+v\nnew %+v", what, o, g)
	}
	for _, c := range []struct {
		name   string
		ov, gv *float64
	}{{"avg wait", old.AvgWaitMinutes, got.AvgWaitMinutes}, {"avg service", old.AvgServiceMinutes, got.AvgServiceMinutes},
		{"service level", old.ServiceLevel, got.ServiceLevel}} {
		if !closeTo(c.ov, c.gv, 1e-9) {
			t.Fatalf("%s %s: old %v new %v", what, c.name, deref(c.ov), deref(c.gv))
		}
	}
	for _, c := range []struct {
		name   string
		ov, gv *float64
	}{{"p90 wait", old.P90WaitMinutes, got.P90WaitMinutes}, {"p90 service", old.P90ServiceMinutes, got.P90ServiceMinutes}} {
		if (c.ov == nil) != (c.gv == nil) {
			t.Fatalf("%s %s: old %v new %v", what, c.name, c.ov, c.gv)
		}
		if c.ov == nil {
			continue
		}
		// Exact to the second, rounded up: 0 ≤ new − old < 1 s.
		if d := (*c.gv - *c.ov) * 60; d < -1e-9 || d >= 1 {
			t.Fatalf("%s %s: old %v new %v (%v s apart)", what, c.name, *c.ov, *c.gv, d)
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestReportsMatchDirectComputation(t *testing.T) {
	ts := newStore(t, nil)
	ctx := context.Background()
	s, err := sim.New(sim.Config{Store: ts.Store, Clock: ts.clk, Site: ts.site, PerDay: 100, Seed: 42,
		// More of everything than in life, so every path shows up.
		Mix: sim.Mix{Priority: 0.2, NoShow: 0.1, Cancel: 0.05, Requeue: 0.05, Transfer: 0.1, Survey: 0.3}})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, wib) // Monday
	began := time.Now()
	for d := 0; d < 5; d++ {
		if err := s.Day(ctx, start.AddDate(0, 0, d)); err != nil {
			t.Fatal(err)
		}
		if d == 1 { // late tickets nobody calls: they expire
			ts.clk.Set(start.AddDate(0, 0, d).Add(17 * time.Hour))
			ts.issue("kk", api.PriorityElderly)
			ts.issue("akta", api.PriorityNone)
		}
	}
	t.Logf("simulated %+v in %v", s.Totals, time.Since(began))
	// Leave some tickets open today: issued after closing time.
	ts.clk.Set(start.AddDate(0, 0, 4).Add(17 * time.Hour))
	for i := 0; i < 5; i++ {
		ts.issue("ktp-el", api.PriorityNone)
	}
	if s.Totals.Surveys == 0 || s.Totals.Transferred == 0 || s.Totals.NoShow == 0 || s.Totals.Requeued == 0 || s.Totals.Cancelled == 0 {
		t.Fatalf("the fixture lacks a case: %+v", s.Totals)
	}
	var closed int
	ts.r.QueryRow(`SELECT COUNT(*) FROM closed_days`).Scan(&closed)
	if closed != 4 {
		t.Fatalf("%d closed days, want 4 (today is open)", closed)
	}
	var expired int
	ts.r.QueryRow(`SELECT COUNT(*) FROM tickets WHERE state = 'expired'`).Scan(&expired)
	if expired == 0 {
		t.Fatal("no ticket expired: the fixture lacks a case")
	}
	day := func(d int) string { return start.AddDate(0, 0, d).Format("2006-01-02") }
	ranges := [][2]int{{0, 4}, {1, 1}, {4, 4}, {2, 4}}
	groups := []api.ReportGroup{api.GroupSite, api.GroupAgency, api.GroupService, api.GroupCounter, api.GroupOfficer}
	for _, r := range ranges {
		today := r[1] == 4
		for _, g := range groups {
			for _, target := range []int{1, 7, 60} {
				q := store.ReportQuery{From: day(r[0]), To: day(r[1]), Group: g, TargetMinutes: target}
				got, err := ts.Summary(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				old := ts.oldSummary(q)
				if len(got.Rows)+1 != len(old) {
					t.Fatalf("%v: %d rows, old %d", q, len(got.Rows), len(old)-1)
				}
				for _, row := range append(got.Rows, got.Total) {
					o, ok := old[row.Key]
					if !ok {
						t.Fatalf("%v: row %q not in the old report", q, row.Key)
					}
					compareRow(t, q.From+".."+q.To+"/"+string(g)+"/"+row.Key, o, row, today)
				}
			}
			if g == api.GroupCounter || g == api.GroupOfficer {
				continue
			}
			q := store.ReportQuery{From: day(r[0]), To: day(r[1]), Group: g}
			h, err := ts.Hourly(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			oldH := ts.oldHourly(q)
			if len(h.Rows) != len(oldH) {
				t.Fatalf("hourly %v: %d rows, old %d", q, len(h.Rows), len(oldH))
			}
			for _, row := range h.Rows {
				if row.Hours != oldH[row.Key] {
					t.Fatalf("hourly %v %s: %v, old %v", q, row.Key, row.Hours, oldH[row.Key])
				}
			}
			ikm, err := ts.IKM(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			oldI := ts.oldIKM(q)
			for _, row := range append(ikm.Rows, ikm.Total) {
				o := oldI[row.Key]
				if row.Respondents != o.Respondents || row.Elements != o.Averages || row.IKM != o.IKM || row.Grade != o.Grade {
					t.Fatalf("ikm %v %s: %+v, old %+v", q, row.Key, row, o)
				}
			}
			if len(ikm.Rows)+1 != len(oldI) {
				t.Fatalf("ikm %v: %d rows, old %d", q, len(ikm.Rows), len(oldI)-1)
			}
		}
	}
}
