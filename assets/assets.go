// Package assets embeds the icons, sounds and sample site files every
// Antrean program ships with, so a binary runs without the source tree.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed icons pictograms sites sounds
var files embed.FS

// FS is the read-only tree: icons/, pictograms/, sites/, sounds/.
func FS() fs.FS { return files }

// Icon is the application icon (PNG).
func Icon() []byte {
	b, _ := files.ReadFile("icons/antrean.png")
	return b
}

// ReadFile reads one embedded file, e.g. "sites/pariaman.toml".
func ReadFile(name string) ([]byte, error) { return files.ReadFile(name) }
