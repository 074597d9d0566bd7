package api

import "time"

// Online booking ("antrean online"): a citizen books a day and a time slot
// of a service from a phone, gets a short code and a QR code, and checks in
// at the kiosk, which turns the booking into a ticket that is called at the
// booked time (see the README, "Online booking").

// LatePolicy is what a citizen who arrives after the check-in window gets.
type LatePolicy string

const (
	// LateWalkIn gives a late arrival an ordinary walk-in ticket (if the
	// service still takes walk-ins).
	LateWalkIn LatePolicy = "walk_in"
	// LateRefuse refuses a late arrival.
	LateRefuse LatePolicy = "refuse"
)

// Booking defaults, applied when a service's booking rules leave a field 0.
const (
	DefaultCheckInBefore = 30 // minutes before the slot's start
	DefaultCheckInAfter  = 15 // minutes after the slot's start
	DefaultDaysAhead     = 14
	DefaultBookedInARow  = 2
	// BookingCodeLen is the length of a booking code.
	BookingCodeLen = 6
	// BookingAlphabet has no look-alikes: no 0/O/D/Q, 1/I/L, 2/Z, 5/S,
	// 6/G, 8/B, U/V, so a code read aloud or typed from a photo is right.
	BookingAlphabet = "ACEFHJKMNPRTWXY3479"
)

// BookingRules are a service's online booking settings; a service without
// them (nil) takes no bookings.
type BookingRules struct {
	// SlotMinutes is the length of a slot; slots start at each opening
	// (and after each break) and fill the open hours.
	SlotMinutes int `json:"slot_minutes"`
	// PerSlot is how many citizens may book one slot.
	PerSlot int `json:"per_slot"`
	// DaysAhead: bookings are taken for today up to this many days ahead.
	DaysAhead int `json:"days_ahead"`
	// SharePercent of the daily quota is reserved for bookings; walk-ins
	// never take a reserved place while a booking can still use it. With
	// no daily quota nothing is reserved and only PerSlot limits bookings.
	SharePercent int `json:"share_percent"`
	// The kiosk checks a booking in from CheckInBefore minutes before the
	// slot's start to CheckInAfter minutes after it.
	CheckInBefore int `json:"checkin_before_minutes"`
	CheckInAfter  int `json:"checkin_after_minutes"`
	// Late is what a citizen arriving after the window gets.
	Late LatePolicy `json:"late"`
	// BookedInARow is the queue rule: booked tickets whose slot has begun
	// are called first, but at most this many in a row while walk-ins
	// wait (then one walk-in).
	BookedInARow int `json:"booked_in_a_row"`
}

// WithDefaults fills the fields left 0.
func (b BookingRules) WithDefaults() BookingRules {
	if b.DaysAhead == 0 {
		b.DaysAhead = DefaultDaysAhead
	}
	if b.CheckInBefore == 0 {
		b.CheckInBefore = DefaultCheckInBefore
	}
	if b.CheckInAfter == 0 {
		b.CheckInAfter = DefaultCheckInAfter
	}
	if b.Late == "" {
		b.Late = LateWalkIn
	}
	if b.BookedInARow == 0 {
		b.BookedInARow = DefaultBookedInARow
	}
	return b
}

// BookingLimits are the site's abuse and privacy settings of booking.
type BookingLimits struct {
	// PerPhonePerDay and PerAddressPerDay bound how many bookings one phone
	// number, and one client address, may make in one (local) day.
	PerPhonePerDay   int `json:"per_phone_per_day"`
	PerAddressPerDay int `json:"per_address_per_day"`
	// RetentionDays: names and phone numbers of bookings are erased this
	// many days after the booked day.
	RetentionDays int `json:"retention_days"`
}

// Booking limit defaults.
const (
	DefaultBookingsPerPhone   = 3
	DefaultBookingsPerAddress = 20
	DefaultBookingRetention   = 90
)

