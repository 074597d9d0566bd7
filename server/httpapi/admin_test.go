package httpapi_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"antrean/server/servertest"
	"antrean/shared/api"
)

func TestAdminCatalogValidation(t *testing.T) {
	s := servertest.Start(t)
	adm := newAdmin(t, s)
	good := api.Service{ID: "legalisir", AgencyID: "disdukcapil", Name: "Legalisir Dokumen", Prefix: "V", Active: true,
		Hours: []api.DayHours{{Weekday: 5, Open: "08:00", Close: "16:00", Breaks: []api.Span{{From: "11:30", To: "13:30"}}}}}
	with := func(fn func(*api.Service)) api.Service {
		v := good
		v.Hours = []api.DayHours{good.Hours[0]}
		v.Hours[0].Breaks = append([]api.Span(nil), good.Hours[0].Breaks...)
		fn(&v)
		return v
	}
	cases := []struct {
		name   string
		body   any
		status int
		code   api.Code
	}{
		{"bad prefix", with(func(v *api.Service) { v.Prefix = "A1" }), 400, api.CodeInvalidInput},
		{"long prefix", with(func(v *api.Service) { v.Prefix = "ABCD" }), 400, api.CodeInvalidInput},
		{"taken prefix", with(func(v *api.Service) { v.Prefix = "A" }), 409, api.CodeConflict},
		{"taken prefix, lower case", with(func(v *api.Service) { v.Prefix = "b" }), 409, api.CodeConflict},
		{"unknown agency", with(func(v *api.Service) { v.AgencyID = "nasa" }), 400, api.CodeInvalidInput},
		{"close before open", with(func(v *api.Service) { v.Hours[0].Close = "07:00" }), 400, api.CodeInvalidInput},
		{"bad clock", with(func(v *api.Service) { v.Hours[0].Open = "8am" }), 400, api.CodeInvalidInput},
		{"break outside hours", with(func(v *api.Service) { v.Hours[0].Breaks[0].To = "17:00" }), 400, api.CodeInvalidInput},
		{"weekday 7", with(func(v *api.Service) { v.Hours[0].Weekday = 7 }), 400, api.CodeInvalidInput},
		{"digits 9", with(func(v *api.Service) { v.Digits = 9 }), 400, api.CodeInvalidInput},
		{"negative quota", with(func(v *api.Service) { v.DailyQuota = -1 }), 400, api.CodeInvalidInput},
		{"bad id", with(func(v *api.Service) { v.ID = "Legal Isir" }), 400, api.CodeInvalidInput},
		{"existing id", with(func(v *api.Service) { v.ID = "kk"; v.Prefix = "W" }), 409, api.CodeConflict},
		{"no name", with(func(v *api.Service) { v.Name = "" }), 400, api.CodeInvalidInput},
		{"unknown field", `{"id":"x","pfx":"X"}`, 400, api.CodeInvalidInput},
	}
	for _, c := range cases {
		if st, code := adm.do("POST", "/v1/admin/services", c.body, nil); st != c.status || code != c.code {
			t.Errorf("%s: %d %s, want %d %s", c.name, st, code, c.status, c.code)
		}
	}
	// Nothing of that was written.
	var svs []api.Service
	adm.must("GET", "/v1/admin/services", nil, &svs, 200)
	n := len(svs)

	var sv api.Service
	adm.must("POST", "/v1/admin/services", good, &sv, 201)
	if sv.Digits != 3 || sv.Start != 1 || sv.AvgServiceMinutes != 5 {
		t.Fatalf("defaults not applied: %+v", sv)
	}
	adm.must("GET", "/v1/admin/services", nil, &svs, 200)
	if len(svs) != n+1 {
		t.Fatalf("services %d, want %d", len(svs), n+1)
	}
	// PATCH changes only what is sent; PUT with another id is refused.
	adm.must("PATCH", "/v1/admin/services/legalisir", map[string]any{"daily_quota": 40}, &sv, 200)
	if sv.DailyQuota != 40 || sv.Prefix != "V" || len(sv.Hours) != 1 {
		t.Fatalf("patched %+v", sv)
	}
	if st, code := adm.do("PUT", "/v1/admin/services/legalisir", with(func(v *api.Service) { v.ID = "other" }), nil); st != 400 || code != api.CodeInvalidInput {
		t.Errorf("id change: %d %s", st, code)
	}
	if st, code := adm.do("PATCH", "/v1/admin/services/nope", map[string]any{"daily_quota": 1}, nil); st != 404 || code != api.CodeNotFound {
		t.Errorf("unknown service: %d %s", st, code)
	}

	// Counters: references and unique numbers.
	ct := api.Counter{ID: "loket-17", Number: 17, Name: "Loket 17", Zone: "A", ServiceIDs: []string{"legalisir"}}
	for name, c := range map[string]struct {
		body   api.Counter
		status int
	}{
		"unknown service": {api.Counter{ID: "loket-17", Number: 17, Name: "x", ServiceIDs: []string{"nope"}}, 400},
		"no services":     {api.Counter{ID: "loket-17", Number: 17, Name: "x"}, 400},
		"number taken":    {api.Counter{ID: "loket-17", Number: 3, Name: "x", ServiceIDs: []string{"kk"}}, 409},
		"bad status":      {api.Counter{ID: "loket-17", Number: 17, Name: "x", ServiceIDs: []string{"kk"}, Status: "lunch"}, 400},
	} {
		if st, code := adm.do("POST", "/v1/admin/counters", c.body, nil); st != c.status {
			t.Errorf("counter %s: %d %s, want %d", name, st, code, c.status)
		}
	}
	var got api.Counter
	adm.must("POST", "/v1/admin/counters", ct, &got, 201)
	if got.Status != api.CounterOpen {
		t.Fatalf("new counter %+v", got)
	}
	cat, err := s.Kiosk().Catalog(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range cat.Counters {
		found = found || c.ID == "loket-17"
	}
	if !found {
		t.Fatal("new counter is not in the live catalog")
	}

	// Users: role, counters, password rules; never a hash in a reply.
	name := "Budi"
	officer := api.RoleOfficer
	for label, u := range map[string]api.UserRequest{
		"no counters":    {Username: "budi", Name: &name, Role: &officer, Password: "rahasia-budi"},
		"unknown ctr":    {Username: "budi", Name: &name, Role: &officer, CounterIDs: &[]string{"loket-99"}, Password: "rahasia-budi"},
		"short password": {Username: "budi", Name: &name, Role: &officer, CounterIDs: &[]string{"loket-17"}, Password: "pendek"},
		"bad username":   {Username: "Budi Santoso", Name: &name, Role: &officer, CounterIDs: &[]string{"loket-17"}, Password: "rahasia-budi"},
		"bad role":       {Username: "budi", Name: &name, Role: ptrRole("kiosk"), CounterIDs: &[]string{"loket-17"}, Password: "rahasia-budi"},
	} {
		if st, code := adm.do("POST", "/v1/admin/users", u, nil); st != 400 || code != api.CodeInvalidInput {
			t.Errorf("user %s: %d %s", label, st, code)
		}
	}
	var u api.AdminUser
	adm.must("POST", "/v1/admin/users", api.UserRequest{Username: "budi", Name: &name, Role: &officer, CounterIDs: &[]string{"loket-17"}, Password: "rahasia-budi"}, &u, 201)
	if st, code := adm.do("POST", "/v1/admin/users", api.UserRequest{Username: "budi", Name: &name, Role: &officer, CounterIDs: &[]string{"loket-17"}, Password: "rahasia-budi"}, nil); st != 409 || code != api.CodeConflict {
		t.Errorf("duplicate username: %d %s", st, code)
	}
	_, body, _ := adm.raw("GET", "/v1/admin/users", nil)
	if strings.Contains(string(body), "$2a$") || strings.Contains(string(body), "hash") || !strings.Contains(string(body), `"budi"`) {
		t.Fatalf("users list: %s", body)
	}

	// Deleting what is referenced is a conflict.
	for path, why := range map[string]string{
		"/v1/admin/services/ktp-el":      "counters serve it",
		"/v1/admin/agencies/disdukcapil": "it has services",
		"/v1/admin/counters/loket-17":    "budi works there",
		"/v1/admin/services/legalisir":   "loket-17 serves it",
	} {
		if st, code := adm.do("DELETE", path, nil, nil); st != 409 || code != api.CodeConflict {
			t.Errorf("DELETE %s (%s): %d %s", path, why, st, code)
		}
	}
	// A service with tickets today stays: deactivate it instead.
	issue(t, s.Kiosk(), "legalisir")
	adm.must("DELETE", "/v1/admin/users/budi", nil, nil, 204)
	adm.must("DELETE", "/v1/admin/counters/loket-17", nil, nil, 204)
	if st, code := adm.do("DELETE", "/v1/admin/services/legalisir", nil, nil); st != 409 || code != api.CodeConflict {
		t.Errorf("service with a ticket: %d %s", st, code)
	}
	adm.must("PATCH", "/v1/admin/services/legalisir", map[string]any{"active": false}, &sv, 200)
	_, err = s.Kiosk().IssueTicket(ctx(t), api.IssueRequest{ServiceID: "legalisir"}, "k-inactive")
	if api.CodeOf(err) != api.CodeServiceClosed {
		t.Fatalf("inactive service issued: %v", err)
	}
	// An agency with nothing in it can go.
	var ag api.Agency
	adm.must("POST", "/v1/admin/agencies", api.Agency{ID: "bapenda", Name: "Bapenda", Short: "Bapenda", Zone: "B", Order: 20}, &ag, 201)
	adm.must("PATCH", "/v1/admin/agencies/bapenda", map[string]any{"short": "BPD"}, &ag, 200)
	if ag.Short != "BPD" || ag.Name != "Bapenda" {
		t.Fatalf("agency %+v", ag)
	}
	adm.must("DELETE", "/v1/admin/agencies/bapenda", nil, nil, 204)
	if st, _ := adm.do("GET", "/v1/admin/agencies/bapenda", nil, nil); st != 404 {
		t.Fatalf("deleted agency: %d", st)
	}

	// The last admin cannot be removed or demoted.
	if st, code := adm.do("DELETE", "/v1/admin/users/admin", nil, nil); st != 409 || code != api.CodeConflict {
		t.Errorf("delete last admin: %d %s", st, code)
	}
	if st, code := adm.do("PATCH", "/v1/admin/users/admin", api.UserRequest{Role: &officer, CounterIDs: &[]string{"loket-1"}}, nil); st != 409 || code != api.CodeConflict {
		t.Errorf("demote last admin: %d %s", st, code)
	}
	// Only admins administer.
	off := &adminAPI{t: t, s: s}
	sess, err := s.Client("").Login(ctx(t), api.SessionRequest{Username: "petugas1", Password: servertest.OfficerPassword, CounterID: "loket-1"})
	if err != nil {
		t.Fatal(err)
	}
	off.token = sess.Token
	if st, _ := off.do("GET", "/v1/admin/users", nil, nil); st != 403 {
		t.Errorf("officer on admin: %d", st)
	}
}

func ptrRole(r string) *api.Role { v := api.Role(r); return &v }

func TestPrefixChangeKeepsIssuedNumbersAndEmitsCatalogUpdated(t *testing.T) {
	s := servertest.Start(t)
	adm := newAdmin(t, s)
	k := s.Kiosk()
	a1, a2 := issue(t, k, "ktp-el"), issue(t, k, "ktp-el")
	if a1.Number != "A-001" || a2.Number != "A-002" {
		t.Fatalf("got %s %s", a1.Number, a2.Number)
	}
	since := lastSeq(t, s)
	var sv api.Service
	adm.must("PATCH", "/v1/admin/services/ktp-el", map[string]any{"prefix": "Z", "digits": 4, "start": 50}, &sv, 200)
	if sv.Prefix != "Z" {
		t.Fatalf("service %+v", sv)
	}
	// The change is announced, in order, to displays and kiosks.
	_, br := rawStream(t, s, strconv.FormatInt(since, 10))
	readUntil(t, br, "event: catalog.updated")

	// Issued tickets keep their numbers; numbering continues today (start
	// applies from tomorrow), under the new prefix and width.
	for _, tk := range []api.Ticket{a1, a2} {
		got, err := s.Client("").Ticket(ctx(t), tk.ID)
		if err != nil || got.Number != tk.Number {
			t.Fatalf("ticket %s became %s (%v)", tk.Number, got.Number, err)
		}
	}
	if a3 := issue(t, k, "ktp-el"); a3.Number != "Z-0003" || a3.Seq != 3 {
		t.Fatalf("next ticket %s seq %d, want Z-0003", a3.Number, a3.Seq)
	}
	cat, _ := k.Catalog(ctx(t))
	for _, c := range cat.Services {
		if c.ID == "ktp-el" && c.Prefix != "Z" {
			t.Fatalf("live catalog prefix %s", c.Prefix)
		}
	}
	// Officers keep calling the old numbers in order.
	off := s.Officer("petugas1", "loket-1")
	got, err := off.CallNext(ctx(t), "loket-1")
	if err != nil || got.Number != "A-001" {
		t.Fatalf("call next %+v %v", got, err)
	}
	// "A" was used today by ktp-el: no other service may take it before tomorrow.
	if st, code := adm.do("PATCH", "/v1/admin/services/kk", map[string]any{"prefix": "A"}, nil); st != 409 || code != api.CodeConflict {
		t.Fatalf("reuse of today's prefix: %d %s", st, code)
	}
	// ktp-el itself may take its old prefix back: its sequence continues.
	adm.must("PATCH", "/v1/admin/services/ktp-el", map[string]any{"prefix": "A", "digits": 3}, &sv, 200)
	if a4 := issue(t, k, "ktp-el"); a4.Number != "A-004" {
		t.Fatalf("after switching back: %s", a4.Number)
	}
}

func TestDeviceTokenIssueAndRevoke(t *testing.T) {
	s := servertest.Start(t)
	adm := newAdmin(t, s)
	for name, body := range map[string]api.DeviceRequest{
		"no name":      {Role: api.RoleKiosk},
		"officer role": {Name: "x", Role: api.RoleOfficer},
		"unknown zone": {Name: "x", Role: api.RoleDisplay, Zone: "Z"},
	} {
		if st, code := adm.do("POST", "/v1/admin/devices", body, nil); st != 400 || code != api.CodeInvalidInput {
			t.Errorf("%s: %d %s", name, st, code)
		}
	}
	var d api.IssuedDevice
	adm.must("POST", "/v1/admin/devices", api.DeviceRequest{Name: "Kiosk Lantai 2", Role: api.RoleKiosk, Zone: "B"}, &d, 201)
	if len(d.Token) < 40 || d.ID == "" || d.Revoked {
		t.Fatalf("issued %+v", d)
	}
	if st, code := adm.do("POST", "/v1/admin/devices", api.DeviceRequest{Name: "Kiosk Lantai 2", Role: api.RoleKiosk}, nil); st != 409 || code != api.CodeConflict {
		t.Errorf("duplicate name: %d %s", st, code)
	}
	// The token is shown once: the list has neither it nor its hash.
	_, body, _ := adm.raw("GET", "/v1/admin/devices", nil)
	if strings.Contains(string(body), d.Token) || strings.Contains(string(body), "token") || !strings.Contains(string(body), d.ID) {
		t.Fatalf("device list: %s", body)
	}
	kiosk := s.Client(d.Token)
	if _, err := kiosk.Catalog(ctx(t)); err != nil {
		t.Fatalf("new token: %v", err)
	}
	tk, err := kiosk.IssueTicket(ctx(t), api.IssueRequest{ServiceID: "jkn"}, "dev-k1")
	if err != nil {
		t.Fatal(err)
	}
	var rev api.Device
	adm.must("DELETE", "/v1/admin/devices/"+d.ID, nil, &rev, 200)
	if !rev.Revoked || rev.RevokedAt == nil {
		t.Fatalf("revoked %+v", rev)
	}
	// Rejected on the very next request, whatever it is.
	if _, err := kiosk.Catalog(ctx(t)); api.CodeOf(err) != api.CodeUnauthorized {
		t.Fatalf("revoked token still works: %v", err)
	}
	if _, err := kiosk.IssueTicket(ctx(t), api.IssueRequest{ServiceID: "jkn"}, "dev-k1"); api.CodeOf(err) != api.CodeUnauthorized {
		t.Fatalf("revoked token replays: %v", err)
	}
	// Its tickets live on; revoking again is harmless; unknown is 404.
	if got, err := s.Client("").Ticket(ctx(t), tk.ID); err != nil || got.State != api.StateWaiting {
		t.Fatalf("ticket of revoked kiosk: %+v %v", got, err)
	}
	adm.must("DELETE", "/v1/admin/devices/"+d.ID, nil, nil, 200)
	if st, _ := adm.do("DELETE", "/v1/admin/devices/nope", nil, nil); st != 404 {
		t.Errorf("unknown device: %d", st)
	}
	// The name is free again once the old device is revoked.
	adm.must("POST", "/v1/admin/devices", api.DeviceRequest{Name: "Kiosk Lantai 2", Role: api.RoleKiosk}, nil, 201)
}

func TestPasswordResetEndsSessions(t *testing.T) {
	s := servertest.Start(t)
	adm := newAdmin(t, s)
	old := s.Officer("petugas1", "loket-1")
	if _, err := old.Counter(ctx(t), "loket-1"); err != nil {
		t.Fatal(err)
	}
	if st, code := adm.do("POST", "/v1/admin/users/petugas1/password", api.PasswordRequest{Password: "short"}, nil); st != 400 || code != api.CodeInvalidInput {
		t.Fatalf("short password: %d %s", st, code)
	}
	adm.must("POST", "/v1/admin/users/petugas1/password", api.PasswordRequest{Password: "baru-rahasia-1"}, nil, 204)
	if _, err := old.Counter(ctx(t), "loket-1"); api.CodeOf(err) != api.CodeUnauthorized {
		t.Fatalf("old session after reset: %v", err)
	}
	c := s.Client("")
	if _, err := c.Login(context.Background(), api.SessionRequest{Username: "petugas1", Password: servertest.OfficerPassword}); api.CodeOf(err) != api.CodeUnauthorized {
		t.Fatalf("old password: %v", err)
	}
	if _, err := c.Login(context.Background(), api.SessionRequest{Username: "petugas1", Password: "baru-rahasia-1", CounterID: "loket-1"}); err != nil {
		t.Fatalf("new password: %v", err)
	}
	if st, _ := adm.do("POST", "/v1/admin/users/nobody/password", api.PasswordRequest{Password: "baru-rahasia-1"}, nil); st != 404 {
		t.Fatalf("unknown user: %d", st)
	}
	// Deactivating ends the session too; a user with tickets is kept.
	issue(t, s.Kiosk(), "ktp-el")
	off := s.Client("")
	if _, err := off.Login(context.Background(), api.SessionRequest{Username: "petugas1", Password: "baru-rahasia-1", CounterID: "loket-1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := off.CallNext(ctx(t), "loket-1"); err != nil {
		t.Fatal(err)
	}
	var u api.AdminUser
	st, _ := adm.do("DELETE", "/v1/admin/users/petugas1", nil, &u)
	if st != 200 || u.Active {
		t.Fatalf("delete user with tickets: %d %+v", st, u)
	}
	if _, err := off.Counter(ctx(t), "loket-1"); api.CodeOf(err) != api.CodeUnauthorized {
		t.Fatalf("session of a deactivated user: %v", err)
	}
	var us []api.AdminUser
	adm.must("GET", "/v1/admin/users", nil, &us, 200)
	b, _ := json.Marshal(us)
	if !strings.Contains(string(b), `"username":"petugas1"`) {
		t.Fatal("deactivated user vanished")
	}
}

func TestAdminPage(t *testing.T) {
	s := servertest.Start(t)
	a := &adminAPI{t: t, s: s}
	st, body, h := a.raw("GET", "/admin", nil)
	html := string(body)
	if st != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Fatalf("admin page %d %s", st, h.Get("Content-Type"))
	}
	// The CSP forbids inline script and style: both are files of the
	// server's own, and the page has no inline code left to need them.
	csp := h.Get("Content-Security-Policy")
	if strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "style-src 'self'") {
		t.Fatalf("admin CSP %q", csp)
	}
	for _, bad := range []string{"<script>", "<style>", "style=", "onclick=", "onload="} {
		if strings.Contains(html, bad) {
			t.Errorf("admin page has inline %q, which its CSP blocks", bad)
		}
	}
	page := html
	for path, ct := range map[string]string{"/admin/admin.js": "text/javascript", "/admin/admin.css": "text/css"} {
		if !strings.Contains(html, `"`+path+`"`) {
			t.Errorf("admin page does not load %s", path)
		}
		st, body, h := a.raw("GET", path, nil)
		if st != 200 || !strings.HasPrefix(h.Get("Content-Type"), ct) || len(body) < 100 {
			t.Fatalf("%s: %d %s %d bytes", path, st, h.Get("Content-Type"), len(body))
		}
		page += string(body)
	}
	for _, want := range []string{`lang="id"`, "/v1/sessions", "sessionStorage", "/v1/reports/summary", "/v1/reports/ikm",
		"/v1/reports/today", "/v1/admin/devices", "/v1/admin/users", "format=csv", "Masuk"} {
		if !strings.Contains(page, want) {
			t.Errorf("admin page lacks %q", want)
		}
	}
	// No external resources: everything comes from the server itself.
	for _, bad := range []string{"http://", "https://", `src="//`, `href="//`} {
		if strings.Contains(page, bad) {
			t.Errorf("admin page refers to %q", bad)
		}
	}
}

// TestRestartKeepsAdminChanges: the site file seeds the database, but a
// restart must not undo what the admin changed since; --reseed must.
func TestRestartKeepsAdminChanges(t *testing.T) {
	s := servertest.Start(t)
	adm := newAdmin(t, s)
	var sv api.Service
	adm.must("PATCH", "/v1/admin/services/kk", map[string]any{"daily_quota": 7}, &sv, 200)
	s.Restart()
	cat, err := s.Kiosk().Catalog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range cat.Services {
		if x.ID == "kk" && x.DailyQuota != 7 {
			t.Fatalf("restart undid the admin's quota: %d", x.DailyQuota)
		}
	}
	// With reseed the file wins again.
	s.Stop()
	r := servertest.Start(t, servertest.WithDB(s.DBPath), servertest.WithReseed())
	cat, err = r.Kiosk().Catalog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range cat.Services {
		if x.ID == "kk" && x.DailyQuota == 7 {
			t.Fatal("reseed did not apply the site file")
		}
	}
}
