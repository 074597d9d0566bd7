package httpapi

import (
	"context"
	_ "embed"
	"net/http"
	"strings"

	"antrean/shared/api"
)

var adminOnly = []api.Role{api.RoleAdmin}

// The admin page's script and style are files of their own so its CSP
// can forbid inline script and style (an injected <script> or style
// attribute does nothing).
var (
	//go:embed admin.js
	adminJS []byte
	//go:embed admin.css
	adminCSS []byte
	//go:embed admin_media.js
	adminMediaJS []byte
	// The printable SKM report (/admin/skm): a page of its own, the same
	// CSP, the admin's session token from sessionStorage.
	//go:embed skm_report.html
	skmHTML []byte
	//go:embed skm.js
	skmJS []byte
	//go:embed skm.css
	skmCSS []byte
)

const adminCSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data: blob:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"

func adminAsset(contentType string, body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", contentType)
		h.Set("Cache-Control", "no-cache")
		h.Set("Content-Security-Policy", adminCSP)
		w.Write(body)
	}
}

// adminRoutes registers /v1/admin, /v1/reports, the survey endpoints and
// the admin page.
func (s *Server) adminRoutes() {
	m := s.mux
	m.HandleFunc("GET /admin", s.adminPage)
	m.HandleFunc("GET /admin/admin.js", adminAsset("text/javascript; charset=utf-8", adminJS))
	m.HandleFunc("GET /admin/admin.css", adminAsset("text/css; charset=utf-8", adminCSS))
	m.HandleFunc("GET /admin/media.js", adminAsset("text/javascript; charset=utf-8", adminMediaJS))
	m.HandleFunc("GET /admin/skm", func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		adminAsset("text/html; charset=utf-8", skmHTML)(w, r)
	})
	m.HandleFunc("GET /admin/skm.js", adminAsset("text/javascript; charset=utf-8", skmJS))
	m.HandleFunc("GET /admin/skm.css", adminAsset("text/css; charset=utf-8", skmCSS))

	m.Handle("GET /v1/reports/summary", s.auth(adminOnly, s.reportSummary))
	m.Handle("GET /v1/reports/hourly", s.auth(adminOnly, s.reportHourly))
	m.Handle("GET /v1/reports/today", s.auth(adminOnly, s.reportToday))
	m.Handle("GET /v1/reports/ikm", s.auth(adminOnly, s.reportIKM))
	m.Handle("GET /v1/reports/staff", s.auth(adminOnly, s.reportStaff))
	m.Handle("GET /v1/reports/comments", s.auth(adminOnly, s.reportComments))
	s.chartRoutes()

	m.HandleFunc("POST /v1/tickets/{id}/survey", s.submitSurvey)
	m.HandleFunc("GET /v1/tickets/{id}/survey", s.surveyStatus)
	m.Handle("POST /v1/surveys", s.auth(kiosk, s.kioskSurvey))
	m.Handle("POST /v1/surveys/check", s.auth(kiosk, s.kioskSurveyCheck))

	st := s.o.Store
	crud(s, "/v1/admin/agencies", resource[api.Agency]{
		list: st.Agencies, save: st.SaveAgency, del: st.DeleteAgency,
		id: func(a *api.Agency) *string { return &a.ID },
	})
	crud(s, "/v1/admin/services", resource[api.Service]{
		list: st.Services, save: st.SaveService, del: st.DeleteService,
		id: func(v *api.Service) *string { return &v.ID },
	})
	crud(s, "/v1/admin/holidays", resource[api.Holiday]{
		list: st.Holidays, save: st.SaveHoliday, del: st.DeleteHoliday,
		id: func(h *api.Holiday) *string { return &h.ID },
	})
	m.HandleFunc("GET /v1/calendar", s.calendar)
	s.announcementRoutes()
	crud(s, "/v1/admin/counters", resource[api.Counter]{
		list: st.Counters, save: st.SaveCounter, del: st.DeleteCounter,
		id: func(c *api.Counter) *string { return &c.ID },
	})

	m.Handle("GET /v1/admin/users", s.auth(adminOnly, s.listUsers))
	m.Handle("POST /v1/admin/users", s.auth(adminOnly, s.createUser))
	m.Handle("PATCH /v1/admin/users/{id}", s.auth(adminOnly, s.updateUser))
	m.Handle("DELETE /v1/admin/users/{id}", s.auth(adminOnly, s.deleteUser))
	m.Handle("POST /v1/admin/users/{id}/password", s.auth(adminOnly, s.setPassword))

	m.Handle("GET /v1/admin/devices", s.auth(adminOnly, s.listDevices))
	m.Handle("POST /v1/admin/devices", s.auth(adminOnly, s.issueDevice))
	m.Handle("DELETE /v1/admin/devices/{id}", s.auth(adminOnly, s.revokeDevice))
}

// resource is one catalog collection managed with the same five verbs.
type resource[T any] struct {
	list func(context.Context) ([]T, error)
	save func(ctx context.Context, v T, create bool) (T, error)
	del  func(ctx context.Context, id string) error
	id   func(*T) *string
}

