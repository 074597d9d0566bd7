package charts

import (
	"math"
	"sort"
	"strconv"
)

// WaitHistogram shows how long citizens waited: how many tickets fall in
// each band of minutes, bins within the service-level target in blue and
// beyond it in orange, with the target and the 90th percentile marked.
//
//	svg := charts.WaitHistogram{
//		Title:         "Waktu tunggu — 1–31 Des 2024",
//		Minutes:       waits,                  // one value per called ticket
//		TargetMinutes: float64(sum.TargetMinutes),
//		P90Minutes:    sum.Total.P90WaitMinutes,
//	}.SVG()
type WaitHistogram struct {
	Title string // drawn on top; also <title> and the accessible name
	Desc  string // screen-reader summary; "" → generated from the data

	// Width and Height in px (0 → 640×320); see Hourly.Width.
	Width, Height int

	// Minutes holds one wait per called ticket (issued → first call), in
	// minutes. NaN, ±Inf and negative values are left out.
	Minutes []float64

	// Seconds counts waits by whole seconds (seconds → tickets), as the
	// reports keep them: a year of waits costs one entry per distinct
	// second, not one per ticket. Counted together with Minutes; negative
	// seconds and counts are left out.
	Seconds map[int64]int64

	// TargetMinutes is the service-level target: a wait of at most this
	// many minutes is within target (as SummaryRow.ServiceLevel counts
	// it). 0: no target line and one colour.
	TargetMinutes float64

	// P90Minutes, when set, is marked with a dashed line. Pass the
	// report's own figure (SummaryRow.P90WaitMinutes) so chart and table
	// agree.
	P90Minutes *float64

	// BinMinutes is the width of a bin; 0 picks 1, 2, 5, 10, 15, 20, 30 …
	// minutes for at most 15 bins, preferring widths that divide the
	// target so no bin straddles it. Bins hold (a, b] (the first [0, b]):
	// a wait of exactly the target falls in the last bin within target.
	BinMinutes float64

	// MaxMinutes ends the axis; longer waits are counted in one last
	// "> Max" bin so one forgotten ticket cannot squash the rest. 0: the
	// longest wait, or, when the longest is more than 1.5 × beyond it, the
	// 98th percentile (at least 1.5 × target).
	MaxMinutes float64
}

// binWidths are the automatic bin widths, in minutes.
var binWidths = []float64{0.5, 1, 2, 5, 10, 15, 20, 30, 60, 120, 240, 480, 1440, 2880, 10080}

