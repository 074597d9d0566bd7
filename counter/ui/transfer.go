package ui

import (
	"context"
	"fmt"
	"image/color"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"antrean/shared/api"
	"antrean/shared/i18n"
	sharedui "antrean/shared/ui"
)

// TargetRow is one service a ticket can be transferred to: its name
// wraps (never cut), and a note says when nobody serves it now.
type TargetRow struct {
	widget.BaseWidget
	ServiceID string
	Label     string // "P — Paspor", as the message names it
	Name      *widget.Label
	Note      *widget.Label
	bg        *canvas.Rectangle
	selected  bool
	onTap     func()
	content   fyne.CanvasObject
}

func newTargetRow(id, label, note string, onTap func()) *TargetRow {
	r := &TargetRow{ServiceID: id, Label: label, onTap: onTap}
	r.Name = widget.NewLabel(label)
	r.Name.Wrapping = fyne.TextWrapWord
	r.Note = widget.NewLabel(note)
	r.Note.Wrapping = fyne.TextWrapWord
	r.Note.Importance = widget.DangerImportance
	r.Note.Hidden = note == ""
	r.bg = canvas.NewRectangle(color.Transparent)
	r.bg.CornerRadius = theme.InputRadiusSize()
	r.bg.StrokeWidth = 1
	r.bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	r.content = container.NewStack(r.bg, container.New(&insetLayout{x: 4, y: 0}, container.NewVBox(r.Name, r.Note)))
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer implements fyne.Widget.
func (r *TargetRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.content) }

// Tapped selects the row.
func (r *TargetRow) Tapped(*fyne.PointEvent) {
	if r.onTap != nil {
		r.onTap()
	}
}

// Selected reports whether the row is the chosen target.
func (r *TargetRow) Selected() bool { return r.selected }

func (r *TargetRow) setSelected(on bool) {
	r.selected = on
	if on {
		r.bg.FillColor = theme.Color(theme.ColorNameSelection)
		r.bg.StrokeColor = theme.Color(theme.ColorNamePrimary)
		r.bg.StrokeWidth = 2
		r.Name.TextStyle.Bold = true
	} else {
		r.bg.FillColor = color.Transparent
		r.bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
		r.bg.StrokeWidth = 1
		r.Name.TextStyle.Bold = false
	}
	r.bg.Refresh()
	r.Name.Refresh()
}

// transferDialog lets the officer pick the target service: grouped by
// agency, filterable, scrolling inside a dialog that fits the window.
type transferDialog struct {
	d                *DeskScreen
	ticketID, number string
	own              string // the ticket's service: not a target
	Filter           *escEntry
	Rows             []*TargetRow // the rows on screen, in order
	Groups           []*widget.Label
	Empty            *widget.Label
	OK, Cancel       *widget.Button
	list             *fyne.Container
	scroll           *container.Scroll
	selected         string
	dlg              *dialog.CustomDialog
	// onPick, when set, receives the chosen service instead of a transfer
	// (a visit's added step, visit.go).
	onPick func(serviceID, label string)
}

// onTransfer asks for the target service, excluding the ticket's own.
func (d *DeskScreen) onTransfer() {
	c := d.c
	cur := d.view.Current
	if cur == nil {
		return
	}
	d.openPicker(&transferDialog{d: d, ticketID: cur.ID, number: cur.Number, own: cur.ServiceID},
		c.t("Alihkan tiket", "Transfer ticket"), fmt.Sprintf(c.t("Alihkan %s ke layanan:", "Transfer %s to service:"), cur.Number),
		c.t("Alihkan", "Transfer"), theme.MailForwardIcon())
}

// openPicker shows the service list of t: a transfer, or (with onPick) a
// service to add to a visit's route.
func (d *DeskScreen) openPicker(t *transferDialog, title, promptText, okText string, okIcon fyne.Resource) {
	c := d.c
	if len(t.targets("")) == 0 {
		d.showWarning(c.t("Tidak ada layanan lain untuk pengalihan", "No other service to transfer to"))
		return
	}
	t.Filter = &escEntry{}
	t.Filter.ExtendBaseWidget(t.Filter)
	t.Filter.SetPlaceHolder(c.t("Cari layanan atau instansi…", "Search service or agency…"))
	t.Filter.OnChanged = func(string) { t.fill() }
	t.Filter.OnSubmitted = func(string) {
		if len(t.Rows) == 1 {
			t.choose(t.Rows[0].ServiceID)
		}
		if t.selected != "" {
			t.confirm()
		}
	}
	t.OK = widget.NewButtonWithIcon(okText, okIcon, t.confirm)
	t.OK.Importance = widget.HighImportance
	t.OK.Disable()
	t.Cancel = widget.NewButton(c.t("Batal (Esc)", "Cancel (Esc)"), nil)
	t.Empty = widget.NewLabel(c.t("Tidak ada layanan yang cocok", "No matching service"))
	t.Empty.Importance = widget.LowImportance
	t.list = container.NewVBox()
	t.scroll = container.NewVScroll(t.list)
	prompt := widget.NewLabel(promptText)
	prompt.TextStyle.Bold = true
	prompt.Wrapping = fyne.TextWrapWord
	content := container.NewBorder(
		container.NewVBox(prompt, t.Filter),
		container.NewGridWithColumns(2, t.Cancel, t.OK),
		nil, nil,
		t.scroll)
	t.dlg = dialog.NewCustomWithoutButtons(title, content, c.win)
	t.Cancel.OnTapped = t.dlg.Hide
	t.Filter.onEsc = t.dlg.Hide
	t.dlg.SetOnClosed(func() {
		if d.transfer == t {
			d.transfer = nil
		}
		d.dialogOpen = d.visit != nil // the visit dialog may be under it
	})
	t.fill()
	d.transfer = t
	d.dialogOpen = true
	t.dlg.Resize(t.size())
	t.dlg.Show()
	settle(t.scroll)
	c.win.Canvas().Focus(t.Filter)
	go c.loadCatalog(c.sess) // fresh "no open counter" notes
}

