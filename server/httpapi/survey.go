package httpapi

import (
	_ "embed"
	"net/http"

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

// kioskSurvey finds the ticket by its number (the kiosk's "Beri penilaian").
func (s *Server) kioskSurvey(w http.ResponseWriter, r *http.Request) {
	var req api.KioskSurveyRequest
	if err := s.decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	rc, err := s.o.Store.SubmitSurveyByNumber(r.Context(), principal(r), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusCreated, rc)
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
