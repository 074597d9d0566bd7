package media

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"antrean/shared/api"
)

func picture(t *testing.T, w, h int) ([]byte, api.Slide) {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	img.Set(0, 0, color.NRGBA{255, 0, 0, 255})
	var b bytes.Buffer
	png.Encode(&b, img)
	sum := sha256.Sum256(b.Bytes())
	return b.Bytes(), api.Slide{ID: "s1", SHA256: hex.EncodeToString(sum[:]), Bytes: int64(b.Len()), ContentType: "image/png"}
}

func TestCacheChecksAndPrunes(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	b, sl := picture(t, 40, 30)
	if err := c.Put(sl, append([]byte{}, b[:len(b)-1]...)); err == nil {
		t.Fatal("a picture that does not match its sha256 was cached")
	}
	if c.Has(sl) {
		t.Fatal("Has after a refused Put")
	}
	bad := sl
	bad.SHA256 = "../../etc/passwd"
	if err := c.Put(bad, b); err == nil || c.Has(bad) {
		t.Fatal("a path-like sha256 was accepted")
	}
	if err := c.Put(sl, b); err != nil || !c.Has(sl) {
		t.Fatalf("Put: %v", err)
	}
	if err := c.SaveList([]api.Slide{sl}); err != nil {
		t.Fatal(err)
	}
	l, err := c.LoadList()
	if err != nil || len(l) != 1 || l[0].ID != "s1" {
		t.Fatalf("LoadList %+v %v", l, err)
	}
	img, err := c.Load(sl, 20, 20)
	if err != nil || img.Bounds().Dx() != 20 || img.Bounds().Dy() != 15 {
		t.Fatalf("Load at 20×20: %v %v", img.Bounds(), err)
	}
	os.WriteFile(filepath.Join(c.Dir, "old.img"), []byte("x"), 0o644)
	c.Prune([]api.Slide{sl})
	if _, err := os.Stat(filepath.Join(c.Dir, "old.img")); !os.IsNotExist(err) || !c.Has(sl) {
		t.Fatal("Prune kept a stale picture or removed a listed one")
	}
}

func TestFitKeepsProportionsAndNeverEnlarges(t *testing.T) {
	src := image.NewNRGBA(image.Rect(0, 0, 4000, 1000))
	for _, c := range []struct{ w, h, ww, wh int }{
		{1000, 1000, 1000, 250}, {400, 50, 200, 50}, {8000, 8000, 4000, 1000},
	} {
		got := Fit(src, c.w, c.h).Bounds()
		if got.Dx() != c.ww || got.Dy() != c.wh {
			t.Errorf("fit 4000×1000 in %d×%d: %v, want %d×%d", c.w, c.h, got, c.ww, c.wh)
		}
	}
}

// Sync caches what the server lists; without the server it returns the
// cached list and the error.
func TestSyncOfflineFallsBackToTheCache(t *testing.T) {
	b, sl := picture(t, 8, 8)
	var gets int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			w.WriteHeader(401)
			return
		}
		gets++
		switch r.URL.Path {
		case "/v1/media":
			w.Write([]byte(`{"slides":[{"id":"s1","sha256":"` + sl.SHA256 + `","bytes":` + strconv.Itoa(len(b)) + `,"enabled":true}]}`))
		case "/v1/media/s1":
			w.Write(b)
		default:
			w.WriteHeader(404)
		}
	}))
	c := Cache{Dir: t.TempDir()}
	f := &Fetcher{BaseURL: srv.URL, Token: "tok", Cache: c}
	l, err := f.Sync(context.Background())
	if err != nil || len(l) != 1 || !c.Has(sl) {
		t.Fatalf("online sync: %+v %v", l, err)
	}
	n := gets
	if _, err := f.Sync(context.Background()); err != nil || gets != n+1 {
		t.Fatalf("second sync fetched the picture again (%d requests)", gets-n)
	}
	srv.Close()
	l, err = f.Sync(context.Background())
	if err == nil || len(l) != 1 || l[0].ID != "s1" {
		t.Fatalf("offline sync: %+v %v", l, err)
	}
}
