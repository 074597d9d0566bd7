package config

import (
	"errors"
	"strings"
	"testing"
	"time"

	"antrean/server/queue"
	"antrean/shared/api"
)

func TestHolidaysInTheSiteFile(t *testing.T) {
	f, err := Parse([]byte(base + `
[[holidays]]
date = "2027-01-01"
name = "Tahun Baru 2027 Masehi"

[[holidays]]
date = "2027-01-01"
name = "Kerja bakti"
kind = "local"
agencies = ["disdukcapil"]

[[holidays]]
id = "ramadan"
date = "2027-02-08"
until = "2027-03-09"
name = "Jam layanan Ramadan"
hours = "08:00-14:00"
quota = 40

[[holidays]]
id = "sabtu-ktp"
date = "2027-02-13"
name = "Sabtu layanan KTP"
services = ["ktp-el"]
hours = { sat = "08:00-12:00" }
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Holidays) != 4 {
		t.Fatalf("%d holidays", len(f.Holidays))
	}
	ny, local, ramadan, sat := f.Holidays[0], f.Holidays[1], f.Holidays[2], f.Holidays[3]
	if ny.ID != "2027-01-01" || ny.Kind != api.HolidayNational || !ny.Closes() || ny.Name != "Tahun Baru 2027 Masehi" {
		t.Fatalf("new year %+v", ny)
	}
	if local.ID != "2027-01-01-2" || local.Kind != api.HolidayLocal || len(local.AgencyIDs) != 1 {
		t.Fatalf("local %+v", local)
	}
	if ramadan.Kind != api.HolidaySpecial || ramadan.Daily == nil || ramadan.Daily.Close != "14:00" || ramadan.Quota != 40 || ramadan.Until != "2027-03-09" {
		t.Fatalf("ramadan %+v", ramadan)
	}
	if len(sat.Hours) != 1 || sat.Hours[0].Weekday != 6 || sat.Hours[0].Open != "08:00" {
		t.Fatalf("saturday %+v", sat)
	}
	// The site's weekly hours are kept for citizens (the phone page).
	if len(f.Site.Hours) != 5 || f.Site.Hours[4].Weekday != 5 || len(f.Site.Hours[4].Breaks) != 1 {
		t.Fatalf("site hours %+v", f.Site.Hours)
	}
	// The calendar closes the day for every service of the file.
	sv := *f.Service("kk")
	r := queue.ServiceRules(sv, false)
	r.Calendar = queue.ServiceCalendar(f.Holidays, sv)
	loc := f.Location()
	if reason, _ := queue.Availability(r, time.Date(2027, 1, 1, 10, 0, 0, 0, loc), 0); reason != api.ReasonHoliday {
		t.Fatalf("kk on new year: %q", reason)
	}
}

func TestHolidayErrors(t *testing.T) {
	tests := []struct{ toml, want string }{
		{"[[holidays]]\ndate = \"2027-13-01\"\nname = \"x\"", "must be YYYY-MM-DD"},
		{"[[holidays]]\ndate = \"2027-01-01\"", "name is missing"},
		{"[[holidays]]\ndate = \"2027-01-01\"\nname = \"x\"\nagencies = [\"samsat\"]", `agency "samsat" is not in [[agencies]]`},
		{"[[holidays]]\ndate = \"2027-01-01\"\nname = \"x\"\nservices = [\"sim\"]", `service "sim" is not in [[services]]`},
		{"[[holidays]]\ndate = \"2027-01-01\"\nname = \"x\"\nhours = \"closed\"", "cannot be \"closed\""},
		{"[[holidays]]\ndate = \"2027-01-01\"\nname = \"x\"\nhours = { sat = \"closed\" }", "Saturday cannot be \"closed\""},
		{"[[holidays]]\ndate = \"2027-01-01\"\nname = \"x\"\nhours = 8", "must be \"HH:MM-HH:MM\" or a weekday table"},
		{"[[holidays]]\ndate = \"2027-01-01\"\nname = \"x\"\nkind = \"libur\"", `kind "libur"`},
		{"[[holidays]]\ndate = \"2027-01-01\"\nuntil = \"2026-12-31\"\nname = \"x\"", "before date"},
		{"[[holidays]]\nid = \"a\"\ndate = \"2027-01-01\"\nname = \"x\"\n[[holidays]]\nid = \"a\"\ndate = \"2027-01-02\"\nname = \"y\"", `holiday "a": id is used twice`},
		{"[[holidays]]\ndate = \"2027-01-01\"\nname = \"x\"\ncolour = \"red\"", `unknown key`},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(base + "\n" + tt.toml + "\n"))
		if !errors.Is(err, api.ErrInvalidInput) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s\n→ %v, want %q", tt.toml, err, tt.want)
		}
	}
}

func TestPariamanCalendar2027(t *testing.T) {
	f := loadPariaman(t)
	byDate := map[string]api.Holiday{}
	for _, h := range f.Holidays {
		byDate[h.Date] = h
	}
	// The fixed-date national holidays are all there and close the MPP.
	for _, d := range []string{"2027-01-01", "2027-05-01", "2027-06-01", "2027-08-17", "2027-12-25"} {
		h, ok := byDate[d]
		if !ok || !h.Closes() || h.Kind != api.HolidayNational || !queue.SiteWide(h) {
			t.Errorf("%s: %+v", d, h)
		}
	}
	// Easter-based dates follow the computus: Easter 2027 is 28 March.
	for d, name := range map[string]string{"2027-03-26": "Wafat", "2027-03-28": "Paskah", "2027-05-06": "Kenaikan"} {
		if !strings.Contains(byDate[d].Name, name) {
			t.Errorf("%s: %+v", d, byDate[d])
		}
	}
	// Every uncertain date says so in its name.
	for _, h := range f.Holidays {
		if h.Kind == api.HolidayCutiBersama && !strings.Contains(h.Name, "perkiraan") {
			t.Errorf("cuti bersama %s without (perkiraan): the 2027 SKB is not known", h.Date)
		}
	}
	if h := byDate["2027-02-08"]; h.Kind != api.HolidaySpecial || len(h.Hours) != 5 {
		t.Errorf("ramadan hours %+v", h)
	}
}
