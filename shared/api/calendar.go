package api

// ── Service calendar ───────────────────────────────────────────────────────

// ReasonHoliday: a calendar entry (national holiday, cuti bersama, a local
// closure) closes the service today; the catalog's Service.Holiday names it.
const ReasonHoliday ClosedReason = "holiday"

// HolidayKind is what a calendar entry is; screens word it ("Libur
// Nasional: …", "Cuti Bersama: …", "Tutup: …", "Jam layanan khusus: …").
type HolidayKind string

const (
	HolidayNational    HolidayKind = "national"     // hari libur nasional (the default)
	HolidayCutiBersama HolidayKind = "cuti_bersama" // collective leave set with the national holidays
	HolidayLocal       HolidayKind = "local"        // a local closure: regional holiday, renovation, an agency's event
	HolidaySpecial     HolidayKind = "special"      // special hours (e.g. Ramadan), not a closure
)

// Valid reports whether k is a known kind.
func (k HolidayKind) Valid() bool {
	switch k {
	case HolidayNational, HolidayCutiBersama, HolidayLocal, HolidaySpecial:
		return true
	}
	return false
}

// Holiday is one entry of the service calendar: a closure of one or more
// days, or special hours, for the whole site, some agencies or some
// services. It is in the site file ([[holidays]]) and in the admin API
// (/v1/admin/holidays).
type Holiday struct {
	// ID is a slug; the site file may leave it out (then it is the date,
	// plus "-2", "-3"… for a second entry on the same date).
	ID    string      `json:"id"`
	Date  string      `json:"date"`            // first day, YYYY-MM-DD, site time
	Until string      `json:"until,omitempty"` // last day, inclusive; "" = Date only
	Name  string      `json:"name"`
	Kind  HolidayKind `json:"kind"`
	// Scope: no agency and no service = the whole site. Otherwise the
	// entry applies to every service of the agencies listed and to the
	// services listed.
	AgencyIDs  []string `json:"agency_ids,omitempty"`
	ServiceIDs []string `json:"service_ids,omitempty"`
	// Special hours instead of a closure (kind special): Daily applies on
	// every day the service usually opens (its weekday's hours replaced);
	// Hours per weekday replace that weekday's hours, and may open a
	// weekday that is usually closed. A weekday in neither keeps its
	// usual hours. Without Daily and Hours the entry closes its days.
	Daily *DayHours  `json:"daily,omitempty"`
	Hours []DayHours `json:"hours,omitempty"`
	// Quota, when > 0, is the daily quota of each service in scope on
	// the entry's days (e.g. fewer tickets on short Ramadan days).
	Quota int `json:"quota,omitempty"`
}

// Closes reports whether the entry closes its days (no special hours).
func (h Holiday) Closes() bool { return h.Daily == nil && len(h.Hours) == 0 }

// Last is the entry's last day (Until, or Date for a one-day entry).
func (h Holiday) Last() string {
	if h.Until != "" {
		return h.Until
	}
	return h.Date
}

// Covers reports whether day (YYYY-MM-DD) is one of the entry's days.
func (h Holiday) Covers(day string) bool { return day >= h.Date && day <= h.Last() }

// Calendar is the body of GET /v1/calendar: the site's weekly opening
// hours and the calendar entries overlapping From…To.
type Calendar struct {
	Site       string     `json:"site"`
	CallCenter string     `json:"call_center,omitempty"`
	From       string     `json:"from"`
	To         string     `json:"to"`
	Hours      []DayHours `json:"hours"`
	Holidays   []Holiday  `json:"holidays"`
}
