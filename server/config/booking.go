package config

import "antrean/shared/api"

// Online booking in the site file:
//
//	[booking]                  # the site's limits (all optional)
//	per_phone_per_day = 3      # bookings one phone number may make a day
//	per_address_per_day = 20   # … one client address (a hall's Wi-Fi is one)
//	retention_days = 90        # names and phones erased this long after the day
//
//	[[services]]
//	…
//	booking = { slot_minutes = 30, per_slot = 2, share_percent = 30 }
//	# optional: days_ahead = 14, checkin_before_minutes = 30,
//	# checkin_after_minutes = 15, late = "walk_in" | "refuse", booked_in_a_row = 2
type bookingTOML struct {
	SlotMinutes   int    `toml:"slot_minutes"`
	PerSlot       int    `toml:"per_slot"`
	DaysAhead     int    `toml:"days_ahead"`
	SharePercent  int    `toml:"share_percent"`
	CheckInBefore int    `toml:"checkin_before_minutes"`
	CheckInAfter  int    `toml:"checkin_after_minutes"`
	Late          string `toml:"late"`
	BookedInARow  int    `toml:"booked_in_a_row"`
}

type bookingLimitsTOML struct {
	PerPhonePerDay   int `toml:"per_phone_per_day"`
	PerAddressPerDay int `toml:"per_address_per_day"`
	RetentionDays    int `toml:"retention_days"`
}

func (b *bookingTOML) rules() *api.BookingRules {
	if b == nil {
		return nil
	}
	r := api.BookingRules{SlotMinutes: b.SlotMinutes, PerSlot: b.PerSlot, DaysAhead: b.DaysAhead, SharePercent: b.SharePercent,
		CheckInBefore: b.CheckInBefore, CheckInAfter: b.CheckInAfter, Late: api.LatePolicy(b.Late), BookedInARow: b.BookedInARow}.WithDefaults()
	return &r
}

func (l *bookingLimitsTOML) limits() *api.BookingLimits {
	if l == nil {
		return nil
	}
	v := api.BookingLimits{PerPhonePerDay: l.PerPhonePerDay, PerAddressPerDay: l.PerAddressPerDay, RetentionDays: l.RetentionDays}.WithDefaults()
	return &v
}

// Bounds of the booking settings.
const (
	MaxSlotMinutes   = 480
	MaxPerSlot       = 1000
	MaxDaysAhead     = 90
	MaxCheckInMargin = 240
	MaxBookedInARow  = 20
	MaxRetentionDays = 3650
)

// validateBooking checks the site's limits and every service's rules.
func (f *File) validateBooking() error {
	if l := f.Site.Booking; l != nil {
		switch {
		case l.PerPhonePerDay < 0 || l.PerPhonePerDay > 50:
			return bad("[booking]: per_phone_per_day %d must be 1-50", l.PerPhonePerDay)
		case l.PerAddressPerDay < 0 || l.PerAddressPerDay > 100_000:
			return bad("[booking]: per_address_per_day %d must be 1-100000", l.PerAddressPerDay)
		case l.RetentionDays < 0 || l.RetentionDays > MaxRetentionDays:
			return bad("[booking]: retention_days %d must be 1-%d", l.RetentionDays, MaxRetentionDays)
		}
	}
	for i, s := range f.Services {
		b := s.Booking
		if b == nil {
			continue
		}
		w := where("service", i, s.ID) + ": booking"
		switch {
		case b.SlotMinutes < 5 || b.SlotMinutes > MaxSlotMinutes:
			return bad("%s: slot_minutes %d must be 5-%d", w, b.SlotMinutes, MaxSlotMinutes)
		case b.PerSlot < 1 || b.PerSlot > MaxPerSlot:
			return bad("%s: per_slot %d must be 1-%d", w, b.PerSlot, MaxPerSlot)
		case b.DaysAhead < 0 || b.DaysAhead > MaxDaysAhead:
			return bad("%s: days_ahead %d must be 1-%d", w, b.DaysAhead, MaxDaysAhead)
		case b.SharePercent < 0 || b.SharePercent > 100:
			return bad("%s: share_percent %d must be 0-100", w, b.SharePercent)
		case s.DailyQuota > 0 && s.DailyQuota*b.SharePercent/100 < 1:
			return bad("%s: share_percent %d of the daily quota %d reserves no place for bookings", w, b.SharePercent, s.DailyQuota)
		case b.CheckInBefore < 0 || b.CheckInBefore > MaxCheckInMargin || b.CheckInAfter < 0 || b.CheckInAfter > MaxCheckInMargin:
			return bad("%s: checkin_before_minutes and checkin_after_minutes must be 1-%d", w, MaxCheckInMargin)
		case b.Late != "" && b.Late != api.LateWalkIn && b.Late != api.LateRefuse:
			return bad("%s: late %q must be \"walk_in\" or \"refuse\"", w, b.Late)
		case b.BookedInARow < 0 || b.BookedInARow > MaxBookedInARow:
			return bad("%s: booked_in_a_row %d must be 1-%d", w, b.BookedInARow, MaxBookedInARow)
		}
	}
	return nil
}
