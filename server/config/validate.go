package config

import (
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"math"
	"regexp"
	"runtime"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"antrean/server/queue"
	"antrean/shared/api"
)

var (
	slugRe     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	usernameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	prefixRe   = regexp.MustCompile(`^[A-Z]{1,3}$`)
	colorRe    = regexp.MustCompile(`^#[0-9A-F]{6}$`)
)

const maxIDLen = 64

// Numeric bounds of the site file and the admin API.
const (
	MaxStart             = 999_999 // first number of the day (6 digits at most)
	MaxQuota             = 100_000 // tickets per service per day
	MaxAvgServiceMinutes = 480     // a whole working day
	MaxCounterNumber     = 9_999
	MaxBcryptCost        = 14 // about a second per check on a small server
	maxOrder             = 1_000_000
)

func bad(format string, args ...any) error { return api.Errorf(api.CodeInvalidInput, format, args...) }

// where names entry i of a list by its id when it has one.
func where(kind string, i int, id string) string {
	if id == "" {
		return fmt.Sprintf("%s[%d]", kind, i)
	}
	return fmt.Sprintf("%s %q", kind, id)
}

func checkSlug(what, id string) error {
	if id == "" {
		return bad("%s: id is missing", what)
	}
	if len(id) > maxIDLen || !slugRe.MatchString(id) {
		return bad("%s: id %q must be a slug: lowercase letters, digits and single dashes, at most %d characters", what, id, maxIDLen)
	}
	return nil
}

