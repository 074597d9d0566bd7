package api

import "time"

// ── Per-day figures and the waiting-time distribution ─────────────────────

// DailyRow is one group's figures on one day (definitions as in
// SummaryRow; Hours are arrivals per local hour as in HourlyRow).
type DailyRow struct {
	Day            string   `json:"day"`
	Key            string   `json:"key"`
	Name           string   `json:"name"`
	Issued         int      `json:"issued"`
	Served         int      `json:"served"`
	Called         int      `json:"called"`
	WithinTarget   int      `json:"within_target"`
	ServiceLevel   *float64 `json:"service_level"`
	AvgWaitMinutes *float64 `json:"avg_wait_minutes"`
	Hours          [24]int  `json:"hours"`
}

// DailyReport is the body of GET /v1/reports/daily: one row per day and
// group (days without tickets have none), for a weekday only when asked
// (Weekday 1 = Monday … 7 = Sunday, 0 = every day).
type DailyReport struct {
	From          string      `json:"from"`
	To            string      `json:"to"`
	Group         ReportGroup `json:"group"`
	TargetMinutes int         `json:"target_minutes"`
	Weekday       int         `json:"weekday,omitempty"`
	Rows          []DailyRow  `json:"rows"`
	Now           time.Time   `json:"now"` // the server's time, in the site's zone
}

// WaitCount is how many called tickets waited Seconds (issue → first
// call, rounded up to the whole second).
type WaitCount struct {
	Seconds int64 `json:"seconds"`
	N       int64 `json:"n"`
}

// WaitDistribution is the body of GET /v1/reports/waits: every wait of a
// range (one service, or all), exactly as the summary counts them.
type WaitDistribution struct {
	From           string      `json:"from"`
	To             string      `json:"to"`
	ServiceID      string      `json:"service_id,omitempty"`
	TargetMinutes  int         `json:"target_minutes"`
	Called         int         `json:"called"`
	WithinTarget   int         `json:"within_target"`
	AvgWaitMinutes *float64    `json:"avg_wait_minutes"`
	P90WaitMinutes *float64    `json:"p90_wait_minutes"`
	Counts         []WaitCount `json:"counts"` // by seconds, ascending
}
