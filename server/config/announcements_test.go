package config

import (
	"strings"
	"testing"
)

func TestAnnouncementsInTheSiteFile(t *testing.T) {
	f, err := Parse([]byte(base + `
[[announcements]]
text = "  Layanan SIM keliling di Lapangan Merdeka.  "
from = "2026-12-01"
until = "2026-12-07"

[[announcements]]
id = "paspor"
text = "Pemohon paspor: bawa KTP-el dan KK asli."
text_en = "Passport applicants: bring your original ID card and family card."
start = "08:00"
end = "12:00"
zones = ["b", " "]
enabled = false
order = 9
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Announcements) != 2 {
		t.Fatalf("announcements %+v", f.Announcements)
	}
	a, b := f.Announcements[0], f.Announcements[1]
	if a.ID != "pengumuman-1" || a.Text != "Layanan SIM keliling di Lapangan Merdeka." || !a.Enabled || a.Order != 1 || a.Until != "2026-12-07" {
		t.Errorf("first (defaults): %+v", a)
	}
	if b.ID != "paspor" || b.Enabled || b.Order != 9 || len(b.Zones) != 1 || b.Zones[0] != "b" || b.TextEN == "" || b.End != "12:00" {
		t.Errorf("second: %+v", b)
	}
	legacy := LegacyAnnouncements([]string{"Satu.", " ", "Dua."})
	if len(legacy) != 2 || legacy[0].ID != "site-1" || legacy[1].ID != "site-3" || !legacy[1].Enabled || legacy[0].Order >= legacy[1].Order || legacy[1].Order >= 1 {
		t.Errorf("plain list as entries: %+v", legacy)
	}
}

func TestAnnouncementErrors(t *testing.T) {
	for _, c := range []struct{ toml, want string }{
		{`text = ""`, "text (Indonesian) is missing"},
		{`text = "a"` + "\nfrom = \"1-2-3\"", `from "1-2-3" is not a date`},
		{`text = "a"` + "\nstart = \"08:00\"", "start and end go together"},
		{`text = "a"` + "\nstart = \"08:00\"\nend = \"25:00\"", `end "25:00" is not a time`},
		{`id = "site-1"` + "\ntext = \"a\"", "name the plain [site] announcements list"},
		{`text = "a"` + "\nwhen = \"x\"", `unknown key: "when" in announcements[0]`},
		{`text = "` + strings.Repeat("á", 301) + `"`, "301 characters long; at most 300"},
	} {
		_, err := Parse([]byte(base + "\n[[announcements]]\n" + c.toml + "\n"))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.toml, err, c.want)
		}
	}
}
