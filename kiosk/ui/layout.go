package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

const gap = 20

// pager lays tiles out in a grid sized to the space it gets and shows one
// page of them: touch screens here emulate a mouse, so there is no
// drag-scrolling, only big previous/next buttons. The grid shape follows
// the area (4 agencies across in landscape, 2 in portrait …).
type pager struct {
	items   []fyne.CanvasObject
	cell    fyne.Size // smallest comfortable tile
	maxCols int
	page    int
	perPage int
	pages   int

	box        *fyne.Container
	Prev, Next *Tile
	label      *widget.RichText
	pageFmt    func() string // "Halaman %d dari %d" in the current language
	onPage     func(page int)
	footer     *fyne.Container
}

func newPager(items []fyne.CanvasObject, cell fyne.Size, maxCols, page int, pageFmt func() string, onPage func(int), prevText, nextText string) *pager {
	p := &pager{items: items, cell: cell, maxCols: maxCols, page: page, pageFmt: pageFmt, onPage: onPage}
	p.box = container.New(p, items...)
	p.Prev = newTile(styleGhost, prevText, func() { p.setPage(p.page - 1) })
	p.Next = newTile(styleGhost, nextText, func() { p.setPage(p.page + 1) })
	p.Prev.SetMinSize(fyne.NewSize(300, minTouch+8))
	p.Next.SetMinSize(fyne.NewSize(300, minTouch+8))
	p.label = text("", sizeBody, colorText, true)
	// The footer keeps its height even with one page, so the grid's shape
	// never depends on the number of pages it produces.
	p.footer = withHeight(minTouch+8, container.NewBorder(nil, nil, p.Prev, p.Next, container.NewCenter(p.label)))
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
	bar := p.footer.Objects[0]
	if p.pages <= 1 {
		bar.Hide()
	} else {
		bar.Show()
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
	setText(p.label, fmt.Sprintf(p.pageFmt(), p.page+1, max(p.pages, 1)))
}

// Layout implements fyne.Layout: fit as many cells as the area allows, show
// the current page, hide the rest.
func (p *pager) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if size.Width <= 0 || size.Height <= 0 {
		return
	}
	cols := int((size.Width + gap) / (p.cell.Width + gap))
	cols = max(1, min(cols, p.maxCols))
	rows := max(1, int((size.Height+gap)/(p.cell.Height+gap)))
	p.perPage = cols * rows
	p.pages = max(1, (len(objs)+p.perPage-1)/p.perPage)
	if p.page >= p.pages {
		p.page = p.pages - 1
	}
	cw := (size.Width - gap*float32(cols-1)) / float32(cols)
	ch := (size.Height - gap*float32(rows-1)) / float32(rows)
	first := p.page * p.perPage
	for i, o := range objs {
		if i < first || i >= first+p.perPage {
			o.Hide()
			continue
		}
		k := i - first
		o.Move(fyne.NewPos(float32(k%cols)*(cw+gap), float32(k/cols)*(ch+gap)))
		o.Resize(fyne.NewSize(cw, ch))
		o.Show()
	}
	p.update()
}

func (p *pager) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(p.cell.Width, minTouch) }

// column stacks paragraphs at full width, each as tall as its wrapped text,
// centred vertically: a VBox that lets wrapped text know its width first.
type column struct{ spacing float32 }

func (c column) heights(objs []fyne.CanvasObject, w float32) ([]float32, float32) {
	hs := make([]float32, len(objs))
	var total float32
	n := 0
	for i, o := range objs {
		if !o.Visible() {
			continue
		}
		o.Resize(fyne.NewSize(w, o.Size().Height))
		hs[i] = o.MinSize().Height
		total += hs[i]
		n++
	}
	if n > 1 {
		total += c.spacing * float32(n-1)
	}
	return hs, total
}

func (c column) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	hs, total := c.heights(objs, size.Width)
	y := (size.Height - total) / 2
	if y < 0 {
		y = 0
	}
	for i, o := range objs {
		if !o.Visible() {
			continue
		}
		o.Resize(fyne.NewSize(size.Width, hs[i]))
		o.Move(fyne.NewPos(0, y))
		y += hs[i] + c.spacing
	}
}

func (c column) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		n++
		if rt, ok := o.(*widget.RichText); ok && rt.Wrapping != fyne.TextWrapOff {
			// Unsized wrapped text reports one word per line; counting that
			// would make the window taller than the screen. Its parent gives
			// the column its space, and Layout measures at the real width.
			continue
		}
		m := o.MinSize()
		w = max(w, m.Width)
		h += m.Height
	}
	if n > 1 {
		h += c.spacing * float32(n-1)
	}
	return fyne.NewSize(w, h)
}

func vcol(spacing float32, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(column{spacing: spacing}, objs...)
}

// split puts two parts side by side when the area is wider than tall and
// above each other otherwise, so one screen serves both orientations.
type split struct{ ratio float32 } // share of the first part

func (s split) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 2 {
		return
	}
	if size.Width >= size.Height {
		w := (size.Width - gap) * s.ratio
		objs[0].Move(fyne.NewPos(0, 0))
		objs[0].Resize(fyne.NewSize(w, size.Height))
		objs[1].Move(fyne.NewPos(w+gap, 0))
		objs[1].Resize(fyne.NewSize(size.Width-w-gap, size.Height))
		return
	}
	h := (size.Height - gap) * s.ratio
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, h))
	objs[1].Move(fyne.NewPos(0, h+gap))
	objs[1].Resize(fyne.NewSize(size.Width, size.Height-h-gap))
}

func (s split) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m
}
