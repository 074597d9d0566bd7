package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"

	"antrean/shared/api"
)

// The media panel's slides. The HTTP layer has decoded the picture and
// checked its limits; the store keeps it with its metadata in one row and
// announces every change with media.updated, in the same transaction.

const maxSlideTitle = 120

func (s *Store) Slides(ctx context.Context) ([]api.Slide, error) {
	return listSlides(ctx, s.r)
}

func listSlides(ctx context.Context, q querier) ([]api.Slide, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, pos, meta FROM media ORDER BY pos, at`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []api.Slide{}
	for rows.Next() {
		var id, meta string
		var pos int
		if err := rows.Scan(&id, &pos, &meta); err != nil {
			return nil, err
		}
		var sl api.Slide
		if err := json.Unmarshal([]byte(meta), &sl); err != nil {
			return nil, err
		}
		sl.ID, sl.Order = id, pos
		out = append(out, sl)
	}
	return out, rows.Err()
}

func (s *Store) SlideImage(ctx context.Context, id string) (api.Slide, []byte, error) {
	var meta string
	var pos int
	var img []byte
	err := s.r.QueryRowContext(ctx, `SELECT pos, meta, image FROM media WHERE id = ?`, id).Scan(&pos, &meta, &img)
	if errors.Is(err, sql.ErrNoRows) {
		return api.Slide{}, nil, notFound("no slide %s", id)
	}
	if err != nil {
		return api.Slide{}, nil, err
	}
	var sl api.Slide
	if err := json.Unmarshal([]byte(meta), &sl); err != nil {
		return api.Slide{}, nil, err
	}
	sl.ID, sl.Order = id, pos
	return sl, img, nil
}

// checkSlide validates what an admin may set.
func checkSlide(sl *api.Slide) error {
	sl.Title = strings.TrimSpace(sl.Title)
	if !utf8.ValidString(sl.Title) || utf8.RuneCountInString(sl.Title) > maxSlideTitle {
		return invalid("title: at most %d characters", maxSlideTitle)
	}
	if sl.DurationS < 0 || sl.DurationS > api.MaxSlideSeconds {
		return invalid("duration_s: 0 (the display's default) to %d seconds", api.MaxSlideSeconds)
	}
	zs := sl.Zones[:0:0]
	for _, z := range sl.Zones {
		if z = strings.TrimSpace(z); z != "" {
			zs = append(zs, z)
		}
	}
	if len(zs) > 20 {
		return invalid("zones: at most 20")
	}
	if len(zs) == 0 {
		zs = nil
	}
	sl.Zones = zs
	return nil
}

func (s *Store) AddSlide(ctx context.Context, sl api.Slide, image []byte) (api.Slide, error) {
	if err := checkSlide(&sl); err != nil {
		return api.Slide{}, err
	}
	if sl.ContentType != "image/png" && sl.ContentType != "image/jpeg" {
		return api.Slide{}, invalid("a slide is a PNG or JPEG picture")
	}
	sum := sha256.Sum256(image)
	sl.ID = NewID(12)
	sl.SHA256 = hex.EncodeToString(sum[:])
	sl.Bytes = int64(len(image))
	err := s.write(ctx, func(t *wtx) error {
		var n, last int
		if err := t.QueryRowContext(t.ctx, `SELECT COUNT(*), COALESCE(MAX(pos),0) FROM media`).Scan(&n, &last); err != nil {
			return err
		}
		if n >= api.MaxSlides {
			return conflict("the media panel holds at most %d slides: delete one first", api.MaxSlides)
		}
		sl.Order = last + 1
		sl.CreatedAt = t.now.UTC()
		if err := putSlide(t, sl, image); err != nil {
			return err
		}
		return t.emit(api.EventMediaUpdated, "", api.EventData{})
	})
	if err != nil {
		return api.Slide{}, err
	}
	return sl, nil
}

func putSlide(t *wtx, sl api.Slide, image []byte) error {
	meta := sl
	meta.ID, meta.Order = "", 0
	b, err := json.Marshal(meta)
	if err != nil {
		return err
	}
	if image == nil {
		_, err = t.ExecContext(t.ctx, `UPDATE media SET meta = ? WHERE id = ?`, string(b), sl.ID)
		return err
	}
	_, err = t.ExecContext(t.ctx, `INSERT INTO media(id, pos, meta, image, at) VALUES (?,?,?,?,?)`,
		sl.ID, sl.Order, string(b), image, t.now.UnixMilli())
	return err
}

func (s *Store) UpdateSlide(ctx context.Context, id string, p api.SlidePatch) (api.Slide, error) {
	var out api.Slide
	err := s.write(ctx, func(t *wtx) error {
		all, err := listSlides(t.ctx, t)
		if err != nil {
			return err
		}
		i := slideIndex(all, id)
		if i < 0 {
			return notFound("no slide %s", id)
		}
		sl := all[i]
		if p.Title != nil {
			sl.Title = *p.Title
		}
		if p.DurationS != nil {
			sl.DurationS = *p.DurationS
		}
		if p.Enabled != nil {
			sl.Enabled = *p.Enabled
		}
		if p.Zones != nil {
			sl.Zones = *p.Zones
		}
		if err := checkSlide(&sl); err != nil {
			return err
		}
		if err := putSlide(t, sl, nil); err != nil {
			return err
		}
		out = sl
		return t.emit(api.EventMediaUpdated, "", api.EventData{})
	})
	return out, err
}

func slideIndex(all []api.Slide, id string) int {
	for i, sl := range all {
		if sl.ID == id {
			return i
		}
	}
	return -1
}

func (s *Store) OrderSlides(ctx context.Context, ids []string) ([]api.Slide, error) {
	var out []api.Slide
	err := s.write(ctx, func(t *wtx) error {
		all, err := listSlides(t.ctx, t)
		if err != nil {
			return err
		}
		if len(ids) != len(all) {
			return invalid("ids: name every slide once (%d slides, %d ids)", len(all), len(ids))
		}
		seen := map[string]bool{}
		for i, id := range ids {
			j := slideIndex(all, id)
			if j < 0 {
				return invalid("ids: no slide %s", id)
			}
			if seen[id] {
				return invalid("ids: %s named twice", id)
			}
			seen[id] = true
			if _, err := t.ExecContext(t.ctx, `UPDATE media SET pos = ? WHERE id = ?`, i+1, id); err != nil {
				return err
			}
			sl := all[j]
			sl.Order = i + 1
			out = append(out, sl)
		}
		return t.emit(api.EventMediaUpdated, "", api.EventData{})
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		out = []api.Slide{}
	}
	return out, nil
}

func (s *Store) DeleteSlide(ctx context.Context, id string) error {
	return s.write(ctx, func(t *wtx) error {
		res, err := t.ExecContext(t.ctx, `DELETE FROM media WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("no slide %s", id)
		}
		return t.emit(api.EventMediaUpdated, "", api.EventData{})
	})
}
