package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"antrean/shared/api"
)

// The media phase: the fake server offers n slides made for the screen
// (w×h, every other one a photo-like JPEG, the rest PNG graphics), the
// display shows them in its media panel, turning often, while calls come.

type slideSet struct {
	list []api.Slide
	data map[string][]byte
}

func makeSlides(n, w, h int) (*slideSet, error) {
	s := &slideSet{data: map[string][]byte{}}
	for i := 0; i < n; i++ {
		img := image.NewNRGBA(image.Rect(0, 0, w, h))
		base := color.NRGBA{uint8(40 + 9*i), uint8(200 - 7*i), uint8(90 + 5*i), 255}
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				o := img.PixOffset(x, y)
				band := uint8((x/(w/8+1) + y/(h/6+1) + i) % 5 * 30)
				img.Pix[o] = base.R + band
				img.Pix[o+1] = base.G + uint8(x*64/w)
				img.Pix[o+2] = base.B + uint8(y*64/h)
				if i%2 == 1 { // grain, like a photo
					img.Pix[o] += uint8((x*7 + y*13 + i) % 11)
				}
				img.Pix[o+3] = 255
			}
		}
		var b bytes.Buffer
		ct := "image/png"
		var err error
		if i%2 == 1 {
			ct = "image/jpeg"
			err = jpeg.Encode(&b, img, &jpeg.Options{Quality: 85})
		} else {
			err = png.Encode(&b, img)
		}
		if err != nil {
			return nil, err
		}
		if b.Len() > api.MaxSlideBytes {
			return nil, fmt.Errorf("slide %d is %d bytes, over the server's limit", i, b.Len())
		}
		sum := sha256.Sum256(b.Bytes())
		sl := api.Slide{ID: fmt.Sprintf("slide-%02d", i), ContentType: ct, Width: w, Height: h, Bytes: int64(b.Len()),
			SHA256: hex.EncodeToString(sum[:]), Order: i + 1, Enabled: true}
		s.list = append(s.list, sl)
		s.data[sl.ID] = b.Bytes()
	}
	return s, nil
}

// serve answers /v1/media and /v1/media/{id}; false for other paths.
func (s *slideSet) serve(w http.ResponseWriter, r *http.Request) bool {
	if s == nil {
		return false
	}
	if r.URL.Path == "/v1/media" {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(api.SlideList{Slides: s.list})
		return true
	}
	if id, ok := strings.CutPrefix(r.URL.Path, "/v1/media/"); ok {
		b, ok := s.data[id]
		if !ok {
			http.NotFound(w, r)
			return true
		}
		for _, sl := range s.list {
			if sl.ID == id {
				w.Header().Set("Content-Type", sl.ContentType)
			}
		}
		w.Write(b)
		return true
	}
	return false
}

// cachedSlides counts the pictures in the display's cache folder.
func cachedSlides(cacheHome string) int {
	m, _ := filepath.Glob(filepath.Join(cacheHome, "antrean-display", "media", "*.img"))
	return len(m)
}

func waitCached(cacheHome string, n int, d time.Duration) bool {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		if cachedSlides(cacheHome) >= n {
			return true
		}
	}
	return false
}
