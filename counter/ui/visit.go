package ui

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// Visits on the console: a ticket that carries several services shows
// where it is in its route and the latest handoff note on the card; the
// visit dialog (F9) shows every step with who served it, all notes, a note
// to write for the next officer, and the later steps to add or remove.

// VisitAPI is the part of shared/client the visit dialog uses
// (*client.Client satisfies it). A console whose API lacks it shows the
// route and notes but cannot change them.
type VisitAPI interface {
	AddNote(ctx context.Context, ticketID, text string) (api.Note, error)
	EditRoute(ctx context.Context, ticketID string, step int, serviceIDs []string) (api.Ticket, error)
}

func (c *Console) visitAPI() VisitAPI {
	va, _ := c.cfg.API.(VisitAPI)
	return va
}

// maxSteps is the site's limit of services per ticket.
func (c *Console) maxSteps() int {
	if s := c.sess; s != nil && s.catalog != nil {
		return s.catalog.Site.Visits.Max()
	}
	return api.MaxRouteSteps
}

// routeLine is the card's one line about a visit: "Kunjungan: langkah 2
// dari 3 · berikutnya: …".
func routeLine(l i18n.Lang, t *api.Ticket) string {
	n := len(t.Route)
	s := fmt.Sprintf(l.Pick("Kunjungan %d/%d", "Visit %d/%d"), t.Step+1, n)
	if t.Step+1 < n {
		next := t.Route[t.Step+1]
		s += l.Pick(" · berikutnya: ", " · next: ") + next.ServiceName
		if next.AgencyShort != "" {
			s += " (" + next.AgencyShort + ")"
		}
	} else {
		s += l.Pick(" · terakhir", " · the last")
	}
	return s
}

// noteLine is the card's line of a note.
func noteLine(l i18n.Lang, n api.Note) string {
	who := strings.TrimSpace(strings.Join(nonEmptyStrings(strings.Split(n.CounterName, " — ")[0], n.Author), " · "))
	if who == "" {
		return l.Pick("Catatan: ", "Note: ") + n.Text
	}
	return fmt.Sprintf(l.Pick("Catatan %s: %s", "Note from %s: %s"), who, n.Text)
}

func nonEmptyStrings(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// cardNote is the most of a note the card shows (two lines of the
// compact window); the visit dialog (F9) shows it whole.
const cardNote = 90

// shorten cuts s at a word boundary to at most n characters, saying so
// with "… (F9)".
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "… (F9)"
}

// setCompactCard is the layout saying whether the window is compact; the
// visit lines change with it.
func (d *DeskScreen) setCompactCard(on bool) {
	if d.compactCard != on {
		d.compactCard = on
		d.renderVisit()
	}
}

// renderVisit shows the route line and the latest note on the card. A
// compact window (see deskLayout) has room for one short line only:
// "Kunjungan 2/3 · 2 catatan (F9)".
func (d *DeskScreen) renderVisit() {
	c, cur := d.c, d.view.Current
	var notes []api.Note
	if v := d.view.CurrentVisit; cur != nil && v != nil {
		notes = v.Notes
	}
	multi := cur != nil && len(cur.Route) > 1
	open := !d.hasView || d.view.Counter.Status == api.CounterOpen
	switch {
	case d.compactCard && !open:
		d.Route.Hide() // the closed banner takes the compact card's last line
	case d.compactCard && (multi || len(notes) > 0):
		parts := []string{}
		if multi {
			parts = append(parts, fmt.Sprintf(c.t("Kunjungan %d/%d", "Visit %d/%d"), cur.Step+1, len(cur.Route)))
		}
		if len(notes) > 0 {
			parts = append(parts, fmt.Sprintf(c.t("%d catatan", "%d notes"), len(notes)))
		}
		d.Route.SetText(strings.Join(parts, " · ") + " (F9)")
		d.Route.Show()
	case multi:
		d.Route.SetText(routeLine(c.lang, cur))
		d.Route.Show()
	default:
		d.Route.Hide()
	}
	if len(notes) > 0 && !d.compactCard {
		d.LastNote.SetText(shorten(noteLine(c.lang, notes[len(notes)-1]), cardNote))
		d.LastNote.Show()
	} else {
		d.LastNote.Hide()
	}
	if d.visit != nil {
		d.visit.render()
	}
}

