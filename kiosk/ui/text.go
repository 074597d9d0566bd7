package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// para is one paragraph of a textBlock: words in one size, weight and
// colour (a theme colour name, or a fixed colour when col is set).
type para struct {
	text  string
	size  fyne.ThemeSizeName
	color fyne.ThemeColorName
	col   color.Color
	bold  bool
}

// minShrink is how far a textBlock may shrink its text to fit its box:
// below this a name would be too small to read, so a layout must give it
// more room instead (the layout matrix reports it as cut).
const minShrink = 0.55

// textBlock shows paragraphs wrapped to the width it gets and shrunk, if
// need be, until they fit its height: long agency and service names wrap
// instead of vanishing behind "…". Each line is its own canvas.Text sized
// to its words, so nothing is ever clipped.
type textBlock struct {
	widget.BaseWidget
	paras []para
	align fyne.TextAlign
	top   bool    // align to the top instead of centring vertically
	gap   float32 // extra space between paragraphs, as a share of the text size
	// Factor is the shrink chosen at the last layout (1 = as designed);
	// Overflow is set when even the smallest size did not fit the box.
	Factor   float32
	Overflow bool
	cache    *fitResult
}

func newText(align fyne.TextAlign, ps ...para) *textBlock {
	b := &textBlock{paras: ps, align: align, gap: 0.2, Factor: 1}
	b.ExtendBaseWidget(b)
	return b
}

// txt is a one-paragraph, centred textBlock.
func txt(s string, size fyne.ThemeSizeName, col fyne.ThemeColorName, bold bool) *textBlock {
	return newText(fyne.TextAlignCenter, para{text: s, size: size, color: col, bold: bold})
}

// SetText replaces the words of the first paragraph.
func (b *textBlock) SetText(s string) {
	if len(b.paras) == 0 {
		b.paras = []para{{text: s, size: sizeBody, color: colorText}}
	} else if b.paras[0].text == s {
		return
	} else {
		b.paras[0].text = s
	}
	b.Refresh()
}

// SetParas replaces every paragraph.
func (b *textBlock) SetParas(ps ...para) { b.paras = ps; b.Refresh() }

// Text is all the words, paragraphs joined by " | " (tests read it).
func (b *textBlock) Text() string {
	var parts []string
	for _, p := range b.paras {
		if p.text != "" {
			parts = append(parts, p.text)
		}
	}
	return strings.Join(parts, " | ")
}

// line is one laid-out line.
type line struct {
	text  string
	size  float32
	style fyne.TextStyle
	col   color.Color
	w, h  float32
	gap   float32 // space before it (a new paragraph)
}

// wrap lays the paragraphs out at width w with text sizes times f.
func (b *textBlock) wrap(w, f float32) ([]line, float32) {
	th := b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	var out []line
	var total float32
	for i, p := range b.paras {
		if strings.TrimSpace(p.text) == "" {
			continue
		}
		size := th.Size(p.size) * f
		style := fyne.TextStyle{Bold: p.bold}
		col := p.col
		if col == nil {
			col = th.Color(p.color, v)
		}
		first := true
		for _, s := range wrapWords(p.text, w, size, style) {
			m := fyne.MeasureText(s, size, style)
			l := line{text: s, size: size, style: style, col: col, w: m.Width, h: m.Height}
			if first && i > 0 && len(out) > 0 {
				l.gap = size * b.gap
			}
			first = false
			total += l.gap + l.h
			out = append(out, l)
		}
	}
	return out, total
}

