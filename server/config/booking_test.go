package config

import (
	"strings"
	"testing"

	"antrean/shared/api"
)

func TestBookingSettings(t *testing.T) {
	f := loadPariaman(t)
	sim := f.Service("sim")
	if sim.Booking == nil || *sim.Booking != (api.BookingRules{SlotMinutes: 20, PerSlot: 1, DaysAhead: 14, SharePercent: 30,
		CheckInBefore: 30, CheckInAfter: 15, Late: api.LateWalkIn, BookedInARow: 2}) {
		t.Fatalf("sim booking (defaults filled): %+v", sim.Booking)
	}
	if f.Service("ktp-el").Booking != nil {
		t.Fatal("ktp-el takes no bookings")
	}
	if l := f.Site.Booking; l == nil || *l != (api.BookingLimits{PerPhonePerDay: 3, PerAddressPerDay: 20, RetentionDays: 90}) {
		t.Fatalf("site limits %+v", l)
	}

	// Without [booking] the limits are nil (the store applies defaults).
	g, err := Parse([]byte(base))
	if err != nil {
		t.Fatal(err)
	}
	if g.Site.Booking != nil {
		t.Fatalf("no [booking]: %+v", g.Site.Booking)
	}
	// A [booking] table sets what it names; the rest takes the defaults.
	g, err = Parse([]byte(strings.Replace(base, "[hours]", "[booking]\nretention_days = 30\n\n[hours]", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if *g.Site.Booking != (api.BookingLimits{PerPhonePerDay: 3, PerAddressPerDay: 20, RetentionDays: 30}) {
		t.Fatalf("limits %+v", g.Site.Booking)
	}

	withBooking := func(rule string) string {
		return strings.Replace(base, "quota = 100\n", "quota = 100\nbooking = { "+rule+" }\n", 1)
	}
	if _, err := Parse([]byte(withBooking("slot_minutes = 30, per_slot = 2, share_percent = 25"))); err != nil {
		t.Fatal(err)
	}
	for rule, want := range map[string]string{
		"per_slot = 2, share_percent = 25":                                                 "slot_minutes 0 must be 5-480",
		"slot_minutes = 30, share_percent = 25":                                            "per_slot 0 must be 1-1000",
		"slot_minutes = 30, per_slot = 2":                                                  "share_percent 0 of the daily quota 100 reserves no place",
		"slot_minutes = 30, per_slot = 2, share_percent = 101":                             "share_percent 101 must be 0-100",
		"slot_minutes = 30, per_slot = 2, share_percent = 25, days_ahead = 400":            "days_ahead 400 must be 1-90",
		"slot_minutes = 30, per_slot = 2, share_percent = 25, late = \"maybe\"":            `late "maybe" must be "walk_in" or "refuse"`,
		"slot_minutes = 30, per_slot = 2, share_percent = 25, booked_in_a_row=99":          "booked_in_a_row 99 must be 1-20",
		"slot_minutes = 30, per_slot = 2, share_percent = 25, checkin_after_minutes = 999": "checkin_after_minutes must be 1-240",
		"slot_minutes = 30, per_slot = 2, share_percent = 25, slots = 3":                   `unknown key`,
	} {
		_, err := Parse([]byte(withBooking(rule)))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("booking = { %s }: %v, want %q", rule, err, want)
		}
	}
	// A service without a quota may book with share 0 (nothing to reserve).
	if _, err := Parse([]byte(strings.Replace(base, "prefix = \"B\"\n", "prefix = \"B\"\nbooking = { slot_minutes = 15, per_slot = 1 }\n", 1))); err != nil {
		t.Fatal(err)
	}
	if _, err := Parse([]byte(strings.Replace(base, "[hours]", "[booking]\nper_phone_per_day = 99\n\n[hours]", 1))); err == nil ||
		!strings.Contains(err.Error(), "per_phone_per_day 99") {
		t.Fatalf("limits out of range: %v", err)
	}
}