// Validate checks the whole file; the first problem found is returned as an
// *api.Error with code invalid_input and a detail naming the entry.
func (f *File) Validate() error {
	for _, check := range []func() error{
		f.validateSite, f.validateAgencies, f.validateServices, f.validateCounters,
		f.validateUsers, f.validateDevices, f.validateSecrets, f.validateHolidays, f.validateBooking, f.validateVisits, f.validateVoice,
		f.validateAnnouncements,
	} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func (f *File) validateSite() error {
	s := f.Site
	if err := checkSlug("[site]", s.ID); err != nil {
		return err
	}
	if s.Name == "" {
		return bad("[site]: name is missing")
	}
	if err := checkTexts("[site]", "name", s.Name, MaxName, "city", s.City, MaxText, "logo", s.Logo, MaxText,
		"call_center", s.CallCenter, 40); err != nil {
		return err
	}
	if len(s.Announcements) > MaxList {
		return bad("[site]: %d announcements; at most %d", len(s.Announcements), MaxList)
	}
	for i, a := range s.Announcements {
		if err := CheckText(fmt.Sprintf("[site]: announcements[%d]", i), a, MaxText); err != nil {
			return err
		}
	}
	if _, err := time.LoadLocation(s.Timezone); err != nil || s.Timezone == "" || s.Timezone == "Local" {
		return bad("[site]: timezone %q is not a known IANA zone (e.g. \"Asia/Jakarta\")", s.Timezone)
	}
	if s.AlwaysOpen && !s.Demo {
		return bad("[site]: always_open is allowed only on a demo site (demo = true)")
	}
	if len([]rune(s.CallCenter)) > 40 {
		return bad("[site]: call_center is longer than 40 characters")
	}
	if s.NoShowAfterSeconds < 0 || s.NoShowAfterSeconds > 3600 {
		return bad("[site]: no_show_after_seconds must be 0-3600")
	}
	if err := queue.ValidateHours(s.Hours); err != nil {
		return bad("[hours]: %s", detailOf(err))
	}
	return nil
}

func (f *File) validateAgencies() error {
	if len(f.Agencies) == 0 {
		return bad("no [[agencies]]: a site needs at least one")
	}
	seen := map[string]bool{}
	for i, a := range f.Agencies {
		w := where("agency", i, a.ID)
		if err := checkSlug(w, a.ID); err != nil {
			return err
		}
		if seen[a.ID] {
			return bad("%s: id is used twice", w)
		}
		seen[a.ID] = true
		if a.Name == "" {
			return bad("%s: name is missing", w)
		}
		if err := checkTexts(w, "name", a.Name, MaxName, "short", a.Short, MaxShort, "logo", a.Logo, MaxText, "zone", a.Zone, MaxShort); err != nil {
			return err
		}
		if a.Order < -maxOrder || a.Order > maxOrder {
			return bad("%s: order %d must be within ±%d", w, a.Order, maxOrder)
		}
		if a.Color != "" && !colorRe.MatchString(a.Color) {
			return bad("%s: color %q must be \"#RRGGBB\"", w, a.Color)
		}
	}
	return nil
}

func (f *File) validateServices() error {
	if len(f.Services) == 0 {
		return bad("no [[services]]: a site needs at least one")
	}
	agencies := map[string]bool{}
	for _, a := range f.Agencies {
		agencies[a.ID] = true
	}
	ids, prefixes := map[string]bool{}, map[string]string{}
	for i, s := range f.Services {
		w := where("service", i, s.ID)
		if err := checkSlug(w, s.ID); err != nil {
			return err
		}
		if ids[s.ID] {
			return bad("%s: id is used twice", w)
		}
		ids[s.ID] = true
		if s.Name == "" {
			return bad("%s: name is missing", w)
		}
		if err := CheckText(w+": name", s.Name, MaxName); err != nil {
			return err
		}
		if s.Order < -maxOrder || s.Order > maxOrder {
			return bad("%s: order %d must be within ±%d", w, s.Order, maxOrder)
		}
		if s.Icon != "" && (len(s.Icon) > maxIDLen || !slugRe.MatchString(s.Icon)) {
			return bad("%s: icon %q must be the name of a pictogram (a slug)", w, s.Icon)
		}
		if s.AgencyID == "" {
			return bad("%s: agency is missing", w)
		}
		if !agencies[s.AgencyID] {
			return bad("%s: agency %q is not in [[agencies]]", w, s.AgencyID)
		}
		if !prefixRe.MatchString(s.Prefix) {
			return bad("%s: prefix %q must be 1-3 uppercase letters (A-Z)", w, s.Prefix)
		}
		if other, dup := prefixes[s.Prefix]; dup {
			return bad("%s: prefix %q is already used by service %q", w, s.Prefix, other)
		}
		prefixes[s.Prefix] = s.ID
		if s.Digits < 1 || s.Digits > 6 {
			return bad("%s: digits %d must be 1-6", w, s.Digits)
		}
		// Bounds keep every later sum (numbers, waits, estimates) far from
		// overflow and nonsense.
		if s.Start < 0 || s.Start > MaxStart {
			return bad("%s: start %d must be 0-%d", w, s.Start, MaxStart)
		}
		if s.DailyQuota < 0 || s.DailyQuota > MaxQuota {
			return bad("%s: quota %d must be 0-%d (0 = no quota)", w, s.DailyQuota, MaxQuota)
		}
		if s.CutoffMinutes < 0 || s.CutoffMinutes > 1440 {
			return bad("%s: cutoff_minutes %d must be 0-1440", w, s.CutoffMinutes)
		}
		if math.IsNaN(s.AvgServiceMinutes) || s.AvgServiceMinutes <= 0 || s.AvgServiceMinutes > MaxAvgServiceMinutes {
			return bad("%s: avg_service_minutes %v must be more than 0 and at most %d", w, s.AvgServiceMinutes, MaxAvgServiceMinutes)
		}
		if s.Interleave.Priority < 0 || s.Interleave.Regular < 0 || s.Interleave.Priority > 100 || s.Interleave.Regular > 100 {
			return bad("%s: interleave priority and regular must be 0-100", w)
		}
		if err := queue.ValidateHours(s.Hours); err != nil {
			return bad("%s: %s", w, detailOf(err))
		}
	}
	return nil
}

func (f *File) validateCounters() error {
	services := map[string]bool{}
	for _, s := range f.Services {
		services[s.ID] = true
	}
	ids, numbers := map[string]bool{}, map[int]string{}
	for i, c := range f.Counters {
		w := where("counter", i, c.ID)
		if err := checkSlug(w, c.ID); err != nil {
			return err
		}
		if ids[c.ID] {
			return bad("%s: id is used twice", w)
		}
		ids[c.ID] = true
		if c.Number <= 0 || c.Number > MaxCounterNumber {
			return bad("%s: number %d must be 1-%d", w, c.Number, MaxCounterNumber)
		}
		if err := checkTexts(w, "name", c.Name, MaxName, "zone", c.Zone, MaxShort); err != nil {
			return err
		}
		if other, dup := numbers[c.Number]; dup {
			return bad("%s: number %d is already used by counter %q", w, c.Number, other)
		}
		numbers[c.Number] = c.ID
		if len(c.ServiceIDs) == 0 {
			return bad("%s: services is empty; a counter serves at least one service", w)
		}
		seen := map[string]bool{}
		for _, sid := range c.ServiceIDs {
			if !services[sid] {
				return bad("%s: service %q is not in [[services]]", w, sid)
			}
			if seen[sid] {
				return bad("%s: service %q is listed twice", w, sid)
			}
			seen[sid] = true
		}
		if !c.Status.Valid() {
			return bad("%s: status %q must be open, break or closed", w, c.Status)
		}
	}
	return nil
}

func (f *File) validateUsers() error {
	counters := map[string]bool{}
	for _, c := range f.Counters {
		counters[c.ID] = true
	}
	seen := map[string]bool{}
	for i, u := range f.Users {
		w := where("user", i, u.Username)
		if u.Username == "" {
			return bad("%s: username is missing", w)
		}
		if len(u.Username) > maxIDLen || !usernameRe.MatchString(u.Username) {
			return bad("%s: username must be lowercase letters, digits, '.', '_' or '-'", w)
		}
		if seen[u.Username] {
			return bad("%s: username is used twice", w)
		}
		if err := CheckText(w+": name", u.Name, MaxName); err != nil {
			return err
		}
		seen[u.Username] = true
		if u.Role != api.RoleOfficer && u.Role != api.RoleAdmin {
			return bad("%s: role %q must be officer or admin", w, u.Role)
		}
		switch {
		case u.Password == "" && u.PasswordHash == "":
			return bad("%s: needs password_hash (or password on a demo site)", w)
		case u.Password != "" && u.PasswordHash != "":
			return bad("%s: set password or password_hash, not both", w)
		case u.PasswordHash != "":
			cost, err := bcrypt.Cost([]byte(u.PasswordHash))
			if err != nil {
				return bad("%s: password_hash is not a bcrypt hash ($2a$/$2b$…)", w)
			}
			// Each login (and the demo-credential check at start) runs
			// 2^cost rounds: cost 31 would take days per check.
			if cost > MaxBcryptCost {
				return bad("%s: password_hash has bcrypt cost %d; at most %d (each login would take too long)", w, cost, MaxBcryptCost)
			}
		}
		if u.Role == api.RoleOfficer && len(u.Counters) == 0 {
			return bad("%s: an officer needs at least one counter in counters", w)
		}
		for _, cid := range u.Counters {
			if !counters[cid] {
				return bad("%s: counter %q is not in [[counters]]", w, cid)
			}
		}
	}
	return nil
}

func (f *File) validateDevices() error {
	zones := map[string]bool{}
	for _, c := range f.Counters {
		zones[c.Zone] = true
	}
	for _, a := range f.Agencies {
		zones[a.Zone] = true
	}
	names, tokens := map[string]bool{}, map[string]string{}
	for i, d := range f.Devices {
		w := where("device", i, d.Name)
		if d.Name == "" {
			return bad("%s: name is missing", w)
		}
		if names[d.Name] {
			return bad("%s: name is used twice", w)
		}
		if err := CheckText(w+": name", d.Name, MaxName); err != nil {
			return err
		}
		names[d.Name] = true
		if d.Role != api.RoleKiosk && d.Role != api.RoleDisplay {
			return bad("%s: role %q must be kiosk or display", w, d.Role)
		}
		switch {
		case d.Token == "" && d.TokenSHA256 == "":
			return bad("%s: needs token_sha256 (or token on a demo site)", w)
		case d.Token != "" && d.TokenSHA256 != "":
			return bad("%s: set token or token_sha256, not both", w)
		case d.TokenSHA256 != "":
			if b, err := hex.DecodeString(d.TokenSHA256); err != nil || len(b) != 32 {
				return bad("%s: token_sha256 must be 64 hex digits (sha256sum of the token)", w)
			}
		}
		if other, dup := tokens[d.SHA256()]; dup {
			return bad("%s: uses the same token as device %q", w, other)
		}
		tokens[d.SHA256()] = d.Name
		if d.Zone != "" && !zones[d.Zone] {
			return bad("%s: zone %q is not used by any counter or agency", w, d.Zone)
		}
	}
	return nil
}

// validateSecrets keeps demo secrets out of real sites: plaintext secrets
// only when demo = true, and never a published demo credential otherwise,
// not even hashed.
func (f *File) validateSecrets() error {
	if f.Site.Demo {
		return nil
	}
	for i, d := range f.Devices {
		w := where("device", i, d.Name)
		for _, demo := range DemoCredentials {
			if subtle.ConstantTimeCompare([]byte(d.SHA256()), []byte(HashToken(demo))) == 1 {
				return bad("%s: uses the published demo credential %q; a non-demo site must use its own secret", w, demo)
			}
		}
		if d.Token != "" {
			return bad("%s: a plain token is allowed only on a demo site; use token_sha256", w)
		}
	}
	for i, u := range f.Users {
		w := where("user", i, u.Username)
		for _, demo := range DemoCredentials {
			if u.Password == demo {
				return bad("%s: uses the published demo credential %q; a non-demo site must use its own secret", w, demo)
			}
		}
		if u.Password != "" {
			return bad("%s: a plain password is allowed only on a demo site; use password_hash (bcrypt)", w)
		}
	}
	return f.checkHashedDemoPasswords()
}

// checkHashedDemoPasswords tries every demo credential against every bcrypt
// hash. bcrypt is slow on purpose, so the pairs run on all cores; the error
// reported is the first user in file order.
func (f *File) checkHashedDemoPasswords() error {
	type job struct{ user, cred int }
	jobs := make(chan job)
	hits := make([]string, len(f.Users))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				hash := []byte(f.Users[j.user].PasswordHash)
				if bcrypt.CompareHashAndPassword(hash, []byte(DemoCredentials[j.cred])) == nil {
					mu.Lock()
					hits[j.user] = DemoCredentials[j.cred]
					mu.Unlock()
				}
			}
		}()
	}
	for i, u := range f.Users {
		if u.PasswordHash == "" {
			continue
		}
		for c := range DemoCredentials {
			jobs <- job{i, c}
		}
	}
	close(jobs)
	wg.Wait()
	for i, demo := range hits {
		if demo != "" {
			return bad("%s: password_hash is the published demo credential %q; a non-demo site must use its own secret",
				where("user", i, f.Users[i].Username), demo)
		}
	}
	return nil
}

