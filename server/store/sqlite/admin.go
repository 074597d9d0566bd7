package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"antrean/server/config"
	"antrean/server/queue"
	"antrean/shared/api"
)

// Administration of the catalog, users and devices. Catalog changes are
// checked with the site-file validator (config.File.Validate) against the
// whole proposed catalog, so the rules are the same as at start-up. Each
// change runs in one write transaction that also stores a catalog.updated
// event; the in-memory catalog is reloaded after commit, before the event
// is published, so a client reacting to the event reads the new catalog.
//
// Numbering lives in day_seq and in the tickets themselves: a change of
// prefix, digits or start never touches either, so tickets issued today
// keep their numbers and the next ticket continues the day's sequence
// under the new prefix.

func invalid(format string, args ...any) error {
	return api.Errorf(api.CodeInvalidInput, format, args...)
}
func conflict(format string, args ...any) error {
	return api.Errorf(api.CodeConflict, format, args...)
}
func notFound(format string, args ...any) error {
	return api.Errorf(api.CodeNotFound, format, args...)
}

// proposed is the current catalog as a site file, for validation.
func (c *catalog) proposed() *config.File {
	f := &config.File{Site: c.site}
	f.Agencies = append([]api.Agency(nil), c.agencies...)
	f.Services = append([]api.Service(nil), c.services...)
	f.Counters = append([]api.Counter(nil), c.counters...)
	for i := range f.Counters {
		if f.Counters[i].Status == "" {
			f.Counters[i].Status = api.CounterOpen
		}
	}
	// A database never seeded from a site file has a placeholder site.
	if f.Site.Timezone == "" {
		f.Site.Timezone = config.DefaultTimezone
	}
	if f.Site.ID == "" {
		f.Site.ID = "site"
	}
	return f
}

// validateCatalog checks a proposed catalog; only the catalog parts of the
// site file are present, so no user or device rule applies here.
func validateCatalog(f *config.File) error {
	f.Users, f.Devices = nil, nil
	return f.Validate()
}

// catalogChange runs fn in a write transaction on the catalog as of that
// write, rebuilds the catalog from the same transaction and stores
// catalog.updated. The new catalog replaces the cache at commit, in
// commit order, before the event is published; nothing runs on the
// request's context after the change is committed.
func (s *Store) catalogChange(ctx context.Context, fn func(t *wtx, c *catalog) error) error {
	return s.write(ctx, func(t *wtx) error {
		if err := fn(t, t.catalog()); err != nil {
			return err
		}
		nc, err := buildCatalog(t.ctx, t)
		if err != nil {
			return err
		}
		t.setCatalog(nc)
		return t.emit(api.EventCatalogUpdated, "", catalogEvent(nc, t.now))
	})
}

// countRefs runs a COUNT(*) query.
func countRefs(ctx context.Context, q querier, query string, args ...any) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}

// ── Agencies ───────────────────────────────────────────────────────────────

// Agencies lists the agencies in display order.
func (s *Store) Agencies(ctx context.Context) ([]api.Agency, error) {
	return append([]api.Agency{}, s.snapshot().agencies...), nil
}

// SaveAgency creates (create) or replaces an agency.
func (s *Store) SaveAgency(ctx context.Context, a api.Agency, create bool) (api.Agency, error) {
	a.ID, a.Name, a.Short, a.Zone = strings.TrimSpace(a.ID), strings.TrimSpace(a.Name), strings.TrimSpace(a.Short), strings.TrimSpace(a.Zone)
	err := s.catalogChange(ctx, func(t *wtx, c *catalog) error {
		_, exists := c.agency[a.ID]
		if create && exists {
			return conflict("agency %q already exists", a.ID)
		}
		if !create && !exists {
			return notFound("no agency %s", a.ID)
		}
		f := c.proposed()
		if exists {
			for i := range f.Agencies {
				if f.Agencies[i].ID == a.ID {
					f.Agencies[i] = a
				}
			}
		} else {
			f.Agencies = append(f.Agencies, a)
		}
		if err := validateCatalog(f); err != nil {
			return err
		}
		b, _ := json.Marshal(a)
		_, err := t.ExecContext(ctx, `INSERT INTO agencies(id, ord, data) VALUES (?,?,?)
			ON CONFLICT(id) DO UPDATE SET ord=excluded.ord, data=excluded.data`, a.ID, a.Order, string(b))
		return err
	})
	return a, err
}

