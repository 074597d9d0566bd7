package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"antrean/shared/api"
	"antrean/shared/i18n"
	sharedui "antrean/shared/ui"
)

// WaitingCell is one waiting number in the list, kept for tests and for
// the minute tick.
type WaitingCell struct {
	Ticket  api.QueuedTicket
	Number  *canvas.Text
	Class   string       // "Lansia", … ("" for a regular ticket)
	Minutes *canvas.Text // "12 mnt"
	root    fyne.CanvasObject

	Booked string // "Booking 09.00" for an online booking ("" otherwise)
}

// waitingList draws who waits, one group per service, as cells that wrap
// to the width they get: a wide screen shows many numbers per row.
type waitingList struct {
	lang       i18n.Lang
	big, small float32         // text sizes of the number and its details
	box        *fyne.Container // VBox of groups; the desk puts it in a scroll
	Cells      []*WaitingCell
	more       []*canvas.Text // "+7 lagi" cells
}

func newWaitingList(l i18n.Lang) *waitingList {
	return &waitingList{lang: l, box: container.NewVBox()}
}

// minutesText is the waiting time of a queued ticket in whole minutes.
func minutesText(l i18n.Lang, d time.Duration) string {
	m := int(d / time.Minute)
	if m < 1 {
		return l.Pick("< 1 mnt", "< 1 min")
	}
	return fmt.Sprintf(l.Pick("%d mnt", "%d min"), m)
}

// render rebuilds the list from the counter view. With the counter's own
// line (CounterView.Next, the order call-next takes) it shows that line
// and then how many wait per service; from an older server, each
// service's first numbers.
func (w *waitingList) render(v api.CounterView, prefixes map[string]string, hasView bool, now time.Time) {
	l := w.lang
	w.Cells, w.more = nil, nil
	w.big, w.small = theme.TextSize()*1.45, theme.TextSize()*0.9
	var groups []fyne.CanvasObject
	var cells []fyne.CanvasObject
	var grids []*fyne.Container
	heading := func(text string) {
		head := widget.NewLabel(text)
		head.TextStyle.Bold = true
		head.Wrapping = fyne.TextWrapWord
		groups = append(groups, tight(head))
	}
	line := func(next []api.QueuedTicket, rest int) {
		var row []fyne.CanvasObject
		for _, n := range next {
			row = append(row, w.cell(n))
		}
		if rest > 0 {
			t := canvas.NewText(fmt.Sprintf(l.Pick("+%d lagi", "+%d more"), rest), theme.Color(theme.ColorNamePlaceHolder))
			t.TextSize = theme.TextSize()
			w.more = append(w.more, t)
			row = append(row, cellBox(container.NewCenter(t), false))
		}
		if len(row) == 0 {
			return
		}
		cells = append(cells, row...)
		g := container.NewGridWrap(fyne.Size{}, row...)
		grids = append(grids, g)
		groups = append(groups, g)
	}
	name := func(q api.ServiceQueue) string {
		if p := prefixes[q.ServiceID]; p != "" {
			return p + " · " + q.ServiceName
		}
		return q.ServiceName
	}
	total := 0
	for _, q := range v.Waiting {
		total += q.Count
	}
	if len(v.Next) > 0 {
		heading(l.Pick("Urutan panggilan berikutnya", "Next to be called, in order"))
		line(v.Next, total-len(v.Next))
		for _, q := range v.Waiting {
			heading(fmt.Sprintf(l.Pick("%s — %d menunggu", "%s — %d waiting"), name(q), q.Count))
		}
	} else {
		for _, q := range v.Waiting {
			heading(fmt.Sprintf(l.Pick("%s — %d menunggu", "%s — %d waiting"), name(q), q.Count))
			line(q.Next, q.Count-len(q.Next))
		}
	}
	// One cell size for all groups, from the widest content: columns line
	// up and no number is ever cut.
	var cell fyne.Size
	for _, c := range cells {
		cell = cell.Max(c.MinSize())
	}
	for _, g := range grids {
		g.Layout = layout.NewGridWrapLayout(cell)
	}
	for _, c := range w.Cells {
		c.Minutes.Text = minutesText(l, now.Sub(c.Ticket.IssuedAt))
	}
	if len(groups) == 0 && hasView {
		empty := widget.NewLabel(l.Pick("Tidak ada yang menunggu", "Nobody is waiting"))
		empty.Importance = widget.LowImportance
		groups = append(groups, empty)
	}
	w.box.Objects = groups
	w.box.Refresh()
}

// cell draws one waiting number: the number, its class, its minutes.
func (w *waitingList) cell(n api.QueuedTicket) fyne.CanvasObject {
	l := w.lang
	c := &WaitingCell{Ticket: n, Class: i18n.PriorityShort(l, n.Priority)}
	c.Number = canvas.NewText(n.Number, theme.Color(theme.ColorNameForeground))
	c.Number.TextStyle.Bold = true
	c.Number.TextSize = w.big
	// Measured with the widest text it may show, so the cell stays wide
	// enough as the minutes grow (render sets the real text).
	c.Minutes = canvas.NewText(minutesText(l, 999*time.Minute), theme.Color(theme.ColorNamePlaceHolder))
	c.Minutes.TextSize = w.small
	var detail []fyne.CanvasObject
	if c.Class != "" {
		detail = append(detail, badge(c.Class, sharedui.Accent, sharedui.Ink, w.small))
	}
	if n.BookedSlot != nil { // an online booking, called from its slot (booking.go)
		c.Booked = bookedShort(l, *n.BookedSlot)
		detail = append(detail, badge(c.Booked, theme.Color(theme.ColorNamePrimary), theme.Color(theme.ColorNameForegroundOnPrimary), w.small))
	}
	// Visits: a later step of a visit ("2/3") or a no-show back in line.
	if n.Steps > 1 {
		detail = append(detail, badge(fmt.Sprintf("%d/%d", n.Step+1, n.Steps), theme.Color(theme.ColorNameSeparator), sharedui.Ink, w.small))
	}
	if n.Origin == api.OriginReturn {
		detail = append(detail, badge(l.Pick("kembali", "back"), theme.Color(theme.ColorNameSeparator), sharedui.Ink, w.small))
	}
	detail = append(detail, c.Minutes)
	c.root = cellBox(container.NewVBox(c.Number, container.NewHBox(detail...)), c.Class != "")
	w.Cells = append(w.Cells, c)
	return c.root
}

// cellBox frames a cell; priority tickets get an accent edge.
func cellBox(content fyne.CanvasObject, priority bool) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	bg.StrokeWidth = 1
	bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	if priority {
		bg.StrokeWidth = 2
		bg.StrokeColor = sharedui.Accent
	}
	return container.NewStack(bg, container.New(&insetLayout{x: 8, y: 4}, content))
}

// tick updates the waiting minutes.
func (w *waitingList) tick(now time.Time) {
	for _, c := range w.Cells {
		if s := minutesText(w.lang, now.Sub(c.Ticket.IssuedAt)); s != c.Minutes.Text {
			c.Minutes.Text = s
			c.Minutes.Refresh()
		}
	}
}
