package ui

import (
	"context"
	"fmt"
	"image/color"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"antrean/shared/api"
	"antrean/shared/i18n"
	sharedui "antrean/shared/ui"
)

// setIcons shows or drops the icons of the secondary buttons: a compact
// window fits three labelled buttons a row without them.
func (d *DeskScreen) setIcons(on bool) {
	for i, b := range d.secondary {
		ic := d.icons[i]
		if !on {
			ic = nil
		}
		if b.Icon != ic {
			b.Icon = ic
			b.Refresh()
		}
	}
}

// DeskScreen is the officer's working screen for one counter.
type DeskScreen struct {
	c    *Console
	root *fyne.Container
	lay  *deskLayout

	// The counter sign, in the agency's colour (grey while not open).
	SignBg   *canvas.Rectangle
	Title    *FitText
	Subtitle *FitText
	Offline  *widget.Label
	LangBtn  *KeyButton
	Logout   *KeyButton

	StatusOpen, StatusBreak, StatusClosed *KeyButton

	// The current ticket.
	Number       *FitText
	Service      *widget.Label
	Priority     *canvas.Text // the class ("Lansia", …) on an accent badge
	priorityBox  fyne.CanvasObject
	State        *widget.Label
	Info         *widget.Label // calls made and waiting time so far
	Hint         *widget.Label // why no-show is not possible yet
	ClosedBanner *widget.Label // the counter is on break or closed
	// Visits (visit.go): where the ticket is in its route, the latest
	// handoff note (one line each; F9 shows all).
	Route, LastNote *widget.Label
	compactCard     bool // set by the layout: one short visit line
	card            *fyne.Container
	cardLay         *cardLayout

	// One primary action at a time sits in the big slot: call next when
	// free, start when called, finish & call next when serving.
	CallNext, Start, FinishNext *KeyButton
	primary                     *fyne.Container
	// The others keep their place.
	Recall, Finish, NoShow, Requeue, Transfer *KeyButton
	VisitBtn                                  *KeyButton // the visit dialog (F9)
	secondary                                 []*KeyButton
	icons                                     []fyne.Resource // of secondary, dropped in a compact window

	Message *widget.Label
	Undo    *KeyButton // "Batalkan" while a no-show waits
	msgRow  *fyne.Container
	msgSeq  int // bumps with every message: a timer clears only its own

	WaitingTitle *widget.Label
	Waiting      *waitingList
	waitScroll   *container.Scroll
	Today        *widget.Label
	TodayAvg     *widget.Label

	transfer   *transferDialog
	visit      *visitDialog
	dialogOpen bool // shortcuts wait while a dialog is up

	view    api.CounterView
	hasView bool
	busy    bool
	online  bool
	now     time.Time
}

// KeyButton is a button that still hands the F-key shortcuts to the desk
// when it has the keyboard focus (after Tab), so shortcuts always work.
type KeyButton struct {
	widget.Button
	onKey func(*fyne.KeyEvent) bool
}

