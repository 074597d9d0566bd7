package ui

import (
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
)

// A USB barcode scanner types what it reads like a keyboard, then Enter.
// The kiosk listens on the window (no visible text field) and takes a
// ticket's QR code, the status link ".../t/{id}", as proof of the ticket
// for the survey: on the home screen and on the survey's number screen.
// Keys typed on a real keyboard fill the number screen's field as the
// keypad would.

// scanQuiet is how long a scan may pause between characters; a scanner
// without an Enter suffix is read after this much quiet.
const scanQuiet = 300 * time.Millisecond

type scanBuffer struct {
	buf   []rune
	last  time.Time
	timer *time.Timer
}

func (k *Kiosk) listenForScanner() {
	c := k.w.Canvas()
	c.SetOnTypedRune(k.typedRune)
	c.SetOnTypedKey(k.typedKey)
}

// typedRune runs on the UI goroutine for every character typed with no
// text field focused.
func (k *Kiosk) typedRune(r rune) {
	now := time.Now()
	if now.Sub(k.scan.last) > scanQuiet {
		k.scan.buf = k.scan.buf[:0]
	}
	k.scan.last = now
	if len(k.scan.buf) < 512 {
		k.scan.buf = append(k.scan.buf, r)
	}
	if k.scan.timer != nil {
		k.scan.timer.Stop()
	}
	k.scan.timer = time.AfterFunc(scanQuiet, func() { k.run(func() { k.flushScan(false) }) })
	if s, ok := k.current.(*surveyNumberScreen); ok && s.typeable(r) {
		s.onKey(unicode.ToUpper(r))
	}
	if s, ok := k.current.(*bookingScreen); ok && s.typeable(r) {
		s.onKey(r)
	}
}

func (k *Kiosk) typedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if k.flushScan(true) {
			return
		}
		if s, ok := k.current.(*surveyNumberScreen); ok {
			s.onNext()
		}
		if s, ok := k.current.(*bookingScreen); ok {
			s.onNext()
		}
	case fyne.KeyBackspace:
		if s, ok := k.current.(*surveyNumberScreen); ok {
			s.onDelete()
		}
		if s, ok := k.current.(*bookingScreen); ok {
			s.onDelete()
		}
	}
}

// flushScan reads what was typed as a scanned ticket; it reports whether
// it was one.
func (k *Kiosk) flushScan(enter bool) bool {
	s := string(k.scan.buf)
	if !enter && time.Since(k.scan.last) < scanQuiet {
		return false // more is coming
	}
	k.scan.buf = k.scan.buf[:0]
	// A booking's QR code (".../b/CODE"): check it in, from home or the
	// check-in screen (checkin.go).
	if code := bookingCodeFromScan(s); code != "" {
		switch k.current.(type) {
		case *homeScreen, *bookingScreen:
			k.touch()
			k.checkInBooking(code)
			return true
		}
		return false
	}
	id := ticketIDFromScan(s)
	if id == "" {
		return false
	}
	if b, ok := k.current.(*bookingScreen); ok && k.checkingIn == nil {
		// A ticket's QR code held to the booking check-in: say so.
		b.code, b.walkIn = "", false
		b.msg = k.lang.Pick("Itu kode QR tiket antrean, bukan booking. Pindai kode QR dari halaman booking Anda.",
			"That is a queue ticket's QR code, not a booking. Scan the QR code of your booking's page.")
		k.touch()
		k.redraw()
		return true
	}
	switch k.current.(type) {
	case *homeScreen, *surveyNumberScreen:
		k.touch()
		k.scannedTicket(id) // a missed number may queue again; else the survey
		return true
	}
	return false
}

// ticketIDFromScan finds the ticket id in a scanned status link
// ("https://…/t/AbC123…"); "" when it is not one.
func ticketIDFromScan(s string) string {
	s = strings.TrimSpace(s)
	i := strings.LastIndex(s, "/t/")
	if i < 0 {
		return ""
	}
	id := s[i+3:]
	if j := strings.IndexAny(id, "?#/ \t\r\n"); j >= 0 {
		id = id[:j]
	}
	if len(id) < 8 || len(id) > 64 {
		return ""
	}
	for _, r := range id {
		if !(r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_')) {
			return ""
		}
	}
	return id
}
