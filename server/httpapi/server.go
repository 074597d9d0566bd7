// Package httpapi is the HTTP face of the store: routing, bearer-token
// auth with roles, JSON in and out, problem+json errors and the SSE stream.
package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime"
	"strconv"
	"strings"
	"time"

	"antrean/server/events"
	"antrean/server/store"
	"antrean/shared/api"
)

// Options configure the handler.
type Options struct {
	Store store.Store
	Hub   *events.Hub
	// PublicURL is the base of ticket status links printed in QR codes,
	// e.g. https://antrean.pariamankota.go.id; default: the request's host.
	PublicURL string
	// LogoDir is the folder of the agency logo files named in the site
	// file (GET /v1/site/logos/{agency_id}); "" serves none.
	LogoDir   string
	KeepAlive time.Duration // SSE keep-alive comment interval, default 15s
	MaxBody   int64         // request body limit, default 64 KiB
	Logger    *slog.Logger
	// Now is the clock of the login throttle and rate limits (tests move
	// it); default time.Now.
	Now func() time.Time
	// TrustedProxies are the reverse proxies whose X-Forwarded-For /
	// X-Real-IP name the client; from anyone else those headers are
	// ignored. Empty: the peer address is the client.
	TrustedProxies []netip.Prefix
	// LoginConcurrency bounds password checks (bcrypt) running at once, so
	// a burst of logins cannot starve ticket issue of CPU; default half the
	// CPUs, at least 1.
	LoginConcurrency int
	// WriteTimeout bounds writing one ordinary response (per request, not
	// per connection: event streams set their own deadlines); 0 = none.
	WriteTimeout time.Duration
	// KioskIssuePerMinute is the sustained ticket rate one kiosk device may
	// issue, KioskIssueBurst how many it may issue at once (default 5);
	// 0 = no limit. A kiosk's token cannot empty a daily quota in a second.
	KioskIssuePerMinute float64
	KioskIssueBurst     int
	// TicketStreamsPerTicket and TicketStreamsPerAddr cap the public
	// per-ticket streams; defaults 10 and 300 (a hall's Wi-Fi may put
	// hundreds of phones behind one address).
	TicketStreamsPerTicket, TicketStreamsPerAddr int
	// TicketPollEvery is how often a phone page asks for its ticket when
	// the server refused its stream (too many watchers); default 15 s.
	TicketPollEvery time.Duration
	// AuthRecheck is how often an open /v1/events stream re-checks its
	// token (expiry, changes made elsewhere); revocations through this
	// server end streams at once. Default 30 s.
	AuthRecheck time.Duration
	// Voice is the hall displays' voice (GET /v1/site/voice); nil = the
	// built-in voice and no settings.
	Voice *Voice
}

// Server is the http.Handler of API v1.
type Server struct {
	o   Options
	mux *http.ServeMux
	log *slog.Logger
	// done is closed on shutdown so open streams end.
	done    chan struct{}
	logins  *throttle
	bcrypt  chan struct{} // semaphore of password checks
	kiosks  *limiter      // ticket issue per kiosk device (nil: none)
	streams *registry     // open /v1/events streams by who opened them
	watches *watches      // public per-ticket streams, one reader per ticket
	// checks throttles wrong survey check codes (see survey.go).
	checks *checkGuard
	// booking throttles public booking lookups and cancels (booking.go).
	booking *bookingGuards
}

// New builds the handler.
func New(o Options) *Server {
	if o.KeepAlive <= 0 {
		o.KeepAlive = 15 * time.Second
	}
	if o.MaxBody <= 0 {
		o.MaxBody = 64 << 10
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Hub == nil {
		o.Hub = events.NewHub(0, 0)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.LoginConcurrency <= 0 {
		o.LoginConcurrency = max(1, runtime.GOMAXPROCS(0)/2)
	}
	if o.TicketStreamsPerTicket <= 0 {
		o.TicketStreamsPerTicket = 10
	}
	if o.TicketStreamsPerAddr <= 0 {
		o.TicketStreamsPerAddr = 300
	}
	if o.TicketPollEvery <= 0 {
		o.TicketPollEvery = 15 * time.Second
	}
	if o.AuthRecheck <= 0 {
		o.AuthRecheck = 30 * time.Second
	}
	s := &Server{o: o, mux: http.NewServeMux(), log: o.Logger, done: make(chan struct{}),
		logins: newThrottle(o.Now), bcrypt: make(chan struct{}, o.LoginConcurrency),
		streams: newRegistry(), checks: newCheckGuard(), booking: newBookingGuards(o.Now)}
	s.watches = newWatches(s)
	if o.KioskIssuePerMinute > 0 {
		burst := o.KioskIssueBurst
		if burst <= 0 {
			burst = 5
		}
		s.kiosks = newLimiter(o.KioskIssuePerMinute/60, burst, o.Now)
	}
	s.routes()
	return s
}

// Close ends every open event stream; call it before http.Server.Shutdown,
// which does not wait for streams by itself.
func (s *Server) Close() {
	select {
	case <-s.done:
	default:
		close(s.done)
	}
}

var (
	kiosk   = []api.Role{api.RoleKiosk, api.RoleAdmin}
	anyRole = []api.Role{api.RoleKiosk, api.RoleDisplay, api.RoleOfficer, api.RoleAdmin}
	officer = []api.Role{api.RoleOfficer, api.RoleAdmin}
)

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /v1/health", s.health)
	m.HandleFunc("GET /v1/tickets/{id}", s.ticket)
	m.HandleFunc("GET /t/{id}", s.statusPage)
	m.HandleFunc("GET /v1/site/logos/{agency_id}", s.agencyLogo)
	m.HandleFunc("GET /v1/tickets/{id}/events", s.ticketEvents)

	m.Handle("GET /v1/catalog", s.auth(anyRole, s.catalog))
	m.Handle("POST /v1/tickets", s.auth(kiosk, s.issue))

	m.Handle("GET /v1/board", s.auth(anyRole, s.board))
	m.Handle("GET /v1/events", s.auth(anyRole, s.events))

	m.HandleFunc("POST /v1/sessions", s.login)
	m.Handle("DELETE /v1/sessions/current", s.auth(anyRole, s.logout))
	m.Handle("GET /v1/counters/{id}", s.auth(officer, s.counter))
	m.Handle("POST /v1/counters/{id}/call-next", s.auth(officer, s.callNext))
	m.Handle("POST /v1/counters/{id}/recall", s.auth(officer, s.recall))
	m.Handle("POST /v1/counters/{id}/status", s.auth(officer, s.counterStatus))
	for _, verb := range []string{"start", "finish", "no-show", "requeue"} {
		m.Handle("POST /v1/tickets/{id}/"+verb, s.auth(officer, s.act(verb)))
	}
	// Cancel: an officer with a token, or the ticket's holder without one
	// (the phone page; the id in the link is the proof).
	officerCancel := s.auth(officer, s.act("cancel"))
	m.HandleFunc("POST /v1/tickets/{id}/cancel", func(w http.ResponseWriter, r *http.Request) {
		if bearer(r) != "" {
			officerCancel.ServeHTTP(w, r)
			return
		}
		s.cancelOwn(w, r)
	})
	m.Handle("POST /v1/tickets/{id}/transfer", s.auth(officer, s.transfer))
	s.visitRoutes() // notes, route edits, returns, visit report (visits.go)
	s.adminRoutes()
	s.bookingRoutes() // online booking (booking.go)
	s.voiceRoutes()   // the displays' voice pack (voice.go)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, &api.Error{Code: api.CodeNotFound, Detail: "no such endpoint: " + r.Method + " " + r.URL.Path})
	})
}

