package httpapi_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"antrean/server/config"
	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
)

// A ticket left waiting when its day ends is expired: the API and the
// phone page say so instead of "waiting, position 1" forever.
func TestExpiredTicketOverHTTP(t *testing.T) {
	s := servertest.Start(t)
	tk := issue(t, s.Kiosk(), "kk")
	s.Clock.Advance(24 * time.Hour)
	if err := s.Store.Housekeep(ctx(t)); err != nil {
		t.Fatal(err)
	}
	got, err := s.Client("").Ticket(ctx(t), tk.ID)
	if err != nil || got.State != api.StateExpired || got.Position != 0 || got.PeopleAhead != 0 {
		t.Fatalf("ticket next day: %+v %v", got, err)
	}
	res, body := get(t, s.URL+"/t/"+tk.ID)
	if res.StatusCode != 200 || !strings.Contains(body, "Kedaluwarsa") || !strings.Contains(body, "hari layanannya telah berakhir") {
		t.Fatalf("status page %d:\n%s", res.StatusCode, body)
	}
	// A new day, a new first number.
	if next := issue(t, s.Kiosk(), "kk"); next.Number != "B-001" || next.Position != 1 {
		t.Fatalf("next day's ticket %s at %d", next.Number, next.Position)
	}
}

// Staffed and no_counter as the kiosk and the display see them.
func TestStaffedAndNoCounterOverHTTP(t *testing.T) {
	s := servertest.Start(t, servertest.WithSite(func(f *config.File) { f.Site.IssueWithoutCounter = false }))
	k := s.Kiosk()
	service := func(id string) api.Service {
		t.Helper()
		cat, err := k.Catalog(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, sv := range cat.Services {
			if sv.ID == id {
				return sv
			}
		}
		t.Fatalf("no service %s", id)
		return api.Service{}
	}
	staffed := func(id string) (catalog, board bool) {
		t.Helper()
		cat, err := k.Catalog(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cat.Counters {
			if c.ID == id {
				catalog = c.Staffed
			}
		}
		b, err := s.Client(s.DisplayToken).Board(ctx(t), "")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range b.Counters {
			if c.ID == id {
				board = c.Staffed
			}
		}
		return
	}
	if sv := service("ktp-el"); sv.OpenNow || sv.ClosedReason != api.ReasonNoCounter {
		t.Fatalf("ktp-el with nobody at its counters: %+v", sv)
	}
	_, err := k.IssueTicket(ctx(t), api.IssueRequest{ServiceID: "ktp-el"}, client.NewIdempotencyKey())
	var ae *api.Error
	if !errors.As(err, &ae) || ae.Code != api.CodeServiceClosed || ae.Reason != api.ReasonNoCounter {
		t.Fatalf("issue: %v", err)
	}
	off := s.Officer("petugas1", "loket-1")
	if c, b := staffed("loket-1"); !c || !b {
		t.Fatalf("after login: catalog %v board %v", c, b)
	}
	if sv := service("ktp-el"); !sv.OpenNow {
		t.Fatalf("ktp-el with loket-1 staffed: %+v", sv)
	}
	issue(t, k, "ktp-el")
	v, err := off.Counter(ctx(t), "loket-1")
	if err != nil || !v.Counter.Staffed || len(v.Next) != 1 || v.Next[0].ServiceID != "ktp-el" {
		t.Fatalf("counter view: %+v %v", v, err)
	}
	if err := off.Logout(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if c, b := staffed("loket-1"); c || b {
		t.Fatalf("after logout: catalog %v board %v", c, b)
	}
	if sv := service("ktp-el"); sv.ClosedReason != api.ReasonNoCounter || sv.Waiting != 1 {
		t.Fatalf("ktp-el after logout: %+v", sv)
	}
}
