package charts_test

import (
	"bytes"
	"fmt"
	"time"

	"antrean/server/charts"
)

func ExampleNumber() {
	fmt.Println(charts.Number(1234.5, 1), charts.Number(87.5, 1), charts.Number(7.25, 1))
	// Output: 1.234,5 87,5 7,3
}

func ExampleShortDate() {
	d := time.Date(2024, 12, 3, 0, 0, 0, 0, time.UTC)
	fmt.Println(charts.ShortDate(d), "—", charts.Weekday(d.Weekday()))
	// Output: 3 Des — Selasa
}

func ExampleHourly() {
	today := make([]int, 24)
	today[8], today[9], today[10] = 40, 58, 31
	svg := charts.Hourly{Title: "Kedatangan per jam", Today: today, Width: 480, Height: 240}.SVG()
	fmt.Println(bytes.Contains(svg, []byte(`aria-label="Kedatangan per jam. Kedatangan per jam, pukul 08.00–10.59. Hari ini: 129 tiket, terbanyak pukul 09.00 (58)."`)))
	// Output: true
}

func ExampleWaitHistogram() {
	svg := charts.WaitHistogram{Minutes: []float64{2, 4, 9, 14, 15, 21, 40}, TargetMinutes: 15}.SVG()
	fmt.Println(bytes.Contains(svg, []byte("≤ 15 menit: 5 (71,4%)")))
	// Output: true
}

func ExampleTrend() {
	months := []time.Time{time.Date(2024, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC)}
	svg := charts.Trend{Title: "IKM", Dates: months, Monthly: true, Bands: charts.IKMBands(), Decimals: 2,
		Series: []charts.Series{{Name: "MPP", Values: []float64{86.1, charts.Value(nil)}}}}.SVG()
	fmt.Println(bytes.Contains(svg, []byte("MPP — November 2024: 86,1")))
	// Output: true
}

func ExampleHBars() {
	svg := charts.HBars{Columns: []charts.Column{{Title: "Dilayani"}},
		Rows: []charts.Row{{Label: "Siti <Loket 1>", Values: []float64{1234}}}}.SVG()
	fmt.Println(bytes.Contains(svg, []byte("Siti &lt;Loket 1&gt;; Dilayani: 1.234")))
	// Output: true
}
