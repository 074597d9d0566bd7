package httpapi_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"antrean/server/queue"
	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
)

// mallHistory fills a server with a few weeks of a small hall: three
// Thursdays before the week of 20–26 Nov 2026 (the usual for Thursday),
// then every day of that week, each with arrivals from 08:00 to 14:00,
// two officers, waits of different lengths, no-shows, a break, surveys
// with profiles and comments. Days are closed as the server would.
func mallHistory(t *testing.T, s *servertest.Server, clk *queue.FixedClock) {
	t.Helper()
	days := []time.Time{}
	for _, d := range []int{5, 12, 19, 20, 21, 22, 23, 24, 25, 26} {
		days = append(days, time.Date(2026, 11, d, 0, 0, 0, 0, wib))
	}
	k := s.Kiosk()
	pub := &adminAPI{t: t, s: s}
	for di, d := range days {
		at := func(h, m int) { clk.Set(d.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)) }
		at(7, 50)
		if err := s.Store.Housekeep(ctx(t)); err != nil { // closes the days before
			t.Fatal(err)
		}
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		p1 := s.Officer("petugas1", "loket-1")
		p3 := s.Officer("petugas3", "loket-3")
		var mine []api.Ticket
		n := 10 + di%4
		if d.Day() == 26 {
			n = 16 // a busier Thursday than usual
		}
		for i := 0; i < n; i++ {
			at(8, i*4) // 08:00, 08:04, …
			svc := []string{"ktp-el", "kk", "akta"}[i%3]
			tk, err := k.IssueTicket(ctx(t), api.IssueRequest{ServiceID: svc}, client.NewIdempotencyKey())
			if err != nil {
				t.Fatal(err)
			}
			mine = append(mine, tk)
		}
		// Work through the queue from 08:10: each ticket takes 5–11 minutes,
		// so the waits grow through the morning.
		clock := d.Add(8*time.Hour + 10*time.Minute)
		for i := range mine {
			if issued := mine[i].IssuedAt.Add(time.Minute); clock.Before(issued) {
				clock = issued
			}
			off, counter := p1, "loket-1"
			if i%2 == 1 {
				off, counter = p3, "loket-3"
			}
			clk.Set(clock)
			tk, err := off.CallNext(ctx(t), counter)
			if err != nil || tk == nil {
				continue // the other counter's services are empty
			}
			clock = clock.Add(time.Duration(2+i%3) * time.Minute)
			clk.Set(clock)
			if i%7 == 3 {
				if _, err := off.NoShow(ctx(t), tk.ID); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if _, err := off.Start(ctx(t), tk.ID); err != nil {
				t.Fatal(err)
			}
			clock = clock.Add(time.Duration(3+i%5) * time.Minute)
			clk.Set(clock)
			if _, err := off.Finish(ctx(t), tk.ID); err != nil {
				t.Fatal(err)
			}
			if i%2 == 0 {
				a := 2 + (i+di)%3
				req := api.SurveyRequest{Answers: []int{a, a, 4, 4, a, 3, 4, a, 3}, Profile: &api.Respondent{Sex: []string{"l", "p"}[i%2], Age: "30-39"}}
				if i%4 == 0 {
					req.Comment = fmt.Sprintf("Saran hari %d: ruang tunggu kurang kursi", d.Day())
				}
				pub.must("POST", "/v1/tickets/"+tk.ID+"/survey", req, nil, 201)
			}
			if i == 4 { // a break at loket-1
				if _, err := p1.SetCounterStatus(ctx(t), "loket-1", api.CounterBreak); err != nil {
					t.Fatal(err)
				}
				clock = clock.Add(10 * time.Minute)
				clk.Set(clock)
				if _, err := p1.SetCounterStatus(ctx(t), "loket-1", api.CounterOpen); err != nil {
					t.Fatal(err)
				}
			}
		}
		if d.Day() != 26 {
			p1.Logout(ctx(t))
			p3.Logout(ctx(t))
		}
	}
	clk.Set(time.Date(2026, 11, 26, 15, 0, 0, 0, wib))
}

