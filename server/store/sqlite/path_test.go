package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A database path is put in an SQLite URI: a folder named with '#' or '?'
// (t.TempDir of a subtest "#00" is one) must not silently open another
// file.
func TestOpenPathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site#1?x%20")
	path := filepath.Join(dir, "antrean.db")
	s, err := Open(context.Background(), Options{Path: path, Housekeeping: -1})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	st, err := os.Stat(path)
	if err != nil || st.Size() == 0 {
		t.Fatalf("database not at %s: %v", path, err)
	}
	for _, wrong := range []string{filepath.Join(filepath.Dir(dir), "site")} {
		if _, err := os.Stat(wrong); err == nil {
			t.Fatalf("a file was created at %s", wrong)
		}
	}
}
