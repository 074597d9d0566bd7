package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// Every size here is designed for 1920×1080 and multiplied by the screen's
// scale (Kiosk.px) where a screen is built.

// pager lays tiles out in a grid sized to the space it gets and shows one
// page of them: touch screens here emulate a mouse, so there is no
// drag-scrolling, only big previous/next buttons. The grid shape follows
// the area (4 agencies across on a wide screen, 2 in portrait …); a tile
// is never smaller than cell, so a smaller screen gets more pages, never
// unreachable tiles.
type pager struct {
	items   []fyne.CanvasObject
	cell    fyne.Size // smallest comfortable tile
	maxCols int
	gap     float32
	page    int
	perPage int
	pages   int

	box        *fyne.Container
	Prev, Next *Tile
	Label      *textBlock
	pageFmt    func() string // "Halaman %d dari %d" in the current language
	onPage     func(page int)
	footer     *fyne.Container
}

func newPager(items []fyne.CanvasObject, cell fyne.Size, maxCols int, gap float32, page int, pageFmt func() string,
	onPage func(int), prevText, nextText string, footerH float32) *pager {
	p := &pager{items: items, cell: cell, maxCols: maxCols, gap: gap, page: page, pageFmt: pageFmt, onPage: onPage}
	p.box = container.New(p, items...)
	p.Prev = newTile(styleGhost, prevText, func() { p.setPage(p.page - 1) })
	p.Next = newTile(styleGhost, nextText, func() { p.setPage(p.page + 1) })
	p.Prev.titleSize, p.Next.titleSize = sizeBody, sizeBody
	p.Label = txt("", sizeBody, colorText, true)
	// The footer keeps its height even with one page, so the grid's shape
	// never depends on the number of pages it produces.
	p.footer = container.New(&footerLayout{h: footerH, gap: gap}, p.Prev, p.Label, p.Next)
	p.update()
	return p
}

func (p *pager) setPage(n int) {
	if n < 0 || (p.pages > 0 && n >= p.pages) {
		return
	}
	p.page = n
	if p.onPage != nil {
		p.onPage(n)
	}
	p.Layout(p.items, p.box.Size())
	p.box.Refresh()
}

// Visible is the items on the current page (tests tap these).
func (p *pager) Visible() []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, o := range p.items {
		if o.Visible() {
			out = append(out, o)
		}
	}
	return out
}

// Page and Pages report the position, counted from 0.
func (p *pager) Page() int  { return p.page }
func (p *pager) Pages() int { return p.pages }

func (p *pager) update() {
	for _, o := range p.footer.Objects {
		if p.pages <= 1 {
			o.Hide()
		} else {
			o.Show()
		}
	}
	if p.page <= 0 {
		p.Prev.Disable()
	} else {
		p.Prev.Enable()
	}
	if p.page >= p.pages-1 {
		p.Next.Disable()
	} else {
		p.Next.Enable()
	}
	p.Label.SetText(fmt.Sprintf(p.pageFmt(), p.page+1, max(p.pages, 1)))
}

// Layout implements fyne.Layout: fit as many cells as the area allows, show
// the current page, hide the rest. Tiles grow up to half again their
// comfortable height when there is room, top aligned.
func (p *pager) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if size.Width <= 0 || size.Height <= 0 {
		return
	}
	g := p.gap
	cols := int((size.Width + g) / (p.cell.Width + g))
	cols = max(1, min(cols, p.maxCols))
	rows := max(1, int((size.Height+g)/(p.cell.Height+g)))
	p.perPage = cols * rows
	p.pages = max(1, (len(objs)+p.perPage-1)/p.perPage)
	if p.page >= p.pages {
		p.page = p.pages - 1
	}
	if p.pages == 1 {
		// Few items: fewer, taller rows (up to the cap below).
		rows = max(1, min(rows, (len(objs)+cols-1)/cols))
	}
	cw := (size.Width - g*float32(cols-1)) / float32(cols)
	ch := min((size.Height-g*float32(rows-1))/float32(rows), p.cell.Height*1.5)
	first := p.page * p.perPage
	for i, o := range objs {
		if i < first || i >= first+p.perPage {
			o.Hide()
			continue
		}
		k := i - first
		o.Move(fyne.NewPos(float32(k%cols)*(cw+g), float32(k/cols)*(ch+g)))
		o.Resize(fyne.NewSize(cw, ch))
		o.Show()
	}
	p.update()
}

func (p *pager) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(p.cell.Width, p.cell.Height)
}

