package charts_test

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"antrean/server/charts"
)

var numericAttrs = map[string]bool{"x": true, "y": true, "width": true, "height": true, "x1": true, "y1": true,
	"x2": true, "y2": true, "cx": true, "cy": true, "r": true, "stroke-width": true, "fill-opacity": true, "font-size": true}

// checkSVG asserts what every chart promises: well-formed, shown at w×h
// with a viewBox of the same size (or, when w×h is too small for the
// text, a bigger one of at least 280×160 that the browser scales down),
// accessible, nothing a strict CSP would block or that could load
// anything, only finite numbers, every text anchored inside.
func checkSVG(t *testing.T, svg []byte, w, h int) *node {
	t.Helper()
	for _, bad := range []string{"NaN", "Inf", "<style", "style=", "<script", "href", "url(", "<foreignObject", "<image", "@import"} {
		if bytes.Contains(svg, []byte(bad)) {
			t.Errorf("output contains %q", bad)
		}
	}
	root := parse(t, svg)
	if root.XMLName.Local != "svg" || root.XMLName.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("root %v", root.XMLName)
	}
	var vw, vh float64
	if n, _ := fmt.Sscanf(root.attr("viewBox"), "0 0 %g %g", &vw, &vh); n != 2 {
		t.Fatalf("viewBox %q", root.attr("viewBox"))
	}
	if root.attr("width") != strconv.Itoa(w) || root.attr("height") != strconv.Itoa(h) ||
		vw != float64(max(w, 280)) || vh < float64(max(h, 160)) {
		t.Errorf("size %s×%s viewBox %q, want %d×%d", root.attr("width"), root.attr("height"), root.attr("viewBox"), w, h)
	}
	if root.attr("role") != "img" || strings.TrimSpace(root.attr("aria-label")) == "" {
		t.Errorf("role %q aria-label %q", root.attr("role"), root.attr("aria-label"))
	}
	if len(root.Kids) < 2 || root.Kids[0].XMLName.Local != "title" || root.Kids[1].XMLName.Local != "desc" || strings.TrimSpace(root.Kids[1].Text) == "" {
		t.Error("the first children must be <title> and a non-empty <desc>")
	}
	root.walk(func(n *node, _ []*node) {
		for _, a := range n.Attrs {
			if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
				t.Errorf("event attribute %s", a.Name.Local)
			}
			if a.Name.Local == "id" { // several charts inline on one page must not clash
				t.Errorf("id=%q on <%s>", a.Value, n.XMLName.Local)
			}
			if numericAttrs[a.Name.Local] {
				v, err := strconv.ParseFloat(a.Value, 64)
				if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
					t.Errorf("<%s %s=%q>", n.XMLName.Local, a.Name.Local, a.Value)
				}
				if (a.Name.Local == "width" || a.Name.Local == "height") && v < 0 {
					t.Errorf("negative %s on <%s>", a.Name.Local, n.XMLName.Local)
				}
			}
		}
		if n.XMLName.Local == "text" {
			x, y := n.num(t, "x"), n.num(t, "y")
			if x < 0 || x > vw || y < 0 || y > vh {
				t.Errorf("text %q anchored at %v,%v outside the %v×%v viewBox", n.Text, x, y, vw, vh)
			}
		}
	})
	return root
}

func TestFixturesAreSoundSVG(t *testing.T) {
	for _, fx := range fixtures() {
		t.Run(fx.name, func(t *testing.T) {
			root := checkSVG(t, fx.svg(), fx.w, fx.h)
			if vb := fmt.Sprintf("0 0 %d %d", fx.w, fx.h); (root.attr("viewBox") != vb) != fx.scaled {
				t.Errorf("viewBox %q, display %q; scaled: %v", root.attr("viewBox"), vb, fx.scaled)
			}
		})
	}
}

