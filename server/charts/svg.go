package charts

import (
	"bytes"
	"math"
	"strconv"
	"strings"
)

// Colours. The series colours are the Okabe–Ito palette, which stays
// distinguishable with every common colour-vision deficiency; its yellow
// is left out (unreadable on white). Lines also differ by dash and marker
// shape, so nothing depends on colour alone.
const (
	colInk    = "#1f1f1f" // text
	colMuted  = "#555555" // axis labels, notes (7:1 on white)
	colGrid   = "#e3e3e3"
	colAxis   = "#8c8c8c"
	colBg     = "#ffffff"
	colStripe = "#f4f4f4"
	colOthers = "#bdbdbd" // series beyond MaxSeries

	colBlue       = "#0072B2"
	colOrange     = "#E69F00"
	colGreen      = "#009E73"
	colVermillion = "#D55E00"
	colPurple     = "#CC79A7"
	colSky        = "#56B4E9"
	colBlack      = "#000000"
)

var palette = [...]string{colBlue, colOrange, colGreen, colVermillion, colPurple, colSky, colBlack}

// Dash patterns for line series, in palette order (solid first).
var dashes = [...]string{"", "7 3", "2 3", "10 3 2 3", "4 4", "12 4", "1 2"}

// halo outlines text in the background colour so it stays readable where
// it crosses a line or a bar (paint-order puts the outline under the fill).
func halo(kv ...string) []string {
	return append([]string{"stroke", colBg, "stroke-width", "3", "stroke-linejoin", "round", "paint-order", "stroke", "fill", colInk}, kv...)
}

// Layout constants, px.
const (
	pad       = 12.0
	titleSize = 15.0
	fontSize  = 12.0
	lineH     = 18.0 // legend row height
	minW      = 280  // the drawing is laid out at least this big and
	minH      = 160  // scaled down by the viewBox when shown smaller
	minPlot   = 60   // plot height below which the layout grows instead
)

// doc is one SVG being written. Every element goes on its own line so the
// golden files diff readably.
type doc struct {
	b      bytes.Buffer // the body; the root element is added by close
	w, h   float64      // the layout (viewBox) size
	dw, dh int          // the displayed size (width/height attributes)
	kind   string
	label  string // aria-label
	head   string // <title> and <desc>
}

