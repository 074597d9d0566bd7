package api

import (
	"encoding/json"
	"time"
)

// State is a ticket's place in its life: waiting → called → serving → done,
// with no_show, cancelled and transferred as the other ends.
type State string

const (
	StateWaiting     State = "waiting"
	StateCalled      State = "called"
	StateServing     State = "serving"
	StateDone        State = "done"
	StateNoShow      State = "no_show"
	StateCancelled   State = "cancelled"
	StateTransferred State = "transferred"
	// StateExpired closes a ticket still open (waiting, called or serving)
	// when its service day is over.
	StateExpired State = "expired"
)

// Final reports whether no further transition is possible.
func (s State) Final() bool {
	return s == StateDone || s == StateNoShow || s == StateCancelled || s == StateTransferred || s == StateExpired
}

// Priority is the class a ticket is queued in.
type Priority string

const (
	PriorityNone       Priority = "none"
	PriorityElderly    Priority = "elderly"
	PriorityDisability Priority = "disability"
	PriorityPregnant   Priority = "pregnant"
	PriorityOther      Priority = "other"
)

// Valid reports whether p is a known priority ("" counts as none).
func (p Priority) Valid() bool {
	switch p {
	case "", PriorityNone, PriorityElderly, PriorityDisability, PriorityPregnant, PriorityOther:
		return true
	}
	return false
}

// IsPriority reports whether p puts the ticket in the priority class.
func (p Priority) IsPriority() bool { return p != "" && p != PriorityNone }

// CounterStatus is whether a counter (loket) is serving.
type CounterStatus string

const (
	CounterOpen   CounterStatus = "open"
	CounterBreak  CounterStatus = "break"
	CounterClosed CounterStatus = "closed"
)

// Valid reports whether s is a known counter status.
func (s CounterStatus) Valid() bool {
	return s == CounterOpen || s == CounterBreak || s == CounterClosed
}

// ClosedReason says why a service takes no tickets right now; the kiosk
// turns it into "Di luar jam layanan", "Istirahat", "Kuota hari ini habis"…
type ClosedReason string

const (
	ReasonNone         ClosedReason = ""
	ReasonOutsideHours ClosedReason = "outside_hours" // before opening or after closing
	ReasonClosedDay    ClosedReason = "closed_day"    // no hours on this weekday
	ReasonBreak        ClosedReason = "break"         // e.g. Friday prayer
	ReasonCutoff       ClosedReason = "cutoff"        // too close to closing time
	ReasonQuotaFull    ClosedReason = "quota_full"    // daily quota used up
	ReasonInactive     ClosedReason = "inactive"      // switched off by the admin
	ReasonNoCounter    ClosedReason = "no_counter"    // no open counter serves it
)

// Role is what a bearer token may do.
type Role string

const (
	RoleKiosk   Role = "kiosk"
	RoleDisplay Role = "display"
	RoleOfficer Role = "officer"
	RoleAdmin   Role = "admin"
)

// Health is the body of GET /v1/health.
type Health struct {
	Status string    `json:"status"`
	Time   time.Time `json:"time"`
}

// Site is one MPP.
type Site struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	City     string `json:"city"`
	Timezone string `json:"timezone"`
	Logo     string `json:"logo,omitempty"`
	// Demo marks the sample site: demo credentials are accepted only then.
	Demo bool `json:"demo"`
	// AlwaysOpen ignores service hours (demo use) but not quotas.
	AlwaysOpen bool `json:"always_open"`
	// Announcements run as the ticker on the hall display.
	Announcements []string `json:"announcements,omitempty"`
	// CallCenter is the MPP's help number, shown on screens and pages.
	CallCenter string `json:"call_center,omitempty"`
	// Visits are the multi-service ticket settings (nil = the defaults;
	// see visit.go).
	Visits *VisitRules `json:"visits,omitempty"`
	// NoShowAfterSeconds is how long after the first call the console
	// allows "no-show" without a recall (0 = the console's default).
	NoShowAfterSeconds int `json:"no_show_after_seconds,omitempty"`
	// IssueWithoutCounter lets a service take tickets while no open,
	// staffed counter serves it (default: refused with reason no_counter).
	IssueWithoutCounter bool `json:"issue_without_counter,omitempty"`
	// Hours are the MPP's usual opening hours per weekday ([hours] in the
	// site file; a service's own hours may differ), shown to citizens.
	Hours []DayHours `json:"hours,omitempty"`
	// Booking holds the online booking limits (nil = the defaults; see
	// booking.go).
	Booking *BookingLimits `json:"booking,omitempty"`
}

