package httpapi

import (
	"bytes"
	"net/http"
	"time"

	"antrean/shared/api"
)

// Voice is the site's voice for the hall displays: the settings they
// follow and the pack archive they download (server/voicepub makes it).
type Voice struct {
	Settings api.VoiceSettings
	// Archive is the pack as a .zip or .tar.gz (Settings.Pack says which
	// and its ETag); nil = no pack, the displays' built-in voice.
	Archive []byte
}

// displayOrAdmin may read what the hall displays play.
var displayOrAdmin = []api.Role{api.RoleDisplay, api.RoleAdmin}

func (s *Server) voiceRoutes() {
	s.mux.Handle("GET /v1/site/voice", s.auth(displayOrAdmin, s.voiceSettings))
	s.mux.Handle("GET /v1/site/voice/pack", s.auth(displayOrAdmin, s.voicePack))
}

func (s *Server) voiceSettings(w http.ResponseWriter, r *http.Request) {
	var v api.VoiceSettings
	if s.o.Voice != nil {
		v = s.o.Voice.Settings
	}
	w.Header().Set("Cache-Control", "no-cache")
	s.reply(w, http.StatusOK, v)
}

// voicePack serves the archive with its ETag: a display that has it
// already gets 304 Not Modified and keeps its cached copy.
func (s *Server) voicePack(w http.ResponseWriter, r *http.Request) {
	v := s.o.Voice
	if v == nil || v.Settings.Pack == nil || v.Archive == nil {
		s.fail(w, r, &api.Error{Code: api.CodeNotFound, Detail: "the site has no voice pack; displays use the built-in voice"})
		return
	}
	ctype, name := "application/gzip", "voice.tar.gz"
	if v.Settings.Pack.Kind == "zip" {
		ctype, name = "application/zip", "voice.zip"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("ETag", v.Settings.Pack.ETag)
	w.Header().Set("Cache-Control", "no-cache")
	// ServeContent answers If-None-Match with 304 and honours ranges.
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(v.Archive))
}
