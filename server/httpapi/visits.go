package httpapi

import (
	"bytes"
	"net/http"

	"antrean/server/reports"
	"antrean/shared/api"
)

// Visits: officer-only views and changes of a ticket's visit, returning a
// no-show, and the visit report. Notes leave the server only here (and in
// the officer's counter view): never in events, the board, the phone page
// or GET /v1/tickets/{id}.
func (s *Server) visitRoutes() {
	m := s.mux
	m.Handle("GET /v1/tickets/{id}/visit", s.auth(officer, s.visit))
	m.Handle("POST /v1/tickets/{id}/notes", s.auth(officer, s.addNote))
	m.Handle("POST /v1/tickets/{id}/route", s.auth(officer, s.editRoute))
	// A kiosk may return a ticket too: it holds the id from the QR code.
	m.Handle("POST /v1/tickets/{id}/return", s.auth([]api.Role{api.RoleOfficer, api.RoleAdmin, api.RoleKiosk}, s.returnTicket))
	m.Handle("GET /v1/reports/visits", s.auth(adminOnly, s.reportVisits))
}

func (s *Server) visit(w http.ResponseWriter, r *http.Request) {
	v, err := s.o.Store.Visit(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Ticket.StatusURL = s.statusURL(r, v.Ticket.ID)
	s.reply(w, http.StatusOK, v)
}

func (s *Server) addNote(w http.ResponseWriter, r *http.Request) {
	var req api.NoteRequest
	if err := s.decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := s.o.Store.AddNote(r.Context(), principal(r), r.PathValue("id"), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusCreated, n)
}

func (s *Server) editRoute(w http.ResponseWriter, r *http.Request) {
	var req api.RouteRequest
	if err := s.decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.o.Store.EditRoute(r.Context(), principal(r), r.PathValue("id"), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t.StatusURL = s.statusURL(r, t.ID)
	s.reply(w, http.StatusOK, t)
}

func (s *Server) returnTicket(w http.ResponseWriter, r *http.Request) {
	if err := s.decode(w, r, &struct{}{}, true); err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.o.Store.Return(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t.StatusURL = s.statusURL(r, t.ID)
	s.reply(w, http.StatusOK, t)
}

func (s *Server) reportVisits(w http.ResponseWriter, r *http.Request) {
	q, err := reportQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q.Group = "" // one breakdown: by route length
	rep, err := s.o.Store.VisitReport(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.replyReport(w, r, "kunjungan-"+rep.From+"-"+rep.To, rep, func(b *bytes.Buffer) error {
		return reports.VisitCSV(b, rep)
	})
}
