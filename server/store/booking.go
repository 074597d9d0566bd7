package store

import (
	"context"
	"time"

	"antrean/shared/api"
)

// Bookings is online booking ("antrean online"); see the README. The
// public methods answer with masked names and phone numbers; only
// BookingsOf (officers of the service, admins) and ExportBookings
// (admins) show them.
type Bookings interface {
	// BookingCatalog lists the services citizens may book.
	BookingCatalog(ctx context.Context) (api.BookingCatalog, error)
	// BookingSlots is one service's day with the free places per slot.
	BookingSlots(ctx context.Context, serviceID, date string) (api.BookingDay, error)
	// Book makes a booking; the same idempotency key returns the same one
	// (created false). addr is the client's address, for the daily limit.
	Book(ctx context.Context, key, addr string, req api.BookingRequest) (b api.Booking, created bool, err error)
	// Booking is the public view of one booking.
	Booking(ctx context.Context, code string) (api.Booking, error)
	// CancelBooking cancels a booking not checked in yet, given the last
	// four digits of its phone number (403 wrong_check otherwise).
	CancelBooking(ctx context.Context, code, phoneLast4 string) (api.Booking, error)
	// CheckIn turns a booking into a ticket at a kiosk; a repeat returns
	// the same ticket (created false).
	CheckIn(ctx context.Context, p Principal, code string) (c api.CheckIn, created bool, err error)
	// BookingsOf lists a day's bookings in full: of the services of the
	// officer's counters, or all for an admin ("" = every service).
	BookingsOf(ctx context.Context, p Principal, date, serviceID string) ([]api.Booking, error)
	// ExportBookings is every booking of one phone number, in full (an
	// admin answering a citizen's request for their own data).
	ExportBookings(ctx context.Context, phone string) ([]api.Booking, error)
	// BookingReport are the booking figures of a date range per service.
	BookingReport(ctx context.Context, q ReportQuery) (api.BookingReport, error)
}

// RetryAfterError is a refusal that says when to try again (a daily limit
// reached): the HTTP layer sends After as Retry-After.
type RetryAfterError struct {
	Err   *api.Error
	After time.Duration
}

func (e *RetryAfterError) Error() string { return e.Err.Error() }

// Unwrap lets errors.As find the *api.Error.
func (e *RetryAfterError) Unwrap() error { return e.Err }
