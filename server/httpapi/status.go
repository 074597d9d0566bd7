package httpapi

import (
	"bytes"
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"antrean/server/events"
	"antrean/shared/api"
)

// coalesce is the shortest gap between two re-reads of a followed ticket:
// a burst of calls in its service costs one query, not one per call.
const coalesce = 300 * time.Millisecond

// maxHops bounds how many transfers a status link follows.
const maxHops = 8

// follow reads a ticket and, if it was transferred, the ticket it became,
// so a QR code printed for the first service keeps working.
func (s *Server) follow(ctx context.Context, id string) (api.Ticket, error) {
	t, err := s.o.Store.Ticket(ctx, id)
	for hop := 0; err == nil && t.TransferredTo != "" && hop < maxHops; hop++ {
		var next api.Ticket
		if next, err = s.o.Store.Ticket(ctx, t.TransferredTo); err == nil {
			t = next
		}
	}
	if api.CodeOf(err) == api.CodeNotFound {
		return t, &api.Error{Code: api.CodeNotFound, Detail: "no ticket " + id}
	}
	if err == nil {
		t.OfficerID = "" // the store blanks it already; a status page must never leak it
	}
	return t, err
}

// concerns reports whether an event may change what the holder of ticket
// t sees: its own changes, its transfer, and anything that moves its
// service's queue or estimate. A cheap byte check skips most decoding.
func concerns(t api.Ticket, it events.Item) bool {
	switch it.Event.Type {
	case api.EventCatalogUpdated:
		return true
	case api.EventReset:
		return false
	}
	data := it.Event.Data
	if !bytes.Contains(data, []byte(t.ID)) && !bytes.Contains(data, []byte(t.ServiceID)) {
		return false
	}
	var d api.EventData
	if json.Unmarshal(data, &d) != nil {
		return true // unknown shape: a re-read is cheap and safe
	}
	if it.Event.Type == api.EventCounterUpdated {
		return t.State == api.StateWaiting && (d.Counter == nil || slices.Contains(d.Counter.ServiceIDs, t.ServiceID))
	}
	if d.Ticket == nil {
		return false
	}
	if d.Ticket.ID == t.ID || d.Ticket.TransferredFrom == t.ID {
		return true
	}
	// Other tickets of the service only move a waiting ticket's place.
	return t.State == api.StateWaiting && d.Ticket.ServiceID == t.ServiceID
}

// ticketEvents is a public SSE stream of one ticket's view (no token):
// `event: ticket` with the api.Ticket JSON on connect and on every change.
// The view comes from the ticket's shared reader (watch.go).
func (s *Server) ticketEvents(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		s.fail(w, r, &api.Error{Code: api.CodeInternal, Detail: "streaming unsupported"})
		return
	}
	ctx := r.Context()
	addr := s.clientAddr(r)
	wt, me, err := s.watches.join(r.PathValue("id"), addr)
	if err != nil {
		s.log.Warn("ticket stream refused", "addr", addr, "ticket", r.PathValue("id"), "why", err.Error())
		s.tooMany(w, r, 30*time.Second, err.Error())
		return
	}
	defer s.watches.leave(wt, me)
	select {
	case <-wt.ready:
	case <-ctx.Done():
		return
	}
	if wt.err != nil {
		s.fail(w, r, wt.err)
		return
	}

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)

	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Time{}) // the request is read; the stream may run for hours
	// A stalled phone must not pin this goroutine; the deadline is lifted
	// again so it cannot hit a later request on the same connection.
	defer rc.SetWriteDeadline(time.Time{})
	rc.SetWriteDeadline(time.Now().Add(30 * time.Second))
	fmt.Fprint(w, "retry: 3000\n\n")
	fl.Flush()

	tick := time.NewTicker(s.o.KeepAlive)
	defer tick.Stop()
	for {
		select {
		case b := <-me.c:
			rc.SetWriteDeadline(time.Now().Add(30 * time.Second))
			if _, err := fmt.Fprintf(w, "event: ticket\ndata: %s\n\n", b); err != nil {
				return
			}
			fl.Flush()
		case <-tick.C:
			rc.SetWriteDeadline(time.Now().Add(30 * time.Second))
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
			fl.Flush()
		case <-wt.done:
			return // the hub or server shut down
		case <-ctx.Done():
			return
		case <-s.done:
			return
		}
	}
}