// DeleteAgency removes an agency that no service belongs to.
func (s *Store) DeleteAgency(ctx context.Context, id string) error {
	return s.catalogChange(ctx, func(t *wtx, c *catalog) error {
		if _, ok := c.agency[id]; !ok {
			return notFound("no agency %s", id)
		}
		if h := c.holidayNaming(id, ""); h != "" {
			return conflict("holiday %s names agency %s; change or delete it first", h, id)
		}
		n, err := countRefs(ctx, t, `SELECT COUNT(*) FROM services WHERE agency_id = ?`, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return conflict("agency %s still has %d service(s); move or delete them first", id, n)
		}
		_, err = t.ExecContext(ctx, `DELETE FROM agencies WHERE id = ?`, id)
		return err
	})
}

// ── Services ───────────────────────────────────────────────────────────────

// Services lists the services (rules only, no live figures).
func (s *Store) Services(ctx context.Context) ([]api.Service, error) {
	return append([]api.Service{}, s.snapshot().services...), nil
}

func serviceDefaults(sv api.Service) api.Service {
	sv.ID, sv.Name, sv.AgencyID = strings.TrimSpace(sv.ID), strings.TrimSpace(sv.Name), strings.TrimSpace(sv.AgencyID)
	sv.Prefix = strings.ToUpper(strings.TrimSpace(sv.Prefix))
	if sv.Digits == 0 {
		sv.Digits = config.DefaultDigits
	}
	if sv.Start == 0 {
		sv.Start = config.DefaultStart
	}
	if sv.AvgServiceMinutes == 0 {
		sv.AvgServiceMinutes = config.DefaultAvgServiceMinutes
	}
	if sv.Hours == nil {
		sv.Hours = []api.DayHours{}
	}
	if sv.Booking != nil { // online booking: the site file's defaults (bookings.go)
		b := sv.Booking.WithDefaults()
		sv.Booking = &b
	}
	// Live fields are computed per request, never stored.
	sv.OpenNow, sv.ClosedReason, sv.Waiting, sv.QuotaLeft, sv.EstWaitMinutes = false, "", 0, 0, 0
	sv.Holiday = nil // live too: from the calendar
	return sv
}

// SaveService creates (create) or replaces a service. A prefix another
// service used today is refused until tomorrow: two services numbering
// "A-001" on one day would give the hall two tickets with one number.
func (s *Store) SaveService(ctx context.Context, sv api.Service, create bool) (api.Service, error) {
	sv = serviceDefaults(sv)
	err := s.catalogChange(ctx, func(t *wtx, c *catalog) error {
		_, exists := c.service[sv.ID]
		if create && exists {
			return conflict("service %q already exists", sv.ID)
		}
		if !create && !exists {
			return notFound("no service %s", sv.ID)
		}
		for _, o := range c.services {
			if o.ID != sv.ID && o.Prefix == sv.Prefix {
				return conflict("prefix %s is already used by service %s", sv.Prefix, o.ID)
			}
		}
		f := c.proposed()
		if exists {
			for i := range f.Services {
				if f.Services[i].ID == sv.ID {
					f.Services[i] = sv
				}
			}
		} else {
			f.Services = append(f.Services, sv)
		}
		if err := validateCatalog(f); err != nil {
			return err
		}
		if !exists || c.service[sv.ID].Prefix != sv.Prefix {
			day := queue.LocalDay(t.now, c.loc)
			var other string
			err := t.QueryRowContext(ctx, `SELECT service_id FROM tickets WHERE day = ? AND transferred_from = '' AND origin = ''
				AND substr(number, 1, ?) = ? AND service_id <> ? LIMIT 1`,
				day, len(sv.Prefix)+1, sv.Prefix+"-", sv.ID).Scan(&other)
			if err == nil {
				return conflict("prefix %s was used today by service %s; it can be taken from tomorrow", sv.Prefix, other)
			}
			if err != sql.ErrNoRows {
				return err
			}
		}
		b, _ := json.Marshal(sv)
		_, err := t.ExecContext(ctx, `INSERT INTO services(id, agency_id, prefix, data) VALUES (?,?,?,?)
			ON CONFLICT(id) DO UPDATE SET agency_id=excluded.agency_id, prefix=excluded.prefix, data=excluded.data`,
			sv.ID, sv.AgencyID, sv.Prefix, string(b))
		return err
	})
	return sv, err
}

