package httpapi

import (
	_ "embed"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"antrean/server/store"
	"antrean/shared/api"
)

// submitSurvey is public: the ticket id in the QR is the capability.
func (s *Server) submitSurvey(w http.ResponseWriter, r *http.Request) {
	var req api.SurveyRequest
	if err := s.decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	rc, err := s.o.Store.SubmitSurvey(r.Context(), principal(r), r.PathValue("id"), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusCreated, rc)
}

func (s *Server) surveyStatus(w http.ResponseWriter, r *http.Request) {
	st, err := s.o.Store.SurveyStatus(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusOK, st)
}

// kioskSurvey stores a kiosk's survey for a ticket the citizen proved
// holding: its id from the QR code, or its number with the check code.
func (s *Server) kioskSurvey(w http.ResponseWriter, r *http.Request) {
	var req api.KioskSurveyRequest
	if err := s.decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	keys := checkKeys(principal(r), req.TicketID, req.Number)
	if !s.checks.allow(w, keys) {
		s.fail(w, r, errTooManyChecks)
		return
	}
	rc, err := s.o.Store.SubmitSurveyByNumber(r.Context(), principal(r), req)
	if err != nil {
		s.checks.record(keys, err)
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusCreated, rc)
}

// kioskSurveyCheck answers, before the first question, whether the proved
// ticket may be rated, so nobody answers nine questions in vain.
func (s *Server) kioskSurveyCheck(w http.ResponseWriter, r *http.Request) {
	var req api.SurveyCheckRequest
	if err := s.decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	keys := checkKeys(principal(r), req.TicketID, req.Number)
	if !s.checks.allow(w, keys) {
		s.fail(w, r, errTooManyChecks)
		return
	}
	chk, err := s.o.Store.SurveyCheck(r.Context(), principal(r), req)
	if err != nil {
		s.checks.record(keys, err)
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusOK, chk)
}

var errTooManyChecks = &api.Error{Code: api.CodeRateLimited,
	Detail: "too many wrong check codes; scan the ticket's QR code or try again later"}

// Check codes have 4 digits, so guessing is bounded twice: per kiosk (one
// person at one kiosk trying many numbers) and per ticket number (many
// kiosks, or tokens, trying one number). A citizen who mistypes a few
// times is not affected; a locked number can still be rated by its QR code.
const (
	checkFailsPerKiosk  = 10
	checkKioskWindow    = 10 * time.Minute
	checkFailsPerNumber = 8
	checkNumberWindow   = 12 * time.Hour
	checkGuardMaxKeys   = 10000
)

// checkGuard counts wrong check codes in memory (a restart forgets, which
// costs a guesser a restart of the server per burst at most).
type checkGuard struct {
	mu    sync.Mutex
	fails map[string][]time.Time
	now   func() time.Time
}

func newCheckGuard() *checkGuard {
	return &checkGuard{fails: map[string][]time.Time{}, now: time.Now}
}

// checkKeys are the counters a request by number touches: its kiosk and
// its number (normalised like the store does). By id there is nothing to
// guess, so nothing is counted.
func checkKeys(p store.Principal, ticketID, number string) []string {
	if strings.TrimSpace(ticketID) != "" {
		return nil
	}
	num := strings.ReplaceAll(strings.ToUpper(strings.TrimSpace(number)), "-", "")
	if num == "" {
		return nil
	}
	dev := p.DeviceID
	if dev == "" {
		dev = "user:" + p.UserID
	}
	return []string{"kiosk:" + dev, "number:" + num}
}

func (g *checkGuard) limit(key string) (int, time.Duration) {
	if strings.HasPrefix(key, "kiosk:") {
		return checkFailsPerKiosk, checkKioskWindow
	}
	return checkFailsPerNumber, checkNumberWindow
}

// allow reports whether every key still has guesses left; if not it sets
// Retry-After to when the oldest counted failure expires.
func (g *checkGuard) allow(w http.ResponseWriter, keys []string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	var wait time.Duration
	for _, k := range keys {
		max, window := g.limit(k)
		fs := g.recent(k, now, window)
		if len(fs) >= max {
			wait = maxDur(wait, fs[len(fs)-max].Add(window).Sub(now))
		}
	}
	if wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		return false
	}
	return true
}

// record counts a wrong check code against every key.
func (g *checkGuard) record(keys []string, err error) {
	if api.CodeOf(err) != api.CodeWrongCheck || len(keys) == 0 {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	if len(g.fails) > checkGuardMaxKeys { // forget idle entries so the map stays small
		for k := range g.fails {
			if _, window := g.limit(k); len(g.recent(k, now, window)) == 0 {
				delete(g.fails, k)
			}
		}
	}
	for _, k := range keys {
		_, window := g.limit(k)
		g.fails[k] = append(g.recent(k, now, window), now)
	}
}

// recent drops failures older than the window; g.mu is held.
func (g *checkGuard) recent(k string, now time.Time, window time.Duration) []time.Time {
	fs := g.fails[k]
	i := 0
	for i < len(fs) && !fs[i].After(now.Add(-window)) {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(g.fails, k)
		return nil
	}
	g.fails[k] = fs
	return fs
}

func maxDur(a, b time.Duration) time.Duration {
	if a > b {
		return a
	}
	return b
}

//go:embed admin_page.html
var adminHTML []byte

// adminPage is the site admin's page: one static file, no external
// resources; it talks to the API with the token it gets at login.
func (s *Server) adminPage(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", adminCSP)
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	w.Write(adminHTML)
}
