package voice

import (
	"context"
	"sync"

	"antrean/display/audio"
	"antrean/shared/api"
)

// BoardSource reads what the display shows (ui.Source, *client.Client).
type BoardSource interface {
	Board(ctx context.Context, zone string) (api.Board, error)
	Catalog(ctx context.Context) (api.Catalog, error)
}

// HoursFeed passes every board and catalog the display reads through to
// the quiet-hours clock (the site's hours and calendar). OnFirst runs
// once, after the first board: the hours are known from then on.
type HoursFeed struct {
	BoardSource
	Hours   *audio.SiteHours
	OnFirst func()
	once    sync.Once
}

// Board reads a board and takes its site hours and calendar.
func (f *HoursFeed) Board(ctx context.Context, zone string) (api.Board, error) {
	b, err := f.BoardSource.Board(ctx, zone)
	if err == nil {
		f.Hours.Set(b.Site, b.Calendar)
		if f.OnFirst != nil {
			f.once.Do(f.OnFirst)
		}
	}
	return b, err
}

// Catalog reads the catalog (after catalog.updated) and takes the site's
// hours from it, keeping the calendar of the last board.
func (f *HoursFeed) Catalog(ctx context.Context) (api.Catalog, error) {
	c, err := f.BoardSource.Catalog(ctx)
	if err == nil {
		f.Hours.SetSite(c.Site)
	}
	return c, err
}