// DeleteService removes a service no counter serves and no ticket has
// used; otherwise it is a conflict — switch it off with active=false.
func (s *Store) DeleteService(ctx context.Context, id string) error {
	return s.catalogChange(ctx, func(t *wtx, c *catalog) error {
		if _, ok := c.service[id]; !ok {
			return notFound("no service %s", id)
		}
		if h := c.holidayNaming("", id); h != "" {
			return conflict("holiday %s names service %s; change or delete it first", h, id)
		}
		for _, ct := range c.counters {
			for _, sid := range ct.ServiceIDs {
				if sid == id {
					return conflict("counter %s serves %s; remove it from the counter first", ct.ID, id)
				}
			}
		}
		n, err := countRefs(ctx, t, `SELECT COUNT(*) FROM tickets WHERE service_id = ?`, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return conflict("service %s has %d ticket(s) in its history; set active=false instead of deleting", id, n)
		}
		if _, err := t.ExecContext(ctx, `DELETE FROM day_seq WHERE service_id = ?`, id); err != nil {
			return err
		}
		_, err = t.ExecContext(ctx, `DELETE FROM services WHERE id = ?`, id)
		return err
	})
}

// ── Counters ───────────────────────────────────────────────────────────────

// Counters lists the counters with their status.
func (s *Store) Counters(ctx context.Context) ([]api.Counter, error) {
	out, _, err := liveCounters(ctx, s.r, s.snapshot(), s.clock.Now())
	if err != nil {
		return nil, dbErr(err)
	}
	return append([]api.Counter{}, out...), nil
}

// SaveCounter creates (create) or replaces a counter; an empty status keeps
// the current one (new counters open).
func (s *Store) SaveCounter(ctx context.Context, ct api.Counter, create bool) (api.Counter, error) {
	ct.ID, ct.Name, ct.Zone = strings.TrimSpace(ct.ID), strings.TrimSpace(ct.Name), strings.TrimSpace(ct.Zone)
	err := s.catalogChange(ctx, func(t *wtx, c *catalog) error {
		_, exists := c.counter[ct.ID]
		if create && exists {
			return conflict("counter %q already exists", ct.ID)
		}
		if !create && !exists {
			return notFound("no counter %s", ct.ID)
		}
		var was api.CounterStatus // "" = a new counter
		var st string
		switch err := t.QueryRowContext(ctx, `SELECT status FROM counters WHERE id = ?`, ct.ID).Scan(&st); {
		case err == nil:
			was = api.CounterStatus(st)
		case err != sql.ErrNoRows:
			return err
		}
		if ct.Status == "" {
			ct.Status = was
			if was == "" {
				ct.Status = api.CounterOpen
			}
		}
		for _, o := range c.counters {
			if o.ID != ct.ID && o.Number == ct.Number {
				return conflict("number %d is already used by counter %s", ct.Number, o.ID)
			}
		}
		f := c.proposed()
		if exists {
			for i := range f.Counters {
				if f.Counters[i].ID == ct.ID {
					f.Counters[i] = ct
				}
			}
		} else {
			f.Counters = append(f.Counters, ct)
		}
		if err := validateCatalog(f); err != nil {
			return err
		}
		// Staff times need the counter's status history (staff.go).
		if err := t.logStatus(ct.ID, was, ct.Status); err != nil {
			return err
		}
		data := ct
		data.Status, data.Staffed = "", false
		b, _ := json.Marshal(data)
		_, err := t.ExecContext(ctx, `INSERT INTO counters(id, number, status, data) VALUES (?,?,?,?)
			ON CONFLICT(id) DO UPDATE SET number=excluded.number, status=excluded.status, data=excluded.data`,
			ct.ID, ct.Number, string(ct.Status), string(b))
		return err
	})
	return ct, err
}

