package charts

import (
	"math"
	"strconv"
	"strings"
)

// Column is one measure of an HBars chart, drawn as its own panel with
// its own scale (tickets and minutes do not share an axis).
type Column struct {
	Title    string // panel header: "Dilayani", "Rata-rata layanan"
	Suffix   string // after each value: " mnt" → "6,5 mnt"
	Decimals int    // at most this many decimals (0–3)
}

// Row is one bar per column for one person or counter.
type Row struct {
	Label  string    // long names are shortened with "…", full in the tooltip
	Values []float64 // Values[i] for Columns[i]; NaN or missing: "–", no bar; negative: 0
}

// HBars draws horizontal bars, one row per officer (or counter) and one
// panel per measure: the staff figures of a period.
//
//	svg := charts.HBars{
//		Title:      "Kinerja petugas — Desember 2024",
//		LabelTitle: "Petugas",
//		Columns: []charts.Column{
//			{Title: "Dilayani"},
//			{Title: "Rata-rata layanan", Suffix: " mnt", Decimals: 1},
//		},
//		Rows: []charts.Row{{Label: "Siti Rahmawati", Values: []float64{58, 6.4}}},
//	}.SVG()
type HBars struct {
	Title string // drawn on top; also <title> and the accessible name
	Desc  string // screen-reader summary; "" → generated from the data

	// Width in px (0 → 640). Height 0 fits the rows (22 px each); a given
	// Height squeezes rows down to 16 px, and rows that still do not fit
	// are left out with a line saying how many. Below 280×160 the drawing
	// is scaled down (viewBox) rather than cut.
	Width, Height int

	LabelTitle string // header above the names: "Petugas", "Loket"
	Columns    []Column
	Rows       []Row // drawn in this order: sort them first (e.g. most served)

	MaxRows int // 0 → 30; the rest are summarised in one line
}

