package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"antrean/assets"
	"antrean/shared/api"
	"antrean/shared/i18n"
)

// LoginScreen asks for username and password, then — when the officer is
// assigned to more than one counter — which counter to open.
type LoginScreen struct {
	c    *Console
	root fyne.CanvasObject

	Username *widget.Entry
	Password *widget.Entry
	// Counter appears after a login that offers several counters.
	Counter  *widget.Select
	Submit   *widget.Button
	LangBtn  *widget.Button
	Message  *widget.Label
	counters []api.Counter // options behind Counter, in order
	busy     bool
}

func newLogin(c *Console) *LoginScreen {
	l := &LoginScreen{c: c}
	l.Username = widget.NewEntry()
	l.Username.SetPlaceHolder(c.t("mis. petugas1", "e.g. petugas1"))
	l.Password = widget.NewPasswordEntry()
	l.Password.OnSubmitted = func(string) { l.onSubmit() }
	l.Username.OnSubmitted = func(string) { c.win.Canvas().Focus(l.Password) }
	l.Counter = widget.NewSelect(nil, nil)
	l.Counter.PlaceHolder = c.t("Pilih loket", "Choose a counter")
	l.Counter.Hide()
	l.Submit = widget.NewButtonWithIcon(c.t("Masuk", "Sign in"), theme.LoginIcon(), l.onSubmit)
	l.Submit.Importance = widget.HighImportance
	l.LangBtn = widget.NewButton(c.t("English", "Bahasa Indonesia"), c.ToggleLang)
	l.Message = widget.NewLabel("")
	l.Message.Wrapping = fyne.TextWrapWord
	l.Message.Importance = widget.DangerImportance
	l.Message.Hide()

	title := canvas.NewText(c.t("Konsol Loket", "Counter Console"), theme.Color(theme.ColorNameForeground))
	title.TextSize = theme.TextSize() * 1.85
	title.TextStyle.Bold = true
	sub := widget.NewLabel(c.t("Antrean · Mal Pelayanan Publik", "Antrean · Public Service Mall"))
	server := widget.NewLabel(c.t("Server: ", "Server: ") + c.cfg.ServerURL)
	server.Truncation = fyne.TextTruncateEllipsis

	icon := canvas.NewImageFromResource(fyne.NewStaticResource("antrean.png", assets.Icon()))
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSquareSize(40 * theme.TextSize() / 14))
	heading := container.NewHBox(icon, title)

	form := widget.NewForm(
		widget.NewFormItem(c.t("Pengguna", "Username"), l.Username),
		widget.NewFormItem(c.t("Kata sandi", "Password"), l.Password),
	)
	body := container.NewVBox(
		container.NewHBox(layout.NewSpacer(), l.LangBtn),
		heading, sub,
		widget.NewSeparator(),
		form,
		l.Counter,
		l.Submit,
		l.Message,
		server,
	)
	// Centre a form of comfortable width, whatever the window size.
	l.root = container.NewVScroll(container.New(&columnLayout{max: 400}, body))
	return l
}

// copyState carries what the officer typed over a language switch.
func (l *LoginScreen) copyState(old *LoginScreen) {
	l.setBusy(old.busy)
	l.Username.SetText(old.Username.Text)
	l.Password.SetText(old.Password.Text)
	if len(old.counters) > 0 {
		l.offerCounters(old.counters, old.Counter.SelectedIndex())
	}
	if old.Message.Visible() {
		l.Message.Importance = old.Message.Importance
		l.showError(old.Message.Text)
	}
}

func (l *LoginScreen) showError(msg string) {
	l.Message.Importance = widget.DangerImportance
	l.Message.SetText(msg)
	l.Message.Show()
}

func (l *LoginScreen) setBusy(b bool) {
	l.busy = b
	for _, w := range []fyne.Disableable{l.Username, l.Password, l.Counter, l.Submit} {
		if b {
			w.Disable()
		} else {
			w.Enable()
		}
	}
}

