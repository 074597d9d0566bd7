package queue

import (
	"sort"
	"time"

	"antrean/shared/api"
)

// The service calendar: national holidays, cuti bersama, local closures
// and special hours (e.g. Ramadan) on top of the weekly hours. Rules carry
// the entries that apply to one service (ServiceCalendar); DayOf says what
// they make of a date, and Availability refuses tickets on a closed day
// with reason holiday. Anything that plans by date (quotas, bookings) asks
// DayOf for the day's hours and quota, so the calendar applies everywhere.

// MaxHolidayDays bounds one entry (Date…Until).
const MaxHolidayDays = 366

// Day is what the weekly hours and the calendar make of one date for a
// service.
type Day struct {
	Date  string        // YYYY-MM-DD (site time)
	Hours *api.DayHours // the day's hours; nil = closed
	// Holiday is the entry that closes the day (Hours nil) or sets its
	// special hours; nil when the usual weekly hours apply.
	Holiday *api.Holiday
	Quota   int // the day's daily quota (0 = none)
}

// Closed reports whether no ticket can be taken that day at all.
func (d Day) Closed() bool { return d.Hours == nil }

// DayOf is the day of t (t's own calendar day: pass site-local time) for a
// service with rules r. A closing entry wins over special hours; of two
// closing entries the national holiday, then cuti bersama, then a local
// closure names the day (site-wide before scoped); of two special-hours
// entries the most specific (service, then agency, then site) applies.
func DayOf(r Rules, t time.Time) Day {
	date := t.Format("2006-01-02")
	wd := t.Weekday()
	d := Day{Date: date, Hours: HoursOn(r.Hours, wd), Quota: r.DailyQuota}
	var closure, special *api.Holiday
	for i := range r.Calendar {
		h := &r.Calendar[i]
		if !h.Covers(date) {
			continue
		}
		if h.Closes() {
			if closure == nil || closureFirst(h, closure) {
				closure = h
			}
		} else if special == nil || specialFirst(h, special) {
			special = h
		}
	}
	if closure != nil {
		d.Hours, d.Holiday = nil, closure
		return d
	}
	if special != nil {
		d.Holiday = special
		if own := HoursOn(special.Hours, wd); own != nil {
			d.Hours = own
		} else if special.Daily != nil && d.Hours != nil {
			h := *special.Daily
			h.Weekday = int(wd)
			d.Hours = &h
		}
		if special.Quota > 0 {
			d.Quota = special.Quota
		}
	}
	return d
}

func kindRank(k api.HolidayKind) int {
	switch k {
	case api.HolidayNational:
		return 0
	case api.HolidayCutiBersama:
		return 1
	}
	return 2
}

// scopeRank: 0 = one service named, 1 = agencies, 2 = the whole site.
func scopeRank(h *api.Holiday) int {
	switch {
	case len(h.ServiceIDs) > 0:
		return 0
	case len(h.AgencyIDs) > 0:
		return 1
	}
	return 2
}

func closureFirst(a, b *api.Holiday) bool {
	if ka, kb := kindRank(a.Kind), kindRank(b.Kind); ka != kb {
		return ka < kb
	}
	if sa, sb := scopeRank(a), scopeRank(b); sa != sb {
		return sa > sb // the site-wide entry names the day
	}
	return a.ID < b.ID
}

func specialFirst(a, b *api.Holiday) bool {
	if sa, sb := scopeRank(a), scopeRank(b); sa != sb {
		return sa < sb // the most specific hours apply
	}
	return a.ID < b.ID
}

// Applies reports whether entry h covers the service sv (of its agency).
func Applies(h api.Holiday, sv api.Service) bool {
	if len(h.AgencyIDs) == 0 && len(h.ServiceIDs) == 0 {
		return true
	}
	for _, id := range h.ServiceIDs {
		if id == sv.ID {
			return true
		}
	}
	for _, id := range h.AgencyIDs {
		if id == sv.AgencyID {
			return true
		}
	}
	return false
}

