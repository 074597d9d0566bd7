package queue

import (
	"crypto/rand"
	"strings"
	"time"
	"unicode"

	"antrean/shared/api"
)

// Online booking: slots, check-in windows and the places a booking holds.
// Slots are computed through Availability, the same rules that decide
// whether the kiosk issues a ticket (hours, breaks, cutoff, closed days and
// whatever else Availability learns, such as holidays), so a day the
// service is closed has no slot.

// Slot is one bookable time of a service's day.
type Slot struct {
	Start, End time.Time
}

// Clock is the slot's time of day, "HH:MM".
func (s Slot) Clock() string { return s.Start.Format("15:04") }

// slotRules are a service's rules as slots see them: the hours only. The
// daily quota is booking's own business (the reserved share), whether a
// counter is staffed cannot be known ahead, and a demo's always_open does
// not make a booking page offer slots at 3 a.m.
func slotRules(r Rules) Rules {
	r.DailyQuota, r.NoCounter, r.IssueWithoutCounter, r.AlwaysOpen = 0, false, false, false
	return r
}

// SlotOpen says whether the service serves bookings at t by its hours
// (what DaySlots lays slots out by): a booking made before a day was
// closed, or before the slot length changed, is checked against it.
func SlotOpen(r Rules, t time.Time) (api.ClosedReason, bool) {
	return Availability(slotRules(r), t, 0)
}

// DaySlots lays out the slots of a local day (midnight in the site's
// location): the minutes the service is open are scanned with
// Availability, and within each open stretch slots of b.SlotMinutes follow
// each other from its start (the opening, the end of a break), as many as
// fit whole. With none it says why (the reason at noon, or outside_hours
// when the day is open but too short for a slot).
func DaySlots(r Rules, b api.BookingRules, midnight time.Time) ([]Slot, api.ClosedReason) {
	if b.SlotMinutes <= 0 {
		return nil, api.ReasonNotBookable
	}
	r = slotRules(r)
	if !r.Active {
		return nil, api.ReasonInactive
	}
	var out []Slot
	length := time.Duration(b.SlotMinutes) * time.Minute
	// A day may be 23 or 25 hours long where clocks change: walk by clock
	// minutes of the local date rather than by a fixed duration.
	y, m, d := midnight.Date()
	loc := midnight.Location()
	at := func(min int) time.Time { return time.Date(y, m, d, 0, min, 0, 0, loc) }
	runStart := -1
	flush := func(end int) {
		if runStart < 0 {
			return
		}
		for s := at(runStart); !s.Add(length).After(at(end)); s = s.Add(length) {
			out = append(out, Slot{Start: s, End: s.Add(length)})
		}
		runStart = -1
	}
	for min := 0; min < 24*60; min++ {
		t := at(min)
		if t.Day() != d {
			break
		}
		if _, open := Availability(r, t, 0); open {
			if runStart < 0 {
				runStart = min
			}
		} else {
			flush(min)
		}
	}
	flush(24 * 60)
	if len(out) > 0 {
		return out, api.ReasonNone
	}
	if reason, open := Availability(r, at(12*60), 0); !open {
		return nil, reason
	}
	return nil, api.ReasonOutsideHours
}

// CheckInWindow is when the kiosk checks in a booking for a slot starting
// at start: [from, until).
func CheckInWindow(start time.Time, b api.BookingRules) (from, until time.Time) {
	b = b.WithDefaults()
	return start.Add(-time.Duration(b.CheckInBefore) * time.Minute), start.Add(time.Duration(b.CheckInAfter) * time.Minute)
}

// CheckInVerdict says whether now is inside a slot's check-in window:
// "" inside, too_early before it, too_late after it.
func CheckInVerdict(now, start time.Time, b api.BookingRules) api.ClosedReason {
	from, until := CheckInWindow(start, b)
	switch {
	case now.Before(from):
		return api.ReasonTooEarly
	case !now.Before(until):
		return api.ReasonTooLate
	}
	return api.ReasonNone
}

// Reserved is how many of a daily quota's places are held for bookings
// (rounded down); -1 when there is no quota (nothing to reserve from).
func Reserved(quota int, b api.BookingRules) int {
	if quota <= 0 {
		return -1
	}
	return quota * b.SharePercent / 100
}

