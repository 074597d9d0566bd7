package api

import "time"

// ── Announcements (running text on the hall display) ──────────────────────

// Announcement is one running-text message and its schedule, managed by
// staff (/v1/admin/announcements, /admin) and seeded from the site file
// ([[announcements]]; the plain [site] announcements list gives always-on
// entries "site-1", "site-2"…). Displays get every entry with the board
// and with each catalog.updated, and pick what runs by the site's clock
// (ActiveAt), so an entry starts and ends on time without an event.
type Announcement struct {
	ID string `json:"id"` // a slug; the server makes one when a create leaves it out
	// Text is the Indonesian message (always shown, first); TextEN an
	// optional English one shown after it.
	Text   string `json:"text"`
	TextEN string `json:"text_en,omitempty"`
	// From and Until are the first and last day (YYYY-MM-DD, site time,
	// inclusive); "" = no bound.
	From  string `json:"from,omitempty"`
	Until string `json:"until,omitempty"`
	// Start and End are the daily hours ("HH:MM", site time; End
	// exclusive, "24:00" allowed). Both "" = all day; End before Start
	// runs across midnight (e.g. 20:00–06:00).
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
	// Zones are the display zones it runs in; none = every zone. A
	// display without a zone (the whole hall) shows every entry.
	Zones []string `json:"zones,omitempty"`
	// Enabled: a disabled entry is kept but never shown. A create that
	// leaves it out makes an enabled entry.
	Enabled bool `json:"enabled"`
	// Order sorts the running text (lower first, then by id).
	Order int `json:"order"`
}

// AnnouncementMaxText is the longest Text or TextEN, in characters: what a
// running-text page can hold.
const AnnouncementMaxText = 300

// InZone reports whether the entry runs on a display of zone ("" = a
// display of the whole hall, which runs every entry).
func (a Announcement) InZone(zone string) bool {
	if zone == "" || len(a.Zones) == 0 {
		return true
	}
	for _, z := range a.Zones {
		if z == zone {
			return true
		}
	}
	return false
}

// ActiveAt reports whether the entry runs at t (read in t's location,
// which should be the site's) on a display of zone. The date bounds are
// the calendar date of t: an entry of 20:00–06:00 until the 5th does not
// run in the small hours of the 6th.
func (a Announcement) ActiveAt(t time.Time, zone string) bool {
	if !a.Enabled || !a.InZone(zone) {
		return false
	}
	day := t.Format("2006-01-02")
	if (a.From != "" && day < a.From) || (a.Until != "" && day > a.Until) {
		return false
	}
	if a.Start == "" && a.End == "" {
		return true
	}
	hm := t.Format("15:04")
	start, end := a.Start, a.End
	if start == "" {
		start = "00:00"
	}
	if end == "" {
		end = "24:00"
	}
	if start <= end {
		return hm >= start && hm < end
	}
	return hm >= start || hm < end // across midnight
}
