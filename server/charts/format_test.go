package charts

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestNumber(t *testing.T) {
	for _, c := range []struct {
		v    float64
		dec  int
		want string
	}{
		{0, 0, "0"}, {1234, 0, "1.234"}, {1234.5, 1, "1.234,5"}, {87.5, 1, "87,5"}, {87.5, 0, "88"},
		{7.25, 1, "7,3"}, {-7.25, 1, "-7,3"}, {-0.04, 1, "0,0"}, {1234567.891, 2, "1.234.567,89"},
		{999, 0, "999"}, {1000, 0, "1.000"}, {-1000000, 0, "-1.000.000"}, {0.5, 3, "0,500"},
		{1e15, 0, "1.000.000.000.000.000"}, {math.NaN(), 1, "–"}, {math.Inf(-1), 0, "–"},
	} {
		if got := Number(c.v, c.dec); got != c.want {
			t.Errorf("Number(%v, %d) = %q, want %q", c.v, c.dec, got, c.want)
		}
	}
	for v, want := range map[float64]string{87.5: "87,5", 87: "87", 87.04: "87", 0.25: "0,3", 1234.1: "1.234,1"} {
		if got := num(v, 1); got != want {
			t.Errorf("num(%v, 1) = %q, want %q", v, got, want)
		}
	}
}

func TestDates(t *testing.T) {
	d := time.Date(2024, 12, 3, 23, 30, 0, 0, time.FixedZone("WIB", 7*3600))
	if ShortDate(d) != "3 Des" || longDate(d) != "Sel, 3 Des 2024" || monthYear(d) != "Des 2024" {
		t.Errorf("%q %q %q", ShortDate(d), longDate(d), monthYear(d))
	}
	if Weekday(time.Monday) != "Senin" || Weekday(time.Sunday) != "Minggu" || Weekday(time.Friday) != "Jumat" {
		t.Error("weekday names")
	}
	// Calendar day of the date itself, whatever its zone.
	if dayNumber(d) != dayNumber(time.Date(2024, 12, 3, 0, 0, 0, 0, time.UTC)) || dayNumber(d)+1 != dayNumber(d.AddDate(0, 0, 1)) {
		t.Error("dayNumber")
	}
	if clock(8, 5) != "08.05" {
		t.Error(clock(8, 5))
	}
}

func TestNiceScale(t *testing.T) {
	for _, c := range []struct {
		lo, hi  float64
		n       int
		integer bool
		want    string
	}{
		{0, 71, 4, true, "0 20 40 60 80"},
		{0, 100, 5, false, "0 20 40 60 80 100"},
		{0, 3, 4, true, "0 1 2 3"},          // counts never step by 0,5
		{0, 0.3, 3, false, "0 0,1 0,2 0,3"}, // no 0,30000000000000004
		{61.5, 91.3, 4, false, "60 70 80 90 100"},
		{0, 0, 4, true, "0 1"},          // nothing: still an axis
		{5, 5, 4, false, "0 1 2 3 4 5"}, // one value: from zero
		{0, 2_500_000, 4, true, "0 0,5 jt 1,0 jt 1,5 jt 2,0 jt 2,5 jt"},
		{0, 150_000, 3, true, "0 50 rb 100 rb 150 rb"},
		{0, 12_345, 3, true, "0 5.000 10.000 15.000"},
		{0, 1e15, 4, false, "0 200 T 400 T 600 T 800 T 1.000 T"},
	} {
		s := niceScale(c.lo, c.hi, c.n, c.integer)
		var labels []string
		for _, tk := range s.ticks {
			labels = append(labels, s.label(tk))
		}
		if got := strings.Join(labels, " "); got != c.want {
			t.Errorf("niceScale(%v, %v, %d) = %q, want %q", c.lo, c.hi, c.n, got, c.want)
		}
	}
}

func TestNiceStep(t *testing.T) {
	for raw, want := range map[float64]float64{25: 20, 35.5: 50, 1: 1, 0.3: 0.2, 0.04: 0.05, 7: 5, 8: 10, 140: 100} {
		if got := niceStep(raw); got != want {
			t.Errorf("niceStep(%v) = %v, want %v", raw, got, want)
		}
	}
}

func TestCleanEscapeFit(t *testing.T) {
	if got := clean("  a\x00b\tc\n\nd \xff\uFFFE e  "); got != "a b c d \uFFFD\uFFFD e" {
		t.Errorf("clean: %q", got)
	}
	if got := escape(`<a href="x">&'`); got != "&lt;a href=&quot;x&quot;&gt;&amp;&#39;" {
		t.Errorf("escape: %q", got)
	}
	name := "Muhammad Rizky Pratama Saputra"
	s, ok := fit(name, 100, 12, false)
	if ok || !strings.HasSuffix(s, "…") || textWidth(s, 12, false) > 100 || !strings.HasPrefix(name, strings.TrimSuffix(s, "…")) {
		t.Errorf("fit: %q %v (%.1f px)", s, ok, textWidth(s, 12, false))
	}
	if s, ok := fit("Dewi", 100, 12, false); !ok || s != "Dewi" {
		t.Errorf("short name changed: %q", s)
	}
	// A 100.000-character name is shortened quickly and still fits.
	s, _ = fit(strings.Repeat("W", 100000), 80, 12, false)
	if textWidth(s, 12, false) > 80 {
		t.Errorf("huge name: %q", s)
	}
	// Measuring matches DejaVu Sans: "Tiket" is 5 glyphs, ~29 px at 12 px.
	if w := textWidth("Tiket", 12, false); w < 28 || w > 31 {
		t.Errorf("textWidth(Tiket) = %v", w)
	}
}

func TestCoordinates(t *testing.T) {
	for v, want := range map[float64]string{12.346: "12.35", 2.5: "2.5", -0.001: "0", math.NaN(): "0", math.Inf(1): "0", 3: "3", -4.2: "-4.2"} {
		if got := f(v); got != want {
			t.Errorf("f(%v) = %q, want %q", v, got, want)
		}
	}
}
