package ui

import (
	"image/color"
	"testing"

	"antrean/shared/api"
)

func TestAgencyColor(t *testing.T) {
	if got := AgencyColor(api.Agency{ID: "x", Color: "#1A7F37"}); got != (color.NRGBA{R: 0x1A, G: 0x7F, B: 0x37, A: 0xFF}) {
		t.Errorf("explicit colour = %v", got)
	}
	a := AgencyColor(api.Agency{ID: "disdukcapil"})
	if b := AgencyColor(api.Agency{ID: "disdukcapil", Color: "#12345"}); a != b {
		t.Errorf("an invalid colour must fall back to the derived one: %v vs %v", a, b)
	}
	if b := AgencyColor(api.Agency{ID: "disdukcapil", Color: "#GG0000"}); a != b {
		t.Errorf("a non-hex colour must fall back: %v", b)
	}
	seen := map[color.Color]bool{}
	for _, id := range []string{"disdukcapil", "samsat", "polres", "bpjs-kesehatan", "pdam", "bpn", "imigrasi", "pajak"} {
		c := AgencyColor(api.Agency{ID: id})
		if c != AgencyColor(api.Agency{ID: id}) {
			t.Errorf("%s: colour not stable", id)
		}
		seen[c] = true
		if TextOn(c) != Paper {
			t.Errorf("%s: palette colour %v should carry white text", id, c)
		}
	}
	if len(seen) < 4 {
		t.Errorf("8 agencies share only %d colours", len(seen))
	}
	if TextOn(color.NRGBA{R: 0xF6, G: 0xB2, B: 0x6B, A: 0xFF}) != Ink {
		t.Error("a light colour needs dark text")
	}
}

// Every palette colour gives white text at least 4.5:1 (WCAG AA).
func TestAgencyPaletteContrast(t *testing.T) {
	for _, c := range agencyPalette {
		if r := (1 + 0.05) / (luminance(c) + 0.05); r < 4.5 {
			t.Errorf("%v: contrast with white %.2f < 4.5", c, r)
		}
	}
}
