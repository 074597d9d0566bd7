package ui

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// Check-in of an online booking ("Sudah daftar online?"): the citizen
// holds the booking's QR code (on a phone or on paper) to the scanner —
// which types it like a keyboard, no text field needed (scan.go) — or
// types the 6-character code on a big keypad. The server turns the booking
// into a ticket (the same one however often it is asked), which is shown
// and printed like any ticket, with its slot. Outside the check-in window
// the kiosk says why and what to do.

// bookingsOffered reports whether any service takes online bookings (the
// home screen then offers check-in).
func (k *Kiosk) bookingsOffered() bool {
	if k.catalog == nil {
		return false
	}
	for _, s := range k.catalog.Services {
		if s.Booking != nil {
			return true
		}
	}
	return false
}

// bookingCodeFromScan finds the code in a scanned booking link
// (".../b/ACF347"); "" when it is not one.
func bookingCodeFromScan(s string) string {
	s = strings.TrimSpace(s)
	i := strings.LastIndex(s, "/b/")
	if i < 0 {
		return ""
	}
	code := s[i+3:]
	if j := strings.IndexAny(code, "?#/ \t\r\n"); j >= 0 {
		code = code[:j]
	}
	if len(code) != api.BookingCodeLen {
		return ""
	}
	for _, r := range code {
		if !strings.ContainsRune(api.BookingAlphabet, unicode.ToUpper(r)) {
			return ""
		}
	}
	return strings.ToUpper(code)
}

// checkIn is the one check-in request in flight. Check-in is idempotent on
// the server, so it is retried while the server is away or busy.
type checkIn struct {
	code   string
	from   *bookingScreen
	ctx    context.Context
	cancel context.CancelFunc
}

// checkInBooking starts a check-in of code, from the booking screen (which
// is shown first if the scan came in elsewhere).
func (k *Kiosk) checkInBooking(code string) {
	s, ok := k.current.(*bookingScreen)
	if !ok {
		s = &bookingScreen{k: k}
		k.navigate(s)
	}
	if k.checkingIn != nil {
		return
	}
	s.code, s.msg, s.walkIn = code, "", false
	ctx, cancel := context.WithTimeout(k.ctx, k.cfg.GiveUpAfter)
	ci := &checkIn{code: code, from: s, ctx: ctx, cancel: cancel}
	k.checkingIn = ci
	s.setBusy(true)
	k.wg.Add(1)
	go k.checkInLoop(ci)
}

func (k *Kiosk) checkInLoop(ci *checkIn) {
	defer k.wg.Done()
	key := k.cfg.NewKey()
	delay := k.cfg.RetryDelay
	for {
		actx, acancel := context.WithTimeout(ci.ctx, k.cfg.AttemptTimeout)
		res, err := k.be.CheckIn(actx, ci.code, key)
		acancel()
		if err == nil {
			k.run(func() { k.checkedIn(ci, res) })
			return
		}
		if !retryable(err) || ci.ctx.Err() != nil || (api.CodeOf(err) == api.CodeUnavailable && !k.onlineFlag.Load()) {
			// Say precisely why: the booking's times and state help.
			var b *api.Booking
			switch api.CodeOf(err) {
			case api.CodeOutsideWindow, api.CodeInvalidState:
				bctx, bcancel := context.WithTimeout(k.ctx, k.cfg.AttemptTimeout)
				if got, berr := k.be.Booking(bctx, ci.code); berr == nil {
					b = &got
				}
				bcancel()
			}
			k.run(func() { k.checkInFailed(ci, err, b) })
			return
		}
		select {
		case <-ci.ctx.Done():
			k.run(func() { k.checkInFailed(ci, err, nil) })
			return
		case <-time.After(delay):
		}
		delay = min(delay*2, 2*time.Second)
	}
}

// checkedIn shows the ticket and prints it, unless the citizen left.
func (k *Kiosk) checkedIn(ci *checkIn, res api.CheckIn) {
	if k.checkingIn != ci {
		return
	}
	ci.cancel()
	k.checkingIn = nil
	ts := &ticketScreen{k: k, t: res.Ticket, printing: k.pr != nil, lateBooking: res.Late}
	k.navigate(ts)
	k.RefreshCatalog()
	if k.pr == nil {
		return
	}
	site := k.siteName()
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		ctx, cancel := context.WithTimeout(k.ctx, k.cfg.PrintTimeout)
		err := k.pr.Print(ctx, site, res.Ticket)
		cancel()
		k.run(func() { ts.printed(err) })
	}()
}

func (k *Kiosk) checkInFailed(ci *checkIn, err error, b *api.Booking) {
	if k.checkingIn != ci {
		return
	}
	ci.cancel()
	k.checkingIn = nil
	s := ci.from
	s.busy = false
	s.msg, s.walkIn = k.checkInError(err, b)
	if api.CodeOf(err) == api.CodeNotFound {
		s.code = ""
	}
	if k.current == s {
		k.redraw()
	}
}

