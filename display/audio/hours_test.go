package audio

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"antrean/shared/api"
)

func pariamanSite() api.Site {
	var hours []api.DayHours
	for wd := 1; wd <= 5; wd++ {
		hours = append(hours, api.DayHours{Weekday: wd, Open: "08:00", Close: "16:00",
			Breaks: []api.Span{{From: "12:00", To: "13:00"}}})
	}
	return api.Site{Timezone: "Asia/Jakarta", Hours: hours}
}

func TestSiteHoursQuiet(t *testing.T) {
	wib, _ := time.LoadLocation("Asia/Jakarta")
	at := func(day, hh, mm int) time.Time { return time.Date(2026, 12, day, hh, mm, 0, 0, wib) }
	var h SiteHours
	if !h.Quiet(at(2, 10, 0)) {
		t.Fatal("hours unknown before the first board: want quiet")
	}
	h.Set(pariamanSite(), []api.Holiday{
		{ID: "h1", Date: "2026-12-25", Kind: api.HolidayNational, Name: "Natal"},
		{ID: "h2", Date: "2026-12-03", Daily: &api.DayHours{Open: "09:00", Close: "12:00"}},
	})
	for _, tc := range []struct {
		t     time.Time
		quiet bool
		why   string
	}{
		{at(2, 7, 59), true, "Wednesday before opening"},
		{at(2, 8, 0), false, "opening"},
		{at(2, 12, 30), false, "lunch break counts as open"},
		{at(2, 15, 59), false, "last minute"},
		{at(2, 16, 0), true, "closing"},
		{at(2, 22, 0), true, "night"},
		{at(6, 10, 0), true, "Sunday"},
		{at(25, 10, 0), true, "national holiday"},
		{at(3, 8, 30), true, "special hours open at 09:00"},
		{at(3, 11, 0), false, "special hours"},
		{time.Date(2026, 12, 2, 3, 30, 0, 0, time.UTC), false, "10:30 WIB given in UTC"},
	} {
		if got := h.Quiet(tc.t); got != tc.quiet {
			t.Errorf("%s (%s): quiet %v, want %v", tc.t, tc.why, got, tc.quiet)
		}
	}
	if got := h.In(time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC)); got.Hour() != 8 {
		t.Errorf("01:00 UTC in the site's zone is %s, want 08:00 WIB", got)
	}
	open := pariamanSite()
	open.AlwaysOpen = true
	h.Set(open, nil)
	if h.Quiet(at(6, 3, 0)) {
		t.Error("always_open site is quiet at night")
	}
}

// Outside the site's hours the display makes no sound of its own (the
// sound check's chime), but a call is always spoken.
func TestQuietHoursByFakeClock(t *testing.T) {
	wib, _ := time.LoadLocation("Asia/Jakarta")
	var clock atomic.Int64
	set := func(hh, mm int) { clock.Store(time.Date(2026, 12, 2, hh, mm, 0, 0, wib).UnixNano()) }
	now := func() time.Time { return time.Unix(0, clock.Load()) }
	set(22, 0)

	var hours SiteHours
	hours.Set(pariamanSite(), nil)
	rec := &recorder{}
	p := newTestPlayer(t, Voice{}, time.Time{}, rec)
	p.Synth = nil
	p.Now = now
	a := New(p, Options{Quiet: hours.Quiet, Now: now})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go a.Run(ctx)

	kinds := func() []string {
		var out []string
		for _, u := range rec.list() {
			if len(u.Pieces) == 1 {
				out = append(out, "chime")
			} else {
				out = append(out, "call")
			}
		}
		return out
	}
	a.Chime() // 22:00: dropped
	a.Enqueue(api.Call{Number: "A-001", CounterNumber: 1})
	waitFor(t, "night call", func() bool { return len(rec.list()) == 1 })
	a.Chime()
	a.Enqueue(api.Call{Number: "A-002", CounterNumber: 1}) // FIFO: the chime before it was judged
	waitFor(t, "second night call", func() bool { return len(rec.list()) == 2 })
	set(9, 0)
	a.Chime() // 09:00: played
	waitFor(t, "morning chime", func() bool { return len(rec.list()) == 3 })
	if got := strings.Join(kinds(), " "); got != "call call chime" {
		t.Fatalf("played %v, want the two night calls then the morning chime", got)
	}
}