func newKeyButton(label string, icon fyne.Resource, tapped func(), onKey func(*fyne.KeyEvent) bool) *KeyButton {
	b := &KeyButton{onKey: onKey}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey passes F-keys to the desk, the rest to the button.
func (b *KeyButton) TypedKey(ev *fyne.KeyEvent) {
	if b.onKey != nil && b.onKey(ev) {
		return
	}
	b.Button.TypedKey(ev)
}

func newDesk(c *Console) *DeskScreen {
	d := &DeskScreen{c: c, online: true, now: c.now()}
	t := c.t
	key := d.shortcut
	btn := func(label string, icon fyne.Resource, f func()) *KeyButton {
		return newKeyButton(label, icon, f, key)
	}

	d.SignBg = canvas.NewRectangle(sharedui.Primary)
	d.SignBg.CornerRadius = theme.InputRadiusSize()
	d.Title = NewFitText(t("Loket", "Counter"), 14, 30)
	d.Title.Style.Bold = true
	d.Subtitle = NewFitText("", 11, 18)
	d.Offline = widget.NewLabel(t("Terputus", "Offline"))
	d.Offline.Importance = widget.DangerImportance
	d.Offline.TextStyle.Bold = true
	d.Offline.Hide()
	d.LangBtn = btn(t("EN", "ID"), nil, c.ToggleLang)
	d.Logout = btn(t("Keluar", "Sign out"), theme.LogoutIcon(), c.Logout)
	d.Logout.Importance = widget.LowImportance

	d.StatusOpen = btn(i18n.CounterStatusLabel(c.lang, api.CounterOpen), nil, func() { d.onStatus(api.CounterOpen) })
	d.StatusBreak = btn(i18n.CounterStatusLabel(c.lang, api.CounterBreak), nil, func() { d.onStatus(api.CounterBreak) })
	d.StatusClosed = btn(i18n.CounterStatusLabel(c.lang, api.CounterClosed), nil, func() { d.onStatus(api.CounterClosed) })

	d.Number = NewFitText("—", 36, 400)
	d.Number.Style.Bold = true
	d.Number.Align = fyne.TextAlignCenter
	d.Service = widget.NewLabel("")
	d.Service.Alignment = fyne.TextAlignCenter
	d.Service.Wrapping = fyne.TextWrapWord
	d.Priority = canvas.NewText("", sharedui.Ink)
	d.Priority.TextStyle.Bold = true
	d.Priority.TextSize = theme.TextSize() * 1.15
	pbg := canvas.NewRectangle(sharedui.Accent)
	pbg.CornerRadius = 4
	d.priorityBox = container.NewCenter(container.NewStack(pbg, container.New(&insetLayout{x: 10, y: 2}, d.Priority)))
	d.priorityBox.Hide()
	d.State = widget.NewLabel("")
	d.State.TextStyle.Bold = true
	d.Info = widget.NewLabel("")
	d.Hint = widget.NewLabel("")
	d.Hint.Wrapping = fyne.TextWrapWord
	d.Hint.Alignment = fyne.TextAlignCenter
	d.Hint.TextStyle.Italic = true
	d.Hint.Hide()
	d.ClosedBanner = widget.NewLabel("")
	d.ClosedBanner.Wrapping = fyne.TextWrapWord
	d.ClosedBanner.Alignment = fyne.TextAlignCenter
	d.ClosedBanner.TextStyle.Bold = true
	d.ClosedBanner.Importance = widget.DangerImportance
	d.ClosedBanner.Hide()
	d.Route = widget.NewLabel("")
	d.Route.Wrapping = fyne.TextWrapWord
	d.Route.Alignment = fyne.TextAlignCenter
	d.Route.Importance = widget.HighImportance
	d.Route.Hide()
	d.LastNote = widget.NewLabel("")
	d.LastNote.Wrapping = fyne.TextWrapWord
	d.LastNote.TextStyle.Italic = true
	d.LastNote.Hide()

	d.CallNext = btn(t("Panggil berikutnya (F1)", "Call next (F1)"), theme.MediaSkipNextIcon(), d.onCallNext)
	d.Start = btn(t("Mulai layani (F3)", "Start serving (F3)"), theme.MediaPlayIcon(), d.onStart)
	d.FinishNext = btn(t("Selesai & panggil berikutnya (F8)", "Finish & call next (F8)"), theme.MediaFastForwardIcon(), d.onFinishNext)
	for _, b := range []*KeyButton{d.CallNext, d.Start, d.FinishNext} {
		b.Importance = widget.HighImportance
	}
	d.Recall = btn(t("Panggil ulang (F2)", "Recall (F2)"), theme.MediaReplayIcon(), d.onRecall)
	d.Finish = btn(t("Selesai (F4)", "Finish (F4)"), theme.ConfirmIcon(), d.onFinish)
	d.NoShow = btn(t("Tidak hadir (F5)", "No-show (F5)"), theme.CancelIcon(), d.onNoShow)
	d.Requeue = btn(t("Kembali antre (F6)", "Requeue (F6)"), theme.ContentUndoIcon(), d.onRequeue)
	d.Transfer = btn(t("Alihkan… (F7)", "Transfer… (F7)"), theme.MailForwardIcon(), d.onTransfer)
	d.VisitBtn = btn(t("Kunjungan… (F9)", "Visit… (F9)"), theme.ListIcon(), d.onVisit)
	d.secondary = []*KeyButton{d.Recall, d.Finish, d.NoShow, d.Requeue, d.Transfer, d.VisitBtn}
	for _, b := range d.secondary {
		d.icons = append(d.icons, b.Icon)
	}

	d.Message = widget.NewLabel("")
	d.Message.Wrapping = fyne.TextWrapWord
	d.Undo = btn(t("Batalkan (Esc)", "Undo (Esc)"), theme.ContentUndoIcon(), c.Undo)
	d.Undo.Importance = widget.HighImportance
	d.Undo.Hide()
	d.msgRow = container.NewBorder(nil, nil, nil, d.Undo, d.Message)
	d.msgRow.Hide()

	d.WaitingTitle = widget.NewLabel(t("Menunggu", "Waiting"))
	d.WaitingTitle.TextStyle.Bold = true
	d.Waiting = newWaitingList(c.lang)
	d.waitScroll = container.NewVScroll(d.Waiting.box)
	d.Today = widget.NewLabel("")
	d.Today.Wrapping = fyne.TextWrapWord
	d.TodayAvg = widget.NewLabel("")
	d.TodayAvg.Wrapping = fyne.TextWrapWord

	sign := container.NewStack(d.SignBg, container.New(&insetLayout{x: 10, y: 2},
		container.New(&signLayout{}, d.Title, d.Subtitle)))
	header := container.NewBorder(nil, nil, nil,
		container.NewHBox(d.Offline, d.LangBtn, d.Logout), sign)
	status := container.NewGridWithColumns(3, d.StatusOpen, d.StatusBreak, d.StatusClosed)
	stateRow := container.New(&pairLayout{center: true}, d.State, d.Info)
	d.cardLay = &cardLayout{}
	d.card = container.New(d.cardLay, d.Number,
		container.NewVBox(d.priorityBox, d.Service, stateRow, d.Route, d.LastNote),
		container.NewVBox(d.Hint, d.ClosedBanner))
	card := container.NewStack(roundedBackground(), container.NewPadded(d.card))
	d.primary = container.NewStack(d.CallNext, d.Start, d.FinishNext)
	footer := tight(container.New(&pairLayout{}, d.Today, d.TodayAvg))

	d.lay = &deskLayout{d: d, header: header, status: status, card: card, msg: d.msgRow, primary: d.primary,
		waitTitle: tight(d.WaitingTitle), wait: d.waitScroll, footer: footer}
	objs := []fyne.CanvasObject{header, status, card, d.msgRow, d.primary}
	for _, b := range d.secondary {
		objs = append(objs, b)
	}
	objs = append(objs, d.lay.waitTitle, d.waitScroll, footer)
	d.root = container.New(d.lay, objs...)
	d.render(d.now)
	return d
}

func roundedBackground() fyne.CanvasObject {
	r := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	r.CornerRadius = theme.InputRadiusSize()
	r.StrokeWidth = 1
	r.StrokeColor = theme.Color(theme.ColorNameSeparator)
	return r
}

// copyState carries the view and messages over a language switch.
func (d *DeskScreen) copyState(old *DeskScreen) {
	d.online = old.online
	d.Offline.Hidden = old.Offline.Hidden
	if old.hasView {
		d.apply(old.view, d.c.now())
	}
	d.setBusy(old.busy)
	if old.msgRow.Visible() && d.c.pending == nil {
		d.showMessage(old.Message.Text, old.Message.Importance)
	}
}

// Allowed says which actions the current ticket and counter status permit.
type Allowed struct {
	CallNext, Recall, Start, Finish, FinishNext, NoShow, Requeue, Transfer bool
}

// AllowedActions is the enabling rule of the action buttons (no-show also
// waits for a recall or NoShowAfter, see NoShowWait).
func AllowedActions(v api.CounterView) Allowed {
	var a Allowed
	st := api.State("")
	if v.Current != nil {
		st = v.Current.State
	}
	open := v.Counter.Status == api.CounterOpen
	free := st == "" || st == api.StateWaiting || st.Final()
	a.CallNext = free && open
	called, serving := st == api.StateCalled, st == api.StateServing
	a.Recall, a.Start, a.NoShow, a.Requeue = called, called, called, called
	a.Finish = serving
	a.FinishNext = serving && open
	a.Transfer = called || serving
	return a
}

// apply shows a fresh counter view.
func (d *DeskScreen) apply(v api.CounterView, now time.Time) {
	d.view, d.hasView = v, true
	d.render(now)
}

// agency is the agency whose sign this counter carries: the one most of
// its services belong to (catalog order breaks a tie).
func (d *DeskScreen) agency() (api.Agency, bool) {
	s := d.c.sess
	if s == nil || s.catalog == nil || !d.hasView {
		return api.Agency{}, false
	}
	owner := map[string]string{}
	for _, sv := range s.catalog.Services {
		owner[sv.ID] = sv.AgencyID
	}
	count := map[string]int{}
	for _, id := range d.view.Counter.ServiceIDs {
		count[owner[id]]++
	}
	best, n := api.Agency{}, 0
	for _, a := range s.catalog.Agencies {
		if count[a.ID] > n {
			best, n = a, count[a.ID]
		}
	}
	return best, n > 0
}

func (d *DeskScreen) render(now time.Time) {
	c, v := d.c, d.view
	open := !d.hasView || v.Counter.Status == api.CounterOpen
	d.renderSign(open)
	for _, sb := range []struct {
		b *KeyButton
		s api.CounterStatus
	}{{d.StatusOpen, api.CounterOpen}, {d.StatusBreak, api.CounterBreak}, {d.StatusClosed, api.CounterClosed}} {
		imp := widget.MediumImportance
		if d.hasView && v.Counter.Status == sb.s {
			switch sb.s {
			case api.CounterOpen:
				imp = widget.HighImportance
			case api.CounterBreak:
				imp = widget.WarningImportance
			default:
				imp = widget.DangerImportance
			}
		}
		if sb.b.Importance != imp {
			sb.b.Importance = imp
			sb.b.Refresh()
		}
	}

	cur := v.Current
	if cur == nil {
		d.Number.SetText("—")
		if open {
			d.Service.SetText(c.t("Siap memanggil nomor berikutnya", "Ready to call the next number"))
		} else {
			d.Service.SetText("")
		}
		d.State.SetText("")
		d.Info.SetText("")
		d.priorityBox.Hide()
	} else {
		d.Number.SetText(cur.Number)
		svc := cur.ServiceName
		if cur.AgencyShort != "" {
			svc += " · " + cur.AgencyShort
		}
		d.Service.SetText(svc)
		if cur.Priority.IsPriority() {
			d.Priority.Text = c.t("Prioritas: ", "Priority: ") + i18n.PriorityShort(c.lang, cur.Priority)
			d.Priority.Refresh()
			d.priorityBox.Show()
		} else if cur.BookedSlot != nil { // an online booking: its slot and name (booking.go)
			d.Priority.Text = bookedLabel(c.lang, *cur.BookedSlot, v.CurrentBooking)
			d.Priority.Refresh()
			d.priorityBox.Show()
		} else {
			d.priorityBox.Hide()
		}
		d.State.SetText(i18n.StateLabel(c.lang, cur.State))
		switch cur.State {
		case api.StateCalled:
			d.State.Importance = widget.HighImportance
		case api.StateServing:
			d.State.Importance = widget.SuccessImportance
		default:
			d.State.Importance = widget.MediumImportance
		}
		d.State.Refresh()
	}
	if !open {
		d.ClosedBanner.SetText(fmt.Sprintf(c.t("LOKET %s — tidak memanggil nomor. Tekan Buka untuk melayani lagi.",
			"COUNTER %s — not calling numbers. Press Open to serve again."),
			strings.ToUpper(i18n.CounterStatusLabel(c.lang, v.Counter.Status))))
		d.ClosedBanner.Show()
	} else {
		d.ClosedBanner.Hide()
	}

	// The primary slot shows what comes next for this ticket.
	st := api.State("")
	if cur != nil {
		st = cur.State
	}
	show := d.CallNext
	switch {
	case c.pending != nil:
	case st == api.StateCalled:
		show = d.Start
	case st == api.StateServing:
		show = d.FinishNext
	}
	for _, b := range []*KeyButton{d.CallNext, d.Start, d.FinishNext} {
		if b == show {
			b.Show()
		} else {
			b.Hide()
		}
	}
	finishImp := widget.MediumImportance
	if st == api.StateServing && !open {
		finishImp = widget.HighImportance // finish & call next cannot call on a break
	}
	if d.Finish.Importance != finishImp {
		d.Finish.Importance = finishImp
		d.Finish.Refresh()
	}

	d.renderVisit() // visit.go
	d.Waiting.render(v, d.prefixes(), d.hasView, now)
	total := 0
	for _, q := range v.Waiting {
		total += q.Count
	}
	d.WaitingTitle.SetText(fmt.Sprintf(c.t("Menunggu: %d orang", "Waiting: %d people"), total))
	d.renderToday()
	d.tick(now)
	d.root.Refresh()
	settle(d.waitScroll)
}

// renderSign paints the counter sign: the agency colour while open, grey
// with the status spelled out while on break or closed.
func (d *DeskScreen) renderSign(open bool) {
	c, v := d.c, d.view
	var bg color.Color = sharedui.Primary
	sub := ""
	if a, ok := d.agency(); ok {
		bg = sharedui.AgencyColor(a)
		sub = a.Short
		if sub == "" {
			sub = a.Name
		}
		if strings.Contains(strings.ToLower(v.Counter.Name), strings.ToLower(sub)) {
			sub = "" // "Loket 1 — Disdukcapil" already says it
		}
	}
	if d.hasView {
		d.Title.SetText(counterLabel(c.lang, v.Counter))
	}
	if !open {
		bg = sharedui.MutedText
		sub = strings.ToUpper(i18n.CounterStatusLabel(c.lang, v.Counter.Status))
	}
	fg := sharedui.OnColor(bg)
	d.SignBg.FillColor = bg
	d.SignBg.Refresh()
	d.Title.Color, d.Subtitle.Color = fg, fg
	d.Title.Refresh()
	d.Subtitle.Text = sub
	d.Subtitle.Hidden = sub == ""
	d.Subtitle.Refresh()
}

// prefixes maps service id to its number prefix ("A"), for the list.
func (d *DeskScreen) prefixes() map[string]string {
	m := map[string]string{}
	for _, s := range d.view.Services {
		m[s.ID] = s.Prefix
	}
	return m
}

// tick updates the clocks (every second): waiting time, no-show countdown,
// the undo countdown and the waiting minutes.
func (d *DeskScreen) tick(now time.Time) {
	d.now = now
	c := d.c
	cur := d.view.Current
	if cur != nil {
		end := now
		if cur.State.Final() && cur.FinishedAt != nil {
			end = *cur.FinishedAt
		}
		waited := minutesText(c.lang, end.Sub(cur.IssuedAt))
		if cur.Calls > 1 {
			d.Info.SetText(fmt.Sprintf(c.t("· panggilan ke-%d · tunggu %s", "· call no. %d · waited %s"), cur.Calls, waited))
		} else {
			d.Info.SetText(fmt.Sprintf(c.t("· tunggu %s", "· waited %s"), waited))
		}
	}
	hint := ""
	if w := d.noShowWait(); w > 0 && c.pending == nil {
		hint = fmt.Sprintf(c.t("Tidak hadir: panggil ulang (F2) dulu atau tunggu %s",
			"No-show: recall (F2) first or wait %s"), clock(w.Round(time.Second)))
	}
	if hint != d.Hint.Text || (hint == "") != d.Hint.Hidden {
		d.Hint.SetText(hint)
		if hint == "" {
			d.Hint.Hide()
		} else {
			d.Hint.Show()
		}
		d.root.Refresh()
	}
	if p := c.pending; p != nil {
		left := p.Due.Sub(c.cfg.Now())
		if left < 0 {
			left = 0
		}
		msg := fmt.Sprintf(c.t("%s akan dicatat TIDAK HADIR dalam %d detik", "%s will be marked NO-SHOW in %d s"),
			p.Number, int((left+time.Second-1)/time.Second))
		if p.sending {
			msg = fmt.Sprintf(c.t("Mencatat %s tidak hadir…", "Marking %s as no-show…"), p.Number)
		}
		if d.Message.Text != msg || !d.msgRow.Visible() || d.Undo.Visible() == p.sending {
			d.Message.Importance = widget.DangerImportance
			d.Message.TextStyle.Bold = true
			d.Message.SetText(msg)
			d.Undo.Hidden = p.sending
			d.Undo.Refresh()
			d.msgRow.Show()
			d.root.Refresh()
		}
	} else if d.Undo.Visible() {
		d.Undo.Hide()
		d.msgRow.Refresh()
	}
	d.Waiting.tick(now)
	d.enable()
}

// noShowWait is the time left before the current ticket may be marked as
// no-show (0 when allowed or when nothing is called).
func (d *DeskScreen) noShowWait() time.Duration {
	cur := d.view.Current
	if cur == nil || cur.State != api.StateCalled {
		return 0
	}
	return NoShowWait(cur, d.now, d.c.NoShowAfter())
}

// clock formats a duration as m:ss or h:mm:ss.
func clock(dur time.Duration) string {
	if dur < 0 {
		dur = 0
	}
	s := int(dur / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func (d *DeskScreen) renderToday() {
	c, s := d.c, d.view.Today
	d.Today.SetText(fmt.Sprintf(c.t("Hari ini: %d dilayani · %d tidak hadir", "Today: %d served · %d no-show"),
		s.Served, s.NoShow))
	// The officer's own staff figures of today follow the averages:
	// signed-in, break and idle time, target share, recalls, IKM.
	d.TodayAvg.SetText(fmt.Sprintf(c.t("Rata-rata: layanan %s menit · tunggu %s menit", "Average: service %s min · wait %s min"),
		decimal(c.lang, s.AvgServiceMinutes), decimal(c.lang, s.AvgWaitMinutes)) + " · " + staffLine(c.lang, s))
}

// decimal writes one decimal place, with a comma in Indonesian.
func decimal(l i18n.Lang, f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if l != i18n.EN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// setBusy disables every action while one is in flight (and before the
// first view arrives).
func (d *DeskScreen) setBusy(b bool) {
	d.busy = b
	d.enable()
}

func (d *DeskScreen) enable() {
	a := Allowed{}
	pending := d.c.pending != nil
	if d.hasView && !d.busy && !pending {
		a = AllowedActions(d.view)
	}
	if pending && !d.busy && d.hasView && d.view.Counter.Status == api.CounterOpen {
		a.CallNext = true // sends the no-show at once, then calls
	}
	set := func(b *KeyButton, on bool) {
		if on && b.Disabled() {
			b.Enable()
		} else if !on && !b.Disabled() {
			b.Disable()
		}
	}
	set(d.CallNext, a.CallNext)
	set(d.Recall, a.Recall)
	set(d.Start, a.Start)
	set(d.Finish, a.Finish)
	set(d.FinishNext, a.FinishNext)
	set(d.NoShow, a.NoShow && d.noShowWait() == 0)
	set(d.Requeue, a.Requeue)
	set(d.Transfer, a.Transfer)
	set(d.VisitBtn, a.Transfer) // a ticket at this counter (called or serving)
	statusOK := d.hasView && !d.busy && !pending
	set(d.StatusOpen, statusOK)
	set(d.StatusBreak, statusOK)
	set(d.StatusClosed, statusOK)
	set(d.Undo, pending && !d.c.pending.sending)
}

func (d *DeskScreen) setOnline(on bool) {
	d.online = on
	if on {
		d.Offline.Hide()
	} else {
		d.Offline.Show()
	}
}

func (d *DeskScreen) showMessage(msg string, imp widget.Importance) {
	d.msgSeq++
	// The theme's warning colour is a light accent, too pale for text on
	// white: a warning is bold ink instead.
	d.Message.TextStyle.Bold = imp == widget.WarningImportance || imp == widget.DangerImportance
	if imp == widget.WarningImportance {
		imp = widget.MediumImportance
	}
	d.Message.Importance = imp
	d.Message.SetText(msg)
	d.msgRow.Show()
	d.root.Refresh()
}

// infoFor is how long a success message stays: long enough to read, then
// its row goes back to the waiting list. Warnings and errors stay.
const infoFor = 8 * time.Second

func (d *DeskScreen) showError(msg string)   { d.showMessage(msg, widget.DangerImportance) }
func (d *DeskScreen) showWarning(msg string) { d.showMessage(msg, widget.WarningImportance) }
func (d *DeskScreen) showInfo(msg string) {
	d.showMessage(msg, widget.SuccessImportance)
	seq, c := d.msgSeq, d.c
	time.AfterFunc(infoFor, func() {
		c.ui(func() {
			if c.Desk == d && d.msgSeq == seq && c.pending == nil {
				d.clearMessage()
			}
		})
	})
}

func (d *DeskScreen) clearMessage() {
	d.msgSeq++
	d.Message.SetText("")
	d.msgRow.Hide()
	d.root.Refresh()
}

// shortcut maps F1…F8 to the action buttons and Esc to undo; a disabled
// button ignores its key just as it ignores a tap.
func (d *DeskScreen) shortcut(ev *fyne.KeyEvent) bool {
	var b *KeyButton
	switch ev.Name {
	case fyne.KeyF1:
		b = d.CallNext
	case fyne.KeyF2:
		b = d.Recall
	case fyne.KeyF3:
		b = d.Start
	case fyne.KeyF4:
		b = d.Finish
	case fyne.KeyF5:
		b = d.NoShow
	case fyne.KeyF6:
		b = d.Requeue
	case fyne.KeyF7:
		b = d.Transfer
	case fyne.KeyF8:
		b = d.FinishNext
	case fyne.KeyF9:
		b = d.VisitBtn
	case fyne.KeyEscape:
		if d.dialogOpen && d.transfer != nil {
			d.transfer.dlg.Hide()
			return true
		}
		if d.dialogOpen && d.visit != nil {
			d.visit.dlg.Hide()
			return true
		}
		b = d.Undo
	default:
		return false
	}
	if d.dialogOpen {
		return true
	}
	if b == d.NoShow && b.Disabled() && d.c.pending == nil && !d.busy && d.noShowWait() > 0 {
		d.showWarning(d.Hint.Text) // say why F5 did nothing
		return true
	}
	if !b.Disabled() && b.OnTapped != nil {
		b.OnTapped()
	}
	return true
}

func (d *DeskScreen) typedKey(ev *fyne.KeyEvent) { d.shortcut(ev) }

// current is the ticket the ticket actions work on.
func (d *DeskScreen) current() (id, number string) {
	if d.view.Current == nil {
		return "", ""
	}
	return d.view.Current.ID, d.view.Current.Number
}

func (d *DeskScreen) onCallNext() {
	c := d.c
	if p := c.pending; p != nil {
		// No-show first (now, no more undo), then the next number.
		if p.claimed {
			return
		}
		c.sendPending(p, func(err error) {
			if c.sess != p.sess || c.Desk == nil {
				return
			}
			switch {
			case api.CodeOf(err) == api.CodeUnauthorized:
				c.expire()
			case err != nil:
				go c.refresh(p.sess, func(error) {
					c.Desk.showError(fmt.Sprintf(c.t("%s belum tercatat tidak hadir: %s", "%s is not marked as no-show: %s"),
						p.Number, i18n.ErrorMessage(c.lang, err)))
				})
			default:
				c.Desk.callNext(fmt.Sprintf(c.t("%s dicatat tidak hadir · ", "%s marked as no-show · "), p.Number))
			}
		})
		return
	}
	d.callNext("")
}

func (d *DeskScreen) callNext(prefix string) {
	c := d.c
	c.act(func(ctx context.Context, counterID string) (string, bool, error) {
		t, err := c.cfg.API.CallNext(ctx, counterID)
		if err != nil {
			return "", false, err
		}
		if t == nil {
			return prefix + c.t("Tidak ada antrean", "Nobody is waiting"), true, nil
		}
		return prefix + fmt.Sprintf(c.t("Memanggil %s", "Calling %s"), t.Number), false, nil
	})
}

func (d *DeskScreen) onRecall() {
	c := d.c
	c.act(func(ctx context.Context, counterID string) (string, bool, error) {
		t, err := c.cfg.API.Recall(ctx, counterID)
		if err != nil {
			return "", false, err
		}
		return fmt.Sprintf(c.t("%s dipanggil ulang", "%s called again"), t.Number), false, nil
	})
}

// ticketAction runs one of the ticket actions on the current ticket.
func (d *DeskScreen) ticketAction(f func(ctx context.Context, id string) (api.Ticket, error), done string) {
	c := d.c
	id, number := d.current()
	if id == "" {
		return
	}
	c.act(func(ctx context.Context, _ string) (string, bool, error) {
		if _, err := f(ctx, id); err != nil {
			return "", false, err
		}
		if done == "" {
			return "", false, nil
		}
		return fmt.Sprintf(done, number), false, nil
	})
}

func (d *DeskScreen) onStart() { d.ticketAction(d.c.cfg.API.Start, "") }

func (d *DeskScreen) onFinish() {
	d.ticketAction(d.c.cfg.API.Finish, d.c.t("%s selesai dilayani", "%s finished"))
}

// onFinishNext finishes the ticket and calls the next one in one press. The
// ticket is fixed at the press, so a second press (or a held key) finds a
// called ticket and does nothing; a failed call after a good finish is
// said plainly, with the way out.
func (d *DeskScreen) onFinishNext() {
	c := d.c
	id, number := d.current()
	if id == "" {
		return
	}
	c.act(func(ctx context.Context, counterID string) (string, bool, error) {
		if _, err := c.cfg.API.Finish(ctx, id); err != nil {
			return "", false, err
		}
		t, err := c.cfg.API.CallNext(ctx, counterID)
		if err != nil {
			return fmt.Sprintf(c.t("%s selesai dilayani, tetapi nomor berikutnya GAGAL dipanggil: %s Tekan F1 untuk mencoba lagi.",
				"%s is finished, but calling the next number FAILED: %s Press F1 to try again."),
				number, i18n.ErrorMessage(c.lang, err)), false, err
		}
		if t == nil {
			return fmt.Sprintf(c.t("%s selesai dilayani · Tidak ada antrean", "%s finished · Nobody is waiting"), number), true, nil
		}
		return fmt.Sprintf(c.t("%s selesai · Memanggil %s", "%s finished · Calling %s"), number, t.Number), false, nil
	})
}

// onNoShow starts the undo time; the server hears of it when that is over.
func (d *DeskScreen) onNoShow() {
	cur := d.view.Current
	if cur == nil || cur.State != api.StateCalled || d.noShowWait() > 0 {
		return
	}
	d.c.requestNoShow(*cur)
}

func (d *DeskScreen) onRequeue() {
	d.ticketAction(d.c.cfg.API.Requeue, d.c.t("%s dikembalikan ke antrean", "%s is back in the queue"))
}

func (d *DeskScreen) onStatus(s api.CounterStatus) {
	c := d.c
	if d.hasView && d.view.Counter.Status == s {
		return
	}
	c.act(func(ctx context.Context, counterID string) (string, bool, error) {
		_, err := c.cfg.API.SetCounterStatus(ctx, counterID, s)
		if err != nil {
			return "", false, err
		}
		return fmt.Sprintf(c.t("Status loket: %s", "Counter status: %s"), i18n.CounterStatusLabel(c.lang, s)), false, nil
	})
}