// footerLayout puts previous and next at the ends and the page label in
// between; the buttons give up width before the label does.
type footerLayout struct{ h, gap float32 }

func (f *footerLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 3 {
		return
	}
	prev, label, next := objs[0], objs[1], objs[2]
	lw := float32(0)
	if tb, ok := label.(*textBlock); ok {
		lw = tb.WidthFor() + 2*f.gap
	}
	bw := min(size.Height*3.4, (size.Width-lw)/2)
	bw = max(bw, size.Width*0.28)
	prev.Move(fyne.NewPos(0, 0))
	prev.Resize(fyne.NewSize(bw, size.Height))
	next.Move(fyne.NewPos(size.Width-bw, 0))
	next.Resize(fyne.NewSize(bw, size.Height))
	label.Move(fyne.NewPos(bw+f.gap, 0))
	label.Resize(fyne.NewSize(max(size.Width-2*bw-2*f.gap, 1), size.Height))
}

func (f *footerLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(f.h*3, f.h) }

// flow stacks objects at full width, each as tall as it wants (a textBlock
// as tall as its words at that width), centred vertically. When they do
// not fit, the text blocks share what is left and shrink their text; a
// grow object takes any spare height.
type flow struct {
	gap  float32
	top  bool
	grow fyne.CanvasObject
}

type heightFor interface{ HeightFor(w float32) float32 }

// layoutHeight is a layout that can tell how tall its objects want to be
// at a width (flow).
type layoutHeight interface {
	HeightForObjects(objs []fyne.CanvasObject, w float32) float32
}

// wantHeight is how tall o wants to be at width w: wrapped text as tall as
// its lines, a flow as tall as its parts, anything else its MinSize.
func wantHeight(o fyne.CanvasObject, w float32) float32 {
	switch x := o.(type) {
	case heightFor:
		return x.HeightFor(w)
	case *fyne.Container:
		if l, ok := x.Layout.(layoutHeight); ok {
			return l.HeightForObjects(x.Objects, w)
		}
	}
	return o.MinSize().Height
}

// shrinks reports whether o can take less than it wants (text that
// shrinks to fit, or a flow of such text).
func shrinks(o fyne.CanvasObject) bool {
	switch x := o.(type) {
	case heightFor:
		return true
	case *fyne.Container:
		_, ok := x.Layout.(layoutHeight)
		return ok
	}
	return false
}

// HeightForObjects is the flow's natural height at width w.
func (f *flow) HeightForObjects(objs []fyne.CanvasObject, w float32) float32 {
	var h float32
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		h += wantHeight(o, w)
		n++
	}
	if n > 1 {
		h += f.gap * float32(n-1)
	}
	return h
}

func (f *flow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var vis []fyne.CanvasObject
	for _, o := range objs {
		if o.Visible() {
			vis = append(vis, o)
		}
	}
	if len(vis) == 0 {
		return
	}
	hs := make([]float32, len(vis))
	var fixed, text float32
	for i, o := range vis {
		if o == f.grow {
			hs[i] = o.MinSize().Height
			fixed += hs[i]
			continue
		}
		hs[i] = wantHeight(o, size.Width)
		if shrinks(o) {
			text += hs[i]
		} else {
			fixed += hs[i]
		}
	}
	gaps := f.gap * float32(len(vis)-1)
	if spare := size.Height - fixed - text - gaps; spare < 0 && text > 0 {
		k := max(0, (size.Height-fixed-gaps)/text)
		for i, o := range vis {
			if shrinks(o) && o != f.grow {
				hs[i] *= k
			}
		}
	}
	var total float32
	for _, h := range hs {
		total += h
	}
	total += gaps
	y := float32(0)
	if f.grow != nil {
		for i, o := range vis {
			if o == f.grow {
				hs[i] += max(0, size.Height-total)
			}
		}
	} else if !f.top && total < size.Height {
		y = (size.Height - total) / 2
	}
	for i, o := range vis {
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, hs[i]))
		y += hs[i] + f.gap
	}
}

func (f *flow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		w = max(w, m.Width)
		if !shrinks(o) {
			h += m.Height
		}
	}
	return fyne.NewSize(w, h)
}

func vflow(gap float32, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(&flow{gap: gap}, objs...)
}

// fixedBox gives its one object a fixed width and height (0 = the
// object's own), centred in the space it gets.
type fixedBox struct{ w, h float32 }