func TestHourlyBarsFollowTheCounts(t *testing.T) {
	svg := charts.Hourly{Title: "Kedatangan", Today: fxToday, Usual: fxUsual, Now: fxNow}.SVG()
	root := checkSVG(t, svg, 640, 320)
	ts := yTicks(t, root)
	var labels []string
	for _, tk := range ts {
		labels = append(labels, tk.label)
	}
	if got := strings.Join(labels, " "); got != "0 20 40 60 80" {
		t.Errorf("y ticks %q, want 0 20 40 60 80 (max 71)", got)
	}
	yOf := scaleOf(t, ts)
	bars := root.find("rect", "bar")
	// 07.00 to 13.59: now is 13.25, later hours are not drawn.
	if len(bars) != 7 {
		t.Fatalf("%d bars, want 7 (07…13)", len(bars))
	}
	for _, b := range bars {
		h, _ := strconv.Atoi(b.attr("data-hour"))
		top, bottom := b.num(t, "y"), b.num(t, "y")+b.num(t, "height")
		if !near(bottom, yOf(0), 0.02) || !near(top, yOf(float64(fxToday[h])), 0.02) {
			t.Errorf("bar %d: %v–%v, want %v–%v for %d", h, top, bottom, yOf(float64(fxToday[h])), yOf(0), fxToday[h])
		}
		if (h == 13) != (b.attr("fill-opacity") != "") {
			t.Errorf("hour %d fill-opacity %q: only the running hour is lighter", h, b.attr("fill-opacity"))
		}
	}
	// Heights proportional to the counts: 58 is exactly 58/71 of 71.
	h8, h9 := bars[1].num(t, "height"), bars[2].num(t, "height")
	if !near(h8/h9, 58.0/71, 0.001) {
		t.Errorf("height ratio %v, want %v", h8/h9, 58.0/71)
	}
	// Tooltips say what the bar is.
	var tips []string
	for _, g := range root.one(t, "g", "today").Kids {
		tips = append(tips, g.tip())
	}
	if !contains(tips, "09.00–09.59 — Hari ini: 71 tiket; Biasanya: 66") || !contains(tips, "13.00–13.59 — Hari ini: 30 tiket (jam berjalan); Biasanya: 35,8") {
		t.Errorf("tooltips %q", tips)
	}
	// The usual: one flat step per hour at its value, 07 to 16.
	usual := root.one(t, "path", "usual")
	runs := pathPoints(t, usual.attr("d"))
	if len(runs) != 1 || len(runs[0]) != 20 {
		t.Fatalf("usual path %q", usual.attr("d"))
	}
	for i := 0; i < 10; i++ {
		a, b := runs[0][2*i], runs[0][2*i+1]
		if a[1] != b[1] || !near(a[1], yOf(fxUsual[7+i]), 0.02) {
			t.Errorf("hour %d step at y %v/%v, want %v", 7+i, a[1], b[1], yOf(fxUsual[7+i]))
		}
	}
	hours := root.one(t, "g", "x-axis").texts()
	if hours[0] != "07.00" || hours[len(hours)-2] != "16.00" || hours[len(hours)-1] != "Jam" {
		t.Errorf("hour labels %q", hours)
	}
	legend := root.one(t, "g", "legend").texts()
	if strings.Join(legend, "|") != "Hari ini|Biasanya|Sekarang 13.25" {
		t.Errorf("legend %q", legend)
	}
	desc := root.Kids[1].Text
	for _, want := range []string{"07.00–16.59", "Hari ini: 297 tiket", "terbanyak pukul 09.00 (71)", "Biasanya: 341 tiket, terbanyak pukul 09.00 (66)"} {
		if !strings.Contains(desc, want) {
			t.Errorf("desc %q lacks %q", desc, want)
		}
	}
	if !strings.HasPrefix(root.attr("aria-label"), "Kedatangan. Kedatangan per jam") {
		t.Errorf("aria-label %q", root.attr("aria-label"))
	}

	// An explicit range, no comparison, no clock: every hour drawn.
	root = checkSVG(t, charts.Hourly{Today: fxToday, FirstHour: 8, LastHour: 17}.SVG(), 640, 320)
	if n := len(root.find("rect", "bar")); n != 10 {
		t.Errorf("%d bars for 08–17", n)
	}
	if len(root.find("path", "usual")) != 0 || len(root.find("g", "now")) != 0 {
		t.Error("no usual line and no now marker without Usual and Now")
	}
}