func detailOf(err error) string {
	if e, ok := err.(*api.Error); ok {
		return e.Detail
	}
	return err.Error()
}

// Text limits (characters) of names and other free text; a screen or a
// printed ticket has room for no more.
const (
	MaxName  = 100 // agency, service, counter, user, device, site names
	MaxShort = 40  // agency short name, zone
	MaxText  = 300 // one announcement, the city, a logo path
	MaxList  = 50  // announcements
)

// CheckText refuses free text that is too long, not UTF-8, or carries
// control characters (NUL, newlines, escapes) or bidirectional overrides
// and isolates (which can make "A-001" read as something else on a
// screen, a ticket or in a CSV); what names the field in the error.
func CheckText(what, s string, max int) error {
	if !utf8.ValidString(s) {
		return bad("%s is not valid UTF-8", what)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return bad("%s is %d characters long; at most %d", what, n, max)
	}
	for _, r := range s {
		if unicode.IsControl(r) || isBidiControl(r) {
			return bad("%s contains a control or text-direction character (U+%04X)", what, r)
		}
	}
	return nil
}

func isBidiControl(r rune) bool {
	switch {
	case r == 0x061C, r == 0x200E, r == 0x200F: // ALM, LRM, RLM
		return true
	case r >= 0x202A && r <= 0x202E: // LRE RLE PDF LRO RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI RLI FSI PDI
		return true
	}
	return false
}

// checkTexts runs CheckText over field/value/limit triples.
func checkTexts(w string, fields ...any) error {
	for i := 0; i+2 < len(fields); i += 3 {
		name, v, max := fields[i].(string), fields[i+1].(string), fields[i+2].(int)
		if err := CheckText(w+": "+name, v, max); err != nil {
			return err
		}
	}
	return nil
}
