package board

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"antrean/shared/api"
)

// TestHolidayOnTheDisplay: the coming closure is announced, and at
// midnight (by the site's clock) the idle panel and the running text say
// "Libur Nasional: …" without a new board; an admin's change arrives with
// catalog.updated.
func TestHolidayOnTheDisplay(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	s, clk := newState(Config{})
	clk.t = time.Date(2026, 12, 31, 15, 0, 0, 0, wib)
	b := snapshot()
	b.Counters[1].Current, b.RecentCalls = nil, nil
	b.Calendar = []api.Holiday{{ID: "ny", Date: "2027-01-01", Name: "Tahun Baru 2027 Masehi", Kind: api.HolidayNational},
		{ID: "lebaran", Date: "2027-01-05", Until: "2027-01-06", Name: "Hari Uji", Kind: api.HolidayNational}}
	s.ApplyBoard(b)
	v := s.View()
	if len(v.Messages) < 3 || !strings.Contains(v.Messages[0], "1 Januari 2027: Libur Nasional: Tahun Baru 2027 Masehi. Layanan tutup.") ||
		!strings.Contains(v.Messages[1], "s.d.") {
		t.Fatalf("running text before the holiday: %q", v.Messages)
	}
	if !v.Big.Idle || v.Big.Counter != "Menunggu panggilan" {
		t.Fatalf("idle before the holiday: %+v", v.Big)
	}
	clk.t = time.Date(2027, 1, 1, 0, 0, 1, 0, wib)
	s.Tick()
	v = s.View()
	if v.Big.Counter != "Libur Nasional: Tahun Baru 2027 Masehi" {
		t.Fatalf("idle on the holiday: %q", v.Big.Counter)
	}
	if !strings.HasPrefix(v.Messages[0], "Hari ini Mal Pelayanan Publik tutup — Libur Nasional: Tahun Baru 2027 Masehi") {
		t.Fatalf("running text on the holiday: %q", v.Messages)
	}
	// The admin removes the calendar: catalog.updated carries the new one.
	data, _ := json.Marshal(api.EventData{Calendar: nil})
	s.ApplyEvent(api.Event{ID: 11, Type: api.EventCatalogUpdated, Data: data})
	v = s.View()
	if v.Big.Counter != "Menunggu panggilan" || v.Messages[0] != "Jam layanan 08.00–15.00" {
		t.Fatalf("after the calendar was emptied: %q / %q", v.Big.Counter, v.Messages)
	}
}
