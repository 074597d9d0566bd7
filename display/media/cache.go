// Package media keeps the display's slides: the list and the pictures
// fetched from the server, cached on disk so the panel keeps working
// offline and after a restart, and decoded at the panel's pixel size when
// shown. It has no Fyne in it; display/ui shows what it loads.
package media

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"antrean/shared/api"
)

// Cache is a folder of pictures named by their SHA-256 and the last slide
// list (list.json). Every file is written to a temporary name and renamed,
// so a power cut leaves the old file or the new one, never half of one.
type Cache struct{ Dir string }

const listFile = "list.json"

func (c Cache) path(sl api.Slide) string {
	return filepath.Join(c.Dir, sl.SHA256+imgExt)
}

const imgExt = ".img"

// validSum: names come from the server; only a hex digest becomes a path.
func validSum(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}

// Has reports whether the slide's picture is in the cache.
func (c Cache) Has(sl api.Slide) bool {
	if !validSum(sl.SHA256) {
		return false
	}
	st, err := os.Stat(c.path(sl))
	return err == nil && st.Mode().IsRegular() && (sl.Bytes == 0 || st.Size() == sl.Bytes)
}

// Put stores a picture after checking it is the one the list names.
func (c Cache) Put(sl api.Slide, b []byte) error {
	if !validSum(sl.SHA256) {
		return fmt.Errorf("media: slide %s: bad sha256 %q", sl.ID, sl.SHA256)
	}
	sum := sha256.Sum256(b)
	if hex.EncodeToString(sum[:]) != sl.SHA256 {
		return fmt.Errorf("media: slide %s: picture does not match its sha256", sl.ID)
	}
	return c.write(sl.SHA256+imgExt, b)
}

// Read returns a cached picture's bytes.
func (c Cache) Read(sl api.Slide) ([]byte, error) {
	if !validSum(sl.SHA256) {
		return nil, fmt.Errorf("media: slide %s: bad sha256", sl.ID)
	}
	return os.ReadFile(c.path(sl))
}

func (c Cache) write(name string, b []byte) error {
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(c.Dir, name+".*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(c.Dir, name))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// SaveList keeps the slide list for the next start without a server.
func (c Cache) SaveList(l []api.Slide) error {
	b, err := json.Marshal(api.SlideList{Slides: l})
	if err != nil {
		return err
	}
	return c.write(listFile, b)
}

// LoadList is the last saved list (none: empty, no error).
func (c Cache) LoadList() ([]api.Slide, error) {
	b, err := os.ReadFile(filepath.Join(c.Dir, listFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var l api.SlideList
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, fmt.Errorf("media: %s: %w", listFile, err)
	}
	return l.Slides, nil
}

// Prune removes pictures no slide of keep names, and stale temporaries.
func (c Cache) Prune(keep []api.Slide) {
	want := map[string]bool{}
	for _, sl := range keep {
		want[sl.SHA256+imgExt] = true
	}
	ents, _ := os.ReadDir(c.Dir)
	for _, e := range ents {
		n := e.Name()
		if (strings.HasSuffix(n, imgExt) && !want[n]) || strings.HasSuffix(n, ".tmp") {
			os.Remove(filepath.Join(c.Dir, n))
		}
	}
}

// Dir is the display's slide cache folder: $XDG_CACHE_HOME (or the OS's
// cache folder)/antrean-display/media.
func Dir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "antrean-display", "media"), nil
}