// visitDialog is the visit of the current ticket.
type visitDialog struct {
	d        *DeskScreen
	ticketID string
	Steps    []*widget.Label  // one per route step: "1. Service · Agency — what happened"
	Remove   []*widget.Button // per later step (nil for earlier ones)
	Add      *widget.Button
	Notes    []*widget.Label
	NoNotes  *widget.Label
	Entry    *noteEntry
	Count    *widget.Label
	Save     *widget.Button
	Close    *widget.Button
	Status   *widget.Label // why a change was refused
	body     *fyne.Container
	scroll   *container.Scroll
	dlg      *dialog.CustomDialog
}

// noteEntry is the note field: Esc closes the dialog even while typing.
type noteEntry struct {
	widget.Entry
	onEsc func()
}

// TypedKey handles Esc, the rest as an entry does.
func (e *noteEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEsc != nil {
		e.onEsc()
		return
	}
	e.Entry.TypedKey(ev)
}

// onVisit opens the visit dialog of the current ticket.
func (d *DeskScreen) onVisit() {
	c := d.c
	cur := d.view.Current
	if cur == nil || d.visit != nil {
		return
	}
	v := &visitDialog{d: d, ticketID: cur.ID}
	v.Entry = &noteEntry{}
	v.Entry.ExtendBaseWidget(v.Entry)
	v.Entry.MultiLine = true
	v.Entry.Wrapping = fyne.TextWrapWord
	v.Entry.SetMinRowsVisible(3)
	v.Entry.SetPlaceHolder(c.t("Catatan untuk petugas layanan berikutnya (tanpa data pribadi)…",
		"A note for the officer of the next service (no personal data)…"))
	v.Count = widget.NewLabel("")
	v.Count.Importance = widget.LowImportance
	v.Entry.OnChanged = func(string) { v.counted() }
	v.Save = widget.NewButtonWithIcon(c.t("Simpan catatan", "Save note"), theme.DocumentSaveIcon(), v.onSave)
	v.Save.Importance = widget.HighImportance
	v.Add = widget.NewButtonWithIcon(c.t("Tambah layanan berikutnya…", "Add a next service…"), theme.ContentAddIcon(), v.onAdd)
	v.Close = widget.NewButton(c.t("Tutup (Esc)", "Close (Esc)"), nil)
	v.Status = widget.NewLabel("")
	v.Status.Wrapping = fyne.TextWrapWord
	v.Status.Importance = widget.DangerImportance
	v.Status.Hide()
	v.NoNotes = widget.NewLabel(c.t("Belum ada catatan.", "No notes yet."))
	v.NoNotes.Importance = widget.LowImportance
	v.body = container.NewVBox()
	v.scroll = container.NewVScroll(v.body)
	content := container.NewBorder(nil, container.NewVBox(v.Status, v.Close), nil, nil, v.scroll)
	v.dlg = dialog.NewCustomWithoutButtons(fmt.Sprintf(c.t("Kunjungan %s", "Visit %s"), cur.Number), content, c.win)
	v.Close.OnTapped = v.dlg.Hide
	v.Entry.onEsc = v.dlg.Hide
	v.dlg.SetOnClosed(func() {
		if d.visit == v {
			d.visit = nil
		}
		d.dialogOpen = d.transfer != nil
	})
	d.visit = v
	d.dialogOpen = true
	v.render()
	v.counted()
	win := c.win.Canvas().Size()
	v.dlg.Resize(fyne.NewSize(clamp(win.Width-48, 280, 820), clamp(win.Height-48, 300, 1000)))
	v.dlg.Show()
	settle(v.scroll)
}

