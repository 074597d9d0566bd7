package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"antrean/server/servertest"
	"antrean/shared/api"
)

// FuzzRequestBodies sends arbitrary bodies to every endpoint that decodes
// one, with a token that may use it: the answer is never a 5xx, and every
// error is a problem+json with a stable code.
func FuzzRequestBodies(f *testing.F) {
	s := servertest.Start(f)
	a := s.Client("")
	if _, err := a.Login(context.Background(), api.SessionRequest{Username: servertest.AdminUser, Password: servertest.AdminPassword}); err != nil {
		f.Fatal(err)
	}
	admin := a.Token()
	officer := s.Officer("petugas1", "loket-1").Token()
	tk := s.ServedTicket("kk")
	targets := []struct{ method, path, token string }{
		{"POST", "/v1/tickets", s.KioskToken},
		{"POST", "/v1/sessions", ""},
		{"POST", "/v1/counters/loket-1/status", officer},
		{"POST", "/v1/counters/loket-1/call-next", officer},
		{"POST", "/v1/tickets/" + tk.ID + "/transfer", officer},
		{"POST", "/v1/tickets/" + tk.ID + "/survey", ""},
		{"POST", "/v1/surveys", s.KioskToken},
		{"POST", "/v1/admin/agencies", admin},
		{"POST", "/v1/admin/services", admin},
		{"PATCH", "/v1/admin/services/kk", admin},
		{"POST", "/v1/admin/counters", admin},
		{"POST", "/v1/admin/users", admin},
		{"POST", "/v1/admin/devices", admin},
		{"POST", "/v1/admin/users/nobody/password", admin},
		// Online booking (booking.go).
		{"POST", "/v1/bookings", ""},
		{"DELETE", "/v1/bookings/ACEFHJ", ""},
		{"POST", "/v1/bookings/ACEFHJ/check-in", s.KioskToken},
		// Visits (visits.go) and the service calendar.
		{"POST", "/v1/tickets/" + tk.ID + "/notes", officer},
		{"POST", "/v1/tickets/" + tk.ID + "/route", officer},
		{"POST", "/v1/admin/holidays", admin},
		// Announcements (announcements.go).
		{"POST", "/v1/admin/announcements", admin},
		{"PATCH", "/v1/admin/announcements/site-1", admin},
	}
	for i := range targets {
		f.Add(uint8(i), `{}`)
	}
	f.Add(uint8(0), `{"service_id":"kk","priority":"disabled"}`)
	f.Add(uint8(1), `{"username":"admin","password":"x","counter_id":"loket-1"}`)
	f.Add(uint8(8), `{"id":"legalisir","agency_id":"disdukcapil","name":"L","prefix":"V","start":9223372036854775807,"avg_service_minutes":1e308}`)
	f.Add(uint8(7), `{"id":"a","name":"\u202e\u0000"}`)
	f.Add(uint8(3), `[`)
	f.Add(uint8(14), `{"service_id":"paspor","date":"2026-12-02","slot":"09:00","name":"A\u0000b","phone":"+62 812 0000 0000"}`)
	f.Add(uint8(15), `{"phone_last4":"12345678901234567890"}`)
	f.Add(uint8(17), `{"text":"\u0000`+strings.Repeat("x", 600)+`"}`)
	f.Add(uint8(18), `{"add":["kk","kk","kk","kk","kk","kk"],"remove":[-1]}`)
	f.Add(uint8(19), `{"date":"2026-02-30","name":"","kind":"nope"}`)
	var n atomic.Int64
	f.Add(uint8(len(targets)-2), `{"text":"a","start":"23:59","end":"24:00","zones":["\u202e"],"order":-9999999999}`)
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		tg := targets[int(which)%len(targets)]
		req := httptest.NewRequest(tg.method, tg.path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if tg.token != "" {
			req.Header.Set("Authorization", "Bearer "+tg.token)
		}
		req.Header.Set("Idempotency-Key", "fuzz-"+strconv.FormatInt(n.Add(1), 10))
		rec := httptest.NewRecorder()
		s.Handler.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s %q: %d %s", tg.method, tg.path, body, rec.Code, rec.Body)
		}
		if rec.Code >= 400 {
			var p api.Problem
			if rec.Header().Get("Content-Type") != api.ProblemContentType || json.Unmarshal(rec.Body.Bytes(), &p) != nil || p.Code == "" || p.Status != rec.Code {
				t.Fatalf("%s %s %q: %d without a problem body: %s", tg.method, tg.path, body, rec.Code, rec.Body)
			}
		}
	})
}