// SVG renders the chart; the same input always gives the same bytes.
//
//	b := charts.HBars{Columns: cols, Rows: rows}.SVG()
func (c HBars) SVG() []byte {
	maxRows := c.MaxRows
	if maxRows <= 0 {
		maxRows = 30
	}
	const rowH, minRowH, headerH, axisH = 22.0, 16.0, 22.0, 22.0
	titleH := pad
	if clean(c.Title) != "" {
		titleH = pad + titleSize + 10
	}
	// rows fit in room px at row height h, keeping a line for "… dan N
	// lainnya" when not all rows fit.
	fitRows := func(room, h float64) int {
		k := min(len(c.Rows), maxRows)
		if float64(k)*h <= room && k == len(c.Rows) {
			return k
		}
		return max(1, min(k, int((room-lineH)/h)))
	}
	fixed := titleH + headerH + axisH + pad
	shown := min(len(c.Rows), maxRows)
	autoH := fixed + float64(shown)*rowH
	if shown < len(c.Rows) {
		autoH += lineH
	}
	width, height := size(c.Width, c.Height, 640, int(math.Ceil(autoH)))
	rh := rowH
	if c.Height > 0 {
		room := float64(max(height, minH)) - fixed
		rh = math.Min(28, room/float64(max(1, shown)))
		if shown < len(c.Rows) {
			rh = math.Min(28, (room-lineH)/float64(max(1, shown)))
		}
		if rh < minRowH {
			rh = minRowH
			shown = fitRows(room, minRowH)
		}
	}
	nc := len(c.Columns)
	if nc == 0 || len(c.Rows) == 0 {
		return empty("hbars", width, height, c.Title, "")
	}
	val := func(r Row, i int) float64 {
		if i < len(r.Values) && finite(r.Values[i]) {
			return math.Max(0, clampAbs(r.Values[i]))
		}
		return math.NaN()
	}
	text := func(i int, v float64) string {
		if !finite(v) {
			return "–"
		}
		return num(v, max(0, min(3, c.Columns[i].Decimals))) + c.Columns[i].Suffix
	}

	desc := c.Desc
	if desc == "" {
		var b strings.Builder
		b.WriteString(strconv.Itoa(len(c.Rows)) + " baris.")
		for i, col := range c.Columns {
			best := -1
			for j, r := range c.Rows {
				if v := val(r, i); finite(v) && (best < 0 || v > val(c.Rows[best], i)) {
					best = j
				}
			}
			if best >= 0 {
				b.WriteString(" " + clean(col.Title) + ": tertinggi " + clean(c.Rows[best].Label) + " (" + text(i, val(c.Rows[best], i)) + ").")
			}
		}
		if shown < len(c.Rows) {
			b.WriteString(" " + strconv.Itoa(shown) + " baris pertama digambar.")
		}
		desc = b.String()
	}
	d := open("hbars", width, height, c.Title, desc)
	y := d.heading(c.Title)

	// Name column: as wide as the longest name, at most a third of the
	// chart (at least 90 px); longer names are shortened.
	lw := textWidth(clean(c.LabelTitle), fontSize, true)
	for _, r := range c.Rows[:shown] {
		lw = math.Max(lw, textWidth(clean(r.Label), fontSize, false))
	}
	lw = math.Min(lw, math.Max(90, d.w/3))
	const gap = 18.0
	px0 := pad + lw + 10
	pw := (d.w - pad - px0 - gap*float64(nc-1)) / float64(nc)
	if pw < 30 {
		pw = 30
	}

	type panel struct {
		s      scale
		x0, bw float64 // start, longest bar
	}
	panels := make([]panel, nc)
	for i := range c.Columns {
		top, vw := 0.0, 0.0
		for _, r := range c.Rows[:shown] {
			v := val(r, i)
			if finite(v) {
				top = math.Max(top, v)
			}
			vw = math.Max(vw, textWidth(text(i, v), 11, false))
		}
		p := panel{x0: px0 + float64(i)*(pw+gap)}
		p.bw = math.Max(10, pw-vw-6)
		p.s = niceScale(0, top, max(2, int(p.bw/70)), false)
		panels[i] = p
	}

	// Headers.
	hy := y + 14
	d.start("g", "class", "header", "font-weight", "bold")
	if t := clean(c.LabelTitle); t != "" {
		d.textFit(pad, hy, t, lw, fontSize, true)
	}
	for i, col := range c.Columns {
		d.textFit(panels[i].x0, hy, col.Title, pw, fontSize, true, "class", "column-title")
	}
	d.end("g")

	ry0 := y + headerH
	ry1 := ry0 + float64(shown)*rh
	// Grid and tick labels of each panel, under the rows.
	d.start("g", "class", "axis x-axis")
	for _, p := range panels {
		for _, t := range p.s.ticks {
			x := p.x0 + p.s.pos(t, 0, p.bw)
			d.line(x, ry0, x, ry1, colGrid, "stroke-width", "1")
			d.text(x, ry1+fontSize+4, p.s.label(t), "text-anchor", "middle", "font-size", "11", "fill", colMuted, "class", "tick")
		}
	}
	d.end("g")

	bh := math.Min(14, rh-6)
	for j, r := range c.Rows[:shown] {
		top := ry0 + float64(j)*rh
		cy := top + rh/2
		label := clean(r.Label)
		tip := label
		for i, col := range c.Columns {
			tip += "; " + clean(col.Title) + ": " + text(i, val(r, i))
		}
		d.start("g", "class", "row")
		d.tip(tip)
		if j%2 == 1 {
			d.rect(0, top, d.w, rh, colStripe, "class", "stripe")
		}
		s, _ := fit(label, lw, fontSize, false)
		d.text(pad, cy+4, s, "class", "label")
		for i, p := range panels {
			v := val(r, i)
			end := p.x0
			if finite(v) {
				end = p.x0 + p.s.pos(v, 0, p.bw)
				d.rect(p.x0, cy-bh/2, end-p.x0, bh, palette[i%len(palette)], "class", "bar", "data-column", strconv.Itoa(i))
			}
			d.text(end+4, cy+4, text(i, v), "font-size", "11", "class", "value")
		}
		d.end("g")
	}
	// Panel baselines over the stripes.
	for _, p := range panels {
		d.line(p.x0, ry0, p.x0, ry1, colAxis, "stroke-width", "1", "class", "baseline")
	}
	if shown < len(c.Rows) {
		d.text(pad, ry1+axisH+13, "… dan "+strconv.Itoa(len(c.Rows)-shown)+" lainnya tidak ditampilkan (lihat tabel)",
			"fill", colMuted, "class", "more")
	}
	return d.close()
}
