package httpapi

import (
	"net/http"

	"antrean/shared/api"
)

// announcementRoutes registers /v1/admin/announcements: the running text
// of the hall displays with its schedule. Admins only; displays read the
// list with the board and with catalog.updated. A create without
// "enabled" makes an enabled entry (so the crud helper, which decodes
// into a zero value, is not used for it).
func (s *Server) announcementRoutes() {
	const base = "/v1/admin/announcements"
	st := s.o.Store
	m := s.mux
	find := func(r *http.Request, id string) (api.Announcement, error) {
		all, err := st.Announcements(r.Context())
		if err != nil {
			return api.Announcement{}, err
		}
		for _, a := range all {
			if a.ID == id {
				return a, nil
			}
		}
		return api.Announcement{}, &api.Error{Code: api.CodeNotFound, Detail: "no announcement " + id}
	}
	m.Handle("GET "+base, s.auth(adminOnly, func(w http.ResponseWriter, r *http.Request) {
		all, err := st.Announcements(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.reply(w, http.StatusOK, all)
	}))
	m.Handle("GET "+base+"/{id}", s.auth(adminOnly, func(w http.ResponseWriter, r *http.Request) {
		a, err := find(r, r.PathValue("id"))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.reply(w, http.StatusOK, a)
	}))
	m.Handle("POST "+base, s.auth(adminOnly, func(w http.ResponseWriter, r *http.Request) {
		a := api.Announcement{Enabled: true}
		if err := s.decode(w, r, &a, false); err != nil {
			s.fail(w, r, err)
			return
		}
		out, err := st.SaveAnnouncement(r.Context(), a, true)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.log.Info("admin: announcement created", "by", principal(r).Username, "id", out.ID)
		s.reply(w, http.StatusCreated, out)
	}))
	update := func(patch bool) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			id := r.PathValue("id")
			a := api.Announcement{Enabled: true}
			if patch {
				cur, err := find(r, id)
				if err != nil {
					s.fail(w, r, err)
					return
				}
				a = cur
			}
			if err := s.decode(w, r, &a, false); err != nil {
				s.fail(w, r, err)
				return
			}
			if a.ID != "" && a.ID != id {
				s.fail(w, r, &api.Error{Code: api.CodeInvalidInput, Detail: "id " + a.ID + " in the body differs from the URL; ids cannot be changed"})
				return
			}
			a.ID = id
			out, err := st.SaveAnnouncement(r.Context(), a, false)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			s.log.Info("admin: announcement changed", "by", principal(r).Username, "id", out.ID)
			s.reply(w, http.StatusOK, out)
		}
	}
	m.Handle("PUT "+base+"/{id}", s.auth(adminOnly, update(false)))
	m.Handle("PATCH "+base+"/{id}", s.auth(adminOnly, update(true)))
	m.Handle("DELETE "+base+"/{id}", s.auth(adminOnly, func(w http.ResponseWriter, r *http.Request) {
		if err := st.DeleteAnnouncement(r.Context(), r.PathValue("id")); err != nil {
			s.fail(w, r, err)
			return
		}
		s.log.Info("admin: announcement removed", "by", principal(r).Username, "id", r.PathValue("id"))
		w.WriteHeader(http.StatusNoContent)
	}))
}
