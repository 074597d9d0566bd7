package queue

import (
	"fmt"
	"sort"
	"time"

	"antrean/shared/api"
)

// LocalDay is the site-local calendar day of t ("2006-01-02"): the key that
// restarts numbering and quotas. A nil loc keeps t's own location.
func LocalDay(t time.Time, loc *time.Location) string {
	if loc != nil {
		t = t.In(loc)
	}
	return t.Format("2006-01-02")
}

// FormatNumber renders a ticket number: ("A", 3, 1) → "A-001". A seq wider
// than digits is printed in full; digits <= 0 means 3; no prefix, no dash.
func FormatNumber(prefix string, digits, seq int) string {
	if digits <= 0 {
		digits = 3
	}
	if prefix == "" {
		return fmt.Sprintf("%0*d", digits, seq)
	}
	return fmt.Sprintf("%s-%0*d", prefix, digits, seq)
}

// Rules are what decides whether a service takes a ticket right now.
type Rules struct {
	Hours         []api.DayHours // per weekday; a weekday missing = closed that day
	CutoffMinutes int            // no new tickets in the last N minutes before Close
	DailyQuota    int            // 0 = none
	Active        bool
	AlwaysOpen    bool // demo: ignore hours/breaks/cutoff (never quota or Active)
	// NoCounter: no counter serving the service is open and staffed; the
	// service then refuses tickets unless IssueWithoutCounter (site option).
	NoCounter           bool
	IssueWithoutCounter bool
	// Calendar are the service calendar entries that apply to this
	// service (ServiceCalendar): holidays close a day, special hours
	// replace a day's hours and may change its quota (see DayOf).
	Calendar []api.Holiday
}

// Availability says whether a ticket may be issued at now (already in the
// site's location) when issuedToday tickets exist today for the service.
// Checks in order: inactive, holiday, closed_day, outside_hours, break,
// cutoff, no_counter, quota_full. Open gives ("", true). The day's hours
// and quota are those of DayOf (the calendar included); AlwaysOpen (the
// demo) ignores hours and calendar alike, but never the usual quota.
func Availability(r Rules, now time.Time, issuedToday int) (api.ClosedReason, bool) {
	if !r.Active {
		return api.ReasonInactive, false
	}
	quota := r.DailyQuota
	if !r.AlwaysOpen {
		day := DayOf(r, now)
		if day.Closed() && day.Holiday != nil && day.Holiday.Closes() {
			return api.ReasonHoliday, false
		}
		if reason := hoursReason(r, day.Hours, now); reason != api.ReasonNone {
			return reason, false
		}
		quota = day.Quota
	}
	if r.NoCounter && !r.IssueWithoutCounter {
		return api.ReasonNoCounter, false
	}
	if quota > 0 && issuedToday >= quota {
		return api.ReasonQuotaFull, false
	}
	return api.ReasonNone, true
}

// QuotaOn is the daily quota of the day of now (the calendar may change
// it on special-hours days); 0 = none.
func QuotaOn(r Rules, now time.Time) int {
	if r.AlwaysOpen {
		return r.DailyQuota
	}
	return DayOf(r, now).Quota
}

// hoursReason applies the day's hours, breaks and cutoff; bad clock
// strings count as closed so a corrupt row never opens a service by
// accident.
func hoursReason(r Rules, day *api.DayHours, now time.Time) api.ClosedReason {
	if day == nil {
		return api.ReasonClosedDay
	}
	open, err1 := ParseClock(day.Open)
	closing, err2 := ParseClock(day.Close)
	if err1 != nil || err2 != nil {
		return api.ReasonClosedDay
	}
	// Seconds since local midnight: 15:59:30 is still open, 16:00:00 is not.
	sec := now.Hour()*3600 + now.Minute()*60 + now.Second()
	if sec < open*60 || sec >= closing*60 {
		return api.ReasonOutsideHours
	}
	for _, b := range day.Breaks {
		from, err1 := ParseClock(b.From)
		to, err2 := ParseClock(b.To)
		if err1 != nil || err2 != nil {
			continue
		}
		if sec >= from*60 && sec < to*60 {
			return api.ReasonBreak
		}
	}
	if r.CutoffMinutes > 0 && sec >= (closing-r.CutoffMinutes)*60 {
		return api.ReasonCutoff
	}
	return api.ReasonNone
}