// SlotUse is how a slot's places are used: bookings waiting for a
// check-in and bookings checked in as booked tickets.
type SlotUse struct {
	Pending, CheckedIn int
}

// Held is how many places of today's reserved share are still held back
// from walk-ins at now, beyond the bookings already checked in (which are
// tickets and count as issued):
//
//	min(reserved − checked in,
//	    bookings that can still check in (window not over)
//	  + free places of the slots still open for booking (not begun))
//
// So walk-ins never take a place a booking may still use, and reserved
// places no booking can use any more — slots that began unbooked, no-shows
// whose window closed, places beyond what the slots hold — go to walk-ins
// as the day goes on. use is by slot start (Slot.Start.UnixMilli()).
func Held(reserved int, slots []Slot, use map[int64]SlotUse, b api.BookingRules, now time.Time) int {
	if reserved < 0 {
		return 0
	}
	checkedIn, need := 0, 0
	// Bookings by their own start: one made before the slot length
	// changed holds its place even off today's grid.
	for start, u := range use {
		checkedIn += u.CheckedIn
		if _, until := CheckInWindow(time.UnixMilli(start), b); now.Before(until) {
			need += u.Pending
		}
	}
	for _, s := range slots {
		if u := use[s.Start.UnixMilli()]; now.Before(s.Start) {
			need += max(0, b.PerSlot-u.Pending-u.CheckedIn)
		}
	}
	return max(0, min(reserved-checkedIn, need))
}

// ---- codes, names and phone numbers ----

// NewBookingCode is a fresh random code of api.BookingCodeLen characters
// of api.BookingAlphabet (19^6 = 47 million codes).
func NewBookingCode() string {
	const n = len(api.BookingAlphabet)
	var out [api.BookingCodeLen]byte
	var b [1]byte
	for i := 0; i < len(out); {
		if _, err := rand.Read(b[:]); err != nil {
			panic("queue: crypto/rand: " + err.Error())
		}
		if int(b[0]) >= 256-256%n {
			continue // no modulo bias
		}
		out[i] = api.BookingAlphabet[int(b[0])%n]
		i++
	}
	return string(out[:])
}

// NormalizeBookingCode reads a code as typed or scanned: case and spaces
// or dashes do not matter; "" when it cannot be a code.
func NormalizeBookingCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '-':
			continue
		case r < 0x80 && strings.ContainsRune(api.BookingAlphabet, r):
			b.WriteRune(r)
		default:
			return ""
		}
	}
	if b.Len() != api.BookingCodeLen {
		return ""
	}
	return b.String()
}

// NormalizePhone turns an Indonesian mobile number as people write it
// ("0812-3456-7890", "+62 812 3456 7890", "62812…") into "08123456789…",
// or reports that it is not one: 08 and 8 to 11 more digits.
func NormalizePhone(s string) (string, error) {
	var d strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			d.WriteRune(r)
		case r == '+' && i == 0, r == ' ', r == '-', r == '.', r == '(', r == ')':
		default:
			return "", api.Errorf(api.CodeInvalidInput, "phone: only digits, spaces and dashes, e.g. 0812-3456-7890")
		}
	}
	n := d.String()
	switch {
	case strings.HasPrefix(n, "62"):
		n = "0" + n[2:]
	case strings.HasPrefix(n, "8"):
		n = "0" + n
	}
	if !strings.HasPrefix(n, "08") || len(n) < 10 || len(n) > 13 {
		return "", api.Errorf(api.CodeInvalidInput, "phone: an Indonesian mobile number, e.g. 0812-3456-7890")
	}
	return n, nil
}

// MaskPhone shows only the operator prefix of a normalised number:
// "0812••••••••". The last four digits are the proof that cancels a
// booking, so a masked view never shows them.
func MaskPhone(p string) string {
	if len(p) <= 4 {
		return strings.Repeat("•", len(p))
	}
	return p[:4] + strings.Repeat("•", len(p)-4)
}

// MaskName keeps the first letter of each word: "Budi Santoso" → "B••• S••••".
func MaskName(name string) string {
	words := strings.Fields(name)
	for i, w := range words {
		r := []rune(w)
		words[i] = string(r[0]) + strings.Repeat("•", len(r)-1)
	}
	return strings.Join(words, " ")
}

// CleanName trims a name and folds inner runs of spaces.
func CleanName(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}