func TestHistogramCountsBins(t *testing.T) {
	waits := []float64{0, 0.5, 3, 5, 5.01, 9, 10, 14.9, 15, 15, 16, 22, 29, 31, math.NaN(), -2}
	svg := charts.WaitHistogram{Minutes: waits, TargetMinutes: 15, BinMinutes: 5, P90Minutes: p(29)}.SVG()
	root := checkSVG(t, svg, 640, 320)
	bars := root.find("rect", "bar")
	// Bins hold (a, b]: a wait of exactly 5 is in the first, of 15 in the
	// third (within target, as the service level counts it).
	want := []int{4, 3, 3, 1, 1, 1, 1}
	if len(bars) != len(want) {
		t.Fatalf("%d bins, want %d", len(bars), len(want))
	}
	yOf := scaleOf(t, yTicks(t, root))
	for i, b := range bars {
		if b.attr("data-from") != fmt.Sprint(5*i) || b.attr("data-to") != fmt.Sprint(5*i+5) {
			t.Errorf("bin %d is %s–%s", i, b.attr("data-from"), b.attr("data-to"))
		}
		if top := b.num(t, "y"); !near(top, yOf(float64(want[i])), 0.02) {
			t.Errorf("bin %d top %v, want %v (%d tickets)", i, top, yOf(float64(want[i])), want[i])
		}
		colour := "#0072B2"
		if i >= 3 {
			colour = "#E69F00"
		}
		if b.attr("fill") != colour {
			t.Errorf("bin %d fill %s, want %s", i, b.attr("fill"), colour)
		}
	}
	// The target line sits on the edge between the third and fourth bin.
	target := root.one(t, "line", "target")
	edge := bars[3].num(t, "x") - 0.5
	if x := target.num(t, "x1"); !near(x, edge, 0.02) {
		t.Errorf("target line at %v, bin edge at %v", x, edge)
	}
	p90 := root.one(t, "line", "p90")
	if x := p90.num(t, "x1"); !near(x, bars[5].num(t, "x")-0.5+0.8*(bars[6].num(t, "x")-bars[5].num(t, "x")), 0.05) {
		t.Errorf("P90 line at %v", x)
	}
	legend := strings.Join(root.one(t, "g", "legend").texts(), "|")
	if legend != "≤ 15 menit: 10 (71,4%)|> 15 menit: 4 (28,6%)|Target 15 menit|P90 29 menit" {
		t.Errorf("legend %q", legend)
	}
	if tip := bars[2].tip(); tip != "" {
		t.Errorf("tooltip belongs to the bin's group, got %q on the rect", tip)
	}

	// A cut-off axis: longer waits are summed in one overflow bin.
	root = checkSVG(t, charts.WaitHistogram{Minutes: waits, TargetMinutes: 15, BinMinutes: 5, MaxMinutes: 20}.SVG(), 640, 320)
	over := root.one(t, "rect", "overflow")
	if yOf := scaleOf(t, yTicks(t, root)); !near(over.num(t, "y"), yOf(3), 0.02) {
		t.Errorf("overflow bin height: want 3 tickets (22, 29, 31)")
	}
	if !contains(root.one(t, "g", "x-axis").texts(), "> 20") {
		t.Error("no \"> 20\" label under the overflow bin")
	}

	// Automatic bins: the target is always a bin edge.
	var long []float64
	for i := 0; i < 300; i++ {
		long = append(long, float64(i%100))
	}
	root = checkSVG(t, charts.WaitHistogram{Minutes: long, TargetMinutes: 15}.SVG(), 640, 320)
	found := false
	for _, b := range root.find("rect", "bar") {
		found = found || b.attr("data-to") == "15"
	}
	if !found {
		t.Error("no bin ends at the 15-minute target")
	}
}

