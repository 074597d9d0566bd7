package charts_test

import (
	"testing"

	"antrean/server/charts"
)

// Figures for the admin page's budget: go test -run '^$' -bench . -benchmem ./server/charts

func BenchmarkHourly(b *testing.B) {
	for b.Loop() {
		b.SetBytes(int64(len(charts.Hourly{Today: fxToday, Usual: fxUsual, Now: fxNow}.SVG())))
	}
}

// A month of a big MPP: 4,000 visitors a day for 30 days.
func BenchmarkWaitHistogram120k(b *testing.B) {
	w := make([]float64, 0, 120_000)
	for len(w) < 120_000 {
		w = append(w, fxWaits()...)
	}
	b.ResetTimer()
	for b.Loop() {
		b.SetBytes(int64(len(charts.WaitHistogram{Minutes: w[:120_000], TargetMinutes: 15, P90Minutes: p(23)}.SVG())))
	}
}

// A year of daily service levels for 35 services (7 in colour).
func BenchmarkTrendYear35(b *testing.B) {
	days, series := fxDays(365), fxSeries(35, 365)
	b.ResetTimer()
	for b.Loop() {
		b.SetBytes(int64(len(charts.Trend{Dates: days, Series: series, Suffix: "%", YMin: 0, YMax: 100}.SVG())))
	}
}

// 150 officers (30 drawn).
func BenchmarkHBars150(b *testing.B) {
	rows := fxManyStaff(150)
	b.ResetTimer()
	for b.Loop() {
		b.SetBytes(int64(len(charts.HBars{Columns: fxStaffCols, Rows: rows}.SVG())))
	}
}
