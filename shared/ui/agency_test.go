package ui

import (
	"fmt"
	"image/color"
	"testing"

	"antrean/shared/api"
)

func TestAgencyColor(t *testing.T) {
	// The site file's colour wins.
	if c := AgencyColor(api.Agency{ID: "samsat", Color: "#1a7f37"}); !same(c, color.NRGBA{R: 0x1A, G: 0x7F, B: 0x37, A: 0xFF}) {
		t.Errorf("site colour: %v", c)
	}
	// Without one: stable per id, and different agencies mostly differ.
	a := AgencyColor(api.Agency{ID: "disdukcapil"})
	if !same(a, AgencyColor(api.Agency{ID: "disdukcapil", Name: "renamed"})) {
		t.Error("derived colour depends on more than the id")
	}
	// Spread over the whole palette.
	uses := map[color.Color]int{}
	for i := 0; i < 1200; i++ {
		uses[AgencyColor(api.Agency{ID: fmt.Sprintf("instansi-%d", i)})]++
	}
	for _, c := range AgencyPalette {
		if uses[c] < 50 {
			t.Errorf("palette colour %v used %d times for 1200 ids", c, uses[c])
		}
	}
	// A malformed colour (the server validates, an old database may not)
	// falls back to the derived one.
	if c := AgencyColor(api.Agency{ID: "disdukcapil", Color: "green"}); !same(c, a) {
		t.Errorf("bad colour not ignored: %v", c)
	}
}

func TestPaletteReadableWithWhiteText(t *testing.T) {
	for _, c := range AgencyPalette {
		if r := Contrast(Paper, c); r < 4.5 {
			t.Errorf("%v: white text contrast %.2f < 4.5", c, r)
		}
		if !same(OnColor(c), Paper) {
			t.Errorf("%v: text on it should be white", c)
		}
	}
	yellow := color.NRGBA{R: 0xF5, G: 0xC2, B: 0x00, A: 0xFF}
	if !same(OnColor(yellow), Ink) {
		t.Error("text on yellow should be dark")
	}
}

func TestInitials(t *testing.T) {
	for in, want := range map[string]string{"Polres Pariaman": "PP", "Samsat": "SA", "BPJS TK": "BT", "KPP Pratama": "KP",
		"": "", "Bank Nagari (BPD)": "BN", "x": "X", "ATR/BPN": "AB"} {
		if got := Initials(in); got != want {
			t.Errorf("Initials(%q) = %q, want %q", in, got, want)
		}
	}
}
