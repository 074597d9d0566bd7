package ui

import (
	"hash/fnv"
	"image/color"
	"math"
	"strconv"

	"antrean/shared/api"
)

// agencyPalette holds colours that carry white text at ≥ 4.5:1 and stay
// apart from each other on a tile, a display grid and a counter sign.
var agencyPalette = []color.NRGBA{
	{R: 0x0B, G: 0x53, B: 0x94, A: 0xFF}, // blue
	{R: 0x1A, G: 0x7F, B: 0x37, A: 0xFF}, // green
	{R: 0xA6, G: 0x1B, B: 0x1B, A: 0xFF}, // red
	{R: 0x6A, G: 0x1B, B: 0x9A, A: 0xFF}, // purple
	{R: 0x00, G: 0x69, B: 0x6E, A: 0xFF}, // teal
	{R: 0x9A, G: 0x3C, B: 0x00, A: 0xFF}, // rust
	{R: 0x28, G: 0x35, B: 0x93, A: 0xFF}, // indigo
	{R: 0x8E, G: 0x24, B: 0x5C, A: 0xFF}, // plum
	{R: 0x33, G: 0x5C, B: 0x14, A: 0xFF}, // olive
	{R: 0x37, G: 0x47, B: 0x4F, A: 0xFF}, // slate
	{R: 0x00, G: 0x5F, B: 0x99, A: 0xFF}, // ocean
	{R: 0x7A, G: 0x4A, B: 0x00, A: 0xFF}, // bronze
}

// AgencyColor is an agency's colour: its Color "#RRGGBB" when valid, else
// one of a fixed palette picked by an FNV-1a hash of its ID, so the same
// agency has the same colour on every screen and after every restart.
func AgencyColor(a api.Agency) color.Color {
	if c, ok := parseHexColor(a.Color); ok {
		return c
	}
	h := fnv.New32a()
	h.Write([]byte(a.ID))
	return agencyPalette[h.Sum32()%uint32(len(agencyPalette))]
}

// parseHexColor reads "#RRGGBB".
func parseHexColor(s string) (color.NRGBA, bool) {
	if len(s) != 7 || s[0] != '#' {
		return color.NRGBA{}, false
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return color.NRGBA{}, false
	}
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xFF}, true
}

// TextOn picks Paper or Ink, whichever reads better on background c
// (WCAG relative luminance), for text painted on an agency colour.
func TextOn(c color.Color) color.Color {
	if luminance(c) > 0.179 { // the crossover where black and white give equal contrast
		return Ink
	}
	return Paper
}

func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		x := float64(v) / 0xFFFF
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}
