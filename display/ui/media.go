package ui

import (
	"fmt"
	"image"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"antrean/shared/api"
)

// The media panel: the site's slides in rotation beside or below the
// calls. The calls come first: the slideshow's work (fetching, decoding,
// scaling) runs on goroutines of its own, and what it costs the UI
// goroutine is swapping one prepared picture for another, so a call that
// arrives during a slide change is drawn and handed to the announcer in
// the same batch as always. While a call is announced the panel dims.
//
// Memory: a picture is decoded and scaled to the panel's pixel size once,
// when it is loaded, and only two are held (the one shown and the next);
// the cache on disk holds the rest.

// MediaMode places the media panel.
type MediaMode string

const (
	MediaOff   MediaMode = "off"
	MediaSide  MediaMode = "side"  // right of the calls (below them on a portrait screen)
	MediaBelow MediaMode = "below" // under the calls, above the running text
)

// ParseMediaMode reads --media ("" = off).
func ParseMediaMode(s string) (MediaMode, error) {
	switch m := MediaMode(s); m {
	case "", MediaOff:
		return MediaOff, nil
	case MediaSide, MediaBelow:
		return m, nil
	}
	return MediaOff, fmt.Errorf("media %q: want off, side or below", s)
}

// Panel shares: the slides get a third of the width (side) or of the
// height (below); the calls keep the rest and are laid out for its shape.
const (
	mediaSideShare  = 0.34
	mediaBelowShare = 0.30
	// A portrait screen has height to spare: the slides take less of it
	// and the big call more of what is left, so the called number keeps
	// ≥ 7 % of the screen height.
	mediaPortraitShare = 0.24
	// defaultSlideFor is a slide's time when it sets none.
	defaultSlideFor = 10 * time.Second
)

var colDim = color.NRGBA{0, 0, 0, 0xb8}

// noSlide is what the panel shows without a slide.
var noSlide = image.NewRGBA(image.Rect(0, 0, 1, 1))

type loadedSlide struct {
	sl   api.Slide
	img  image.Image
	w, h int // pixel size it was scaled for
}

type mediaPanel struct {
	bg   *canvas.Rectangle
	img  *canvas.Image
	dim  *canvas.Rectangle
	w, h int // the panel's picture area in pixels

	slides    []api.Slide
	idx       int // slides[idx] is shown (or about to be)
	cur, next *loadedSlide
	until     time.Time // when cur gives way
	loading   bool      // one picture is decoded at a time, even across list changes
	gen       int       // bumped when the list or size changes: older loads are dropped
	syncing   bool
	resync    bool
	lastErr   string
}

// buildMedia makes the panel's objects (none when it is off).
func (d *Display) buildMedia() []fyne.CanvasObject {
	if d.cfg.Media == "" || d.cfg.Media == MediaOff {
		return nil
	}
	// The picture is already at the panel's pixel size: no scaling in
	// Fyne, which would make a scaled copy and an RGBA copy of it for
	// every texture.
	//
	// The picture object stays visible (a 1×1 transparent picture when
	// there is no slide): Fyne maps an object to its canvas only while it
	// is visible, and a refresh of an unmapped object repaints nothing.
	m := &mediaPanel{bg: canvas.NewRectangle(colPanelAlt),
		img: &canvas.Image{Image: noSlide, FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleFastest},
		dim: canvas.NewRectangle(colDim)}
	m.dim.Hide()
	d.media = m
	return []fyne.CanvasObject{m.bg, m.img, m.dim}
}

// layoutMedia places the panel in main and returns the calls' part and
// whether it is wide enough for the one-row layout.
func (d *Display) layoutMedia(main rect, pad float32, wide bool) (rect, bool) {
	m := d.media
	if m == nil {
		return main, wide
	}
	var calls, panel rect
	if d.cfg.Media == MediaSide && !d.portrait {
		p := main.cols(pad, 1-mediaSideShare, mediaSideShare)
		calls, panel = p[0], p[1]
	} else {
		share := float32(mediaBelowShare)
		if d.portrait {
			share = mediaPortraitShare
		}
		p := main.rows(pad, 1-share, share)
		calls, panel = p[0], p[1]
	}
	place(m.bg, panel)
	place(m.dim, panel)
	in := panel.inset(pad * 0.5)
	place(m.img, in)
	scale := float32(1)
	if a := fyne.CurrentApp(); a != nil {
		if c := a.Driver().CanvasForObject(d.root); c != nil {
			scale = c.Scale()
		}
	}
	w, h := int(in.W*scale+0.5), int(in.H*scale+0.5)
	if w != m.w || h != m.h {
		// Pictures are scaled for the old size: load them again (the one
		// shown stays until its new copy is ready).
		m.w, m.h = w, h
		m.gen++
		m.next = nil
		d.mediaLoads()
	}
	// The main rect of a 16:9 screen is about 2:1; a call area that keeps
	// most of that shape keeps the one-row layout.
	return calls, calls.W/calls.H >= 1.75
}

// portraitRows are the portrait layout's weights of the big call, the
// recent calls and the grid (layout).
func (d *Display) portraitRows() []float32 {
	if d.media != nil {
		return []float32{48.5, 13.5, 38}
	}
	return []float32{36, 14, 50}
}

