package api

import "time"

// Visits ("satu kunjungan"): one ticket, one number, a route of up to
// MaxRouteSteps services in the order the citizen is served. Each step is
// queued and served in its own service like any ticket; the ticket id and
// number stay the same for the whole visit. See the README, "Visits".

// MaxRouteSteps is the most services one ticket may carry.
const MaxRouteSteps = 5

// StatePending is the state of a route step the ticket has not reached
// yet, and StateSkipped of one it never will (the visit ended before it).
// They only appear in Step.State, never as a ticket's state.
const (
	StatePending State = "pending"
	StateSkipped State = "skipped"
)

// RouteOrder is where a ticket is placed when it enters the line of its
// next step.
type RouteOrder string

const (
	// RouteByArrival (the default) queues it by the time the ticket was
	// taken at the kiosk, as if it had queued for every step at once: it
	// goes ahead of everyone in the next line who came later.
	RouteByArrival RouteOrder = "arrival"
	// RouteAtBack queues it by the time it enters the next line: behind
	// everyone already waiting there.
	RouteAtBack RouteOrder = "back"
)

// Valid reports whether o is a known order ("" counts as arrival).
func (o RouteOrder) Valid() bool { return o == "" || o == RouteByArrival || o == RouteAtBack }

// Defaults of VisitRules.
const (
	DefaultReturnMinutes = 30
)

// VisitRules are a site's visit settings (site file [visits]).
type VisitRules struct {
	// MaxServices is how many services one ticket may carry, 1–5 (0 = 5).
	// 1 turns visits off: kiosks offer one service per ticket.
	MaxServices int `json:"max_services,omitempty"`
	// Order places a ticket entering its next step's line ("" = arrival).
	Order RouteOrder `json:"order,omitempty"`
	// ReturnMinutes is how long after a no-show the ticket may be put
	// back in line (by an officer or at a kiosk with its QR code); 0 = 30,
	// negative = never.
	ReturnMinutes int `json:"return_minutes,omitempty"`
}

// Max is the effective MaxServices.
func (r *VisitRules) Max() int {
	if r == nil || r.MaxServices <= 0 || r.MaxServices > MaxRouteSteps {
		return MaxRouteSteps
	}
	return r.MaxServices
}

// RouteOrder is the effective Order.
func (r *VisitRules) RouteOrder() RouteOrder {
	if r == nil || r.Order == "" {
		return RouteByArrival
	}
	return r.Order
}

// ReturnWindow is the effective return window (0 = no returns).
func (r *VisitRules) ReturnWindow() time.Duration {
	switch {
	case r == nil || r.ReturnMinutes == 0:
		return DefaultReturnMinutes * time.Minute
	case r.ReturnMinutes < 0:
		return 0
	}
	return time.Duration(r.ReturnMinutes) * time.Minute
}

// Step is one service of a ticket's route. Public: in tickets, events and
// on the phone page (never a note or an officer).
type Step struct {
	ServiceID   string `json:"service_id"`
	ServiceName string `json:"service_name"`
	AgencyID    string `json:"agency_id"`
	AgencyName  string `json:"agency_name"`
	AgencyShort string `json:"agency_short"`
	// State is pending (not reached yet), skipped (never will be), or the
	// ticket's state at this step.
	State State `json:"state"`
	// Current marks the step the ticket is at (exactly one step).
	Current bool `json:"current,omitempty"`
	// Where and when, once reached (GET /v1/tickets/{id} fills them for
	// earlier steps too; events carry them for the current step only).
	CounterNumber int        `json:"counter_number,omitempty"`
	CounterName   string     `json:"counter_name,omitempty"`
	EnteredAt     *time.Time `json:"entered_at,omitempty"`
	CalledAt      *time.Time `json:"called_at,omitempty"`
	StartedAt     *time.Time `json:"started_at,omitempty"`
	FinishedAt    *time.Time `json:"finished_at,omitempty"`
	// EstWaitMinutes is the queue's wait now, for a pending step (issue
	// response and GET /v1/tickets/{id}).
	EstWaitMinutes int `json:"est_wait_minutes,omitempty"`
}

// Origin says how a ticket row entered its line: "" = taken at the kiosk
// (or transferred: see TransferredFrom), or one of these.
const (
	OriginRoute  = "route"  // the visit's previous step finished
	OriginReturn = "return" // put back in line after a no-show
)

// RouteRequest is the body of POST /v1/tickets/{id}/route (officers): the
// services after the current step, in order, replacing the ones planned.
// Step is the current step the officer saw: if the ticket has moved on
// meanwhile the change is refused (409 conflict) instead of editing a
// route the officer did not see.
type RouteRequest struct {
	Step       int      `json:"step"`
	ServiceIDs []string `json:"service_ids"`
}

