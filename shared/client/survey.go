package client

import (
	"context"
	"net/http"
	"net/url"

	"antrean/shared/api"
)

// The survey posts carry no Idempotency-Key, so they are never retried: a
// lost answer is simply submitted again by the citizen, and a duplicate is
// refused by the server (409 conflict) rather than counted twice.

// SubmitSurvey posts POST /v1/tickets/{id}/survey (public: the ticket id
// from the QR code is the capability).
func (c *Client) SubmitSurvey(ctx context.Context, ticketID string, req api.SurveyRequest) (api.SurveyReceipt, error) {
	var out api.SurveyReceipt
	_, err := c.do(ctx, http.MethodPost, "/v1/tickets/"+url.PathEscape(ticketID)+"/survey", nil, req, &out)
	return out, err
}

// SubmitSurveyByNumber posts POST /v1/surveys (kiosk token): the server
// finds the ticket by req.TicketID (from its QR code), or by its number
// ("A-001" or "a001") on req.Day (default today) with req.Check, the code
// printed on the ticket.
func (c *Client) SubmitSurveyByNumber(ctx context.Context, req api.KioskSurveyRequest) (api.SurveyReceipt, error) {
	var out api.SurveyReceipt
	_, err := c.do(ctx, http.MethodPost, "/v1/surveys", nil, req, &out)
	return out, err
}

// SurveyStatus reads GET /v1/tickets/{id}/survey (public): whether the
// ticket may still be rated.
func (c *Client) SurveyStatus(ctx context.Context, ticketID string) (api.SurveyStatus, error) {
	var out api.SurveyStatus
	_, err := c.do(ctx, http.MethodGet, "/v1/tickets/"+url.PathEscape(ticketID)+"/survey", nil, nil, &out)
	return out, err
}

// SurveyCheck posts POST /v1/surveys/check (kiosk token): may the ticket
// (by id, or number + check code) be rated? The kiosk asks before the
// first question; wrong_check, not_found, invalid_state, conflict and
// rate_limited are the answers a citizen can act on.
func (c *Client) SurveyCheck(ctx context.Context, req api.SurveyCheckRequest) (api.SurveyCheck, error) {
	var out api.SurveyCheck
	_, err := c.do(ctx, http.MethodPost, "/v1/surveys/check", nil, req, &out)
	return out, err
}
