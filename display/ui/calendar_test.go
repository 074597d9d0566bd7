package ui

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"antrean/shared/api"
)

// TestHolidayOnTheDisplay: the coming closure is announced, and at
// midnight (by the display's own clock) the idle panel and the running
// text say "Libur Nasional: …" without a new board; an admin's change
// arrives with catalog.updated.
func TestHolidayOnTheDisplay(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	var mu sync.Mutex
	now := time.Date(2026, 12, 31, 15, 0, 0, 0, wib)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	d, _ := newTestDisplay(t, Config{Now: clock})
	b := board()
	b.Counters[1].Current, b.RecentCalls = nil, nil
	b.Calendar = []api.Holiday{{ID: "ny", Date: "2027-01-01", Name: "Tahun Baru 2027 Masehi", Kind: api.HolidayNational},
		{ID: "lebaran", Date: "2027-01-05", Until: "2027-01-06", Name: "Hari Uji", Kind: api.HolidayNational}}
	d.OnBoard(b)
	if len(d.messages) < 3 || !strings.Contains(d.messages[0], "1 Januari 2027: Libur Nasional: Tahun Baru 2027 Masehi. Layanan tutup.") ||
		!strings.Contains(d.messages[1], "s.d.") {
		t.Fatalf("running text before the holiday: %q", d.messages)
	}
	if d.bigCounter.t.Text != "Menunggu panggilan" {
		t.Fatalf("idle before the holiday: %q", d.bigCounter.t.Text)
	}
	mu.Lock()
	now = time.Date(2027, 1, 1, 0, 0, 1, 0, wib)
	mu.Unlock()
	d.Post(d.tick)
	if d.bigCounter.t.Text != "Libur Nasional: Tahun Baru 2027 Masehi" {
		t.Fatalf("idle on the holiday: %q", d.bigCounter.t.Text)
	}
	if !strings.HasPrefix(d.messages[0], "Hari ini Mal Pelayanan Publik tutup — Libur Nasional: Tahun Baru 2027 Masehi") {
		t.Fatalf("running text on the holiday: %q", d.messages)
	}
	// The admin removes the calendar: catalog.updated carries the new one.
	data, _ := json.Marshal(api.EventData{Calendar: nil})
	d.OnEvent(api.Event{ID: 11, Type: api.EventCatalogUpdated, Data: data})
	if d.bigCounter.t.Text != "Menunggu panggilan" || d.messages[0] != "Jam layanan 08.00–15.00" {
		t.Fatalf("after the calendar was emptied: %q / %q", d.bigCounter.t.Text, d.messages)
	}
}
