package httpapi

import (
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"antrean/server/charts"
	"antrean/server/store"
	"antrean/shared/api"
)

// The admin page's charts: SVG drawn on the server (server/charts) from
// the same reports as the tables, for an admin token. The page fetches
// them with its token and puts the SVG into the page; nothing comes from
// the internet, and the page's CSP stays strict.

func (s *Server) chartRoutes() {
	m := s.mux
	m.Handle("GET /v1/reports/daily", s.auth(adminOnly, s.reportDaily))
	m.Handle("GET /v1/reports/waits", s.auth(adminOnly, s.reportWaits))
	m.Handle("GET /v1/charts/arrivals.svg", s.auth(adminOnly, s.chartArrivals))
	m.Handle("GET /v1/charts/waits.svg", s.auth(adminOnly, s.chartWaits))
	m.Handle("GET /v1/charts/service-level.svg", s.auth(adminOnly, s.chartServiceLevel))
	m.Handle("GET /v1/charts/ikm.svg", s.auth(adminOnly, s.chartIKM))
	m.Handle("GET /v1/charts/staff.svg", s.auth(adminOnly, s.chartStaff))
}

// dailyQuery reads the report query plus ?weekday=1..7.
func dailyQuery(r *http.Request) (store.ReportQuery, error) {
	q, err := reportQuery(r)
	if err != nil {
		return q, err
	}
	if v := r.URL.Query().Get("weekday"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return q, &api.Error{Code: api.CodeInvalidInput, Detail: "weekday must be 1 (Monday) to 7 (Sunday)"}
		}
		q.Weekday = n
	}
	return q, nil
}

func (s *Server) reportDaily(w http.ResponseWriter, r *http.Request) {
	q, err := dailyQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := s.o.Store.Daily(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusOK, rep)
}

