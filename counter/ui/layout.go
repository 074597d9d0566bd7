package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// columnLayout centres its objects, stacked, in a column at most max wide:
// the login form stays readable on a 1920-wide screen and fits 480.
type columnLayout struct{ max float32 }

func (l *columnLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := size.Width
	if m := l.max * theme.TextSize() / 14; w > m { // grows with a scaled theme
		w = m
	}
	x := (size.Width - w) / 2
	for _, o := range objs {
		h := o.MinSize().Height
		y := (size.Height - h) / 3 // a little above the middle
		if y < 0 {
			y = 0
		}
		o.Move(fyne.NewPos(x, y))
		o.Resize(fyne.NewSize(w, h))
	}
}

func (l *columnLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// deskLayout places the desk. Narrow or portrait windows (the console
// beside the agency's own system, a portrait monitor) stack everything in
// one column; wide windows put the ticket and its actions on the left and
// the waiting list on the right. The big number and the sign grow with
// the window; the waiting list takes whatever height is left.
type deskLayout struct {
	d                                                   *DeskScreen
	header, status, card, msg, primary, waitTitle, wait fyne.CanvasObject
	footer                                              fyne.CanvasObject

	Wide bool // the last layout was the two-column one (for tests)
	min  fyne.Size
}

// wideFrom is the narrowest window that gets two columns.
const wideFrom = 900

func clamp(v, lo, hi float32) float32 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// heightAt is o's minimum height when it is w wide (wrapping text needs
// its width first).
func heightAt(o fyne.CanvasObject, w float32) float32 {
	o.Resize(fyne.NewSize(w, o.MinSize().Height))
	return o.MinSize().Height
}

func place(o fyne.CanvasObject, x, y, w, h float32) {
	o.Move(fyne.NewPos(x, y))
	o.Resize(fyne.NewSize(w, h))
}

// buttonGrid lays the secondary buttons out in as many columns as fit w
// (3+2 rather than 4+1), returning the height used.
func (l *deskLayout) buttonGrid(x, y, w float32, lay bool) float32 {
	bs := l.d.secondary
	p := theme.Padding()
	var bw, bh float32
	for _, b := range bs {
		m := b.MinSize()
		bw, bh = max(bw, m.Width), max(bh, m.Height)
	}
	bh = max(bh, 40*l.d.c.scale)
	cols := int((w + p) / (bw + p))
	switch {
	case cols >= len(bs):
		cols = len(bs)
	case cols >= 3:
		cols = 3
	case cols < 1:
		cols = 1
	}
	rows := (len(bs) + cols - 1) / cols
	cw := (w - float32(cols-1)*p) / float32(cols)
	if lay {
		for i, b := range bs {
			r, c := i/cols, i%cols
			place(b, x+float32(c)*(cw+p), y+float32(r)*(bh+p), cw, bh)
		}
	}
	return float32(rows)*bh + float32(rows-1)*p
}

// numberMin is the least height of the big number's box.
func (l *deskLayout) numberMin() float32 { return l.d.Number.MinSize().Height }

// compactBelow is the window height under which a one-column desk packs
// tighter: the number beside the ticket details, smaller gaps.
const compactBelow = 800

func (l *deskLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	if size.Width < 1 || size.Height < 1 {
		return // not placed yet (a refresh before the window shows it)
	}
	p := theme.Padding()
	k := l.d.c.scale // the theme's scale: fixed sizes grow with it
	W, H := size.Width, size.Height
	l.Wide = W >= wideFrom*k && W >= H
	compact := !l.Wide && H < compactBelow*k
	gap := 2 * p
	if compact {
		gap = p
	}
	l.d.setIcons(!compact)
	l.d.TodayAvg.Hidden = compact // one line of figures is enough there
	l.d.setCompactCard(compact)   // visits: one short line (visit.go)
	inner := W - 2*p

	headerH := max(l.header.MinSize().Height, clamp(H*0.07, 44*k, 110*k))
	place(l.header, p, p, inner, headerH)
	footerH := heightAt(l.footer, inner)
	footerY := H - p - footerH
	place(l.footer, p, footerY, inner, footerH)
	top := p + headerH + gap
	bottom := footerY - gap

	colW := inner
	if l.Wide {
		colW = clamp(W*0.42, 460*k, 760*k)
	}
	statusH := max(l.status.MinSize().Height, 36*k)
	msgH := float32(0)
	if l.msg.Visible() {
		msgH = heightAt(l.msg, colW) + gap
	}
	primaryH := max(l.primary.MinSize().Height, clamp(H*0.07, 44*k, 96*k))
	secH := l.buttonGrid(0, 0, colW, false)
	fixed := statusH + gap + msgH + primaryH + gap + secH + gap

	// The number grows with the column, within what the height allows.
	cl := l.d.cardLay
	cl.side = compact
	cl.numberH = 0
	var want float32
	switch {
	case compact:
		want = clamp(H*0.16, 0, 130*k)
	case l.Wide:
		restH := heightAt(l.card, colW) - l.numberMin()
		want = min(colW/3.2, (bottom-top-fixed)-restH-gap)
	default:
		restH := heightAt(l.card, colW) - l.numberMin()
		want = min(colW/4.5, H/9, (bottom-top-fixed-restH)*0.5) // leave the list room
	}
	cl.numberH = 0
	cardMinH := heightAt(l.card, colW)
	cl.numberH = clamp(want, l.numberMin(), 320*k)
	cardH := heightAt(l.card, colW)

	y := top
	place(l.status, p, y, colW, statusH)
	y += statusH + gap
	place(l.card, p, y, colW, cardH)
	y += cardH + gap
	if l.msg.Visible() {
		place(l.msg, p, y, colW, msgH-gap)
		y += msgH
	}
	place(l.primary, p, y, colW, primaryH)
	y += primaryH + gap
	y += l.buttonGrid(p, y, colW, true) + gap

	x, wW := p, inner
	leftH := y - top - (cardH - cardMinH)
	if l.Wide {
		x = p + colW + 3*p
		wW = W - x - p
		y = top
	}
	th := l.waitTitle.MinSize().Height
	place(l.waitTitle, x, y, wW, th)
	y += th
	place(l.wait, x, y, wW, max(bottom-y, 0))

	listMin := 56 * k // one row of waiting numbers
	need := leftH + th + listMin
	w := minWidth * k
	if l.Wide {
		need = max(leftH, th+listMin)
		w = colW + 2*p + 3*p + 200*k
	}
	for _, b := range l.d.secondary {
		w = max(w, b.MinSize().Width+2*p)
	}
	if W >= minWidth*k-1 { // a narrower pass wraps every word: no measure
		l.min = fyne.NewSize(w, top+need+gap+footerH+p)
	}
}

// minWidth is the narrowest desk: the compact window beside an agency's
// own application.
const minWidth = 480

// MinSize is what the last layout needed with the number at its smallest
// and a row of waiting numbers (before the first layout: the compact
// window). It only reads what Layout measured: measuring here would
// resize the parts behind the layout's back.
func (l *deskLayout) MinSize(_ []fyne.CanvasObject) fyne.Size {
	if l.min.IsZero() {
		return fyne.NewSize(minWidth*l.d.c.scale, 600*l.d.c.scale)
	}
	return l.min
}

// cardLayout puts the big number over the ticket details and the notes
// (no-show hint, closed banner), or, in a compact window, the number beside
// the details with the notes across the bottom; the desk decides how big
// the number is.
type cardLayout struct {
	numberH float32
	side    bool
}

// sideShare is the part of a compact card's width given to the number.
const sideShare = 0.42

func (l *cardLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	num, rest, foot := objs[0], objs[1], objs[2]
	fh := float32(0)
	if foot.Visible() {
		fh = heightAt(foot, size.Width)
	}
	if l.side {
		nw := size.Width * sideShare
		rw := size.Width - nw - theme.Padding()
		rh := heightAt(rest, rw)
		top := size.Height - fh
		place(num, 0, 0, nw, top)
		place(rest, nw+theme.Padding(), max((top-rh)/2, 0), rw, rh)
		place(foot, 0, top, size.Width, fh)
		return
	}
	nh := max(l.numberH, num.MinSize().Height)
	place(num, 0, 0, size.Width, nh)
	rh := heightAt(rest, size.Width)
	place(rest, 0, nh, size.Width, rh)
	place(foot, 0, nh+rh, size.Width, fh)
}

func (l *cardLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	num, rest := objs[0].MinSize(), objs[1].MinSize()
	var foot fyne.Size
	if objs[2].Visible() {
		foot = objs[2].MinSize()
	}
	if l.side {
		return fyne.NewSize(max(num.Width/sideShare, foot.Width), max(l.numberH, num.Height, rest.Height)+foot.Height)
	}
	return fyne.NewSize(max(num.Width, rest.Width, foot.Width), max(l.numberH, num.Height)+rest.Height+foot.Height)
}

// signLayout stacks the counter name over the agency name.
type signLayout struct{}

func (signLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	title, sub := objs[0], objs[1]
	if !sub.Visible() {
		place(title, 0, 0, size.Width, size.Height)
		return
	}
	th := size.Height * 0.6
	place(title, 0, 0, size.Width, th)
	place(sub, 0, th, size.Width, size.Height-th)
}

func (signLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := objs[0].MinSize()
	if objs[1].Visible() {
		m := objs[1].MinSize()
		s = fyne.NewSize(max(s.Width, m.Width), s.Height+m.Height)
	}
	return s
}

// pairLayout puts two labels side by side when they fit on one line,
// else one over the other (today's figures; the ticket state and its
// counters). A hidden second label leaves the first alone.
type pairLayout struct {
	center bool
	width  float32
}

func labelWidth(o fyne.CanvasObject) float32 {
	lb := o.(*widget.Label)
	return fyne.MeasureText(lb.Text, theme.TextSize(), lb.TextStyle).Width + 2*theme.InnerPadding()
}

// gapX pulls two labels together: each carries its own inner padding.
func gapX() float32 { return -2*theme.InnerPadding() + 2*theme.Padding() }

func (l *pairLayout) fits(objs []fyne.CanvasObject) bool {
	return l.width >= labelWidth(objs[0])+gapX()+labelWidth(objs[1])
}

func (l *pairLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	a, b := objs[0], objs[1]
	if !b.Visible() || b.(*widget.Label).Text == "" {
		place(a, 0, 0, size.Width, heightAt(a, size.Width))
		return
	}
	if l.fits(objs) {
		aw, bw := labelWidth(a), labelWidth(b)
		x := float32(0)
		if l.center {
			x = (size.Width - aw - gapX() - bw) / 2
		} else {
			bw = size.Width - aw - gapX()
		}
		place(a, x, 0, aw, size.Height)
		place(b, x+aw+gapX(), 0, bw, size.Height)
		return
	}
	ah := heightAt(a, size.Width)
	place(a, 0, 0, size.Width, ah)
	place(b, 0, ah, size.Width, heightAt(b, size.Width))
}

func (l *pairLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	if !objs[1].Visible() || objs[1].(*widget.Label).Text == "" {
		return a
	}
	if l.width > 0 && l.fits(objs) {
		return fyne.NewSize(max(a.Width, b.Width), max(a.Height, b.Height))
	}
	return fyne.NewSize(max(a.Width, b.Width), a.Height+b.Height)
}

// tightLayout takes most of a label's inner padding away above and below
// it: list headings and footers, where rows of air cost numbers.
type tightLayout struct{}

func tight(o fyne.CanvasObject) *fyne.Container { return container.New(tightLayout{}, o) }

func (tightLayout) cut() float32 { return theme.InnerPadding() - theme.Padding() }

func (l tightLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		place(o, 0, -l.cut(), size.Width, size.Height+2*l.cut())
	}
}

func (l tightLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return fyne.NewSize(s.Width, max(s.Height-2*l.cut(), 0))
}

// settle lays a scroll out twice: the first pass gives wrapping labels
// their width, the second the height that width needs (Fyne's window
// would do it on the next frame; tests and screenshots need it now).
func settle(s *container.Scroll) {
	if s == nil {
		return
	}
	s.Refresh()
	s.Refresh()
}
