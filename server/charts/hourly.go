package charts

import (
	"math"
	"strconv"
	"time"
)

// Hourly compares today's arrivals per hour with the usual for this
// weekday: today as bars, the usual as a stepped line over them, so a
// busier-than-usual hour stands out at a glance.
//
//	svg := charts.Hourly{
//		Title:      "Kedatangan per jam — Senin, 2 Des 2024",
//		Today:      today.Hours[:],              // api.HourlyRow.Hours
//		Usual:      usualMonday,                 // average of past Mondays
//		UsualLabel: "Rata-rata Senin (8 minggu)",
//		Now:        time.Now().In(site),
//	}.SVG()
type Hourly struct {
	Title string // drawn on top; also <title> and the accessible name
	Desc  string // screen-reader summary; "" → generated from the data

	// Width and Height in px (0 → 640×320). The viewBox has the same
	// size, so CSS can scale the chart (width:100%; height:auto). A chart
	// too small for its text (under 280×160, or a legend of many rows) is
	// laid out in a bigger viewBox and shown scaled down, never cut off.
	Width, Height int

	// Today[h] counts tickets taken from h.00 to h.59 today (local time),
	// h = 0…23; longer slices are cut at 24. Negative counts read as 0.
	Today []int
	// Usual[h] is the usual arrivals in hour h on this weekday, e.g. the
	// average over the last eight Mondays (fractions are fine). nil: no
	// comparison line; NaN: unknown for that hour.
	Usual []float64

	TodayLabel string // legend of the bars; "" → "Hari ini"
	UsualLabel string // legend of the line; "" → "Biasanya"

	// FirstHour…LastHour (inclusive) are the hours shown. Both 0: from
	// the first to the last hour with arrivals in either series.
	FirstHour, LastHour int

	// Now, when set (in the site's time zone), marks the current time with
	// a line; the running hour's bar is drawn lighter and later hours of
	// today are not drawn (they have not happened).
	Now time.Time
}

