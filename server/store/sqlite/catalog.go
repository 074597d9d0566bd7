package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"golang.org/x/crypto/bcrypt"

	"antrean/server/config"
	"antrean/server/queue"
	"antrean/shared/api"
)

// catalog is the in-memory copy of the site's agencies, services and
// counters: read on every request, changed rarely, always under s.mu.
type catalog struct {
	site     api.Site
	loc      *time.Location
	agencies []api.Agency
	agency   map[string]api.Agency
	services []api.Service
	service  map[string]api.Service
	counters []api.Counter
	counter  map[string]api.Counter
	// holidays is the service calendar in date order; cal the entries
	// that apply to each service (calendar.go).
	holidays []api.Holiday
	cal      map[string][]api.Holiday
	// announcements is the running text in order (announcements.go).
	announcements []api.Announcement
}

func (c *catalog) rules(sv api.Service) queue.Rules {
	return queue.Rules{Hours: sv.Hours, CutoffMinutes: sv.CutoffMinutes, DailyQuota: sv.DailyQuota,
		Active: sv.Active, AlwaysOpen: c.site.AlwaysOpen, IssueWithoutCounter: c.site.IssueWithoutCounter,
		Calendar: c.cal[sv.ID]}
}

// countersFor lists the counters serving a service.
func (c *catalog) countersFor(serviceID string) []api.Counter {
	var out []api.Counter
	for _, ct := range c.counters {
		for _, id := range ct.ServiceIDs {
			if id == serviceID {
				out = append(out, ct)
				break
			}
		}
	}
	return out
}

// snapshot returns the current catalog (never mutated in place).
func (s *Store) snapshot() *catalog {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.cat
}

// loadCatalog reads the committed catalog into the cache (at start-up;
// writes that change it build the new one inside their transaction).
func (s *Store) loadCatalog(ctx context.Context) error {
	c, err := buildCatalog(ctx, s.w)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.cat = c
	s.mu.Unlock()
	return nil
}

// buildCatalog reads the catalog through q: a write builds it from its own
// transaction, so the cache it publishes after commit is exactly what it
// committed, and nothing can fail once the change is committed.
func buildCatalog(ctx context.Context, q querier) (*catalog, error) {
	c := &catalog{agency: map[string]api.Agency{}, service: map[string]api.Service{}, counter: map[string]api.Counter{}}
	var siteJSON string
	err := q.QueryRowContext(ctx, `SELECT data FROM site LIMIT 1`).Scan(&siteJSON)
	switch {
	case err == sql.ErrNoRows:
		c.site = api.Site{Name: "Antrean", Timezone: "Asia/Jakarta"}
	case err != nil:
		return nil, fmt.Errorf("sqlite: load site: %w", err)
	default:
		if err := json.Unmarshal([]byte(siteJSON), &c.site); err != nil {
			return nil, fmt.Errorf("sqlite: site: %w", err)
		}
	}
	tz := c.site.Timezone
	if tz == "" {
		tz = "Asia/Jakarta"
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, fmt.Errorf("sqlite: timezone %q: %w", tz, err)
	}
	c.loc = loc
	if err := loadJSON(ctx, q, `SELECT data FROM agencies`, func(b []byte) error {
		var a api.Agency
		if err := json.Unmarshal(b, &a); err != nil {
			return err
		}
		c.agencies = append(c.agencies, a)
		c.agency[a.ID] = a
		return nil
	}); err != nil {
		return nil, err
	}
	sort.SliceStable(c.agencies, func(i, j int) bool {
		if c.agencies[i].Order != c.agencies[j].Order {
			return c.agencies[i].Order < c.agencies[j].Order
		}
		return c.agencies[i].ID < c.agencies[j].ID
	})
	if err := loadJSON(ctx, q, `SELECT data FROM services`, func(b []byte) error {
		var sv api.Service
		if err := json.Unmarshal(b, &sv); err != nil {
			return err
		}
		c.services = append(c.services, sv)
		c.service[sv.ID] = sv
		return nil
	}); err != nil {
		return nil, err
	}
	sort.SliceStable(c.services, func(i, j int) bool {
		ai, aj := c.agency[c.services[i].AgencyID].Order, c.agency[c.services[j].AgencyID].Order
		if ai != aj {
			return ai < aj
		}
		if c.services[i].Order != c.services[j].Order {
			return c.services[i].Order < c.services[j].Order
		}
		return c.services[i].Prefix < c.services[j].Prefix
	})
	rows, err := q.QueryContext(ctx, `SELECT data, status FROM counters ORDER BY number`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: load counters: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var b, st string
		if err := rows.Scan(&b, &st); err != nil {
			return nil, err
		}
		var ct api.Counter
		if err := json.Unmarshal([]byte(b), &ct); err != nil {
			return nil, err
		}
		ct.Status, ct.Staffed = api.CounterStatus(st), false // staffed is live, never cached
		c.counters = append(c.counters, ct)
		c.counter[ct.ID] = ct
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := loadHolidays(ctx, q, c); err != nil {
		return nil, fmt.Errorf("sqlite: load holidays: %w", err)
	}
	if err := loadAnnouncements(ctx, q, c); err != nil {
		return nil, fmt.Errorf("sqlite: load announcements: %w", err)
	}
	return c, nil
}

func loadJSON(ctx context.Context, db querier, q string, fn func([]byte) error) error {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var b string
		if err := rows.Scan(&b); err != nil {
			return err
		}
		if err := fn([]byte(b)); err != nil {
			return err
		}
	}
	return rows.Err()
}

