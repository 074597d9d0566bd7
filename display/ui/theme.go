package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Theme is the display window's theme: Fyne's default with the screen's
// dark background, so the renderer clears the window to it instead of
// painting a full-screen rectangle on every frame.
func Theme() fyne.Theme { return screenTheme{theme.DefaultTheme()} }

type screenTheme struct{ fyne.Theme }

func (t screenTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameBackground {
		return colBackground
	}
	return t.Theme.Color(n, v)
}
