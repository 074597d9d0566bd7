package store

import (
	"context"

	"antrean/shared/api"
)

// Media is the part of Store for the displays' media panel: slides an
// admin uploads (see the README, "Media panel"). The picture's bytes are
// checked by the HTTP layer (decoded, size and pixel limits) before
// AddSlide stores them; AddSlide returns once they are committed.
type Media interface {
	// Slides lists every slide in rotation order (enabled or not).
	Slides(ctx context.Context) ([]api.Slide, error)
	// SlideImage is one slide with its picture's bytes.
	SlideImage(ctx context.Context, id string) (api.Slide, []byte, error)
	// AddSlide stores a new slide last in the rotation; ID, Order, Bytes,
	// SHA256 and CreatedAt are set by the store.
	AddSlide(ctx context.Context, s api.Slide, image []byte) (api.Slide, error)
	UpdateSlide(ctx context.Context, id string, p api.SlidePatch) (api.Slide, error)
	// OrderSlides puts the slides in the order of ids (every id, once).
	OrderSlides(ctx context.Context, ids []string) ([]api.Slide, error)
	DeleteSlide(ctx context.Context, id string) error
}