// f formats a coordinate: at most 2 decimals, never NaN, Inf or -0.
func f(v float64) string {
	if !finite(v) {
		v = 0
	}
	v = math.Round(v*100) / 100
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func (d *doc) attrs(kv []string) {
	for i := 0; i+1 < len(kv); i += 2 {
		d.b.WriteByte(' ')
		d.b.WriteString(kv[i])
		d.b.WriteString(`="`)
		d.b.WriteString(escape(kv[i+1]))
		d.b.WriteByte('"')
	}
}

// el writes a self-closing element.
func (d *doc) el(tag string, kv ...string) {
	d.b.WriteByte('<')
	d.b.WriteString(tag)
	d.attrs(kv)
	d.b.WriteString("/>\n")
}

// start opens an element; end closes it.
func (d *doc) start(tag string, kv ...string) {
	d.b.WriteByte('<')
	d.b.WriteString(tag)
	d.attrs(kv)
	d.b.WriteString(">\n")
}

func (d *doc) end(tag string) {
	d.b.WriteString("</" + tag + ">\n")
}

// text writes a <text> with s (cleaned and escaped) at x, y (baseline).
func (d *doc) text(x, y float64, s string, kv ...string) {
	d.b.WriteString(`<text x="` + f(x) + `" y="` + f(y) + `"`)
	d.attrs(kv)
	d.b.WriteByte('>')
	d.b.WriteString(escape(clean(s)))
	d.b.WriteString("</text>\n")
}

// tip writes a <title>: the tooltip of its parent element.
func (d *doc) tip(s string) {
	d.b.WriteString("<title>" + escape(clean(s)) + "</title>\n")
}

func (d *doc) rect(x, y, w, h float64, fill string, kv ...string) {
	if w < 0 {
		x, w = x+w, -w
	}
	if h < 0 {
		y, h = y+h, -h
	}
	d.el("rect", append([]string{"x", f(x), "y", f(y), "width", f(w), "height", f(h), "fill", fill}, kv...)...)
}

func (d *doc) line(x1, y1, x2, y2 float64, stroke string, kv ...string) {
	d.el("line", append([]string{"x1", f(x1), "y1", f(y1), "x2", f(x2), "y2", f(y2), "stroke", stroke}, kv...)...)
}

// path builds the d attribute of a <path>.
type path struct{ strings.Builder }

func (p *path) M(x, y float64) { p.WriteString("M" + f(x) + " " + f(y)) }
func (p *path) L(x, y float64) { p.WriteString("L" + f(x) + " " + f(y)) }

// open starts a chart displayed at width×height px. The layout (viewBox)
// is at least minW×minH and grows in height when the legend and axes need
// it (see plotBottom); the browser then scales it down to the displayed
// size, keeping the proportions, rather than cutting anything off.
// The accessible name (aria-label) is the title followed by the
// description, since role="img" hides everything inside from screen
// readers.
func open(kind string, width, height int, title, desc string) *doc {
	d := &doc{dw: max(1, width), dh: max(1, height), kind: kind}
	d.w, d.h = float64(max(width, minW)), float64(max(height, minH))
	title, desc = clean(title), clean(desc)
	d.label = title
	if desc != "" {
		if d.label != "" {
			d.label += ". "
		}
		d.label += desc
	}
	d.head = "<title>" + escape(title) + "</title>\n<desc>" + escape(desc) + "</desc>\n"
	return d
}

// plotBottom is the bottom of a plot whose top is y0 and below which
// margin px are needed; when less than minPlot px would remain, the
// layout grows taller instead.
func (d *doc) plotBottom(y0, margin float64) float64 {
	if d.h-margin-y0 < minPlot {
		d.h = math.Ceil(y0 + minPlot + margin)
	}
	return d.h - margin
}

// close wraps the body in the root element and returns the document.
func (d *doc) close() []byte {
	var out bytes.Buffer
	w, h := f(d.w), f(d.h)
	head := doc{}
	head.start("svg", "xmlns", "http://www.w3.org/2000/svg", "width", strconv.Itoa(d.dw), "height", strconv.Itoa(d.dh),
		"viewBox", "0 0 "+w+" "+h, "role", "img", "aria-label", d.label,
		"class", "antrean-chart antrean-chart-"+d.kind,
		"font-family", fontFamily, "font-size", f(fontSize), "fill", colInk)
	head.b.WriteString(d.head)
	head.rect(0, 0, d.w, d.h, colBg)
	out.Grow(head.b.Len() + d.b.Len() + 8)
	out.Write(head.b.Bytes())
	out.Write(d.b.Bytes())
	out.WriteString("</svg>\n")
	return out.Bytes()
}

// heading draws the title and returns the y below it.
func (d *doc) heading(title string) float64 {
	title = clean(title)
	if title == "" {
		return pad
	}
	s, _ := fit(title, d.w-2*pad, titleSize, true)
	d.text(pad, pad+titleSize, s, "font-size", f(titleSize), "font-weight", "bold", "class", "chart-title")
	return pad + titleSize + 10
}

// NoData is the text of a chart without data.
const NoData = "Belum ada data"

// empty is the whole chart when there is nothing to draw: the title and a
// plain sentence in a dashed frame, never an empty axis or NaN.
func empty(kind string, width, height int, title, note string) []byte {
	msg := NoData
	if note = clean(note); note != "" {
		msg += " " + note
	}
	d := open(kind, width, height, title, msg+".")
	top := d.heading(title)
	d.rect(pad, top, d.w-2*pad, d.h-top-pad, "none", "stroke", colGrid, "stroke-dasharray", "6 4", "class", "no-data-frame")
	s, _ := fit(msg, d.w-4*pad, 14, false)
	d.text(d.w/2, top+(d.h-top-pad)/2+5, s, "font-size", "14", "text-anchor", "middle", "fill", colMuted, "class", "no-data")
	return d.close()
}

// ── legend ────────────────────────────────────────────────────────────────

type swatch int

const (
	swBox  swatch = iota // filled square (bars)
	swLine               // short line, with dash and marker
)

type legendItem struct {
	label  string
	sw     swatch
	color  string
	dash   string
	marker int // -1 none, else a shape index
	width  float64
}

type legendPos struct {
	item  legendItem
	text  string // possibly shortened
	short bool
	x, y  float64 // top-left of the row's box
}

// legend lays items out left to right from x0, wrapping before x1; each
// label is at most maxLabel px (shortened with a tooltip beyond that).
type legend struct {
	items  []legendPos
	height float64
}

const swW = 22.0 // swatch width + gap before the label is swW+5

func layoutLegend(items []legendItem, x0, x1, y float64) legend {
	var lg legend
	if len(items) == 0 {
		return lg
	}
	maxLabel := math.Max(60, math.Min(240, (x1-x0)-swW-5))
	x, row := x0, 0
	for _, it := range items {
		s, ok := fit(clean(it.label), maxLabel, fontSize, false)
		w := swW + 5 + textWidth(s, fontSize, false)
		if x > x0 && x+w > x1 {
			x, row = x0, row+1
		}
		lg.items = append(lg.items, legendPos{item: it, text: s, short: !ok, x: x, y: y + float64(row)*lineH})
		x += w + 16
	}
	lg.height = float64(row+1)*lineH + 4
	return lg
}

func (d *doc) drawLegend(lg legend) {
	if len(lg.items) == 0 {
		return
	}
	d.start("g", "class", "legend")
	for _, p := range lg.items {
		d.start("g", "class", "legend-item")
		if p.short {
			d.tip(p.item.label)
		}
		cy := p.y + lineH/2 - 1
		switch p.item.sw {
		case swBox:
			d.rect(p.x+4, cy-6, 12, 12, p.item.color)
		case swLine:
			w := p.item.width
			if w == 0 {
				w = 2.5
			}
			kv := []string{"stroke-width", f(w)}
			if p.item.dash != "" {
				kv = append(kv, "stroke-dasharray", p.item.dash)
			}
			d.line(p.x, cy, p.x+swW, cy, p.item.color, kv...)
			if p.item.marker >= 0 {
				d.marker(p.item.marker, p.x+swW/2, cy, p.item.color)
			}
		}
		d.text(p.x+swW+5, cy+4, p.text)
		d.end("g")
	}
	d.end("g")
}

// marker draws shape i (circle, square, triangle, diamond, …) at x, y.
func (d *doc) marker(i int, x, y float64, color string, kv ...string) {
	const r = 3.5
	base := append([]string{"fill", color, "stroke", colBg, "stroke-width", "1"}, kv...)
	switch i % 4 {
	case 0:
		d.el("circle", append([]string{"cx", f(x), "cy", f(y), "r", f(r)}, base...)...)
	case 1:
		d.rect(x-r, y-r, 2*r, 2*r, color, base[2:]...)
	case 2:
		var p path
		p.M(x, y-r-0.8)
		p.L(x+r+0.6, y+r-0.4)
		p.L(x-r-0.6, y+r-0.4)
		p.WriteString("Z")
		d.el("path", append([]string{"d", p.String()}, base...)...)
	case 3:
		var p path
		p.M(x, y-r-1)
		p.L(x+r+1, y)
		p.L(x, y+r+1)
		p.L(x-r-1, y)
		p.WriteString("Z")
		d.el("path", append([]string{"d", p.String()}, base...)...)
	}
}

// yAxis draws horizontal grid lines with tick labels left of x0 and the
// rotated axis title, for a plot from x0 to x1 and y0 (top) to y1 (bottom).
func (d *doc) yAxis(s scale, x0, x1, y0, y1 float64, suffix, title string) {
	d.start("g", "class", "axis y-axis")
	for _, t := range s.ticks {
		y := s.pos(t, y1, y0)
		d.line(x0, y, x1, y, colGrid, "stroke-width", "1")
		d.text(x0-6, y+4, s.label(t)+suffix, "text-anchor", "end", "fill", colMuted, "class", "tick")
	}
	if title = clean(title); title != "" {
		cx, cy := pad+fontSize/2+1, (y0+y1)/2
		d.vtext(cx, cy, title, y1-y0)
	}
	d.end("g")
}

// vtext writes an axis title rotated to read bottom-up, centred on cx, cy
// and at most max px long (the full title as tooltip when shortened).
func (d *doc) vtext(cx, cy float64, title string, max float64) {
	t, ok := fit(title, max, fontSize, false)
	d.b.WriteString(`<text x="` + f(cx) + `" y="` + f(cy) + `"`)
	d.attrs([]string{"transform", "rotate(-90 " + f(cx) + " " + f(cy) + ")", "text-anchor", "middle",
		"dominant-baseline", "central", "fill", colMuted, "class", "axis-title"})
	d.b.WriteByte('>')
	if !ok {
		d.b.WriteString("<title>" + escape(title) + "</title>")
	}
	d.b.WriteString(escape(t) + "</text>\n")
}

// yLabelWidth is the widest tick label of s with suffix.
func yLabelWidth(s scale, suffix string) float64 {
	w := 0.0
	for _, t := range s.ticks {
		w = math.Max(w, textWidth(s.label(t)+suffix, fontSize, false))
	}
	return w
}

// ticksFor is how many y ticks suit a plot h px high (one per ~45 px).
func ticksFor(h float64) int {
	n := int(h / 45)
	if n < 2 {
		n = 2
	}
	if n > 8 {
		n = 8
	}
	return n
}

// textFit writes s at x, y shortened to max px at size; when shortened the
// full text becomes its tooltip.
func (d *doc) textFit(x, y float64, s string, max, size float64, bold bool, kv ...string) {
	s = clean(s)
	t, ok := fit(s, max, size, bold)
	d.b.WriteString(`<text x="` + f(x) + `" y="` + f(y) + `"`)
	d.attrs(kv)
	d.b.WriteByte('>')
	if !ok {
		d.b.WriteString("<title>" + escape(s) + "</title>")
	}
	d.b.WriteString(escape(t) + "</text>\n")
}
