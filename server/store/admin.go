package store

import "antrean/shared/api"

// ReportQuery selects the tickets of a report: local days From…To
// (YYYY-MM-DD, inclusive), broken down by Group. TargetMinutes is the
// service-level target of the summary (0 = default 15).
type ReportQuery struct {
	From, To      string
	Group         api.ReportGroup
	TargetMinutes int
	// Period breaks the staff report down by day, week or month (default:
	// the whole range).
	Period api.ReportPeriod
	// Weekday keeps only the days of one weekday in the daily report:
	// 1 = Monday … 7 = Sunday (ISO); 0 = every day.
	Weekday int
	// All: the IKM report also lists the groups that served citizens but
	// have no respondent yet (their sample check says how many are due).
	All bool
}
