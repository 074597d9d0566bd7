package reports

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"antrean/shared/api"
)

func TestPercentileNearestRank(t *testing.T) {
	seq := func(n int) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = float64(n - i) // descending: the function must sort
		}
		return out
	}
	cases := []struct {
		vals []float64
		p    float64
		want float64
	}{
		{[]float64{7}, 90, 7},
		{seq(10), 90, 9},  // rank ceil(9.0) = 9, not 10
		{seq(20), 90, 18}, // rank 18
		{seq(3), 90, 3},   // rank ceil(2.7) = 3
		{seq(4), 50, 2},   // rank 2, no interpolation
		{seq(5), 90, 5},   // rank ceil(4.5) = 5
		{seq(11), 90, 10}, // rank ceil(9.9) = 10
		{seq(100), 90, 90},
		{[]float64{5, 17, 6}, 90, 17},
		{[]float64{2, 1}, 100, 2},
		{[]float64{2, 1}, 1, 1},
	}
	for _, c := range cases {
		in := append([]float64(nil), c.vals...)
		got, ok := Percentile(c.vals, c.p)
		if !ok || got != c.want {
			t.Errorf("p%v of %v = %v %v, want %v", c.p, in, got, ok, c.want)
		}
		for i := range in {
			if in[i] != c.vals[i] {
				t.Fatalf("Percentile changed its input")
			}
		}
	}
	if _, ok := Percentile(nil, 90); ok {
		t.Error("no values must give ok=false")
	}
	if _, ok := Percentile([]float64{1}, 0); ok {
		t.Error("p=0 is not a percentile")
	}
	if m, ok := Mean([]float64{5, 6, 17}); !ok || m != 28.0/3 {
		t.Errorf("mean %v", m)
	}
	if Ptr(Mean(nil)) != nil {
		t.Error("mean of nothing must be null")
	}
}

func TestGradeBandEdges(t *testing.T) {
	cases := []struct {
		v            float64
		grade, label string
	}{
		{100, "A", "Sangat Baik"},
		{88.31, "A", "Sangat Baik"},
		{88.30, "B", "Baik"},
		{88.305, "A", "Sangat Baik"}, // rounds half-up to 88.31
		{88.3049, "B", "Baik"},       // rounds to 88.30
		{76.61, "B", "Baik"},
		{76.60, "C", "Kurang Baik"},
		{76.605, "B", "Baik"},
		{65.00, "C", "Kurang Baik"},
		{64.995, "C", "Kurang Baik"},
		{64.99, "D", "Tidak Baik"},
		{64.994, "D", "Tidak Baik"},
		{25, "D", "Tidak Baik"},
	}
	for _, c := range cases {
		g, l := Grade(c.v)
		if g != c.grade || l != c.label {
			t.Errorf("Grade(%v) = %s %s, want %s %s", c.v, g, l, c.grade, c.label)
		}
	}
}

func TestIKM(t *testing.T) {
	// Two respondents: all 4s and all 3s → every element 3.5 → 87.5 (B).
	var sums [Elements]int
	for i := range sums {
		sums[i] = 7
	}
	r := IKM(sums, 2)
	if r.IKM != 87.5 || r.Hundredths != 8750 || r.Grade != "B" || r.Label != "Baik" || r.Averages[0] != 3.5 {
		t.Fatalf("%+v", r)
	}
	// Four respondents of the HTTP fixture: element sums 12…11, total 119:
	// IKM = 25 × 119 / 36 = 82.6388… → 82.64, B.
	r = IKM([Elements]int{12, 13, 14, 15, 12, 13, 14, 15, 11}, 4)
	if r.Hundredths != 8264 || r.Grade != "B" || r.Rounded() != 82.64 || r.Averages[8] != 2.75 {
		t.Fatalf("%+v", r)
	}
	if d := r.IKM - 25.0*119/36; d > 1e-9 || d < -1e-9 {
		t.Fatalf("ikm %v", r.IKM)
	}
	// An exact half at the A/B edge: 25 × 317898 / 90000 = 88.305 exactly,
	// which rounds half-up to 88.31 → A, whatever the float says.
	big := [Elements]int{35322, 35322, 35322, 35322, 35322, 35322, 35322, 35322, 35322}
	total := 0
	for _, v := range big {
		total += v
	}
	big[0] += 317898 - total
	r = IKM(big, 10000)
	if r.Hundredths != 8831 || r.Grade != "A" {
		t.Fatalf("88.305 → %d %s", r.Hundredths, r.Grade)
	}
	// All 1s is the floor of the scale: 25.00, D.
	var ones [Elements]int
	for i := range ones {
		ones[i] = 3
	}
	if r = IKM(ones, 3); r.Hundredths != 2500 || r.Grade != "D" {
		t.Fatalf("%+v", r)
	}
	if r = IKM(ones, 0); r.Grade != "" || r.Respondents != 0 {
		t.Fatalf("no respondents: %+v", r)
	}
}

