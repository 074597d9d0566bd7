// Package ui holds what every Antrean window shares: the high-contrast
// theme and the app icon. It must not import fyne.io/fyne/v2/app, so UI
// packages that use it stay testable without cgo.
package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"antrean/assets"
)

// Brand colours, exported for canvas objects (board tiles, banners) that
// are painted directly rather than through the theme.
var (
	Primary   = color.NRGBA{R: 0x0B, G: 0x53, B: 0x94, A: 0xFF} // deep blue
	Accent    = color.NRGBA{R: 0xF6, G: 0xB2, B: 0x6B, A: 0xFF} // warm orange, highlights a fresh call
	Error     = color.NRGBA{R: 0xC6, G: 0x28, B: 0x28, A: 0xFF} // clear red, 5.6:1 on white
	Success   = color.NRGBA{R: 0x2E, G: 0x7D, B: 0x32, A: 0xFF}
	Ink       = color.NRGBA{R: 0x11, G: 0x18, B: 0x27, A: 0xFF} // body text on light backgrounds
	Paper     = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
	PaleBlue  = color.NRGBA{R: 0xE8, G: 0xF0, B: 0xF8, A: 0xFF} // header / button surfaces
	MutedText = color.NRGBA{R: 0x4B, G: 0x55, B: 0x63, A: 0xFF} // placeholders, still 7:1 on white
)

// ColorNameAccent is the theme colour name of Accent, for
// theme.Color-style lookups: th.Color(ui.ColorNameAccent, v).
const ColorNameAccent fyne.ThemeColorName = "antreanAccent"

// Theme is the Antrean look: Fyne's default theme with high-contrast
// brand colours and text scaled by TextScale (for screens read from
// a distance). Fonts and icons are the default theme's.
type Theme struct {
	fyne.Theme
	// TextScale multiplies every text size (and inline icons); 1 = Fyne's
	// default, 0 counts as 1.
	TextScale float32
	// ForceLight paints the light variant whatever the OS asks for, so
	// every kiosk and hall screen looks the same.
	ForceLight bool
}

var _ fyne.Theme = (*Theme)(nil)

// NewTheme returns the Antrean theme with text scaled by scale
// (e.g. 1.3 for a kiosk); light variant forced.
func NewTheme(scale float32) *Theme {
	if scale <= 0 {
		scale = 1
	}
	return &Theme{Theme: theme.DefaultTheme(), TextScale: scale, ForceLight: true}
}

// Color overrides the palette; anything not listed comes from Fyne.
func (t *Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.ForceLight {
		v = theme.VariantLight
	}
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		if n == theme.ColorNameHyperlink && v == theme.VariantDark {
			return color.NRGBA{R: 0x8A, G: 0xB8, B: 0xE6, A: 0xFF}
		}
		return Primary
	case theme.ColorNameForegroundOnPrimary, theme.ColorNameForegroundOnError, theme.ColorNameForegroundOnSuccess:
		return Paper
	case theme.ColorNameWarning, ColorNameAccent:
		return Accent
	case theme.ColorNameForegroundOnWarning:
		return Ink
	case theme.ColorNameError:
		return Error
	case theme.ColorNameSuccess:
		return Success
	case theme.ColorNameFocus:
		return withAlpha(Primary, 0x80)
	case theme.ColorNameSelection:
		return withAlpha(Primary, 0x40)
	}
	if v == theme.VariantDark {
		return t.base().Color(n, v)
	}
	switch n {
	case theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameMenuBackground,
		theme.ColorNameOverlayBackground:
		return Paper
	case theme.ColorNameForeground:
		return Ink
	case theme.ColorNameHeaderBackground, theme.ColorNameButton:
		return PaleBlue
	case theme.ColorNamePlaceHolder:
		return MutedText
	case theme.ColorNameInputBorder:
		return color.NRGBA{R: 0x6B, G: 0x72, B: 0x80, A: 0xFF}
	case theme.ColorNameSeparator:
		return color.NRGBA{R: 0xD1, G: 0xD5, B: 0xDB, A: 0xFF}
	case theme.ColorNameHover:
		return withAlpha(Primary, 0x1A)
	case theme.ColorNamePressed:
		return withAlpha(Primary, 0x33)
	}
	return t.base().Color(n, v)
}

// Size scales the text sizes by TextScale; other sizes are Fyne's.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 {
	s := t.base().Size(n)
	switch n {
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameCaptionText, theme.SizeNameInlineIcon:
		return s * t.scale()
	}
	return s
}

func (t *Theme) scale() float32 {
	if t.TextScale <= 0 {
		return 1
	}
	return t.TextScale
}

// base is the embedded theme, or Fyne's default for a zero Theme.
func (t *Theme) base() fyne.Theme {
	if t.Theme == nil {
		return theme.DefaultTheme()
	}
	return t.Theme
}

// Font and Icon are forwarded explicitly so a zero Theme{} works too.
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource { return t.base().Font(s) }

// Icon returns the default theme's icon.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base().Icon(n) }

func withAlpha(c color.NRGBA, a uint8) color.NRGBA {
	c.A = a
	return c
}

// Icon is the Antrean application icon, for app.SetIcon / window.SetIcon.
func Icon() fyne.Resource {
	return fyne.NewStaticResource("antrean.png", assets.Icon())
}
