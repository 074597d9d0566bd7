package httpapi_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"antrean/server/config"
	"antrean/server/queue"
	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
)

// realSite turns the demo's always_open off, so hours and the calendar
// apply as on a real site.
func realSite(f *config.File) { f.Site.AlwaysOpen = false }

func catalogService(t *testing.T, cat api.Catalog, id string) api.Service {
	t.Helper()
	for _, sv := range cat.Services {
		if sv.ID == id {
			return sv
		}
	}
	t.Fatalf("no service %s in the catalog", id)
	return api.Service{}
}

// TestHolidayInSiteFileClosesServices: the sample site's New Year closes
// every service that day; the kiosk is told why in words.
func TestHolidayInSiteFileClosesServices(t *testing.T) {
	newYear := time.Date(2027, 1, 1, 10, 0, 0, 0, wib)
	clk := queue.NewFixedClock(newYear)
	s := servertest.Start(t, servertest.WithClock(clk), servertest.WithSite(realSite))
	k := s.Kiosk()
	cat, err := k.Catalog(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if cat.Closure == nil || cat.Closure.Name != "Tahun Baru 2027 Masehi" || cat.Closure.Kind != api.HolidayNational {
		t.Fatalf("closure %+v", cat.Closure)
	}
	for _, sv := range cat.Services {
		if sv.OpenNow || sv.ClosedReason != api.ReasonHoliday || sv.Holiday == nil || sv.Holiday.Name != "Tahun Baru 2027 Masehi" {
			t.Fatalf("%s on new year: open=%v reason=%q holiday=%+v", sv.ID, sv.OpenNow, sv.ClosedReason, sv.Holiday)
		}
	}
	_, err = k.IssueTicket(ctx(t), api.IssueRequest{ServiceID: "ktp-el"}, client.NewIdempotencyKey())
	var ae *api.Error
	if !errors.As(err, &ae) || ae.Code != api.CodeServiceClosed || ae.Reason != api.ReasonHoliday || !strings.Contains(ae.Detail, "Tahun Baru 2027 Masehi") {
		t.Fatalf("issue on new year: %v", err)
	}
	// The next Monday the MPP is open as usual.
	clk.Set(time.Date(2027, 1, 4, 10, 0, 0, 0, wib))
	if _, err := k.IssueTicket(ctx(t), api.IssueRequest{ServiceID: "ktp-el"}, client.NewIdempotencyKey()); err != nil {
		t.Fatalf("monday after: %v", err)
	}
	// Ramadan hours from the file: 08:00–15:00 on a Tuesday.
	clk.Set(time.Date(2027, 2, 9, 15, 0, 0, 0, wib))
	cat, _ = k.Catalog(ctx(t))
	if sv := catalogService(t, cat, "kk"); sv.OpenNow || sv.ClosedReason != api.ReasonOutsideHours || sv.Holiday == nil || sv.Holiday.ID != "ramadan-1448" {
		t.Fatalf("kk at 15:00 in Ramadan: %+v", sv)
	}
}

func TestCalendarAdminAPI(t *testing.T) {
	clk := queue.NewFixedClock(thursday10)
	s := servertest.Start(t, servertest.WithClock(clk), servertest.WithSite(realSite))
	adm := newAdmin(t, s)
	k := s.Kiosk()

	// Public: the weekly hours and the coming entries, without a token.
	pub := &adminAPI{t: t, s: s}
	var cal api.Calendar
	pub.must("GET", "/v1/calendar?from=2027-01-01&to=2027-01-31", nil, &cal, 200)
	if len(cal.Hours) != 5 || cal.Hours[4].Weekday != 5 || len(cal.Holidays) != 2 || cal.Holidays[0].Name != "Tahun Baru 2027 Masehi" {
		t.Fatalf("calendar %+v", cal)
	}
	pub.must("GET", "/v1/calendar?from=2027-02-01&to=2026-01-01", nil, nil, 400)

	// A closure of one agency today, added by the admin (no id: the date).
	var h api.Holiday
	adm.must("POST", "/v1/admin/holidays", api.Holiday{Date: "2026-11-26", Name: "Pemeliharaan sistem", Kind: api.HolidayLocal,
		AgencyIDs: []string{"disdukcapil"}}, &h, 201)
	if h.ID != "2026-11-26" {
		t.Fatalf("created %+v", h)
	}
	cat, err := k.Catalog(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if sv := catalogService(t, cat, "kk"); sv.ClosedReason != api.ReasonHoliday || sv.Holiday.Name != "Pemeliharaan sistem" {
		t.Fatalf("kk: %+v", sv)
	}
	if sv := catalogService(t, cat, "pajak-kendaraan"); !sv.OpenNow {
		t.Fatalf("samsat closed too: %+v", sv)
	}
	if cat.Closure != nil {
		t.Fatalf("a closure of one agency is not the site's: %+v", cat.Closure)
	}
	// An admin saving back a service read from the catalog does not store
	// today's holiday with it (checked below, on a day without one).
	adm.must("PUT", "/v1/admin/services/kk", catalogService(t, cat, "kk"), nil, 200)
	var stored api.Service
	adm.must("GET", "/v1/admin/services/kk", nil, &stored, 200)
	if stored.Holiday != nil {
		t.Fatalf("the holiday was stored with the service: %+v", stored.Holiday)
	}
	_, err = k.IssueTicket(ctx(t), api.IssueRequest{ServiceID: "kk"}, client.NewIdempotencyKey())
	wantCode(t, err, api.CodeServiceClosed)
	issue(t, k, "pajak-kendaraan")

	// Bad entries are refused with a reason; ids are unique.
	for _, bad := range []struct {
		h    api.Holiday
		want string
	}{
		{api.Holiday{Date: "2026-11-27", Name: "x", AgencyIDs: []string{"nope"}}, "is not in [[agencies]]"},
		{api.Holiday{Date: "27-11-2026", Name: "x"}, "YYYY-MM-DD"},
		{api.Holiday{Date: "2026-11-27"}, "name is missing"},
		{api.Holiday{Date: "2026-11-27", Name: "x", Kind: api.HolidaySpecial}, "needs hours"},
	} {
		status, b, _ := adm.raw("POST", "/v1/admin/holidays", bad.h)
		if status != 400 || !strings.Contains(string(b), bad.want) {
			t.Fatalf("%+v → %d %s, want %q", bad.h, status, b, bad.want)
		}
	}
	adm.must("POST", "/v1/admin/holidays", api.Holiday{ID: "2026-11-26", Date: "2026-11-30", Name: "x"}, nil, 409)
	// An agency a holiday names cannot be deleted from under it.
	status, code := adm.do("DELETE", "/v1/admin/agencies/disdukcapil", nil, nil)
	if status != 409 || code != api.CodeConflict {
		t.Fatalf("delete agency named by a holiday: %d %s", status, code)
	}

	// Special hours for the whole site tomorrow (Friday): open 08:00–10:00
	// with a quota of 1; the display hears about it with catalog.updated.
	adm.must("POST", "/v1/admin/holidays", api.Holiday{ID: "jumat-pendek", Date: "2026-11-27", Name: "Layanan setengah hari",
		Daily: &api.DayHours{Open: "08:00", Close: "10:00"}, Quota: 1}, &h, 201)
	if h.Kind != api.HolidaySpecial {
		t.Fatalf("kind %q", h.Kind)
	}
	var b api.Board
	adm.must("GET", "/v1/board", nil, &b, 200)
	if len(b.Calendar) != 1 || b.Calendar[0].ID != "jumat-pendek" {
		t.Fatalf("board calendar %+v (the local closure is not site-wide)", b.Calendar)
	}
	evs, _, err := s.Store.EventsAfter(ctx(t), 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	last := evs[len(evs)-1].Event
	var d api.EventData
	json.Unmarshal(last.Data, &d)
	if last.Type != api.EventCatalogUpdated || len(d.Calendar) != 1 || d.Calendar[0].Name != "Layanan setengah hari" {
		t.Fatalf("last event %s %s", last.Type, last.Data)
	}
	clk.Set(time.Date(2026, 11, 27, 9, 0, 0, 0, wib))
	cat, _ = k.Catalog(ctx(t))
	if sv := catalogService(t, cat, "kk"); !sv.OpenNow || sv.QuotaLeft != 1 || sv.Holiday == nil || sv.Holiday.ID != "jumat-pendek" {
		t.Fatalf("kk on the short friday: %+v", sv)
	}
	issue(t, k, "kk")
	_, err = k.IssueTicket(ctx(t), api.IssueRequest{ServiceID: "kk"}, client.NewIdempotencyKey())
	wantCode(t, err, api.CodeQuotaFull)
	clk.Set(time.Date(2026, 11, 27, 10, 0, 0, 0, wib))
	_, err = k.IssueTicket(ctx(t), api.IssueRequest{ServiceID: "pajak-kendaraan"}, client.NewIdempotencyKey())
	var ae *api.Error
	if !errors.As(err, &ae) || ae.Reason != api.ReasonOutsideHours {
		t.Fatalf("after the short day: %v", err)
	}

	// Edit and delete; the change survives a restart.
	adm = newAdmin(t, s) // the first session expired overnight
	adm.must("PATCH", "/v1/admin/holidays/2026-11-26", map[string]any{"name": "Pemeliharaan server"}, &h, 200)
	if h.Name != "Pemeliharaan server" || h.AgencyIDs[0] != "disdukcapil" {
		t.Fatalf("patched %+v", h)
	}
	adm.must("DELETE", "/v1/admin/holidays/jumat-pendek", nil, nil, 204)
	adm.must("DELETE", "/v1/admin/holidays/jumat-pendek", nil, nil, 404)
	cat, _ = k.Catalog(ctx(t))
	if sv := catalogService(t, cat, "kk"); sv.Holiday != nil || sv.ClosedReason == api.ReasonHoliday {
		t.Fatalf("kk on a plain Friday: %+v", sv)
	}
	s.Restart()
	adm = newAdmin(t, s)
	var all []api.Holiday
	adm.must("GET", "/v1/admin/holidays", nil, &all, 200)
	found := false
	for _, x := range all {
		found = found || (x.ID == "2026-11-26" && x.Name == "Pemeliharaan server")
		if x.ID == "jumat-pendek" {
			t.Fatal("deleted holiday is back after a restart")
		}
	}
	if !found || len(all) < 20 {
		t.Fatalf("%d holidays after restart (file's 2027 calendar and the admin's entry): %+v", len(all), all)
	}
	// Officers and kiosks cannot change the calendar.
	kioskAPI := &adminAPI{t: t, s: s, token: servertest.KioskToken}
	if status, _ := kioskAPI.do("POST", "/v1/admin/holidays", api.Holiday{Date: "2026-12-01", Name: "x"}, nil); status != http.StatusForbidden {
		t.Fatalf("kiosk adding a holiday: %d", status)
	}
}