func TestCSV(t *testing.T) {
	v := 12.0 / 7
	rep := api.SummaryReport{Group: api.GroupService, Rows: []api.SummaryRow{{Key: "ktp-el", Name: "KTP, \"el\"", Issued: 3, Expired: 2, AvgWaitMinutes: &v}},
		Total: api.SummaryRow{Key: "total", Name: "Total", Issued: 3}}
	var b bytes.Buffer
	if err := SummaryCSV(&b, rep); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "group,key,name,issued,") {
		t.Fatalf("%q", b.String())
	}
	if !strings.Contains(lines[0], ",transferred,expired,open,") || lines[1] != `service,ktp-el,"KTP, ""el""",3,0,0,0,0,0,2,0,0,0,1.71,,,,` {
		t.Fatalf("row %q", lines[1])
	}
	b.Reset()
	h := api.HourlyReport{Rows: []api.HourlyRow{{Key: "x", Name: "X", Total: 2}}}
	h.Rows[0].Hours[8] = 2
	HourlyCSV(&b, h)
	if !strings.Contains(b.String(), "x,X,0,0,0,0,0,0,0,0,2,0") || !strings.HasPrefix(b.String(), "key,name,h00,h01") {
		t.Fatalf("%q", b.String())
	}
}

// TestHistPercentileBound checks the documented bound on random data: the
// percentile of values rounded up to whole seconds is the exact
// nearest-rank percentile rounded up, and counts "at most k" are exact.
func TestHistPercentileBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 90))
	for trial := 0; trial < 300; trial++ {
		n := 1 + rng.IntN(200)
		var ms []float64
		h := Hist{}
		for range n {
			v := int64(rng.IntN(3_600_000)) - 5000 // a few negative (clock trouble)
			if rng.IntN(5) == 0 {
				v = v / 1000 * 1000 // exact seconds are common
			}
			ms = append(ms, float64(v))
			h.Add(CeilDiv(v, 1000))
		}
		for _, p := range []float64{50, 90, 99, 100} {
			exact, _ := Percentile(ms, p)
			got, ok := h.Percentile(p)
			if !ok || got != CeilDiv(int64(exact), 1000) {
				t.Fatalf("p%v: hist %d s, exact %v ms", p, got, exact)
			}
			if d := float64(got)*1000 - exact; d < 0 || d >= 1000 {
				t.Fatalf("p%v off by %v ms", p, d)
			}
		}
		target := int64(rng.IntN(60)) * 60 // whole minutes, in seconds
		var want int64
		for _, v := range ms {
			if int64(v) <= target*1000 {
				want++
			}
		}
		if got := h.AtMost(target); got != want {
			t.Fatalf("at most %d s: %d, want %d", target, got, want)
		}
		back := Hist{}
		rest, err := back.ReadBinary(h.AppendBinary([]byte{}))
		if err != nil || len(rest) != 0 || len(back) != len(h) || back.N() != h.N() {
			t.Fatalf("round trip: %v, %d left, %d/%d keys", err, len(rest), len(back), len(h))
		}
		for k, c := range h {
			if back[k] != c {
				t.Fatalf("round trip: key %d: %d, want %d", k, back[k], c)
			}
		}
	}
	if CeilDiv(-1500, 1000) != -1 || CeilDiv(1001, 1000) != 2 || CeilDiv(1000, 1000) != 1 || CeilDiv(0, 1000) != 0 {
		t.Fatal("CeilDiv")
	}
	if _, ok := (Hist{}).Percentile(90); ok {
		t.Fatal("empty histogram has a percentile")
	}
}

// Names come from admins and site files: a cell that a spreadsheet would
// run as a formula is written as text, in every export.
func TestCSVNeutralisesFormulas(t *testing.T) {
	evil := []string{"=HYPERLINK(\"http://x\",\"klik\")", "+62 812", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "=1+1"}
	var rows []api.SummaryRow
	var hrows []api.HourlyRow
	var irows []api.IKMRow
	for i, e := range evil {
		rows = append(rows, api.SummaryRow{Key: fmt.Sprintf("k%d", i), Name: e})
		hrows = append(hrows, api.HourlyRow{Key: e, Name: e})
		irows = append(irows, api.IKMRow{Key: e, Name: e, Grade: e, GradeLabel: e})
	}
	var b bytes.Buffer
	check := func(what string) {
		t.Helper()
		recs, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		seen := 0
		for _, rec := range recs {
			for _, c := range rec {
				if c == "" {
					continue
				}
				if strings.ContainsRune("=+-@\t\r", rune(c[0])) {
					if _, err := strconv.ParseFloat(c, 64); err != nil {
						t.Fatalf("%s: formula cell %q", what, c)
					}
				}
				if strings.HasPrefix(c, "'") {
					seen++
				}
			}
		}
		if seen < len(evil) {
			t.Fatalf("%s: %d neutralised cells, want at least %d", what, seen, len(evil))
		}
		b.Reset()
	}
	SummaryCSV(&b, api.SummaryReport{Group: api.GroupService, Rows: rows, Total: api.SummaryRow{Key: "total", Name: "Total"}})
	check("summary")
	HourlyCSV(&b, api.HourlyReport{Rows: hrows})
	check("hourly")
	IKMCSV(&b, api.IKMReport{Group: api.GroupService, Rows: irows})
	check("ikm")
	// Numbers stay numbers.
	for in, want := range map[string]string{"-1.50": "-1.50", "12": "12", "=A1": "'=A1", "": ""} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}
