package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	sharedui "antrean/shared/ui"
)

// minTouch is the smallest height of anything a finger must hit at
// 1920×1080 (≥ 64 px, with margin for unsteady hands); screens scale it.
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

// Tile is the kiosk's only button: a coloured block with a pictogram,
// logo or initials, and up to three paragraphs of text (title, sub, note)
// that wrap and shrink to fit, tap only. Disabled tiles turn grey and
// ignore taps, so a closed service is visibly not offered.
type Tile struct {
	widget.BaseWidget
	Title, Sub, Note string
	OnTapped         func()

	// Fill replaces the style's background (an agency's colour); the text
	// turns dark on a light fill. Band is a stripe down the leading edge.
	Fill, Band color.Color
	// Pictogram names a built-in pictogram drawn in the text colour; Logo
	// is a picture drawn as it is, on a white disc; Initials stand in when
	// there is neither.
	Pictogram string
	Logo      fyne.Resource
	Initials  string

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

// colors are the tile's background and text colours now.
func (t *Tile) colors() (bg, fg color.Color) {
	th := t.Theme()
	v := theme.VariantLight
	switch {
	case t.disabled:
		return th.Color(colorTileOff, v), th.Color(colorOnTileOff, v)
	case t.Fill != nil:
		return t.Fill, sharedui.OnColor(t.Fill)
	case t.style == styleAccent:
		return th.Color(colorAccent, v), th.Color(colorOnAccent, v)
	case t.style == styleGhost:
		return th.Color(colorGhost, v), th.Color(colorOnGhost, v)
	}
	return th.Color(colorTile, v), th.Color(colorOnTile, v)
}

func (t *Tile) CreateRenderer() fyne.WidgetRenderer {
	r := &tileRenderer{t: t, bg: canvas.NewRectangle(nil), band: canvas.NewRectangle(nil),
		disc: canvas.NewCircle(nil), initials: canvas.NewText("", nil), text: newText(fyne.TextAlignCenter)}
	r.icon = canvas.NewImageFromResource(nil)
	r.icon.FillMode = canvas.ImageFillContain
	r.Refresh()
	return r
}

type tileRenderer struct {
	t        *Tile
	bg, band *canvas.Rectangle
	disc     *canvas.Circle
	icon     *canvas.Image
	initials *canvas.Text
	text     *textBlock
	iconKey  string
}

func (r *tileRenderer) hasBadge() bool {
	return r.t.Logo != nil || r.t.Pictogram != "" || r.t.Initials != ""
}

func (r *tileRenderer) Layout(s fyne.Size) {
	r.bg.Resize(s)
	if s.Width <= 0 || s.Height <= 0 {
		return // not placed yet
	}
	r.bg.CornerRadius = min(s.Height, s.Width) * 0.08
	pad := max(6, min(s.Height, s.Width)*0.07)
	x0 := float32(0)
	if r.t.Band != nil && !r.t.disabled {
		bw := max(6, s.Height*0.06)
		r.band.Move(fyne.NewPos(0, 0))
		r.band.Resize(fyne.NewSize(bw, s.Height))
		r.band.CornerRadius = r.bg.CornerRadius
		r.band.Show()
		x0 = bw
	} else {
		r.band.Hide()
	}
	textPos, textSize := fyne.NewPos(x0+pad, pad), fyne.NewSize(s.Width-x0-2*pad, s.Height-2*pad)
	if r.hasBadge() {
		var side float32
		var at fyne.Position
		if s.Width >= 1.9*s.Height {
			// Wide tile: the badge on the left, the words beside it.
			side = min(s.Height*0.62, s.Width*0.25)
			at = fyne.NewPos(x0+pad, (s.Height-side)/2)
			textPos = fyne.NewPos(at.X+side+pad, pad)
			textSize = fyne.NewSize(s.Width-textPos.X-pad, s.Height-2*pad)
		} else {
			// Tall or square tile: the badge on top.
			side = min(s.Height*0.36, s.Width*0.5)
			at = fyne.NewPos(x0+(s.Width-x0-side)/2, pad)
			textPos = fyne.NewPos(x0+pad, at.Y+side+pad*0.5)
			textSize = fyne.NewSize(s.Width-x0-2*pad, s.Height-textPos.Y-pad)
		}
		r.layoutBadge(at, side)
	}
	r.text.Move(textPos)
	r.text.Resize(fyne.NewSize(max(textSize.Width, 1), max(textSize.Height, 1)))
}

func (r *tileRenderer) layoutBadge(at fyne.Position, side float32) {
	r.disc.Move(at)
	r.disc.Resize(fyne.NewSize(side, side))
	r.icon.Hide()
	r.initials.Hide()
	switch {
	case r.t.Logo != nil:
		in := side * 0.14
		r.icon.Move(at.Add(fyne.NewPos(in, in)))
		r.icon.Resize(fyne.NewSize(side-2*in, side-2*in))
		r.icon.Show()
	case r.icon.Resource != nil:
		in := side * 0.18
		r.icon.Move(at.Add(fyne.NewPos(in, in)))
		r.icon.Resize(fyne.NewSize(side-2*in, side-2*in))
		r.icon.Show()
	case r.t.Initials != "":
		r.initials.TextSize = side * 0.4
		m := r.initials.MinSize()
		r.initials.Move(at.Add(fyne.NewPos((side-m.Width)/2, (side-m.Height)/2)))
		r.initials.Resize(m)
		r.initials.Show()
	}
}

func (r *tileRenderer) MinSize() fyne.Size {
	m := fyne.NewSize(160, minTouch).Max(r.t.min)
	return m
}

func (r *tileRenderer) Refresh() {
	t := r.t
	bg, fg := t.colors()
	th := t.Theme()
	r.bg.FillColor = bg
	r.bg.StrokeColor = th.Color(colorOnGhost, theme.VariantLight)
	r.bg.StrokeWidth = 0
	if t.style == styleGhost && !t.disabled && t.Fill == nil {
		r.bg.StrokeWidth = 3
	}
	r.band.FillColor = t.Band
	// The badge: a disc a shade off the tile (white under a logo).
	switch {
	case t.Logo != nil:
		r.disc.FillColor = color.White
		r.icon.Resource = t.Logo
	case t.Pictogram != "":
		r.disc.FillColor = withAlpha(fg, 0x26)
		key := t.Pictogram + colorKey(fg)
		if key != r.iconKey {
			r.icon.Resource = sharedui.Pictogram(t.Pictogram, fg)
			r.iconKey = key
		}
	default:
		r.disc.FillColor = withAlpha(fg, 0x26)
		r.icon.Resource = nil
	}
	// On a tile that carries an agency's band, the badge is the agency's
	// colour: coloured initials or pictogram, the same on every tile of it.
	badgeFg := fg
	if t.Band != nil && !t.disabled && t.Logo == nil {
		r.disc.FillColor = t.Band
		badgeFg = sharedui.OnColor(t.Band)
		if t.Pictogram != "" {
			if key := t.Pictogram + colorKey(badgeFg); key != r.iconKey {
				r.icon.Resource = sharedui.Pictogram(t.Pictogram, badgeFg)
				r.iconKey = key
			}
		}
	}
	r.initials.Text, r.initials.Color = t.Initials, badgeFg
	r.initials.TextStyle = fyne.TextStyle{Bold: true}
	if t.Logo == nil && r.icon.Resource == nil && t.Initials == "" {
		r.disc.Hide()
	} else {
		r.disc.Show()
	}
	var ps []para
	if t.Title != "" {
		ps = append(ps, para{text: t.Title, size: t.titleSize, col: fg, bold: true})
	}
	if t.Sub != "" {
		ps = append(ps, para{text: t.Sub, size: sizeSmall, col: fg})
	}
	if t.Note != "" {
		ps = append(ps, para{text: t.Note, size: sizeSmall, col: fg, bold: true})
	}
	r.text.paras = ps
	r.bg.Refresh()
	r.band.Refresh()
	r.disc.Refresh()
	r.icon.Refresh()
	r.Layout(t.Size())
	r.text.Refresh()
}

func (r *tileRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.band, r.disc, r.icon, r.initials, r.text}
}
func (r *tileRenderer) Destroy() {}

