package reports

import (
	"math"
	"testing"
)

// TestKrejcieMorganTable holds the table to the published values and to
// the formula it was computed with.
func TestKrejcieMorganTable(t *testing.T) {
	// Values as printed in Krejcie & Morgan (1970), Table 1.
	published := map[int]int{10: 10, 50: 44, 100: 80, 150: 108, 200: 132, 300: 169, 400: 196, 500: 217,
		1000: 278, 1500: 306, 2000: 322, 3000: 341, 5000: 357, 10000: 370, 20000: 377, 50000: 381, 75000: 382, 1000000: 384}
	for n, s := range published {
		if got := MinSample(n); got != s {
			t.Errorf("MinSample(%d) = %d, published %d", n, got, s)
		}
	}
	// Every row is the formula (χ² = 3,841, P = 0,5, d = 0,05) rounded to
	// the nearest whole respondent.
	prev := 0
	for _, row := range krejcieMorgan {
		n := float64(row[0])
		s := 3.841 * n * 0.25 / (0.0025*(n-1) + 3.841*0.25)
		if got := int(math.Round(s)); got != row[1] {
			t.Errorf("N = %d: table %d, formula %.2f", row[0], row[1], s)
		}
		if row[0] <= prev {
			t.Errorf("table out of order at %d", row[0])
		}
		prev = row[0]
	}
	// Between rows: the larger row; the ends.
	for n, s := range map[int]int{0: 0, -3: 0, 1: 1, 9: 9, 11: 14, 101: 86, 3600: 351, 76000: 384, 5_000_000: 384} {
		if got := MinSample(n); got != s {
			t.Errorf("MinSample(%d) = %d, want %d", n, got, s)
		}
	}
}