// HashToken is how device and session tokens are stored: only their SHA-256.
func HashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// Seed applies a site file. On a new database everything in it is
// created. Later, the site settings are taken from the file, entries that
// are new in it are added, and entries that already exist are left as the
// admin (/admin, /v1/admin) last set them, so a restart never undoes an
// admin's change. Reseed makes the file win for every entry it names.
// Counter status, ticket history and revocations are always kept.
func (s *Store) Seed(ctx context.Context, f *config.File) error {
	var n int
	if err := s.w.QueryRowContext(ctx, `SELECT COUNT(*) FROM site`).Scan(&n); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return s.seed(ctx, f, n == 0)
}

// Reseed applies a site file over every entry it names.
func (s *Store) Reseed(ctx context.Context, f *config.File) error { return s.seed(ctx, f, true) }

func (s *Store) seed(ctx context.Context, f *config.File, overwrite bool) error {
	cost := s.opts.BcryptCost
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	existing := map[string]bool{}
	if !overwrite {
		rows, err := s.w.QueryContext(ctx, `SELECT username FROM users`)
		if err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
		for rows.Next() {
			var u string
			rows.Scan(&u)
			existing[u] = true
		}
		rows.Close()
	}
	// Hash outside the write transaction: bcrypt is deliberately slow, and
	// users that stay as they are need no hash at all.
	hashes := make([]string, len(f.Users))
	for i, u := range f.Users {
		switch {
		case existing[u.Username]:
		case u.PasswordHash != "":
			hashes[i] = u.PasswordHash
		default:
			h, err := bcrypt.GenerateFromPassword([]byte(u.Password), cost)
			if err != nil {
				return fmt.Errorf("sqlite: hash password of %s: %w", u.Username, err)
			}
			hashes[i] = string(h)
		}
	}
	// upsert is the conflict clause: overwrite or keep what is there.
	upsert := func(set string) string {
		if overwrite {
			return " DO UPDATE SET " + set
		}
		return " DO NOTHING"
	}
	return s.write(ctx, func(t *wtx) error {
		// The plain announcements list lives on as entries (announcements.go).
		fs := f.Site
		fs.Announcements = nil
		site, _ := json.Marshal(fs)
		if _, err := t.ExecContext(ctx, `DELETE FROM site`); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO site(id, data) VALUES (?, ?)`, f.Site.ID, string(site)); err != nil {
			return err
		}
		for _, a := range f.Agencies {
			b, _ := json.Marshal(a)
			if _, err := t.ExecContext(ctx, `INSERT INTO agencies(id, ord, data) VALUES (?,?,?)
				ON CONFLICT(id)`+upsert(`ord=excluded.ord, data=excluded.data`), a.ID, a.Order, string(b)); err != nil {
				return err
			}
		}
		// Free prefixes and numbers first so that swapping two is possible.
		for _, sv := range f.Services {
			if !overwrite {
				break
			}
			if _, err := t.ExecContext(ctx, `UPDATE services SET prefix = '~' || id WHERE prefix = ? AND id <> ?`, sv.Prefix, sv.ID); err != nil {
				return err
			}
		}
		for _, sv := range f.Services {
			sv.OpenNow, sv.ClosedReason, sv.Waiting, sv.QuotaLeft, sv.EstWaitMinutes = false, "", 0, 0, 0
			b, _ := json.Marshal(sv)
			// A new service whose prefix or counter number an admin gave to
			// another entry meanwhile is skipped, not an error at start-up.
			if _, err := t.ExecContext(ctx, `INSERT INTO services(id, agency_id, prefix, data) VALUES (?,?,?,?)
				ON CONFLICT`+upsert(`agency_id=excluded.agency_id, prefix=excluded.prefix, data=excluded.data`),
				sv.ID, sv.AgencyID, sv.Prefix, string(b)); err != nil {
				return err
			}
		}
		for _, ct := range f.Counters {
			if !overwrite {
				break
			}
			if _, err := t.ExecContext(ctx, `UPDATE counters SET number = -number WHERE number = ? AND id <> ?`, ct.Number, ct.ID); err != nil {
				return err
			}
		}
		for _, ct := range f.Counters {
			st := ct.Status
			if st == "" {
				st = api.CounterOpen
			}
			ct.Status = ""
			b, _ := json.Marshal(ct)
			if _, err := t.ExecContext(ctx, `INSERT INTO counters(id, number, status, data) VALUES (?,?,?,?)
				ON CONFLICT`+upsert(`number=excluded.number, data=excluded.data`),
				ct.ID, ct.Number, string(st), string(b)); err != nil {
				return err
			}
		}
		for i, u := range f.Users {
			if existing[u.Username] {
				continue
			}
			cs, _ := json.Marshal(u.Counters)
			if _, err := t.ExecContext(ctx, `INSERT INTO users(id, username, name, role, password_hash, counters) VALUES (?,?,?,?,?,?)
				ON CONFLICT`+upsert(`name=excluded.name, role=excluded.role, password_hash=excluded.password_hash,
				counters=excluded.counters, active=1`),
				u.Username, u.Username, u.Name, string(u.Role), hashes[i], string(cs)); err != nil {
				return err
			}
		}
		for _, d := range f.Devices {
			h := d.TokenSHA256
			if h == "" {
				h = HashToken(d.Token)
			}
			if _, err := t.ExecContext(ctx, `INSERT INTO devices(id, name, role, token_hash, zone) VALUES (?,?,?,?,?)
				ON CONFLICT`+upsert(`name=excluded.name, role=excluded.role, zone=excluded.zone`),
				"dev-"+h[:16], d.Name, string(d.Role), h, d.Zone); err != nil {
				return err
			}
		}
		// The calendar of the file: new entries added, existing ones kept
		// as the admin left them (or overwritten with --reseed).
		for _, h := range f.Holidays {
			b, _ := json.Marshal(h)
			if _, err := t.ExecContext(ctx, `INSERT INTO holidays(id, date, data) VALUES (?,?,?)
				ON CONFLICT(id)`+upsert(`date=excluded.date, data=excluded.data`), h.ID, h.Date, string(b)); err != nil {
				return err
			}
		}
		if err := seedAnnouncements(t, f, upsert); err != nil {
			return err
		}
		// Counters new to the log start their status history (staff.go).
		if _, err := t.ExecContext(ctx, `INSERT INTO counter_log(at, kind, counter_id, status, note)
			SELECT ?, 'status', id, status, '' FROM counters WHERE id NOT IN (SELECT counter_id FROM counter_log WHERE kind = 'status')`, ms(t.now)); err != nil {
			return err
		}
		nc, err := buildCatalog(ctx, t)
		if err != nil {
			return err
		}
		t.setCatalog(nc)
		return t.emit(api.EventCatalogUpdated, "", catalogEvent(nc, t.now))
	})
}
