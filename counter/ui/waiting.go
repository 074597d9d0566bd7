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
}

// waitingList draws who waits, one group per service, as cells that wrap
// to the width they get: a wide screen shows many numbers per row.
type waitingList struct {
	lang  i18n.Lang
	box   *fyne.Container // VBox of groups; the desk puts it in a scroll
	Cells []*WaitingCell
	more  []*canvas.Text // "+7 lagi" cells
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

// render rebuilds the list from the counter view.
func (w *waitingList) render(v api.CounterView, prefixes map[string]string, hasView bool, now time.Time) {
	l := w.lang
	w.Cells, w.more = nil, nil
	var groups []fyne.CanvasObject
	big := theme.TextSize() * 1.45
	small := theme.TextSize() * 0.9
	fg := theme.Color(theme.ColorNameForeground)
	muted := theme.Color(theme.ColorNamePlaceHolder)
	var cells []fyne.CanvasObject
	var grids []*fyne.Container
	for _, q := range v.Waiting {
		name := q.ServiceName
		if p := prefixes[q.ServiceID]; p != "" {
			name = p + " · " + name
		}
		head := widget.NewLabel(fmt.Sprintf(l.Pick("%s — %d menunggu", "%s — %d waiting"), name, q.Count))
		head.TextStyle.Bold = true
		head.Wrapping = fyne.TextWrapWord
		groups = append(groups, tight(head))
		if len(q.Next) == 0 {
			continue
		}
		var row []fyne.CanvasObject
		for _, n := range q.Next {
			c := &WaitingCell{Ticket: n, Class: i18n.PriorityShort(l, n.Priority)}
			c.Number = canvas.NewText(n.Number, fg)
			c.Number.TextStyle.Bold = true
			c.Number.TextSize = big
			// Measured with the widest text it may show, so the cell
			// stays wide enough as the minutes grow.
			c.Minutes = canvas.NewText(minutesText(l, 999*time.Minute), muted)
			c.Minutes.TextSize = small
			detail := []fyne.CanvasObject{}
			if c.Class != "" {
				detail = append(detail, badge(c.Class, sharedui.Accent, sharedui.Ink, small))
			}
			detail = append(detail, c.Minutes)
			c.root = cellBox(container.NewVBox(c.Number, container.NewHBox(detail...)), c.Class != "")
			w.Cells = append(w.Cells, c)
			row = append(row, c.root)
		}
		if rest := q.Count - len(q.Next); rest > 0 {
			t := canvas.NewText(fmt.Sprintf(l.Pick("+%d lagi", "+%d more"), rest), muted)
			t.TextSize = theme.TextSize()
			w.more = append(w.more, t)
			row = append(row, cellBox(container.NewCenter(t), false))
		}
		cells = append(cells, row...)
		g := container.NewGridWrap(fyne.Size{}, row...)
		grids = append(grids, g)
		groups = append(groups, g)
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
