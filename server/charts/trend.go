package charts

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Series is one named line of a Trend: Values[i] belongs to Dates[i].
// NaN marks a date without a value (no ticket, no respondent): the line
// breaks there instead of dropping to zero. Use Value to turn the
// reports' *float64 (null) into a point.
type Series struct {
	Name   string
	Values []float64
}

// Band shades a horizontal range of a Trend, e.g. the SKM grade bands.
type Band struct {
	From, To float64
	Label    string // short, beside the plot: "A"
	Long     string // added when there is room, and in the tooltip: "Sangat Baik"
	Color    string // "#rrggbb" fill (drawn faint); anything else → grey
}

// Ref is a horizontal reference line of a Trend, e.g. a target of 80%.
type Ref struct {
	Value float64
	Label string
}

// Trend draws values over dates, one line per series: the service level
// per service over the days of a month, or the IKM per month with the
// grade bands shaded.
//
//	svg := charts.Trend{
//		Title:  "Tingkat layanan per layanan",
//		Dates:  days,                         // one per day of the range
//		Series: []charts.Series{{Name: "KTP-el", Values: levels}},
//		YTitle: "Dalam target", Suffix: "%", Decimals: 1,
//		YMin: 0, YMax: 100,
//		Refs:   []charts.Ref{{Value: 80, Label: "Sasaran 80%"}},
//	}.SVG()
type Trend struct {
	Title string // drawn on top; also <title> and the accessible name
	Desc  string // screen-reader summary; "" → generated from the data

	// Width and Height in px (0 → 640×320); see Hourly.Width.
	Width, Height int

	// Dates are calendar days (their own Year/Month/Day; the time and
	// zone are ignored), placed by date so a gap of days shows as one.
	// Order does not matter: points are sorted by date.
	Dates  []time.Time
	Series []Series

	// MaxSeries is how many series are drawn in colour, with a legend
	// entry each (0 → 6, at most 7): the first ones, in the order given,
	// so put first what matters (e.g. the worst service level of the last
	// period). The rest are drawn thin and grey behind them, with one
	// legend entry "N lainnya" whose tooltip lists them.
	MaxSeries int

	YTitle   string // axis title: "Tingkat layanan", "IKM"
	Suffix   string // after every value: "%" → "87,5%"
	Decimals int    // at most this many decimals in tooltips (0–3)

	// YMin < YMax fixes the value axis (0–100 for percentages);
	// otherwise it is fitted to the values and the Refs.
	YMin, YMax float64

	Bands []Band // shaded behind the lines; see IKMBands
	Refs  []Ref  // dashed horizontal lines with a label

	// Monthly labels the dates as months ("Des 2024"): one point per
	// month, e.g. the IKM of each month.
	Monthly bool
}

// IKMBands are the SKM quality grades of PermenPANRB 14/2017 on the IKM
// scale 25–100: A 88,31–100 Sangat Baik, B 76,61–88,30 Baik,
// C 65,00–76,60 Kurang Baik, D 25,00–64,99 Tidak Baik. The band edges sit
// halfway between the 2-decimal limits (88,305 …), where the rounded IKM
// changes grade.
//
//	charts.Trend{Title: "IKM per bulan", Bands: charts.IKMBands(), Monthly: true, …}
func IKMBands() []Band {
	return []Band{
		{From: 88.305, To: 100, Label: "A", Long: "Sangat Baik", Color: colGreen},
		{From: 76.605, To: 88.305, Label: "B", Long: "Baik", Color: colSky},
		{From: 64.995, To: 76.605, Label: "C", Long: "Kurang Baik", Color: colOrange},
		{From: 25, To: 64.995, Label: "D", Long: "Tidak Baik", Color: colVermillion},
	}
}

// Value is *p, or NaN (no value) for nil: the reports' null.
//
//	charts.Value(row.ServiceLevel)
func Value(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

var hexColor = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)