func TestTrendSeriesAndBands(t *testing.T) {
	ss := fxSeries(10, 30)
	svg := charts.Trend{Title: "Tingkat layanan", Dates: fxDays(30), Series: ss, Suffix: "%", Decimals: 1, YMin: 0, YMax: 100,
		Refs: []charts.Ref{{Value: 80, Label: "Sasaran 80%"}}}.SVG()
	root := checkSVG(t, svg, 640, 320)
	ts := yTicks(t, root)
	if ts[0].label != "0%" || ts[len(ts)-1].label != "100%" {
		t.Errorf("y ticks %+v", ts)
	}
	yOf := scaleOf(t, ts)
	series := root.find("g", "series")
	if len(series) != 6 {
		t.Fatalf("%d coloured series, want 6 (the default)", len(series))
	}
	if n := len(root.one(t, "g", "others").find("path", "")); n != 4 {
		t.Errorf("%d grey series, want 4", n)
	}
	// Series 0: every finite value has a point at its height, NaN breaks
	// the line.
	var s0 *node
	for _, s := range series {
		if s.attr("data-series") == "0" {
			s0 = s
		}
	}
	points := s0.find("g", "point")
	finiteVals, runs := 0, 0
	for i, v := range ss[0].Values {
		if !math.IsNaN(v) {
			finiteVals++
			if i == 0 || math.IsNaN(ss[0].Values[i-1]) {
				runs++
			}
		}
	}
	if len(points) != finiteVals {
		t.Fatalf("%d points for %d values", len(points), finiteVals)
	}
	if got := len(pathPoints(t, s0.one(t, "path", "line").attr("d"))); got != runs {
		t.Errorf("line in %d pieces, want %d (broken at each gap)", got, runs)
	}
	j := 0
	for i, v := range ss[0].Values {
		if math.IsNaN(v) {
			continue
		}
		c := points[j].find("circle", "")[0]
		if !near(c.num(t, "cy"), yOf(v), 0.02) {
			t.Errorf("point %d at y %v, want %v for %v", i, c.num(t, "cy"), yOf(v), v)
		}
		day := fxDays(30)[i]
		wantTip := fmt.Sprintf("KTP-el & KK — %s: %s%%", longDate(day), charts.Number(v, 0))
		if strings.HasSuffix(charts.Number(v, 1), ",5") {
			wantTip = fmt.Sprintf("KTP-el & KK — %s: %s%%", longDate(day), charts.Number(v, 1))
		}
		if points[j].tip() != wantTip {
			t.Errorf("tooltip %q, want %q", points[j].tip(), wantTip)
		}
		j++
	}
	legend := root.one(t, "g", "legend").find("g", "legend-item")
	if len(legend) != 7 || strings.TrimSpace(legend[6].find("text", "")[0].Text) != "4 lainnya" ||
		legend[6].tip() != "PDAM, NPWP, Izin Usaha, Bank Nagari" {
		t.Errorf("legend: %d items, last %q (%q)", len(legend), legend[len(legend)-1].texts(), legend[len(legend)-1].tip())
	}
	dates := root.one(t, "g", "x-axis").texts()
	if dates[0] != "1 Des" || dates[len(dates)-1] != "Tanggal (1 Des 2024 – 30 Des 2024)" {
		t.Errorf("date labels %q", dates)
	}
	ref := root.one(t, "g", "ref")
	if l := ref.find("line", "")[0]; !near(l.num(t, "y1"), yOf(80), 0.02) || ref.texts()[0] != "Sasaran 80%" {
		t.Errorf("reference line at %v, label %q", l.num(t, "y1"), ref.texts())
	}

	// IKM per month with the grade bands.
	root = checkSVG(t, charts.Trend{Dates: fxMonths, Series: []charts.Series{{Name: "MPP", Values: fxIKM}},
		YMin: 60, YMax: 100, Bands: charts.IKMBands(), Monthly: true, Decimals: 2}.SVG(), 640, 320)
	yOf = scaleOf(t, yTicks(t, root))
	bands := root.find("g", "band")
	edges := [][2]float64{{88.305, 100}, {76.605, 88.305}, {64.995, 76.605}, {60, 64.995}}
	labels := []string{"A Sangat Baik", "B Baik", "C Kurang Baik", "D Tidak Baik"}
	if len(bands) != 4 {
		t.Fatalf("%d bands", len(bands))
	}
	for i, b := range bands {
		r := b.find("rect", "")[0]
		if !near(r.num(t, "y"), yOf(edges[i][1]), 0.02) || !near(r.num(t, "y")+r.num(t, "height"), yOf(edges[i][0]), 0.03) {
			t.Errorf("band %s at %v+%v, want %v–%v", labels[i], r.num(t, "y"), r.num(t, "height"), yOf(edges[i][1]), yOf(edges[i][0]))
		}
		if got := b.texts(); len(got) != 1 || got[0] != labels[i] {
			t.Errorf("band label %q, want %q", got, labels[i])
		}
	}
	if !strings.HasPrefix(bands[0].tip(), "A Sangat Baik (88,31") {
		t.Errorf("band tooltip %q", bands[0].tip())
	}
	months := root.one(t, "g", "x-axis").texts()
	if months[0] != "Jan 2024" || !contains(months, "Bulan (Jan 2024 – Des 2024)") {
		t.Errorf("month labels %q", months)
	}
	pts := root.find("g", "point")
	if len(pts) != 11 || pts[6].tip() != "MPP — Agustus 2024: 88,31" { // April has none
		t.Errorf("%d points; August: %q", len(pts), pts[6].tip())
	}

	// Dates in any order: drawn by date.
	days := fxDays(3)
	shuffled := charts.Trend{Dates: []time.Time{days[2], days[0], days[1]}, Series: []charts.Series{{Name: "x", Values: []float64{3, 1, 2}}}}.SVG()
	ordered := charts.Trend{Dates: days, Series: []charts.Series{{Name: "x", Values: []float64{1, 2, 3}}}}.SVG()
	if !bytes.Equal(shuffled, ordered) {
		t.Error("the order of the dates changed the chart")
	}
}

