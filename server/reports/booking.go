package reports

import (
	"io"

	"antrean/shared/api"
)

// BookingCSV writes a booking report, one row per service then the total.
func BookingCSV(w io.Writer, r api.BookingReport) error {
	cw := newWriter(w)
	cw.Write([]string{"key", "name", "booked", "cancelled", "checked_in", "late_walk_in", "no_show", "pending", "called",
		"on_time", "on_time_share", "avg_wait_booked_minutes", "avg_wait_walk_in_minutes", "booked_tickets", "walk_ins_issued",
		"walk_ins_called", "booked_share_of_issued"})
	for _, row := range append(append([]api.BookingReportRow(nil), r.Rows...), r.Total) {
		cw.Write([]string{row.Key, row.Name, itoa(row.Booked), itoa(row.Cancelled), itoa(row.CheckedIn), itoa(row.Late),
			itoa(row.NoShow), itoa(row.Pending), itoa(row.Called), itoa(row.OnTime), num(row.OnTimeShare),
			num(row.AvgWaitBooked), num(row.AvgWaitWalkIn), itoa(row.BookedTickets), itoa(row.WalkInsIssued),
			itoa(row.WalkInsCalled), num(row.BookedShareOfIssued)})
	}
	cw.Flush()
	return cw.Error()
}
