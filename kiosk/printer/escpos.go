// Package printer turns a ticket into ESC/POS bytes for a 58 or 80 mm
// thermal printer and sends them over TCP (port 9100) or a device file
// such as /dev/usb/lp0. It has no UI and no server dependency.
package printer

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// Paper is the roll width in millimetres (58 or 80).
type Paper int

const (
	Paper58 Paper = 58
	Paper80 Paper = 80
)

// ParsePaper accepts "58" or "80" (with or without "mm").
func ParsePaper(s string) (Paper, error) {
	switch strings.TrimSuffix(strings.TrimSpace(s), "mm") {
	case "58":
		return Paper58, nil
	case "80":
		return Paper80, nil
	}
	return 0, fmt.Errorf("paper %q: want 58 or 80", s)
}

// Cols is the number of normal-size characters (font A) on one line.
func (p Paper) Cols() int {
	if p == Paper58 {
		return 32
	}
	return 48
}

// qrModule is the QR module size in dots: the code must fit the roll with a
// margin (58 mm ≈ 384 dots, 80 mm ≈ 576 dots).
func (p Paper) qrModule() byte {
	if p == Paper58 {
		return 5
	}
	return 7
}

// Receipt is what goes on paper; FromTicket fills it from the API ticket.
type Receipt struct {
	Site        string // MPP name, the header
	Agency      string
	Service     string
	Number      string // "A-001"
	Priority    api.Priority
	PeopleAhead int
	EstWait     int // minutes
	IssuedAt    time.Time
	StatusURL   string // encoded in the QR code
	CheckCode   string // proves the holder when rating by number at a kiosk
	// BookedSlot: a checked-in online booking's slot (zero for a walk-in).
	BookedSlot time.Time
	// Steps are a visit's services in order ("KTP-el (Disdukcapil)"); nil
	// for a ticket of one service.
	Steps []string
}

// FromTicket builds a receipt for t issued at the MPP called site.
func FromTicket(site string, t api.Ticket) Receipt {
	agency := t.AgencyName
	if agency == "" {
		agency = t.AgencyShort
	}
	r := Receipt{
		Site: site, Agency: agency, Service: t.ServiceName, Number: t.Number,
		Priority: t.Priority, PeopleAhead: t.PeopleAhead, EstWait: t.EstWaitMinutes,
		IssuedAt: t.IssuedAt, StatusURL: t.StatusURL, CheckCode: t.CheckCode,
	}
	if t.BookedSlot != nil {
		r.BookedSlot = *t.BookedSlot
	}
	if len(t.Route) > 1 {
		for _, st := range t.Route {
			s := st.ServiceName
			if st.AgencyShort != "" {
				s += " (" + st.AgencyShort + ")"
			}
			r.Steps = append(r.Steps, s)
		}
	}
	return r
}

// ESC/POS command bytes used here.
const (
	esc = 0x1b
	gs  = 0x1d
	lf  = 0x0a
)

// Encode renders r as one ESC/POS job: init, code page, centred header,
// agency, service, the number in large print, people ahead, date and time,
// QR code of the status page, feed and cut. Text is Indonesian (a paper
// ticket stays with the citizen; the kiosk language is a screen matter).
func Encode(r Receipt, paper Paper) []byte {
	cols := paper.Cols()
	var b bytes.Buffer
	b.Write([]byte{esc, '@'})    // initialise
	b.Write([]byte{esc, 't', 0}) // code page PC437: text is transliterated to ASCII
	b.Write([]byte{esc, 'a', 1}) // centre everything

	b.Write([]byte{esc, 'E', 1}) // bold header
	writeWrapped(&b, r.Site, cols)
	b.Write([]byte{esc, 'E', 0})
	writeWrapped(&b, strings.Repeat("-", cols), cols)
	writeWrapped(&b, r.Agency, cols)
	writeWrapped(&b, r.Service, cols)
	b.WriteByte(lf)

	writeWrapped(&b, "NOMOR ANTREAN", cols)
	mult := numberScale(r.Number, cols)
	b.Write([]byte{gs, '!', byte((mult-1)<<4 | (mult - 1))}) // width and height ×mult
	writeWrapped(&b, r.Number, cols/mult)
	b.Write([]byte{gs, '!', 0})
	if r.Priority.IsPriority() {
		writeWrapped(&b, "Prioritas: "+i18n.PriorityLabel(i18n.ID, r.Priority), cols)
	}
	if !r.BookedSlot.IsZero() {
		writeWrapped(&b, "Booking online: dipanggil mulai pukul "+i18n.FormatClock(i18n.ID, r.BookedSlot), cols)
	}
	if r.CheckCode != "" {
		b.Write([]byte{esc, 'E', 1})
		writeWrapped(&b, "Kode cek: "+r.CheckCode, cols)
		b.Write([]byte{esc, 'E', 0})
	}
	b.WriteByte(lf)
	if len(r.Steps) > 1 {
		// A visit: one number for every service, served in this order.
		writeWrapped(&b, fmt.Sprintf("SATU NOMOR UNTUK %d LAYANAN:", len(r.Steps)), cols)
		b.Write([]byte{esc, 'a', 0}) // the steps read better from the left
		for i, st := range r.Steps {
			writeWrapped(&b, fmt.Sprintf("%d. %s", i+1, st), cols)
		}
		b.Write([]byte{esc, 'a', 1})
		b.WriteByte(lf)
		writeWrapped(&b, "Layanan 1:", cols)
	}

	writeWrapped(&b, fmt.Sprintf("Di depan Anda: %d orang", r.PeopleAhead), cols)
	if r.EstWait > 0 {
		writeWrapped(&b, "Perkiraan tunggu: "+i18n.WaitMinutes(i18n.ID, r.EstWait), cols)
	}
	if !r.IssuedAt.IsZero() {
		date := "Tanggal " + r.IssuedAt.Format("02/01/2006")
		clock := "pukul " + i18n.FormatClock(i18n.ID, r.IssuedAt)
		if len(date)+1+len(clock) <= cols {
			writeWrapped(&b, date+" "+clock, cols)
		} else { // keep "pukul 14.05 WIB" together on a narrow roll
			writeWrapped(&b, date, cols)
			writeWrapped(&b, clock, cols)
		}
	}

	if qrFits(r.StatusURL) {
		b.WriteByte(lf)
		writeQR(&b, r.StatusURL, paper.qrModule())
		writeWrapped(&b, "Pindai untuk melihat status antrean", cols)
	}
	if r.CheckCode != "" {
		writeWrapped(&b, "Untuk memberi penilaian di kiosk, pindai kode QR atau ketik nomor dan kode cek.", cols)
	}
	b.WriteByte(lf)
	writeWrapped(&b, "Silakan tunggu nomor Anda dipanggil", cols)

	b.Write([]byte{esc, 'a', 0})
	b.Write([]byte{esc, 'd', 4})      // feed past the cutter
	b.Write([]byte{gs, 'V', 0x42, 0}) // feed and partial cut
	return b.Bytes()
}

