package ui

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// Every pictogram draws something in the colour asked for, and unknown or
// path-like names give nil (the kiosk falls back to initials).
func TestPictogramsDraw(t *testing.T) {
	isolate(t)
	test.NewTempApp(t)
	names := PictogramNames()
	for _, want := range []string{"id-card", "person", "elderly", "wheelchair", "pregnant", "ticket", "star"} {
		if !contains(names, want) {
			t.Errorf("no pictogram %q in %v", want, names)
		}
	}
	for _, n := range names {
		res := Pictogram(n, color.NRGBA{R: 0xFF, A: 0xFF})
		if res == nil || !strings.Contains(string(res.Content()), "#FF0000") || strings.Contains(string(res.Content()), "currentColor") {
			t.Fatalf("%s: not recoloured", n)
		}
		img := canvas.NewImageFromResource(res)
		img.FillMode = canvas.ImageFillContain
		w := test.NewTempWindow(t, img)
		w.SetPadded(false)
		w.Resize(fyne.NewSize(96, 96))
		if lit := redPixels(w.Canvas().Capture()); lit < 300 {
			t.Errorf("%s: only %d red pixels drawn at 96×96", n, lit)
		}
	}
	for _, bad := range []string{"", "nope", "../sites/pariaman", "id-card.svg"} {
		if Pictogram(bad, Paper) != nil {
			t.Errorf("Pictogram(%q) should be nil", bad)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func redPixels(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r > 0xC000 && g < 0x4000 && bl < 0x4000 {
				n++
			}
		}
	}
	return n
}
