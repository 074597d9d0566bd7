package client

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"antrean/shared/api"
)

// Online booking. Book and CheckIn carry an Idempotency-Key and may be
// retried: the same key returns the same booking, and a check-in is
// idempotent by itself (a repeat returns the same ticket).

// BookingServices reads GET /v1/booking/services (public).
func (c *Client) BookingServices(ctx context.Context) (api.BookingCatalog, error) {
	var out api.BookingCatalog
	_, err := c.do(ctx, http.MethodGet, "/v1/booking/services", nil, nil, &out)
	return out, err
}

// BookingSlots reads GET /v1/booking/slots (public); date "" = today.
func (c *Client) BookingSlots(ctx context.Context, serviceID, date string) (api.BookingDay, error) {
	var out api.BookingDay
	v := url.Values{"service_id": {serviceID}}
	if date != "" {
		v.Set("date", date)
	}
	_, err := c.do(ctx, http.MethodGet, "/v1/booking/slots?"+v.Encode(), nil, nil, &out)
	return out, err
}

// Book posts POST /v1/bookings (public). Keep one key per citizen's
// request and pass it again on a retry.
func (c *Client) Book(ctx context.Context, req api.BookingRequest, idempotencyKey string) (api.Booking, error) {
	var out api.Booking
	if strings.TrimSpace(idempotencyKey) == "" {
		return out, api.Errorf(api.CodeInvalidInput, "idempotency key is required")
	}
	_, err := c.do(ctx, http.MethodPost, "/v1/bookings", map[string]string{IdempotencyHeader: idempotencyKey}, req, &out)
	return out, err
}

// Booking reads GET /v1/bookings/{code} (public, masked).
func (c *Client) Booking(ctx context.Context, code string) (api.Booking, error) {
	var out api.Booking
	_, err := c.do(ctx, http.MethodGet, "/v1/bookings/"+url.PathEscape(code), nil, nil, &out)
	return out, err
}

// CancelBooking sends DELETE /v1/bookings/{code} with the last 4 digits of
// the booking's phone number.
func (c *Client) CancelBooking(ctx context.Context, code, phoneLast4 string) (api.Booking, error) {
	var out api.Booking
	_, err := c.do(ctx, http.MethodDelete, "/v1/bookings/"+url.PathEscape(code), nil, api.CancelBookingRequest{PhoneLast4: phoneLast4}, &out)
	return out, err
}

// CheckIn posts POST /v1/bookings/{code}/check-in (kiosk token).
func (c *Client) CheckIn(ctx context.Context, code, idempotencyKey string) (api.CheckIn, error) {
	var out api.CheckIn
	var hdr map[string]string
	if idempotencyKey != "" {
		hdr = map[string]string{IdempotencyHeader: idempotencyKey}
	}
	_, err := c.do(ctx, http.MethodPost, "/v1/bookings/"+url.PathEscape(code)+"/check-in", hdr, nil, &out)
	return out, err
}

// Bookings reads GET /v1/bookings (officer of the services, or admin):
// a day's bookings in full; date "" = today, serviceID "" = every service
// the caller may see.
func (c *Client) Bookings(ctx context.Context, date, serviceID string) ([]api.Booking, error) {
	var out []api.Booking
	v := url.Values{}
	if date != "" {
		v.Set("date", date)
	}
	if serviceID != "" {
		v.Set("service_id", serviceID)
	}
	p := "/v1/bookings"
	if len(v) > 0 {
		p += "?" + v.Encode()
	}
	_, err := c.do(ctx, http.MethodGet, p, nil, nil, &out)
	return out, err
}
