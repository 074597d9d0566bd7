package board

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

var wibZone = time.FixedZone("WIB", 7*3600)

func at(day string, hm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", day+" "+hm, wibZone)
	if err != nil {
		panic(err)
	}
	return t
}

// annBoard is a snapshot with announcements and no plain site list, the
// site's clock equal to the display's.
func annBoard(now time.Time, as ...api.Announcement) api.Board {
	b := snapshot()
	b.Site.Announcements = nil
	b.Now = now
	b.Announcements = as
	return b
}

func running(s *State) string { return strings.Join(s.View().Messages, " | ") }

// TestAnnouncementScheduleByClock: entries start and end by the site's
// clock on Tick, without a new board or an event: date bounds (from the
// first second of the first day to the last second of the last), daily
// hours, hours across midnight, disabled entries.
func TestAnnouncementScheduleByClock(t *testing.T) {
	s, clk := newState(Config{})
	clk.t = at("2026-11-30", "23:59")
	s.ApplyBoard(annBoard(clk.t,
		api.Announcement{ID: "dates", Text: "Pekan SIM keliling.", From: "2026-12-01", Until: "2026-12-03", Enabled: true, Order: 1},
		api.Announcement{ID: "pagi", Text: "Loket paspor buka pagi.", Start: "08:00", End: "12:00", Enabled: true, Order: 2},
		api.Announcement{ID: "malam", Text: "Layanan malam.", Start: "20:00", End: "06:00", Enabled: true, Order: 3},
		api.Announcement{ID: "off", Text: "Tidak tampil.", Enabled: false, Order: 4},
	))
	steps := []struct {
		day, hm string
		want    string
	}{
		{"2026-11-30", "23:59", "Layanan malam."},
		{"2026-12-01", "00:00", "Pekan SIM keliling. | Layanan malam."}, // the first day starts at midnight
		{"2026-12-01", "05:59", "Pekan SIM keliling. | Layanan malam."},
		{"2026-12-01", "06:00", "Pekan SIM keliling."}, // the night entry ends
		{"2026-12-01", "07:59", "Pekan SIM keliling."},
		{"2026-12-01", "08:00", "Pekan SIM keliling. | Loket paspor buka pagi."},
		{"2026-12-01", "11:59", "Pekan SIM keliling. | Loket paspor buka pagi."},
		{"2026-12-01", "12:00", "Pekan SIM keliling."},
		{"2026-12-03", "23:59", "Pekan SIM keliling. | Layanan malam."},
		{"2026-12-04", "00:00", "Layanan malam."}, // the last day ended at midnight
		{"2026-12-04", "10:00", "Loket paspor buka pagi."},
		{"2026-12-04", "19:00", TxtWelcome(i18n.ID)}, // nothing runs: the welcome
	}
	for _, st := range steps {
		clk.t = at(st.day, st.hm)
		s.Tick()
		if got := running(s); got != st.want {
			t.Errorf("%s %s: running text %q, want %q", st.day, st.hm, got, st.want)
		}
	}
}

// The schedule is the site's clock: a display whose own clock is wrong
// follows the server's time from the board.
func TestAnnouncementFollowsServerClock(t *testing.T) {
	s, clk := newState(Config{})
	clk.t = at("2026-12-01", "07:00") // the display thinks it is 07:00
	s.ApplyBoard(annBoard(at("2026-12-01", "09:00"),
		api.Announcement{ID: "pagi", Text: "Pagi.", Start: "08:00", End: "12:00", Enabled: true}))
	if got := running(s); got != "Pagi." {
		t.Fatalf("running text %q: the server says 09:00", got)
	}
}

// TestAnnouncementZones: a display of a zone runs the entries for every
// zone and for its own; a display of the whole hall runs them all.
func TestAnnouncementZones(t *testing.T) {
	as := []api.Announcement{
		{ID: "all", Text: "Semua.", Enabled: true, Order: 1},
		{ID: "a", Text: "Zona A.", Zones: []string{"a"}, Enabled: true, Order: 2},
		{ID: "bc", Text: "Zona B dan C.", TextEN: "Zones B and C.", Zones: []string{"b", "c"}, Enabled: true, Order: 3},
	}
	for zone, want := range map[string]string{
		"":  "Semua. | Zona A. | Zona B dan C. | Zones B and C.",
		"a": "Semua. | Zona A.",
		"c": "Semua. | Zona B dan C. | Zones B and C.", // Indonesian first, then English
		"d": "Semua.",
	} {
		s, clk := newState(Config{Zone: zone})
		s.ApplyBoard(annBoard(clk.t, as...))
		if got := running(s); got != want {
			t.Errorf("zone %q: %q, want %q", zone, got, want)
		}
		// A display without --zone whose token is bound to the zone gets
		// that zone's board, and runs that zone's entries.
		s, clk = newState(Config{})
		b := annBoard(clk.t, as...)
		b.Zone = zone
		s.ApplyBoard(b)
		if got := running(s); got != want {
			t.Errorf("board of zone %q: %q, want %q", zone, got, want)
		}
	}
}