func TestTrendManySeriesStayLegible(t *testing.T) {
	fx := fixtureNamed(t, "trend-many")
	root := checkSVG(t, fx.svg(), 720, 400)
	items := root.one(t, "g", "legend").find("g", "legend-item")
	if len(items) != 8 {
		t.Fatalf("%d legend items, want 7 + \"28 lainnya\"", len(items))
	}
	rows := map[string]bool{}
	for _, it := range items {
		text := it.find("text", "")[0]
		rows[text.attr("y")] = true
	}
	if len(rows) < 2 {
		t.Error("the legend did not wrap")
	}
	if n := len(root.find("g", "series")); n != 7 {
		t.Errorf("%d coloured series", n)
	}
	// 90 days: too many points to mark, except a value standing alone
	// between gaps (a line needs two points, so it would not show).
	isolated := 0
	for _, s := range fxSeries(35, 90)[:7] {
		v := s.Values
		for i := range v {
			if !math.IsNaN(v[i]) && (i == 0 || math.IsNaN(v[i-1])) && (i == len(v)-1 || math.IsNaN(v[i+1])) {
				isolated++
			}
		}
	}
	if n := len(root.find("g", "point")); n != isolated {
		t.Errorf("%d point markers on 90 days, want only the %d isolated values", n, isolated)
	}
	if d := root.Kids[1].Text; !strings.Contains(d, "35 seri") || !strings.Contains(d, "28 seri lainnya digambar abu-abu") {
		t.Errorf("desc %q", d)
	}
}

