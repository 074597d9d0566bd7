package client

import (
	"context"
	"net/http"
	"net/url"

	"antrean/shared/api"
)

// Visit reads GET /v1/tickets/{id}/visit (officer or admin): the ticket's
// route, every row of its visit and the handoff notes.
func (c *Client) Visit(ctx context.Context, ticketID string) (api.Visit, error) {
	var out api.Visit
	_, err := c.do(ctx, http.MethodGet, "/v1/tickets/"+url.PathEscape(ticketID)+"/visit", nil, nil, &out)
	return out, err
}

// AddNote posts POST /v1/tickets/{id}/notes (officer): a handoff note for
// the officers of the visit's later steps.
func (c *Client) AddNote(ctx context.Context, ticketID, text string) (api.Note, error) {
	var out api.Note
	_, err := c.do(ctx, http.MethodPost, "/v1/tickets/"+url.PathEscape(ticketID)+"/notes", nil, api.NoteRequest{Text: text}, &out)
	return out, err
}

// EditRoute posts POST /v1/tickets/{id}/route (officer): the services
// after step (the current step as last seen), replacing the planned ones.
func (c *Client) EditRoute(ctx context.Context, ticketID string, step int, serviceIDs []string) (api.Ticket, error) {
	if serviceIDs == nil {
		serviceIDs = []string{}
	}
	return c.ticketAction(ctx, ticketID, "route", api.RouteRequest{Step: step, ServiceIDs: serviceIDs})
}

// ReturnTicket posts POST /v1/tickets/{id}/return (officer or kiosk): a
// no-show ticket back in line, within the site's window.
func (c *Client) ReturnTicket(ctx context.Context, ticketID string) (api.Ticket, error) {
	return c.ticketAction(ctx, ticketID, "return", nil)
}

// VisitReport reads GET /v1/reports/visits?from=&to= (admin).
func (c *Client) VisitReport(ctx context.Context, from, to string) (api.VisitReport, error) {
	var out api.VisitReport
	q := url.Values{}
	if from != "" {
		q.Set("from", from)
	}
	if to != "" {
		q.Set("to", to)
	}
	p := "/v1/reports/visits"
	if len(q) > 0 {
		p += "?" + q.Encode()
	}
	_, err := c.do(ctx, http.MethodGet, p, nil, nil, &out)
	return out, err
}
