package ui

import (
	"bytes"
	"fmt"
	"image/color"
	"io/fs"
	"sort"
	"strings"

	"fyne.io/fyne/v2"

	"antrean/assets"
)

// Pictogram is the built-in pictogram name (assets/pictograms) drawn in c,
// or nil when there is no such pictogram: the caller then shows initials.
func Pictogram(name string, c color.Color) fyne.Resource {
	if name == "" || strings.ContainsAny(name, "/\\.") {
		return nil
	}
	b, err := assets.ReadFile("pictograms/" + name + ".svg")
	if err != nil {
		return nil
	}
	r, g, bl, _ := c.RGBA()
	hex := fmt.Sprintf("#%02X%02X%02X", r>>8, g>>8, bl>>8)
	b = bytes.ReplaceAll(b, []byte("currentColor"), []byte(hex))
	// The name carries the colour: Fyne caches drawn images by name.
	return fyne.NewStaticResource(name+"-"+hex[1:]+".svg", b)
}

// PictogramNames lists the built-in pictograms, sorted.
func PictogramNames() []string {
	entries, _ := fs.ReadDir(assets.FS(), "pictograms")
	var out []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".svg"); ok {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
