package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"antrean/shared/i18n"
)

const headerHeight = 150

// label is one line of unwrapped text (clocks, numbers).
func label(s string, size fyne.ThemeSizeName, col fyne.ThemeColorName, bold bool) *canvas.Text {
	th := fyne.CurrentApp().Settings().Theme()
	t := canvas.NewText(s, th.Color(col, theme.VariantLight))
	t.TextSize = th.Size(size)
	t.TextStyle = fyne.TextStyle{Bold: bold}
	t.Alignment = fyne.TextAlignCenter
	return t
}

func setLabel(t *canvas.Text, s string) {
	if t.Text != s {
		t.Text = s
		t.Refresh()
	}
}

// fixed gives o a fixed minimum height (0 = keep its own) so a header does
// not depend on how its wrapped text measures before the first layout.
type fixed struct{ h float32 }

func (f fixed) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (f fixed) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	return fyne.NewSize(w, f.h)
}

func withHeight(h float32, o fyne.CanvasObject) *fyne.Container { return container.New(fixed{h}, o) }

// margins pads content away from the screen edges.
func margins(o fyne.CanvasObject, v, h float32) fyne.CanvasObject {
	return container.New(layout.NewCustomPaddedLayout(v, v, h, h), o)
}

// header builds the bar of every inner screen (back, title with an
// optional smaller second line, clock) and registers its clock. Both lines
// are cut with an ellipsis rather than wrapped: the bar has one height.
func (k *Kiosk) header(title, sub string, back func()) (fyne.CanvasObject, *Tile) {
	backT := newTile(styleGhost, "‹ "+k.lang.Pick("Kembali", "Back"), k.tap(back))
	backT.SetMinSize(fyne.NewSize(250, minTouch))
	clock := label(i18n.FormatClock(k.lang, k.now()), sizeBody, colorOnHeader, true)
	k.clock = func(now time.Time) { setLabel(clock, i18n.FormatClock(k.lang, now)) }
	size := sizeTitle
	if sub != "" || len([]rune(title)) > 40 {
		size = sizeTile
	}
	lines := []fyne.CanvasObject{oneLine(text(title, size, colorOnHeader, true))}
	if sub != "" && sub != title {
		lines = append(lines, oneLine(text(sub, sizeSmall, colorOnHeader, false)))
	}
	bar := container.NewBorder(nil, nil, container.NewCenter(backT),
		container.NewCenter(margins(clock, 0, 16)), vcol(0, lines...))
	return withHeight(headerHeight, container.NewStack(rect(colorHeader), margins(bar, 8, 20))), backT
}

func oneLine(rt *widget.RichText) *widget.RichText {
	rt.Wrapping = fyne.TextWrapOff
	rt.Truncation = fyne.TextTruncateEllipsis
	return rt
}

// page assembles header, banner, body and footer.
func (k *Kiosk) page(header, banner, body, footer fyne.CanvasObject) fyne.CanvasObject {
	top := header
	if banner != nil {
		top = container.NewVBox(header, banner)
	}
	var bottom fyne.CanvasObject
	if footer != nil {
		bottom = margins(footer, 12, 32)
	}
	return container.NewStack(rect(theme.ColorNameBackground),
		container.NewBorder(top, bottom, nil, nil, margins(body, 24, 32)))
}

// warnBanner is a red-on-pink line for errors ("Kuota hari ini habis").
func warnBanner(msg string) fyne.CanvasObject {
	if msg == "" {
		return nil
	}
	// Fixed height: wrapped text cannot tell its height before it knows its
	// width, and a Border asks for the height first. Two lines fit.
	return withHeight(110, container.NewStack(rect(colorWarnBg), margins(vcol(0, text(msg, sizeBody, colorWarn, true)), 8, 32)))
}
