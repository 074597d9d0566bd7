// Package texturecache shortens how long Fyne keeps the texture of a text
// that is no longer drawn (default one minute): a busy hall shows a new
// ticket number every few seconds, and at 4K each big number's texture is
// several megabytes, so a minute of them is over 100 MB. Keep stays longer
// than a ticker page, so what is on screen keeps its textures from one
// repaint to the next (a shorter time re-rasterizes the whole screen at
// each page turn). Fyne reads FYNE_CACHE once, when its cache package is
// initialised, so this must run first: import it (blank) from main. It
// imports nothing but os and time, and Go initialises packages in
// import-path order among those whose imports are ready ("antrean/…"
// sorts before "fyne.io/…"), so its init runs before Fyne's.
package texturecache

import (
	"os"
	"time"
)

// Keep is the texture cache time the display uses.
const Keep = 20 * time.Second

func init() {
	if os.Getenv("FYNE_CACHE") == "" {
		os.Setenv("FYNE_CACHE", Keep.String())
	}
}