//go:embed status_page.html
var statusHTML string

var statusTmpl = template.Must(template.New("status").Funcs(template.FuncMap{
	"inc": func(i int) int { return i + 1 }, // 0-based index → the 1-based number people read
}).Parse(statusHTML))

// stateWords are the Indonesian state names rendered by the server; the
// page's script holds both languages.
var stateWords = map[api.State]string{
	api.StateWaiting:     "Menunggu",
	api.StateCalled:      "Dipanggil",
	api.StateServing:     "Sedang dilayani",
	api.StateDone:        "Selesai",
	api.StateNoShow:      "Tidak hadir",
	api.StateCancelled:   "Dibatalkan",
	api.StateTransferred: "Dialihkan",
	api.StateExpired:     "Kedaluwarsa",
}

// statusView is what the page template gets.
type statusView struct {
	Found     bool
	Nonce     string
	ID        string // the id in the link (the stream follows transfers from it)
	T         api.Ticket
	StateText string
	// CounterMain and CounterSub split "Loket 1 — Disdukcapil" so the
	// counter reads big and the agency under it (the script does the same).
	CounterMain, CounterSub string
	// Survey is the SKM survey's state when the ticket is done (nil
	// otherwise, or when it could not be read: the script asks again).
	Survey *api.SurveyStatus
	// SKM and SKMEN are the nine element names, from the one list in
	// shared/api, for the survey form and its English toggle.
	SKM, SKMEN [9]string
	// Choices are the four answers 1..4 in Indonesian (the script holds
	// the English words with the rest of its texts).
	Choices    [4]string
	MaxComment int
	// Info is the MPP's help number, hours and coming closures; Profile
	// the optional respondent questions of the survey (skm.go in api).
	Info    siteInfo
	Profile profileChoices
	PollMs  int64 // the polling interval when the stream is refused
}

type profileChoices struct {
	Sex, Age, Education, Occupation []api.Choice
}

// skmChoices are the SKM answer words, 1 (worst) to 4 (best).
var skmChoices = [4]string{"Tidak baik", "Kurang baik", "Baik", "Sangat baik"}

// statusPage is the phone status page behind the ticket's QR code: the
// server renders the current view (it works without script), the inline
// script keeps it live over /v1/tickets/{id}/events.
func (s *Server) statusPage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	v := statusView{ID: id, Nonce: nonce(), SKM: api.SKMElements, SKMEN: api.SKMElementsEN, Choices: skmChoices, MaxComment: api.SurveyMaxComment,
		Profile: profileChoices{api.ProfileSexes, api.ProfileAges, api.ProfileEducations, api.ProfileOccupations},
		PollMs:  s.o.TicketPollEvery.Milliseconds()}
	status := http.StatusOK
	t, err := s.follow(r.Context(), id)
	switch {
	case err == nil:
		v.Found, v.T, v.StateText = true, t, stateWords[t.State]
		v.CounterMain = t.CounterName
		if i := strings.Index(t.CounterName, " — "); i > 0 {
			v.CounterMain, v.CounterSub = t.CounterName[:i], t.CounterName[i+len(" — "):]
		}
		info, ierr := s.siteInfo(r.Context(), t)
		if ierr != nil {
			s.log.Warn("status page: site info", "err", ierr) // the page works without it
		}
		v.Info = info
		if t.State == api.StateDone || finishedStep(t) { // a visit rates each finished step
			if st, err := s.o.Store.SurveyStatus(r.Context(), t.ID); err == nil {
				v.Survey = &st
			} else {
				s.log.Warn("status page: survey status", "ticket", t.ID, "err", err)
			}
		}
	case api.CodeOf(err) == api.CodeNotFound:
		status = http.StatusNotFound
	default:
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'nonce-"+v.Nonce+"'; style-src 'nonce-"+v.Nonce+
		"'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	var buf bytes.Buffer
	if err := statusTmpl.Execute(&buf, v); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// nonce is a fresh CSP nonce for one response.
func nonce() string {
	b := make([]byte, 18)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// finishedStep reports whether a visit has a finished step (one the
// survey may rate while the ticket goes on to its next step).
func finishedStep(t api.Ticket) bool {
	for _, st := range t.Route {
		if st.State == api.StateDone {
			return true
		}
	}
	return false
}
