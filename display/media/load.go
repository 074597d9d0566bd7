package media

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // slides are PNG or JPEG
	_ "image/png"

	"golang.org/x/image/draw"

	"antrean/shared/api"
)

// Load decodes a cached picture and scales it to fit w×h pixels (kept in
// proportion, never enlarged): the panel then holds a picture of its own
// size, not the upload's (a 4096×4096 PNG is 64 MB decoded, its panel
// copy at 1080p about 2 MB). Run it off the UI goroutine.
func (c Cache) Load(sl api.Slide, w, h int) (image.Image, error) {
	b, err := c.Read(sl)
	if err != nil {
		return nil, err
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("media: slide %s: %w", sl.ID, err)
	}
	// The server checked this; a cache file is checked again all the same.
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > api.MaxSlideSide || cfg.Height > api.MaxSlideSide {
		return nil, fmt.Errorf("media: slide %s: %d×%d pixels", sl.ID, cfg.Width, cfg.Height)
	}
	src, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("media: slide %s: %w", sl.ID, err)
	}
	return Fit(src, w, h), nil
}

// Fit scales src down to fit w×h, keeping its proportions.
func Fit(src image.Image, w, h int) image.Image {
	sb := src.Bounds()
	sw, sh := sb.Dx(), sb.Dy()
	w, h = max(w, 1), max(h, 1)
	dw, dh := sw, sh
	if sw > w || sh > h {
		if sw*h > sh*w { // wider than the box
			dw, dh = w, max(1, sh*w/sw)
		} else {
			dw, dh = max(1, sw*h/sh), h
		}
	}
	// RGBA: Fyne uploads it to the GPU as is (any other type is copied
	// into an RGBA first, a second picture-sized buffer per slide).
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	if dw == sw && dh == sh {
		draw.Draw(dst, dst.Bounds(), src, sb.Min, draw.Src)
		return dst
	}
	draw.BiLinear.Scale(dst, dst.Bounds(), src, sb, draw.Src, nil)
	return dst
}
