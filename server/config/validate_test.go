package config

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"antrean/shared/api"
)

// base is a small valid demo site; each case below breaks one rule.
const base = `
[site]
id = "mpp-test"
name = "MPP Uji"
city = "Pariaman"
demo = true

[hours]
mon-thu = "08:00-16:00"
fri = { open = "08:00", close = "16:00", breaks = ["11:30-13:30"] }

[[agencies]]
id = "disdukcapil"
name = "Dinas Kependudukan dan Pencatatan Sipil"
short = "Disdukcapil"
zone = "A"

[[services]]
id = "ktp-el"
agency = "disdukcapil"
name = "KTP-el"
prefix = "A"
quota = 100

[[services]]
id = "kk"
agency = "disdukcapil"
name = "Kartu Keluarga"
prefix = "B"

[[counters]]
id = "loket-1"
number = 1
zone = "A"
services = ["ktp-el", "kk"]

[[counters]]
id = "loket-2"
number = 2
zone = "A"
services = ["kk"]

[[users]]
username = "petugas1"
name = "Petugas Satu"
role = "officer"
password = "demo123"
counters = ["loket-1"]

[[users]]
username = "admin"
role = "admin"
password = "admin-demo"

[[devices]]
name = "Kiosk"
role = "kiosk"
token = "kiosk-demo"

[[devices]]
name = "Layar"
role = "display"
token = "display-demo"
zone = "A"
`

func mustReplace(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("test setup: %q not in base", old)
	}
	return strings.Replace(s, old, new, 1)
}

func TestBaseIsValidWithDefaults(t *testing.T) {
	f, err := Parse([]byte(base))
	if err != nil {
		t.Fatal(err)
	}
	if f.Site.Timezone != DefaultTimezone {
		t.Errorf("timezone %q", f.Site.Timezone)
	}
	kk := f.Service("kk")
	if kk.Digits != 3 || kk.Start != 1 || kk.AvgServiceMinutes != 5 || !kk.Active || kk.DailyQuota != 0 || kk.Order != 2 {
		t.Errorf("kk defaults %+v", kk)
	}
	if len(kk.Hours) != 5 || kk.Hours[4].Weekday != 5 || len(kk.Hours[4].Breaks) != 1 || kk.Hours[0].Weekday != 1 {
		t.Errorf("kk hours %+v", kk.Hours)
	}
	if c := f.Counters[1]; c.Name != "Loket 2" || c.Status != api.CounterOpen {
		t.Errorf("counter defaults %+v", c)
	}
	if a := f.Agencies[0]; a.Order != 1 {
		t.Errorf("agency order %d", a.Order)
	}
	if u := f.Users[1]; u.Name != "admin" {
		t.Errorf("user name default %q", u.Name)
	}
	if f.Devices[0].SHA256() != HashToken("kiosk-demo") || len(HashToken("x")) != 64 {
		t.Error("device hash")
	}
}