// offerCounters shows the counter choice; sel is the index to preselect.
func (l *LoginScreen) offerCounters(cs []api.Counter, sel int) {
	l.counters = cs
	opts := make([]string, len(cs))
	for i, k := range cs {
		opts[i] = counterLabel(l.c.lang, k)
		// Say what the choice walks into: another officer's desk, or a
		// counter on break or closed.
		if k.Staffed {
			opts[i] += l.c.t(" · sedang dipakai petugas lain", " · in use by another officer")
		}
		if k.Status != "" && k.Status != api.CounterOpen {
			opts[i] += " · " + i18n.CounterStatusLabel(l.c.lang, k.Status)
		}
	}
	l.Counter.SetOptions(opts)
	if sel >= 0 && sel < len(opts) {
		l.Counter.SetSelectedIndex(sel)
	}
	l.Counter.Show()
	l.Submit.SetText(l.c.t("Buka loket", "Open counter"))
}

func counterLabel(lang i18n.Lang, k api.Counter) string {
	s := fmt.Sprintf("%s %d", lang.Pick("Loket", "Counter"), k.Number)
	switch {
	case k.Name == "":
		return s
	case strings.HasPrefix(strings.ToLower(k.Name), "loket "):
		return k.Name // already a full name, e.g. "Loket 1 — Disdukcapil"
	}
	return s + " — " + k.Name
}

// onSubmit logs in. With a counter chosen (or prefilled) it asks the server
// for a session at that counter; otherwise it learns the assigned counters
// first and, when there are several, lets the officer choose.
func (l *LoginScreen) onSubmit() {
	if l.busy {
		return
	}
	c := l.c
	user, pass := strings.TrimSpace(l.Username.Text), l.Password.Text
	if user == "" || pass == "" {
		l.showError(c.t("Isi nama pengguna dan kata sandi", "Enter username and password"))
		return
	}
	counterID := c.cfg.CounterID
	if i := l.Counter.SelectedIndex(); l.Counter.Visible() && i >= 0 && i < len(l.counters) {
		counterID = l.counters[i].ID
	} else if l.Counter.Visible() {
		l.showError(c.t("Pilih loket terlebih dahulu", "Choose a counter first"))
		return
	}
	l.Message.Hide()
	l.setBusy(true)
	lang := c.lang
	go func() {
		s, err := c.cfg.API.Login(context.Background(), api.SessionRequest{Username: user, Password: pass, CounterID: counterID})
		c.ui(func() {
			// The screen may have been rebuilt meanwhile (language or
			// scale): the answer goes to the login on screen now.
			l := c.Login
			if l == nil {
				return // left meanwhile
			}
			l.setBusy(false)
			if err != nil {
				l.showError(loginError(lang, err))
				return
			}
			chosen := counterID
			if chosen == "" {
				switch {
				case len(s.Counters) > 1:
					sel := 0
					for i, k := range s.Counters {
						if s.Counter != nil && k.ID == s.Counter.ID {
							sel = i
						}
					}
					l.offerCounters(s.Counters, sel)
					return
				case s.Counter != nil:
					chosen = s.Counter.ID
				case len(s.Counters) == 1:
					chosen = s.Counters[0].ID
				default:
					l.showError(c.t("Akun ini tidak ditugaskan di loket mana pun", "This account is not assigned to any counter"))
					return
				}
			}
			c.loggedIn(s, chosen, user)
		})
	}()
}

// loginError words a failed login: here unauthorized means a wrong
// password, not an expired session.
func loginError(l i18n.Lang, err error) string {
	switch api.CodeOf(err) {
	case api.CodeUnauthorized:
		return l.Pick("Nama pengguna atau kata sandi salah", "Wrong username or password")
	case api.CodeForbidden:
		return l.Pick("Anda tidak ditugaskan di loket ini", "You are not assigned to this counter")
	case api.CodeNotFound:
		return l.Pick("Loket tidak ditemukan", "Counter not found")
	}
	return i18n.ErrorMessage(l, err)
}