func TestHBarsScaleEachColumn(t *testing.T) {
	fx := fixtureNamed(t, "hbars-staff")
	root := checkSVG(t, fx.svg(), fx.w, fx.h)
	rows := root.find("g", "row")
	if len(rows) != len(fxStaff) {
		t.Fatalf("%d rows", len(rows))
	}
	for col := 0; col < 2; col++ {
		// Width per unit from the longest bar (the least rounding error).
		var ref float64
		for i, r := range rows {
			for _, b := range r.find("rect", "bar") {
				if v := fxStaff[i].Values[col]; b.attr("data-column") == strconv.Itoa(col) && v == maxOf(fxStaff, col) {
					ref = b.num(t, "width") / v
				}
			}
		}
		for i, r := range rows {
			v := fxStaff[i].Values[col]
			var bar *node
			for _, b := range r.find("rect", "bar") {
				if b.attr("data-column") == strconv.Itoa(col) {
					bar = b
				}
			}
			if math.IsNaN(v) {
				if bar != nil {
					t.Errorf("row %d column %d: a bar for no value", i, col)
				}
				continue
			}
			if w := bar.num(t, "width"); !near(w, v*ref, 0.05) {
				t.Errorf("row %d column %d: width %v, want %v (proportional)", i, col, w, v*ref)
			}
		}
	}
	values := rows[3].find("text", "value")
	if values[0].Text != "12" || values[1].Text != "–" {
		t.Errorf("Dewi's values %q %q", values[0].Text, values[1].Text)
	}
	if v := rows[1].find("text", "value")[1].Text; v != "7,3 mnt" {
		t.Errorf("7.25 minutes reads %q, want 7,3 mnt (half up)", v)
	}
	if v := rows[4].find("text", "value")[0].Text; v != "1.234" {
		t.Errorf("1234 reads %q", v)
	}
	long := rows[1].find("text", "label")[0].Text
	if !strings.HasSuffix(long, "…") || !strings.HasPrefix(fxStaff[1].Label, strings.TrimSuffix(long, "…")) {
		t.Errorf("long name drawn as %q", long)
	}
	if tip := rows[1].tip(); !strings.HasPrefix(tip, fxStaff[1].Label+"; Dilayani: 51; Rata-rata layanan: 7,3 mnt") {
		t.Errorf("row tooltip %q", tip)
	}
	// The name with markup comes back exactly, as text.
	if got := rows[2].find("text", "label")[0].Text; got != fxStaff[2].Label {
		t.Errorf("escaped name reads %q", got)
	}

	// Squeezed into a given height: the rest is counted, not drawn.
	fx = fixtureNamed(t, "hbars-squeezed")
	root = checkSVG(t, fx.svg(), fx.w, fx.h)
	n := len(root.find("g", "row"))
	more := root.one(t, "text", "more").Text
	if n < 5 || more != fmt.Sprintf("… dan %d lainnya tidak ditampilkan (lihat tabel)", 40-n) {
		t.Errorf("%d rows shown, then %q", n, more)
	}
	last := root.find("g", "row")[n-1]
	if y := last.find("text", "label")[0].num(t, "y"); y > 300-22-12 {
		t.Errorf("last row at y %v runs into the axis", y)
	}
}

