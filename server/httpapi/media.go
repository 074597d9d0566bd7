package httpapi

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // slides are PNG or JPEG
	_ "image/png"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"antrean/shared/api"
)

// The media panel's slides: admins upload, order, disable and delete
// them; displays list them and fetch each picture once (it never changes
// under its id, so it is cached as immutable).

var (
	mediaReaders = []api.Role{api.RoleDisplay, api.RoleAdmin}
	// slideDecodes bounds full decodes running at once: one 4096×4096
	// picture takes 64 MB while it is checked.
	slideDecodes = make(chan struct{}, 2)
)

// slideUploadSlack is room for the multipart headers and form fields
// around the picture.
const slideUploadSlack = 64 << 10

func (s *Server) mediaRoutes() {
	m := s.mux
	m.Handle("GET /v1/media", s.auth(mediaReaders, s.mediaList))
	m.Handle("GET /v1/media/{id}", s.auth(mediaReaders, s.mediaImage))
	m.Handle("GET /v1/admin/media", s.auth(adminOnly, s.mediaAdminList))
	m.Handle("POST /v1/admin/media", s.auth(adminOnly, s.mediaUpload))
	m.Handle("PATCH /v1/admin/media/{id}", s.auth(adminOnly, s.mediaPatch))
	m.Handle("PUT /v1/admin/media/order", s.auth(adminOnly, s.mediaOrder))
	m.Handle("DELETE /v1/admin/media/{id}", s.auth(adminOnly, s.mediaDelete))
}

// mediaList is the rotation a display shows: enabled slides of its zone
// (the token's zone, else ?zone=), in order.
func (s *Server) mediaList(w http.ResponseWriter, r *http.Request) {
	all, err := s.o.Store.Slides(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	zone := principal(r).Zone
	if zone == "" {
		zone = r.URL.Query().Get("zone")
	}
	out := api.SlideList{Slides: []api.Slide{}}
	for _, sl := range all {
		if sl.Enabled && sl.ForZone(zone) {
			out.Slides = append(out.Slides, sl)
		}
	}
	s.reply(w, http.StatusOK, out)
}

func (s *Server) mediaAdminList(w http.ResponseWriter, r *http.Request) {
	all, err := s.o.Store.Slides(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusOK, api.SlideList{Slides: all})
}

func (s *Server) mediaImage(w http.ResponseWriter, r *http.Request) {
	sl, img, err := s.o.Store.SlideImage(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	etag := `"` + sl.SHA256 + `"`
	h.Set("ETag", etag)
	// The id names these bytes for ever: a display never asks twice.
	h.Set("Cache-Control", "private, max-age=31536000, immutable")
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatch(inm, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", sl.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(img)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(img)
	}
}

func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// mediaUpload takes multipart/form-data: "file" (the picture) and the
// optional fields title, duration_s, enabled (default true) and zones
// (comma-separated). The picture is decoded before anything is stored.
func (s *Server) mediaUpload(w http.ResponseWriter, r *http.Request) {
	ct, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || ct != "multipart/form-data" || params["boundary"] == "" {
		s.fail(w, r, &api.Error{Code: api.CodeInvalidInput, Detail: "upload a slide as multipart/form-data with a \"file\" part"})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, api.MaxSlideBytes+slideUploadSlack)
	mr, err := r.MultipartReader()
	if err != nil {
		s.fail(w, r, &api.Error{Code: api.CodeInvalidInput, Detail: "malformed multipart body"})
		return
	}
	sl := api.Slide{Enabled: true}
	var file []byte
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			s.fail(w, r, uploadErr(err))
			return
		}
		switch part.FormName() {
		case "file":
			b, err := io.ReadAll(io.LimitReader(part, api.MaxSlideBytes+1))
			if err != nil {
				s.fail(w, r, uploadErr(err))
				return
			}
			if len(b) > api.MaxSlideBytes {
				s.fail(w, r, &api.Error{Code: api.CodeTooLarge, Detail: fmt.Sprintf("the picture is larger than %d MB", api.MaxSlideBytes>>20)})
				return
			}
			file = b
		case "title", "duration_s", "enabled", "zones":
			b, err := io.ReadAll(io.LimitReader(part, 4<<10))
			if err != nil {
				s.fail(w, r, uploadErr(err))
				return
			}
			if err := setSlideField(&sl, part.FormName(), strings.TrimSpace(string(b))); err != nil {
				s.fail(w, r, err)
				return
			}
		default:
			s.fail(w, r, &api.Error{Code: api.CodeInvalidInput, Detail: "unknown form field " + strconv.Quote(part.FormName())})
			return
		}
	}
	if len(file) == 0 {
		s.fail(w, r, &api.Error{Code: api.CodeInvalidInput, Detail: "no picture: send it in the \"file\" part"})
		return
	}
	if err := checkPicture(file, &sl); err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.o.Store.AddSlide(r.Context(), sl, file)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/v1/media/"+out.ID)
	s.reply(w, http.StatusCreated, out)
}

