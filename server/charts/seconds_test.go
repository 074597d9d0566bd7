package charts_test

import (
	"bytes"
	"testing"

	"antrean/server/charts"
)

// TestHistogramSecondsEqualMinutes: waits counted by whole seconds draw
// the very chart the same waits draw one by one.
func TestHistogramSecondsEqualMinutes(t *testing.T) {
	counts := map[int64]int64{0: 3, 59: 2, 60: 4, 61: 1, 900: 7, 901: 2, 1500: 5, 7200: 1}
	var minutes []float64
	for s, n := range counts {
		for range n {
			minutes = append(minutes, float64(s)/60)
		}
	}
	p90 := 25.0
	a := charts.WaitHistogram{Title: "Waktu tunggu", Minutes: minutes, TargetMinutes: 15, P90Minutes: &p90}.SVG()
	b := charts.WaitHistogram{Title: "Waktu tunggu", Seconds: counts, TargetMinutes: 15, P90Minutes: &p90}.SVG()
	if !bytes.Equal(a, b) {
		t.Fatalf("seconds and minutes differ:\n%s\n---\n%s", a, b)
	}
	// Both together add up; nonsense is left out.
	c := charts.WaitHistogram{Title: "Waktu tunggu", Minutes: minutes[:10], Seconds: map[int64]int64{-5: 3, 10: 0}, TargetMinutes: 15}.SVG()
	if !bytes.Contains(c, []byte("Waktu tunggu 10 tiket")) {
		t.Fatalf("mixed: %s", c)
	}
}
