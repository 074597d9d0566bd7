package ui

import (
	"bytes"
	"image/color"
	"image/png"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func isolate(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("XDG_CACHE_HOME", dir)
	t.Setenv("XDG_DATA_HOME", dir)
}

func same(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

func TestThemeColours(t *testing.T) {
	th := NewTheme(1.25)
	want := color.NRGBA{R: 0x0B, G: 0x53, B: 0x94, A: 0xFF}
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		if c := th.Color(theme.ColorNamePrimary, v); !same(c, want) {
			t.Errorf("primary (%d) = %v, want #0B5394", v, c)
		}
		// Forced light: white background even when the OS asks for dark.
		if c := th.Color(theme.ColorNameBackground, v); !same(c, color.White) {
			t.Errorf("background (%d) = %v, want white", v, c)
		}
	}
	if c := th.Color(ColorNameAccent, theme.VariantLight); !same(c, color.NRGBA{R: 0xF6, G: 0xB2, B: 0x6B, A: 0xFF}) {
		t.Errorf("accent = %v", c)
	}
	if c := th.Color(theme.ColorNameError, theme.VariantLight); !same(c, Error) {
		t.Errorf("error = %v", c)
	}
	if c := th.Color(theme.ColorNameForegroundOnPrimary, theme.VariantLight); !same(c, color.White) {
		t.Errorf("on-primary = %v", c)
	}
	// Not overridden: comes from Fyne.
	if c, d := th.Color(theme.ColorNameShadow, theme.VariantLight), theme.DefaultTheme().Color(theme.ColorNameShadow, theme.VariantLight); !same(c, d) {
		t.Errorf("shadow = %v, want Fyne's %v", c, d)
	}
	// Without ForceLight the dark variant keeps Fyne's dark background.
	th.ForceLight = false
	if c := th.Color(theme.ColorNameBackground, theme.VariantDark); same(c, color.White) {
		t.Error("dark variant should not be white when not forced light")
	}
}

func TestThemeTextScale(t *testing.T) {
	def := theme.DefaultTheme()
	th := NewTheme(1.5)
	for _, n := range []fyne.ThemeSizeName{theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameCaptionText} {
		if got, want := th.Size(n), def.Size(n)*1.5; got != want {
			t.Errorf("%s = %v, want %v", n, got, want)
		}
	}
	if got, want := th.Size(theme.SizeNamePadding), def.Size(theme.SizeNamePadding); got != want {
		t.Errorf("padding = %v, want unscaled %v", got, want)
	}
	if got := NewTheme(0).Size(theme.SizeNameText); got != def.Size(theme.SizeNameText) {
		t.Errorf("scale 0 should mean 1, text = %v", got)
	}
	if got := (&Theme{}).Size(theme.SizeNameText); got != def.Size(theme.SizeNameText) {
		t.Errorf("zero Theme text = %v", got)
	}
}

// Applied to a test app, widgets pick the theme up.
func TestThemeInApp(t *testing.T) {
	isolate(t)
	a := test.NewTempApp(t)
	a.Settings().SetTheme(NewTheme(2))
	if got, want := theme.TextSize(), theme.DefaultTheme().Size(theme.SizeNameText)*2; got != want {
		t.Errorf("app text size = %v, want %v", got, want)
	}
	if !same(theme.Color(theme.ColorNamePrimary), Primary) {
		t.Errorf("app primary = %v", theme.Color(theme.ColorNamePrimary))
	}
	big := widget.NewLabel("Nomor antrean").MinSize()
	a.Settings().SetTheme(NewTheme(1))
	if normal := widget.NewLabel("Nomor antrean").MinSize(); normal.Height >= big.Height {
		t.Errorf("label at scale 2 (%v) should be taller than at 1 (%v)", big, normal)
	}
}

func TestIcon(t *testing.T) {
	r := Icon()
	if r.Name() != "antrean.png" {
		t.Errorf("name %q", r.Name())
	}
	if _, err := png.Decode(bytes.NewReader(r.Content())); err != nil {
		t.Errorf("icon is not a PNG: %v", err)
	}
}
