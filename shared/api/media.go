package api

import "time"

// The media panel: slides (PNG/JPEG pictures) an admin uploads, shown in
// rotation beside or below the calls on the displays that turn it on.

// Limits of an uploaded slide: a full-HD or 4K picture fits, a camera RAW
// dump or a decompression bomb does not.
const (
	MaxSlideBytes = 5 << 20 // encoded file size
	MaxSlideSide  = 4096    // pixels, width and height each
	// MaxSlides bounds how many slides the server keeps.
	MaxSlides = 50
	// MaxSlideSeconds bounds a slide's own duration.
	MaxSlideSeconds = 600
)

// EventMediaUpdated tells displays the slide list changed: re-read
// GET /v1/media. Its data carries only "at".
const EventMediaUpdated EventType = "media.updated"

// Slide is one picture of the media panel. Its id names the picture's
// bytes for ever (a new upload gets a new id), so a display may cache the
// image by id and SHA256 is its ETag.
type Slide struct {
	ID          string `json:"id"`
	Title       string `json:"title,omitempty"`
	ContentType string `json:"content_type"` // image/png or image/jpeg
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	Bytes       int64  `json:"bytes"`
	SHA256      string `json:"sha256"`
	// Order is the slide's place in the rotation (1 = first).
	Order int `json:"order"`
	// DurationS is how long the slide stays, in seconds; 0 = the
	// display's default.
	DurationS int  `json:"duration_s,omitempty"`
	Enabled   bool `json:"enabled"`
	// Zones limits the slide to displays of these zones; empty = all.
	Zones     []string  `json:"zones,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// SlideList is the body of GET /v1/media (and /v1/admin/media).
type SlideList struct {
	Slides []Slide `json:"slides"`
}

// SlidePatch is the body of PATCH /v1/admin/media/{id}: the fields set
// are changed.
type SlidePatch struct {
	Title     *string   `json:"title,omitempty"`
	DurationS *int      `json:"duration_s,omitempty"`
	Enabled   *bool     `json:"enabled,omitempty"`
	Zones     *[]string `json:"zones,omitempty"`
}

// SlideOrder is the body of PUT /v1/admin/media/order: every slide id,
// in the new order.
type SlideOrder struct {
	IDs []string `json:"ids"`
}

// ForZone reports whether the slide is shown on a display of zone ("" =
// a display of every zone: it shows every slide).
func (s Slide) ForZone(zone string) bool {
	if len(s.Zones) == 0 || zone == "" {
		return true
	}
	for _, z := range s.Zones {
		if z == zone {
			return true
		}
	}
	return false
}
