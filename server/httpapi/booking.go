package httpapi

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"antrean/server/reports"
	"antrean/server/store"
	"antrean/shared/api"
)

// Online booking over HTTP. Public: the services and slots, making,
// reading and cancelling a booking (by its code), and the pages /booking
// and /b/{code}. Kiosk: check-in. Officers and admins: the day's bookings
// in full; admins: a citizen's own data and the booking report.
//
// The code is short (6 characters, 47 million of them), so reading by code
// and cancelling are throttled per client address, and cancelling needs
// the last 4 digits of the phone number, themselves throttled per code.

// bookingRoutes registers the booking endpoints and pages.
func (s *Server) bookingRoutes() {
	m := s.mux
	m.HandleFunc("GET /v1/booking/services", s.bookingServices)
	m.HandleFunc("GET /v1/booking/slots", s.bookingSlots)
	m.HandleFunc("POST /v1/bookings", s.book)
	m.HandleFunc("GET /v1/bookings/{code}", s.bookingByCode)
	m.HandleFunc("DELETE /v1/bookings/{code}", s.cancelBooking)
	m.Handle("POST /v1/bookings/{code}/check-in", s.auth(kiosk, s.checkIn))
	m.Handle("GET /v1/bookings", s.auth(officer, s.listBookings))
	m.Handle("GET /v1/admin/bookings/export", s.auth(adminOnly, s.exportBookings))
	m.Handle("GET /v1/reports/bookings", s.auth(adminOnly, s.reportBookings))
	m.HandleFunc("GET /booking", s.bookingPage)
	m.HandleFunc("GET /b/{code}", s.bookingViewPage)
	m.HandleFunc("GET /b/{code}/kalender.ics", s.bookingICS)
}

// bookingURL is a booking's own page under the public address (what its
// QR code holds).
func (s *Server) bookingURL(r *http.Request, code string) string {
	return strings.TrimSuffix(s.statusURL(r, ""), "/t/") + "/b/" + code
}

// Throttles of the public booking endpoints.
const (
	lookupMissesPerAddr = 30 // unknown codes per address …
	lookupWindow        = 10 * time.Minute
	cancelFailsPerCode  = 5 // wrong last-4 digits per booking …
	cancelCodeWindow    = 24 * time.Hour
	cancelFailsPerAddr  = 20 // … and per address
	cancelAddrWindow    = time.Hour
	bookPerMinute       = 30 // booking attempts per address, after a burst of …
	bookBurst           = 30
)

// failures counts failures per key within a window (in memory: a restart
// forgets, which costs a guesser a restart per burst at most).
type failures struct {
	mu    sync.Mutex
	fails map[string][]time.Time
	now   func() time.Time
}

func newFailures(now func() time.Time) *failures {
	return &failures{fails: map[string][]time.Time{}, now: now}
}

// blocked reports whether key had limit failures within window, and until
// when.
func (f *failures) blocked(key string, limit int, window time.Duration) (bool, time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	kept := f.fails[key][:0]
	for _, t := range f.fails[key] {
		if now.Sub(t) < window {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		delete(f.fails, key)
		return false, 0
	}
	f.fails[key] = kept
	if len(kept) < limit {
		return false, 0
	}
	return true, window - now.Sub(kept[0])
}

func (f *failures) add(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.fails) > 50000 { // bounded memory under a flood of keys
		f.fails = map[string][]time.Time{}
	}
	f.fails[key] = append(f.fails[key], f.now())
}

// bookingGuards are the booking throttles.
type bookingGuards struct {
	lookups *failures
	cancels *failures
	books   *limiter
}

func newBookingGuards(now func() time.Time) *bookingGuards {
	return &bookingGuards{lookups: newFailures(now), cancels: newFailures(now), books: newLimiter(bookPerMinute/60.0, bookBurst, now)}
}

func (s *Server) bookingGuards() *bookingGuards { return s.booking }

// lookupAllowed refuses an address that asked for too many unknown codes.
func (s *Server) lookupAllowed(w http.ResponseWriter, r *http.Request) bool {
	if bad, wait := s.bookingGuards().lookups.blocked("addr:"+s.clientAddr(r), lookupMissesPerAddr, lookupWindow); bad {
		s.tooMany(w, r, wait, "too many unknown booking codes from this address; try again later")
		return false
	}
	return true
}

// lookupResult counts a miss against the address.
func (s *Server) lookupResult(r *http.Request, err error) {
	if api.CodeOf(err) == api.CodeNotFound {
		s.bookingGuards().lookups.add("addr:" + s.clientAddr(r))
	}
}

func (s *Server) bookingServices(w http.ResponseWriter, r *http.Request) {
	c, err := s.o.Store.BookingCatalog(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusOK, c)
}

