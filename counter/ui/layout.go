package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// columnLayout centres its objects, stacked, in a column at most max wide:
// the login form stays readable on a 1920-wide screen and fits 480.
type columnLayout struct{ max float32 }

func (l *columnLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := size.Width
	if w > l.max {
		w = l.max
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
	bh = max(bh, 40)
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
	p := theme.Padding()
	W, H := size.Width, size.Height
	l.Wide = W >= wideFrom && W >= H
	compact := !l.Wide && H < compactBelow
	gap := 2 * p
	if compact {
		gap = p
	}
	l.d.setIcons(!compact)
	l.d.TodayAvg.Hidden = compact // one line of figures is enough there
	inner := W - 2*p

	headerH := max(l.header.MinSize().Height, clamp(H*0.07, 44, 110))
	place(l.header, p, p, inner, headerH)
	footerH := heightAt(l.footer, inner)
	footerY := H - p - footerH
	place(l.footer, p, footerY, inner, footerH)
	top := p + headerH + gap
	bottom := footerY - gap

	colW := inner
	if l.Wide {
		colW = clamp(W*0.42, 460, 760)
	}
	statusH := max(l.status.MinSize().Height, 36)
	msgH := float32(0)
	if l.msg.Visible() {
		msgH = heightAt(l.msg, colW) + gap
	}
	primaryH := max(l.primary.MinSize().Height, clamp(H*0.07, 44, 96))
	secH := l.buttonGrid(0, 0, colW, false)
	fixed := statusH + gap + msgH + primaryH + gap + secH + gap

	// The number grows with the column, within what the height allows.
	cl := l.d.cardLay
	cl.side = compact
	cl.numberH = 0
	var want float32
	switch {
	case compact:
		want = clamp(H*0.16, 0, 130)
	case l.Wide:
		restH := heightAt(l.card, colW) - l.numberMin()
		want = min(colW/3.2, (bottom-top-fixed)-restH-gap)
	default:
		restH := heightAt(l.card, colW) - l.numberMin()
		want = min(colW/4.5, H/9, (bottom-top-fixed-restH)*0.5) // leave the list room
	}
	cl.numberH = clamp(want, l.numberMin(), 320)
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
	if l.Wide {
		x = p + colW + 3*p
		wW = W - x - p
		y = top
	}
	th := l.waitTitle.MinSize().Height
	place(l.waitTitle, x, y, wW, th)
	y += th
	place(l.wait, x, y, wW, max(bottom-y, 0))
}

// minWidth is the narrowest desk: the compact window beside an agency's
// own application.
const minWidth = 480

// MinSize is the compact one-column layout at its narrowest.
func (l *deskLayout) MinSize(_ []fyne.CanvasObject) fyne.Size {
	p := theme.Padding()
	gap := p
	var w float32 = minWidth - 2*p
	l.d.setIcons(false)
	l.d.TodayAvg.Hidden = true
	for _, o := range []fyne.CanvasObject{l.header, l.status, l.msg, l.primary, l.waitTitle, l.footer} {
		w = max(w, o.MinSize().Width)
	}
	for _, b := range l.d.secondary {
		w = max(w, b.MinSize().Width)
	}
	cl := l.d.cardLay
	cl.side, cl.numberH = true, 0
	w = max(w, l.card.MinSize().Width)
	h := p + max(l.header.MinSize().Height, 44) + gap +
		max(l.status.MinSize().Height, 36) + gap +
		heightAt(l.card, w) + gap +
		max(l.primary.MinSize().Height, 44) + gap +
		l.buttonGrid(0, 0, w, false) + gap +
		l.waitTitle.MinSize().Height + 50 + gap + // a row of waiting numbers
		heightAt(l.footer, w) + p
	if l.msg.Visible() {
		h += heightAt(l.msg, w) + gap
	}
	return fyne.NewSize(w+2*p, h)
}

// cardLayout puts the big number over the rest of the ticket card, or, in
// a compact window, beside it; the desk decides how big the number is.
type cardLayout struct {
	numberH float32
	side    bool
}

// sideShare is the part of a compact card's width given to the number.
const sideShare = 0.42

func (l *cardLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	num, rest := objs[0], objs[1]
	if l.side {
		nw := size.Width * sideShare
		rw := size.Width - nw - theme.Padding()
		rh := heightAt(rest, rw)
		place(num, 0, 0, nw, size.Height)
		place(rest, nw+theme.Padding(), max((size.Height-rh)/2, 0), rw, rh)
		return
	}
	nh := max(l.numberH, num.MinSize().Height)
	place(num, 0, 0, size.Width, nh)
	rh := heightAt(rest, size.Width)
	place(rest, 0, nh, size.Width, rh)
}

func (l *cardLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	num, rest := objs[0].MinSize(), objs[1].MinSize()
	if l.side {
		return fyne.NewSize(num.Width/sideShare, max(l.numberH, num.Height, rest.Height))
	}
	return fyne.NewSize(max(num.Width, rest.Width), max(l.numberH, num.Height)+rest.Height)
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

// footerLayout puts today's two figure lines side by side when they fit,
// else one over the other.
type footerLayout struct{ width float32 }

func (l *footerLayout) oneLine(objs []fyne.CanvasObject) (float32, bool) {
	var w float32
	for _, o := range objs {
		lb := o.(*widget.Label)
		w += fyne.MeasureText(lb.Text, theme.TextSize(), lb.TextStyle).Width + 2*theme.InnerPadding()
	}
	return w, l.width >= w+2*theme.Padding()
}

func (l *footerLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	a, b := objs[0], objs[1]
	if !b.Visible() {
		place(a, 0, 0, size.Width, heightAt(a, size.Width))
		return
	}
	if _, ok := l.oneLine(objs); ok {
		aw := fyne.MeasureText(a.(*widget.Label).Text, theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding()
		place(a, 0, 0, aw, size.Height)
		place(b, aw+2*theme.Padding(), 0, size.Width-aw-2*theme.Padding(), size.Height)
		return
	}
	ah := heightAt(a, size.Width)
	place(a, 0, 0, size.Width, ah)
	place(b, 0, ah, size.Width, heightAt(b, size.Width))
}

func (l *footerLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	if !objs[1].Visible() {
		return a
	}
	if _, ok := l.oneLine(objs); ok && l.width > 0 {
		return fyne.NewSize(max(a.Width, b.Width), max(a.Height, b.Height))
	}
	return fyne.NewSize(max(a.Width, b.Width), a.Height+b.Height)
}