// DeleteCounter removes a counter no user is assigned to and no ticket
// has used; otherwise it is a conflict — close it instead.
func (s *Store) DeleteCounter(ctx context.Context, id string) error {
	return s.catalogChange(ctx, func(t *wtx, c *catalog) error {
		if _, ok := c.counter[id]; !ok {
			return notFound("no counter %s", id)
		}
		rows, err := t.QueryContext(ctx, `SELECT username, counters FROM users WHERE active = 1`)
		if err != nil {
			return err
		}
		var user string
		for rows.Next() && user == "" {
			var name, cs string
			if err := rows.Scan(&name, &cs); err != nil {
				rows.Close()
				return err
			}
			var ids []string
			_ = json.Unmarshal([]byte(cs), &ids)
			for _, cid := range ids {
				if cid == id {
					user = name
				}
			}
		}
		rows.Close()
		if user != "" {
			return conflict("user %s is assigned to counter %s; change the user first", user, id)
		}
		n, err := countRefs(ctx, t, `SELECT COUNT(*) FROM tickets WHERE counter_id = ?`, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return conflict("counter %s has %d ticket(s) in its history; set its status to closed instead of deleting", id, n)
		}
		_, err = t.ExecContext(ctx, `DELETE FROM counters WHERE id = ?`, id)
		return err
	})
}

// ── Users ──────────────────────────────────────────────────────────────────

var usernameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// Passwords set by the admin: at least 8 characters, at most bcrypt's 72
// bytes, and never a published demo credential on a real site.
const minPassword = 8

func (s *Store) checkPassword(pw string) error {
	if utf8.RuneCountInString(pw) < minPassword {
		return invalid("password must have at least %d characters", minPassword)
	}
	if len(pw) > 72 {
		return invalid("password must be at most 72 bytes")
	}
	if !s.snapshot().site.Demo {
		for _, d := range config.DemoCredentials {
			if pw == d {
				return invalid("that is a published demo password; choose another")
			}
		}
	}
	return nil
}

func (s *Store) hash(pw string) (string, error) {
	cost := s.opts.BcryptCost
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), cost)
	return string(h), err
}

func checkUser(c *catalog, u api.AdminUser) error {
	if u.Username == "" || len(u.Username) > 64 || !usernameRe.MatchString(u.Username) {
		return invalid("username %q must be lowercase letters, digits, '.', '_' or '-' (at most 64)", u.Username)
	}
	if strings.TrimSpace(u.Name) == "" {
		return invalid("name is required")
	}
	if err := config.CheckText("name", u.Name, config.MaxName); err != nil {
		return err
	}
	if u.Role != api.RoleOfficer && u.Role != api.RoleAdmin {
		return invalid("role %q must be officer or admin", u.Role)
	}
	if u.Role == api.RoleOfficer && len(u.CounterIDs) == 0 {
		return invalid("an officer needs at least one counter in counter_ids")
	}
	seen := map[string]bool{}
	for _, id := range u.CounterIDs {
		if _, ok := c.counter[id]; !ok {
			return invalid("counter %q does not exist", id)
		}
		if seen[id] {
			return invalid("counter %q is listed twice", id)
		}
		seen[id] = true
	}
	return nil
}

const userCols = `id, username, name, role, counters, active`

func scanUser(sc scanner) (api.AdminUser, error) {
	var u api.AdminUser
	var role, cs string
	if err := sc.Scan(&u.ID, &u.Username, &u.Name, &role, &cs, &u.Active); err != nil {
		return u, err
	}
	u.Role = api.Role(role)
	u.CounterIDs = []string{}
	_ = json.Unmarshal([]byte(cs), &u.CounterIDs)
	if u.CounterIDs == nil {
		u.CounterIDs = []string{}
	}
	return u, nil
}

func getUser(ctx context.Context, q querier, id string) (api.AdminUser, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return u, notFound("no user %s", id)
	}
	return u, err
}

// Users lists every user without secrets.
func (s *Store) Users(ctx context.Context) ([]api.AdminUser, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+userCols+` FROM users ORDER BY role, username`)
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	out := []api.AdminUser{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, dbErr(err)
		}
		out = append(out, u)
	}
	return out, dbErr(rows.Err())
}