// ServeHTTP logs every request (never its Authorization header) and turns
// panics into a problem instead of a dropped connection.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rw := &recorder{ResponseWriter: w, status: 200}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("panic", "path", r.URL.Path, "panic", v)
			if !rw.wrote {
				s.fail(rw, r, &api.Error{Code: api.CodeInternal, Detail: "internal error"})
			}
		}
		if r.URL.Path != "/v1/health" {
			s.log.Debug("http", "method", r.Method, "path", r.URL.Path, "status", rw.status, "dur", time.Since(start))
		}
	}()
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if s.o.WriteTimeout > 0 {
		// Per request: a client that stops reading a response cannot hold
		// the connection. Streams replace it with their own deadlines.
		http.NewResponseController(w).SetWriteDeadline(time.Now().Add(s.o.WriteTimeout))
	}
	s.mux.ServeHTTP(rw, r)
}

type recorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

// Flush lets the SSE handler flush through the recorder.
func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the real writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

type ctxKey struct{}

func principal(r *http.Request) store.Principal {
	p, _ := r.Context().Value(ctxKey{}).(store.Principal)
	return p
}

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// auth resolves the bearer token and checks its role.
func (s *Server) auth(roles []api.Role, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.o.Store.Authenticate(r.Context(), bearer(r))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		ok := false
		for _, role := range roles {
			ok = ok || p.Role == role
		}
		if !ok {
			s.fail(w, r, &api.Error{Code: api.CodeForbidden, Detail: "a " + string(p.Role) + " token cannot do this"})
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, p)))
	})
}

// fail writes err as problem+json; unknown errors are logged and hidden.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ae *api.Error
	if !errors.As(err, &ae) {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		ae = &api.Error{Code: api.CodeInternal, Detail: "internal error"}
	}
	p := ae.ToProblem()
	w.Header().Set("Content-Type", api.ProblemContentType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}

// tooMany writes a 429 rate_limited problem with Retry-After (whole
// seconds, at least 1).
func (s *Server) tooMany(w http.ResponseWriter, r *http.Request, wait time.Duration, detail string) {
	w.Header().Set("Retry-After", strconv.Itoa(secsOf(wait)))
	s.fail(w, r, &api.Error{Code: api.CodeRateLimited, Detail: detail})
}

func (s *Server) reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// decode reads a JSON body strictly: size-limited, no unknown fields, one
// value. An empty body is allowed only when optional.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any, optional bool) error {
	body := http.MaxBytesReader(w, r.Body, s.o.MaxBody)
	b, err := io.ReadAll(body)
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return &api.Error{Code: api.CodeTooLarge, Detail: "request body is larger than the limit"}
		}
		return &api.Error{Code: api.CodeInvalidInput, Detail: "could not read body"}
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		if optional {
			return nil
		}
		return &api.Error{Code: api.CodeInvalidInput, Detail: "a JSON body is required"}
	}
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return &api.Error{Code: api.CodeInvalidInput, Detail: "Content-Type must be application/json"}
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &api.Error{Code: api.CodeInvalidInput, Detail: "malformed JSON: " + err.Error()}
	}
	if dec.More() {
		return &api.Error{Code: api.CodeInvalidInput, Detail: "malformed JSON: trailing data after the object"}
	}
	return nil
}

func (s *Server) statusURL(r *http.Request, id string) string {
	base := s.o.PublicURL
	if base == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return strings.TrimRight(base, "/") + "/t/" + id
}

// Unlock forgets failed logins of a username and/or a client address (as
// the throttle sees it); it returns how many throttle keys it cleared.
// For the operator on the server's own host (see serve's control socket).
func (s *Server) Unlock(user, addr string) int {
	return s.logins.unlock(user, addr)
}