func uploadErr(err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return &api.Error{Code: api.CodeTooLarge, Detail: fmt.Sprintf("the picture is larger than %d MB", api.MaxSlideBytes>>20)}
	}
	return &api.Error{Code: api.CodeInvalidInput, Detail: "could not read the upload"}
}

func setSlideField(sl *api.Slide, name, v string) error {
	switch name {
	case "title":
		sl.Title = v
	case "duration_s":
		if v == "" {
			return nil
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return &api.Error{Code: api.CodeInvalidInput, Detail: "duration_s: whole seconds"}
		}
		sl.DurationS = n
	case "enabled":
		if v == "" {
			return nil
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			return &api.Error{Code: api.CodeInvalidInput, Detail: "enabled: true or false"}
		}
		sl.Enabled = b
	case "zones":
		sl.Zones = nil
		for _, z := range strings.Split(v, ",") {
			if z = strings.TrimSpace(z); z != "" {
				sl.Zones = append(sl.Zones, z)
			}
		}
	}
	return nil
}

// checkPicture decides the type from the bytes (never the file name or
// header), refuses pictures over the pixel limit before decoding their
// pixels (a small file can claim 50000×50000), then decodes the whole
// picture so a truncated or corrupt file is refused too.
func checkPicture(b []byte, sl *api.Slide) error {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || (format != "png" && format != "jpeg") {
		return &api.Error{Code: api.CodeInvalidInput, Detail: "not a PNG or JPEG picture"}
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > api.MaxSlideSide || cfg.Height > api.MaxSlideSide {
		return &api.Error{Code: api.CodeTooLarge, Detail: fmt.Sprintf("the picture is %d×%d pixels; at most %d×%d", cfg.Width, cfg.Height, api.MaxSlideSide, api.MaxSlideSide)}
	}
	slideDecodes <- struct{}{}
	_, _, err = image.Decode(bytes.NewReader(b))
	<-slideDecodes
	if err != nil {
		return &api.Error{Code: api.CodeInvalidInput, Detail: "the picture is damaged: " + err.Error()}
	}
	sl.ContentType = "image/" + format
	sl.Width, sl.Height = cfg.Width, cfg.Height
	return nil
}

func (s *Server) mediaPatch(w http.ResponseWriter, r *http.Request) {
	var p api.SlidePatch
	if err := s.decode(w, r, &p, false); err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.o.Store.UpdateSlide(r.Context(), r.PathValue("id"), p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusOK, out)
}

func (s *Server) mediaOrder(w http.ResponseWriter, r *http.Request) {
	var o api.SlideOrder
	if err := s.decode(w, r, &o, false); err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.o.Store.OrderSlides(r.Context(), o.IDs)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusOK, api.SlideList{Slides: out})
}

func (s *Server) mediaDelete(w http.ResponseWriter, r *http.Request) {
	if err := s.o.Store.DeleteSlide(r.Context(), r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
