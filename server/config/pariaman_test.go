package config

import (
	"fmt"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"antrean/assets"
	"antrean/server/queue"
	"antrean/shared/api"
)

func loadPariaman(t *testing.T) *File {
	t.Helper()
	data, err := assets.ReadFile("sites/pariaman.toml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(data)
	if err != nil {
		t.Fatalf("pariaman.toml: %v", err)
	}
	return f
}

func TestPariamanLoadsFromDisk(t *testing.T) {
	_, here, _, _ := runtime.Caller(0)
	f, err := Load(filepath.Join(filepath.Dir(here), "..", "..", "assets", "sites", "pariaman.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if f.Site.ID != "mpp-pariaman" || f.Site.Timezone != "Asia/Jakarta" || !f.Site.Demo || !f.Site.AlwaysOpen {
		t.Fatalf("site = %+v", f.Site)
	}
	if f.Location().String() != "Asia/Jakarta" {
		t.Fatalf("location %v", f.Location())
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.toml")); err == nil {
		t.Fatal("missing file loaded")
	}
}

func TestPariamanContent(t *testing.T) {
	f := loadPariaman(t)
	if len(f.Agencies) < 10 {
		t.Errorf("%d agencies, want ≥ 10", len(f.Agencies))
	}
	if len(f.Services) < 18 {
		t.Errorf("%d services, want ≥ 18", len(f.Services))
	}
	if len(f.Counters) < 14 {
		t.Errorf("%d counters, want ≥ 14", len(f.Counters))
	}
	if len(f.Site.Announcements) < 3 {
		t.Errorf("%d announcements", len(f.Site.Announcements))
	}

	served := map[string]bool{}
	zones := map[string]int{}
	for i, c := range f.Counters {
		if want := fmt.Sprintf("loket-%d", i+1); c.ID != want || c.Number != i+1 {
			t.Errorf("counter %d is %s/%d, want %s/%d", i, c.ID, c.Number, want, i+1)
		}
		if c.Status != api.CounterOpen {
			t.Errorf("%s status %q", c.ID, c.Status)
		}
		zones[c.Zone]++
		for _, s := range c.ServiceIDs {
			served[s] = true
		}
	}
	if len(zones) != 2 || zones["A"] == 0 || zones["B"] == 0 {
		t.Errorf("zones %v, want A and B", zones)
	}
	for _, s := range f.Services {
		if !served[s.ID] {
			t.Errorf("service %s has no counter", s.ID)
		}
		if !s.Active || s.Digits != 3 || s.Start != 1 || s.AvgServiceMinutes <= 0 {
			t.Errorf("service %s defaults: %+v", s.ID, s)
		}
	}
	if s := f.Service("ktp-el"); s == nil || s.DailyQuota != 100 || s.Prefix != "A" || !s.Priority || s.Interleave != (api.Interleave{Priority: 1, Regular: 2}) {
		t.Errorf("ktp-el = %+v", s)
	}
	if s := f.Service("sim"); s == nil || s.DailyQuota != 60 {
		t.Errorf("sim = %+v", s)
	}
	if f.Service("nope") != nil {
		t.Error("Service(nope) found something")
	}

	// Officers petugas1…petugas12 / demo123 with 1–2 counters, covering loket-1…12.
	covered := map[string]bool{}
	users := map[string]User{}
	for _, u := range f.Users {
		users[u.Username] = u
	}
	for n := 1; n <= 12; n++ {
		u, ok := users[fmt.Sprintf("petugas%d", n)]
		if !ok || u.Role != api.RoleOfficer || u.Password != "demo123" || len(u.Counters) < 1 || len(u.Counters) > 2 {
			t.Errorf("petugas%d = %+v", n, u)
		}
		for _, c := range u.Counters {
			covered[c] = true
		}
	}
	for n := 1; n <= 12; n++ {
		if !covered[fmt.Sprintf("loket-%d", n)] {
			t.Errorf("loket-%d has no officer", n)
		}
	}
	if a := users["admin"]; a.Role != api.RoleAdmin || a.Password != "admin-demo" {
		t.Errorf("admin = %+v", a)
	}
	tokens := map[string]api.Role{}
	for _, d := range f.Devices {
		tokens[d.Token] = d.Role
	}
	if tokens["kiosk-demo"] != api.RoleKiosk || tokens["display-demo"] != api.RoleDisplay {
		t.Errorf("devices %+v", f.Devices)
	}
}

func TestPariamanHours(t *testing.T) {
	f := loadPariaman(t)
	loc := f.Location()
	// 23 Nov 2026 is a Monday. The demo is always open, so test the real
	// hours with AlwaysOpen off.
	at := func(day, h, m int) time.Time { return time.Date(2026, 11, day, h, m, 0, 0, loc) }
	tests := []struct {
		service string
		now     time.Time
		want    api.ClosedReason
	}{
		{"ktp-el", at(23, 8, 0), ""},
		{"ktp-el", at(23, 7, 59), api.ReasonOutsideHours},
		{"ktp-el", at(23, 15, 30), api.ReasonCutoff},
		{"ktp-el", at(23, 16, 0), api.ReasonOutsideHours},
		{"ktp-el", at(27, 11, 30), api.ReasonBreak},
		{"ktp-el", at(27, 13, 30), ""},
		{"ktp-el", at(28, 9, 0), api.ReasonClosedDay},
		{"pajak-kendaraan", at(28, 9, 0), ""}, // Samsat on Saturday
		{"pajak-kendaraan", at(28, 12, 0), api.ReasonOutsideHours},
		{"pajak-kendaraan", at(27, 12, 0), api.ReasonBreak}, // Friday still from [hours]
		{"bank-nagari", at(24, 15, 0), api.ReasonOutsideHours},
		{"bank-nagari", at(24, 14, 59), ""},
		{"pertanahan", at(27, 11, 0), api.ReasonCutoff},
		{"pertanahan", at(27, 14, 0), api.ReasonOutsideHours},
	}
	for _, tt := range tests {
		s := f.Service(tt.service)
		got, _ := queue.Availability(queue.ServiceRules(*s, false), tt.now, 0)
		if got != tt.want {
			t.Errorf("%s at %s: %q, want %q", tt.service, tt.now.Format("Mon 15:04"), got, tt.want)
		}
	}
	// The demo switch opens everything, but not beyond the quota.
	ktp := f.Service("ktp-el")
	if r, open := queue.Availability(queue.ServiceRules(*ktp, f.Site.AlwaysOpen), at(29, 3, 0), 0); !open {
		t.Errorf("always_open: closed (%q)", r)
	}
	if r, _ := queue.Availability(queue.ServiceRules(*ktp, f.Site.AlwaysOpen), at(29, 3, 0), 100); r != api.ReasonQuotaFull {
		t.Errorf("always_open at quota: %q", r)
	}
}

func TestBcryptHash(t *testing.T) {
	u := User{Username: "petugas1", Password: "demo123"}
	h, err := u.BcryptHash(bcrypt.MinCost)
	if err != nil || bcrypt.CompareHashAndPassword([]byte(h), []byte("demo123")) != nil {
		t.Fatalf("hash %q, %v", h, err)
	}
	u = User{Username: "x", PasswordHash: h}
	if got, _ := u.BcryptHash(0); got != h {
		t.Fatalf("given hash not kept: %q", got)
	}
}