// TestHostileLabels: names come from the admin and may hold markup,
// quotes, control characters and broken UTF-8. The SVG stays well-formed,
// nothing becomes an element, and the text reads back as typed (control
// characters as spaces, broken bytes as U+FFFD).
func TestHostileLabels(t *testing.T) {
	evil := "</text></svg><script>alert(1)</script> & \"quoted\" 'single' \x00\x07tab\there\nnew \xff\xfe end"
	clean := "</text></svg><script>alert(1)</script> & \"quoted\" 'single' tab here new \uFFFD\uFFFD end"
	svgs := map[string][]byte{
		"hourly":    charts.Hourly{Title: evil, Today: fxToday, TodayLabel: evil, UsualLabel: evil, Usual: fxUsual}.SVG(),
		"histogram": charts.WaitHistogram{Title: evil, Desc: evil, Minutes: fxWaits(), TargetMinutes: 15}.SVG(),
		"trend": charts.Trend{Title: evil, YTitle: evil, Suffix: "<%>", Dates: fxDays(5),
			Series: []charts.Series{{Name: evil, Values: []float64{1, 2, 3, 4, 5}}}, Refs: []charts.Ref{{Value: 3, Label: evil}},
			Bands: []charts.Band{{From: 0, To: 2, Label: evil, Long: evil, Color: `red" onload="x`}}}.SVG(),
		"hbars": charts.HBars{Title: evil, LabelTitle: evil, Columns: []charts.Column{{Title: evil, Suffix: evil}},
			Rows: []charts.Row{{Label: evil, Values: []float64{3}}}}.SVG(),
		"empty": charts.HBars{Title: evil}.SVG(),
	}
	for name, svg := range svgs {
		t.Run(name, func(t *testing.T) {
			root := checkSVG(t, svg, 640, int(parse(t, svg).num(t, "height")))
			if bytes.Contains(svg, []byte("<script")) || bytes.Contains(svg, []byte("</svg><")) {
				t.Fatal("markup from a label got through")
			}
			if n := len(root.find("script", "")); n != 0 {
				t.Fatal("a <script> element")
			}
			if got := root.Kids[0].Text; got != clean {
				t.Errorf("<title> reads %q, want %q", got, clean)
			}
			for _, r := range string(svg) {
				if r < 0x20 && r != '\n' {
					t.Fatalf("control character %U in the output", r)
				}
			}
		})
	}
	// The colour of a band is used only if it is a colour.
	if bytes.Contains(svgs["trend"], []byte("onload")) {
		t.Error("band colour was not validated")
	}
}

func TestEmptyChartsSayNoData(t *testing.T) {
	cases := map[string][]byte{
		"hourly nil":        charts.Hourly{Title: "Kedatangan"}.SVG(),
		"hourly zeros":      charts.Hourly{Title: "Kedatangan", Today: make([]int, 24), Usual: make([]float64, 24)}.SVG(),
		"hourly NaN usual":  charts.Hourly{Title: "Kedatangan", Usual: []float64{math.NaN(), math.Inf(1)}}.SVG(),
		"histogram nil":     charts.WaitHistogram{Title: "Tunggu", TargetMinutes: 15}.SVG(),
		"histogram invalid": charts.WaitHistogram{Title: "Tunggu", Minutes: []float64{math.NaN(), math.Inf(1), -3}}.SVG(),
		"trend no dates":    charts.Trend{Title: "IKM", Series: []charts.Series{{Name: "a", Values: []float64{1}}}}.SVG(),
		"trend all NaN":     charts.Trend{Title: "IKM", Dates: fxMonths, Series: []charts.Series{{Name: "a", Values: []float64{math.NaN()}}}}.SVG(),
		"trend no series":   charts.Trend{Title: "IKM", Dates: fxMonths}.SVG(),
		"hbars no rows":     charts.HBars{Title: "Staf", Columns: fxStaffCols}.SVG(),
		"hbars no columns":  charts.HBars{Title: "Staf", Rows: fxStaff}.SVG(),
	}
	for name, svg := range cases {
		t.Run(name, func(t *testing.T) {
			root := checkSVG(t, svg, 640, int(parse(t, svg).num(t, "height")))
			msg := root.one(t, "text", "no-data")
			if strings.TrimSpace(msg.Text) != charts.NoData {
				t.Errorf("message %q", msg.Text)
			}
			if len(root.find("", "bar"))+len(root.find("", "series"))+len(root.find("", "y-axis")) != 0 {
				t.Error("an empty chart draws bars, lines or axes")
			}
			if root.Kids[1].Text != "Belum ada data." || root.one(t, "text", "chart-title").Text == "" {
				t.Errorf("desc %q, title %q", root.Kids[1].Text, root.Kids[0].Text)
			}
		})
	}
}