func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

func colorKey(c color.Color) string {
	r, g, b, _ := c.RGBA()
	return string([]byte{byte(r >> 8), byte(g >> 8), byte(b >> 8)})
}

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

// root wraps every screen: the pointer is hidden over empty space too, it
// asks for little room (so the window never grows past the screen: the
// screens fit themselves into what they get), and it tells the kiosk when
// the window changed size so text can be scaled to it.
type root struct {
	widget.BaseWidget
	content  fyne.CanvasObject
	onResize func(fyne.Size)
}

func newRoot(c fyne.CanvasObject, onResize func(fyne.Size)) *root {
	r := &root{content: c, onResize: onResize}
	r.ExtendBaseWidget(r)
	return r
}

func (r *root) Cursor() desktop.Cursor {
	if cursorHidden {
		return desktop.HiddenCursor
	}
	return desktop.DefaultCursor
}

func (r *root) CreateRenderer() fyne.WidgetRenderer { return &rootRenderer{r: r} }

type rootRenderer struct {
	r    *root
	last fyne.Size
}

// rootMin is the smallest window the kiosk lays out for (a 4:3 SVGA);
// anything smaller is not a kiosk screen.
var rootMin = fyne.NewSize(640, 480)

func (rr *rootRenderer) Layout(s fyne.Size) {
	rr.r.content.Resize(s)
	rr.r.content.Move(fyne.NewPos(0, 0))
	if s != rr.last {
		rr.last = s
		if rr.r.onResize != nil {
			rr.r.onResize(s)
		}
	}
}
func (rr *rootRenderer) MinSize() fyne.Size           { return rootMin }
func (rr *rootRenderer) Refresh()                     { rr.Layout(rr.r.Size()); rr.r.content.Refresh() }
func (rr *rootRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{rr.r.content} }
func (rr *rootRenderer) Destroy()                     {}
