package ui

import (
	"image/color"
	"math"
	"testing"

	"antrean/shared/api"
)

func TestAgencyColor(t *testing.T) {
	if got := AgencyColor(api.Agency{ID: "samsat", Color: "#12aBef"}); got != (color.NRGBA{R: 0x12, G: 0xAB, B: 0xEF, A: 0xFF}) {
		t.Errorf("site colour: %v", got)
	}
	// Invalid colours fall back to the id's palette colour, the same one
	// every time.
	want := AgencyColor(api.Agency{ID: "samsat"})
	for _, bad := range []string{"", "12abef", "#12abe", "#12abeg", "#12abef0", "red"} {
		if got := AgencyColor(api.Agency{ID: "samsat", Color: bad}); got != want {
			t.Errorf("Color %q: %v, want the derived %v", bad, got, want)
		}
	}
	// Different agencies spread over the palette.
	seen := map[color.NRGBA]bool{}
	for _, id := range []string{"disdukcapil", "dpmptsp", "samsat", "polres", "bank-nagari", "pdam", "bpjs-kes", "bpjs-tk", "bpn", "kemenag", "imigrasi", "pajak"} {
		c := AgencyColor(api.Agency{ID: id})
		if !inPalette(c) {
			t.Errorf("%s: %v not from the palette", id, c)
		}
		seen[c] = true
	}
	if len(seen) < 6 {
		t.Errorf("12 agencies share %d colours", len(seen))
	}
}

// Every palette colour carries white text at 4.5:1 (WCAG AA).
func TestAgencyPaletteContrast(t *testing.T) {
	for _, c := range agencyPalette {
		if r := contrast(c, color.NRGBA{R: 255, G: 255, B: 255, A: 255}); r < 4.5 {
			t.Errorf("%v: white text contrast %.2f", c, r)
		}
	}
}

func inPalette(c color.NRGBA) bool {
	for _, p := range agencyPalette {
		if p == c {
			return true
		}
	}
	return false
}

func contrast(a, b color.NRGBA) float64 {
	la, lb := relLum(a), relLum(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func relLum(c color.NRGBA) float64 {
	ch := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(c.R) + 0.7152*ch(c.G) + 0.0722*ch(c.B)
}