// counted shows how much of the note's length is used.
func (v *visitDialog) counted() {
	n := utf8.RuneCountInString(strings.TrimSpace(v.Entry.Text))
	v.Count.SetText(fmt.Sprintf("%d/%d", n, api.NoteMaxLen))
	if n == 0 || n > api.NoteMaxLen || v.d.c.visitAPI() == nil {
		v.Save.Disable()
	} else {
		v.Save.Enable()
	}
}

// render rebuilds the dialog from the desk's view (after every refresh).
func (v *visitDialog) render() {
	d, c := v.d, v.d.c
	cur := d.view.Current
	if cur == nil || cur.ID != v.ticketID {
		v.dlg.Hide() // the ticket left this counter
		return
	}
	va := c.visitAPI()
	var rows []api.VisitRow
	var notes []api.Note
	if cv := d.view.CurrentVisit; cv != nil {
		rows, notes = cv.Rows, cv.Notes
	}
	heading := func(s string) *widget.Label {
		h := widget.NewLabel(s)
		h.TextStyle.Bold = true
		h.Wrapping = fyne.TextWrapWord
		return h
	}
	objs := []fyne.CanvasObject{heading(c.t("Rute layanan", "Route"))}
	v.Steps, v.Remove = nil, nil
	route := cur.Route
	if len(route) == 0 {
		route = []api.Step{{ServiceID: cur.ServiceID, ServiceName: cur.ServiceName, AgencyShort: cur.AgencyShort, State: cur.State, Current: true}}
	}
	for i, st := range route {
		text := fmt.Sprintf("%d. %s", i+1, st.ServiceName)
		if st.AgencyShort != "" {
			text += " · " + st.AgencyShort
		}
		text += "\n" + v.stepDetail(i, st, rows)
		lb := widget.NewLabel(text)
		lb.Wrapping = fyne.TextWrapWord
		if st.Current {
			lb.TextStyle.Bold = true
		}
		v.Steps = append(v.Steps, lb)
		var rm *widget.Button
		if i > cur.Step && va != nil {
			idx := i
			rm = widget.NewButtonWithIcon(c.t("Hapus", "Remove"), theme.DeleteIcon(), func() { v.onRemove(idx) })
		}
		v.Remove = append(v.Remove, rm)
		if rm != nil {
			objs = append(objs, container.NewBorder(nil, nil, nil, rm, lb))
		} else {
			objs = append(objs, lb)
		}
	}
	if va != nil && len(route) < c.maxSteps() {
		v.Add.Enable()
		objs = append(objs, v.Add)
	}
	objs = append(objs, widget.NewSeparator(), heading(c.t("Catatan serah terima", "Handoff notes")))
	v.Notes = nil
	for _, n := range notes {
		lb := widget.NewLabel(fmt.Sprintf("%s · %s\n%s", n.At.Format("15.04"), strings.Join(nonEmptyStrings(n.CounterName, n.Author), " · "), n.Text))
		lb.Wrapping = fyne.TextWrapWord
		v.Notes = append(v.Notes, lb)
		objs = append(objs, lb)
	}
	if len(notes) == 0 {
		objs = append(objs, v.NoNotes)
	}
	if va != nil {
		objs = append(objs, v.Entry, container.NewBorder(nil, nil, nil, v.Save, v.Count))
	}
	v.body.Objects = objs
	v.body.Refresh()
	settle(v.scroll)
}

