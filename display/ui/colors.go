package ui

import "image/color"

// A dark screen with high-contrast text reads best across a hall and
// wears a TV panel least over a 12-hour day.
var (
	colBackground    = color.NRGBA{0x08, 0x16, 0x2e, 0xff}
	colHeader        = color.NRGBA{0x0e, 0x29, 0x50, 0xff}
	colPanel         = color.NRGBA{0x12, 0x32, 0x62, 0xff}
	colPanelAlt      = color.NRGBA{0x0f, 0x2a, 0x54, 0xff}
	colBand          = color.NRGBA{0x1d, 0x4f, 0x95, 0xff}
	colText          = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	colMuted         = color.NRGBA{0xa9, 0xbd, 0xdb, 0xff}
	colAccent        = color.NRGBA{0xff, 0xc8, 0x3d, 0xff}
	colAccentDeep    = color.NRGBA{0xff, 0x8f, 0x00, 0xff}
	colInk           = color.NRGBA{0x08, 0x16, 0x2e, 0xff}
	colGreyBg        = color.NRGBA{0x26, 0x2b, 0x33, 0xff}
	colGreyBand      = color.NRGBA{0x33, 0x39, 0x42, 0xff}
	colGreyText      = color.NRGBA{0x80, 0x88, 0x94, 0xff}
	colBreakBg       = color.NRGBA{0x3a, 0x2f, 0x12, 0xff}
	colBreakBand     = color.NRGBA{0x5c, 0x48, 0x14, 0xff}
	colBreakText     = color.NRGBA{0xf0, 0xc8, 0x6a, 0xff}
	colUnstaffedBg   = color.NRGBA{0x1c, 0x24, 0x33, 0xff}
	colUnstaffedText = color.NRGBA{0x9a, 0xa4, 0xb4, 0xff}
	colOffline       = color.NRGBA{0xb3, 0x3a, 0x3a, 0xff}
)

// inkOn is the text colour that reads on c: white on dark, ink on light.
func inkOn(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	// Rec. 601 luma on 16-bit channels; light backgrounds take dark ink.
	if 299*r+587*g+114*b > 1000*0x9000 {
		return colInk
	}
	return colText
}

// dim mixes c halfway into the unstaffed cell's background.
func dim(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	mix := func(v uint32, bg uint8) uint8 { return uint8((v>>8 + uint32(bg)) / 2) }
	return color.NRGBA{mix(r, colUnstaffedBg.R), mix(g, colUnstaffedBg.G), mix(b, colUnstaffedBg.B), 0xff}
}