// crud registers GET (list, one), POST (create), PUT (replace), PATCH
// (change only the fields sent) and DELETE under base.
func crud[T any](s *Server, base string, r resource[T]) {
	find := func(ctx context.Context, id string) (T, error) {
		var zero T
		all, err := r.list(ctx)
		if err != nil {
			return zero, err
		}
		for _, v := range all {
			if *r.id(&v) == id {
				return v, nil
			}
		}
		return zero, &api.Error{Code: api.CodeNotFound, Detail: "no " + strings.TrimPrefix(base, "/v1/admin/") + " item " + id}
	}
	m := s.mux
	m.Handle("GET "+base, s.auth(adminOnly, func(w http.ResponseWriter, req *http.Request) {
		all, err := r.list(req.Context())
		if err != nil {
			s.fail(w, req, err)
			return
		}
		s.reply(w, http.StatusOK, all)
	}))
	m.Handle("GET "+base+"/{id}", s.auth(adminOnly, func(w http.ResponseWriter, req *http.Request) {
		v, err := find(req.Context(), req.PathValue("id"))
		if err != nil {
			s.fail(w, req, err)
			return
		}
		s.reply(w, http.StatusOK, v)
	}))
	m.Handle("POST "+base, s.auth(adminOnly, func(w http.ResponseWriter, req *http.Request) {
		var v T
		if err := s.decode(w, req, &v, false); err != nil {
			s.fail(w, req, err)
			return
		}
		out, err := r.save(req.Context(), v, true)
		if err != nil {
			s.fail(w, req, err)
			return
		}
		s.reply(w, http.StatusCreated, out)
	}))
	update := func(patch bool) http.HandlerFunc {
		return func(w http.ResponseWriter, req *http.Request) {
			id := req.PathValue("id")
			var v T
			if patch {
				cur, err := find(req.Context(), id)
				if err != nil {
					s.fail(w, req, err)
					return
				}
				v = cur
			}
			if err := s.decode(w, req, &v, false); err != nil {
				s.fail(w, req, err)
				return
			}
			if got := *r.id(&v); got != "" && got != id {
				s.fail(w, req, &api.Error{Code: api.CodeInvalidInput, Detail: "id " + got + " in the body differs from the URL; ids cannot be changed"})
				return
			}
			*r.id(&v) = id
			out, err := r.save(req.Context(), v, false)
			if err != nil {
				s.fail(w, req, err)
				return
			}
			s.reply(w, http.StatusOK, out)
		}
	}
	m.Handle("PUT "+base+"/{id}", s.auth(adminOnly, update(false)))
	m.Handle("PATCH "+base+"/{id}", s.auth(adminOnly, update(true)))
	m.Handle("DELETE "+base+"/{id}", s.auth(adminOnly, func(w http.ResponseWriter, req *http.Request) {
		if err := r.del(req.Context(), req.PathValue("id")); err != nil {
			s.fail(w, req, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) {
	us, err := s.o.Store.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusOK, us)
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	var req api.UserRequest
	if err := s.decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.o.Store.CreateUser(r.Context(), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("admin: user created", "by", principal(r).Username, "user", u.Username, "role", u.Role)
	s.reply(w, http.StatusCreated, u)
}

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request) {
	var req api.UserRequest
	if err := s.decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.o.Store.UpdateUser(r.Context(), r.PathValue("id"), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("admin: user changed", "by", principal(r).Username, "user", u.Username)
	// Streams re-open and re-check the token: a deactivated user's end.
	s.streams.end(userKey(u.ID))
	s.reply(w, http.StatusOK, u)
}

func (s *Server) deleteUser(w http.ResponseWriter, r *http.Request) {
	u, deleted, err := s.o.Store.DeleteUser(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("admin: user removed", "by", principal(r).Username, "user", u.Username, "deleted", deleted)
	s.streams.end(userKey(r.PathValue("id")))
	if deleted {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	// Tickets refer to the user: kept, deactivated.
	s.reply(w, http.StatusOK, u)
}

func (s *Server) setPassword(w http.ResponseWriter, r *http.Request) {
	var req api.PasswordRequest
	if err := s.decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.o.Store.SetPassword(r.Context(), r.PathValue("id"), req.Password); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("admin: password reset", "by", principal(r).Username, "user", r.PathValue("id"))
	s.streams.end(userKey(r.PathValue("id"))) // its sessions ended with the reset
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listDevices(w http.ResponseWriter, r *http.Request) {
	ds, err := s.o.Store.Devices(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusOK, ds)
}

func (s *Server) issueDevice(w http.ResponseWriter, r *http.Request) {
	var req api.DeviceRequest
	if err := s.decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.o.Store.IssueDevice(r.Context(), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("admin: device issued", "by", principal(r).Username, "device", d.ID, "role", d.Role)
	s.reply(w, http.StatusCreated, d)
}

func (s *Server) revokeDevice(w http.ResponseWriter, r *http.Request) {
	d, err := s.o.Store.RevokeDevice(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n := s.streams.end(deviceKey(d.ID))
	s.log.Info("admin: device revoked", "by", principal(r).Username, "device", d.ID, "streams_closed", n)
	s.reply(w, http.StatusOK, d)
}
