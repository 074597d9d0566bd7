package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// Square corners: a software renderer computes a rounded rectangle's edge
// for every pixel it covers, and the whole screen is repainted for any
// change (a page of running text, the clock), which on a 4K TV without a
// GPU made idle CPU go over budget. The background is the theme's, cleared
// in one pass rather than painted as a rectangle.
//
// Layout: every box is computed from the window size, and every text is
// sized to its box (label.fit), so the screen reads the same on a
// 1366×768 monitor, a 4K TV or a portrait panel.
//
// Landscape (wide):     Landscape (5:4, 4:3):   Portrait:
//   header                header                  header
//   big | recent | grid   big | recent            big
//   footer                grid                    recent (2 rows)
//                         footer                  grid
//                                                 footer
//
// The big call gets what it needs to be read across a hall (at 16:9 its
// number's capitals are ≥ 18 % of the screen height, "LOKET 15" ≥ 60 % of
// that); the grid and the recent calls share the rest.

// Big panel rows (weights): caption, number, counter, service line.
var bigRows = []float32{8, 46, 28, 10}

// counterToNumber is the least size of "LOKET 15" relative to the number.
const counterToNumber = 0.62

func (d *Display) layout(s fyne.Size, footBg *canvas.Rectangle) {
	d.laidOut = true
	W, H := s.Width, s.Height
	u := min(W, H)
	pad := u * 0.014
	d.portrait = H > W
	wide := W/H >= 1.5
	hh, fh := H*0.08, H*0.07
	if d.portrait {
		hh, fh = H*0.065, H*0.06
	}
	for _, o := range d.root.Objects {
		if h, ok := o.(*cursorHider); ok {
			place(h, rect{0, 0, W, H})
		}
	}
	d.layoutHeader(rect{0, 0, W, hh}, pad)

	foot := rect{0, H - fh, W, fh}
	place(footBg, foot)
	d.tick.place(rect{foot.X + pad, foot.Y, foot.W - 2*pad, foot.H})

	main := rect{0, hh, W, H - hh - fh}.inset(pad)
	main, wide = d.layoutMedia(main, pad, wide) // media.go
	var big, hist rect
	histCols := 1
	switch {
	case d.portrait:
		p := main.rows(pad, d.portraitRows()...)
		big, hist, d.gridBox = p[0], p[1], p[2]
		histCols = 3
	case wide:
		p := main.cols(pad, d.wideCols()...)
		big, hist, d.gridBox = p[0], p[1], p[2]
	default:
		p := main.rows(pad, 55, 45)
		top := p[0].cols(pad, 64, 36)
		big, hist, d.gridBox = top[0], top[1], p[1]
		histCols = 2
	}
	d.layoutBig(big, u)
	d.layoutHistory(hist, pad, u, histCols)
	d.layoutGrid()
}

func (d *Display) layoutHeader(header rect, pad float32) {
	h := &d.header
	place(h.bg, header)
	in := header.inset(header.H * 0.12)
	place(h.logo, rect{in.X, in.Y, in.H, in.H})
	rest := rect{in.X + in.H + pad, in.Y, in.W - in.H - pad, in.H}
	var badge rect
	if d.portrait {
		// Too narrow for one line: site name above, date and clock below.
		lines := rest.rows(0, 55, 45)
		h.siteName.place(lines[0].inset(lines[0].H * 0.06))
		lc := lines[1].cols(pad, 64, 36)
		h.clock.align = alignLeading
		h.clock.place(lc[0].inset(lines[1].H * 0.08))
		badge = rect{lc[1].X, lc[1].Y + lc[1].H*0.1, lc[1].W, lc[1].H * 0.8}
	} else {
		hc := rest.cols(pad, 46, 16, 38)
		h.siteName.place(hc[0].inset(in.H * 0.1))
		h.clock.align = alignTrailing
		h.clock.place(hc[2].inset(in.H * 0.14))
		badge = rect{hc[1].X, hc[1].Y + hc[1].H*0.28, hc[1].W, hc[1].H * 0.44}
	}
	place(h.badgeBg, badge)
	h.badgeBg.CornerRadius = badge.H / 2
	in2 := badge.inset(badge.H * 0.18)
	dot := in2.H * 0.6
	place(h.badgeDot, rect{in2.X + in2.H*0.3, in2.Y + (in2.H-dot)/2, dot, dot})
	h.badge.place(rect{in2.X + in2.H*1.1, in2.Y, in2.W - in2.H*1.1, in2.H})
}

// layoutBig sizes the big call: the number as large as the panel allows,
// the counter at least counterToNumber of it (the number gives way when
// the panel is too narrow for both).
func (d *Display) layoutBig(big rect, u float32) {
	p := &d.big
	place(p.bg, big)
	bi := big.inset(min(big.W, big.H) * 0.03)
	br := bi.rows(bi.H*0.02, bigRows...)
	p.caption.place(br[0])
	p.counter.place(br[2])
	p.number.maxSize = p.counter.refSize() / counterToNumber
	p.number.place(br[1])
	svc := br[3]
	place(p.chip, svc)
	p.service.place(svc.inset(svc.H * 0.12))
}

