package ui

import (
	"hash/fnv"
	"image/color"
	"math"
	"strconv"
	"strings"
	"unicode"

	"antrean/shared/api"
)

// AgencyPalette are the colours an agency gets when the site file names
// none: all dark enough for white text (contrast ≥ 4.5:1) and far enough
// apart to tell neighbouring tiles and grid cells apart.
var AgencyPalette = []color.NRGBA{
	{R: 0x0B, G: 0x53, B: 0x94, A: 0xFF}, // blue
	{R: 0x1B, G: 0x5E, B: 0x20, A: 0xFF}, // green
	{R: 0xB7, G: 0x1C, B: 0x1C, A: 0xFF}, // red
	{R: 0x6A, G: 0x1B, B: 0x9A, A: 0xFF}, // purple
	{R: 0xBF, G: 0x36, B: 0x0C, A: 0xFF}, // burnt orange
	{R: 0x00, G: 0x60, B: 0x64, A: 0xFF}, // teal
	{R: 0x88, G: 0x0E, B: 0x4F, A: 0xFF}, // plum
	{R: 0x5D, G: 0x40, B: 0x37, A: 0xFF}, // brown
	{R: 0x28, G: 0x35, B: 0x93, A: 0xFF}, // indigo
	{R: 0x33, G: 0x69, B: 0x1E, A: 0xFF}, // olive
	{R: 0x01, G: 0x57, B: 0x9B, A: 0xFF}, // sea blue
	{R: 0x37, G: 0x47, B: 0x4F, A: 0xFF}, // slate
}

// AgencyColor is the one colour of an agency, shared by the kiosk tile,
// the display grid and the counter sign: its site-file colour "#RRGGBB",
// or else a palette colour picked by a hash of its id, so it is the same
// on every screen and after every restart.
func AgencyColor(a api.Agency) color.Color {
	if c, ok := ParseHexColor(a.Color); ok {
		return c
	}
	h := fnv.New32a()
	h.Write([]byte(a.ID))
	return AgencyPalette[h.Sum32()%uint32(len(AgencyPalette))]
}

// ParseHexColor reads "#RRGGBB" (any case).
func ParseHexColor(s string) (color.NRGBA, bool) {
	s = strings.TrimSpace(s)
	if len(s) != 7 || s[0] != '#' {
		return color.NRGBA{}, false
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return color.NRGBA{}, false
	}
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xFF}, true
}

// OnColor is the text colour to put on bg: white, or the ink colour when
// white would not stand out (a light agency colour such as yellow).
func OnColor(bg color.Color) color.Color {
	if Contrast(Paper, bg) >= 4.5 {
		return Paper
	}
	return Ink
}

// Contrast is the WCAG contrast ratio of two colours (1 … 21).
func Contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xFFFF
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// Initials are up to two letters standing for a name when there is no
// logo: the first letters of its first two words ("Polres Pariaman" →
// "PP"), or the first two letters of a single word ("Samsat" → "SA").
func Initials(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	var out []rune
	switch {
	case len(words) >= 2:
		out = []rune{[]rune(words[0])[0], []rune(words[1])[0]}
	case len(words) == 1:
		r := []rune(words[0])
		out = r[:min(2, len(r))]
	}
	return strings.ToUpper(string(out))
}