// Agency is an instansi.
type Agency struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Short string `json:"short"`
	Logo  string `json:"logo,omitempty"`
	Zone  string `json:"zone"`
	Order int    `json:"order"`
	// Color is the agency's colour "#RRGGBB", shared by the kiosk tile, the
	// display grid and the counter sign ("" = a colour derived from the id).
	Color string `json:"color,omitempty"`
}

// Span is a clock interval "HH:MM"–"HH:MM" in the site's local time.
type Span struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// DayHours are the opening hours of one weekday (0 = Sunday … 6 = Saturday).
type DayHours struct {
	Weekday int    `json:"weekday"`
	Open    string `json:"open"`
	Close   string `json:"close"`
	Breaks  []Span `json:"breaks,omitempty"`
}

// Interleave serves Priority priority tickets, then Regular regular ones, in
// turn, while both classes wait. Regular = 0 means priority always first.
type Interleave struct {
	Priority int `json:"priority"`
	Regular  int `json:"regular"`
}

// Service is a layanan with its rules and, in the catalog, its live state.
type Service struct {
	ID                string     `json:"id"`
	AgencyID          string     `json:"agency_id"`
	Name              string     `json:"name"`
	Prefix            string     `json:"prefix"`
	Digits            int        `json:"digits"`
	Start             int        `json:"start"`
	DailyQuota        int        `json:"daily_quota"`
	Hours             []DayHours `json:"hours,omitempty"`
	CutoffMinutes     int        `json:"cutoff_minutes"`
	AvgServiceMinutes float64    `json:"avg_service_minutes"`
	Priority          bool       `json:"priority"`
	Interleave        Interleave `json:"interleave"`
	Active            bool       `json:"active"`
	Order             int        `json:"order"`
	// Icon names a built-in pictogram ("" = coloured initials).
	Icon string `json:"icon,omitempty"`
	// Booking: online booking rules (nil = no booking; see booking.go).
	Booking *BookingRules `json:"booking,omitempty"`

	// Live fields, filled in /v1/catalog.
	OpenNow        bool         `json:"open_now"`
	ClosedReason   ClosedReason `json:"closed_reason,omitempty"`
	Waiting        int          `json:"waiting"`
	QuotaLeft      int          `json:"quota_left"` // -1: no quota
	EstWaitMinutes int          `json:"est_wait_minutes"`
	// Holiday is today's calendar entry for the service: the one that
	// closes it (closed_reason "holiday") or sets its special hours.
	Holiday *Holiday `json:"holiday,omitempty"`
}

// Counter is a loket.
type Counter struct {
	ID         string        `json:"id"`
	Number     int           `json:"number"`
	Name       string        `json:"name"`
	Zone       string        `json:"zone"`
	ServiceIDs []string      `json:"service_ids"`
	Status     CounterStatus `json:"status"`
	// Staffed is live: an officer is signed in at this counter.
	Staffed bool `json:"staffed"`
}

// Catalog is the body of GET /v1/catalog.
type Catalog struct {
	Site     Site      `json:"site"`
	Agencies []Agency  `json:"agencies"`
	Services []Service `json:"services"`
	Counters []Counter `json:"counters"`
	Now      time.Time `json:"now"`
	// Closure is today's calendar entry that closes the whole site, if
	// any (the kiosk says "Libur Nasional: …" on its home screen).
	Closure *Holiday `json:"closure,omitempty"`
}

