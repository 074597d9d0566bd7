package audio

import (
	"sync"
	"time"

	"antrean/server/queue"
	"antrean/shared/api"
)

// SiteHours decides quiet hours from the site's opening hours as the
// board gives them (weekly hours, always_open, and the site-wide
// calendar: a holiday is quiet all day, special hours replace the day's).
// Safe for concurrent use.
type SiteHours struct {
	mu    sync.Mutex
	known bool
	site  api.Site
	loc   *time.Location
	cal   []api.Holiday
}

// Set takes the site and its calendar from a board (or a catalog).
func (h *SiteHours) Set(site api.Site, cal []api.Holiday) {
	loc, err := time.LoadLocation(site.Timezone)
	if err != nil || site.Timezone == "" {
		loc = nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.known, h.site, h.loc, h.cal = true, site, loc, cal
}

// SetSite updates the site alone (a catalog), keeping the calendar.
func (h *SiteHours) SetSite(site api.Site) {
	h.mu.Lock()
	cal := h.cal
	h.mu.Unlock()
	h.Set(site, cal)
}

// Quiet reports whether t is outside the site's opening hours. Before the
// first board the hours are unknown and it is quiet (no sound but calls);
// a site that is always open, or that states no hours, is never quiet.
// Breaks count as open: officers may still be calling.
func (h *SiteHours) Quiet(t time.Time) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.known {
		return true
	}
	if h.site.AlwaysOpen || len(h.site.Hours) == 0 {
		return false
	}
	if h.loc != nil {
		t = t.In(h.loc)
	}
	day := queue.DayOf(queue.Rules{Hours: h.site.Hours, Calendar: h.cal}, t)
	if day.Closed() {
		return true
	}
	open, err1 := queue.ParseClock(day.Hours.Open)
	closing, err2 := queue.ParseClock(day.Hours.Close)
	if err1 != nil || err2 != nil {
		return false // a bad row never silences the hall's sound check
	}
	m := t.Hour()*60 + t.Minute()
	return m < open || m >= closing
}

// In gives t in the site's time zone once a board has named it (a mini
// PC's own zone is often UTC), so a volume schedule follows the hall's
// clock.
func (h *SiteHours) In(t time.Time) time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.loc != nil {
		return t.In(h.loc)
	}
	return t
}