// TestAnnouncementsLive: catalog.updated replaces the list at once; a
// --ticker list replaces the announcements but the calendar and footer
// stay; a board after a reconnect brings the list back.
func TestAnnouncementsLive(t *testing.T) {
	s, clk := newState(Config{})
	s.ApplyBoard(annBoard(clk.t))
	if got := running(s); got != TxtWelcome(i18n.ID) {
		t.Fatalf("empty: %q", got)
	}
	data, _ := json.Marshal(api.EventData{Announcements: []api.Announcement{{ID: "x", Text: "Baru dari admin.", Enabled: true}}})
	s.ApplyEvent(api.Event{ID: 11, Type: api.EventCatalogUpdated, Data: data})
	if got := running(s); got != "Baru dari admin." {
		t.Fatalf("after catalog.updated: %q", got)
	}
	data, _ = json.Marshal(api.EventData{})
	s.ApplyEvent(api.Event{ID: 12, Type: api.EventCatalogUpdated, Data: data})
	if got := running(s); got != TxtWelcome(i18n.ID) {
		t.Fatalf("after the last entry was deleted: %q", got)
	}

	tk, clk2 := newState(Config{Ticker: []string{"Dari --ticker."}})
	b := annBoard(clk2.t, api.Announcement{ID: "x", Text: "Tidak tampil.", Enabled: true})
	b.Site.CallCenter = "0751-123456"
	tk.ApplyBoard(b)
	if got := running(tk); got != "Dari --ticker. | Call center 0751-123456." {
		t.Fatalf("with --ticker: %q", got)
	}
}

// TestFooterLine: today's hours (the weekday's, special hours of the
// calendar, closed days) and the call-center number, in both languages.
func TestFooterLine(t *testing.T) {
	site := api.Site{CallCenter: "0751-123456", Hours: []api.DayHours{
		{Weekday: 1, Open: "08:00", Close: "16:00"}, {Weekday: 4, Open: "08:00", Close: "15:00"},
		{Weekday: 5, Open: "08:00", Close: "16:00", Breaks: []api.Span{{From: "11:30", To: "13:30"}}}}}
	thu, sat := at("2026-11-26", "10:00"), at("2026-11-28", "10:00")
	ramadan := []api.Holiday{{ID: "r", Date: "2026-11-20", Until: "2026-11-30", Name: "Ramadan", Kind: api.HolidaySpecial,
		Daily: &api.DayHours{Open: "08:00", Close: "14:00"}}}
	closed := []api.Holiday{{ID: "h", Date: "2026-11-26", Name: "Libur", Kind: api.HolidayNational}}
	for _, c := range []struct {
		name string
		l    i18n.Lang
		site api.Site
		cal  []api.Holiday
		now  time.Time
		want string
	}{
		{"thursday", i18n.ID, site, nil, thu, "Jam layanan hari ini 08.00–15.00 · Call center 0751-123456."},
		{"english", i18n.EN, site, nil, thu, "Today's service hours 08:00–15:00 · Call center 0751-123456."},
		{"saturday", i18n.ID, site, nil, sat, "Hari ini layanan tutup · Call center 0751-123456."},
		{"special hours", i18n.ID, site, ramadan, thu, "Jam layanan hari ini 08.00–14.00 · Call center 0751-123456."},
		{"special hours keep a closed weekday closed", i18n.ID, site, ramadan, sat, "Hari ini layanan tutup · Call center 0751-123456."},
		{"holiday", i18n.ID, site, closed, thu, "Hari ini layanan tutup · Call center 0751-123456."},
		{"no number", i18n.ID, api.Site{Hours: site.Hours}, nil, thu, "Jam layanan hari ini 08.00–15.00."},
		{"no hours", i18n.ID, api.Site{CallCenter: "0751-1"}, nil, thu, "Call center 0751-1."},
		{"nothing", i18n.ID, api.Site{}, nil, thu, ""},
	} {
		if got := FooterLine(c.l, c.site, c.cal, c.now); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}

	// On the display: last in the running text, and it turns with the day.
	s, clk := newState(Config{})
	clk.t = at("2026-11-27", "23:59") // Friday
	b := annBoard(clk.t, api.Announcement{ID: "x", Text: "Pengumuman.", Enabled: true})
	b.Site.CallCenter, b.Site.Hours = site.CallCenter, site.Hours
	s.ApplyBoard(b)
	if got := running(s); got != "Pengumuman. | Jam layanan hari ini 08.00–16.00 · Call center 0751-123456." {
		t.Fatalf("friday: %q", got)
	}
	clk.t = at("2026-11-28", "00:00")
	s.Tick()
	if got := running(s); got != "Pengumuman. | Hari ini layanan tutup · Call center 0751-123456." {
		t.Fatalf("saturday: %q", got)
	}
}