// Ticket is one queue number. The display fields (names, counter number,
// zone) are denormalised so a screen never needs a second request.
type Ticket struct {
	ID              string     `json:"id"`
	Number          string     `json:"number"`
	ServiceID       string     `json:"service_id"`
	ServiceName     string     `json:"service_name"`
	AgencyID        string     `json:"agency_id"`
	AgencyName      string     `json:"agency_name"`
	AgencyShort     string     `json:"agency_short"`
	Seq             int        `json:"seq"`
	Day             string     `json:"day"`
	Priority        Priority   `json:"priority"`
	State           State      `json:"state"`
	IssuedAt        time.Time  `json:"issued_at"`
	CalledAt        *time.Time `json:"called_at,omitempty"`
	StartedAt       *time.Time `json:"started_at,omitempty"`
	FinishedAt      *time.Time `json:"finished_at,omitempty"`
	CounterID       string     `json:"counter_id,omitempty"`
	CounterNumber   int        `json:"counter_number,omitempty"`
	CounterName     string     `json:"counter_name,omitempty"`
	Zone            string     `json:"zone,omitempty"`
	OfficerID       string     `json:"officer_id,omitempty"`
	Calls           int        `json:"calls"`
	TransferredFrom string     `json:"transferred_from,omitempty"`
	TransferredTo   string     `json:"transferred_to,omitempty"`
	// CheckCode is a short code printed on the ticket and shown on its
	// status page: proof of holding the ticket (e.g. to rate it by number).
	// Only in the issue response and GET /v1/tickets/{id}; never in events
	// or on the board.
	CheckCode string `json:"check_code,omitempty"`
	// BookedSlot is the start of the booked slot of a ticket checked in
	// from an online booking (nil for a walk-in): the booking class.
	BookedSlot *time.Time `json:"booked_slot,omitempty"`
	// Step is the index (0-based) of the route step the ticket is at, Route
	// every step of its visit (one for a single-service ticket), Origin how
	// this step's line was entered ("", "route", "return"). See visit.go.
	Step   int    `json:"step"`
	Route  []Step `json:"route,omitempty"`
	Origin string `json:"origin,omitempty"`
	// ReturnUntil: a no-show ticket may be put back in line until then
	// (GET /v1/tickets/{id} only).
	ReturnUntil *time.Time `json:"return_until,omitempty"`

	// Queue view, filled where the API says so.
	Position       int    `json:"position,omitempty"`
	PeopleAhead    int    `json:"people_ahead"`
	EstWaitMinutes int    `json:"est_wait_minutes"`
	StatusURL      string `json:"status_url,omitempty"`
}

// IssueRequest is the body of POST /v1/tickets.
type IssueRequest struct {
	ServiceID string   `json:"service_id,omitempty"`
	Priority  Priority `json:"priority,omitempty"`
	// ServiceIDs is a visit's route: 1–5 services in the order they are
	// served (the number comes from the first). With ServiceIDs,
	// ServiceID may be left out or must equal ServiceIDs[0].
	ServiceIDs []string `json:"service_ids,omitempty"`
}

// TransferRequest is the body of POST /v1/tickets/{id}/transfer.
type TransferRequest struct {
	ServiceID string `json:"service_id"`
}

// CounterStatusRequest is the body of POST /v1/counters/{id}/status.
type CounterStatusRequest struct {
	Status CounterStatus `json:"status"`
}

// SessionRequest is the body of POST /v1/sessions.
type SessionRequest struct {
	Username  string `json:"username"`
	Password  string `json:"password"`
	CounterID string `json:"counter_id,omitempty"`
}