func TestValidationRules(t *testing.T) {
	tests := []struct {
		name string
		edit func(t *testing.T, s string) string
		want string
	}{
		{"site id not a slug", r(`id = "mpp-test"`, `id = "MPP Test"`), `[site]: id "MPP Test" must be a slug`},
		{"site id missing", r(`id = "mpp-test"`, ``), `[site]: id is missing`},
		{"site name missing", r(`name = "MPP Uji"`, ``), `[site]: name is missing`},
		{"bad timezone", r(`city = "Pariaman"`, `timezone = "Asia/Pariaman"`), `timezone "Asia/Pariaman" is not a known IANA zone`},
		{"always open outside demo", r(`demo = true`, "demo = false\nalways_open = true"), `always_open is allowed only on a demo site`},
		{"agency id not a slug", r(`id = "disdukcapil"`, `id = "dinas_dukcapil"`), `agency "dinas_dukcapil": id "dinas_dukcapil" must be a slug`},
		{"agency id twice", appendTOML("[[agencies]]\nid = \"disdukcapil\"\nname = \"Lagi\"\n"), `agency "disdukcapil": id is used twice`},
		{"agency name missing", appendTOML("[[agencies]]\nid = \"bpn\"\n"), `agency "bpn": name is missing`},
		{"service id twice", r(`id = "kk"`, `id = "ktp-el"`), `service "ktp-el": id is used twice`},
		{"service id missing", r(`id = "kk"`, ``), `service[1]: id is missing`},
		{"service unknown agency", r(`agency = "disdukcapil"`, `agency = "dukcapil"`), `service "ktp-el": agency "dukcapil" is not in [[agencies]]`},
		{"service agency missing", r(`agency = "disdukcapil"`, ``), `service "ktp-el": agency is missing`},
		{"service name missing", r(`name = "KTP-el"`, ``), `service "ktp-el": name is missing`},
		{"prefix lowercase", r(`prefix = "A"`, `prefix = "a"`), `service "ktp-el": prefix "a" must be 1-3 uppercase letters`},
		{"prefix too long", r(`prefix = "A"`, `prefix = "KTPE"`), `prefix "KTPE" must be 1-3 uppercase letters`},
		{"prefix missing", r(`prefix = "A"`, ``), `prefix "" must be 1-3 uppercase letters`},
		{"prefix digit", r(`prefix = "A"`, `prefix = "A1"`), `prefix "A1" must be 1-3`},
		{"prefix twice", r(`prefix = "B"`, `prefix = "A"`), `service "kk": prefix "A" is already used by service "ktp-el"`},
		{"digits 0", r(`prefix = "A"`, "prefix = \"A\"\ndigits = 0"), `service "ktp-el": digits 0 must be 1-6`},
		{"digits 7", r(`prefix = "A"`, "prefix = \"A\"\ndigits = 7"), `digits 7 must be 1-6`},
		{"negative start", r(`prefix = "A"`, "prefix = \"A\"\nstart = -1"), `start -1 must be 0-999999`},
		{"negative quota", r(`quota = 100`, `quota = -5`), `quota -5 must be 0-100000`},
		{"negative cutoff", r(`quota = 100`, `cutoff_minutes = -5`), `cutoff_minutes -5 must be 0-1440`},
		{"zero avg", r(`quota = 100`, `avg_service_minutes = 0`), `avg_service_minutes 0 must be more than 0`},
		{"negative interleave", r(`quota = 100`, `interleave = { priority = -1, regular = 2 }`), `interleave priority and regular must be 0-100`},
		{"service hours break overlaps", r(`quota = 100`, "quota = 100\nhours = { fri = { open = \"08:00\", close = \"16:00\", breaks = [\"11:30-13:30\", \"13:00-14:00\"] } }"),
			`service "ktp-el": hours for Friday: breaks 11:30-13:30 and 13:00-14:00 overlap`},
		{"site hours close before open", r(`mon-thu = "08:00-16:00"`, `mon-thu = "16:00-08:00"`), `hours for Monday: close 08:00 is not after open 16:00`},
		{"bad clock", r(`mon-thu = "08:00-16:00"`, `mon-thu = "8-16"`), `open time "8" is not HH:MM`},
		{"break outside hours", r(`breaks = ["11:30-13:30"]`, `breaks = ["15:30-16:30"]`), `break 15:30-16:30 is outside opening hours`},
		{"counter id not a slug", r(`id = "loket-1"`, `id = "Loket 1"`), `counter "Loket 1": id "Loket 1" must be a slug`},
		{"counter id twice", r(`id = "loket-2"`, `id = "loket-1"`), `counter "loket-1": id is used twice`},
		{"counter number twice", r(`number = 2`, `number = 1`), `counter "loket-2": number 1 is already used by counter "loket-1"`},
		{"counter number zero", r(`number = 2`, `number = 0`), `counter "loket-2": number 0 must be 1-9999`},
		{"counter number missing", r(`number = 2`, ``), `counter "loket-2": number 0 must be 1-9999`},
		{"counter without services", r(`services = ["kk"]`, `services = []`), `counter "loket-2": services is empty`},
		{"counter unknown service", r(`services = ["kk"]`, `services = ["kia"]`), `counter "loket-2": service "kia" is not in [[services]]`},
		{"counter service twice", r(`services = ["kk"]`, `services = ["kk", "kk"]`), `counter "loket-2": service "kk" is listed twice`},
		{"counter bad status", r(`services = ["kk"]`, "services = [\"kk\"]\nstatus = \"lunch\""), `status "lunch" must be open, break or closed`},
		{"user bad role", r(`role = "officer"`, `role = "petugas"`), `user "petugas1": role "petugas" must be officer or admin`},
		{"user unknown counter", r(`counters = ["loket-1"]`, `counters = ["loket-9"]`), `user "petugas1": counter "loket-9" is not in [[counters]]`},
		{"officer without counter", r(`counters = ["loket-1"]`, ``), `user "petugas1": an officer needs at least one counter`},
		{"username twice", r(`username = "admin"`, `username = "petugas1"`), `user "petugas1": username is used twice`},
		{"username bad", r(`username = "admin"`, `username = "Admin MPP"`), `username must be lowercase`},
		{"user without password", r(`password = "admin-demo"`, ``), `user "admin": needs password_hash`},
		{"user password and hash", r(`password = "admin-demo"`, "password = \"admin-demo\"\npassword_hash = \"$2a$04$abc\""), `set password or password_hash, not both`},
		{"user hash not bcrypt", r(`password = "admin-demo"`, `password_hash = "secret"`), `password_hash is not a bcrypt hash`},
		{"device bad role", r(`role = "kiosk"`, `role = "printer"`), `device "Kiosk": role "printer" must be kiosk or display`},
		{"device without token", r(`token = "kiosk-demo"`, ``), `device "Kiosk": needs token_sha256`},
		{"device token twice", r(`token = "display-demo"`, `token = "kiosk-demo"`), `device "Layar": uses the same token as device "Kiosk"`},
		{"device name twice", r(`name = "Layar"`, `name = "Kiosk"`), `device "Kiosk": name is used twice`},
		{"device bad sha", r(`token = "kiosk-demo"`, `token_sha256 = "abc"`), `token_sha256 must be 64 hex digits`},
		{"device unknown zone", r("token = \"display-demo\"\nzone = \"A\"", "token = \"display-demo\"\nzone = \"C\""), `device "Layar": zone "C" is not used`},
		// Limits: numbers that overflowed into negative ticket numbers and
		// waits, and text that breaks screens, tickets and CSV files.
		{"start near int64 max", r(`prefix = "A"`, "prefix = \"A\"\nstart = 9223372036854775000"), `start 9223372036854775000 must be 0-999999`},
		{"avg 1e308", r(`quota = 100`, `avg_service_minutes = 1e308`), `avg_service_minutes 1e+308 must be more than 0 and at most 480`},
		{"avg inf", r(`quota = 100`, `avg_service_minutes = inf`), `avg_service_minutes +Inf must be`},
		{"avg nan", r(`quota = 100`, `avg_service_minutes = nan`), `avg_service_minutes NaN must be`},
		{"huge quota", r(`quota = 100`, `quota = 9000000000`), `quota 9000000000 must be 0-100000`},
		{"huge cutoff", r(`quota = 100`, `cutoff_minutes = 100000`), `cutoff_minutes 100000 must be 0-1440`},
		{"huge counter number", r(`number = 2`, `number = 4000000000`), `number 4000000000 must be 1-9999`},
		{"huge order", r(`quota = 100`, `order = 9000000000`), `order 9000000000 must be within`},
		{"site name too long", r(`name = "MPP Uji"`, `name = "`+strings.Repeat("x", 60000)+`"`), `[site]: name is 60000 characters long; at most 100`},
		{"agency name with NUL", r(`short = "Disdukcapil"`, `short = "Dukcapil\u0000"`), `agency "disdukcapil": short contains a control`},
		{"service name RLO", r(`name = "KTP-el"`, `name = "KTP\u202Eel"`), `service "ktp-el": name contains a control or text-direction character (U+202E)`},
		{"service name isolate", r(`name = "KTP-el"`, `name = "KTP\u2067el"`), `U+2067`},
		{"counter name newline", r(`number = 2`, "number = 2\nname = \"Loket\\nDua\""), `counter "loket-2": name contains a control`},
		{"user name too long", r(`name = "Petugas Satu"`, `name = "`+strings.Repeat("é", 101)+`"`), `user "petugas1": name is 101 characters long`},
		{"device name bidi", r(`name = "Layar"`, `name = "Layar\u200F"`), `name contains a control or text-direction character (U+200F)`},
		{"announcement escape", r(`demo = true`, "demo = true\nannouncements = [\"ok\", \"\\u001b[31mmerah\"]"), `[site]: announcements[1] contains a control`},
		{"too many announcements", r(`demo = true`, "demo = true\nannouncements = ["+strings.Repeat(`"a",`, 51)+"]"), `51 announcements; at most 50`},
		{"bcrypt cost 31", r(`password = "admin-demo"`, `password_hash = "$2a$31$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"`), `bcrypt cost 31; at most 14`},
		{"no agencies", func(t *testing.T, s string) string { return s[:strings.Index(s, "[[agencies]]")] }, `no [[agencies]]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.edit(t, base)))
			if err == nil {
				t.Fatalf("accepted; want error containing %q", tt.want)
			}
			if !errors.Is(err, api.ErrInvalidInput) {
				t.Fatalf("error %v is not invalid_input", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func r(old, new string) func(*testing.T, string) string {
	return func(t *testing.T, s string) string { return mustReplace(t, s, old, new) }
}

func appendTOML(extra string) func(*testing.T, string) string {
	return func(t *testing.T, s string) string {
		// Insert before [[services]] so the array of tables stays together.
		return mustReplace(t, s, "[[services]]", extra+"\n[[services]]")
	}
}

// realSite turns base into a non-demo site with its own hashed secrets.
func realSite(t *testing.T) string {
	t.Helper()
	hash := func(pw string) string {
		h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
		if err != nil {
			t.Fatal(err)
		}
		return string(h)
	}
	s := mustReplace(t, base, `demo = true`, `demo = false`)
	s = mustReplace(t, s, `password = "demo123"`, `password_hash = "`+hash("s3cret-loket")+`"`)
	s = mustReplace(t, s, `password = "admin-demo"`, `password_hash = "`+hash("s3cret-admin")+`"`)
	s = mustReplace(t, s, `token = "kiosk-demo"`, `token_sha256 = "`+HashToken("kiosk-7f3a9c")+`"`)
	s = mustReplace(t, s, `token = "display-demo"`, `token_sha256 = "`+strings.ToUpper(HashToken("layar-41be"))+`"`)
	return s
}

func TestNonDemoSecrets(t *testing.T) {
	real := realSite(t)
	f, err := Parse([]byte(real))
	if err != nil {
		t.Fatalf("non-demo site with hashed secrets: %v", err)
	}
	if f.Site.Demo || f.Devices[1].TokenSHA256 != HashToken("layar-41be") || f.Devices[1].SHA256() != HashToken("layar-41be") {
		t.Fatalf("hashes not kept (lowercased): %+v", f.Devices)
	}
	demoHash, err := bcrypt.GenerateFromPassword([]byte("demo123"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		old, new string
		want     string
	}{
		{"plain demo password", `password_hash = "` + f.Users[0].PasswordHash + `"`, `password = "demo123"`,
			`user "petugas1": uses the published demo credential "demo123"`},
		{"plain demo token", `token_sha256 = "` + HashToken("kiosk-7f3a9c") + `"`, `token = "kiosk-demo"`,
			`device "Kiosk": uses the published demo credential "kiosk-demo"`},
		{"hashed demo token", `token_sha256 = "` + HashToken("kiosk-7f3a9c") + `"`, `token_sha256 = "` + HashToken("display-demo") + `"`,
			`device "Kiosk": uses the published demo credential "display-demo"`},
		{"hashed demo password", `password_hash = "` + f.Users[1].PasswordHash + `"`, `password_hash = "` + string(demoHash) + `"`,
			`user "admin": password_hash is the published demo credential "demo123"`},
		{"plain own password", `password_hash = "` + f.Users[1].PasswordHash + `"`, `password = "rahasia-sekali"`,
			`user "admin": a plain password is allowed only on a demo site; use password_hash`},
		{"plain own token", `token_sha256 = "` + HashToken("kiosk-7f3a9c") + `"`, `token = "kiosk-7f3a9c"`,
			`device "Kiosk": a plain token is allowed only on a demo site; use token_sha256`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(mustReplace(t, real, tt.old, tt.new)))
			if err == nil || !errors.Is(err, api.ErrInvalidInput) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v\nwant invalid_input containing %q", err, tt.want)
			}
		})
	}
	// The same hashed demo password is fine on a demo site.
	demo := mustReplace(t, real, `demo = false`, `demo = true`)
	demo = mustReplace(t, demo, `password_hash = "`+f.Users[1].PasswordHash+`"`, `password_hash = "`+string(demoHash)+`"`)
	if _, err := Parse([]byte(demo)); err != nil {
		t.Fatalf("demo site with hashed demo password: %v", err)
	}
}

func TestUnknownKeys(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     string
	}{
		{"in a service", `prefix = "B"`, "prefix = \"B\"\ncolour = \"red\"", `unknown key: "colour" in services[1] (id "kk")`},
		{"in site", `city = "Pariaman"`, "city = \"Pariaman\"\nkota = \"Pariaman\"", `unknown key: "site.kota"`},
		{"top-level table", `[hours]`, "[jam]\nmon = \"08:00-12:00\"\n\n[hours]", `unknown keys: "jam", "jam.mon"`},
		{"in a user", `role = "admin"`, "role = \"admin\"\npasword = \"x\"", `unknown key: "pasword" in users[1] (username "admin")`},
		{"in interleave", `quota = 100`, "quota = 100\ninterleave = { priority = 1, regualr = 2 }", `"interleave.regualr" in services[0] (id "ktp-el")`},
		{"in a day table", `breaks = ["11:30-13:30"]`, `brakes = ["11:30-13:30"]`, `[hours] fri: unknown key "brakes" (want open, close, breaks)`},
		{"bad weekday", `mon-thu = "08:00-16:00"`, `mon-thurs = "08:00-16:00"`, `[hours]: "mon-thurs" is not a weekday`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(mustReplace(t, base, tt.old, tt.new)))
			if err == nil || !errors.Is(err, api.ErrInvalidInput) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v\nwant invalid_input containing %q", err, tt.want)
			}
		})
	}
}

func TestSyntaxError(t *testing.T) {
	_, err := Parse([]byte("[site]\nid = \"x\nname = 1"))
	if !errors.Is(err, api.ErrInvalidInput) || !strings.Contains(err.Error(), "line") {
		t.Fatalf("error %v", err)
	}
	_, err = Parse([]byte("[site]\nid = 5\n"))
	if !errors.Is(err, api.ErrInvalidInput) || !strings.Contains(err.Error(), "site.id") {
		t.Fatalf("type error %v", err)
	}
}

func TestSecondWaveSiteKeys(t *testing.T) {
	base := `
[site]
id = "x"
name = "X"
call_center = "0751-123456"
no_show_after_seconds = 90
issue_without_counter = true
[hours]
mon-fri = "08:00-16:00"
[[agencies]]
id = "a"
name = "A"
color = "#1a7f37"
[[services]]
id = "s"
agency = "a"
name = "S"
prefix = "A"
icon = "id-card"
`
	f, err := Parse([]byte(base))
	if err != nil {
		t.Fatal(err)
	}
	if f.Site.CallCenter != "0751-123456" || f.Site.NoShowAfterSeconds != 90 || !f.Site.IssueWithoutCounter {
		t.Fatalf("site keys not read: %+v", f.Site)
	}
	if f.Agencies[0].Color != "#1A7F37" || f.Services[0].Icon != "id-card" {
		t.Fatalf("color/icon not read: %+v %+v", f.Agencies[0], f.Services[0])
	}
	for _, tc := range []struct{ from, to string }{
		{`color = "#1a7f37"`, `color = "green"`},
		{`icon = "id-card"`, `icon = "ID card"`},
		{`no_show_after_seconds = 90`, `no_show_after_seconds = -1`},
	} {
		if _, err := Parse([]byte(strings.Replace(base, tc.from, tc.to, 1))); api.CodeOf(err) != api.CodeInvalidInput {
			t.Errorf("%s: got %v, want invalid_input", tc.to, err)
		}
	}
}