// SVG renders the chart; the same input always gives the same bytes.
//
//	os.WriteFile("hourly.svg", charts.Hourly{Today: hours[:]}.SVG(), 0o644)
func (c Hourly) SVG() []byte {
	width, height := size(c.Width, c.Height, 640, 320)
	today, usual := make([]float64, 24), make([]float64, 24)
	hasUsual := false
	for h := 0; h < 24; h++ {
		if h < len(c.Today) && c.Today[h] > 0 {
			today[h] = float64(c.Today[h])
		}
		usual[h] = math.NaN()
		if h < len(c.Usual) && finite(c.Usual[h]) {
			usual[h] = math.Max(0, clampAbs(c.Usual[h]))
			hasUsual = true
		}
	}
	// The hour running now, and which hours of today are still to come.
	nowHour := 24
	if !c.Now.IsZero() {
		nowHour = c.Now.Hour()
		for h := nowHour + 1; h < 24; h++ {
			today[h] = 0
		}
	}
	first, last := c.FirstHour, c.LastHour
	if first == 0 && last == 0 {
		first, last = 24, -1
		for h := 0; h < 24; h++ {
			if today[h] > 0 || (hasUsual && usual[h] > 0) {
				first, last = min(first, h), max(last, h)
			}
		}
	}
	first, last = max(0, min(23, first)), max(0, min(23, last))
	if first > last {
		first, last = last, first
	}
	todayLabel, usualLabel := orDefault(c.TodayLabel, "Hari ini"), orDefault(c.UsualLabel, "Biasanya")

	top, totalToday, totalUsual := 0.0, 0.0, 0.0
	peakT, peakU := -1, -1
	for h := 0; h < 24; h++ {
		totalToday += today[h]
		if today[h] > 0 && (peakT < 0 || today[h] > today[peakT]) {
			peakT = h
		}
		if finite(usual[h]) {
			totalUsual += usual[h]
			if usual[h] > 0 && (peakU < 0 || usual[h] > usual[peakU]) {
				peakU = h
			}
		}
		if h >= first && h <= last {
			top = math.Max(top, today[h])
			if finite(usual[h]) {
				top = math.Max(top, usual[h])
			}
		}
	}
	if top == 0 {
		return empty("hourly", width, height, c.Title, "")
	}

	desc := c.Desc
	if desc == "" {
		desc = "Kedatangan per jam, pukul " + clock(first, 0) + "–" + clock(last, 59) + ". " +
			clean(todayLabel) + ": " + Number(totalToday, 0) + " tiket"
		if peakT >= 0 {
			desc += ", terbanyak pukul " + clock(peakT, 0) + " (" + Number(today[peakT], 0) + ")"
		}
		if hasUsual {
			desc += ". " + clean(usualLabel) + ": " + num(totalUsual, 1) + " tiket"
			if peakU >= 0 {
				desc += ", terbanyak pukul " + clock(peakU, 0) + " (" + num(usual[peakU], 1) + ")"
			}
		}
		desc += "."
	}
	d := open("hourly", width, height, c.Title, desc)
	y := d.heading(c.Title)
	items := []legendItem{{label: todayLabel, sw: swBox, color: colBlue}}
	if hasUsual {
		items = append(items, legendItem{label: usualLabel, sw: swLine, color: colVermillion, marker: -1, width: 2.5})
	}
	nowAt, nowLabel := -1.0, ""
	if !c.Now.IsZero() {
		if at := float64(c.Now.Hour()) + float64(c.Now.Minute())/60; at >= float64(first) && at <= float64(last+1) {
			nowAt, nowLabel = at, "Sekarang "+clock(c.Now.Hour(), c.Now.Minute())
			items = append(items, legendItem{label: nowLabel, sw: swLine, color: colInk, dash: "4 3", marker: -1, width: 1.5})
		}
	}
	lg := layoutLegend(items, pad, d.w-pad, y)
	d.drawLegend(lg)

	// Plot area: room above for value labels, below for hours and the
	// axis title, left for the count labels and the rotated title.
	y0 := y + lg.height + 16
	y1 := d.plotBottom(y0, pad+fontSize+8+fontSize+8)
	s := niceScale(0, top, ticksFor(y1-y0), true)
	x0 := pad + fontSize + 8 + yLabelWidth(s, "") + 6
	x1 := d.w - pad
	d.yAxis(s, x0, x1, y0, y1, "", "Tiket")

	n := last - first + 1
	slot := (x1 - x0) / float64(n)
	bw := slot * 0.72

	// Bars of today, each with its numbers as tooltip.
	d.start("g", "class", "bars today", "fill", colBlue)
	valueLabels := bw >= textWidth(Number(top, 0), 11, false)+2
	for h := first; h <= last; h++ {
		if h > nowHour {
			continue
		}
		cx := x0 + (float64(h-first)+0.5)*slot
		by := s.pos(today[h], y1, y0)
		tip := clock(h, 0) + "–" + clock(h, 59) + " — " + clean(todayLabel) + ": " + Number(today[h], 0) + " tiket"
		if h == nowHour {
			tip += " (jam berjalan)"
		}
		if hasUsual && finite(usual[h]) {
			tip += "; " + clean(usualLabel) + ": " + num(usual[h], 1)
		}
		kv := []string{"class", "bar", "data-hour", strconv.Itoa(h)}
		if h == nowHour {
			kv = append(kv, "fill-opacity", "0.55")
		}
		d.b.WriteString("<g>")
		d.tip(tip)
		d.rect(cx-bw/2, by, bw, y1-by, colBlue, kv...)
		d.b.WriteString("</g>\n")
		if valueLabels && today[h] > 0 {
			d.text(cx, by-4, Number(today[h], 0), halo("font-size", "11", "text-anchor", "middle", "class", "value")...)
		}
	}
	d.end("g")

	// The usual as a step line across each hour's slot.
	if hasUsual {
		var p path
		pen := false
		for h := first; h <= last; h++ {
			if !finite(usual[h]) {
				pen = false
				continue
			}
			xa, xb := x0+float64(h-first)*slot, x0+float64(h-first+1)*slot
			uy := s.pos(usual[h], y1, y0)
			if pen {
				p.L(xa, uy)
			} else {
				p.M(xa, uy)
				pen = true
			}
			p.L(xb, uy)
		}
		d.el("path", "d", p.String(), "fill", "none", "stroke", colVermillion, "stroke-width", "2.5",
			"stroke-linejoin", "round", "class", "line usual")
	}

	// Baseline and hour labels (thinned to fit).
	d.line(x0, y1, x1, y1, colAxis, "stroke-width", "1", "class", "baseline")
	long := textWidth("00.00", fontSize, false)+6 <= slot
	lw := textWidth("00", fontSize, false) + 6
	step := 1
	for _, k := range []int{1, 2, 3, 4, 6, 12} {
		step = k
		if long || float64(k)*slot >= lw {
			break
		}
	}
	d.start("g", "class", "axis x-axis")
	for h := first; h <= last; h++ {
		if (h-first)%step != 0 {
			continue
		}
		label := pad2(h)
		if long {
			label = clock(h, 0)
		}
		d.text(x0+(float64(h-first)+0.5)*slot, y1+fontSize+5, label, "text-anchor", "middle", "fill", colMuted, "class", "tick")
	}
	d.textFit((x0+x1)/2, d.h-pad, "Jam", x1-x0, fontSize, false, "text-anchor", "middle", "fill", colMuted, "class", "axis-title")
	d.end("g")

	// Now: a dashed line at the current time, named in the legend (a label
	// in the plot would collide with the bars' numbers).
	if nowAt >= 0 {
		x := x0 + (nowAt-float64(first))/float64(n)*(x1-x0)
		d.b.WriteString("<g class=\"now\">")
		d.tip(nowLabel)
		d.line(x, y0-6, x, y1, colInk, "stroke-width", "1.5", "stroke-dasharray", "4 3")
		d.b.WriteString("</g>\n")
	}
	return d.close()
}

// size applies the default chart size.
func size(w, h, dw, dh int) (int, int) {
	if w <= 0 {
		w = dw
	}
	if h <= 0 {
		h = dh
	}
	return w, h
}

func orDefault(s, def string) string {
	if clean(s) == "" {
		return def
	}
	return s
}
