package httpapi

import (
	"fmt"
	"net/http"
	"time"

	"antrean/shared/api"
)

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	if _, err := s.o.Store.LastSeq(r.Context()); err != nil {
		s.fail(w, r, &api.Error{Code: api.CodeUnavailable, Detail: "database is not answering"})
		return
	}
	s.reply(w, http.StatusOK, api.Health{Status: "ok", Time: time.Now()})
}

func (s *Server) catalog(w http.ResponseWriter, r *http.Request) {
	c, err := s.o.Store.Catalog(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusOK, c)
}

func (s *Server) issue(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	limited := s.kiosks != nil && p.Role == api.RoleKiosk
	if limited {
		if ok, wait := s.kiosks.take(p.DeviceID); !ok {
			s.log.Warn("kiosk issue rate limited", "device", p.DeviceID)
			s.tooMany(w, r, wait, fmt.Sprintf("this kiosk is issuing tickets too fast; try again in %d s", secsOf(wait)))
			return
		}
	}
	var req api.IssueRequest
	err := s.decode(w, r, &req, false)
	var t api.Ticket
	created := false
	if err == nil {
		t, created, err = s.o.Store.Issue(r.Context(), p, r.Header.Get("Idempotency-Key"), req)
	}
	if limited && (err != nil || !created) {
		s.kiosks.refund(p.DeviceID) // a replay or a refusal issued nothing
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t.StatusURL = s.statusURL(r, t.ID)
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	s.reply(w, status, t)
}

func (s *Server) ticket(w http.ResponseWriter, r *http.Request) {
	t, err := s.o.Store.Ticket(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t.StatusURL = s.statusURL(r, t.ID)
	s.reply(w, http.StatusOK, t)
}

func (s *Server) board(w http.ResponseWriter, r *http.Request) {
	zone, err := s.zone(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := s.o.Store.Board(r.Context(), zone)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusOK, b)
}

// zone is the ?zone= filter, or the zone a display device is bound to; a
// bound device cannot ask for another zone.
func (s *Server) zone(r *http.Request) (string, error) {
	z, bound := r.URL.Query().Get("zone"), principal(r).Zone
	switch {
	case bound == "":
		return z, nil
	case z == "" || z == bound:
		return bound, nil
	}
	return "", &api.Error{Code: api.CodeForbidden, Detail: "this display is bound to zone " + bound}
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var req api.SessionRequest
	if err := s.decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	addr := s.clientAddr(r)
	try, wait := s.logins.begin(req.Username, addr)
	if try == nil {
		s.log.Warn("login throttled", "user", req.Username, "addr", addr, "wait", wait)
		s.tooMany(w, r, wait, fmt.Sprintf("too many failed logins; try again in %d s", secsOf(wait)))
		return
	}
	defer try.cancel() // a try that checked no password costs nothing
	// Password checks queue for a few slots so a burst of logins cannot
	// take every core from ticket issue.
	busy := time.NewTimer(10 * time.Second)
	defer busy.Stop()
	select {
	case s.bcrypt <- struct{}{}:
	case <-busy.C:
		s.tooMany(w, r, 2*time.Second, "the server is busy with other logins; try again")
		return
	case <-r.Context().Done():
		return
	}
	sess, err := s.o.Store.Login(r.Context(), req)
	<-s.bcrypt
	if err != nil {
		if api.CodeOf(err) == api.CodeUnauthorized {
			try.fail()
		}
		s.log.Info("login refused", "user", req.Username, "addr", addr, "code", api.CodeOf(err))
		s.fail(w, r, err)
		return
	}
	try.succeed()
	s.log.Info("login", "user", sess.User.Username, "role", sess.User.Role)
	s.reply(w, http.StatusCreated, sess)
}

// secsOf rounds a wait up to whole seconds, at least 1.
func secsOf(d time.Duration) int { return max(1, int((d+time.Second-1)/time.Second)) }

// logout ends an officer's or admin's session and its open streams. A
// device token has no session: saying "logged out" would be a lie, as the
// token keeps working, so it is refused; an admin revokes devices.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if p := principal(r); p.DeviceID != "" {
		s.fail(w, r, &api.Error{Code: api.CodeForbidden,
			Detail: "a device token has no session to end; an admin revokes it (/admin → Perangkat, DELETE /v1/admin/devices/{id})"})
		return
	}
	tok := bearer(r)
	if err := s.o.Store.Logout(r.Context(), tok); err != nil {
		s.fail(w, r, err)
		return
	}
	s.streams.end(tokenKey(tok))
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) counter(w http.ResponseWriter, r *http.Request) {
	v, err := s.o.Store.CounterView(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusOK, v)
}

func (s *Server) callNext(w http.ResponseWriter, r *http.Request) {
	if err := s.decode(w, r, &struct{}{}, true); err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.o.Store.CallNext(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if t == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	s.reply(w, http.StatusOK, t)
}

func (s *Server) recall(w http.ResponseWriter, r *http.Request) {
	if err := s.decode(w, r, &struct{}{}, true); err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.o.Store.Recall(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusOK, t)
}

func (s *Server) counterStatus(w http.ResponseWriter, r *http.Request) {
	var req api.CounterStatusRequest
	if err := s.decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.o.Store.SetCounterStatus(r.Context(), principal(r), r.PathValue("id"), req.Status)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusOK, c)
}

func (s *Server) act(verb string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := s.decode(w, r, &struct{}{}, true); err != nil {
			s.fail(w, r, err)
			return
		}
		t, err := s.o.Store.Act(r.Context(), principal(r), r.PathValue("id"), verb)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.reply(w, http.StatusOK, t)
	}
}

func (s *Server) transfer(w http.ResponseWriter, r *http.Request) {
	var req api.TransferRequest
	if err := s.decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if req.ServiceID == "" {
		s.fail(w, r, &api.Error{Code: api.CodeInvalidInput, Detail: "service_id is required"})
		return
	}
	t, err := s.o.Store.Transfer(r.Context(), principal(r), r.PathValue("id"), req.ServiceID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t.StatusURL = s.statusURL(r, t.ID)
	s.reply(w, http.StatusOK, t)
}

// calendar is public: the MPP's opening hours and closures are for
// everyone (?from=&to=, default today and the next 60 days).
func (s *Server) calendar(w http.ResponseWriter, r *http.Request) {
	c, err := s.o.Store.Calendar(r.Context(), r.URL.Query().Get("from"), r.URL.Query().Get("to"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusOK, c)
}

// cancelOwn: the holder of a waiting ticket cancels it from the phone
// page (no token: the id in the link is the proof).
func (s *Server) cancelOwn(w http.ResponseWriter, r *http.Request) {
	t, err := s.o.Store.CancelOwn(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusOK, t)
}