func (s *Server) reportWaits(w http.ResponseWriter, r *http.Request) {
	q, err := reportQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := s.o.Store.Waits(r.Context(), q, r.URL.Query().Get("service_id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusOK, rep)
}

// svg writes a chart. The SVG holds no script or style; the CSP says
// so once more should anyone open it on its own.
func (s *Server) svg(w http.ResponseWriter, b []byte) {
	h := w.Header()
	h.Set("Content-Type", "image/svg+xml")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}

// chartSize reads ?w=&h= (CSS px, 200–2400; 0 = the chart's default).
func chartSize(r *http.Request) (int, int, error) {
	get := func(name string) (int, error) {
		v := r.URL.Query().Get(name)
		if v == "" {
			return 0, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 200 || n > 2400 {
			return 0, &api.Error{Code: api.CodeInvalidInput, Detail: name + " must be 200-2400 (pixels)"}
		}
		return n, nil
	}
	w, err := get("w")
	if err != nil {
		return 0, 0, err
	}
	h, err := get("h")
	return w, h, err
}

func day(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

// rangeTitle is "1 Des – 31 Des 2026" (one day: "Senin, 1 Des 2026").
func rangeTitle(from, to string) string {
	a, b := day(from), day(to)
	if from == to {
		return charts.Weekday(a.Weekday()) + ", " + charts.ShortDate(a) + " " + strconv.Itoa(a.Year())
	}
	return charts.ShortDate(a) + " – " + charts.ShortDate(b) + " " + strconv.Itoa(b.Year())
}

// chartArrivals: arrivals per hour on a day (?day=, default today)
// against the usual for that weekday: the average of the same weekday in
// the ?weeks= (default 8) weeks before, over the days that had arrivals
// (a holiday does not pull the usual down).
func (s *Server) chartArrivals(w http.ResponseWriter, r *http.Request) {
	width, height, err := chartSize(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := r.URL.Query()
	weeks := 8
	if x := v.Get("weeks"); x != "" {
		if weeks, err = strconv.Atoi(x); err != nil || weeks < 1 || weeks > 52 {
			s.fail(w, r, &api.Error{Code: api.CodeInvalidInput, Detail: "weeks must be 1-52"})
			return
		}
	}
	ctx := r.Context()
	today, err := s.o.Store.Daily(ctx, store.ReportQuery{From: v.Get("day"), To: v.Get("day"), Group: api.GroupSite})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := day(today.From)
	c := charts.Hourly{Title: "Kedatangan per jam — " + rangeTitle(today.From, today.From), Width: width, Height: height,
		Today: make([]int, 24), TodayLabel: "Hari itu"}
	for _, row := range today.Rows {
		c.Today = row.Hours[:]
	}
	if today.From == today.Now.Format("2006-01-02") {
		c.Now, c.TodayLabel = today.Now, "Hari ini"
	}
	usual, err := s.o.Store.Daily(ctx, store.ReportQuery{From: d.AddDate(0, 0, -7*weeks).Format("2006-01-02"),
		To: d.AddDate(0, 0, -1).Format("2006-01-02"), Group: api.GroupSite, Weekday: (int(d.Weekday())+6)%7 + 1})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	days := 0
	sum := make([]float64, 24)
	for _, row := range usual.Rows {
		if row.Issued == 0 {
			continue
		}
		days++
		for h, n := range row.Hours {
			sum[h] += float64(n)
		}
	}
	if days > 0 {
		for h := range sum {
			sum[h] /= float64(days)
		}
		c.Usual = sum
		c.UsualLabel = "Rata-rata " + charts.Weekday(d.Weekday()) + " (" + strconv.Itoa(days) + " hari)"
	}
	s.svg(w, c.SVG())
}

// chartWaits: the waiting-time distribution of a range, every wait, with
// the target and the summary's own P90.
func (s *Server) chartWaits(w http.ResponseWriter, r *http.Request) {
	width, height, err := chartSize(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q, err := reportQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.o.Store.Waits(r.Context(), q, r.URL.Query().Get("service_id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	counts := make(map[int64]int64, len(d.Counts))
	for _, c := range d.Counts {
		counts[c.Seconds] = c.N
	}
	s.svg(w, charts.WaitHistogram{Title: "Waktu tunggu — " + rangeTitle(d.From, d.To), Width: width, Height: height,
		Seconds: counts, TargetMinutes: float64(d.TargetMinutes), P90Minutes: d.P90WaitMinutes}.SVG())
}

// days lists every day of from…to.
func days(from, to string) []time.Time {
	var out []time.Time
	for d := day(from); !d.After(day(to)) && len(out) < 400; d = d.AddDate(0, 0, 1) {
		out = append(out, d)
	}
	return out
}

// chartServiceLevel: the share of calls within the target per service
// and day; the services with the lowest level over the range first.
func (s *Server) chartServiceLevel(w http.ResponseWriter, r *http.Request) {
	width, height, err := chartSize(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q, err := dailyQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q.Group = api.GroupService
	rep, err := s.o.Store.Daily(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	dates := days(rep.From, rep.To)
	index := map[string]int{}
	for i, d := range dates {
		index[d.Format("2006-01-02")] = i
	}
	type svc struct {
		series         charts.Series
		within, called int
		order          int
	}
	per := map[string]*svc{}
	for _, row := range rep.Rows {
		x := per[row.Key]
		if x == nil {
			x = &svc{series: charts.Series{Name: row.Name, Values: nanSlice(len(dates))}, order: len(per)}
			per[row.Key] = x
		}
		x.within += row.WithinTarget
		x.called += row.Called
		if i, ok := index[row.Day]; ok {
			x.series.Values[i] = charts.Value(row.ServiceLevel)
		}
	}
	list := make([]*svc, 0, len(per))
	for _, x := range per {
		if x.called > 0 {
			list = append(list, x)
		}
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := float64(list[i].within)/float64(list[i].called), float64(list[j].within)/float64(list[j].called)
		if a != b {
			return a < b
		}
		return list[i].order < list[j].order
	})
	c := charts.Trend{Title: "Tingkat layanan per layanan (tunggu ≤ " + strconv.Itoa(rep.TargetMinutes) + " menit) — " + rangeTitle(rep.From, rep.To),
		Width: width, Height: height, Dates: dates, YTitle: "Dalam target", Suffix: "%", Decimals: 1, YMin: 0, YMax: 100}
	for _, x := range list {
		c.Series = append(c.Series, x.series)
	}
	s.svg(w, c.SVG())
}

func nanSlice(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = math.NaN()
	}
	return v
}

// chartIKM: the IKM of the MPP and of each agency per day (per month for
// ranges over two months), over the grade bands.
func (s *Server) chartIKM(w http.ResponseWriter, r *http.Request) {
	width, height, err := chartSize(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q, err := reportQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Per day up to two months, else per month. Without both ends the
	// store's default range applies: one read learns it. Then the site and
	// its agencies are read once each, side by side (with a year of history
	// each IKM read takes a few hundred ms).
	ctx := r.Context()
	from, to := q.From, q.To
	if from == "" || to == "" {
		probe, err := s.o.Store.IKM(ctx, store.ReportQuery{From: from, To: to, Group: api.GroupSite, Period: api.PeriodDay})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		from, to = probe.From, probe.To
	}
	monthly := len(days(from, to)) > 62
	period := api.PeriodDay
	if monthly {
		period = api.PeriodMonth
	}
	var (
		site, agencies api.IKMReport
		aerr           error
		wg             sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		agencies, aerr = s.o.Store.IKM(ctx, store.ReportQuery{From: from, To: to, Group: api.GroupAgency, Period: period})
	}()
	site, err = s.o.Store.IKM(ctx, store.ReportQuery{From: from, To: to, Group: api.GroupSite, Period: period})
	wg.Wait()
	if err == nil {
		err = aerr
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// One point per period that has respondents.
	periods := map[string]int{}
	var dates []time.Time
	pointOf := func(p string) time.Time {
		if monthly {
			return day(p + "-01")
		}
		return day(p)
	}
	for _, rows := range [][]api.IKMRow{site.Rows, agencies.Rows} {
		for _, row := range rows {
			if _, ok := periods[row.Period]; !ok && row.Respondents > 0 {
				periods[row.Period] = 0
			}
		}
	}
	keys := make([]string, 0, len(periods))
	for p := range periods {
		keys = append(keys, p)
	}
	sort.Strings(keys)
	for i, p := range keys {
		periods[p] = i
		dates = append(dates, pointOf(p))
	}
	series := func(name string, rows []api.IKMRow, key string) charts.Series {
		sr := charts.Series{Name: name, Values: nanSlice(len(dates))}
		for _, row := range rows {
			if (key == "" || row.Key == key) && row.Respondents > 0 {
				sr.Values[periods[row.Period]] = row.IKMRounded
			}
		}
		return sr
	}
	name := "IKM per hari"
	if monthly {
		name = "IKM per bulan"
	}
	c := charts.Trend{Title: name + " — " + rangeTitle(site.From, site.To), Width: width, Height: height, Dates: dates,
		YTitle: "IKM", Decimals: 2, Bands: charts.IKMBands(), Monthly: monthly}
	c.Series = append(c.Series, series("MPP", site.Rows, ""))
	seen := map[string]bool{}
	for _, row := range agencies.Rows {
		if !seen[row.Key] {
			seen[row.Key] = true
			c.Series = append(c.Series, series(row.Name, agencies.Rows, row.Key))
		}
	}
	s.svg(w, c.SVG())
}

// chartStaff: the staff figures of a range per officer (or counter), most
// served first.
func (s *Server) chartStaff(w http.ResponseWriter, r *http.Request) {
	width, height, err := chartSize(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q, err := reportQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if q.Group == "" {
		q.Group = api.GroupOfficer
	}
	q.Period = api.PeriodRange
	rep, err := s.o.Store.Staff(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := append([]api.StaffRow(nil), rep.Rows...)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Served > rows[j].Served })
	label := "Petugas"
	if rep.Group == api.GroupCounter {
		label = "Loket"
	}
	c := charts.HBars{Title: "Kinerja " + strings.ToLower(label) + " — " + rangeTitle(rep.From, rep.To),
		Width: width, Height: height, LabelTitle: label,
		Columns: []charts.Column{{Title: "Dilayani"}, {Title: "Rata-rata layanan", Suffix: " mnt", Decimals: 1},
			{Title: "Dalam target", Suffix: "%", Decimals: 0}, {Title: "Menganggur", Suffix: " mnt", Decimals: 0}, {Title: "IKM", Decimals: 1}}}
	for _, row := range rows {
		c.Rows = append(c.Rows, charts.Row{Label: row.Name, Values: []float64{float64(row.Served), charts.Value(row.AvgServiceMinutes),
			charts.Value(row.ServiceLevel), charts.Value(row.IdleMinutes), charts.Value(row.IKM)}})
	}
	s.svg(w, c.SVG())
}