// wrapWords breaks s into lines no wider than w, splitting a word that is
// wider than a line by itself (a long code or address).
func wrapWords(s string, w, size float32, style fyne.TextStyle) []string {
	fits := func(t string) bool { return fyne.MeasureText(t, size, style).Width <= w }
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		if cur != "" && fits(cur+" "+word) {
			cur += " " + word
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
			cur = ""
		}
		for len([]rune(word)) > 1 && !fits(word) {
			// The longest prefix that fits (at least one letter), found by
			// halving: measuring is the costly part.
			r := []rune(word)
			lo, hi := 1, len(r)-1
			for lo < hi {
				mid := (lo + hi + 1) / 2
				if fits(string(r[:mid])) {
					lo = mid
				} else {
					hi = mid - 1
				}
			}
			lines = append(lines, string(r[:lo]))
			word = string(r[lo:])
		}
		cur = word
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// fit finds the largest shrink (1 … minShrink) at which the text fits
// size, and returns its lines.
func (b *textBlock) fit(size fyne.Size) ([]line, float32, float32) {
	var lines []line
	var h float32
	for f := float32(1); ; f -= 0.05 {
		if f < minShrink {
			f = minShrink
		}
		lines, h = b.wrap(size.Width, f)
		if h <= size.Height+0.5 || f <= minShrink {
			return lines, h, f
		}
	}
}

// fitCached is fit, remembered for the last size and text: layouts ask
// again and again while nothing changed.
func (b *textBlock) fitCached(size fyne.Size) ([]line, float32, float32) {
	key := fitKey{size: size, scale: b.Theme().Size(sizeBody)}
	for _, p := range b.paras {
		key.text += p.text + "\x00" + string(p.size) + "\x00"
		if p.bold {
			key.text += "b"
		}
		if p.col != nil {
			r, g, bl, a := p.col.RGBA()
			key.text += string([]rune{rune(r), rune(g), rune(bl), rune(a)})
		} else {
			key.text += string(p.color)
		}
	}
	if b.cache != nil && b.cache.key == key {
		return b.cache.lines, b.cache.h, b.cache.f
	}
	lines, h, f := b.fit(size)
	b.cache = &fitResult{key: key, lines: lines, h: h, f: f}
	return lines, h, f
}

type fitKey struct {
	size  fyne.Size
	scale float32
	text  string
}

type fitResult struct {
	key   fitKey
	lines []line
	h, f  float32
}

// HeightFor is the height the text needs at width w without shrinking.
func (b *textBlock) HeightFor(w float32) float32 {
	if w < 8 {
		return 0
	}
	_, h := b.wrap(w, 1)
	return h
}

// WidthFor is the width of the widest paragraph on one line, unshrunk.
func (b *textBlock) WidthFor() float32 {
	lines, _ := b.wrap(1e6, 1)
	var w float32
	for _, l := range lines {
		w = max(w, l.w)
	}
	return w
}

func (b *textBlock) CreateRenderer() fyne.WidgetRenderer {
	return &textRenderer{b: b}
}

type textRenderer struct {
	b     *textBlock
	texts []*canvas.Text
	objs  []fyne.CanvasObject
}

func (r *textRenderer) Layout(size fyne.Size) {
	// Not laid out yet (or squeezed to nothing): draw nothing rather than
	// wrap every letter onto its own line.
	if size.Width < 8 || size.Height < 8 {
		r.objs = r.objs[:0]
		return
	}
	lines, h, f := r.b.fitCached(size)
	r.b.Factor, r.b.Overflow = f, h > size.Height+0.5
	for len(r.texts) < len(lines) {
		r.texts = append(r.texts, canvas.NewText("", nil))
	}
	r.objs = r.objs[:0]
	y := float32(0)
	if !r.b.top && h < size.Height {
		y = (size.Height - h) / 2
	}
	for i, l := range lines {
		t := r.texts[i]
		t.Text, t.TextSize, t.TextStyle, t.Color = l.text, l.size, l.style, l.col
		t.Alignment = fyne.TextAlignLeading
		y += l.gap
		x := float32(0)
		switch r.b.align {
		case fyne.TextAlignCenter:
			x = (size.Width - l.w) / 2
		case fyne.TextAlignTrailing:
			x = size.Width - l.w
		}
		t.Move(fyne.NewPos(x, y))
		t.Resize(fyne.NewSize(l.w, l.h))
		t.Refresh()
		r.objs = append(r.objs, t)
		y += l.h
	}
}

// MinSize is small on purpose: the screen layouts give a textBlock its
// room and the text fits itself into it.
func (r *textRenderer) MinSize() fyne.Size {
	th := r.b.Theme()
	var h float32
	for _, p := range r.b.paras {
		if p.text != "" {
			h = max(h, fyne.MeasureText("M", th.Size(p.size)*minShrink, fyne.TextStyle{Bold: p.bold}).Height)
		}
	}
	return fyne.NewSize(h, h)
}

func (r *textRenderer) Refresh()                     { r.Layout(r.b.Size()) }
func (r *textRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *textRenderer) Destroy()                     {}