// numberScale picks the largest character scale (2…4) at which the number
// still fits one line.
func numberScale(number string, cols int) int {
	n := utf8.RuneCountInString(number)
	for m := 4; m > 2; m-- {
		if n*m <= cols {
			return m
		}
	}
	return 2
}

// maxQR is the most data a model 2 QR code holds at error level M (2,331
// bytes, version 40); a longer link is not printed as a code at all
// rather than as a corrupt command.
const maxQR = 2331

func qrFits(data string) bool { return data != "" && len(data) <= maxQR }

// writeQR emits GS ( k: model 2, module size, error level M, store, print.
func writeQR(b *bytes.Buffer, data string, module byte) {
	b.Write([]byte{gs, '(', 'k', 4, 0, 49, 65, 50, 0})  // model 2
	b.Write([]byte{gs, '(', 'k', 3, 0, 49, 67, module}) // module size
	b.Write([]byte{gs, '(', 'k', 3, 0, 49, 69, 49})     // error correction M
	n := len(data) + 3
	b.Write([]byte{gs, '(', 'k', byte(n), byte(n >> 8), 49, 80, 48})
	b.WriteString(data)
	b.Write([]byte{gs, '(', 'k', 3, 0, 49, 81, 48}) // print the stored symbol
	b.WriteByte(lf)
}

// writeWrapped writes s as lines of at most cols characters, breaking at
// spaces where possible (hard-splitting longer words).
func writeWrapped(b *bytes.Buffer, s string, cols int) {
	for _, line := range Wrap(ascii(s), cols) {
		b.WriteString(line)
		b.WriteByte(lf)
	}
}

// Wrap splits s into lines no longer than cols runes.
func Wrap(s string, cols int) []string {
	if cols < 1 {
		cols = 1
	}
	var lines []string
	var cur []rune
	for _, w := range strings.Fields(s) {
		rw := []rune(w)
		for len(rw) > cols { // a word longer than the line
			if len(cur) > 0 {
				lines = append(lines, string(cur))
				cur = nil
			}
			lines = append(lines, string(rw[:cols]))
			rw = rw[cols:]
		}
		switch {
		case len(cur) == 0:
			cur = rw
		case len(cur)+1+len(rw) <= cols:
			cur = append(append(cur, ' '), rw...)
		default:
			lines = append(lines, string(cur))
			cur = rw
		}
	}
	if len(cur) > 0 {
		lines = append(lines, string(cur))
	}
	if len(lines) == 0 && s != "" {
		lines = []string{""}
	}
	return lines
}

// ascii transliterates the few non-ASCII characters our texts use; the
// printer's code page would print anything else as garbage.
func ascii(s string) string {
	var out strings.Builder
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f:
			// A control byte in a name would be a printer command
			// (ESC, GS: cut, drawer kick, code page…).
			out.WriteByte('?')
		case r < 0x80:
			out.WriteRune(r)
		case r == '—' || r == '–':
			out.WriteByte('-')
		case r == '…':
			out.WriteString("...")
		case r == '±':
			out.WriteString("+/-")
		case r == '≈':
			out.WriteByte('~')
		case r == '‘' || r == '’':
			out.WriteByte('\'')
		case r == '“' || r == '”':
			out.WriteByte('"')
		case r == 'é' || r == 'è':
			out.WriteByte('e')
		default:
			out.WriteByte('?')
		}
	}
	return out.String()
}