// SVG renders the chart; the same input always gives the same bytes.
//
//	b := charts.Trend{Dates: days, Series: series, Suffix: "%"}.SVG()
func (c Trend) SVG() []byte {
	width, height := size(c.Width, c.Height, 640, 320)
	maxSeries := c.MaxSeries
	if maxSeries <= 0 {
		maxSeries = 6
	}
	maxSeries = min(maxSeries, len(palette))
	dec := max(0, min(3, c.Decimals))

	// Points in date order; series values follow their dates.
	order := make([]int, len(c.Dates))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return dayNumber(c.Dates[order[a]]) < dayNumber(c.Dates[order[b]]) })
	days := make([]int, len(order))
	for i, o := range order {
		days[i] = dayNumber(c.Dates[o])
	}
	type line struct {
		name string
		v    []float64
		n    int // finite points
	}
	var lines []line
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range c.Series {
		l := line{name: clean(s.Name), v: make([]float64, len(order))}
		for i, o := range order {
			l.v[i] = math.NaN()
			if o < len(s.Values) && finite(s.Values[o]) {
				l.v[i] = clampAbs(s.Values[o])
				l.n++
				lo, hi = math.Min(lo, l.v[i]), math.Max(hi, l.v[i])
			}
		}
		lines = append(lines, l)
	}
	if len(order) == 0 || math.IsInf(lo, 1) {
		return empty("trend", width, height, c.Title, "")
	}
	shown := lines
	var others []line
	if len(lines) > maxSeries {
		shown, others = lines[:maxSeries], lines[maxSeries:]
	}
	valueText := func(v float64) string { return num(v, dec) + c.Suffix }
	when := func(i int) string {
		if c.Monthly {
			t := c.Dates[order[i]]
			return monthsLong[t.Month()-1] + " " + strconv.Itoa(t.Year())
		}
		return longDate(c.Dates[order[i]])
	}
	first, last := c.Dates[order[0]], c.Dates[order[len(order)-1]]
	span := ShortDate(first) + " " + strconv.Itoa(first.Year()) + " – " + ShortDate(last) + " " + strconv.Itoa(last.Year())
	if c.Monthly {
		span = monthYear(first) + " – " + monthYear(last)
	}

	desc := c.Desc
	if desc == "" {
		var b strings.Builder
		b.WriteString(strconv.Itoa(len(lines)) + " seri, " + span + ".")
		for _, l := range shown {
			if l.n == 0 {
				continue
			}
			a, z := firstLast(l.v)
			b.WriteString(" " + l.name + ": " + valueText(l.v[a]))
			if z != a {
				b.WriteString(" → " + valueText(l.v[z]))
			}
			b.WriteString(".")
		}
		if len(others) > 0 {
			b.WriteString(" " + strconv.Itoa(len(others)) + " seri lainnya digambar abu-abu.")
		}
		desc = b.String()
	}

	d := open("trend", width, height, c.Title, desc)
	y := d.heading(c.Title)
	var items []legendItem
	for i, l := range shown {
		items = append(items, legendItem{label: l.name, sw: swLine, color: palette[i], dash: dashes[i], marker: i, width: 2.5})
	}
	if len(others) > 0 {
		items = append(items, legendItem{label: strconv.Itoa(len(others)) + " lainnya", sw: swLine, color: colOthers, marker: -1, width: 1.5})
	}
	lg := layoutLegend(items, pad, d.w-pad, y)
	if len(others) > 0 { // who the grey lines are, in the tooltip
		names := make([]string, 0, len(others))
		for i, l := range others {
			if i == 40 {
				names = append(names, "dan "+strconv.Itoa(len(others)-40)+" lainnya")
				break
			}
			names = append(names, l.name)
		}
		lg.items[len(lg.items)-1].item.label = strings.Join(names, ", ")
		lg.items[len(lg.items)-1].short = true
	}
	d.drawLegend(lg)

	// Value axis.
	y0 := y + lg.height + 10
	y1 := d.plotBottom(y0, pad+fontSize+8+fontSize+8)
	var s scale
	if finite(c.YMin) && finite(c.YMax) && c.YMin < c.YMax {
		s = niceScale(c.YMin, c.YMax, ticksFor(y1-y0), false)
		// A fixed range is kept as given even when it is not a whole
		// number of steps (e.g. 25–100): ticks outside it go.
		s.lo, s.hi = clampAbs(c.YMin), clampAbs(c.YMax)
		var in []float64
		for _, t := range s.ticks {
			if t >= s.lo-1e-9 && t <= s.hi+1e-9 {
				in = append(in, t)
			}
		}
		s.ticks = in
	} else {
		for _, r := range c.Refs {
			if finite(r.Value) {
				lo, hi = math.Min(lo, r.Value), math.Max(hi, r.Value)
			}
		}
		if lo == hi { // one value: a step around it
			lo, hi = lo-1, hi+1
		}
		s = niceScale(lo, hi, ticksFor(y1-y0), false)
	}

	// Band labels beside the plot: long ones when they fit in a fifth of
	// the width, else the short label with the long one as tooltip.
	bandW, longBands := 0.0, true
	for _, b := range c.Bands {
		bandW = math.Max(bandW, textWidth(clean(b.Label+" "+b.Long), 11, false))
	}
	if bandW > d.w/5 {
		longBands, bandW = false, 0
		for _, b := range c.Bands {
			bandW = math.Max(bandW, math.Min(textWidth(clean(b.Label), 11, false), d.w/5))
		}
	}
	x0 := pad + fontSize + 8 + yLabelWidth(s, c.Suffix) + 6
	x1 := d.w - pad
	if len(c.Bands) > 0 {
		x1 -= bandW + 6
	}

	if len(c.Bands) > 0 {
		d.start("g", "class", "bands")
		for _, b := range c.Bands {
			if !finite(b.From) || !finite(b.To) {
				continue
			}
			a, z := math.Max(math.Min(b.From, b.To), s.lo), math.Min(math.Max(b.From, b.To), s.hi)
			if z <= a {
				continue
			}
			ya, yz := s.pos(a, y1, y0), s.pos(z, y1, y0)
			color := colOthers
			if hexColor.MatchString(b.Color) {
				color = b.Color
			}
			full := clean(b.Label + " " + b.Long + " (" + num(b.From, 2) + "–" + num(b.To, 2) + ")")
			d.b.WriteString("<g class=\"band\">")
			d.tip(full)
			d.rect(x0, yz, x1-x0, ya-yz, color, "fill-opacity", "0.14")
			if ya-yz >= 12 {
				label := clean(b.Label)
				if longBands {
					label = clean(b.Label + " " + b.Long)
				}
				d.textFit(x1+6, (ya+yz)/2+4, label, bandW, 11, false, "font-size", "11", "fill", colMuted, "class", "band-label")
			}
			d.b.WriteString("</g>\n")
		}
		d.end("g")
	}
	d.yAxis(s, x0, x1, y0, y1, c.Suffix, c.YTitle)

	// Date axis. The first and last points sit inset so their labels,
	// centred on them, stay inside the chart.
	day0, day1 := days[0], days[len(days)-1]
	widest := textWidth("30 Des", fontSize, false)
	if c.Monthly {
		widest = textWidth("Mei 2024", fontSize, false)
	}
	inset := math.Max(6, widest/2-(d.w-x1)+2)
	xOf := func(day int) float64 {
		if day1 == day0 {
			return (x0 + x1) / 2
		}
		return x0 + inset + float64(day-day0)/float64(day1-day0)*(x1-x0-2*inset)
	}
	d.line(x0, y1, x1, y1, colAxis, "stroke-width", "1", "class", "baseline")
	d.start("g", "class", "axis x-axis")
	lw := widest + 12
	if c.Monthly {
		// One label per point, skipping those too close to the last one.
		prev := math.Inf(-1)
		for i := range days {
			x := xOf(days[i])
			if x-prev < lw {
				continue
			}
			prev = x
			d.line(x, y1, x, y1+4, colAxis)
			d.text(x, y1+fontSize+5, monthYear(c.Dates[order[i]]), "text-anchor", "middle", "fill", colMuted, "class", "tick")
		}
	} else {
		// Every k days from the first, k the smallest of 1, 2, 3, a week,
		// two weeks … that leaves room for the labels.
		perDay := (x1 - x0 - 2*inset) / float64(max(1, day1-day0))
		k := 1
		for _, c := range []int{1, 2, 3, 7, 14, 28, 56, 91, 182, 364, 728, 1456, 2912, 5824} {
			k = c
			if float64(c)*perDay >= lw {
				break
			}
		}
		if float64(k)*perDay < lw { // centuries of dates: still one label per lw
			k = int(math.Ceil(lw / perDay))
		}
		for day := day0; day <= day1; day += k {
			x := xOf(day)
			t := time.Unix(int64(day)*86400, 0).UTC()
			d.line(x, y1, x, y1+4, colAxis)
			d.text(x, y1+fontSize+5, ShortDate(t), "text-anchor", "middle", "fill", colMuted, "class", "tick")
		}
	}
	axisTitle := "Tanggal (" + span + ")"
	if c.Monthly {
		axisTitle = "Bulan (" + span + ")"
	}
	d.textFit((x0+x1)/2, d.h-pad, axisTitle, x1-x0, fontSize, false, "text-anchor", "middle", "fill", colMuted, "class", "axis-title")
	d.end("g")

	for _, r := range c.Refs {
		if !finite(r.Value) || r.Value < s.lo || r.Value > s.hi {
			continue
		}
		ry := s.pos(r.Value, y1, y0)
		d.start("g", "class", "ref")
		d.line(x0, ry, x1, ry, colInk, "stroke-width", "1.5", "stroke-dasharray", "6 4")
		d.textFit(x0+4, ry-4, r.Label, (x1-x0)/2, 11, false, halo("font-size", "11")...)
		d.end("g")
	}

	// Lines: the grey rest first, then the coloured ones, the first on top.
	pathOf := func(v []float64) string {
		var p path
		pen := false
		for i, val := range v {
			if !finite(val) {
				pen = false
				continue
			}
			x, yy := xOf(days[i]), s.pos(val, y1, y0)
			if pen {
				p.L(x, yy)
			} else {
				p.M(x, yy)
				pen = true
			}
		}
		return p.String()
	}
	if len(others) > 0 {
		d.start("g", "class", "others", "fill", "none", "stroke", colOthers, "stroke-width", "1")
		for _, l := range others {
			if l.n == 0 {
				continue
			}
			d.b.WriteString("<path d=\"" + pathOf(l.v) + "\">")
			d.tip(l.name)
			d.b.WriteString("</path>\n")
		}
		d.end("g")
	}
	markers := len(days) <= 62
	for i := len(shown) - 1; i >= 0; i-- {
		l := shown[i]
		if l.n == 0 {
			continue
		}
		d.start("g", "class", "series", "data-series", strconv.Itoa(i))
		kv := []string{"d", pathOf(l.v), "fill", "none", "stroke", palette[i], "stroke-width", "2.5",
			"stroke-linejoin", "round", "stroke-linecap", "round", "class", "line"}
		if dashes[i] != "" {
			kv = append(kv, "stroke-dasharray", dashes[i])
		}
		d.el("path", kv...)
		for j, v := range l.v {
			if !finite(v) {
				continue
			}
			isolated := (j == 0 || !finite(l.v[j-1])) && (j == len(l.v)-1 || !finite(l.v[j+1]))
			if !markers && !isolated {
				continue
			}
			d.b.WriteString("<g class=\"point\">")
			d.tip(l.name + " — " + when(j) + ": " + valueText(v))
			d.marker(i, xOf(days[j]), s.pos(v, y1, y0), palette[i])
			d.b.WriteString("</g>\n")
		}
		d.end("g")
	}
	return d.close()
}

// firstLast are the indexes of the first and last finite value.
func firstLast(v []float64) (int, int) {
	a, z := -1, -1
	for i, x := range v {
		if finite(x) {
			if a < 0 {
				a = i
			}
			z = i
		}
	}
	return a, z
}