// size keeps the dialog inside the window with a margin.
func (t *transferDialog) size() fyne.Size {
	win := t.d.c.win.Canvas().Size()
	return fyne.NewSize(clamp(win.Width-48, 280, 760), clamp(win.Height-48, 300, 1000))
}

// target is a service the ticket may go to, with its agency.
type target struct {
	svc    api.Service
	agency api.Agency
	order  int
	note   string
}

// targets lists the services matching filter, grouped by agency in the
// catalog's order.
func (t *transferDialog) targets(filter string) []target {
	d, c := t.d, t.d.c
	var cat *api.Catalog
	if c.sess != nil {
		cat = c.sess.catalog
	}
	agencies := map[string]api.Agency{}
	order := map[string]int{}
	live := map[string]api.Service{}
	served := map[string]bool{} // an open counter (staffed, when the server says) serves it
	if cat != nil {
		for i, a := range cat.Agencies {
			agencies[a.ID], order[a.ID] = a, i
		}
		for _, s := range cat.Services {
			live[s.ID] = s
		}
		staffKnown := false
		for _, k := range cat.Counters {
			staffKnown = staffKnown || k.Staffed
		}
		for _, k := range cat.Counters {
			if k.Status == api.CounterOpen && (k.Staffed || !staffKnown) {
				for _, id := range k.ServiceIDs {
					served[id] = true
				}
			}
		}
	}
	f := strings.ToLower(strings.TrimSpace(filter))
	var out []target
	for _, s := range d.view.Services {
		if s.ID == t.own || !s.Active {
			continue
		}
		a, ok := agencies[s.AgencyID]
		if !ok {
			a = api.Agency{ID: s.AgencyID, Name: s.AgencyID}
			order[s.AgencyID] = len(agencies) + 1000
		}
		hay := strings.ToLower(s.Prefix + " " + s.Name + " " + a.Name + " " + a.Short)
		if f != "" && !strings.Contains(hay, f) {
			continue
		}
		tg := target{svc: s, agency: a, order: order[s.AgencyID]}
		if l, ok := live[s.ID]; ok && cat != nil {
			switch {
			case !l.OpenNow && l.ClosedReason != api.ReasonNone:
				tg.note = i18n.ClosedReason(c.lang, l.ClosedReason)
			case !served[s.ID]:
				tg.note = i18n.ClosedReason(c.lang, api.ReasonNoCounter)
			}
		}
		out = append(out, tg)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].order < out[j].order })
	return out
}

func serviceLabel(s api.Service) string {
	if s.Prefix != "" {
		return s.Prefix + " — " + s.Name
	}
	return s.Name
}

// fill rebuilds the list for the current filter, keeping the choice.
func (t *transferDialog) fill() {
	ts := t.targets(t.Filter.Text)
	t.Rows, t.Groups = nil, nil
	var objs []fyne.CanvasObject
	last := "\x00"
	keep := false
	for _, tg := range ts {
		if tg.agency.ID != last {
			last = tg.agency.ID
			sw := canvas.NewRectangle(sharedui.AgencyColor(tg.agency))
			sw.SetMinSize(fyne.NewSize(6, 0))
			name := tg.agency.Name
			if tg.agency.Short != "" && !strings.Contains(name, tg.agency.Short) {
				name = tg.agency.Short + " · " + name
			}
			h := widget.NewLabel(name)
			h.TextStyle.Bold = true
			h.Wrapping = fyne.TextWrapWord
			t.Groups = append(t.Groups, h)
			objs = append(objs, container.NewBorder(nil, nil, sw, nil, h))
		}
		id := tg.svc.ID
		r := newTargetRow(id, serviceLabel(tg.svc), tg.note, func() { t.choose(id) })
		if id == t.selected {
			r.setSelected(true)
			keep = true
		}
		t.Rows = append(t.Rows, r)
		objs = append(objs, r)
	}
	if len(ts) == 0 {
		objs = append(objs, t.Empty)
	}
	if !keep {
		t.selected = ""
		t.OK.Disable()
	}
	t.list.Objects = objs
	t.list.Refresh()
	settle(t.scroll)
}

// catalogChanged refreshes the notes after a fresh catalog read.
func (t *transferDialog) catalogChanged() { t.fill() }

func (t *transferDialog) choose(id string) {
	t.selected = id
	for _, r := range t.Rows {
		r.setSelected(r.ServiceID == id)
	}
	t.OK.Enable()
}

func (t *transferDialog) confirm() {
	d, c := t.d, t.d.c
	var label string
	for _, r := range t.Rows {
		if r.ServiceID == t.selected {
			label = r.Label
		}
	}
	if label == "" {
		return
	}
	target, ticketID, number := t.selected, t.ticketID, t.number
	t.dlg.Hide()
	if t.onPick != nil {
		t.onPick(target, label)
		return
	}
	c.act(func(ctx context.Context, _ string) (string, bool, error) {
		if _, err := c.cfg.API.Transfer(ctx, ticketID, target); err != nil {
			return "", false, err
		}
		return fmt.Sprintf(c.t("%s dialihkan ke %s", "%s transferred to %s"), number, label), false, nil
	})
	_ = d
}

// escEntry is the filter field: Esc closes the dialog even while the
// field has the keyboard.
type escEntry struct {
	widget.Entry
	onEsc func()
}

// TypedKey handles Esc, the rest as an entry does.
func (e *escEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEsc != nil {
		e.onEsc()
		return
	}
	e.Entry.TypedKey(ev)
}
