package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// idlePrompt is the "Masih di sini?" card shown over a screen nobody has
// touched for IdleTimeout: a citizen who looked away (or was called to a
// counter) keeps their answers with one tap; if nobody answers within
// PromptTimeout the kiosk goes home for the next citizen.
type idlePrompt struct {
	widget.BaseWidget
	k     *Kiosk
	Yes   *Tile
	Leave *Tile
	Title *textBlock
	Body  *textBlock
	dim   *canvas.Rectangle
	card  *canvas.Rectangle
}

func (k *Kiosk) showPrompt() {
	if k.prompt != nil {
		return
	}
	l := k.lang
	p := &idlePrompt{k: k, dim: rect(colorDim), card: rect(colorGhost)}
	p.card.CornerRadius = k.px(20)
	p.Title = txt(l.Pick("Masih di sini?", "Are you still there?"), sizeTitle, colorHeader, true)
	p.Body = txt(l.Pick("Sentuh \"Ya, lanjutkan\" agar isian Anda tidak hilang. Jika tidak, layar kembali ke awal sebentar lagi.",
		"Touch \"Yes, continue\" to keep what you entered. Otherwise the screen returns to the start shortly."), sizeBody, colorText, false)
	p.Yes = newTile(styleAccent, l.Pick("Ya, lanjutkan", "Yes, continue"), k.tap(k.hidePrompt))
	p.Leave = newTile(styleGhost, l.Pick("Tidak, selesai", "No, I am done"), k.tap(k.goHome))
	p.ExtendBaseWidget(p)
	k.prompt = p
	ov := k.w.Canvas().Overlays()
	ov.Add(p)
	p.Resize(k.w.Canvas().Size())
	p.Move(fyne.NewPos(0, 0))

	k.gen++
	gen := k.gen
	time.AfterFunc(k.cfg.PromptTimeout, func() {
		k.run(func() {
			if gen == k.gen && k.prompt == p {
				k.goHome()
			}
		})
	})
}

func (k *Kiosk) hidePrompt() {
	if k.prompt == nil {
		return
	}
	k.w.Canvas().Overlays().Remove(k.prompt)
	k.prompt = nil
}

// Prompting reports whether "Masih di sini?" is showing (tests).
func (k *Kiosk) Prompting() bool { return k.prompt != nil }

// Tapped anywhere on the dimmed screen also means "still here".
func (p *idlePrompt) Tapped(*fyne.PointEvent) {
	p.k.hidePrompt()
	p.k.touch()
}

func (p *idlePrompt) CreateRenderer() fyne.WidgetRenderer { return &promptRenderer{p: p} }

type promptRenderer struct{ p *idlePrompt }

func (r *promptRenderer) Layout(s fyne.Size) {
	p, k := r.p, r.p.k
	p.dim.Resize(s)
	w := min(k.px(1100), s.Width-2*k.px(40))
	pad := k.px(36)
	inner := w - 2*pad
	bh := k.px(minTouch + 16)
	cols := 2
	if inner < k.px(760) {
		cols = 1
	}
	th, bd := p.Title.HeightFor(inner), p.Body.HeightFor(inner)
	buttons := bh
	if cols == 1 {
		buttons = 2*bh + k.px(20)
	}
	h := min(pad+th+k.px(16)+bd+k.px(30)+buttons+pad, s.Height-2*k.px(20))
	x, y := (s.Width-w)/2, (s.Height-h)/2
	p.card.Move(fyne.NewPos(x, y))
	p.card.Resize(fyne.NewSize(w, h))
	textH := h - 2*pad - buttons - k.px(30) - k.px(16)
	scale := min(1, textH/max(th+bd, 1))
	p.Title.Move(fyne.NewPos(x+pad, y+pad))
	p.Title.Resize(fyne.NewSize(inner, th*scale))
	p.Body.Move(fyne.NewPos(x+pad, y+pad+th*scale+k.px(16)))
	p.Body.Resize(fyne.NewSize(inner, bd*scale))
	by := y + h - pad - buttons
	if cols == 2 {
		bw := (inner - k.px(24)) / 2
		p.Yes.Move(fyne.NewPos(x+pad, by))
		p.Leave.Move(fyne.NewPos(x+pad+bw+k.px(24), by))
		p.Yes.Resize(fyne.NewSize(bw, bh))
		p.Leave.Resize(fyne.NewSize(bw, bh))
		return
	}
	p.Yes.Move(fyne.NewPos(x+pad, by))
	p.Yes.Resize(fyne.NewSize(inner, bh))
	p.Leave.Move(fyne.NewPos(x+pad, by+bh+k.px(20)))
	p.Leave.Resize(fyne.NewSize(inner, bh))
}

func (r *promptRenderer) MinSize() fyne.Size { return fyne.NewSize(1, 1) }
func (r *promptRenderer) Refresh()           { r.Layout(r.p.Size()) }
func (r *promptRenderer) Objects() []fyne.CanvasObject {
	p := r.p
	return []fyne.CanvasObject{p.dim, p.card, p.Title, p.Body, p.Yes, p.Leave}
}
func (r *promptRenderer) Destroy() {}
