package api

// ── Staff performance (evaluasi kinerja), GET /v1/reports/staff ───────────

// ReportPeriod breaks a report down by time.
type ReportPeriod string

const (
	PeriodRange ReportPeriod = "range" // one row per officer/counter for the whole range (default)
	PeriodDay   ReportPeriod = "day"
	PeriodWeek  ReportPeriod = "week" // ISO weeks, Monday to Sunday
	PeriodMonth ReportPeriod = "month"
)

// StaffRow is one officer's (or counter's) figures over one period.
//
// Definitions (tickets are counted for the officer and counter that
// called them last, as in the summary report):
//   - Served, NoShow, AvgServiceMinutes, P90ServiceMinutes: as in
//     SummaryRow (done tickets; service time = start → finish).
//   - Called, WithinTarget, ServiceLevel: the original tickets they called
//     and how many waited at most the target (issue → first call).
//   - LoggedInMinutes: time signed in at a counter (an officer signed in
//     at two counters at once counts once); for a counter, the time an
//     officer was signed in at it.
//   - BreakMinutes: of that, time the counter's status was "break".
//   - OpenMinutes: of that, time the counter was open.
//   - IdleMinutes: of the open time, time with no ticket called or being
//     served (from the call to done, no-show, cancel or transfer) — the
//     idle time between calls.
//   - TicketsCalled, Recalls, RecallsPerTicket: tickets they called, the
//     extra calls of those tickets (calls − 1), and recalls ÷ tickets.
//   - Respondents, IKM, Grade: the SKM of the tickets they served.
//
// The times need the counter log (sessions and statuses), kept since this
// version: for days before it they are null (TimesKnown false).
type StaffRow struct {
	Period      string `json:"period"`       // "" (whole range), "2026-11-23", "2026-W48", "2026-11"
	PeriodStart string `json:"period_start"` // first day of the period (YYYY-MM-DD)
	PeriodEnd   string `json:"period_end"`   // last day of the period within the range
	Key         string `json:"key"`
	Name        string `json:"name"`

	Served            int      `json:"served"`
	NoShow            int      `json:"no_show"`
	AvgServiceMinutes *float64 `json:"avg_service_minutes"`
	P90ServiceMinutes *float64 `json:"p90_service_minutes"`
	Called            int      `json:"called"`
	WithinTarget      int      `json:"within_target"`
	ServiceLevel      *float64 `json:"service_level"`

	TimesKnown      bool     `json:"times_known"`
	LoggedInMinutes *float64 `json:"logged_in_minutes"`
	BreakMinutes    *float64 `json:"break_minutes"`
	OpenMinutes     *float64 `json:"open_minutes"`
	IdleMinutes     *float64 `json:"idle_minutes"`

	TicketsCalled    int      `json:"tickets_called"`
	Recalls          int      `json:"recalls"`
	RecallsPerTicket *float64 `json:"recalls_per_ticket"`

	Respondents int      `json:"respondents"`
	IKM         *float64 `json:"ikm"`   // full precision; null without respondents
	Grade       string   `json:"grade"` // A–D ("" without respondents)
}

// StaffReport is the body of GET /v1/reports/staff.
type StaffReport struct {
	From          string       `json:"from"`
	To            string       `json:"to"`
	Group         ReportGroup  `json:"group"` // officer or counter
	Period        ReportPeriod `json:"period"`
	TargetMinutes int          `json:"target_minutes"`
	Rows          []StaffRow   `json:"rows"`
}
