// Package reports holds the pure arithmetic of the reports: nearest-rank
// percentiles, means, the SKM satisfaction index (IKM) with its grade
// bands, and CSV rendering. No I/O, so every number can be checked by hand.
package reports

import (
	"math"
	"sort"
)

// Percentile is the nearest-rank percentile p (0 < p ≤ 100) of values: sort
// ascending and take the value at 1-based rank ceil(p/100 × n). It never
// interpolates, so the answer is always one of the values. ok is false for
// no values. values is not modified.
func Percentile(values []float64, p float64) (v float64, ok bool) {
	n := len(values)
	if n == 0 || p <= 0 || p > 100 {
		return 0, false
	}
	s := append([]float64(nil), values...)
	sort.Float64s(s)
	// p×n in integer hundredths avoids 0.9×10 = 9.000000000000002 → rank 10.
	rank := int(math.Ceil(math.Round(p*float64(n)*100) / 10000))
	if rank < 1 {
		rank = 1
	}
	if rank > n {
		rank = n
	}
	return s[rank-1], true
}

// Mean is the arithmetic mean; ok is false for no values.
func Mean(values []float64) (float64, bool) {
	if len(values) == 0 {
		return 0, false
	}
	sum := 0.0
	for _, v := range values {
		sum += v
	}
	return sum / float64(len(values)), true
}

// Ptr returns &v when ok, else nil (JSON null for "no data").
func Ptr(v float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	return &v
}

// Elements is the number of SKM elements (PermenPANRB 14/2017).
const Elements = 9

// IKMResult is the satisfaction index of a set of surveys.
type IKMResult struct {
	Respondents int
	Averages    [Elements]float64 // NRR per element
	IKM         float64           // Σ(avg × 1/9) × 25, full precision
	Hundredths  int               // IKM rounded half-up to 2 decimals, × 100
	Grade       string
	Label       string
}

// Rounded is the IKM rounded to 2 decimals.
func (r IKMResult) Rounded() float64 { return float64(r.Hundredths) / 100 }

// IKM computes the index from per-element answer sums of n respondents
// (every respondent answers every element, 1–4). The rounded value and the
// grade come from exact integer arithmetic: IKM = 25 × Σsums / (9 × n), so
// no floating-point error can move a value across a band edge.
func IKM(sums [Elements]int, n int) IKMResult {
	r := IKMResult{Respondents: n}
	if n <= 0 {
		return r
	}
	total := 0
	for i, s := range sums {
		r.Averages[i] = float64(s) / float64(n)
		total += s
	}
	// Σ(avg_i × 1/9) × 25 = 25 × total / (9n): one division, one rounding.
	r.IKM = float64(25*total) / float64(Elements*n)
	// Half-up rounding of 2500 × total / (9n) to an integer (hundredths).
	num, den := int64(2500)*int64(total), int64(Elements)*int64(n)
	r.Hundredths = int((2*num + den) / (2 * den))
	r.Grade, r.Label = GradeHundredths(r.Hundredths)
	return r
}

// Grade bands the IKM (PermenPANRB 14/2017): A 88.31–100 Sangat Baik,
// B 76.61–88.30 Baik, C 65.00–76.60 Kurang Baik, D 25.00–64.99 Tidak Baik.
// The bands are given to 2 decimals, so v is first rounded half-up to 2
// decimals: 88.305 → 88.31 → A, 88.3049 → 88.30 → B.
func Grade(v float64) (grade, label string) {
	return GradeHundredths(int(math.Floor(v*100 + 0.5 + 1e-9)))
}

// GradeHundredths bands an IKM given in hundredths (8831 = 88.31).
func GradeHundredths(h int) (grade, label string) {
	switch {
	case h >= 8831:
		return "A", "Sangat Baik"
	case h >= 7661:
		return "B", "Baik"
	case h >= 6500:
		return "C", "Kurang Baik"
	default:
		return "D", "Tidak Baik"
	}
}
