package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"strings"
	"sync"

	"golang.org/x/crypto/bcrypt"

	"antrean/server/store"
	"antrean/shared/api"
)

// NewID returns n random bytes, URL-safe base64 (16 bytes = 128 bits).
func NewID(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

var (
	dummyOnce sync.Once
	dummy     []byte
)

// dummyHash is compared against when the user does not exist, at the
// configured cost, so both paths take the same time.
func (s *Store) dummyHash() []byte {
	dummyOnce.Do(func() {
		cost := s.opts.BcryptCost
		if cost == 0 {
			cost = bcrypt.DefaultCost
		}
		dummy, _ = bcrypt.GenerateFromPassword([]byte(NewID(12)), cost)
	})
	return dummy
}

var errUnauthorized = &api.Error{Code: api.CodeUnauthorized, Detail: "missing, unknown or expired token"}

// Authenticate resolves a bearer token: a device token or a session token.
// Both are stored only as SHA-256, so a leaked database leaks no token.
func (s *Store) Authenticate(ctx context.Context, token string) (store.Principal, error) {
	if token == "" {
		return store.Principal{}, errUnauthorized
	}
	h := HashToken(token)
	var p store.Principal
	var role string
	var revoked sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT id, role, zone, revoked_at FROM devices WHERE token_hash = ?`, h).
		Scan(&p.DeviceID, &role, &p.Zone, &revoked)
	if err == nil {
		if revoked.Valid {
			return store.Principal{}, errUnauthorized
		}
		p.Role = api.Role(role)
		return p, nil
	}
	if err != sql.ErrNoRows {
		return store.Principal{}, dbErr(err)
	}
	var counters string
	var expires int64
	var active bool
	err = s.r.QueryRowContext(ctx, `SELECT u.id, u.username, u.role, u.counters, u.active, s.counter_id, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, h).
		Scan(&p.UserID, &p.Username, &role, &counters, &active, &p.CounterID, &expires)
	if err == sql.ErrNoRows {
		return store.Principal{}, errUnauthorized
	}
	if err != nil {
		return store.Principal{}, dbErr(err)
	}
	if !active || expires <= ms(s.clock.Now()) {
		return store.Principal{}, errUnauthorized
	}
	p.Role = api.Role(role)
	_ = json.Unmarshal([]byte(counters), &p.CounterIDs)
	return p, nil
}

// Login checks a password and opens a session.
func (s *Store) Login(ctx context.Context, req api.SessionRequest) (api.Session, error) {
	user := strings.TrimSpace(req.Username)
	if user == "" || req.Password == "" {
		return api.Session{}, &api.Error{Code: api.CodeInvalidInput, Detail: "username and password are required"}
	}
	var u api.User
	var hash, counters, role string
	var active bool
	err := s.r.QueryRowContext(ctx, `SELECT id, username, name, role, password_hash, counters, active FROM users WHERE username = ?`, user).
		Scan(&u.ID, &u.Username, &u.Name, &role, &hash, &counters, &active)
	if err != nil && err != sql.ErrNoRows {
		return api.Session{}, dbErr(err)
	}
	bad := &api.Error{Code: api.CodeUnauthorized, Detail: "wrong username or password"}
	if err == sql.ErrNoRows || !active {
		// Spend the same time as a real check so usernames cannot be probed.
		bcrypt.CompareHashAndPassword(s.dummyHash(), []byte(req.Password))
		return api.Session{}, bad
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(req.Password)) != nil {
		return api.Session{}, bad
	}
	u.Role = api.Role(role)
	_ = json.Unmarshal([]byte(counters), &u.CounterIDs)
	c := s.snapshot()
	sess := api.Session{User: u}
	for _, id := range u.CounterIDs {
		if ct, ok := c.counter[id]; ok {
			sess.Counters = append(sess.Counters, ct)
		}
	}
	if req.CounterID != "" {
		ct, ok := c.counter[req.CounterID]
		if !ok {
			return api.Session{}, &api.Error{Code: api.CodeNotFound, Detail: "unknown counter " + req.CounterID}
		}
		p := store.Principal{Role: u.Role, CounterIDs: u.CounterIDs}
		if !p.Can(ct.ID) {
			return api.Session{}, &api.Error{Code: api.CodeForbidden, Detail: "counter " + ct.ID + " is not assigned to " + u.Username}
		}
		sess.Counter = &ct
	} else if u.Role == api.RoleOfficer && len(sess.Counters) == 1 {
		ct := sess.Counters[0]
		sess.Counter = &ct
	}
	tok := NewID(32)
	now := s.clock.Now()
	sess.Token = tok
	sess.ExpiresAt = now.Add(s.opts.SessionTTL).In(c.loc)
	counterID := ""
	if sess.Counter != nil {
		counterID = sess.Counter.ID
	}
	err = s.writeStaff(ctx, func(t *wtx) error {
		_, err := t.ExecContext(ctx, `INSERT INTO sessions(token_hash, user_id, counter_id, created_at, expires_at) VALUES (?,?,?,?,?)`,
			HashToken(tok), u.ID, counterID, ms(now), ms(sess.ExpiresAt))
		if err != nil {
			return err
		}
		if err := t.logLogin(HashToken(tok), u.ID, counterID, sess.ExpiresAt); err != nil {
			return err
		}
		// Keep the table small: expired sessions are useless.
		return t.endSessions("expired", `expires_at < ?`, ms(now))
	})
	if err != nil {
		return api.Session{}, err
	}
	return sess, nil
}

// Logout ends a session; unknown tokens are ignored.
func (s *Store) Logout(ctx context.Context, token string) error {
	return s.writeStaff(ctx, func(t *wtx) error {
		return t.endSessions("logout", `token_hash = ?`, HashToken(token))
	})
}