// SVG renders the chart; the same input always gives the same bytes.
//
//	w.Header().Set("Content-Type", "image/svg+xml")
//	w.Write(charts.WaitHistogram{Minutes: waits, TargetMinutes: 15}.SVG())
func (c WaitHistogram) SVG() []byte {
	width, height := size(c.Width, c.Height, 640, 320)
	// Waits with how many tickets waited that long, sorted.
	type wait struct {
		v float64
		n int
	}
	vals := make([]wait, 0, len(c.Minutes)+len(c.Seconds))
	for _, v := range c.Minutes {
		if finite(v) && v >= 0 {
			vals = append(vals, wait{math.Min(v, maxAbs), 1})
		}
	}
	for s, k := range c.Seconds {
		if s >= 0 && k > 0 {
			vals = append(vals, wait{math.Min(float64(s)/60, maxAbs), int(k)})
		}
	}
	if len(vals) == 0 {
		return empty("histogram", width, height, c.Title, "")
	}
	sort.Slice(vals, func(i, j int) bool { return vals[i].v < vals[j].v })
	n := 0
	for _, w := range vals {
		n += w.n
	}
	// at is the wait of the rank-th shortest (1-based).
	at := func(rank int) float64 {
		seen := 0
		for _, w := range vals {
			if seen += w.n; seen >= rank {
				return w.v
			}
		}
		return vals[len(vals)-1].v
	}
	target := 0.0
	if finite(c.TargetMinutes) && c.TargetMinutes > 0 {
		target = math.Min(c.TargetMinutes, maxAbs)
	}
	longest := vals[len(vals)-1].v

	upper := c.MaxMinutes
	if !finite(upper) || upper <= 0 {
		p98 := at(int(math.Ceil(0.98 * float64(n))))
		upper = longest
		// Cut only for a real outlier: a tail of a few minutes more is
		// better drawn than summed up.
		if cut := math.Max(p98, 1.5*target); longest > 1.5*cut {
			upper = cut
		}
	}
	upper = math.Max(upper, target) // the target line is always on the axis
	w := c.BinMinutes
	if !finite(w) || w <= 0 {
		w = binWidths[len(binWidths)-1]
		for _, b := range binWidths {
			aligned := target == 0 || b >= target || math.Mod(target, b) == 0
			if upper/b <= 15 && aligned {
				w = b
				break
			}
		}
	}
	edge := math.Ceil(upper/w-1e-9) * w
	if edge <= 0 {
		edge = w
	}
	nb := int(math.Round(edge / w))
	if nb > 200 { // a caller's tiny bin on a long axis: keep it drawable
		nb = 200
		w = edge / 200
	}
	counts := make([]int, nb)
	over := 0 // beyond the axis
	within := 0
	for _, x := range vals {
		v := x.v
		if target > 0 && v <= target {
			within += x.n
		}
		if v > edge+1e-9 {
			over += x.n
			continue
		}
		i := int(math.Ceil(v/w-1e-9)) - 1
		counts[max(0, min(nb-1, i))] += x.n
	}
	top := float64(over)
	for _, k := range counts {
		top = math.Max(top, float64(k))
	}

	var p90 float64
	hasP90 := c.P90Minutes != nil && finite(*c.P90Minutes) && *c.P90Minutes >= 0
	if hasP90 {
		p90 = math.Min(*c.P90Minutes, maxAbs)
	}
	desc := c.Desc
	if desc == "" {
		desc = "Waktu tunggu " + Number(float64(n), 0) + " tiket"
		if target > 0 {
			desc += ": " + pct(within, n) + " paling lama " + num(target, 1) + " menit (target)"
		}
		if hasP90 {
			desc += ", P90 " + num(p90, 1) + " menit"
		}
		desc += ", terlama " + num(longest, 1) + " menit."
	}
	d := open("histogram", width, height, c.Title, desc)
	y := d.heading(c.Title)
	var items []legendItem
	if target > 0 {
		t := num(target, 1)
		items = append(items,
			legendItem{label: "≤ " + t + " menit: " + Number(float64(within), 0) + " (" + pct(within, n) + ")", sw: swBox, color: colBlue},
			legendItem{label: "> " + t + " menit: " + Number(float64(n-within), 0) + " (" + pct(n-within, n) + ")", sw: swBox, color: colOrange},
			legendItem{label: "Target " + t + " menit", sw: swLine, color: colInk, marker: -1, width: 2})
	} else {
		items = append(items, legendItem{label: "Tiket: " + Number(float64(n), 0), sw: swBox, color: colBlue})
	}
	if hasP90 {
		items = append(items, legendItem{label: "P90 " + num(p90, 1) + " menit", sw: swLine, color: colInk, dash: "5 3", marker: -1, width: 1.5})
	}
	lg := layoutLegend(items, pad, d.w-pad, y)
	d.drawLegend(lg)

	y0 := y + lg.height + 30 // two rows of marker labels above the bars
	y1 := d.plotBottom(y0, pad+fontSize+8+fontSize+8)
	s := niceScale(0, top, ticksFor(y1-y0), true)
	x0 := pad + fontSize + 8 + yLabelWidth(s, "") + 6
	x1 := d.w - pad
	d.yAxis(s, x0, x1, y0, y1, "", "Tiket")

	// The minute axis: nb bins, then a gap and the overflow bin if any.
	slots := float64(nb)
	if over > 0 {
		slots += 1.5
	}
	bw := (x1 - x0) / slots
	xOf := func(m float64) float64 { return x0 + m/w*bw }

	d.start("g", "class", "bars bins")
	for i, k := range counts {
		a, b := float64(i)*w, float64(i+1)*w
		color := colBlue
		if target > 0 && b > target+1e-9 {
			color = colOrange
		}
		by := s.pos(float64(k), y1, y0)
		d.b.WriteString("<g>")
		d.tip(num(a, 1) + "–" + num(b, 1) + " menit: " + Number(float64(k), 0) + " tiket (" + pct(k, n) + ")")
		d.rect(xOf(a)+0.5, by, math.Max(bw-1, 0.5), y1-by, color, "class", "bar",
			"data-from", strconv.FormatFloat(a, 'f', -1, 64), "data-to", strconv.FormatFloat(b, 'f', -1, 64))
		d.b.WriteString("</g>\n")
	}
	if over > 0 {
		xa := x0 + (float64(nb)+0.5)*bw
		by := s.pos(float64(over), y1, y0)
		d.b.WriteString("<g>")
		d.tip("Lebih dari " + num(edge, 1) + " menit: " + Number(float64(over), 0) + " tiket (" + pct(over, n) + ")")
		color := colOrange
		if target == 0 {
			color = colBlue
		}
		d.rect(xa, by, bw-1, y1-by, color, "class", "bar overflow", "data-from", strconv.FormatFloat(edge, 'f', -1, 64))
		d.b.WriteString("</g>\n")
	}
	d.end("g")
	d.line(x0, y1, x1, y1, colAxis, "stroke-width", "1", "class", "baseline")

	// Minute labels at bin edges, thinned to fit.
	d.start("g", "class", "axis x-axis")
	lw := textWidth(num(edge, 1), fontSize, false) + 8
	every := 1
	for float64(every)*bw < lw && every < nb {
		every++
	}
	for i := 0; i <= nb; i += every {
		m := float64(i) * w
		d.line(xOf(m), y1, xOf(m), y1+4, colAxis)
		d.text(xOf(m), y1+fontSize+5, num(m, 1), "text-anchor", "middle", "fill", colMuted, "class", "tick")
	}
	if over > 0 {
		d.text(x0+(float64(nb)+1)*bw, y1+fontSize+5, "> "+num(edge, 1), "text-anchor", "middle", "fill", colMuted, "class", "tick overflow")
	}
	d.textFit((x0+x1)/2, d.h-pad, "Waktu tunggu (menit)", x1-x0, fontSize, false, "text-anchor", "middle", "fill", colMuted, "class", "axis-title")
	d.end("g")

	// Target and P90 lines with their labels on two rows.
	mark := func(m float64, row int, label, dash, width, class string) {
		x := xOf(m)
		if m > edge {
			x = x0 + (float64(nb)+1)*bw
		}
		kv := []string{"stroke-width", width, "class", class}
		if dash != "" {
			kv = append(kv, "stroke-dasharray", dash)
		}
		ly := y0 - 18 + float64(row)*14
		d.line(x, ly+3, x, y1, colInk, kv...)
		lw := textWidth(label, 11, false)
		tx, anchor := x+4, "start"
		if tx+lw > x1 {
			tx, anchor = x-4, "end"
		}
		d.text(tx, ly, label, halo("font-size", "11", "text-anchor", anchor, "class", class+"-label")...)
	}
	if target > 0 {
		mark(target, 0, "Target "+num(target, 1)+" menit", "", "2", "target")
	}
	if hasP90 {
		mark(p90, 1, "P90 "+num(p90, 1)+" menit", "5 3", "1.5", "p90")
	}
	return d.close()
}

// pct is k of n as a percentage with one decimal: "78,2%".
func pct(k, n int) string {
	if n == 0 {
		return "–"
	}
	return num(100*float64(k)/float64(n), 1) + "%"
}