// CreateUser adds an officer or admin with a password.
func (s *Store) CreateUser(ctx context.Context, req api.UserRequest) (api.AdminUser, error) {
	u := api.AdminUser{ID: strings.TrimSpace(req.Username), Username: strings.TrimSpace(req.Username), Active: true, CounterIDs: []string{}}
	if req.Name != nil {
		u.Name = strings.TrimSpace(*req.Name)
	}
	if req.Role != nil {
		u.Role = *req.Role
	}
	if req.CounterIDs != nil {
		u.CounterIDs = append(u.CounterIDs, *req.CounterIDs...)
	}
	if req.Active != nil {
		u.Active = *req.Active
	}
	if err := checkUser(s.snapshot(), u); err != nil {
		return u, err
	}
	if err := s.checkPassword(req.Password); err != nil {
		return u, err
	}
	h, err := s.hash(req.Password)
	if err != nil {
		return u, err
	}
	err = s.write(ctx, func(t *wtx) error {
		n, err := countRefs(ctx, t, `SELECT COUNT(*) FROM users WHERE id = ? OR username = ?`, u.ID, u.Username)
		if err != nil {
			return err
		}
		if n > 0 {
			return conflict("username %s already exists", u.Username)
		}
		cs, _ := json.Marshal(u.CounterIDs)
		_, err = t.ExecContext(ctx, `INSERT INTO users(id, username, name, role, password_hash, counters, active) VALUES (?,?,?,?,?,?,?)`,
			u.ID, u.Username, u.Name, string(u.Role), h, string(cs), u.Active)
		return err
	})
	return u, err
}

// activeAdmins counts active admins other than id.
func activeAdmins(ctx context.Context, q querier, except string) (int, error) {
	return countRefs(ctx, q, `SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1 AND id <> ?`, except)
}

// UpdateUser changes name, role, counters or active (only the fields sent).
// Sessions of a user who is deactivated or whose role changes end at once.
func (s *Store) UpdateUser(ctx context.Context, id string, req api.UserRequest) (api.AdminUser, error) {
	if req.Password != "" {
		return api.AdminUser{}, invalid("use POST /v1/admin/users/%s/password to set a password", id)
	}
	var out api.AdminUser
	err := s.writeStaff(ctx, func(t *wtx) error {
		u, err := getUser(ctx, t, id)
		if err != nil {
			return err
		}
		if req.Username != "" && req.Username != u.Username {
			return invalid("username cannot be changed; create a new user")
		}
		old := u
		if req.Name != nil {
			u.Name = strings.TrimSpace(*req.Name)
		}
		if req.Role != nil {
			u.Role = *req.Role
		}
		if req.CounterIDs != nil {
			u.CounterIDs = append([]string{}, *req.CounterIDs...)
		}
		if req.Active != nil {
			u.Active = *req.Active
		}
		if err := checkUser(s.snapshot(), u); err != nil {
			return err
		}
		if old.Role == api.RoleAdmin && old.Active && (u.Role != api.RoleAdmin || !u.Active) {
			n, err := activeAdmins(ctx, t, id)
			if err != nil {
				return err
			}
			if n == 0 {
				return conflict("%s is the last active admin", u.Username)
			}
		}
		cs, _ := json.Marshal(u.CounterIDs)
		if _, err := t.ExecContext(ctx, `UPDATE users SET name = ?, role = ?, counters = ?, active = ? WHERE id = ?`,
			u.Name, string(u.Role), string(cs), u.Active, id); err != nil {
			return err
		}
		if !u.Active || u.Role != old.Role {
			if err := t.endSessions("revoked", `user_id = ?`, id); err != nil {
				return err
			}
		}
		out = u
		return nil
	})
	return out, err
}

// SetPassword replaces a user's password and ends their sessions.
func (s *Store) SetPassword(ctx context.Context, id, password string) error {
	if err := s.checkPassword(password); err != nil {
		return err
	}
	h, err := s.hash(password)
	if err != nil {
		return err
	}
	return s.writeStaff(ctx, func(t *wtx) error {
		res, err := t.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, h, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("no user %s", id)
		}
		return t.endSessions("revoked", `user_id = ?`, id)
	})
}

// DeleteUser deletes a user no ticket refers to, else deactivates it so
// reports keep the officer's name. Either way their sessions end.
func (s *Store) DeleteUser(ctx context.Context, id string) (api.AdminUser, bool, error) {
	var out api.AdminUser
	deleted := false
	err := s.writeStaff(ctx, func(t *wtx) error {
		u, err := getUser(ctx, t, id)
		if err != nil {
			return err
		}
		if u.Role == api.RoleAdmin && u.Active {
			n, err := activeAdmins(ctx, t, id)
			if err != nil {
				return err
			}
			if n == 0 {
				return conflict("%s is the last active admin", u.Username)
			}
		}
		if err := t.endSessions("revoked", `user_id = ?`, id); err != nil {
			return err
		}
		n, err := countRefs(ctx, t, `SELECT COUNT(*) FROM tickets WHERE officer_id = ?`, id)
		if err != nil {
			return err
		}
		if n == 0 {
			deleted = true
			_, err = t.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, id)
			out = u
			return err
		}
		u.Active = false
		out = u
		_, err = t.ExecContext(ctx, `UPDATE users SET active = 0 WHERE id = ?`, id)
		return err
	})
	return out, deleted, err
}

