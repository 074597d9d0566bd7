package charts_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.svg from the current output")

// TestGolden compares every fixture with testdata/<name>.svg byte for
// byte, and checks that rendering twice gives the same bytes. After an
// intended change: go test ./server/charts -run Golden -update, then look
// at the new files (and the Chromium screenshots) before committing them.
func TestGolden(t *testing.T) {
	for _, fx := range fixtures() {
		t.Run(fx.name, func(t *testing.T) {
			got := fx.svg()
			if again := fx.svg(); !bytes.Equal(got, again) {
				t.Fatal("two renderings of the same input differ")
			}
			path := filepath.Join("testdata", fx.name+".svg")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
				for i := 0; i < len(gl) || i < len(wl); i++ {
					var g, w []byte
					if i < len(gl) {
						g = gl[i]
					}
					if i < len(wl) {
						w = wl[i]
					}
					if !bytes.Equal(g, w) {
						t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(run with -update if the change is intended)", path, i+1, g, w)
					}
				}
			}
		})
	}
}
