// Package config loads a site file (TOML): the MPP, its agencies, services,
// counters, users and device tokens. The server seeds its store from it on
// first start. Loading is strict — an unknown key is an error — because a
// mistyped key in a hand-edited file must not silently become a default.
package config

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"time"
	_ "time/tzdata" // the server may run on a host without zoneinfo (scratch images, Windows)

	"golang.org/x/crypto/bcrypt"

	"antrean/shared/api"
)

// Defaults applied when the site file leaves a field out.
const (
	DefaultTimezone          = "Asia/Jakarta"
	DefaultDigits            = 3
	DefaultStart             = 1
	DefaultAvgServiceMinutes = 5.0
)

// DemoCredentials are the sample site's published secrets; a non-demo site
// using any of them (plain or hashed) is refused.
var DemoCredentials = []string{"kiosk-demo", "display-demo", "admin-demo", "demo123"}

// File is a loaded, defaulted site file.
type File struct {
	Site     api.Site
	Agencies []api.Agency
	Services []api.Service // hours resolved (service hours override the site's per weekday)
	Counters []api.Counter
	Users    []User
	Devices  []Device
	// Holidays is the service calendar ([[holidays]]), in date order.
	Holidays []api.Holiday
	// Announcements are the scheduled running text ([[announcements]]);
	// Site.Announcements (the plain list) become always-on entries when
	// the store seeds them (LegacyAnnouncements).
	Announcements []api.Announcement
	// Voice is the hall displays' voice ([voice], voice.go).
	Voice Voice
}

// User is an officer or admin account. Exactly one of Password (plain,
// demo sites only) and PasswordHash (bcrypt) is set.
type User struct {
	Username     string
	Name         string
	Role         api.Role // officer | admin
	Password     string
	PasswordHash string
	Counters     []string
}

// Device is a kiosk or hall display. Exactly one of Token (plain, demo
// sites only) and TokenSHA256 (hex) is set.
type Device struct {
	Name        string
	Role        api.Role // kiosk | display
	Token       string
	TokenSHA256 string
	Zone        string // display: only this zone ("" = all)
}

// HashToken is the hex SHA-256 of a device token, as stored and compared.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// SHA256 is the device's token hash, computed from Token when only the plain
// token is given.
func (d Device) SHA256() string {
	if d.TokenSHA256 != "" {
		return d.TokenSHA256
	}
	return HashToken(d.Token)
}

// Load reads and parses a site file.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read site file: %w", err)
	}
	f, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("site file %s: %w", path, err)
	}
	return f, nil
}

// Location is the site's time zone (Validate has checked it loads).
func (f *File) Location() *time.Location {
	loc, err := time.LoadLocation(f.Site.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Service returns the service with id, or nil.
func (f *File) Service(id string) *api.Service {
	for i := range f.Services {
		if f.Services[i].ID == id {
			return &f.Services[i]
		}
	}
	return nil
}

// BcryptHash is the user's password hash: PasswordHash as given, or a fresh
// bcrypt hash of the plain (demo) Password at the given cost
// (bcrypt.DefaultCost when cost <= 0).
func (u User) BcryptHash(cost int) (string, error) {
	if u.PasswordHash != "" {
		return u.PasswordHash, nil
	}
	if cost <= 0 {
		cost = bcrypt.DefaultCost
	}
	h, err := bcrypt.GenerateFromPassword([]byte(u.Password), cost)
	if err != nil {
		return "", fmt.Errorf("hash password of %s: %w", u.Username, err)
	}
	return string(h), nil
}