func (s *Server) bookingSlots(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("service_id") == "" {
		s.fail(w, r, &api.Error{Code: api.CodeInvalidInput, Detail: "service_id is required"})
		return
	}
	d, err := s.o.Store.BookingSlots(r.Context(), q.Get("service_id"), q.Get("date"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusOK, d)
}

func (s *Server) book(w http.ResponseWriter, r *http.Request) {
	addr := s.clientAddr(r)
	g := s.bookingGuards()
	if ok, wait := g.books.take("addr:" + addr); !ok {
		s.tooMany(w, r, wait, "too many booking attempts from this address; try again in a moment")
		return
	}
	var req api.BookingRequest
	err := s.decode(w, r, &req, false)
	var b api.Booking
	created := false
	if err == nil {
		b, created, err = s.o.Store.Book(r.Context(), r.Header.Get("Idempotency-Key"), addr, req)
	}
	if err != nil {
		var ra *store.RetryAfterError
		if errors.As(err, &ra) {
			s.tooMany(w, r, ra.After, ra.Err.Detail)
			return
		}
		s.fail(w, r, err)
		return
	}
	b.URL = s.bookingURL(r, b.Code)
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	s.reply(w, status, b)
}

func (s *Server) bookingByCode(w http.ResponseWriter, r *http.Request) {
	if !s.lookupAllowed(w, r) {
		return
	}
	b, err := s.o.Store.Booking(r.Context(), r.PathValue("code"))
	if err != nil {
		s.lookupResult(r, err)
		s.fail(w, r, err)
		return
	}
	b.URL = s.bookingURL(r, b.Code)
	s.reply(w, http.StatusOK, b)
}

// cancelBooking takes the proof from the JSON body, or from ?phone_last4=
// for clients that cannot send a body with DELETE.
func (s *Server) cancelBooking(w http.ResponseWriter, r *http.Request) {
	if !s.lookupAllowed(w, r) {
		return
	}
	var req api.CancelBookingRequest
	if err := s.decode(w, r, &req, true); err != nil {
		s.fail(w, r, err)
		return
	}
	if req.PhoneLast4 == "" {
		req.PhoneLast4 = r.URL.Query().Get("phone_last4")
	}
	code := strings.ToUpper(r.PathValue("code"))
	addr := "addr:" + s.clientAddr(r)
	g := s.bookingGuards()
	for _, k := range []struct {
		key    string
		limit  int
		window time.Duration
	}{{"code:" + code, cancelFailsPerCode, cancelCodeWindow}, {addr, cancelFailsPerAddr, cancelAddrWindow}} {
		if bad, wait := g.cancels.blocked(k.key, k.limit, k.window); bad {
			s.tooMany(w, r, wait, "too many wrong digits; try again later, or ask at the information desk")
			return
		}
	}
	b, err := s.o.Store.CancelBooking(r.Context(), code, req.PhoneLast4)
	if err != nil {
		s.lookupResult(r, err)
		if api.CodeOf(err) == api.CodeWrongCheck {
			g.cancels.add("code:" + code)
			g.cancels.add(addr)
		}
		s.fail(w, r, err)
		return
	}
	b.URL = s.bookingURL(r, b.Code)
	s.reply(w, http.StatusOK, b)
}

// checkIn is the kiosk turning a booking into a ticket: 201 the first
// time, 200 with the same ticket on every repeat.
func (s *Server) checkIn(w http.ResponseWriter, r *http.Request) {
	// Unknown codes are counted per device too: a kiosk token cannot be
	// used to try codes at speed.
	dev := "device:" + principal(r).DeviceID + principal(r).UserID
	if bad, wait := s.booking.lookups.blocked(dev, lookupMissesPerAddr, lookupWindow); bad {
		s.tooMany(w, r, wait, "too many unknown booking codes from this kiosk; try again later")
		return
	}
	c, created, err := s.o.Store.CheckIn(r.Context(), principal(r), r.PathValue("code"))
	if err != nil {
		if api.CodeOf(err) == api.CodeNotFound {
			s.booking.lookups.add(dev)
		}
		s.fail(w, r, err)
		return
	}
	c.Ticket.StatusURL = s.statusURL(r, c.Ticket.ID)
	c.Booking.URL = s.bookingURL(r, c.Booking.Code)
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	s.reply(w, status, c)
}

func (s *Server) listBookings(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	bs, err := s.o.Store.BookingsOf(r.Context(), principal(r), q.Get("date"), q.Get("service_id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusOK, bs)
}

// exportBookings answers a citizen's request for their own data: every
// booking of one phone number, as a JSON file.
func (s *Server) exportBookings(w http.ResponseWriter, r *http.Request) {
	phone := r.URL.Query().Get("phone")
	bs, err := s.o.Store.ExportBookings(r.Context(), phone)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for i := range bs {
		bs[i].URL = s.bookingURL(r, bs[i].Code)
	}
	w.Header().Set("Content-Disposition", `attachment; filename="data-booking.json"`)
	s.reply(w, http.StatusOK, struct {
		Phone      string        `json:"phone"`
		ExportedAt time.Time     `json:"exported_at"`
		Bookings   []api.Booking `json:"bookings"`
	}{phone, s.o.Now(), bs})
}

func (s *Server) reportBookings(w http.ResponseWriter, r *http.Request) {
	q, err := reportQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := s.o.Store.BookingReport(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.replyReport(w, r, fmt.Sprintf("booking-%s-%s", rep.From, rep.To), rep, func(b *bytes.Buffer) error {
		return reports.BookingCSV(b, rep)
	})
}
