package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// Returning after a no-show (visits, README "Visits"): a citizen whose
// number was called while they were away holds the ticket's QR code to
// the kiosk's scanner. A ticket still inside the site's return window is
// offered a place back in line (POST /v1/tickets/{id}/return, placed as
// the server documents); any other ticket goes on to the survey as
// before.

// lookup is a scanned ticket being read before the kiosk decides.
type lookup struct{ id string }

// scannedTicket reads the ticket first: a no-show that may still return
// gets the return screen, everything else the survey by its QR code.
func (k *Kiosk) scannedTicket(id string) {
	if k.looking != nil {
		return
	}
	lk := &lookup{id: id}
	k.looking = lk
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		ctx, cancel := context.WithTimeout(k.ctx, k.cfg.AttemptTimeout)
		t, err := k.be.Ticket(ctx, id)
		cancel()
		k.run(func() { k.lookedUp(lk, t, err) })
	}()
}

func (k *Kiosk) lookedUp(lk *lookup, t api.Ticket, err error) {
	if k.looking != lk {
		return
	}
	k.looking = nil
	if err == nil && mayReturn(t) {
		k.navigate(&returnScreen{k: k, t: t})
		return
	}
	// Not a no-show (or the server did not say): the survey decides and
	// explains, as for any scanned ticket.
	switch k.current.(type) {
	case *homeScreen, *surveyNumberScreen:
		k.surveyByTicketID(lk.id)
	}
}

// mayReturn: a no-show the site lets return. The window's end is shown;
// whether it has passed is the server's call (the kiosk's clock may be
// off), and a refusal says so in words.
func mayReturn(t api.Ticket) bool {
	return t.State == api.StateNoShow && t.ReturnUntil != nil
}

// returnScreen offers a missed number its place back in line.
type returnScreen struct {
	k      *Kiosk
	t      api.Ticket
	busy   bool
	msg    string // why the last try failed
	Title  *textBlock
	Body   *textBlock
	Return *Tile
	Home   *Tile
}

func (s *returnScreen) timeout() time.Duration { return s.k.cfg.IdleTimeout }
func (s *returnScreen) unattended()            {}

func (s *returnScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	header, _ := k.header(l.Pick("Nomor Anda terlewat", "Your number was missed"), "", k.goHome)
	s.Title = txt(s.t.Number, sizeTitle, colorHeader, true)
	until := ""
	if s.t.ReturnUntil != nil {
		until = i18n.FormatClock(l, s.t.ReturnUntil.In(k.loc))
	}
	paras := []para{
		{text: l.Pick("Nomor ini sudah dipanggil saat Anda tidak ada di loket.", "This number was called while you were not at the counter."), size: sizeBody, color: colorText},
		{text: l.Pick("Anda dapat masuk antrean lagi dengan nomor yang sama sampai pukul "+until+".",
			"You can queue again with the same number until "+until+"."), size: sizeBody, color: colorText, bold: true},
	}
	if s.msg != "" {
		paras = append(paras, para{text: s.msg, size: sizeBody, color: colorWarn, bold: true})
	}
	s.Body = newText(fyne.TextAlignCenter, paras...)
	label := l.Pick("Masuk antrean lagi", "Queue again")
	if s.busy {
		label = l.Pick("Mohon tunggu…", "Please wait…")
	}
	s.Return = newTile(styleAccent, label, k.tap(s.onReturn))
	s.Return.SetMinSize(fyne.NewSize(k.px(480), k.px(minTouch+24)))
	if s.busy {
		s.Return.Disable()
	}
	s.Home = newTile(styleGhost, l.Pick("Tidak, kembali ke awal", "No, back to start"), k.tap(k.goHome))
	s.Home.SetMinSize(fyne.NewSize(k.px(480), k.px(minTouch)))
	buttons := container.New(grid{cols: func(sz fyne.Size) int {
		if sz.Width < k.px(1000) {
			return 1
		}
		return 2
	}, gap: k.px(24), maxH: k.px(minTouch + 24)}, s.Return, s.Home)
	bh := k.px(minTouch+24)*2 + k.px(24)
	return k.page(header, nil, vflow(k.px(36), s.Title, s.Body, sized(k.px(1000), bh, buttons)), nil)
}

// onReturn asks once: the POST carries no idempotency key, so it is never
// retried by itself (a second tap after a failure is the citizen's).
func (s *returnScreen) onReturn() {
	k := s.k
	if s.busy {
		return
	}
	s.busy, s.msg = true, ""
	k.redraw()
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		ctx, cancel := context.WithTimeout(k.ctx, k.cfg.AttemptTimeout)
		t, err := k.be.ReturnTicket(ctx, s.t.ID)
		cancel()
		k.run(func() { s.returned(t, err) })
	}()
}

func (s *returnScreen) returned(t api.Ticket, err error) {
	k := s.k
	s.busy = false
	if err == nil {
		k.navigate(&ticketScreen{k: k, t: t})
		k.RefreshCatalog()
		return
	}
	l := k.lang
	switch api.CodeOf(err) {
	case api.CodeInvalidState:
		s.msg = l.Pick("Waktu untuk masuk antrean lagi sudah lewat, atau nomor ini sudah kembali ke antrean. Silakan ambil nomor baru.",
			"The time to queue again has passed, or this number is already back in line. Please take a new number.")
	default:
		s.msg = i18n.ErrorMessage(l, err) + " " + k.whereToAsk()
	}
	if k.current == s {
		k.redraw()
	}
}
