package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// minTouch is the smallest height of anything a finger must hit (≥ 64 px
// at 1080p, with margin for unsteady hands).
const minTouch = 96

// cursorHidden is set once at start-up in kiosk mode; every tappable and the
// root report the hidden cursor so the mouse pointer never shows.
var cursorHidden bool

// tileStyle is the colour set of a Tile.
type tileStyle int

const (
	stylePrimary tileStyle = iota // agencies, services, choices
	styleAccent                   // the one big call to action
	styleGhost                    // back, previous, next, language
)

// Tile is the kiosk's only button: a coloured block with up to three lines
// of wrapped text (title, sub, note), tap only. Disabled tiles turn grey and
// ignore taps, so a closed service is visibly not offered.
type Tile struct {
	widget.BaseWidget
	Title, Sub, Note string
	OnTapped         func()

	style    tileStyle
	disabled bool
	min      fyne.Size
	// titleSize lets the call to action use larger text than a grid tile.
	titleSize fyne.ThemeSizeName
}

func newTile(style tileStyle, title string, tapped func()) *Tile {
	t := &Tile{Title: title, OnTapped: tapped, style: style, titleSize: sizeTile}
	t.ExtendBaseWidget(t)
	return t
}

// Tapped runs the handler unless the tile is disabled.
func (t *Tile) Tapped(*fyne.PointEvent) {
	if t.disabled || t.OnTapped == nil {
		return
	}
	t.OnTapped()
}

// Disable greys the tile and makes it ignore taps.
func (t *Tile) Disable() {
	if !t.disabled {
		t.disabled = true
		t.Refresh()
	}
}

// Enable undoes Disable.
func (t *Tile) Enable() {
	if t.disabled {
		t.disabled = false
		t.Refresh()
	}
}

// Disabled reports whether taps are ignored.
func (t *Tile) Disabled() bool { return t.disabled }

// Cursor hides the pointer in kiosk mode.
func (t *Tile) Cursor() desktop.Cursor {
	if cursorHidden {
		return desktop.HiddenCursor
	}
	return desktop.PointerCursor
}

// SetMinSize fixes the smallest size (e.g. the width of a back button).
func (t *Tile) SetMinSize(s fyne.Size) { t.min = s; t.Refresh() }

// Text is every line of the tile, for tests and accessibility logs.
func (t *Tile) Text() string { return joinNonEmpty(" | ", t.Title, t.Sub, t.Note) }

func (t *Tile) colors() (bg, fg fyne.ThemeColorName) {
	switch {
	case t.disabled:
		return colorTileOff, colorOnTileOff
	case t.style == styleAccent:
		return colorAccent, colorOnAccent
	case t.style == styleGhost:
		return colorGhost, colorOnGhost
	}
	return colorTile, colorOnTile
}

func (t *Tile) CreateRenderer() fyne.WidgetRenderer {
	r := &tileRenderer{t: t, bg: canvas.NewRectangle(nil), text: widget.NewRichText()}
	r.bg.CornerRadius = 14
	r.bg.StrokeWidth = 3
	r.text.Wrapping = fyne.TextWrapWord
	r.Refresh()
	return r
}

type tileRenderer struct {
	t    *Tile
	bg   *canvas.Rectangle
	text *widget.RichText
}

func (r *tileRenderer) Layout(s fyne.Size) {
	r.bg.Resize(s)
	pad := float32(12)
	r.setSegments(true)
	r.text.Resize(fyne.NewSize(s.Width-2*pad, 1))
	h := r.text.MinSize().Height
	if h > s.Height && r.t.Sub != "" {
		// Too tall for the cell (long agency name, narrow portrait grid):
		// drop the secondary line rather than clip the waiting count.
		r.setSegments(false)
		r.text.Resize(fyne.NewSize(s.Width-2*pad, 2))
		h = r.text.MinSize().Height
	}
	if h > s.Height {
		h = s.Height
	}
	r.text.Resize(fyne.NewSize(s.Width-2*pad, h))
	r.text.Move(fyne.NewPos(pad, (s.Height-h)/2))
}

func (r *tileRenderer) MinSize() fyne.Size {
	m := fyne.NewSize(160, minTouch)
	return m.Max(r.t.min)
}

func (r *tileRenderer) Refresh() {
	th := r.t.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	bg, _ := r.t.colors()
	r.bg.FillColor = th.Color(bg, v)
	r.bg.StrokeColor = th.Color(colorOnGhost, v)
	if r.t.style != styleGhost || r.t.disabled {
		r.bg.StrokeWidth = 0
	} else {
		r.bg.StrokeWidth = 3
	}
	r.bg.Refresh()
	r.Layout(r.t.Size())
}

// setSegments fills the text with title, sub (when withSub) and note.
func (r *tileRenderer) setSegments(withSub bool) {
	_, fg := r.t.colors()
	var segs []widget.RichTextSegment
	add := func(s string, size fyne.ThemeSizeName, bold bool) {
		if s == "" {
			return
		}
		segs = append(segs, &widget.TextSegment{Text: s, Style: widget.RichTextStyle{
			Alignment: fyne.TextAlignCenter, ColorName: fg, SizeName: size,
			TextStyle: fyne.TextStyle{Bold: bold}}})
	}
	add(r.t.Title, r.t.titleSize, true)
	if withSub {
		add(r.t.Sub, sizeSmall, false)
	}
	add(r.t.Note, sizeSmall, true)
	r.text.Segments = segs
	r.text.Refresh()
}

func (r *tileRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.text} }
func (r *tileRenderer) Destroy()                     {}

// text builds a wrapped, centred paragraph in a kiosk size and colour.
func text(s string, size fyne.ThemeSizeName, col fyne.ThemeColorName, bold bool) *widget.RichText {
	rt := widget.NewRichText(&widget.TextSegment{Text: s, Style: widget.RichTextStyle{
		Alignment: fyne.TextAlignCenter, ColorName: col, SizeName: size,
		TextStyle: fyne.TextStyle{Bold: bold}}})
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// setText replaces the words of a paragraph made by text.
func setText(rt *widget.RichText, s string) {
	if len(rt.Segments) == 1 {
		if seg, ok := rt.Segments[0].(*widget.TextSegment); ok {
			if seg.Text != s {
				seg.Text = s
				rt.Refresh()
			}
			return
		}
	}
	rt.ParseMarkdown(s)
}

// plain returns the words of a paragraph (tests read screens with it).
func plain(rt *widget.RichText) string { return rt.String() }

func rect(col fyne.ThemeColorName) *canvas.Rectangle {
	th := fyne.CurrentApp().Settings().Theme()
	return canvas.NewRectangle(th.Color(col, theme.VariantLight))
}

func joinNonEmpty(sep string, parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += sep
		}
		out += p
	}
	return out
}

// root wraps every screen so the pointer is hidden over empty space too.
type root struct {
	widget.BaseWidget
	content fyne.CanvasObject
}

func newRoot(c fyne.CanvasObject) *root {
	r := &root{content: c}
	r.ExtendBaseWidget(r)
	return r
}

func (r *root) Cursor() desktop.Cursor {
	if cursorHidden {
		return desktop.HiddenCursor
	}
	return desktop.DefaultCursor
}

func (r *root) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.content) }