func TestHugeValuesAndTinySizes(t *testing.T) {
	big := make([]int, 24)
	big[9], big[10] = 2_500_000, 1_200_000
	root := checkSVG(t, charts.Hourly{Today: big}.SVG(), 640, 320)
	for _, tk := range yTicks(t, root) {
		if len(tk.label) > 8 {
			t.Errorf("tick label %q is long: big numbers should read as \"2,5 jt\"", tk.label)
		}
	}
	scaleOf(t, yTicks(t, root))
	if !strings.Contains(strings.Join(root.one(t, "g", "y-axis").texts(), " "), "jt") {
		t.Errorf("ticks %q", root.one(t, "g", "y-axis").texts())
	}

	inf := math.Inf(1)
	svgs := [][]byte{
		charts.Trend{Dates: fxDays(4), Series: []charts.Series{{Name: "x", Values: []float64{1e300, -1e300, inf, 5}}}}.SVG(),
		charts.Trend{Dates: fxDays(2), Series: []charts.Series{{Name: "x", Values: []float64{7, 7}}}, YMin: 5, YMax: 5}.SVG(),
		charts.HBars{Columns: fxStaffCols, Rows: []charts.Row{{Label: "a", Values: []float64{1e20, -5}}, {Label: "b", Values: []float64{inf, 0}}}}.SVG(),
		charts.WaitHistogram{Minutes: []float64{1e18, 3, 4}, TargetMinutes: inf, P90Minutes: p(math.NaN())}.SVG(),
		charts.WaitHistogram{Minutes: []float64{0, 0, 0}, TargetMinutes: 15, BinMinutes: 1e-9}.SVG(),
		charts.Hourly{Today: []int{-5, 3}, Usual: []float64{-1, inf, 2}, FirstHour: 30, LastHour: -4}.SVG(),
	}
	for i, svg := range svgs {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			r := parse(t, svg)
			checkSVG(t, svg, int(r.num(t, "width")), int(r.num(t, "height")))
		})
	}

	// Too small for the text: laid out bigger and scaled down, still
	// sound, nothing outside.
	for _, svg := range [][]byte{
		charts.Hourly{Width: 10, Height: 5, Today: fxToday, Usual: fxUsual}.SVG(),
		charts.WaitHistogram{Width: 10, Height: 5, Minutes: fxWaits(), TargetMinutes: 15, P90Minutes: p(20)}.SVG(),
		charts.Trend{Width: 10, Height: 5, Dates: fxDays(30), Series: fxSeries(10, 30), Bands: charts.IKMBands()}.SVG(),
		charts.HBars{Width: 10, Height: 5, Columns: fxStaffCols, Rows: fxStaff}.SVG(),
		charts.HBars{Width: 10, Height: 5}.SVG(),
	} {
		checkSVG(t, svg, 10, 5)
	}
}

// TestDeterministic: the same input gives the same bytes, also across
// goroutines (no shared state).
func TestDeterministic(t *testing.T) {
	fxs := fixtures()
	want := make([][]byte, len(fxs))
	for i, fx := range fxs {
		want[i] = fx.svg()
	}
	done := make(chan error, 4)
	for g := 0; g < 4; g++ {
		go func() {
			for i, fx := range fxs {
				if !bytes.Equal(fx.svg(), want[i]) {
					done <- fmt.Errorf("%s differs between runs", fx.name)
					return
				}
			}
			done <- nil
		}()
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

func maxOf(rows []charts.Row, col int) float64 {
	m := math.Inf(-1)
	for _, r := range rows {
		if !math.IsNaN(r.Values[col]) {
			m = math.Max(m, r.Values[col])
		}
	}
	return m
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var weekdaysAbb = []string{"Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"}

// longDate is the tooltip date, written out here independently.
func longDate(d time.Time) string {
	months := strings.Fields("Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des")
	return fmt.Sprintf("%s, %d %s %d", weekdaysAbb[d.Weekday()], d.Day(), months[d.Month()-1], d.Year())
}
