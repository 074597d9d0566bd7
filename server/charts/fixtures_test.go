package charts_test

import (
	"math"
	"time"

	"antrean/server/charts"
)

// fixture is one chart the golden, semantic and Chromium tests share.
type fixture struct {
	name string
	svg  func() []byte
	w, h int    // rendered size
	ink  string // a colour that must show in the screenshot ("" for none)
	// scaled: too small for its legend, so laid out in a taller viewBox
	// and shown scaled down.
	scaled bool
}

// Data for the fixtures: plain formulas, no clock, no randomness.

var (
	fxToday = []int{0, 0, 0, 0, 0, 0, 0, 12, 58, 71, 64, 40, 22, 30, 15, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	fxUsual = []float64{0, 0, 0, 0, 0, 0, 0, 10.5, 49.25, 66, 61.5, 45, 30, 35.75, 28, 12, 3, 0, 0, 0, 0, 0, 0, 0}
	fxNow   = time.Date(2024, 12, 2, 13, 25, 0, 0, time.FixedZone("WIB", 7*3600))
)

// fxWaits: 600 waits spread over 0–36 minutes, a handful at exactly the
// target and two forgotten tickets far out.
func fxWaits() []float64 {
	var w []float64
	for i := 0; i < 600; i++ {
		x := float64((i*7919)%1000) / 1000
		w = append(w, x*x*30+float64(i%7))
	}
	return append(w, 15, 15, 15, 190, 240)
}

func fxDays(n int) []time.Time {
	var d []time.Time
	for i := 0; i < n; i++ {
		d = append(d, time.Date(2024, 12, 1+i, 0, 0, 0, 0, time.UTC))
	}
	return d
}

var fxServices = []string{"KTP-el & KK", "Akta Kelahiran", "SIM Perpanjangan", "Paspor <baru>", "BPJS Kesehatan",
	"Samsat: Pajak Kendaraan Tahunan", "PDAM", "NPWP", "Izin Usaha", "Bank Nagari"}

// fxSeries: n series over days, values 60–82 in waves, a gap now and then.
func fxSeries(n, days int) []charts.Series {
	var ss []charts.Series
	for k := 0; k < n; k++ {
		name := "Layanan " + string(rune('A'+k%26))
		if k >= 26 {
			name += string(rune('a' + k/26))
		}
		if k < len(fxServices) {
			name = fxServices[k]
		}
		v := make([]float64, days)
		for i := range v {
			v[i] = 60 + 1.5*math.Abs(float64((i+3*k)%24-12)) + float64(k%5)
			if (i+k)%9 == 0 {
				v[i] = math.NaN()
			}
		}
		ss = append(ss, charts.Series{Name: name, Values: v})
	}
	return ss
}

var fxMonths = func() []time.Time {
	var m []time.Time
	for i := 0; i < 12; i++ {
		m = append(m, time.Date(2024, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC))
	}
	return m
}()

var fxIKM = []float64{72.5, 75.1, 78.9, math.NaN(), 80.2, 84.4, 86.0, 88.31, 89.5, 87.2, 90.1, 91.3}

var fxStaff = []charts.Row{
	{Label: "Siti Rahmawati", Values: []float64{58, 6.4}},
	{Label: "Muhammad Rizky Pratama Saputra, S.Kom., M.Kom.", Values: []float64{51, 7.25}},
	{Label: `Budi <b>"Admin"</b> & 'Co'`, Values: []float64{44, 9.1}},
	{Label: "Dewi", Values: []float64{12, math.NaN()}},
	{Label: "Andi Wijaya", Values: []float64{1234, 12.75}},
}

var fxStaffCols = []charts.Column{{Title: "Dilayani"}, {Title: "Rata-rata layanan", Suffix: " mnt", Decimals: 1}}

func fxManyStaff(n int) []charts.Row {
	var r []charts.Row
	for i := 0; i < n; i++ {
		r = append(r, charts.Row{Label: "Petugas nomor " + string(rune('A'+i%26)) + string(rune('a'+i/26)),
			Values: []float64{float64(80 - i), 4 + float64(i%7)/2}})
	}
	return r
}

func p(v float64) *float64 { return &v }

func fixtures() []fixture {
	return []fixture{
		{"hourly", func() []byte {
			return charts.Hourly{Title: "Kedatangan per jam — Senin, 2 Des 2024", Today: fxToday, Usual: fxUsual,
				UsualLabel: "Rata-rata Senin (8 minggu)", Now: fxNow}.SVG()
		}, 640, 320, "#0072b2", false},
		{"hourly-small", func() []byte {
			return charts.Hourly{Title: "Kedatangan hari ini", Width: 360, Height: 220, Today: fxToday}.SVG()
		}, 360, 220, "#0072b2", false},
		{"histogram", func() []byte {
			return charts.WaitHistogram{Title: "Waktu tunggu — Desember 2024", Minutes: fxWaits(), TargetMinutes: 15,
				P90Minutes: p(23.5)}.SVG()
		}, 640, 320, "#e69f00", false},
		{"histogram-no-target", func() []byte {
			return charts.WaitHistogram{Title: "Waktu tunggu", Width: 480, Height: 260, Minutes: fxWaits()[:400]}.SVG()
		}, 480, 260, "#0072b2", false},
		{"trend-service-level", func() []byte {
			return charts.Trend{Title: "Tingkat layanan per layanan — Desember 2024", Dates: fxDays(30), Series: fxSeries(10, 30),
				YTitle: "Dalam target", Suffix: "%", Decimals: 1, YMin: 0, YMax: 100,
				Refs: []charts.Ref{{Value: 80, Label: "Sasaran 80%"}}}.SVG()
		}, 640, 320, "#0072b2", false},
		{"trend-ikm", func() []byte {
			return charts.Trend{Title: "IKM per bulan — 2024", Dates: fxMonths,
				Series: []charts.Series{{Name: "MPP Kota Pariaman", Values: fxIKM}}, YTitle: "IKM", Decimals: 2,
				YMin: 60, YMax: 100, Bands: charts.IKMBands(), Monthly: true}.SVG()
		}, 640, 320, "#0072b2", false},
		{"trend-many", func() []byte {
			return charts.Trend{Title: "Tingkat layanan, 35 layanan, 90 hari", Width: 720, Height: 400,
				Dates: fxDays(90), Series: fxSeries(35, 90), Suffix: "%", YTitle: "Dalam target", MaxSeries: 7}.SVG()
		}, 720, 400, "#009e73", false},
		{"trend-narrow", func() []byte {
			return charts.Trend{Title: "Tingkat layanan", Width: 320, Height: 200, Dates: fxDays(14), Series: fxSeries(10, 14),
				Suffix: "%", YMin: 0, YMax: 100}.SVG()
		}, 320, 200, "#0072b2", true},
		{"hbars-staff", func() []byte {
			return charts.HBars{Title: "Kinerja petugas — Desember 2024", LabelTitle: "Petugas",
				Columns: fxStaffCols, Rows: fxStaff}.SVG()
		}, 640, 203, "#e69f00", false},
		{"hbars-squeezed", func() []byte {
			return charts.HBars{Title: "Kinerja petugas", Width: 560, Height: 300, LabelTitle: "Petugas",
				Columns: fxStaffCols, Rows: fxManyStaff(40)}.SVG()
		}, 560, 300, "#0072b2", false},
		{"empty-hourly", func() []byte { return charts.Hourly{Title: "Kedatangan per jam"}.SVG() }, 640, 320, "", false},
		{"empty-histogram", func() []byte {
			return charts.WaitHistogram{Title: "Waktu tunggu", Minutes: []float64{math.NaN(), -1}, TargetMinutes: 15}.SVG()
		}, 640, 320, "", false},
		{"empty-trend", func() []byte {
			return charts.Trend{Title: "IKM per bulan", Dates: fxMonths, Series: []charts.Series{{Name: "MPP", Values: []float64{math.NaN()}}},
				Bands: charts.IKMBands()}.SVG()
		}, 640, 320, "", false},
		{"empty-hbars", func() []byte {
			return charts.HBars{Title: "Kinerja petugas", Columns: fxStaffCols, Width: 400, Height: 160}.SVG()
		}, 400, 160, "", false},
	}
}

func fixtureNamed(t interface{ Fatalf(string, ...any) }, name string) fixture {
	for _, fx := range fixtures() {
		if fx.name == name {
			return fx
		}
	}
	t.Fatalf("no fixture %q", name)
	return fixture{}
}