// HoursOn returns the hours of weekday wd, or nil when closed that day.
func HoursOn(h []api.DayHours, wd time.Weekday) *api.DayHours {
	for i := range h {
		if h[i].Weekday == int(wd) {
			return &h[i]
		}
	}
	return nil
}

// QuotaLeft is -1 when there is no quota, else max(0, quota-issued).
func QuotaLeft(r Rules, issuedToday int) int {
	if r.DailyQuota <= 0 {
		return -1
	}
	return max(0, r.DailyQuota-issuedToday)
}

// ParseClock parses "HH:MM" (00:00–23:59, and 24:00 for a closing time)
// into minutes since midnight.
func ParseClock(s string) (int, error) {
	if len(s) != 5 || s[2] != ':' || !isDigit(s[0]) || !isDigit(s[1]) || !isDigit(s[3]) || !isDigit(s[4]) {
		return 0, api.Errorf(api.CodeInvalidInput, "time %q is not HH:MM", s)
	}
	h := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[3]-'0')*10 + int(s[4]-'0')
	if m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, api.Errorf(api.CodeInvalidInput, "time %q is out of range", s)
	}
	return h*60 + m, nil
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// ValidateHours rejects bad "HH:MM", close <= open, breaks outside the hours
// or overlapping, weekdays outside 0..6 and a weekday given twice.
func ValidateHours(h []api.DayHours) error {
	seen := map[int]bool{}
	for _, d := range h {
		if d.Weekday < 0 || d.Weekday > 6 {
			return api.Errorf(api.CodeInvalidInput, "hours: weekday %d is not 0 (Sunday) to 6 (Saturday)", d.Weekday)
		}
		day := time.Weekday(d.Weekday).String()
		if seen[d.Weekday] {
			return api.Errorf(api.CodeInvalidInput, "hours: %s is given twice", day)
		}
		seen[d.Weekday] = true
		open, err := ParseClock(d.Open)
		if err != nil {
			return api.Errorf(api.CodeInvalidInput, "hours for %s: open %s", day, detail(err))
		}
		closing, err := ParseClock(d.Close)
		if err != nil {
			return api.Errorf(api.CodeInvalidInput, "hours for %s: close %s", day, detail(err))
		}
		if open >= 24*60 {
			return api.Errorf(api.CodeInvalidInput, "hours for %s: open %s is not a time of day", day, d.Open)
		}
		if closing <= open {
			return api.Errorf(api.CodeInvalidInput, "hours for %s: close %s is not after open %s", day, d.Close, d.Open)
		}
		type span struct{ from, to int }
		spans := make([]span, 0, len(d.Breaks))
		for _, b := range d.Breaks {
			from, err := ParseClock(b.From)
			if err != nil {
				return api.Errorf(api.CodeInvalidInput, "hours for %s: break start %s", day, detail(err))
			}
			to, err := ParseClock(b.To)
			if err != nil {
				return api.Errorf(api.CodeInvalidInput, "hours for %s: break end %s", day, detail(err))
			}
			if to <= from {
				return api.Errorf(api.CodeInvalidInput, "hours for %s: break %s-%s ends before it starts", day, b.From, b.To)
			}
			if from < open || to > closing {
				return api.Errorf(api.CodeInvalidInput, "hours for %s: break %s-%s is outside opening hours %s-%s", day, b.From, b.To, d.Open, d.Close)
			}
			spans = append(spans, span{from, to})
		}
		sort.Slice(spans, func(i, j int) bool { return spans[i].from < spans[j].from })
		for i := 1; i < len(spans); i++ {
			if spans[i].from < spans[i-1].to {
				return api.Errorf(api.CodeInvalidInput, "hours for %s: breaks %s and %s overlap", day,
					clock(spans[i-1].from)+"-"+clock(spans[i-1].to), clock(spans[i].from)+"-"+clock(spans[i].to))
			}
		}
	}
	return nil
}

func clock(min int) string { return fmt.Sprintf("%02d:%02d", min/60, min%60) }

// detail is the message of an *api.Error without its code prefix.
func detail(err error) string {
	if e, ok := err.(*api.Error); ok {
		return e.Detail
	}
	return err.Error()
}

// ServiceRules gathers a service's ticket rules; alwaysOpen is the site's
// demo switch (api.Site.AlwaysOpen).
func ServiceRules(s api.Service, alwaysOpen bool) Rules {
	return Rules{Hours: s.Hours, CutoffMinutes: s.CutoffMinutes, DailyQuota: s.DailyQuota, Active: s.Active, AlwaysOpen: alwaysOpen}
}
