package voice

import (
	"context"
	"testing"
	"time"

	"antrean/display/audio"
	"antrean/shared/api"
)

type fakeBoards struct{ site api.Site }

func (f fakeBoards) Board(context.Context, string) (api.Board, error) {
	return api.Board{Site: f.site}, nil
}

func (f fakeBoards) Catalog(context.Context) (api.Catalog, error) {
	return api.Catalog{Site: api.Site{Timezone: "Asia/Jakarta", AlwaysOpen: true}}, nil
}

// The board gives the quiet-hours clock its hours; the sound check runs
// once, after the first board only.
func TestHoursFeed(t *testing.T) {
	site := api.Site{Timezone: "Asia/Jakarta", Hours: []api.DayHours{{Weekday: 3, Open: "08:00", Close: "16:00"}}}
	var h audio.SiteHours
	firsts := 0
	f := &HoursFeed{BoardSource: fakeBoards{site}, Hours: &h, OnFirst: func() { firsts++ }}
	night := time.Date(2026, 12, 2, 22, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	noon := time.Date(2026, 12, 2, 12, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	for i := 0; i < 3; i++ {
		if _, err := f.Board(context.Background(), ""); err != nil {
			t.Fatal(err)
		}
	}
	if firsts != 1 || !h.Quiet(night) || h.Quiet(noon) {
		t.Fatalf("firsts %d, quiet at night %v, at noon %v", firsts, h.Quiet(night), h.Quiet(noon))
	}
	if _, err := f.Catalog(context.Background()); err != nil {
		t.Fatal(err)
	}
	if h.Quiet(night) {
		t.Fatal("an always-open site from the catalog is still quiet at night")
	}
}