// ServiceCalendar are the entries of cal that apply to sv.
func ServiceCalendar(cal []api.Holiday, sv api.Service) []api.Holiday {
	var out []api.Holiday
	for _, h := range cal {
		if Applies(h, sv) {
			out = append(out, h)
		}
	}
	return out
}

// SiteWide reports whether h applies to the whole site.
func SiteWide(h api.Holiday) bool { return len(h.AgencyIDs) == 0 && len(h.ServiceIDs) == 0 }

// SortCalendar orders entries by first day, then last day, then id.
func SortCalendar(cal []api.Holiday) {
	sort.SliceStable(cal, func(i, j int) bool {
		a, b := cal[i], cal[j]
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		if a.Last() != b.Last() {
			return a.Last() < b.Last()
		}
		return a.ID < b.ID
	})
}

// Overlapping are the entries with at least one day in from…to
// (YYYY-MM-DD, inclusive), in calendar order.
func Overlapping(cal []api.Holiday, from, to string) []api.Holiday {
	out := []api.Holiday{}
	for _, h := range cal {
		if h.Date <= to && h.Last() >= from {
			out = append(out, h)
		}
	}
	SortCalendar(out)
	return out
}

// NormalizeHoliday trims an entry and fills its defaults: kind national
// for a closure, special for special hours; Until equal to Date is
// dropped. It does not validate.
func NormalizeHoliday(h api.Holiday) api.Holiday {
	if h.Kind == "" {
		h.Kind = api.HolidayNational
		if !h.Closes() {
			h.Kind = api.HolidaySpecial
		}
	}
	if h.Until == h.Date {
		h.Until = ""
	}
	if h.Daily != nil {
		d := *h.Daily
		d.Weekday = 0
		h.Daily = &d
	}
	return h
}

// ValidateHoliday checks an entry on its own: dates, kind against its
// hours, the hours themselves, the quota. Names and scope are checked by
// the site file's validator, which knows the agencies and services.
func ValidateHoliday(h api.Holiday) error {
	from, err := time.Parse("2006-01-02", h.Date)
	if err != nil {
		return api.Errorf(api.CodeInvalidInput, "date %q must be YYYY-MM-DD", h.Date)
	}
	if h.Until != "" {
		to, err := time.Parse("2006-01-02", h.Until)
		if err != nil {
			return api.Errorf(api.CodeInvalidInput, "until %q must be YYYY-MM-DD", h.Until)
		}
		if to.Before(from) {
			return api.Errorf(api.CodeInvalidInput, "until %s is before date %s", h.Until, h.Date)
		}
		if to.Sub(from) >= MaxHolidayDays*24*time.Hour {
			return api.Errorf(api.CodeInvalidInput, "%s…%s is longer than %d days", h.Date, h.Until, MaxHolidayDays)
		}
	}
	if !h.Kind.Valid() {
		return api.Errorf(api.CodeInvalidInput, "kind %q must be national, cuti_bersama, local or special", h.Kind)
	}
	if h.Closes() && h.Kind == api.HolidaySpecial {
		return api.Errorf(api.CodeInvalidInput, "kind special needs hours (daily or per weekday); without hours the entry closes its days")
	}
	if !h.Closes() && h.Kind != api.HolidaySpecial {
		return api.Errorf(api.CodeInvalidInput, "an entry with hours is kind special (it does not close its days)")
	}
	if h.Daily != nil {
		d := *h.Daily
		d.Weekday = 0
		if err := ValidateHours([]api.DayHours{d}); err != nil {
			return api.Errorf(api.CodeInvalidInput, "daily: %s", detail(err))
		}
	}
	if err := ValidateHours(h.Hours); err != nil {
		return err
	}
	if h.Quota < 0 || h.Quota > 100_000 {
		return api.Errorf(api.CodeInvalidInput, "quota %d must be 0-100000 (0 = the usual quota)", h.Quota)
	}
	if h.Quota > 0 && h.Closes() {
		return api.Errorf(api.CodeInvalidInput, "quota is for special-hours days; a closed day takes no tickets")
	}
	return nil
}
