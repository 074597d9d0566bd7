package reports

import (
	"encoding/csv"
	"io"
	"strconv"

	"antrean/shared/api"
)

// CSV numbers use a dot and 2 decimals (JSON keeps full precision); an
// empty cell means "no data". Columns are stable English keys so sheets and
// scripts can rely on them.

// safeWriter writes records with every text cell neutralised: a cell
// that starts with = + - @ (or tab, CR) is a formula to Excel and
// LibreOffice, and names come from admins, agencies and the site file.
type safeWriter struct{ *csv.Writer }

func newWriter(w io.Writer) safeWriter { return safeWriter{csv.NewWriter(w)} }

func (w safeWriter) Write(rec []string) error {
	out := make([]string, len(rec))
	for i, c := range rec {
		out[i] = Cell(c)
	}
	return w.Writer.Write(out)
}

// Cell neutralises one CSV cell: a leading formula character gets a
// single quote before it, which spreadsheets show as text. Numbers are
// left alone ("-1.50" stays a number).
func Cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(s, 64); err == nil && s[0] != '\t' && s[0] != '\r' {
			return s
		}
		return "'" + s
	}
	return s
}

func num(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', 2, 64)
}

func itoa(n int) string { return strconv.Itoa(n) }

// SummaryCSV writes a summary report, one row per group then the total.
func SummaryCSV(w io.Writer, r api.SummaryReport) error {
	cw := newWriter(w)
	// Visits add routed_in and returned at the end, when the range has any
	// (a range without visits keeps the columns it always had).
	visits := r.Total.RoutedIn > 0 || r.Total.Returned > 0
	head := []string{"group", "key", "name", "issued", "transferred_in", "served", "no_show", "cancelled",
		"transferred", "expired", "open", "called", "within_target", "avg_wait_minutes", "p90_wait_minutes",
		"avg_service_minutes", "p90_service_minutes", "service_level_pct"}
	if visits {
		head = append(head, "routed_in", "returned")
	}
	cw.Write(head)
	row := func(group string, x api.SummaryRow) {
		rec := []string{group, x.Key, x.Name, itoa(x.Issued), itoa(x.TransferredIn), itoa(x.Served), itoa(x.NoShow),
			itoa(x.Cancelled), itoa(x.Transferred), itoa(x.Expired), itoa(x.Open), itoa(x.Called), itoa(x.WithinTarget),
			num(x.AvgWaitMinutes), num(x.P90WaitMinutes), num(x.AvgServiceMinutes), num(x.P90ServiceMinutes), num(x.ServiceLevel)}
		if visits {
			rec = append(rec, itoa(x.RoutedIn), itoa(x.Returned))
		}
		cw.Write(rec)
	}
	for _, x := range r.Rows {
		row(string(r.Group), x)
	}
	row("total", r.Total)
	cw.Flush()
	return cw.Error()
}

// VisitCSV writes the visit report: one row per route length, then the
// total.
func VisitCSV(w io.Writer, r api.VisitReport) error {
	cw := newWriter(w)
	cw.Write([]string{"key", "name", "visits", "steps", "steps_done", "services_per_visit", "completed", "completed_pct",
		"returned", "avg_minutes", "p50_minutes", "p90_minutes"})
	row := func(x api.VisitStats) {
		cw.Write([]string{x.Key, x.Name, itoa(x.Visits), itoa(x.Steps), itoa(x.StepsDone), num(x.ServicesPerVisit),
			itoa(x.Completed), num(x.CompletedShare), itoa(x.Returned), num(x.AvgMinutes), num(x.P50Minutes), num(x.P90Minutes)})
	}
	for _, x := range r.Rows {
		row(x)
	}
	row(r.Total)
	cw.Flush()
	return cw.Error()
}

// HourlyCSV writes arrivals per hour: key, name, h00 … h23, total.
func HourlyCSV(w io.Writer, r api.HourlyReport) error {
	cw := newWriter(w)
	head := []string{"key", "name"}
	for h := 0; h < 24; h++ {
		head = append(head, "h"+pad2(h))
	}
	cw.Write(append(head, "total"))
	for _, x := range r.Rows {
		rec := []string{x.Key, x.Name}
		for _, n := range x.Hours {
			rec = append(rec, itoa(n))
		}
		cw.Write(append(rec, itoa(x.Total)))
	}
	cw.Flush()
	return cw.Error()
}

// IKMCSV writes the index per group: element averages U1…U9, IKM, grade.
func IKMCSV(w io.Writer, r api.IKMReport) error {
	cw := newWriter(w)
	head := []string{"group", "key", "name", "respondents"}
	for i := 1; i <= Elements; i++ {
		head = append(head, "u"+itoa(i))
	}
	cw.Write(append(head, "ikm", "grade", "grade_label", "population", "min_sample", "sample_enough"))
	row := func(group string, x api.IKMRow) {
		rec := []string{group, x.Key, x.Name, itoa(x.Respondents)}
		for _, a := range x.Elements {
			v := a
			rec = append(rec, num(Ptr(v, x.Respondents > 0)))
		}
		ikm := x.IKMRounded
		enough := "no"
		if x.Sample.Enough {
			enough = "yes"
		}
		cw.Write(append(rec, num(Ptr(ikm, x.Respondents > 0)), x.Grade, x.GradeLabel,
			itoa(x.Sample.Population), itoa(x.Sample.MinSample), enough))
	}
	for _, x := range r.Rows {
		row(string(r.Group), x)
	}
	row("total", r.Total)
	cw.Flush()
	return cw.Error()
}

func pad2(n int) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}
