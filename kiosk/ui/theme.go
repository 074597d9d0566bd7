package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Names the kiosk adds to whatever base theme it runs on (the shared one or
// Fyne's default); text segments refer to them by name.
const (
	colorTile      fyne.ThemeColorName = "kiosk.tile"
	colorOnTile    fyne.ThemeColorName = "kiosk.onTile"
	colorTileOff   fyne.ThemeColorName = "kiosk.tileOff"
	colorOnTileOff fyne.ThemeColorName = "kiosk.onTileOff"
	colorAccent    fyne.ThemeColorName = "kiosk.accent" // the one call to action
	colorOnAccent  fyne.ThemeColorName = "kiosk.onAccent"
	colorGhost     fyne.ThemeColorName = "kiosk.ghost" // back, prev/next
	colorOnGhost   fyne.ThemeColorName = "kiosk.onGhost"
	colorHeader    fyne.ThemeColorName = "kiosk.header"
	colorOnHeader  fyne.ThemeColorName = "kiosk.onHeader"
	colorText      fyne.ThemeColorName = "kiosk.text"
	colorMuted     fyne.ThemeColorName = "kiosk.muted"
	colorWarn      fyne.ThemeColorName = "kiosk.warn"   // closed reason, printer trouble
	colorWarnBg    fyne.ThemeColorName = "kiosk.warnBg" // error banner
	colorDim       fyne.ThemeColorName = "kiosk.dim"    // behind the "Masih di sini?" card

	sizeHuge  fyne.ThemeSizeName = "kiosk.huge"  // the ticket number
	sizeClock fyne.ThemeSizeName = "kiosk.clock" // the home clock
	sizeTitle fyne.ThemeSizeName = "kiosk.title"
	sizeTile  fyne.ThemeSizeName = "kiosk.tile"
	sizeBody  fyne.ThemeSizeName = "kiosk.body"
	sizeSmall fyne.ThemeSizeName = "kiosk.small"
)

// kioskTheme embeds the base theme and overrides only what a touchscreen
// for all ages needs: light background, dark text, strong tile colours
// (white on #0B4F9C is 8:1), large text. Light variant always: a kiosk
// must look the same whatever the OS setting. Text sizes are designed for
// 1920×1080 and multiplied by scale for the screen at hand.
type kioskTheme struct {
	fyne.Theme
	scale float32
}

// Theme wraps base (nil = Fyne's default) with the kiosk colours and sizes
// at scale 1 (1920×1080).
func Theme(base fyne.Theme) fyne.Theme { return scaledTheme(base, 1) }

func scaledTheme(base fyne.Theme, scale float32) fyne.Theme {
	if base == nil {
		base = theme.DefaultTheme()
	}
	if k, ok := base.(kioskTheme); ok {
		base = k.Theme
	}
	if scale <= 0 {
		scale = 1
	}
	return kioskTheme{Theme: base, scale: scale}
}

// scaleFor is how large the kiosk draws on a screen of size s, relative to
// its design size (1920×1080 landscape, 1080×1920 portrait). Width counts
// for less than height: a 1280×1024 monitor has the height for larger
// text than its width alone suggests.
func scaleFor(s fyne.Size) float32 {
	if s.Width <= 0 || s.Height <= 0 {
		return 1
	}
	var f float32
	if s.Width >= s.Height {
		f = min(s.Width/1600, s.Height/1080)
	} else {
		f = min(s.Width/1080, s.Height/1600)
	}
	return min(max(f, 0.5), 3)
}

func rgb(r, g, b uint8) color.Color { return color.NRGBA{R: r, G: g, B: b, A: 0xff} }

func (t kioskTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case colorTile, theme.ColorNamePrimary, theme.ColorNameButton:
		return rgb(0x0b, 0x4f, 0x9c)
	case colorOnTile, colorOnAccent, colorOnHeader, theme.ColorNameForegroundOnPrimary:
		return rgb(0xff, 0xff, 0xff)
	case colorTileOff:
		return rgb(0xd9, 0xdc, 0xe1)
	case colorOnTileOff:
		return rgb(0x30, 0x34, 0x3a)
	case colorAccent:
		return rgb(0x0a, 0x7a, 0x3d)
	case colorGhost:
		return rgb(0xff, 0xff, 0xff)
	case colorOnGhost, colorHeader:
		return rgb(0x0a, 0x2a, 0x55)
	case colorText, theme.ColorNameForeground:
		return rgb(0x11, 0x18, 0x27)
	case colorMuted:
		return rgb(0x37, 0x41, 0x51)
	case colorWarn:
		return rgb(0xa3, 0x12, 0x12)
	case colorWarnBg:
		return rgb(0xfd, 0xe8, 0xe8)
	case colorDim:
		return color.NRGBA{R: 0x0a, G: 0x12, B: 0x20, A: 0xb0}
	case theme.ColorNameBackground:
		return rgb(0xf1, 0xf4, 0xf8)
	case theme.ColorNameInputBackground:
		return rgb(0xff, 0xff, 0xff)
	case theme.ColorNameInputBorder:
		return rgb(0x0a, 0x2a, 0x55)
	case theme.ColorNamePlaceHolder:
		return rgb(0x4b, 0x55, 0x63)
	case theme.ColorNameDisabled:
		return rgb(0x4b, 0x55, 0x63)
	}
	return t.Theme.Color(n, theme.VariantLight)
}

func (t kioskTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case sizeHuge:
		return 190 * t.scale
	case sizeClock:
		return 110 * t.scale
	case sizeTitle:
		return 50 * t.scale
	case sizeTile:
		return 40 * t.scale
	case sizeBody:
		return 32 * t.scale
	case sizeSmall:
		return 27 * t.scale
	case theme.SizeNameText:
		return 26 * t.scale
	case theme.SizeNamePadding, theme.SizeNameInnerPadding, theme.SizeNameInputBorder, theme.SizeNameInputRadius:
		return t.Theme.Size(n) * t.scale
	}
	return t.Theme.Size(n)
}
