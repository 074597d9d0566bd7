package ui

import (
	"math"

	"fyne.io/fyne/v2"
)

// scaledTheme multiplies every size of a theme (text, padding, icons) by
// scale: on a window much larger than full HD at 1:1 pixels (a 4K screen
// without desktop scaling) the console looks like it does at full HD,
// only sharper, instead of a small island in the corner.
type scaledTheme struct {
	fyne.Theme
	scale float32
}

func (t *scaledTheme) Size(n fyne.ThemeSizeName) float32 { return t.Theme.Size(n) * t.scale }

// ScaleFor is the console's scale for a window of logical size s: 1 up to
// 2560 px wide (Fyne already scales for the monitor's DPI), above that
// what makes the window look like 1920×1080, in quarter steps.
func ScaleFor(s fyne.Size) float32 {
	if s.Width < 2560 {
		return 1
	}
	f := min(s.Width/1920, s.Height/1080)
	f = float32(math.Floor(float64(f)*4) / 4)
	return max(f, 1)
}

// scaleLayout fills the window with its content and keeps the theme's
// scale in step with the window size.
type scaleLayout struct{ c *Console }

func (l *scaleLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
	l.c.wantScale(ScaleFor(size))
}

func (l *scaleLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// wantScale switches the theme to scale s, outside the layout pass that
// asked for it (a theme change re-lays out everything).
func (c *Console) wantScale(s float32) {
	if s == c.scale || s == c.scaleWanted {
		return
	}
	c.scaleWanted = s
	c.ui(func() { // queued: runs after this layout pass
		if c.scaleWanted != s || c.scale == s {
			return
		}
		c.scale = s
		fyne.CurrentApp().Settings().SetTheme(&scaledTheme{Theme: c.theme, scale: s})
		c.rebuild() // sizes taken from the theme when the screen was built
	})
}