// checkInError words a refusal for the citizen: why, and what to do; walkIn
// says whether to offer an ordinary queue number instead.
func (k *Kiosk) checkInError(err error, b *api.Booking) (string, bool) {
	l := k.lang
	reason := api.ClosedReason("")
	var e *api.Error
	if errors.As(err, &e) {
		reason = e.Reason
	}
	clock := func(t time.Time) string { return i18n.FormatClock(l, t.In(k.loc)) }
	switch api.CodeOf(err) {
	case api.CodeNotFound:
		return l.Pick("Kode booking ini tidak ditemukan. Periksa lagi 6 huruf dan angka pada booking Anda.",
			"This booking code was not found. Please check the 6 letters and digits of your booking."), false
	case api.CodeOutsideWindow:
		if b == nil {
			break
		}
		switch reason {
		case api.ReasonTooEarly:
			return l.Pick("Booking Anda untuk jam "+clock(b.SlotStart)+". Check-in baru dibuka pukul "+clock(b.CheckInFrom)+": silakan kembali pada jam tersebut.",
				"Your booking is for "+clock(b.SlotStart)+". Check-in opens at "+clock(b.CheckInFrom)+": please come back then."), false
		case api.ReasonTooLate:
			return l.Pick("Waktu check-in untuk jam "+clock(b.SlotStart)+" sudah lewat (sampai pukul "+clock(b.CheckInUntil)+"), jadi booking tidak berlaku lagi. Silakan ambil nomor antrean biasa atau daftar ulang.",
				"Check-in for "+clock(b.SlotStart)+" closed at "+clock(b.CheckInUntil)+", so the booking has lapsed. Please take an ordinary queue number or book again."), true
		case api.ReasonWrongDay:
			d := i18n.FormatDate(l, b.SlotStart.In(k.loc))
			return l.Pick("Booking ini untuk "+d+", jam "+clock(b.SlotStart)+". Silakan datang pada hari itu.",
				"This booking is for "+d+" at "+clock(b.SlotStart)+". Please come on that day."), false
		}
	case api.CodeInvalidState:
		if b != nil && b.State == api.BookingCancelled {
			return l.Pick("Booking ini sudah dibatalkan. Silakan ambil nomor antrean biasa.",
				"This booking was cancelled. Please take an ordinary queue number."), true
		}
		if b != nil && b.State == api.BookingNoShow {
			return l.Pick("Hari booking ini sudah lewat. Silakan ambil nomor antrean biasa atau daftar ulang.",
				"The day of this booking is over. Please take an ordinary queue number or book again."), true
		}
	case api.CodeServiceClosed, api.CodeQuotaFull:
		return l.Pick("Anda terlambat dari jam booking, dan layanan ini sedang tidak memberi nomor antrean: ",
			"You are late for your booking, and this service is not giving queue numbers now: ") +
			strings.ToLower(i18n.ClosedReason(l, reason)) + ". " + k.whereToAsk(), false
	}
	if retryable(err) {
		return l.Pick("Check-in sedang tidak dapat dilakukan di kiosk ini. Silakan coba lagi sebentar lagi. ",
			"Check-in is not possible at this kiosk right now. Please try again in a moment. ") + k.whereToAsk(), false
	}
	return i18n.ErrorMessage(l, err), false
}

// ---- the check-in screen ------------------------------------------------

type bookingScreen struct {
	k      *Kiosk
	code   string // what was typed (or scanned)
	msg    string // why the last check-in was refused
	walkIn bool   // offer an ordinary number instead
	busy   bool
	Back   *Tile
	Next   *Tile
	Delete *Tile
	Clear  *Tile
	WalkIn *Tile // "take an ordinary number", after a refusal that calls for it
	Keys   map[rune]*Tile
	Field  *canvas.Text
	Hint   *textBlock
	Banner string
}

func (s *bookingScreen) timeout() time.Duration { return s.k.cfg.IdleTimeout }

