package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// DeskScreen is the officer's working screen for one counter.
type DeskScreen struct {
	c    *Console
	root fyne.CanvasObject

	Title   *widget.Label
	Offline *widget.Label
	LangBtn *KeyButton
	Logout  *KeyButton

	StatusOpen, StatusBreak, StatusClosed *KeyButton

	Number  *canvas.Text
	Service *widget.Label
	State   *widget.Label
	Info    *widget.Label // calls made and waiting time so far

	CallNext, Recall, Start, Finish, NoShow, Requeue, Transfer *KeyButton

	Message *widget.Label

	WaitingTitle *widget.Label
	WaitingBox   *fyne.Container
	Today        *widget.Label

	// The transfer dialog, built when Transfer is tapped.
	TransferSelect *widget.Select
	TransferOK     *widget.Button
	transferDialog dialog.Dialog
	transferIDs    []string
	dialogOpen     bool // shortcuts wait while the dialog is up

	view    api.CounterView
	hasView bool
	busy    bool
	online  bool
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
	d := &DeskScreen{c: c, online: true}
	t := c.t
	key := d.shortcut
	btn := func(label string, icon fyne.Resource, f func()) *KeyButton {
		return newKeyButton(label, icon, f, key)
	}

	d.Title = widget.NewLabel(t("Loket", "Counter"))
	d.Title.TextStyle.Bold = true
	d.Title.Truncation = fyne.TextTruncateEllipsis
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

	d.Number = canvas.NewText("—", theme.Color(theme.ColorNameForeground))
	d.Number.TextSize = 60
	d.Number.TextStyle = fyne.TextStyle{Bold: true, Monospace: false}
	d.Number.Alignment = fyne.TextAlignCenter
	d.Service = widget.NewLabel("")
	d.Service.Alignment = fyne.TextAlignCenter
	d.Service.Wrapping = fyne.TextWrapWord
	d.State = widget.NewLabel("")
	d.State.TextStyle.Bold = true
	d.Info = widget.NewLabel("")

	d.CallNext = btn(t("Panggil berikutnya (F1)", "Call next (F1)"), theme.MediaSkipNextIcon(), d.onCallNext)
	d.CallNext.Importance = widget.HighImportance
	d.Recall = btn(t("Panggil ulang (F2)", "Recall (F2)"), theme.MediaReplayIcon(), d.onRecall)
	d.Start = btn(t("Mulai (F3)", "Start (F3)"), theme.MediaPlayIcon(), d.onStart)
	d.Finish = btn(t("Selesai (F4)", "Finish (F4)"), theme.ConfirmIcon(), d.onFinish)
	d.Finish.Importance = widget.SuccessImportance
	d.NoShow = btn(t("Tidak hadir (F5)", "No-show (F5)"), theme.CancelIcon(), d.onNoShow)
	d.NoShow.Importance = widget.WarningImportance
	d.Requeue = btn(t("Kembalikan ke antrean (F6)", "Back to queue (F6)"), theme.ContentUndoIcon(), d.onRequeue)
	d.Transfer = btn(t("Alihkan… (F7)", "Transfer… (F7)"), theme.MailForwardIcon(), d.onTransfer)

	d.Message = widget.NewLabel("")
	d.Message.Wrapping = fyne.TextWrapWord
	d.Message.Hide()

	d.WaitingTitle = widget.NewLabel(t("Menunggu", "Waiting"))
	d.WaitingTitle.TextStyle.Bold = true
	d.WaitingBox = container.NewVBox()
	d.Today = widget.NewLabel("")
	d.Today.Wrapping = fyne.TextWrapWord

	header := container.NewBorder(nil, nil, nil,
		container.NewHBox(d.Offline, d.LangBtn, d.Logout), d.Title)
	status := container.NewGridWithColumns(3, d.StatusOpen, d.StatusBreak, d.StatusClosed)
	// Labels carry their own inner padding: pull them together.
	stateRow := container.NewCenter(container.New(layout.NewCustomPaddedHBoxLayout(-2*theme.InnerPadding()+theme.Padding()), d.State, d.Info))
	card := container.NewStack(
		roundedBackground(),
		container.NewPadded(container.NewVBox(d.Number, d.Service, stateRow)),
	)
	actions := container.NewVBox(
		d.CallNext,
		container.NewGridWithColumns(2, d.Recall, d.Start),
		container.NewGridWithColumns(2, d.Finish, d.NoShow),
		container.NewGridWithColumns(2, d.Requeue, d.Transfer),
	)
	top := container.NewVBox(header, status, card, actions, d.Message, widget.NewSeparator(), d.WaitingTitle)
	bottom := container.NewVBox(widget.NewSeparator(), d.Today)
	d.root = container.NewBorder(top, bottom, nil, nil, container.NewVScroll(d.WaitingBox))
	d.render(c.cfg.Now())
	return d
}