// adminLogin signs in on /admin as a person does.
func adminLogin(t *testing.T, b *chrome, url string) {
	t.Helper()
	b.load(url + "/admin")
	b.typeInto("#user", servertest.AdminUser)
	b.typeInto("#pass", servertest.AdminPassword)
	b.tap(`#loginForm button[type="submit"]`)
	b.waitJS(`!document.getElementById("app").classList.contains("hidden")`)
}

func TestAdminPageChartsAndReportsInChromium(t *testing.T) {
	clk := queue.NewSteppingClock(time.Date(2026, 11, 5, 7, 0, 0, 0, wib), time.Millisecond)
	s := servertest.Start(t, servertest.WithClock(clk))
	mallHistory(t, s, clk)
	adm := newAdmin(t, s)
	var sum api.SummaryReport
	adm.must("GET", "/v1/reports/summary?from=2026-11-20&to=2026-11-26&group=site&target_minutes=15", nil, &sum, 200)
	if sum.Total.Called < 30 {
		t.Fatalf("thin history: %+v", sum.Total)
	}

	for _, width := range []int{1366, 1920} {
		b := startChrome(t, width, 900, false)
		adminLogin(t, b, s.URL)
		b.eval(`document.getElementById("from").value = "2026-11-20"; document.getElementById("to").value = "2026-11-26"`, nil)
		// Submitted as the button does, but not by a click: the sections
		// still filling in move the button between measuring and clicking.
		b.eval(`document.getElementById("repForm").requestSubmit()`, nil)
		// Every chart arrives as an SVG element with its accessible summary.
		week := "20 Nov – 26 Nov 2026"
		for id, label := range map[string]string{"chartArrivals": "Kedatangan per jam — Kamis, 26 Nov 2026", "chartWaits": "Waktu tunggu — " + week,
			"chartServiceLevel": "Tingkat layanan per layanan (tunggu ≤ 15 menit) — " + week, "chartIKM": "IKM per hari — " + week,
			"chartStaff": "Kinerja petugas — " + week} {
			b.waitJS(fmt.Sprintf(`(function(){var s=document.querySelector("#%s > svg");return s&&s.getAttribute("aria-label").indexOf(%q)>=0&&
				s.getBoundingClientRect().width>300})()`, id, label))
		}
		// The charts say what the tables say.
		waits := b.str(`document.querySelector("#chartWaits > svg").getAttribute("aria-label")`)
		if !strings.Contains(waits, fmt.Sprintf("Waktu tunggu %d tiket", sum.Total.Called)) {
			t.Errorf("waits chart %q, summary called %d", waits, sum.Total.Called)
		}
		arrivals := b.str(`document.querySelector("#chartArrivals > svg").getAttribute("aria-label")`)
		if !strings.Contains(arrivals, "Rata-rata Kamis (3 hari)") {
			t.Errorf("arrivals chart %q: want the usual of 3 Thursdays", arrivals)
		}
		b.waitText("staffTable", "Rahmat Hidayat") // petugas1
		b.waitText("staffTable", "Menganggur")
		b.waitText("ikmTable", "Sampel minimal")
		b.waitText("profileTable", "Perempuan")
		b.waitText("commentTable", "ruang tunggu kurang kursi")
		b.waitText("holTable", "Tahun Baru 2027 Masehi")
		b.screenshot(fmt.Sprintf("admin-%d", width))
		if v := b.cspViolations(); len(v) > 0 {
			t.Fatalf("CSP violations at %d: %v", width, v)
		}
		if errs := b.errors(); len(errs) > 0 {
			t.Fatalf("page errors at %d: %v", width, errs)
		}
		if width != 1366 {
			continue
		}
		// Staff per week, and the calendar: add a closure, then delete it.
		b.eval(`document.getElementById("staffPeriod").value = "week"`, nil)
		b.tap(`#staffForm button[type="submit"]`)
		b.waitText("staffTable", "2026-W48")
		b.eval(`document.getElementById("holDate").value = "2026-12-31"; document.getElementById("holKind").value = "cuti_bersama"`, nil)
		b.typeInto("#holName", "Cuti Bersama Tahun Baru")
		b.tap(`#holForm button[type="submit"]`)
		b.waitText("holMsg", "ditambahkan")
		b.waitText("holTable", "Cuti Bersama Tahun Baru")
		var hs []api.Holiday
		adm.must("GET", "/v1/admin/holidays", nil, &hs, 200)
		if hs[0].ID != "2026-12-31" || hs[0].Kind != api.HolidayCutiBersama {
			t.Fatalf("added from the page: %+v", hs[0])
		}
		b.eval(`window.confirm = function () { return true; }`, nil)
		b.tap(`#holTable tr:nth-child(2) button`)
		b.waitText("holMsg", "dihapus")
		adm.must("GET", "/v1/admin/holidays", nil, &hs, 200)
		if hs[0].ID == "2026-12-31" {
			t.Fatal("deleting from the page did nothing")
		}

		// The printable SKM report of the week, in the same tab (it reads
		// the same session token), printed to A4.
		b.load(s.URL + "/admin/skm?from=2026-11-20&to=2026-11-26")
		b.waitJS(`document.body.getAttribute("data-ready") === "1"`)
		var ikm api.IKMReport
		adm.must("GET", "/v1/reports/ikm?from=2026-11-20&to=2026-11-26&group=site", nil, &ikm, 200)
		want := strings.Replace(fmt.Sprintf("%.2f", ikm.Total.IKMRounded), ".", ",", 1)
		b.waitText("ikm", want)
		b.waitText("site", "Mal Pelayanan Publik Kota Pariaman")
		b.waitText("period", "20 November 2026 s.d. 26 November 2026")
		b.waitText("respondents", fmt.Sprintf("%d responden", ikm.Total.Respondents))
		b.waitText("minSample", fmt.Sprintf("%d responden", ikm.Total.Sample.MinSample))
		b.waitText("grade", ikm.Total.Grade)
		b.waitText("comments", "ruang tunggu kurang kursi")
		b.waitText("profile-sex", "Perempuan")
		b.waitText("followUp", "Rencana tindak lanjut")
		b.screenshot("skm-report")
		pages := b.pdf("skm-report")
		if pages < 1 || pages > 6 {
			t.Fatalf("the report prints on %d A4 pages", pages)
		}
		if v := b.cspViolations(); len(v) > 0 {
			t.Fatalf("CSP violations on the report: %v", v)
		}
		if errs := b.errors(); len(errs) > 0 {
			t.Fatalf("report errors: %v", errs)
		}
	}

	// The chart endpoints: SVG, admin only, sizes checked.
	status, body, hdr := adm.raw("GET", "/v1/charts/waits.svg?from=2026-11-20&to=2026-11-26&w=800&h=400", nil)
	if status != 200 || hdr.Get("Content-Type") != "image/svg+xml" || hdr.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.HasPrefix(string(body), "<svg") || !regexp.MustCompile(`width="800"`).Match(body) {
		t.Fatalf("waits.svg %d %v %.100s", status, hdr, body)
	}
	adm.must("GET", "/v1/charts/waits.svg?w=50", nil, nil, 400)
	adm.must("GET", "/v1/charts/arrivals.svg?weeks=99", nil, nil, 400)
	(&adminAPI{t: t, s: s, token: servertest.KioskToken}).must("GET", "/v1/charts/ikm.svg", nil, nil, 403)
	(&adminAPI{t: t, s: s}).must("GET", "/v1/charts/staff.svg", nil, nil, 401)
}
