package ui

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// FitText is one line drawn as large as its box allows, between Min and
// Max point size: the big ticket number and the counter sign grow with the
// window and shrink for a long text instead of being cut.
type FitText struct {
	widget.BaseWidget
	Text     string
	Min, Max float32
	Style    fyne.TextStyle
	Align    fyne.TextAlign
	Color    color.Color // nil: the theme's foreground

	text *canvas.Text
}

// NewFitText makes a FitText between min and max points.
func NewFitText(text string, min, max float32) *FitText {
	t := &FitText{Text: text, Min: min, Max: max}
	t.ExtendBaseWidget(t)
	return t
}

// SetText changes the text.
func (t *FitText) SetText(s string) {
	if t.Text == s {
		return
	}
	t.Text = s
	t.Refresh()
}

// TextSize is the point size drawn at the current size (for tests).
func (t *FitText) TextSize() float32 {
	if t.text == nil {
		return 0
	}
	return t.text.TextSize
}

// CreateRenderer implements fyne.Widget.
func (t *FitText) CreateRenderer() fyne.WidgetRenderer {
	t.text = canvas.NewText(t.Text, t.color())
	return &fitRenderer{t: t}
}

func (t *FitText) color() color.Color {
	if t.Color != nil {
		return t.Color
	}
	return theme.Color(theme.ColorNameForeground)
}

// scale relates Min and Max to the theme's text size (14 in Fyne's
// theme): a scaled-up theme scales the fitted text too.
func (t *FitText) scale() float32 { return theme.TextSize() / 14 }

// sizeFor is the largest point size ≤ Max at which the text fits box (but
// never below Min).
func (t *FitText) sizeFor(box fyne.Size) float32 {
	lo, hi := t.Min*t.scale(), t.Max*t.scale()
	ts := hi
	m := fyne.MeasureText(t.Text, ts, t.Style)
	if m.Width > box.Width && m.Width > 0 {
		ts *= box.Width / m.Width
	}
	if m.Height > 0 {
		if h := m.Height * ts / hi; h > box.Height {
			ts *= box.Height / h
		}
	}
	ts = float32(math.Floor(float64(ts)*2) / 2) // half points: no shimmer on small resizes
	for ts > lo && fyne.MeasureText(t.Text, ts, t.Style).Width > box.Width {
		ts -= 0.5 // rounding in the font's advance widths
	}
	return max(ts, lo)
}

type fitRenderer struct{ t *FitText }

func (r *fitRenderer) Layout(size fyne.Size) {
	txt := r.t.text
	txt.TextSize = r.t.sizeFor(size)
	m := txt.MinSize()
	y := (size.Height - m.Height) / 2
	if y < 0 {
		y = 0
	}
	txt.Move(fyne.NewPos(0, y))
	txt.Resize(fyne.NewSize(size.Width, m.Height))
}

func (r *fitRenderer) MinSize() fyne.Size {
	return fyne.MeasureText(r.t.Text, r.t.Min*r.t.scale(), r.t.Style)
}

func (r *fitRenderer) Refresh() {
	txt := r.t.text
	txt.Text, txt.TextStyle, txt.Alignment, txt.Color = r.t.Text, r.t.Style, r.t.Align, r.t.color()
	r.Layout(r.t.Size())
	txt.Refresh()
}

func (r *fitRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.t.text} }
func (r *fitRenderer) Destroy()                     {}

// badge is short text on a coloured, rounded patch: the priority class
// next to a number.
func badge(text string, bg color.Color, fg color.Color, size float32) fyne.CanvasObject {
	r := canvas.NewRectangle(bg)
	r.CornerRadius = 4
	t := canvas.NewText(text, fg)
	t.TextStyle.Bold = true
	t.TextSize = size
	return container.NewStack(r, container.New(&insetLayout{x: 6, y: 1}, t))
}

// insetLayout pads its objects by x and y.
type insetLayout struct{ x, y float32 }

func (l *insetLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(l.x, l.y))
		o.Resize(fyne.NewSize(size.Width-2*l.x, size.Height-2*l.y))
	}
}

func (l *insetLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s.Add(fyne.NewSize(2*l.x, 2*l.y))
}