// User is an officer or admin, without secrets.
type User struct {
	ID         string   `json:"id"`
	Username   string   `json:"username"`
	Name       string   `json:"name"`
	Role       Role     `json:"role"`
	CounterIDs []string `json:"counter_ids,omitempty"`
}

// Session is the answer to a login.
type Session struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	User      User      `json:"user"`
	// Counter is the counter chosen at login (empty for admins).
	Counter *Counter `json:"counter,omitempty"`
	// Counters are all counters the user may work at.
	Counters []Counter `json:"counters,omitempty"`
}

// QueuedTicket is one entry of a waiting list.
type QueuedTicket struct {
	ID        string    `json:"id"`
	Number    string    `json:"number"`
	ServiceID string    `json:"service_id"`
	Priority  Priority  `json:"priority"`
	IssuedAt  time.Time `json:"issued_at"`
	// BookedSlot: a booked ticket's slot start (see Ticket.BookedSlot).
	BookedSlot *time.Time `json:"booked_slot,omitempty"`
	// Step and Steps say where a ticket of a visit is in its route (Steps
	// is 1 for a single-service ticket); Origin is "route" or "return".
	Step   int    `json:"step,omitempty"`
	Steps  int    `json:"steps,omitempty"`
	Origin string `json:"origin,omitempty"`
}

// ServiceQueue is who waits for one service; Next lists them in the order
// this counter will call them (CounterView.Next filtered to the service).
type ServiceQueue struct {
	ServiceID   string         `json:"service_id"`
	ServiceName string         `json:"service_name"`
	Count       int            `json:"count"`
	Next        []QueuedTicket `json:"next"`
}

// OfficerStats are today's figures of one officer.
type OfficerStats struct {
	Served            int     `json:"served"`
	NoShow            int     `json:"no_show"`
	AvgServiceMinutes float64 `json:"avg_service_minutes"`
	AvgWaitMinutes    float64 `json:"avg_wait_minutes"`
	// The officer's own staff figures of today, defined as in StaffRow
	// (the service level against the default 15-minute target).
	P90ServiceMinutes *float64 `json:"p90_service_minutes,omitempty"`
	LoggedInMinutes   float64  `json:"logged_in_minutes"`
	BreakMinutes      float64  `json:"break_minutes"`
	IdleMinutes       float64  `json:"idle_minutes"`
	ServiceLevel      *float64 `json:"service_level,omitempty"`
	TargetMinutes     int      `json:"target_minutes,omitempty"`
	RecallsPerTicket  float64  `json:"recalls_per_ticket"`
	Respondents       int      `json:"respondents"`
	IKM               *float64 `json:"ikm,omitempty"`
}

// CounterView is the body of GET /v1/counters/{id} for the officer console.
type CounterView struct {
	Counter Counter `json:"counter"`
	Current *Ticket `json:"current"`
	// CurrentBooking is the booking of a booked current ticket, in full
	// (the officer serves its service).
	CurrentBooking *Booking `json:"current_booking,omitempty"`
	// CurrentVisit is the current ticket's visit (its steps and the
	// handoff notes) when it has more than one step or a note.
	CurrentVisit *Visit `json:"current_visit,omitempty"`
	// Next is the counter's own line, every service together, in exactly
	// the order call-next takes it (the first 10).
	Next     []QueuedTicket `json:"next"`
	Waiting  []ServiceQueue `json:"waiting"`
	Today    OfficerStats   `json:"today"`
	Services []Service      `json:"services"` // transfer targets: every active service
}

// Call is one announcement of a ticket at a counter.
type Call struct {
	TicketID      string    `json:"ticket_id"`
	Number        string    `json:"number"`
	ServiceID     string    `json:"service_id"`
	ServiceName   string    `json:"service_name"`
	AgencyID      string    `json:"agency_id"`
	AgencyName    string    `json:"agency_name"`
	AgencyShort   string    `json:"agency_short"`
	CounterID     string    `json:"counter_id"`
	CounterNumber int       `json:"counter_number"`
	CounterName   string    `json:"counter_name"`
	Zone          string    `json:"zone"`
	Calls         int       `json:"calls"`
	Recall        bool      `json:"recall"`
	At            time.Time `json:"at"`
}