// stepDetail says what happened at step i: where and when it was served
// (from the visit's rows), that it is at this counter now, or that it
// comes later.
func (v *visitDialog) stepDetail(i int, st api.Step, rows []api.VisitRow) string {
	c := v.d.c
	if st.Current {
		return c.t("Sekarang di loket ini", "Now at this counter")
	}
	var last *api.VisitRow
	for j := range rows {
		if rows[j].Step == i && !rows[j].Transferred && rows[j].State != api.StateTransferred {
			last = &rows[j]
		}
	}
	if last == nil {
		return i18n.StepLabel(c.lang, st.State)
	}
	parts := []string{i18n.StepLabel(c.lang, last.State)}
	if last.CounterName != "" {
		parts = append(parts, strings.Split(last.CounterName, " — ")[0])
	}
	if last.Officer != "" {
		parts = append(parts, last.Officer)
	}
	if last.CalledAt != nil && last.FinishedAt != nil {
		parts = append(parts, last.CalledAt.Format("15.04")+"–"+last.FinishedAt.Format("15.04"))
	}
	return strings.Join(parts, " · ")
}

// later is the route after the current step, as service ids.
func (v *visitDialog) later() (step int, ids []string) {
	cur := v.d.view.Current
	for i, st := range cur.Route {
		if i > cur.Step {
			ids = append(ids, st.ServiceID)
		}
	}
	return cur.Step, ids
}

func (v *visitDialog) onRemove(i int) {
	c := v.d.c
	cur := v.d.view.Current
	step, ids := v.later()
	k := i - step - 1
	if k < 0 || k >= len(ids) {
		return
	}
	name := cur.Route[i].ServiceName
	rest := append(append([]string{}, ids[:k]...), ids[k+1:]...)
	v.edit(step, rest, fmt.Sprintf(c.t("%s dihapus dari kunjungan %s", "%s removed from visit %s"), name, cur.Number))
}

func (v *visitDialog) onAdd() {
	d, c := v.d, v.d.c
	cur := d.view.Current
	step, ids := v.later()
	last := cur.ServiceID
	if len(ids) > 0 {
		last = ids[len(ids)-1]
	}
	t := &transferDialog{d: d, ticketID: cur.ID, number: cur.Number, own: last}
	t.onPick = func(id, label string) {
		v.edit(step, append(ids, id), fmt.Sprintf(c.t("%s ditambahkan ke kunjungan %s", "%s added to visit %s"), label, cur.Number))
	}
	d.openPicker(t, c.t("Tambah layanan", "Add a service"),
		fmt.Sprintf(c.t("Layanan berikutnya untuk %s:", "Next service for %s:"), cur.Number), c.t("Tambahkan", "Add"), theme.ContentAddIcon())
}

// edit sends the new later steps; the refresh that follows redraws the
// dialog from the server's answer.
func (v *visitDialog) edit(step int, ids []string, done string) {
	c, va, id := v.d.c, v.d.c.visitAPI(), v.ticketID
	if va == nil {
		return
	}
	v.Status.Hide()
	c.act(func(ctx context.Context, _ string) (string, bool, error) {
		if _, err := va.EditRoute(ctx, id, step, ids); err != nil {
			c.ui(func() { v.refused(err) })
			return "", false, err
		}
		return done, false, nil
	})
}

func (v *visitDialog) onSave() {
	c, va, id := v.d.c, v.d.c.visitAPI(), v.ticketID
	text := strings.TrimSpace(v.Entry.Text)
	if va == nil || text == "" {
		return
	}
	number := v.d.view.Current.Number
	v.Status.Hide()
	v.Save.Disable()
	c.act(func(ctx context.Context, _ string) (string, bool, error) {
		if _, err := va.AddNote(ctx, id, text); err != nil {
			c.ui(func() { v.refused(err) })
			return "", false, err
		}
		c.ui(func() {
			if v.d.visit == v {
				v.Entry.SetText("")
			}
		})
		return fmt.Sprintf(c.t("Catatan untuk %s disimpan", "Note for %s saved"), number), false, nil
	})
}

// refused says in the dialog why a change did not happen.
func (v *visitDialog) refused(err error) {
	if v.d.visit != v {
		return
	}
	v.Status.SetText(i18n.ErrorMessage(v.d.c.lang, err))
	v.Status.Show()
	v.counted()
}