// layoutHistory lays the recent calls out in cols columns: each row is an
// agency colour chip, the number and, below it, the counter.
func (d *Display) layoutHistory(hist rect, pad, u float32, cols int) {
	hp := &d.hist
	place(hp.bg, hist)
	hi := hist.inset(pad * 0.5)
	n := len(hp.rows)
	perCol := (n + cols - 1) / cols
	titleH := min(hi.H*0.12, u*0.05)
	if cols > 1 {
		titleH = min(hi.H*0.22, u*0.05)
	}
	if hi.W < hi.H*0.4 {
		titleH = min(hi.H*0.14, u*0.08) // two lines in a narrow column
	}
	title := rect{hi.X, hi.Y, hi.W, titleH}
	hp.title.place(title.inset(titleH * 0.06))
	body := rect{hi.X, hi.Y + titleH + pad*0.4, hi.W, hi.H - titleH - pad*0.4}
	w := make([]float32, perCol)
	for i := range w {
		w[i] = 1
	}
	var boxes []rect
	cw := make([]float32, cols)
	for i := range cw {
		cw[i] = 1
	}
	// Row-major: the newest calls read left to right, then down.
	colBoxes := body.cols(pad*0.6, cw...)
	rowsOf := make([][]rect, cols)
	for c := range colBoxes {
		rowsOf[c] = colBoxes[c].rows(pad*0.4, w...)
	}
	for r := 0; r < perCol; r++ {
		for c := 0; c < cols; c++ {
			boxes = append(boxes, rowsOf[c][r])
		}
	}
	for i, r := range hp.rows {
		b := boxes[i]
		place(r.bg, b)
		chip := rect{b.X, b.Y, max(b.W*0.04, u*0.006), b.H}
		place(r.chip, chip)
		in := rect{chip.X + chip.W, b.Y, b.W - chip.W, b.H}.inset(min(b.W, b.H) * 0.04)
		if in.W/in.H > 3.2 {
			// Wide rows: number and counter side by side.
			c := in.cols(in.H*0.2, 56, 44)
			r.number.place(c[0])
			r.counter.place(c[1].inset(c[1].H * 0.12))
			continue
		}
		rr := in.rows(0, 60, 40)
		r.number.place(rr[0])
		r.counter.place(rr[1])
	}
}

// layoutGrid sizes the cells in use to fill the grid box, in the shape
// that gives the ticket numbers the largest type.
func (d *Display) layoutGrid() {
	if !d.laidOut {
		return
	}
	g := d.gridBox
	n := d.gridN
	gap := min(g.W, g.H) * 0.015
	cols, rows, wideCells := gridShape(n, g.W, g.H, gap)
	if wideCells != d.wideCells {
		d.wideCells = wideCells
		for i := 0; i < min(n, len(d.view.Cells)); i++ {
			d.renderCell(d.cells[i], d.view.Cells[i])
		}
	}
	cw := (g.W - gap*float32(cols-1)) / float32(cols)
	ch := (g.H - gap*float32(rows-1)) / float32(rows)
	// Few counters should not make giant cells: cap their height.
	ch = min(ch, g.H*0.5, cw*0.9)
	for i, c := range d.cells {
		if i >= n {
			continue
		}
		col, row := i%cols, i/cols
		b := rect{g.X + float32(col)*(cw+gap), g.Y + float32(row)*(ch+gap), cw, ch}
		place(c.bg, b)
		if wideCells {
			// Band on the left (counter over agency), number on the right.
			p := b.cols(0, bandShare, 1-bandShare)
			place(c.band, p[0])
			t := p[0].inset(p[0].H*0.08).rows(0, 40, 60)
			c.title.place(t[0])
			c.name.place(t[1])
			c.number.place(p[1].inset(p[1].H * 0.1))
			continue
		}
		p := b.rows(0, 26, 50, 24)
		place(c.band, p[0])
		c.title.place(p[0].inset(p[0].H * 0.12))
		c.number.place(p[1].inset(p[1].H * 0.06))
		c.name.place(p[2].inset(p[2].H * 0.14))
	}
}

// gridShape picks columns and rows for n cells in w×h, and whether cells
// are wide (band beside the number) or tall (band above it), so that the
// ticket number gets the largest type.
func gridShape(n int, w, h, gap float32) (cols, rows int, wide bool) {
	if n <= 0 {
		return 1, 1, false
	}
	best := float32(-1)
	for c := 1; c <= n; c++ {
		r := (n + c - 1) / c
		cw := (w - gap*float32(c-1)) / float32(c)
		ch := (h - gap*float32(r-1)) / float32(r)
		ch = min(ch, h*0.5, cw*0.9)
		tall := min(ch*0.5*0.88/lineHeight, cw*0.9/numberEm)
		flat := min(ch*0.8/lineHeight, cw*(1-bandShare)*0.88/numberEm)
		if tall > best {
			best, cols, rows, wide = tall, c, r, false
		}
		if flat > best {
			best, cols, rows, wide = flat, c, r, true
		}
	}
	return cols, rows, wide
}

// bandShare is the width of a wide cell's band (counter and agency).
const bandShare = 0.42

// widestNumber is the widest ticket number (prefixes skip I and O; W is
// the widest letter): the called number is sized for it, so any number
// keeps the size the layout promises.
const widestNumber = "W-000"

// numberEm is the width of "A-000" in bold per unit of text size (grid
// cells are shaped for it; a wider number shrinks a little).
const numberEm = 2.73
