package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"

	"antrean/server/config"
	"antrean/shared/api"
)

// Announcements are part of the catalog: every change goes through
// catalogChange, so the catalog.updated event that carries the new list
// (catalogEvent) is written in the same transaction as the change, and a
// display that (re)connects reads the same list with the board.

// loadAnnouncements reads the running text into c (buildCatalog).
func loadAnnouncements(ctx context.Context, q querier, c *catalog) error {
	c.announcements = []api.Announcement{}
	if err := loadJSON(ctx, q, `SELECT data FROM announcements`, func(b []byte) error {
		var a api.Announcement
		if err := json.Unmarshal(b, &a); err != nil {
			return err
		}
		c.announcements = append(c.announcements, a)
		return nil
	}); err != nil {
		return err
	}
	sortAnnouncements(c.announcements)
	return nil
}

func sortAnnouncements(as []api.Announcement) {
	sort.SliceStable(as, func(i, j int) bool {
		if as[i].Order != as[j].Order {
			return as[i].Order < as[j].Order
		}
		return as[i].ID < as[j].ID
	})
}

// Announcements lists the running text in display order.
func (s *Store) Announcements(ctx context.Context) ([]api.Announcement, error) {
	return append([]api.Announcement{}, s.snapshot().announcements...), nil
}

// SaveAnnouncement creates (create) or replaces an entry. A create
// without an id gets "pengumuman-N", without an order the place after
// the others.
func (s *Store) SaveAnnouncement(ctx context.Context, a api.Announcement, create bool) (api.Announcement, error) {
	a = config.NormalizeAnnouncement(a)
	err := s.catalogChange(ctx, func(t *wtx, c *catalog) error {
		exists := false
		used := map[string]bool{}
		for _, o := range c.announcements {
			used[o.ID] = true
			exists = exists || o.ID == a.ID
		}
		if create && a.ID == "" {
			for n := len(c.announcements) + 1; a.ID == "" || used[a.ID]; n++ {
				a.ID = "pengumuman-" + strconv.Itoa(n)
			}
		}
		if create && a.Order == 0 {
			// A new entry goes last (the site file numbers its own).
			for _, o := range c.announcements {
				a.Order = max(a.Order, o.Order+1)
			}
		}
		if create && exists {
			return conflict("announcement %q already exists", a.ID)
		}
		if !create && !exists {
			return notFound("no announcement %s", a.ID)
		}
		if create && config.IsLegacyAnnouncement(a.ID) {
			return invalid("announcement %q: ids site-1, site-2… name the site file's plain announcements list; choose another id", a.ID)
		}
		if create && len(c.announcements) >= config.MaxAnnouncements {
			return conflict("there are %d announcements already; at most %d", len(c.announcements), config.MaxAnnouncements)
		}
		if err := config.ValidateAnnouncement(a); err != nil {
			return err
		}
		return putAnnouncement(t, a, " DO UPDATE SET data=excluded.data")
	})
	return a, err
}

// DeleteAnnouncement removes an entry.
func (s *Store) DeleteAnnouncement(ctx context.Context, id string) error {
	return s.catalogChange(ctx, func(t *wtx, c *catalog) error {
		res, err := t.ExecContext(t.ctx, `DELETE FROM announcements WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("no announcement %s", id)
		}
		return nil
	})
}

func putAnnouncement(t *wtx, a api.Announcement, onConflict string) error {
	b, _ := json.Marshal(a)
	_, err := t.ExecContext(t.ctx, `INSERT INTO announcements(id, data) VALUES (?,?) ON CONFLICT(id)`+onConflict, a.ID, string(b))
	return err
}

// seedAnnouncements applies the site file: [[announcements]] as every
// entry (new ones added, existing ones kept as the admin left them unless
// upsert overwrites); the plain [site] list is the file's own and always
// rewritten, its entries beyond the list's length removed, so editing the
// list and restarting changes the running text as it always did.
func seedAnnouncements(t *wtx, f *config.File, upsert func(set string) string) error {
	for _, a := range f.Announcements {
		if err := putAnnouncement(t, a, upsert("data=excluded.data")); err != nil {
			return err
		}
	}
	legacy := config.LegacyAnnouncements(f.Site.Announcements)
	keep := map[string]bool{}
	for _, a := range legacy {
		keep[a.ID] = true
		if err := putAnnouncement(t, a, " DO UPDATE SET data=excluded.data"); err != nil {
			return err
		}
	}
	rows, err := t.QueryContext(t.ctx, `SELECT id FROM announcements WHERE id LIKE 'site-%'`)
	if err != nil {
		return err
	}
	var stale []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		if config.IsLegacyAnnouncement(id) && !keep[id] {
			stale = append(stale, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range stale {
		if _, err := t.ExecContext(t.ctx, `DELETE FROM announcements WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
	}
	return nil
}
