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
	// maxSize caps the text size (0 = no cap).
	maxSize float32
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

// refSize is the text size the label's box gives its reference text
// (whatever it says now).
func (l *label) refSize() float32 {
	if l.ref == "" || l.box.W <= 0 || l.box.H <= 0 {
		return l.t.TextSize
	}
	m := measure(l.ref, measureAt, l.t.TextStyle)
	return min(measureAt*l.box.H/m.Height, measureAt*l.box.W/m.Width)
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
	l.t.FontSource = fontFor(l.t.Text, l.t.TextStyle)
	widest := l.t.Text
	if widest == "" {
		widest = "M"
	}
	m := measure(widest, measureAt, l.t.TextStyle)
	if l.ref != "" {
		if r := measure(l.ref, measureAt, l.t.TextStyle); r.Width > m.Width {
			m.Width = r.Width
		}
	}
	size := float32(measureAt) * b.H / m.Height
	if m.Width > 0 {
		size = min(size, measureAt*b.W/m.Width)
	}
	if l.maxSize > 0 {
		size = min(size, l.maxSize)
	}
	l.t.TextSize = max(size, 1)
	real := measure(l.t.Text, l.t.TextSize, l.t.TextStyle)
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

// twoLine is a label that may break onto a second line at a space when
// that gives it larger type (a long agency name in a narrow band: "Polres"
// over "Pariaman" reads better than both squeezed on one line).
type twoLine struct {
	a, b *label
	box  rect
	text string
}

func newTwoLine(c color.Color, bold bool, al align) *twoLine {
	return &twoLine{a: newLabel(c, bold, al), b: newLabel(c, bold, al)}
}

func (l *twoLine) objects() []fyne.CanvasObject { return []fyne.CanvasObject{l.a.t, l.b.t} }

func (l *twoLine) place(r rect) {
	l.box = r
	l.fit()
}

func (l *twoLine) set(s string) {
	if s == l.text {
		return
	}
	l.text = s
	l.fit()
}

func (l *twoLine) setColor(c color.Color) {
	l.a.setColor(c)
	l.b.setColor(c)
}

// String is the text shown (tests).
func (l *twoLine) String() string {
	if l.b.t.Text == "" {
		return l.a.t.Text
	}
	return l.a.t.Text + " " + l.b.t.Text
}

func (l *twoLine) fit() {
	one := fitSize(l.text, l.box, l.a.t.TextStyle)
	best, first, second := one, l.text, ""
	halves := l.box.rows(0, 1, 1)
	for i := 0; i < len(l.text); i++ {
		if l.text[i] != ' ' {
			continue
		}
		x, y := l.text[:i], l.text[i+1:]
		s := min(fitSize(x, halves[0], l.a.t.TextStyle), fitSize(y, halves[1], l.a.t.TextStyle))
		if s > best*1.1 {
			best, first, second = s, x, y
		}
	}
	if second == "" {
		l.a.maxSize, l.b.maxSize = 0, 0
		l.a.t.Text = first
		l.a.place(l.box)
		l.b.t.Text = ""
		l.b.place(rect{})
		l.b.t.Hide()
		return
	}
	// Both lines at one size, centred as a block.
	h := 2 * best * lineHeight
	top := rect{l.box.X, l.box.Y + (l.box.H-h)/2, l.box.W, best * lineHeight}
	l.a.maxSize, l.b.maxSize = best, best
	l.a.t.Text, l.b.t.Text = first, second
	l.a.place(top)
	l.b.place(rect{top.X, top.Y + top.H, top.W, top.H})
	l.b.t.Show()
}

// fitSize is the largest text size at which s fits in r.
func fitSize(s string, r rect, style fyne.TextStyle) float32 {
	if r.W <= 0 || r.H <= 0 {
		return 1
	}
	if s == "" {
		s = "M"
	}
	m := measure(s, measureAt, style)
	return min(measureAt*r.H/m.Height, measureAt*r.W/m.Width)
}
