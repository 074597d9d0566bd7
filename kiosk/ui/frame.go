package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"antrean/shared/i18n"
)

// headerHeight is the bar on top of every screen at 1920×1080.
const headerHeight = 150

// px scales a length designed for 1920×1080 to this screen.
func (k *Kiosk) px(v float32) float32 { return v * k.scale }

// portrait reports a screen taller than wide (a TV turned on its side).
func (k *Kiosk) portrait() bool {
	s := k.w.Canvas().Size()
	return s.Height > s.Width
}

// label is one line of unwrapped text (clocks, numbers): short texts whose
// box is sized to them.
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

// headerLayout: [leading] [title] [trailing] across a bar; the ends take
// their MinSize width (at most a third each), the title the rest.
type headerLayout struct{ h, pad float32 }

func (l headerLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	// objs: background, leading, title, trailing
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
	lead, title, trail := objs[1], objs[2], objs[3]
	inner := size.Height - 2*l.pad
	lw, tw := float32(0), float32(0)
	if lead.Visible() {
		lw = min(lead.MinSize().Width, size.Width/3)
		lead.Move(fyne.NewPos(l.pad, l.pad))
		lead.Resize(fyne.NewSize(lw, inner))
		lw += l.pad
	}
	if trail.Visible() {
		tw = min(trail.MinSize().Width, size.Width/3)
		trail.Move(fyne.NewPos(size.Width-l.pad-tw, l.pad))
		trail.Resize(fyne.NewSize(tw, inner))
		tw += l.pad
	}
	x := lw + l.pad
	title.Move(fyne.NewPos(x, l.pad*0.5))
	title.Resize(fyne.NewSize(max(size.Width-x-tw-l.pad, 1), size.Height-l.pad))
}

func (l headerLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(rootMin.Width, l.h) }

// clockBox is the header clock: its own width, centred.
func (k *Kiosk) clockBox(clock *canvas.Text) fyne.CanvasObject {
	m := clock.MinSize()
	return container.New(fixedBox{w: m.Width + k.px(16)}, clock)
}

// header builds the bar of every inner screen (back, title with an
// optional smaller second line, clock) and registers its clock. The title
// wraps and shrinks to fit the bar; it is never cut.
func (k *Kiosk) header(title, sub string, back func()) (fyne.CanvasObject, *Tile) {
	backT := newTile(styleGhost, "‹ "+k.lang.Pick("Kembali", "Back"), k.tap(back))
	backT.titleSize = sizeBody
	bw := max(k.px(250), backT.minTextWidth(k)+k.px(40))
	backT.SetMinSize(fyne.NewSize(bw, k.px(minTouch)))
	clock := label(i18n.FormatClock(k.lang, k.now()), sizeBody, colorOnHeader, true)
	k.clock = func(now time.Time) { setLabel(clock, i18n.FormatClock(k.lang, now)) }
	size := sizeTitle
	if sub != "" || len([]rune(title)) > 40 {
		size = sizeTile
	}
	ps := []para{{text: title, size: size, color: colorOnHeader, bold: true}}
	if sub != "" && sub != title {
		ps = append(ps, para{text: sub, size: sizeSmall, color: colorOnHeader})
	}
	t := newText(fyne.TextAlignCenter, ps...)
	t.gap = 0.1
	bar := container.New(headerLayout{h: k.px(headerHeight), pad: k.px(20)}, rect(colorHeader),
		sized(0, k.px(minTouch), backT), t, k.clockBox(clock))
	return bar, backT
}

// minTextWidth is the width of the tile's title on one line.
func (t *Tile) minTextWidth(k *Kiosk) float32 {
	th := fyne.CurrentApp().Settings().Theme()
	return fyne.MeasureText(t.Title, th.Size(t.titleSize), fyne.TextStyle{Bold: true}).Width
}

// page assembles header, banner, body and footer.
func (k *Kiosk) page(header, banner, body, footer fyne.CanvasObject) fyne.CanvasObject {
	bl := &bandLayout{margin: k.px(28), footerPad: k.px(20), banner: banner, footer: footer}
	objs := []fyne.CanvasObject{rect(theme.ColorNameBackground), header}
	if banner != nil {
		objs = append(objs, banner)
	}
	objs = append(objs, body)
	if footer != nil {
		objs = append(objs, footer)
	}
	return container.New(bl, objs...)
}

// banner is a coloured band of wrapped text under the header (an error,
// or that tickets are not available now).
type banner struct {
	widget.BaseWidget
	Text *textBlock
	bg   *canvas.Rectangle
	pad  float32
}

// HeightFor is the banner's height at width w: its text plus padding.
func (b *banner) HeightFor(w float32) float32 { return b.Text.HeightFor(w-4*b.pad) + 2*b.pad }

func (b *banner) CreateRenderer() fyne.WidgetRenderer {
	return &bannerRenderer{b: b}
}

type bannerRenderer struct{ b *banner }

func (r *bannerRenderer) Layout(s fyne.Size) {
	r.b.bg.Resize(s)
	r.b.Text.Move(fyne.NewPos(2*r.b.pad, r.b.pad))
	r.b.Text.Resize(fyne.NewSize(max(s.Width-4*r.b.pad, 1), max(s.Height-2*r.b.pad, 1)))
}
func (r *bannerRenderer) MinSize() fyne.Size {
	return r.b.Text.MinSize().Add(fyne.NewSize(4*r.b.pad, 2*r.b.pad))
}
func (r *bannerRenderer) Refresh()                     { r.b.bg.Refresh(); r.Layout(r.b.Size()); r.b.Text.Refresh() }
func (r *bannerRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.b.bg, r.b.Text} }
func (r *bannerRenderer) Destroy()                     {}

func (k *Kiosk) banner(bg fyne.ThemeColorName, ps ...para) *banner {
	b := &banner{Text: newText(fyne.TextAlignCenter, ps...), bg: rect(bg), pad: k.px(14)}
	b.ExtendBaseWidget(b)
	return b
}

// warnBanner is a red-on-pink band for errors ("Kuota hari ini habis");
// nil for no message.
func (k *Kiosk) warnBanner(msg string) fyne.CanvasObject {
	if msg == "" {
		return nil
	}
	return k.banner(colorWarnBg, para{text: msg, size: sizeBody, color: colorWarn, bold: true})
}