// wideCols are the one-row layout's weights (layout): under a panel the
// row is low and long, and the recent calls get the width to put number
// and counter side by side.
func (d *Display) wideCols() []float32 {
	if d.media != nil {
		return []float32{40, 16, 44}
	}
	return []float32{46.5, 9.5, 44}
}

// renderMedia dims the panel while a call is announced (render).
func (d *Display) renderMedia() {
	if m := d.media; m != nil {
		setVisible(d.st.Pulsing(), m.dim)
	}
}

// startMedia reads the slide list when the display starts.
func (d *Display) startMedia() {
	if d.media != nil {
		d.syncMedia()
	}
}

// syncMedia asks for the slide list off the UI goroutine (on start, on
// media.updated and on every fresh board after a reconnect); requests
// while one runs are folded into one more.
func (d *Display) syncMedia() {
	m := d.media
	if m == nil || d.cfg.MediaSync == nil || d.ctx == nil {
		return
	}
	if m.syncing {
		m.resync = true
		return
	}
	m.syncing = true
	ctx := d.ctx
	go func() {
		list, err := d.cfg.MediaSync(ctx)
		d.Post(func() {
			m.syncing = false
			if err != nil {
				if e := err.Error(); e != m.lastErr {
					m.lastErr = e
					d.cfg.Logf("display: media: %v (showing %d cached slides)", err, len(list))
				}
			} else {
				m.lastErr = ""
			}
			d.setSlides(list)
			if m.resync {
				m.resync = false
				d.syncMedia()
			}
		})
	}()
}

// setSlides takes a new list, keeping the slide on screen if it is still
// in it.
func (d *Display) setSlides(list []api.Slide) {
	m := d.media
	m.slides = list
	m.idx = 0
	m.gen++
	m.next = nil
	keep := false
	if m.cur != nil {
		for i, sl := range list {
			if sl.ID == m.cur.sl.ID {
				m.idx, keep = i, true
			}
		}
	}
	if !keep && m.cur != nil {
		// Deleted or disabled: off the screen now.
		m.cur = nil
		m.img.Image = noSlide
		m.img.Refresh()
	}
	d.mediaLoads()
}

// mediaLoads starts the next load the panel needs: the slide to show,
// then the one after it.
func (d *Display) mediaLoads() {
	m := d.media
	if m == nil || m.loading || len(m.slides) == 0 || m.w <= 0 || m.h <= 0 || d.cfg.MediaLoad == nil {
		return
	}
	fresh := func(l *loadedSlide, sl api.Slide) bool {
		return l != nil && l.sl.ID == sl.ID && l.w == m.w && l.h == m.h
	}
	want := m.slides[m.idx]
	asCur := true
	if fresh(m.cur, want) {
		if len(m.slides) < 2 {
			return
		}
		want, asCur = m.slides[(m.idx+1)%len(m.slides)], false
		if fresh(m.next, want) {
			return
		}
	}
	m.loading = true
	gen, w, h := m.gen, m.w, m.h
	go func() {
		img, err := d.cfg.MediaLoad(want, w, h)
		d.Post(func() {
			m.loading = false
			if gen != m.gen {
				// The list or the size changed meanwhile: this picture
				// may be the wrong one or the wrong size.
				d.mediaLoads()
				return
			}
			if err != nil {
				d.cfg.Logf("display: media: slide %s left out: %v", want.ID, err)
				d.dropSlide(want.ID)
				return
			}
			l := &loadedSlide{sl: want, img: img, w: w, h: h}
			if asCur {
				wasShown := m.cur != nil && m.cur.sl.ID == want.ID
				m.cur = l
				d.showSlide(!wasShown)
			} else {
				m.next = l
			}
			d.mediaLoads()
		})
	}()
}

// dropSlide leaves out a slide whose picture cannot be shown.
func (d *Display) dropSlide(id string) {
	m := d.media
	var out []api.Slide
	for _, sl := range m.slides {
		if sl.ID != id {
			out = append(out, sl)
		}
	}
	d.setSlides(out)
}

// showSlide puts cur on the screen: a pointer swap and one refresh.
func (d *Display) showSlide(restart bool) {
	m := d.media
	m.img.Image = m.cur.img
	m.img.Refresh()
	if restart || m.until.IsZero() {
		m.until = d.cfg.Now().Add(slideFor(m.cur.sl, d.cfg.MediaEvery))
	}
}

func slideFor(sl api.Slide, def time.Duration) time.Duration {
	if sl.DurationS > 0 {
		return time.Duration(sl.DurationS) * time.Second
	}
	if def > 0 {
		return def
	}
	return defaultSlideFor
}

// stepMedia turns to the next slide when the shown one's time is up and
// the next is ready (heartbeat); a slide not ready yet keeps the current
// one up a little longer rather than leave the panel empty.
func (d *Display) stepMedia() {
	m := d.media
	if m == nil || m.cur == nil || len(m.slides) < 2 || d.cfg.Now().Before(m.until) {
		return
	}
	n := (m.idx + 1) % len(m.slides)
	if m.next == nil || m.next.sl.ID != m.slides[n].ID {
		d.mediaLoads()
		return
	}
	m.idx, m.cur, m.next = n, m.next, nil
	d.showSlide(true)
	d.mediaLoads()
}

// MediaShown is the id of the slide on the panel ("" = none; tests).
func (d *Display) mediaShown() string {
	if d.media == nil || d.media.cur == nil || d.media.img.Image != d.media.cur.img {
		return ""
	}
	return d.media.cur.sl.ID
}
