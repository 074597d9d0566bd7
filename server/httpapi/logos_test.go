package httpapi_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"antrean/server/config"
	"antrean/server/httpapi"
	"antrean/server/servertest"
	"antrean/shared/api"
)

func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.NRGBA{R: 0xff, A: 0xff})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Logos are served from the site file's folder only: by agency id, with
// the right type, and nothing outside it however the name is written.
func TestAgencyLogos(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "logos"), 0o755); err != nil {
		t.Fatal(err)
	}
	logo := pngBytes(t)
	os.WriteFile(filepath.Join(dir, "logos", "dukcapil.png"), logo, 0o644)
	os.WriteFile(filepath.Join(dir, "logos", "huge.png"), bytes.Repeat([]byte{1}, 600<<10), 0o644)
	os.WriteFile(filepath.Join(dir, "logos", "notes.txt"), []byte("x"), 0o644)
	outside := filepath.Join(filepath.Dir(dir), "secret.png")
	os.WriteFile(outside, []byte("SECRET"), 0o644)
	t.Cleanup(func() { os.Remove(outside) })
	os.Symlink(outside, filepath.Join(dir, "logos", "link.png"))

	names := map[string]string{"disdukcapil": "logos/dukcapil.png", "samsat": "logos/huge.png", "polres": "../secret.png",
		"pdam": "logos/link.png", "bpn": "logos/notes.txt", "kemenag": "logos/missing.png", "pajak": "/logos/dukcapil.png"}
	srv := servertest.Start(t, servertest.WithSite(func(f *config.File) {
		for i, a := range f.Agencies {
			f.Agencies[i].Logo = names[a.ID]
		}
	}))
	h := httpapi.New(httpapi.Options{Store: srv.Store, Hub: srv.Hub, LogoDir: dir, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	ts := httptest.NewServer(h)
	defer ts.Close()
	get := func(id string) (*http.Response, []byte) {
		res, err := http.Get(ts.URL + "/v1/site/logos/" + id)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, b
	}
	for _, id := range []string{"disdukcapil", "pajak"} {
		res, body := get(id)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" || !bytes.Equal(body, logo) {
			t.Errorf("%s: %d %q %d bytes", id, res.StatusCode, res.Header.Get("Content-Type"), len(body))
		}
	}
	for _, id := range []string{"samsat", "polres", "pdam", "bpn", "kemenag", "imigrasi", "no-such-agency"} {
		res, body := get(id)
		if res.StatusCode != 404 || strings.Contains(string(body), "SECRET") {
			t.Errorf("%s (%q): %d %s", id, names[id], res.StatusCode, body)
		}
	}
	// No folder configured: no logos at all (the test server has none).
	res, err := http.Get(srv.URL + "/v1/site/logos/disdukcapil")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 404 {
		t.Errorf("without a logo folder: %d", res.StatusCode)
	}
	// The client hands the kiosk the bytes.
	got, err := srv.Client("").AgencyLogo(context.Background(), "disdukcapil")
	if api.CodeOf(err) != api.CodeNotFound || got != nil {
		t.Errorf("client without logo folder: %d bytes, %v", len(got), err)
	}
}
