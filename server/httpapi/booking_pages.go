package httpapi

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// The booking pages: /booking (choose a service, a day and a slot, give a
// name and a phone number) and /b/{code} (one booking: its code and QR
// code for the kiosk, an .ics file for the phone's calendar, a cancel
// button). Mobile first, Indonesian first with an English toggle, the
// same look and CSP as the phone status page (/t/{id}): nothing loads
// from elsewhere, the inline script and style carry a per-response nonce.

var (
	//go:embed booking_page.html
	bookingHTML string
	//go:embed booking_view.html
	bookingViewHTML string

	bookingTmpl     = template.Must(template.New("booking").Parse(bookingHTML))
	bookingViewTmpl = template.Must(template.New("booking-view").Parse(bookingViewHTML))
)

// pageCSP is the CSP of the booking pages (as the status page's).
func pageCSP(nonce string) string {
	return "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce +
		"'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}

func (s *Server) writePage(w http.ResponseWriter, r *http.Request, status int, nonce string, tmpl *template.Template, v any) {
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, v); err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", pageCSP(nonce))
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// bookingPageView is what /booking's template gets.
type bookingPageView struct {
	Nonce    string
	C        api.BookingCatalog
	Groups   []bookingGroup
	Reasons  map[string][2]string
	HasAny   bool
	DaysMax  int
	Services []api.BookableService
}

type bookingGroup struct {
	Agency   api.Agency
	Services []api.BookableService
}

// reasonWords are the day's and the slot's reasons in Indonesian and
// English, for the page (one list, rendered into its script).
var reasonWords = map[string][2]string{
	string(api.ReasonClosedDay):    {"Layanan tutup pada hari itu", "The service is closed that day"},
	string(api.ReasonOutsideHours): {"Tidak ada jam layanan yang cukup pada hari itu", "No opening hours left that day"},
	string(api.ReasonInactive):     {"Layanan sedang tidak tersedia", "The service is not available"},
	string(api.ReasonNotBookable):  {"Layanan ini tidak menerima pendaftaran online", "This service takes no online bookings"},
	string(api.ReasonPast):         {"Sudah lewat", "Already begun"},
	string(api.ReasonTooFar):       {"Belum dibuka untuk pendaftaran", "Not open for booking yet"},
	string(api.ReasonSlotFull):     {"Penuh", "Full"},
	string(api.ReasonDayFull):      {"Kuota pendaftaran online hari itu habis", "The day's online places are taken"},
	string(api.ReasonBreak):        {"Istirahat", "Break"},
	"holiday":                      {"Hari libur", "Holiday"},
}

func (s *Server) bookingPage(w http.ResponseWriter, r *http.Request) {
	c, err := s.o.Store.BookingCatalog(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := bookingPageView{Nonce: nonce(), C: c, Reasons: reasonWords, HasAny: len(c.Services) > 0, Services: c.Services}
	for _, a := range c.Agencies {
		g := bookingGroup{Agency: a}
		for _, sv := range c.Services {
			if sv.AgencyID == a.ID {
				g.Services = append(g.Services, sv)
				v.DaysMax = max(v.DaysMax, sv.DaysAhead)
			}
		}
		v.Groups = append(v.Groups, g)
	}
	s.writePage(w, r, http.StatusOK, v.Nonce, bookingTmpl, v)
}

// bookingView is what /b/{code}'s template gets.
type bookingView struct {
	Found  bool
	Nonce  string
	B      api.Booking
	QR     template.URL // data: URI of the QR code PNG
	DateID string       // "Kamis, 3 Desember 2026"
	DateEN string
	Zone   string // WIB
	States map[api.BookingState][2]string
	Site   string
}

var bookingStateWords = map[api.BookingState][2]string{
	api.BookingBooked:    {"Terdaftar", "Booked"},
	api.BookingCheckedIn: {"Sudah check-in", "Checked in"},
	api.BookingCancelled: {"Dibatalkan", "Cancelled"},
	api.BookingNoShow:    {"Tidak hadir", "Did not come"},
}

func (s *Server) bookingViewPage(w http.ResponseWriter, r *http.Request) {
	v := bookingView{Nonce: nonce(), States: bookingStateWords}
	status := http.StatusOK
	if !s.lookupAllowed(w, r) {
		return
	}
	b, err := s.o.Store.Booking(r.Context(), r.PathValue("code"))
	switch {
	case err == nil:
		b.URL = s.bookingURL(r, b.Code)
		v.Found, v.B = true, b
		v.DateID, v.DateEN = i18n.FormatDate(i18n.ID, b.SlotStart), i18n.FormatDate(i18n.EN, b.SlotStart)
		v.Zone = i18n.ZoneLabel(b.SlotStart)
		if png, err := qrcode.Encode(b.URL, qrcode.Medium, 360); err == nil {
			v.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
		}
		if c, err := s.o.Store.BookingCatalog(r.Context()); err == nil {
			v.Site = c.SiteName
		}
	case api.CodeOf(err) == api.CodeNotFound:
		s.lookupResult(r, err)
		status = http.StatusNotFound
	default:
		s.fail(w, r, err)
		return
	}
	s.writePage(w, r, status, v.Nonce, bookingViewTmpl, v)
}

// bookingICS is the booking as a calendar event (RFC 5545), with a
// reminder an hour before. It holds no name and no phone number.
func (s *Server) bookingICS(w http.ResponseWriter, r *http.Request) {
	if !s.lookupAllowed(w, r) {
		return
	}
	b, err := s.o.Store.Booking(r.Context(), r.PathValue("code"))
	if err != nil {
		s.lookupResult(r, err)
		s.fail(w, r, err)
		return
	}
	site := "Mal Pelayanan Publik"
	if c, err := s.o.Store.BookingCatalog(r.Context()); err == nil && c.SiteName != "" {
		site = c.SiteName
	}
	url := s.bookingURL(r, b.Code)
	zone := i18n.ZoneLabel(b.SlotStart)
	desc := fmt.Sprintf("Kode booking %s. Check-in di kiosk pukul %s–%s %s: pindai kode QR atau ketik kodenya. %s",
		b.Code, b.CheckInFrom.Format("15.04"), b.CheckInUntil.Format("15.04"), zone, url)
	utc := func(t time.Time) string { return t.UTC().Format("20060102T150405Z") }
	lines := []string{
		"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Antrean//Booking//ID", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
		"BEGIN:VEVENT",
		"UID:" + b.Code + "-" + b.Date + "@antrean",
		"DTSTAMP:" + utc(b.CreatedAt),
		"DTSTART:" + utc(b.SlotStart),
		"DTEND:" + utc(b.SlotEnd),
		"SUMMARY:" + icsText("Antrean online: "+b.ServiceName+" ("+b.Code+")"),
		"LOCATION:" + icsText(site),
		"DESCRIPTION:" + icsText(desc),
		"URL:" + url,
		"BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT1H", "DESCRIPTION:" + icsText("Antrean online "+b.Code+": "+b.ServiceName), "END:VALARM",
		"END:VEVENT", "END:VCALENDAR",
	}
	if b.State == api.BookingCancelled {
		lines = append(lines[:6], append([]string{"STATUS:CANCELLED"}, lines[6:]...)...)
	}
	var out strings.Builder
	for _, l := range lines {
		out.WriteString(icsFold(l))
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Disposition", `attachment; filename="antrean-`+b.Code+`.ics"`)
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(out.String()))
}

// icsText escapes a TEXT value (RFC 5545 3.3.11).
func icsText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", "")
	return r.Replace(s)
}

// icsFold folds a content line at 75 octets (never inside a UTF-8
// character) and ends it with CRLF.
func icsFold(line string) string {
	var b strings.Builder
	n := 0
	for _, r := range line {
		size := len(string(r))
		if n+size > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += size
	}
	b.WriteString("\r\n")
	return b.String()
}
