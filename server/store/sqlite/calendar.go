package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"antrean/server/queue"
	"antrean/shared/api"
)

// The service calendar lives in the catalog: every rule that decides on a
// date (issue, the catalog's open_now and quota_left, bookings) takes its
// entries from catalog.rules, through queue.DayOf.

// calendarAhead is how far ahead a display is told about closures.
const calendarAhead = 14

// loadHolidays reads the calendar into c (buildCatalog).
func loadHolidays(ctx context.Context, q querier, c *catalog) error {
	if err := loadJSON(ctx, q, `SELECT data FROM holidays`, func(b []byte) error {
		var h api.Holiday
		if err := json.Unmarshal(b, &h); err != nil {
			return err
		}
		c.holidays = append(c.holidays, h)
		return nil
	}); err != nil {
		return err
	}
	queue.SortCalendar(c.holidays)
	c.cal = make(map[string][]api.Holiday, len(c.services))
	for _, sv := range c.services {
		c.cal[sv.ID] = queue.ServiceCalendar(c.holidays, sv)
	}
	return nil
}

// siteClosure is the site-wide entry closing day, if any.
func (c *catalog) siteClosure(day string) *api.Holiday {
	var out *api.Holiday
	for i := range c.holidays {
		h := c.holidays[i]
		if h.Closes() && queue.SiteWide(h) && h.Covers(day) {
			if out == nil || (h.Kind == api.HolidayNational && out.Kind != api.HolidayNational) {
				out = &h
			}
		}
	}
	return out
}

// upcoming are the site-wide entries of the days today…today+calendarAhead.
func (c *catalog) upcoming(now time.Time) []api.Holiday {
	today := now.In(c.loc)
	from := today.Format("2006-01-02")
	to := today.AddDate(0, 0, calendarAhead).Format("2006-01-02")
	var out []api.Holiday
	for _, h := range queue.Overlapping(c.holidays, from, to) {
		if queue.SiteWide(h) {
			out = append(out, h)
		}
	}
	return out
}

// catalogEvent is the data of catalog.updated: displays keep the coming
// closures from it.
func catalogEvent(c *catalog, now time.Time) api.EventData {
	d := api.EventData{Announcements: c.announcements}
	if !c.site.AlwaysOpen { // the demo ignores the calendar
		d.Calendar = c.upcoming(now)
	}
	return d
}

// holidayDefaults trims and defaults an entry from the admin API.
func holidayDefaults(h api.Holiday) api.Holiday {
	h.ID, h.Name, h.Date, h.Until = strings.TrimSpace(h.ID), strings.TrimSpace(h.Name), strings.TrimSpace(h.Date), strings.TrimSpace(h.Until)
	return queue.NormalizeHoliday(h)
}

// Holidays lists the calendar in date order.
func (s *Store) Holidays(ctx context.Context) ([]api.Holiday, error) {
	return append([]api.Holiday{}, s.snapshot().holidays...), nil
}

// SaveHoliday creates (create) or replaces a calendar entry. It takes
// effect at once: a holiday added for today closes its services.
func (s *Store) SaveHoliday(ctx context.Context, h api.Holiday, create bool) (api.Holiday, error) {
	h = holidayDefaults(h)
	err := s.catalogChange(ctx, func(t *wtx, c *catalog) error {
		exists := false
		for _, o := range c.holidays {
			exists = exists || o.ID == h.ID
		}
		if create && h.ID == "" {
			// As in the site file: the date, then date-2, date-3…
			used := map[string]bool{}
			for _, o := range c.holidays {
				used[o.ID] = true
			}
			h.ID = h.Date
			for n := 2; used[h.ID]; n++ {
				h.ID = fmt.Sprintf("%s-%d", h.Date, n)
			}
		}
		if create && exists {
			return conflict("holiday %q already exists", h.ID)
		}
		if !create && !exists {
			return notFound("no holiday %s", h.ID)
		}
		if err := c.proposed().ValidateHoliday(h); err != nil {
			return err
		}
		b, _ := json.Marshal(h)
		_, err := t.ExecContext(t.ctx, `INSERT INTO holidays(id, date, data) VALUES (?,?,?)
			ON CONFLICT(id) DO UPDATE SET date=excluded.date, data=excluded.data`, h.ID, h.Date, string(b))
		return err
	})
	return h, err
}

// DeleteHoliday removes a calendar entry.
func (s *Store) DeleteHoliday(ctx context.Context, id string) error {
	return s.catalogChange(ctx, func(t *wtx, c *catalog) error {
		res, err := t.ExecContext(t.ctx, `DELETE FROM holidays WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("no holiday %s", id)
		}
		return nil
	})
}

// holidayNaming returns the id of a calendar entry whose scope names the
// agency or service id, for a refused delete (an entry scoped to a
// deleted service must not become site-wide or dangle).
func (c *catalog) holidayNaming(agencyID, serviceID string) string {
	for _, h := range c.holidays {
		for _, id := range h.AgencyIDs {
			if agencyID != "" && id == agencyID {
				return h.ID
			}
		}
		for _, id := range h.ServiceIDs {
			if serviceID != "" && id == serviceID {
				return h.ID
			}
		}
	}
	return ""
}

// Calendar is the public calendar of from…to (default: today and the next
// 60 days): the site's weekly hours and the entries overlapping it.
func (s *Store) Calendar(ctx context.Context, from, to string) (api.Calendar, error) {
	c := s.snapshot()
	today := s.clock.Now().In(c.loc)
	if from == "" {
		from = today.Format("2006-01-02")
	}
	if to == "" {
		f, err := time.Parse("2006-01-02", from)
		if err != nil {
			return api.Calendar{}, invalid("from must be a date YYYY-MM-DD")
		}
		to = f.AddDate(0, 0, 60).Format("2006-01-02")
	}
	f, err1 := time.Parse("2006-01-02", from)
	t, err2 := time.Parse("2006-01-02", to)
	if err1 != nil || err2 != nil {
		return api.Calendar{}, invalid("from and to must be dates YYYY-MM-DD")
	}
	if t.Before(f) || t.Sub(f) > maxReportDays*24*time.Hour {
		return api.Calendar{}, invalid("to must be from…from+%d days", maxReportDays)
	}
	hours := c.site.Hours
	if hours == nil {
		hours = []api.DayHours{}
	}
	return api.Calendar{Site: c.site.Name, CallCenter: c.site.CallCenter, From: from, To: to, Hours: hours,
		Holidays: queue.Overlapping(c.holidays, from, to)}, nil
}