func (s *bookingScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	header, back := k.header(l.Pick("Sudah daftar online?", "Booked online?"), l.Pick("Check-in booking", "Check in your booking"), k.goHome)
	s.Back = back
	s.Keys = map[rune]*Tile{}
	var keys []fyne.CanvasObject
	for _, r := range api.BookingAlphabet {
		t := newTile(stylePrimary, string(r), k.tap(func() { s.onKey(r) }))
		t.titleSize = sizeTitle
		s.Keys[r] = t
		keys = append(keys, t)
	}
	s.Clear = newTile(styleGhost, l.Pick("Ulang", "Clear"), k.tap(s.onClear))
	s.Delete = newTile(styleGhost, l.Pick("‹ Hapus", "‹ Delete"), k.tap(s.onDelete))
	s.Clear.titleSize, s.Delete.titleSize = sizeBody, sizeBody
	keys = append(keys, s.Clear, s.Delete)
	// 19 characters, clear and delete: three rows of seven.
	pad := container.New(keyGrid{cols: 7, gap: k.px(14), maxH: k.px(150)}, keys...)

	s.Field = label("", sizeClock, colorHeader, true)
	box := rect(colorGhost)
	box.StrokeColor = rect(colorOnGhost).FillColor
	box.StrokeWidth, box.CornerRadius = 3, k.px(14)
	field := container.NewStack(box, s.Field)
	s.Hint = txt("", sizeBody, colorText, true)
	top := container.New(&fieldLayout{h: k.px(150), gap: k.px(16)}, s.Hint, field)
	body := container.New(&flow{gap: k.px(20), grow: pad}, top, pad)

	s.Next = newTile(styleAccent, l.Pick("Check-in ›", "Check in ›"), k.tap(s.onNext))
	s.Next.SetMinSize(fyne.NewSize(k.px(520), k.px(minTouch+16)))
	var footer fyne.CanvasObject = sized(s.Next.MinSize().Width, s.Next.MinSize().Height, s.Next)
	s.WalkIn = nil
	if s.walkIn {
		s.WalkIn = newTile(stylePrimary, l.Pick("Ambil nomor antrean biasa", "Take an ordinary number"), k.tap(s.onWalkIn))
		bh := k.px(minTouch + 16)
		footer = sized(k.px(1100), bh, container.New(grid{cols: func(fyne.Size) int { return 2 }, gap: k.px(24), maxH: bh}, s.WalkIn, s.Next))
	}
	s.Banner = s.msg
	s.refresh()
	return k.page(header, k.warnBanner(s.msg), body, footer)
}

// refresh shows what was typed and what to do.
func (s *bookingScreen) refresh() {
	l := s.k.lang
	shown := s.code + strings.Repeat("•", max(0, api.BookingCodeLen-len(s.code)))
	setLabel(s.Field, strings.Join(strings.Split(shown, ""), " "))
	hint := l.Pick("Ketik kode booking Anda: 6 huruf dan angka (tanpa huruf O, I, S, dan tanpa angka 0, 1).",
		"Type your booking code: 6 letters and digits (no O, I, S and no 0, 1).")
	if s.k.cfg.Scanner {
		hint = l.Pick("Dekatkan kode QR booking (di ponsel atau kertas) ke pemindai, atau ketik 6 huruf dan angka kode booking Anda.",
			"Hold your booking's QR code (on your phone or on paper) to the scanner, or type the 6 letters and digits of its code.")
	}
	if s.busy {
		hint = l.Pick("Memeriksa booking Anda…", "Checking your booking…")
	}
	s.Hint.SetText(hint)
	s.Next.Enable()
	if len(s.code) != api.BookingCodeLen || s.busy {
		s.Next.Disable()
	}
}

func (s *bookingScreen) setBusy(on bool) {
	s.busy = on
	if s.k.current == s {
		if s.Banner != s.msg {
			s.k.redraw() // the old refusal goes
			return
		}
		s.refresh()
	}
}

// Typed is the code as typed so far.
func (s *bookingScreen) Typed() string { return s.code }

// typeable reports whether a key typed on a keyboard means something here.
func (s *bookingScreen) typeable(r rune) bool {
	return r < 0x80 && strings.ContainsRune(api.BookingAlphabet, unicode.ToUpper(r))
}

func (s *bookingScreen) onKey(r rune) {
	if s.busy || len(s.code) >= api.BookingCodeLen {
		return
	}
	s.code += string(unicode.ToUpper(r))
	s.refresh()
}

func (s *bookingScreen) onDelete() {
	if s.busy || s.code == "" {
		return
	}
	s.code = s.code[:len(s.code)-1]
	s.refresh()
}

func (s *bookingScreen) onClear() {
	if s.busy {
		return
	}
	s.code = ""
	s.refresh()
}

func (s *bookingScreen) onNext() {
	if s.busy || len(s.code) != api.BookingCodeLen {
		return
	}
	s.k.checkInBooking(s.code)
}

// onWalkIn goes to the ordinary ticket flow.
func (s *bookingScreen) onWalkIn() {
	k := s.k
	if !k.online || k.catalog == nil {
		k.navigate(k.newErrorScreen(errUnavailable, nil))
		return
	}
	k.navigate(&agencyScreen{k: k})
}

// ---- home entry ---------------------------------------------------------

func (s *homeScreen) onBooking() { s.k.navigate(&bookingScreen{k: s.k}) }
