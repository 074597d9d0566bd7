package httpapi

import (
	"net/http"
)

// statusPage is the phone status page behind the ticket's QR code.
func (s *Server) statusPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte("<!doctype html><title>Antrean</title>"))
}

// ticketEvents is a public SSE stream of one ticket's view (no token).
func (s *Server) ticketEvents(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, nil)
}