// WithDefaults fills the fields left 0.
func (l BookingLimits) WithDefaults() BookingLimits {
	if l.PerPhonePerDay == 0 {
		l.PerPhonePerDay = DefaultBookingsPerPhone
	}
	if l.PerAddressPerDay == 0 {
		l.PerAddressPerDay = DefaultBookingsPerAddress
	}
	if l.RetentionDays == 0 {
		l.RetentionDays = DefaultBookingRetention
	}
	return l
}

// BookingState is where a booking is in its life.
type BookingState string

const (
	BookingBooked    BookingState = "booked"     // waiting for the citizen to check in
	BookingCheckedIn BookingState = "checked_in" // a ticket was issued for it
	BookingCancelled BookingState = "cancelled"  // cancelled by the citizen
	BookingNoShow    BookingState = "no_show"    // never checked in; closed at the end of its day
)

// Reasons a day or slot cannot be booked, or a check-in is refused, beside
// the ClosedReason values of the service's hours.
const (
	ReasonNotBookable ClosedReason = "not_bookable" // the service takes no bookings
	ReasonPast        ClosedReason = "past"         // the day, or the slot, has begun
	ReasonTooFar      ClosedReason = "too_far"      // beyond the days bookings are taken for
	ReasonSlotFull    ClosedReason = "slot_full"    // every place of the slot is booked
	ReasonDayFull     ClosedReason = "day_full"     // the day's share for bookings is used up
	ReasonTooEarly    ClosedReason = "too_early"    // check-in: the window has not opened yet
	ReasonTooLate     ClosedReason = "too_late"     // check-in: the window has closed
	ReasonWrongDay    ClosedReason = "wrong_day"    // check-in: the booking is for another day
)

// CodeOutsideWindow (409): a check-in outside the booking's check-in
// window; reason too_early, too_late or wrong_day.
const CodeOutsideWindow Code = "outside_window"

// BookableService is a service citizens may book, on the public page.
type BookableService struct {
	ID            string     `json:"id"`
	AgencyID      string     `json:"agency_id"`
	Name          string     `json:"name"`
	SlotMinutes   int        `json:"slot_minutes"`
	DaysAhead     int        `json:"days_ahead"`
	CheckInBefore int        `json:"checkin_before_minutes"`
	CheckInAfter  int        `json:"checkin_after_minutes"`
	Late          LatePolicy `json:"late"`
}

// BookingCatalog is the body of GET /v1/booking/services (public).
type BookingCatalog struct {
	SiteName   string `json:"site_name"`
	CallCenter string `json:"call_center,omitempty"`
	Timezone   string `json:"timezone"`
	Today      string `json:"today"`
	// RetentionDays: names and phone numbers are erased this many days
	// after the booked day.
	RetentionDays int               `json:"retention_days"`
	Agencies      []Agency          `json:"agencies"`
	Services      []BookableService `json:"services"`
}

// BookingSlot is one slot of a day with its free places.
type BookingSlot struct {
	Time     string       `json:"time"` // "HH:MM", the value to book it by
	Start    time.Time    `json:"start"`
	End      time.Time    `json:"end"`
	Capacity int          `json:"capacity"`
	Free     int          `json:"free"`
	Open     bool         `json:"open"`
	Reason   ClosedReason `json:"reason,omitempty"` // why not open: past, slot_full, day_full
}

// BookingDay is the body of GET /v1/booking/slots?service_id=&date=.
type BookingDay struct {
	ServiceID   string        `json:"service_id"`
	ServiceName string        `json:"service_name"`
	AgencyName  string        `json:"agency_name"`
	Date        string        `json:"date"`
	SlotMinutes int           `json:"slot_minutes"`
	Slots       []BookingSlot `json:"slots"`
	// ClosedReason says why the whole day has no slot (closed_day,
	// holiday, not_bookable, too_far, past, …); "" when it has slots.
	ClosedReason ClosedReason `json:"closed_reason,omitempty"`
	// DayFree is how many bookings the day still takes (-1: no day limit,
	// only the slots').
	DayFree int `json:"day_free"`
}

// BookingRequest is the body of POST /v1/bookings.
type BookingRequest struct {
	ServiceID string `json:"service_id"`
	Date      string `json:"date"` // YYYY-MM-DD, site time
	Slot      string `json:"slot"` // "HH:MM", a slot's time
	Name      string `json:"name"`
	Phone     string `json:"phone"`
}

