package httpapi_test

import (
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"antrean/server/queue"
	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
)

// TestStaffReportAPI: an officer's morning, minute by minute, read back
// through /v1/reports/staff (JSON and CSV) and the console's own figures.
func TestStaffReportAPI(t *testing.T) {
	t0 := time.Date(2026, 11, 26, 8, 0, 0, 0, wib)
	clk := queue.NewFixedClock(t0)
	s := servertest.Start(t, servertest.WithClock(clk))
	k := s.Kiosk()
	a := issue(t, k, "ktp-el")
	b := issue(t, k, "ktp-el")
	at := func(min int) { clk.Set(t0.Add(time.Duration(min) * time.Minute)) }

	at(10)
	off := s.Officer("petugas1", "loket-1") // signed in 08:10
	at(12)
	callNext(t, off, "loket-1") // a: waited 12 min; at the counter 08:12
	at(13)
	if _, err := off.Recall(ctx(t), "loket-1"); err != nil {
		t.Fatal(err)
	}
	at(14)
	if _, err := off.Start(ctx(t), a.ID); err != nil {
		t.Fatal(err)
	}
	at(20)
	if _, err := off.Finish(ctx(t), a.ID); err != nil { // 6 min of service
		t.Fatal(err)
	}
	pub := &adminAPI{t: t, s: s}
	pub.must("POST", "/v1/tickets/"+a.ID+"/survey", api.SurveyRequest{Answers: []int{4, 4, 4, 4, 4, 4, 4, 4, 4}}, nil, 201)
	at(25)
	// Idle so far: 08:10–08:12 and 08:20–08:25.
	if _, err := off.SetCounterStatus(ctx(t), "loket-1", api.CounterBreak); err != nil {
		t.Fatal(err)
	}
	at(40)
	if _, err := off.SetCounterStatus(ctx(t), "loket-1", api.CounterOpen); err != nil { // 15 min break
		t.Fatal(err)
	}
	at(42)
	callNext(t, off, "loket-1") // b: waited 42 min, over the 15-minute target
	at(45)
	if _, err := off.NoShow(ctx(t), b.ID); err != nil {
		t.Fatal(err)
	}
	at(50)
	// Idle also 08:40–08:42 and 08:45–08:50: 14 minutes in all.
	if err := off.Logout(ctx(t)); err != nil {
		t.Fatal(err)
	}
	at(60)

	adm := newAdmin(t, s)
	var rep api.StaffReport
	adm.must("GET", "/v1/reports/staff?group=officer&period=day", nil, &rep, 200)
	if len(rep.Rows) != 1 {
		t.Fatalf("rows %+v", rep.Rows)
	}
	r := rep.Rows[0]
	val := func(p *float64) float64 {
		if p == nil {
			return -1
		}
		return *p
	}
	if r.Key != "petugas1" || r.Name == "" || r.Period != "2026-11-26" || r.Served != 1 || r.NoShow != 1 || r.Called != 2 || r.WithinTarget != 1 ||
		val(r.ServiceLevel) != 50 || val(r.AvgServiceMinutes) != 6 || val(r.P90ServiceMinutes) != 6 || !r.TimesKnown ||
		val(r.LoggedInMinutes) != 40 || val(r.BreakMinutes) != 15 || val(r.OpenMinutes) != 25 || val(r.IdleMinutes) != 14 ||
		r.TicketsCalled != 2 || r.Recalls != 1 || val(r.RecallsPerTicket) != 0.5 || r.Respondents != 1 || val(r.IKM) != 100 || r.Grade != "A" {
		t.Fatalf("row %+v: level %v avg %v p90 %v logged %v break %v open %v idle %v rpt %v ikm %v", r, val(r.ServiceLevel), val(r.AvgServiceMinutes),
			val(r.P90ServiceMinutes), val(r.LoggedInMinutes), val(r.BreakMinutes), val(r.OpenMinutes), val(r.IdleMinutes), val(r.RecallsPerTicket), val(r.IKM))
	}
	// Per counter: the same morning.
	adm.must("GET", "/v1/reports/staff?group=counter", nil, &rep, 200)
	if len(rep.Rows) != 1 || rep.Rows[0].Key != "loket-1" || val(rep.Rows[0].IdleMinutes) != 14 || rep.Period != api.PeriodRange {
		t.Fatalf("counter rows %+v", rep.Rows)
	}
	// CSV for a spreadsheet.
	status, body, hdr := adm.raw("GET", "/v1/reports/staff?group=officer&period=week&format=csv", nil)
	if status != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") || !strings.Contains(hdr.Get("Content-Disposition"), "kinerja-officer-week") {
		t.Fatalf("csv %d %v", status, hdr)
	}
	recs, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("csv %v %q", err, body)
	}
	col := map[string]string{}
	for i, h := range recs[0] {
		col[h] = recs[1][i]
	}
	if col["period"] != "2026-W48" || col["logged_in_minutes"] != "40.00" || col["idle_minutes"] != "14.00" || col["recalls_per_ticket"] != "0.50" || col["ikm"] != "100.00" {
		t.Fatalf("csv row %v", col)
	}
	// Bad queries and the wrong token.
	adm.must("GET", "/v1/reports/staff?group=service", nil, nil, 400)
	adm.must("GET", "/v1/reports/staff?period=year", nil, nil, 400)
	officerAPI := &adminAPI{t: t, s: s, token: s.Officer("petugas2", "loket-2").Token()}
	officerAPI.must("GET", "/v1/reports/staff", nil, nil, 403)

	// The officer's console shows the same figures for today: signed in
	// again at 09:00, ten more idle minutes by 09:10.
	off = s.Officer("petugas1", "loket-1")
	at(70)
	v, err := off.Counter(ctx(t), "loket-1")
	if err != nil {
		t.Fatal(err)
	}
	if v.Today.Served != 1 || v.Today.NoShow != 1 || v.Today.LoggedInMinutes != 50 || v.Today.BreakMinutes != 15 ||
		v.Today.IdleMinutes != 24 || v.Today.RecallsPerTicket != 0.5 || v.Today.IKM == nil || *v.Today.IKM != 100 ||
		v.Today.ServiceLevel == nil || *v.Today.ServiceLevel != 50 || v.Today.TargetMinutes != 15 {
		t.Fatalf("console today %+v", v.Today)
	}
}

func callNext(t *testing.T, off *client.Client, counter string) {
	t.Helper()
	tk, err := off.CallNext(ctx(t), counter)
	if err != nil || tk == nil {
		t.Fatalf("call next at %s: %v %v", counter, tk, err)
	}
}