// NoteRequest is the body of POST /v1/tickets/{id}/notes (officers).
type NoteRequest struct {
	Text string `json:"text"`
}

// NoteMaxLen is the longest handoff note, in characters.
const NoteMaxLen = 280

// MaxNotes is the most notes one visit keeps.
const MaxNotes = 20

// Note is an officer's handoff note on a visit: for officers only, never
// in events, on the board, the phone page or any public endpoint.
type Note struct {
	ID          int64     `json:"id"`
	Step        int       `json:"step"`
	ServiceID   string    `json:"service_id"`
	ServiceName string    `json:"service_name"`
	CounterName string    `json:"counter_name,omitempty"`
	Author      string    `json:"author"` // the officer's display name
	Text        string    `json:"text"`
	At          time.Time `json:"at"`
}

// VisitRow is one ticket row of a visit as officers see it: every step,
// transfer and return, in order, with who served it.
type VisitRow struct {
	Step          int        `json:"step"`
	ServiceID     string     `json:"service_id"`
	ServiceName   string     `json:"service_name"`
	AgencyShort   string     `json:"agency_short"`
	State         State      `json:"state"`
	Origin        string     `json:"origin,omitempty"`
	Transferred   bool       `json:"transferred,omitempty"` // arrived by transfer
	CounterNumber int        `json:"counter_number,omitempty"`
	CounterName   string     `json:"counter_name,omitempty"`
	Officer       string     `json:"officer,omitempty"` // display name
	EnteredAt     time.Time  `json:"entered_at"`
	CalledAt      *time.Time `json:"called_at,omitempty"`
	StartedAt     *time.Time `json:"started_at,omitempty"`
	FinishedAt    *time.Time `json:"finished_at,omitempty"`
}

// Visit is the body of GET /v1/tickets/{id}/visit (officers and admins):
// the ticket now, every row of its visit and the handoff notes.
type Visit struct {
	Ticket Ticket     `json:"ticket"`
	Rows   []VisitRow `json:"rows"`
	Notes  []Note     `json:"notes"`
	// Returnable is set while a no-show ticket may still be put back in
	// line; ReturnUntil is when that ends.
	Returnable  bool       `json:"returnable,omitempty"`
	ReturnUntil *time.Time `json:"return_until,omitempty"`
}

// VisitStats are the visit figures of a set of visits (a report row).
//
// A visit is one ticket taken at the kiosk with all its steps (transfers
// and returns included). Steps counts the services planned (the route's
// length at the end); StepsDone those finished. Completed counts visits
// whose every step was served (done). Returned counts visits put back in
// line after a no-show at least once. Time in the building is issue →
// finish of the last step, of completed visits; p50 and p90 are
// nearest-rank on whole seconds rounded up, like the other reports.
type VisitStats struct {
	Key               string   `json:"key"`
	Name              string   `json:"name"`
	Visits            int      `json:"visits"`
	Steps             int      `json:"steps"`
	StepsDone         int      `json:"steps_done"`
	ServicesPerVisit  *float64 `json:"services_per_visit"`
	Completed         int      `json:"completed"`
	CompletedShare    *float64 `json:"completed_share"` // percent of visits
	Returned          int      `json:"returned"`
	AvgMinutes        *float64 `json:"avg_minutes"`
	P50Minutes        *float64 `json:"p50_minutes"`
	P90Minutes        *float64 `json:"p90_minutes"`
	MultiServiceShare *float64 `json:"multi_service_share,omitempty"` // percent of visits with 2+ services (total only)
}

// VisitReport is the body of GET /v1/reports/visits: per route length
// (rows "1" … "5") and in total.
type VisitReport struct {
	From  string       `json:"from"`
	To    string       `json:"to"`
	Rows  []VisitStats `json:"rows"`
	Total VisitStats   `json:"total"`
}

// Visit events (see the README's event contract).
const (
	// EventTicketRouted: a step finished and the same ticket entered the
	// next step's line (data: the ticket, waiting in its new service, and
	// that service's waiting count). It follows the ticket.done of the
	// finished step in the same commit.
	EventTicketRouted EventType = "ticket.routed"
	// EventTicketReturned: a no-show ticket was put back in line.
	EventTicketReturned EventType = "ticket.returned"
	// EventTicketRouteChanged: an officer changed the later steps.
	EventTicketRouteChanged EventType = "ticket.route_changed"
)