func roundedBackground() fyne.CanvasObject {
	r := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	r.CornerRadius = theme.InputRadiusSize()
	return r
}

// copyState carries the view and messages over a language switch.
func (d *DeskScreen) copyState(old *DeskScreen) {
	d.online = old.online
	d.Offline.Hidden = old.Offline.Hidden
	if old.hasView {
		d.apply(old.view, d.c.cfg.Now())
	}
	d.setBusy(old.busy)
	if old.Message.Visible() {
		d.Message.Importance = old.Message.Importance
		d.Message.SetText(old.Message.Text)
		d.Message.Show()
	}
}

// Allowed says which actions the current ticket and counter status permit.
type Allowed struct {
	CallNext, Recall, Start, Finish, NoShow, Requeue, Transfer bool
}

// AllowedActions is the enabling rule of the action buttons.
func AllowedActions(v api.CounterView) Allowed {
	var a Allowed
	st := api.State("")
	if v.Current != nil {
		st = v.Current.State
	}
	free := st == "" || st == api.StateWaiting || st.Final()
	a.CallNext = free && v.Counter.Status == api.CounterOpen
	called, serving := st == api.StateCalled, st == api.StateServing
	a.Recall, a.Start, a.NoShow, a.Requeue = called, called, called, called
	a.Finish = serving
	a.Transfer = called || serving
	return a
}

// apply shows a fresh counter view.
func (d *DeskScreen) apply(v api.CounterView, now time.Time) {
	d.view, d.hasView = v, true
	d.render(now)
}

func (d *DeskScreen) render(now time.Time) {
	c, v := d.c, d.view
	if d.hasView {
		d.Title.SetText(counterLabel(c.lang, v.Counter))
	}
	for _, sb := range []struct {
		b *KeyButton
		s api.CounterStatus
	}{{d.StatusOpen, api.CounterOpen}, {d.StatusBreak, api.CounterBreak}, {d.StatusClosed, api.CounterClosed}} {
		imp := widget.MediumImportance
		if d.hasView && v.Counter.Status == sb.s {
			imp = widget.HighImportance
			if sb.s != api.CounterOpen {
				imp = widget.WarningImportance
			}
		}
		if sb.b.Importance != imp {
			sb.b.Importance = imp
			sb.b.Refresh()
		}
	}

	cur := v.Current
	if cur == nil {
		d.Number.Text = "—"
		if d.hasView && v.Counter.Status != api.CounterOpen {
			d.Service.SetText(c.t("Loket sedang ", "Counter is ") +
				strings.ToLower(i18n.CounterStatusLabel(c.lang, v.Counter.Status)))
		} else {
			d.Service.SetText(c.t("Siap memanggil nomor berikutnya", "Ready to call the next number"))
		}
		d.State.SetText("")
		d.Info.SetText("")
	} else {
		d.Number.Text = cur.Number
		svc := cur.ServiceName
		if cur.AgencyShort != "" {
			svc += " · " + cur.AgencyShort
		}
		if cur.Priority.IsPriority() {
			svc += " · " + i18n.PriorityLabel(c.lang, cur.Priority)
		}
		d.Service.SetText(svc)
		d.State.SetText(i18n.StateLabel(c.lang, cur.State))
		switch cur.State {
		case api.StateCalled:
			d.State.Importance = widget.WarningImportance
		case api.StateServing:
			d.State.Importance = widget.SuccessImportance
		default:
			d.State.Importance = widget.MediumImportance
		}
		d.State.Refresh()
	}
	d.Number.Color = theme.Color(theme.ColorNameForeground)
	d.Number.Refresh()
	d.tick(now)
	d.renderWaiting()
	d.renderToday()
	d.enable()
}

