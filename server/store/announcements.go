package store

import (
	"context"

	"antrean/shared/api"
)

// Announcements is the running text with its schedule, managed by the
// admin like the catalog; every change emits catalog.updated carrying the
// whole list in the same transaction.
type Announcements interface {
	Announcements(ctx context.Context) ([]api.Announcement, error)
	SaveAnnouncement(ctx context.Context, a api.Announcement, create bool) (api.Announcement, error)
	DeleteAnnouncement(ctx context.Context, id string) error
}
