package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"antrean/server/queue"
	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
)

// adminAPI is a raw HTTP client with an admin session token.
type adminAPI struct {
	t     *testing.T
	s     *servertest.Server
	token string
}

func newAdmin(t *testing.T, s *servertest.Server) *adminAPI {
	t.Helper()
	sess, err := s.Client("").Login(ctx(t), api.SessionRequest{Username: servertest.AdminUser, Password: servertest.AdminPassword})
	if err != nil {
		t.Fatal(err)
	}
	return &adminAPI{t: t, s: s, token: sess.Token}
}

// do sends a request; out (if not nil) receives a 2xx JSON body. It returns
// the status and, for errors, the problem code.
func (a *adminAPI) do(method, path string, body, out any) (int, api.Code) {
	a.t.Helper()
	status, b, _ := a.raw(method, path, body)
	if status >= 300 {
		var p api.Problem
		json.Unmarshal(b, &p)
		return status, p.Code
	}
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			a.t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
	return status, ""
}

func (a *adminAPI) raw(method, path string, body any) (int, []byte, http.Header) {
	a.t.Helper()
	var r io.Reader
	if body != nil {
		if s, ok := body.(string); ok {
			r = strings.NewReader(s)
		} else {
			b, _ := json.Marshal(body)
			r = bytes.NewReader(b)
		}
	}
	req, _ := http.NewRequest(method, a.s.URL+path, r)
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

func (a *adminAPI) must(method, path string, body, out any, want int) {
	a.t.Helper()
	if st, code := a.do(method, path, body, out); st != want {
		a.t.Fatalf("%s %s: status %d (%s), want %d", method, path, st, code, want)
	}
}

// fixture drives a hand-checked day through the real API. Times are WIB on
// Thursday 2026-11-26 (ktp-el = A, kk = B, akta = C; loket-1 serves
// ktp-el+kk, loket-2 ktp-el+akta, loket-3 kk+akta+pindah-datang).
//
//	08:00 A1  08:01 A2  08:02 B1  08:03 A3 issued
//	08:05 loket-1 calls A1 (wait 5)  08:06 start
//	08:07 loket-2 calls A2 (wait 6)  08:08 start
//	08:10 loket-3 calls B1 (wait 8)  08:11 no-show
//	08:16 A1 done (service 10)
//	08:20 loket-1 calls A3 (wait 17 > 15)  08:22 A2 done (service 14)  08:23 start A3
//	08:25 A4 issued  08:26 B2 issued  08:27 A4 cancelled while waiting
//	08:30 A3 transferred to akta (A3' waits, keeps 08:03 issue time)
//	08:31 loket-1 calls B2 (wait 5)  08:32 start  08:40 done (service 8)
//	08:45 loket-2 calls A3' (transferred in: no wait counted)  08:46 start  08:58 done (service 12)
//	09:50 A5 issued, still waiting
//
// Plus B on 2026-11-25 at 23:30 (another day, still waiting).
type fixture struct {
	s                               *servertest.Server
	clk                             *queue.FixedClock
	a1, a2, a3, a3t, a4, a5, b1, b2 api.Ticket
	prev                            api.Ticket
}

func runFixture(t *testing.T) *fixture {
	t.Helper()
	clk := queue.NewFixedClock(time.Date(2026, 11, 25, 23, 30, 0, 0, wib))
	s := servertest.Start(t, servertest.WithClock(clk))
	f := &fixture{s: s, clk: clk}
	k := s.Kiosk()
	cx := ctx(t)
	f.prev = issue(t, k, "kk")
	at := func(h, m int) { clk.Set(time.Date(2026, 11, 26, h, m, 0, 0, wib)) }
	at(7, 59)
	l1, l2, l3 := s.Officer("petugas1", "loket-1"), s.Officer("petugas2", "loket-2"), s.Officer("petugas3", "loket-3")
	call := func(c *client.Client, counter string, want *api.Ticket) {
		t.Helper()
		got, err := c.CallNext(cx, counter)
		if err != nil || got == nil || got.ID != want.ID {
			t.Fatalf("%s called %+v (%v), want %s", counter, got, err, want.Number)
		}
	}
	ok := func(_ api.Ticket, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	at(8, 0)
	f.a1 = issue(t, k, "ktp-el")
	at(8, 1)
	f.a2 = issue(t, k, "ktp-el")
	at(8, 2)
	f.b1 = issue(t, k, "kk")
	at(8, 3)
	f.a3 = issue(t, k, "ktp-el")
	at(8, 5)
	call(l1, "loket-1", &f.a1)
	at(8, 6)
	ok(l1.Start(cx, f.a1.ID))
	at(8, 7)
	call(l2, "loket-2", &f.a2)
	at(8, 8)
	ok(l2.Start(cx, f.a2.ID))
	at(8, 10)
	call(l3, "loket-3", &f.b1)
	at(8, 11)
	ok(l3.NoShow(cx, f.b1.ID))
	at(8, 16)
	ok(l1.Finish(cx, f.a1.ID))
	at(8, 20)
	call(l1, "loket-1", &f.a3)
	at(8, 22)
	ok(l2.Finish(cx, f.a2.ID))
	at(8, 23)
	ok(l1.Start(cx, f.a3.ID))
	at(8, 25)
	f.a4 = issue(t, k, "ktp-el")
	at(8, 26)
	f.b2 = issue(t, k, "kk")
	at(8, 27)
	ok(l1.Cancel(cx, f.a4.ID))
	at(8, 30)
	var err error
	if f.a3t, err = l1.Transfer(cx, f.a3.ID, "akta"); err != nil {
		t.Fatal(err)
	}
	at(8, 31)
	call(l1, "loket-1", &f.b2)
	at(8, 32)
	ok(l1.Start(cx, f.b2.ID))
	at(8, 40)
	ok(l1.Finish(cx, f.b2.ID))
	at(8, 45)
	call(l2, "loket-2", &f.a3t)
	at(8, 46)
	ok(l2.Start(cx, f.a3t.ID))
	at(8, 58)
	ok(l2.Finish(cx, f.a3t.ID))
	at(9, 50)
	f.a5 = issue(t, k, "ktp-el")
	return f
}

func fp(v float64) *float64 { return &v }

func sameRow(t *testing.T, got, want api.SummaryRow) {
	t.Helper()
	eq := func(a, b *float64) bool {
		if a == nil || b == nil {
			return a == b
		}
		d := *a - *b
		return d < 1e-9 && d > -1e-9
	}
	f := func(p *float64) string {
		if p == nil {
			return "null"
		}
		return jsonNum(*p)
	}
	g, w := got, want
	g.AvgWaitMinutes, g.P90WaitMinutes, g.AvgServiceMinutes, g.P90ServiceMinutes, g.ServiceLevel = nil, nil, nil, nil, nil
	w.AvgWaitMinutes, w.P90WaitMinutes, w.AvgServiceMinutes, w.P90ServiceMinutes, w.ServiceLevel = nil, nil, nil, nil, nil
	if g != w {
		t.Errorf("row %s counts:\n got %+v\nwant %+v", want.Key, g, w)
	}
	for _, c := range []struct {
		name   string
		gv, wv *float64
	}{
		{"avg wait", got.AvgWaitMinutes, want.AvgWaitMinutes},
		{"p90 wait", got.P90WaitMinutes, want.P90WaitMinutes},
		{"avg service", got.AvgServiceMinutes, want.AvgServiceMinutes},
		{"p90 service", got.P90ServiceMinutes, want.P90ServiceMinutes},
		{"service level", got.ServiceLevel, want.ServiceLevel},
	} {
		if !eq(c.gv, c.wv) {
			t.Errorf("row %s %s = %s, want %s", want.Key, c.name, f(c.gv), f(c.wv))
		}
	}
}

func jsonNum(v float64) string { b, _ := json.Marshal(v); return string(b) }

func TestSummaryReportMatchesFixture(t *testing.T) {
	f := runFixture(t)
	adm := newAdmin(t, f.s)
	var rep api.SummaryReport
	adm.must("GET", "/v1/reports/summary?from=2026-11-26&to=2026-11-26&group=service", nil, &rep, 200)
	if rep.Group != api.GroupService || rep.TargetMinutes != 15 || rep.From != "2026-11-26" || len(rep.Rows) != 3 {
		t.Fatalf("report %+v", rep)
	}
	ktp := api.SummaryRow{Key: "ktp-el", Name: rep.Rows[0].Name, Issued: 5, Served: 2, Cancelled: 1, Transferred: 1, Open: 1,
		Called: 3, WithinTarget: 2, AvgWaitMinutes: fp(28.0 / 3), P90WaitMinutes: fp(17),
		AvgServiceMinutes: fp(12), P90ServiceMinutes: fp(14), ServiceLevel: fp(200.0 / 3)}
	kk := api.SummaryRow{Key: "kk", Name: rep.Rows[1].Name, Issued: 2, Served: 1, NoShow: 1, Called: 2, WithinTarget: 2,
		AvgWaitMinutes: fp(6.5), P90WaitMinutes: fp(8), AvgServiceMinutes: fp(8), P90ServiceMinutes: fp(8), ServiceLevel: fp(100)}
	akta := api.SummaryRow{Key: "akta", Name: rep.Rows[2].Name, TransferredIn: 1, Served: 1,
		AvgServiceMinutes: fp(12), P90ServiceMinutes: fp(12)}
	total := api.SummaryRow{Key: "total", Name: "Total", Issued: 7, TransferredIn: 1, Served: 4, NoShow: 1, Cancelled: 1, Transferred: 1, Open: 1,
		Called: 5, WithinTarget: 4, AvgWaitMinutes: fp(8.2), P90WaitMinutes: fp(17),
		AvgServiceMinutes: fp(11), P90ServiceMinutes: fp(14), ServiceLevel: fp(80)}
	sameRow(t, rep.Rows[0], ktp)
	sameRow(t, rep.Rows[1], kk)
	sameRow(t, rep.Rows[2], akta)
	sameRow(t, rep.Total, total)
	if !strings.Contains(rep.Rows[0].Name, "KTP") {
		t.Errorf("service name %q", rep.Rows[0].Name)
	}

	// Per counter: loket-1 had A1, A3, B2; loket-2 A2 and A3'; loket-3 B1;
	// A4 and A5 never reached a counter.
	adm.must("GET", "/v1/reports/summary?from=2026-11-26&to=2026-11-26&group=counter", nil, &rep, 200)
	if len(rep.Rows) != 4 {
		t.Fatalf("counter rows %+v", rep.Rows)
	}
	sameRow(t, rep.Rows[0], api.SummaryRow{Key: "loket-1", Name: rep.Rows[0].Name, Issued: 3, Served: 2, Transferred: 1, Called: 3, WithinTarget: 2,
		AvgWaitMinutes: fp(9), P90WaitMinutes: fp(17), AvgServiceMinutes: fp(9), P90ServiceMinutes: fp(10), ServiceLevel: fp(200.0 / 3)})
	sameRow(t, rep.Rows[1], api.SummaryRow{Key: "loket-2", Name: rep.Rows[1].Name, Issued: 1, TransferredIn: 1, Served: 2, Called: 1, WithinTarget: 1,
		AvgWaitMinutes: fp(6), P90WaitMinutes: fp(6), AvgServiceMinutes: fp(13), P90ServiceMinutes: fp(14), ServiceLevel: fp(100)})
	sameRow(t, rep.Rows[2], api.SummaryRow{Key: "loket-3", Name: rep.Rows[2].Name, Issued: 1, NoShow: 1, Called: 1, WithinTarget: 1,
		AvgWaitMinutes: fp(8), P90WaitMinutes: fp(8), ServiceLevel: fp(100)})
	sameRow(t, rep.Rows[3], api.SummaryRow{Key: "", Name: "(belum dipanggil)", Issued: 2, Cancelled: 1, Open: 1})
	sameRow(t, rep.Total, total)

	// Per officer: names come from the users.
	adm.must("GET", "/v1/reports/summary?from=2026-11-26&to=2026-11-26&group=officer", nil, &rep, 200)
	names := map[string]string{}
	served := map[string]int{}
	for _, r := range rep.Rows {
		names[r.Key], served[r.Key] = r.Name, r.Served
	}
	if names["petugas1"] != "Rahmat Hidayat" || served["petugas1"] != 2 || served["petugas2"] != 2 || served["petugas3"] != 0 || len(rep.Rows) != 4 {
		t.Fatalf("officer rows %+v", rep.Rows)
	}

	// Site and agency (all three services are Disdukcapil) equal the total.
	for _, g := range []string{"site", "agency"} {
		adm.must("GET", "/v1/reports/summary?from=2026-11-26&to=2026-11-26&group="+g, nil, &rep, 200)
		if len(rep.Rows) != 1 {
			t.Fatalf("%s rows %+v", g, rep.Rows)
		}
		want := total
		want.Key, want.Name = rep.Rows[0].Key, rep.Rows[0].Name
		sameRow(t, rep.Rows[0], want)
	}
	if rep.Rows[0].Key != "disdukcapil" {
		t.Fatalf("agency key %q", rep.Rows[0].Key)
	}

	// A 5-minute target: only A1 (5, inclusive) of ktp-el's three.
	adm.must("GET", "/v1/reports/summary?from=2026-11-26&to=2026-11-26&target_minutes=5", nil, &rep, 200)
	if rep.Rows[0].WithinTarget != 1 || *rep.Rows[0].ServiceLevel != 100.0/3 || rep.Total.WithinTarget != 2 {
		t.Fatalf("target 5: %+v total %+v", rep.Rows[0], rep.Total)
	}

	// Two days: the ticket of the 25th (still waiting) joins kk.
	adm.must("GET", "/v1/reports/summary?from=2026-11-25&to=2026-11-26", nil, &rep, 200)
	if rep.Total.Issued != 8 || rep.Total.Open != 2 || rep.Rows[1].Issued != 3 {
		t.Fatalf("two days: %+v", rep.Total)
	}
	// Once the 25th is closed its ticket counts as expired, read from the
	// day's stored figures; the 26th (today) is unchanged.
	if err := f.s.Store.Housekeep(ctx(t)); err != nil {
		t.Fatal(err)
	}
	adm.must("GET", "/v1/reports/summary?from=2026-11-25&to=2026-11-26", nil, &rep, 200)
	if rep.Total.Issued != 8 || rep.Total.Open != 1 || rep.Total.Expired != 1 || rep.Rows[1].Issued != 3 || rep.Rows[1].Expired != 1 {
		t.Fatalf("two days after closing the 25th: %+v", rep.Total)
	}
	adm.must("GET", "/v1/reports/summary?from=2026-11-26&to=2026-11-26&group=service", nil, &rep, 200)
	sameRow(t, rep.Total, total)
	// No tickets: empty rows, null averages.
	adm.must("GET", "/v1/reports/summary?from=2026-11-20&to=2026-11-20", nil, &rep, 200)
	if len(rep.Rows) != 0 || rep.Total.AvgWaitMinutes != nil || rep.Total.ServiceLevel != nil {
		t.Fatalf("empty: %+v", rep)
	}

	// CSV: header, three services, total.
	st, body, h := adm.raw("GET", "/v1/reports/summary?from=2026-11-26&to=2026-11-26&group=service&format=csv", nil)
	lines := strings.Split(strings.TrimSpace(string(body)), "\n")
	if st != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || len(lines) != 5 ||
		!strings.HasPrefix(lines[0], "group,key,name,issued,transferred_in,served") {
		t.Fatalf("csv %d %q %q", st, h.Get("Content-Type"), body)
	}
	if !strings.HasPrefix(lines[1], "service,ktp-el,") || !strings.HasSuffix(lines[1], ",5,0,2,0,1,1,0,1,3,2,9.33,17.00,12.00,14.00,66.67") {
		t.Fatalf("csv ktp-el line %q", lines[1])
	}
	if lines[4] != "total,total,Total,7,1,4,1,1,1,0,1,5,4,8.20,17.00,11.00,14.00,80.00" {
		t.Fatalf("csv total line %q", lines[4])
	}

	// Bad queries are 400.
	for _, q := range []string{"from=26-11-2026", "from=2026-11-26&to=2026-11-01", "group=floor", "target_minutes=0",
		"target_minutes=x", "format=xml", "from=2024-01-01&to=2026-01-01"} {
		if st, code := adm.do("GET", "/v1/reports/summary?"+q, nil, nil); st != 400 || code != api.CodeInvalidInput {
			t.Errorf("%s: %d %s", q, st, code)
		}
	}
	// Only admins read reports.
	off := &adminAPI{t: t, s: f.s, token: ""}
	if st, _ := off.do("GET", "/v1/reports/summary", nil, nil); st != 401 {
		t.Errorf("no token: %d", st)
	}
	off.token = servertest.KioskToken
	if st, _ := off.do("GET", "/v1/reports/today", nil, nil); st != 403 {
		t.Errorf("kiosk token: %d", st)
	}
}

func TestHourlyAndTodayReports(t *testing.T) {
	f := runFixture(t)
	adm := newAdmin(t, f.s)
	var h api.HourlyReport
	adm.must("GET", "/v1/reports/hourly?from=2026-11-25&to=2026-11-26", nil, &h, 200)
	if h.Group != api.GroupSite || h.Days != 2 || len(h.Rows) != 1 {
		t.Fatalf("hourly %+v", h)
	}
	var want [24]int
	want[8], want[9], want[23] = 6, 1, 1 // local hours, not UTC
	if h.Rows[0].Hours != want || h.Rows[0].Total != 8 {
		t.Fatalf("hours %v total %d", h.Rows[0].Hours, h.Rows[0].Total)
	}
	adm.must("GET", "/v1/reports/hourly?from=2026-11-26&to=2026-11-26&group=agency", nil, &h, 200)
	if len(h.Rows) != 1 || h.Rows[0].Key != "disdukcapil" || h.Rows[0].Hours[8] != 6 || h.Rows[0].Total != 7 {
		t.Fatalf("agency hourly %+v", h.Rows)
	}
	st, body, _ := adm.raw("GET", "/v1/reports/hourly?from=2026-11-26&format=csv", nil)
	if st != 200 || !strings.Contains(string(body), "h23,total") || !strings.Contains(string(body), ",0,6,1,0,") {
		t.Fatalf("hourly csv %d %s", st, body)
	}

	var td api.TodayReport
	adm.must("GET", "/v1/reports/today", nil, &td, 200)
	if td.Day != "2026-11-26" || td.Waiting != 1 || td.Served != 4 || td.Issued != 7 || td.OpenCounters != 16 {
		t.Fatalf("today %+v", td)
	}
	for _, sv := range td.Services {
		if sv.ServiceID == "ktp-el" && (sv.Waiting != 1 || sv.Issued != 5 || sv.Served != 2 || *sv.AvgWaitMinutes != 28.0/3) {
			t.Fatalf("ktp-el today %+v", sv)
		}
	}
	// A called ticket shows at its counter.
	if _, err := f.s.Officer("petugas1", "loket-1").CallNext(ctx(t), "loket-1"); err != nil {
		t.Fatal(err)
	}
	adm.must("GET", "/v1/reports/today", nil, &td, 200)
	if td.Counters[0].ID != "loket-1" || td.Counters[0].Current != f.a5.Number || td.Counters[0].Served != 2 || td.Waiting != 0 {
		t.Fatalf("counters %+v waiting %d", td.Counters[0], td.Waiting)
	}
}