// tick updates the waiting time of the current ticket (every second).
func (d *DeskScreen) tick(now time.Time) {
	cur := d.view.Current
	if cur == nil {
		return
	}
	end := now
	if cur.State.Final() && cur.FinishedAt != nil {
		end = *cur.FinishedAt
	}
	d.Info.SetText(fmt.Sprintf(d.c.t("· panggilan %d× · tunggu %s", "· calls %d× · waited %s"),
		cur.Calls, clock(end.Sub(cur.IssuedAt))))
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

func (d *DeskScreen) renderWaiting() {
	c := d.c
	total := 0
	var rows []fyne.CanvasObject
	for _, q := range d.view.Waiting {
		total += q.Count
		head := widget.NewLabel(fmt.Sprintf("%s — %d", q.ServiceName, q.Count))
		head.TextStyle.Bold = true
		head.Truncation = fyne.TextTruncateEllipsis
		rows = append(rows, head)
		if len(q.Next) == 0 {
			continue
		}
		var segs []widget.RichTextSegment
		for i, n := range q.Next {
			if i > 0 {
				segs = append(segs, &widget.TextSegment{Text: ",  ", Style: widget.RichTextStyleInline})
			}
			st := widget.RichTextStyleInline
			text := n.Number
			if n.Priority.IsPriority() {
				st.ColorName = theme.ColorNameWarning
				st.TextStyle.Bold = true
				text += " (" + i18n.PriorityLabel(c.lang, n.Priority) + ")"
			}
			segs = append(segs, &widget.TextSegment{Text: text, Style: st})
		}
		if q.Count > len(q.Next) {
			segs = append(segs, &widget.TextSegment{Text: ",  …", Style: widget.RichTextStyleInline})
		}
		rt := widget.NewRichText(segs...)
		rt.Wrapping = fyne.TextWrapWord
		rows = append(rows, rt)
	}
	if len(rows) == 0 && d.hasView {
		empty := widget.NewLabel(c.t("Tidak ada yang menunggu", "Nobody is waiting"))
		empty.Importance = widget.LowImportance
		rows = append(rows, empty)
	}
	d.WaitingTitle.SetText(fmt.Sprintf(c.t("Menunggu: %d orang", "Waiting: %d people"), total))
	d.WaitingBox.Objects = rows
	d.WaitingBox.Refresh()
}

func (d *DeskScreen) renderToday() {
	c, s := d.c, d.view.Today
	d.Today.SetText(fmt.Sprintf(c.t(
		"Hari ini: %d dilayani · %d tidak hadir · rata-rata layanan %s menit · rata-rata tunggu %s menit",
		"Today: %d served · %d no-show · average service %s min · average wait %s min"),
		s.Served, s.NoShow, decimal(c.lang, s.AvgServiceMinutes), decimal(c.lang, s.AvgWaitMinutes)) +
		"\n" + staffLine(c.lang, s)) // signed-in, break and idle time, target share, recalls, IKM
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
	if d.hasView && !d.busy {
		a = AllowedActions(d.view)
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
	set(d.NoShow, a.NoShow)
	set(d.Requeue, a.Requeue)
	set(d.Transfer, a.Transfer)
	statusOK := d.hasView && !d.busy
	set(d.StatusOpen, statusOK)
	set(d.StatusBreak, statusOK)
	set(d.StatusClosed, statusOK)
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
	d.Message.Importance = imp
	d.Message.SetText(msg)
	d.Message.Show()
}

func (d *DeskScreen) showError(msg string)   { d.showMessage(msg, widget.DangerImportance) }
func (d *DeskScreen) showWarning(msg string) { d.showMessage(msg, widget.WarningImportance) }
func (d *DeskScreen) showInfo(msg string)    { d.showMessage(msg, widget.SuccessImportance) }
func (d *DeskScreen) clearMessage()          { d.Message.SetText(""); d.Message.Hide() }

// shortcut maps F1…F7 to the action buttons; a disabled button ignores its
// key just as it ignores a tap.
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
	default:
		return false
	}
	if d.dialogOpen {
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
	c.act(func(ctx context.Context, counterID string) (string, bool, error) {
		t, err := c.cfg.API.CallNext(ctx, counterID)
		if err != nil {
			return "", false, err
		}
		if t == nil {
			return c.t("Tidak ada antrean", "Nobody is waiting"), true, nil
		}
		return fmt.Sprintf(c.t("Memanggil %s", "Calling %s"), t.Number), false, nil
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

func (d *DeskScreen) onNoShow() {
	d.ticketAction(d.c.cfg.API.NoShow, d.c.t("%s dicatat tidak hadir", "%s marked as no-show"))
}

func (d *DeskScreen) onRequeue() {
	d.ticketAction(d.c.cfg.API.Requeue, d.c.t("%s dikembalikan ke antrean", "%s is back in the queue"))
}

// onTransfer asks for the target service, excluding the ticket's own.
func (d *DeskScreen) onTransfer() {
	c := d.c
	cur := d.view.Current
	if cur == nil {
		return
	}
	var opts []string
	d.transferIDs = nil
	for _, s := range d.view.Services {
		if s.ID == cur.ServiceID {
			continue
		}
		label := s.Name
		if s.Prefix != "" {
			label = s.Prefix + " — " + s.Name
		}
		opts = append(opts, label)
		d.transferIDs = append(d.transferIDs, s.ID)
	}
	if len(opts) == 0 {
		d.showWarning(c.t("Tidak ada layanan lain untuk pengalihan", "No other service to transfer to"))
		return
	}
	ticketID, number := cur.ID, cur.Number
	d.TransferOK = widget.NewButtonWithIcon(c.t("Alihkan", "Transfer"), theme.MailForwardIcon(), nil)
	d.TransferOK.Importance = widget.HighImportance
	d.TransferOK.Disable()
	d.TransferSelect = widget.NewSelect(opts, func(string) { d.TransferOK.Enable() })
	d.TransferSelect.PlaceHolder = c.t("Pilih layanan tujuan", "Choose the target service")
	cancel := widget.NewButton(c.t("Batal", "Cancel"), nil)
	content := container.NewVBox(
		widget.NewLabel(fmt.Sprintf(c.t("Alihkan %s ke layanan:", "Transfer %s to service:"), number)),
		d.TransferSelect,
		container.NewGridWithColumns(2, cancel, d.TransferOK),
	)
	dlg := dialog.NewCustomWithoutButtons(c.t("Alihkan tiket", "Transfer ticket"), content, c.win)
	d.transferDialog = dlg
	cancel.OnTapped = dlg.Hide
	d.TransferOK.OnTapped = func() {
		i := d.TransferSelect.SelectedIndex()
		if i < 0 || i >= len(d.transferIDs) {
			return
		}
		target, name := d.transferIDs[i], d.TransferSelect.Selected
		dlg.Hide()
		c.act(func(ctx context.Context, _ string) (string, bool, error) {
			if _, err := c.cfg.API.Transfer(ctx, ticketID, target); err != nil {
				return "", false, err
			}
			return fmt.Sprintf(c.t("%s dialihkan ke %s", "%s transferred to %s"), number, name), false, nil
		})
	}
	dlg.SetOnClosed(func() { d.dialogOpen = false })
	dlg.Resize(fyne.NewSize(360, dlg.MinSize().Height))
	d.dialogOpen = true
	dlg.Show()
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