// ── Devices ────────────────────────────────────────────────────────────────

const deviceCols = `id, name, role, zone, revoked_at`

func (s *Store) scanDevice(sc scanner) (api.Device, error) {
	var d api.Device
	var role string
	var rev sql.NullInt64
	if err := sc.Scan(&d.ID, &d.Name, &role, &d.Zone, &rev); err != nil {
		return d, err
	}
	d.Role = api.Role(role)
	d.RevokedAt = nullMs(rev, s.snapshot().loc)
	d.Revoked = rev.Valid
	return d, nil
}

// Devices lists kiosks and displays (never a token or its hash).
func (s *Store) Devices(ctx context.Context) ([]api.Device, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+deviceCols+` FROM devices ORDER BY revoked_at IS NOT NULL, role, name`)
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	out := []api.Device{}
	for rows.Next() {
		d, err := s.scanDevice(rows)
		if err != nil {
			return nil, dbErr(err)
		}
		out = append(out, d)
	}
	return out, dbErr(rows.Err())
}

// IssueDevice creates a device with a fresh random token (256 bits). The
// token is returned only here; the database keeps its SHA-256.
func (s *Store) IssueDevice(ctx context.Context, req api.DeviceRequest) (api.IssuedDevice, error) {
	req.Name, req.Zone = strings.TrimSpace(req.Name), strings.TrimSpace(req.Zone)
	c := s.snapshot()
	switch {
	case req.Name == "":
		return api.IssuedDevice{}, invalid("name is required (at most %d characters)", config.MaxName)
	case config.CheckText("name", req.Name, config.MaxName) != nil:
		return api.IssuedDevice{}, config.CheckText("name", req.Name, config.MaxName)
	case req.Role != api.RoleKiosk && req.Role != api.RoleDisplay:
		return api.IssuedDevice{}, invalid("role %q must be kiosk or display", req.Role)
	}
	if req.Zone != "" {
		known := false
		for _, ct := range c.counters {
			known = known || ct.Zone == req.Zone
		}
		for _, a := range c.agencies {
			known = known || a.Zone == req.Zone
		}
		if !known {
			return api.IssuedDevice{}, invalid("zone %q is not used by any counter or agency", req.Zone)
		}
	}
	tok := NewID(32)
	h := HashToken(tok)
	out := api.IssuedDevice{Device: api.Device{ID: "dev-" + h[:16], Name: req.Name, Role: req.Role, Zone: req.Zone}, Token: tok}
	err := s.write(ctx, func(t *wtx) error {
		n, err := countRefs(ctx, t, `SELECT COUNT(*) FROM devices WHERE name = ? AND revoked_at IS NULL`, req.Name)
		if err != nil {
			return err
		}
		if n > 0 {
			return conflict("a device named %q already exists; revoke it first or choose another name", req.Name)
		}
		_, err = t.ExecContext(ctx, `INSERT INTO devices(id, name, role, token_hash, zone) VALUES (?,?,?,?,?)`,
			out.ID, out.Name, string(out.Role), h, out.Zone)
		return err
	})
	if err != nil {
		return api.IssuedDevice{}, err
	}
	return out, nil
}

// RevokeDevice stops a device token at once: Authenticate reads the
// devices table on every request. Revoking twice is harmless.
func (s *Store) RevokeDevice(ctx context.Context, id string) (api.Device, error) {
	var out api.Device
	err := s.write(ctx, func(t *wtx) error {
		if _, err := t.ExecContext(ctx, `UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, ms(t.now), id); err != nil {
			return err
		}
		d, err := s.scanDevice(t.QueryRowContext(ctx, `SELECT `+deviceCols+` FROM devices WHERE id = ?`, id))
		if err == sql.ErrNoRows {
			return notFound("no device %s", id)
		}
		out = d
		return err
	})
	return out, err
}
