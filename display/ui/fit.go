package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// rect is a box in the window, in Fyne units.
type rect struct{ X, Y, W, H float32 }

func (r rect) pos() fyne.Position { return fyne.NewPos(r.X, r.Y) }
func (r rect) size() fyne.Size    { return fyne.NewSize(r.W, r.H) }

// inset shrinks r by d on every side.
func (r rect) inset(d float32) rect {
	return rect{r.X + d, r.Y + d, max(0, r.W-2*d), max(0, r.H-2*d)}
}

// rows cuts r from the top into bands of the given weights.
func (r rect) rows(gap float32, weights ...float32) []rect {
	var sum float32
	for _, w := range weights {
		sum += w
	}
	avail := r.H - gap*float32(len(weights)-1)
	out := make([]rect, len(weights))
	y := r.Y
	for i, w := range weights {
		h := avail * w / sum
		out[i] = rect{r.X, y, r.W, h}
		y += h + gap
	}
	return out
}

// cols cuts r from the left into bands of the given weights.
func (r rect) cols(gap float32, weights ...float32) []rect {
	var sum float32
	for _, w := range weights {
		sum += w
	}
	avail := r.W - gap*float32(len(weights)-1)
	out := make([]rect, len(weights))
	x := r.X
	for i, w := range weights {
		wd := avail * w / sum
		out[i] = rect{x, r.Y, wd, r.H}
		x += wd + gap
	}
	return out
}

type align int

const (
	alignLeading align = iota
	alignCenter
	alignTrailing
)

// label is a canvas.Text that sizes itself to a box: as large as the box's
// height allows, shrunk so the text (or a reference text, so that sibling
// labels share one size) fits the width. Text sizes thus follow the window,
// never fixed points.
type label struct {
	t     *canvas.Text
	box   rect
	align align
	ref   string // sized as if it said ref, when ref is wider than the text
}

func newLabel(c color.Color, bold bool, a align) *label {
	t := canvas.NewText("", c)
	t.TextStyle = fyne.TextStyle{Bold: bold}
	return &label{t: t, align: a}
}

// place gives the label its box and fits the text into it.
func (l *label) place(r rect) {
	l.box = r
	l.fit()
}

// set changes the text (and refits) only when it differs.
func (l *label) set(s string) {
	if l.t.Text == s {
		return
	}
	l.t.Text = s
	l.fit()
}

func (l *label) setColor(c color.Color) {
	if l.t.Color == c {
		return
	}
	l.t.Color = c
	l.t.Refresh()
}

// measureAt is the reference size text is measured at; sizes scale linearly.
const measureAt = 100

func (l *label) fit() {
	b := l.box
	if b.W <= 0 || b.H <= 0 {
		l.t.TextSize = 1
		l.t.Move(b.pos())
		l.t.Resize(fyne.NewSize(0, 0))
		l.t.Refresh()
		return
	}
	widest := l.t.Text
	if widest == "" {
		widest = "M"
	}
	m := fyne.MeasureText(widest, measureAt, l.t.TextStyle)
	if l.ref != "" {
		if r := fyne.MeasureText(l.ref, measureAt, l.t.TextStyle); r.Width > m.Width {
			m.Width = r.Width
		}
	}
	size := float32(measureAt) * b.H / m.Height
	if m.Width > 0 {
		size = min(size, measureAt*b.W/m.Width)
	}
	l.t.TextSize = max(size, 1)
	real := fyne.MeasureText(l.t.Text, l.t.TextSize, l.t.TextStyle)
	x := b.X
	switch l.align {
	case alignCenter:
		x += (b.W - real.Width) / 2
	case alignTrailing:
		x += b.W - real.Width
	}
	l.t.Move(fyne.NewPos(x, b.Y+(b.H-real.Height)/2))
	l.t.Resize(real)
	l.t.Refresh()
}

// place positions any canvas object in a box.
func place(o fyne.CanvasObject, r rect) {
	o.Move(r.pos())
	o.Resize(r.size())
}

// layoutFunc is a fyne.Layout that delegates to one function of the size:
// the display computes every box itself from the window size.
type layoutFunc struct {
	min fyne.Size
	fn  func(fyne.Size)
}

func (l *layoutFunc) Layout(_ []fyne.CanvasObject, s fyne.Size) { l.fn(s) }
func (l *layoutFunc) MinSize([]fyne.CanvasObject) fyne.Size     { return l.min }

// gridShape picks columns and rows for n cells in w×h so the cells are as
// large as possible at about the given width:height aspect.
func gridShape(n int, w, h, aspect float32) (cols, rows int) {
	if n <= 0 {
		return 1, 1
	}
	best := float32(-1)
	for c := 1; c <= n; c++ {
		r := (n + c - 1) / c
		cw, ch := w/float32(c), h/float32(r)
		score := min(cw/aspect, ch) // the height a cell of that aspect can have
		if score > best {
			best, cols, rows = score, c, r
		}
	}
	return cols, rows
}
