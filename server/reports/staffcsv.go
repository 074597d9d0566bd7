package reports

import (
	"io"

	"antrean/shared/api"
)

// StaffCSV writes the staff report, one row per period and officer (or
// counter); times in minutes, empty when unknown.
func StaffCSV(w io.Writer, r api.StaffReport) error {
	cw := newWriter(w)
	cw.Write([]string{"group", "period", "period_start", "period_end", "key", "name", "served", "no_show",
		"avg_service_minutes", "p90_service_minutes", "called", "within_target", "service_level_pct",
		"logged_in_minutes", "break_minutes", "open_minutes", "idle_minutes",
		"tickets_called", "recalls", "recalls_per_ticket", "respondents", "ikm", "grade"})
	for _, x := range r.Rows {
		cw.Write([]string{string(r.Group), x.Period, x.PeriodStart, x.PeriodEnd, x.Key, x.Name, itoa(x.Served), itoa(x.NoShow),
			num(x.AvgServiceMinutes), num(x.P90ServiceMinutes), itoa(x.Called), itoa(x.WithinTarget), num(x.ServiceLevel),
			num(x.LoggedInMinutes), num(x.BreakMinutes), num(x.OpenMinutes), num(x.IdleMinutes),
			itoa(x.TicketsCalled), itoa(x.Recalls), num(x.RecallsPerTicket), itoa(x.Respondents), num(x.IKM), x.Grade})
	}
	cw.Flush()
	return cw.Error()
}

// CommentsCSV writes the SKM comments (each cell made safe for a
// spreadsheet: comments are typed by citizens).
func CommentsCSV(w io.Writer, l api.CommentList) error {
	cw := newWriter(w)
	cw.Write([]string{"day", "submitted_at", "service_id", "service", "agency", "counter", "officer", "ikm", "comment"})
	for _, c := range l.Comments {
		ikm := c.IKM
		cw.Write([]string{c.Day, c.SubmittedAt.Format("2006-01-02 15:04"), c.ServiceID, c.ServiceName, c.AgencyName, c.CounterName,
			c.OfficerName, num(&ikm), c.Comment})
	}
	cw.Flush()
	return cw.Error()
}