func (b fixedBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		w, h := b.w, b.h
		if w <= 0 || w > size.Width {
			w = size.Width
		}
		if h <= 0 || h > size.Height {
			h = size.Height
		}
		if b.w < 0 { // negative: the object's own width
			w = min(o.MinSize().Width, size.Width)
		}
		o.Move(fyne.NewPos((size.Width-w)/2, (size.Height-h)/2))
		o.Resize(fyne.NewSize(w, h))
	}
}

func (b fixedBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w, h := b.w, b.h
	for _, o := range objs {
		m := o.MinSize()
		if w <= 0 {
			w = max(w, m.Width)
		}
		if h <= 0 {
			h = max(h, m.Height)
		}
	}
	return fyne.NewSize(w, h)
}

// sized centres o at w×h (shrunk to the space there is).
func sized(w, h float32, o fyne.CanvasObject) *fyne.Container {
	return container.New(fixedBox{w, h}, o)
}

// split puts two parts side by side when the area is wider than tall and
// above each other otherwise, so one screen serves both orientations.
type split struct {
	ratio float32 // share of the first part
	gap   float32
}

func (s split) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 2 {
		return
	}
	if size.Width >= size.Height {
		w := (size.Width - s.gap) * s.ratio
		objs[0].Move(fyne.NewPos(0, 0))
		objs[0].Resize(fyne.NewSize(w, size.Height))
		objs[1].Move(fyne.NewPos(w+s.gap, 0))
		objs[1].Resize(fyne.NewSize(size.Width-w-s.gap, size.Height))
		return
	}
	h := (size.Height - s.gap) * s.ratio
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, h))
	objs[1].Move(fyne.NewPos(0, h+s.gap))
	objs[1].Resize(fyne.NewSize(size.Width, size.Height-h-s.gap))
}

func (s split) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m
}

// grid lays out every object (no paging: for a fixed few, like the four
// queue classes), cols across, rows no taller than maxH, the block
// centred vertically.
type grid struct {
	cols       func(size fyne.Size) int
	gap, maxH  float32
	minW, minH float32
}

func (g grid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	cols := max(1, g.cols(size))
	rows := (len(objs) + cols - 1) / cols
	cw := (size.Width - g.gap*float32(cols-1)) / float32(cols)
	ch := (size.Height - g.gap*float32(rows-1)) / float32(rows)
	if g.maxH > 0 {
		ch = min(ch, g.maxH)
	}
	y0 := max(0, (size.Height-(ch*float32(rows)+g.gap*float32(rows-1)))/2)
	for i, o := range objs {
		o.Move(fyne.NewPos(float32(i%cols)*(cw+g.gap), y0+float32(i/cols)*(ch+g.gap)))
		o.Resize(fyne.NewSize(cw, ch))
	}
}

func (g grid) MinSize(objs []fyne.CanvasObject) fyne.Size { return fyne.NewSize(g.minW, g.minH) }

// bandLayout stacks a header, an optional banner, the body and an optional
// footer; header and banner take their MinSize height (the banner its
// text's height at the window width), the footer its MinSize, the body
// the rest.
type bandLayout struct {
	margin, footerPad float32
	banner            fyne.CanvasObject
	footer            fyne.CanvasObject
}

func (b *bandLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	// objs: background, header, banner?, body, footer?
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
	hdr := objs[1]
	hh := hdr.MinSize().Height
	hdr.Move(fyne.NewPos(0, 0))
	hdr.Resize(fyne.NewSize(size.Width, hh))
	y := hh
	i := 2
	if b.banner != nil {
		i++
	}
	if b.banner != nil && b.banner.Visible() {
		bh := wantHeight(b.banner, size.Width)
		b.banner.Move(fyne.NewPos(0, y))
		b.banner.Resize(fyne.NewSize(size.Width, bh))
		y += bh
	}
	body := objs[i]
	bottom := size.Height
	if b.footer != nil {
		fh := wantHeight(b.footer, size.Width-2*b.margin)
		bottom -= fh + b.footerPad
		b.footer.Move(fyne.NewPos(b.margin, bottom))
		b.footer.Resize(fyne.NewSize(size.Width-2*b.margin, fh))
		bottom -= b.footerPad
	}
	body.Move(fyne.NewPos(b.margin, y+b.margin))
	body.Resize(fyne.NewSize(size.Width-2*b.margin, max(bottom-y-2*b.margin, 1)))
}

func (b *bandLayout) MinSize([]fyne.CanvasObject) fyne.Size { return rootMin }