// CancelBookingRequest is the body of DELETE /v1/bookings/{code}: proof
// of holding the booking.
type CancelBookingRequest struct {
	PhoneLast4 string `json:"phone_last4"`
}

// Booking is one booking. Name and Phone are masked in every public view
// (the code's page, GET /v1/bookings/{code}, the kiosk) and shown in full
// only to officers of its service and admins.
type Booking struct {
	Code         string       `json:"code"`
	ServiceID    string       `json:"service_id"`
	ServiceName  string       `json:"service_name"`
	AgencyID     string       `json:"agency_id"`
	AgencyName   string       `json:"agency_name"`
	Date         string       `json:"date"`
	SlotStart    time.Time    `json:"slot_start"`
	SlotEnd      time.Time    `json:"slot_end"`
	CheckInFrom  time.Time    `json:"checkin_from"`
	CheckInUntil time.Time    `json:"checkin_until"`
	Late         LatePolicy   `json:"late"`
	State        BookingState `json:"state"`
	Name         string       `json:"name"`
	Phone        string       `json:"phone"`
	CreatedAt    time.Time    `json:"created_at"`
	CheckedInAt  *time.Time   `json:"checked_in_at,omitempty"`
	CancelledAt  *time.Time   `json:"cancelled_at,omitempty"`
	// LateArrival: checked in after the window, given a walk-in ticket.
	LateArrival  bool   `json:"late_arrival,omitempty"`
	TicketNumber string `json:"ticket_number,omitempty"`
	// TicketID only in the officers' and admins' views.
	TicketID string `json:"ticket_id,omitempty"`
	// URL is the booking's own page (/b/{code}), what its QR code holds.
	URL string `json:"url,omitempty"`
	// Masked is true when Name and Phone are masked.
	Masked bool `json:"masked"`
	// Address is the client address the booking came from: only in the
	// admin's export, and only on the day it was made.
	Address string `json:"address,omitempty"`
}

// CheckIn is the body of POST /v1/bookings/{code}/check-in: the ticket the
// booking became (the same one on every repeat) and the booking.
type CheckIn struct {
	Ticket  Ticket  `json:"ticket"`
	Booking Booking `json:"booking"`
	// Late: the citizen came after the window and got a walk-in ticket.
	Late bool `json:"late"`
}

// BookingReportRow is one service's booking figures over a date range.
type BookingReportRow struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	// Booked counts every booking made for the range's days (cancelled
	// ones too); the rest split it by outcome.
	Booked    int `json:"booked"`
	Cancelled int `json:"cancelled"`
	CheckedIn int `json:"checked_in"` // within the window, as a booked ticket
	Late      int `json:"late"`       // after the window, as a walk-in ticket
	NoShow    int `json:"no_show"`
	Pending   int `json:"pending"` // today's and later, not checked in yet
	// Called counts checked-in booked tickets that were called, OnTime
	// those called before their slot ended.
	Called      int      `json:"called"`
	OnTime      int      `json:"on_time"`
	OnTimeShare *float64 `json:"on_time_share"`
	// Average waits in minutes: a booked ticket from the later of its
	// check-in and its slot's start to its first call; a walk-in from issue
	// to its first call.
	AvgWaitBooked       *float64 `json:"avg_wait_booked_minutes"`
	AvgWaitWalkIn       *float64 `json:"avg_wait_walk_in_minutes"`
	WalkInsCalled       int      `json:"walk_ins_called"`
	BookedTickets       int      `json:"booked_tickets"`
	WalkInsIssued       int      `json:"walk_ins_issued"`
	BookedShareOfIssued *float64 `json:"booked_share_of_issued"`
}

// BookingReport is the body of GET /v1/reports/bookings.
type BookingReport struct {
	From  string             `json:"from"`
	To    string             `json:"to"`
	Rows  []BookingReportRow `json:"rows"`
	Total BookingReportRow   `json:"total"`
}
