package ui

import (
	"hash/fnv"
	"image/color"
	"strconv"

	"antrean/shared/api"
)

// agencyPalette holds distinct colours that all carry white text at a
// contrast of 4.5:1 or more, for agencies whose site entry sets none.
var agencyPalette = []color.NRGBA{
	{R: 0x15, G: 0x65, B: 0xC0, A: 0xFF}, // blue
	{R: 0x2E, G: 0x7D, B: 0x32, A: 0xFF}, // green
	{R: 0xC6, G: 0x28, B: 0x28, A: 0xFF}, // red
	{R: 0x6A, G: 0x1B, B: 0x9A, A: 0xFF}, // purple
	{R: 0x00, G: 0x69, B: 0x5C, A: 0xFF}, // teal
	{R: 0xAD, G: 0x14, B: 0x57, A: 0xFF}, // magenta
	{R: 0x4E, G: 0x34, B: 0x2E, A: 0xFF}, // brown
	{R: 0x28, G: 0x35, B: 0x93, A: 0xFF}, // indigo
	{R: 0xBF, G: 0x36, B: 0x0C, A: 0xFF}, // burnt orange
	{R: 0x37, G: 0x47, B: 0x4F, A: 0xFF}, // slate
	{R: 0x00, G: 0x60, B: 0x64, A: 0xFF}, // dark cyan
	{R: 0x82, G: 0x4D, B: 0x00, A: 0xFF}, // ochre
}

// AgencyColor is the one colour of an agency on every screen (kiosk tile,
// display grid, counter sign): its site colour when Color is a valid
// "#RRGGBB", else a palette colour picked by a hash of its id, so the
// same agency gets the same colour on every device and every start.
func AgencyColor(a api.Agency) color.NRGBA {
	if c, ok := parseHexColor(a.Color); ok {
		return c
	}
	h := fnv.New32a()
	h.Write([]byte(a.ID))
	return agencyPalette[h.Sum32()%uint32(len(agencyPalette))]
}

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