// BoardCounter is one counter on the board with what it serves now.
type BoardCounter struct {
	Counter
	Current *Call `json:"current"`
}

// ServiceWaiting is the waiting count of one service.
type ServiceWaiting struct {
	ServiceID string `json:"service_id"`
	Waiting   int    `json:"waiting"`
}

// Board is the body of GET /v1/board: a snapshot that, with events after
// Seq, gives a display the full picture.
type Board struct {
	Seq         int64            `json:"seq"`
	Zone        string           `json:"zone,omitempty"`
	Site        Site             `json:"site"`
	Counters    []BoardCounter   `json:"counters"`
	RecentCalls []Call           `json:"recent_calls"`
	Waiting     []ServiceWaiting `json:"waiting"`
	Now         time.Time        `json:"now"`
	// Calendar are the site-wide calendar entries of today and the next
	// 14 days: a display says "Libur Nasional: …" on a closed day and
	// announces the coming ones (also sent with catalog.updated).
	Calendar []Holiday `json:"calendar,omitempty"`
	// Announcements are every running-text entry with its schedule
	// (announcement.go); the display picks the active ones by its clock.
	Announcements []Announcement `json:"announcements,omitempty"`
}

// EventType names a server-sent event.
type EventType string

const (
	EventTicketIssued      EventType = "ticket.issued"
	EventTicketCalled      EventType = "ticket.called"
	EventTicketRecalled    EventType = "ticket.recalled"
	EventTicketServing     EventType = "ticket.serving"
	EventTicketDone        EventType = "ticket.done"
	EventTicketNoShow      EventType = "ticket.no_show"
	EventTicketCancelled   EventType = "ticket.cancelled"
	EventTicketTransferred EventType = "ticket.transferred"
	EventTicketRequeued    EventType = "ticket.requeued"
	EventTicketExpired     EventType = "ticket.expired"
	EventCounterUpdated    EventType = "counter.updated"
	EventCatalogUpdated    EventType = "catalog.updated"
	// EventReset tells the client it missed events the server no longer
	// holds: re-read /v1/board. Its data is {"seq": N}.
	EventReset EventType = "reset"
)

// Event is one entry of the stream.
type Event struct {
	ID   int64           `json:"id"`
	Type EventType       `json:"type"`
	Data json.RawMessage `json:"data"`
}

// EventData is the JSON payload of every ticket.* and counter.* event.
type EventData struct {
	// Ticket after the change (for transferred: the new ticket; the old
	// one's id is in Ticket.TransferredFrom).
	Ticket *Ticket `json:"ticket,omitempty"`
	// Call is set on ticket.called and ticket.recalled.
	Call *Call `json:"call,omitempty"`
	// Counter is set when a counter is involved.
	Counter *Counter `json:"counter,omitempty"`
	// Waiting is the waiting count of the ticket's service after the change.
	Waiting *ServiceWaiting `json:"waiting,omitempty"`
	// Calendar is set on catalog.updated: the site-wide calendar entries
	// of today and the next 14 days, as in Board.Calendar.
	Calendar []Holiday `json:"calendar,omitempty"`
	// Announcements is set on catalog.updated: every running-text entry,
	// as in Board.Announcements (none = there are none).
	Announcements []Announcement `json:"announcements,omitempty"`
	// Zone the event belongs to ("" = every zone).
	Zone string    `json:"zone,omitempty"`
	At   time.Time `json:"at"`
}

// ResetData is the payload of a reset event.
type ResetData struct {
	Seq int64 `json:"seq"`
}

// Decode unmarshals the event's data into EventData.
func (e Event) Decode() (EventData, error) {
	var d EventData
	err := json.Unmarshal(e.Data, &d)
	return d, err
}
