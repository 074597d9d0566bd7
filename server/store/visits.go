package store

import (
	"context"

	"antrean/shared/api"
)

// Visits is the part of Store for tickets with a route of several
// services (see the README, "Visits"). Notes are read only through
// Visit and the counter view, never through a public or display path.
type Visits interface {
	// Visit is the officers' view of a ticket's visit: every row, who
	// served it and the handoff notes.
	Visit(ctx context.Context, p Principal, ticketID string) (api.Visit, error)
	// AddNote leaves a handoff note on the ticket's visit.
	AddNote(ctx context.Context, p Principal, ticketID string, req api.NoteRequest) (api.Note, error)
	// EditRoute replaces the steps after the ticket's current one.
	EditRoute(ctx context.Context, p Principal, ticketID string, req api.RouteRequest) (api.Ticket, error)
	// Return puts a no-show ticket back in line within the site's window.
	Return(ctx context.Context, p Principal, ticketID string) (api.Ticket, error)
	// VisitReport is the visit figures of days From…To.
	VisitReport(ctx context.Context, q ReportQuery) (api.VisitReport, error)
}
