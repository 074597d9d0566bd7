package config

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"antrean/shared/api"
)

// The TOML shape. Field names are what a site admin types; pointers mark
// fields whose zero value is meaningful and must not be defaulted.
type fileTOML struct {
	Site     siteTOML      `toml:"site"`
	Hours    hoursTOML     `toml:"hours"`
	Agencies []agencyTOML  `toml:"agencies"`
	Services []serviceTOML `toml:"services"`
	Counters []counterTOML `toml:"counters"`
	Users    []userTOML    `toml:"users"`
	Devices  []deviceTOML  `toml:"devices"`
	Holidays []holidayTOML `toml:"holidays"`
	// Booking: the site's online booking limits (booking.go).
	Booking *bookingLimitsTOML `toml:"booking"`
	// Visits: tickets with several services (visits.go).
	Visits *visitsTOML `toml:"visits"`
	// Announcements: the running text with a schedule (announcements.go).
	Announcements []announcementTOML `toml:"announcements"`
	// Voice: the hall displays' voice pack, English zones, volume (voice.go).
	Voice *voiceTOML `toml:"voice"`
}

type siteTOML struct {
	ID            string   `toml:"id"`
	Name          string   `toml:"name"`
	City          string   `toml:"city"`
	Timezone      string   `toml:"timezone"`
	Logo          string   `toml:"logo"`
	Demo          bool     `toml:"demo"`
	AlwaysOpen    bool     `toml:"always_open"`
	Announcements []string `toml:"announcements"`
	CallCenter    string   `toml:"call_center"`
	// Seconds after the first call before "no-show" needs no recall.
	NoShowAfterSeconds  int  `toml:"no_show_after_seconds"`
	IssueWithoutCounter bool `toml:"issue_without_counter"`
}

type agencyTOML struct {
	ID    string `toml:"id"`
	Name  string `toml:"name"`
	Short string `toml:"short"`
	Logo  string `toml:"logo"`
	Zone  string `toml:"zone"`
	Order int    `toml:"order"`
	Color string `toml:"color"`
}

type interleaveTOML struct {
	Priority int `toml:"priority"`
	Regular  int `toml:"regular"`
}

type serviceTOML struct {
	ID                string         `toml:"id"`
	Agency            string         `toml:"agency"`
	Name              string         `toml:"name"`
	Prefix            string         `toml:"prefix"`
	Digits            *int           `toml:"digits"`
	Start             *int           `toml:"start"`
	Quota             int            `toml:"quota"`
	Hours             hoursTOML      `toml:"hours"`
	CutoffMinutes     int            `toml:"cutoff_minutes"`
	AvgServiceMinutes *float64       `toml:"avg_service_minutes"`
	Priority          bool           `toml:"priority"`
	Interleave        interleaveTOML `toml:"interleave"`
	Active            *bool          `toml:"active"`
	Order             int            `toml:"order"`
	Icon              string         `toml:"icon"`
	// Booking: the service's online booking rules (booking.go).
	Booking *bookingTOML `toml:"booking"`
}

type counterTOML struct {
	ID       string   `toml:"id"`
	Number   int      `toml:"number"`
	Name     string   `toml:"name"`
	Zone     string   `toml:"zone"`
	Services []string `toml:"services"`
	Status   string   `toml:"status"`
}

type userTOML struct {
	Username     string   `toml:"username"`
	Name         string   `toml:"name"`
	Role         string   `toml:"role"`
	Password     string   `toml:"password"`
	PasswordHash string   `toml:"password_hash"`
	Counters     []string `toml:"counters"`
}

type deviceTOML struct {
	Name        string `toml:"name"`
	Role        string `toml:"role"`
	Token       string `toml:"token"`
	TokenSHA256 string `toml:"token_sha256"`
	Zone        string `toml:"zone"`
}

// Parse decodes a site file, applies defaults and validates it. Every
// error is an *api.Error with code invalid_input.
func Parse(data []byte) (*File, error) {
	var raw fileTOML
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, api.Errorf(api.CodeInvalidInput, "%s", pe.Error())
		}
		return nil, api.Errorf(api.CodeInvalidInput, "%v", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, unknownKeys(data, und)
	}
	f, err := build(&raw)
	if err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	return f, nil
}

// unknownKeys names every unknown key, with the entry it sits in when it is
// inside an array of tables ("services[2] (id "kk")").
func unknownKeys(data []byte, keys []toml.Key) error {
	var generic map[string]any
	_, _ = toml.Decode(string(data), &generic) // already parsed once; cannot fail
	var names []string
	for _, k := range keys {
		names = append(names, describeKey(generic, k))
	}
	sort.Strings(names)
	word := "key"
	if len(names) > 1 {
		word = "keys"
	}
	return api.Errorf(api.CodeInvalidInput, "unknown %s: %s", word, strings.Join(names, ", "))
}

func describeKey(generic map[string]any, k toml.Key) string {
	full := fmt.Sprintf("%q", k.String())
	if len(k) < 2 {
		return full
	}
	list, ok := generic[k[0]].([]map[string]any)
	if !ok {
		return full
	}
	for i, entry := range list {
		if _, has := entry[k[1]]; !has {
			continue
		}
		where := fmt.Sprintf("%s[%d]", k[0], i)
		for _, idKey := range []string{"id", "username", "name"} {
			if v, ok := entry[idKey].(string); ok && v != "" {
				where += fmt.Sprintf(" (%s %q)", idKey, v)
				break
			}
		}
		return fmt.Sprintf("%q in %s", strings.Join(k[1:], "."), where)
	}
	return full
}

// build turns the TOML shape into a File, applying defaults and resolving
// hours. Hour syntax errors surface here; everything else in Validate.
func build(raw *fileTOML) (*File, error) {
	f := &File{Site: api.Site{
		ID: raw.Site.ID, Name: raw.Site.Name, City: raw.Site.City, Timezone: raw.Site.Timezone,
		Logo: raw.Site.Logo, Demo: raw.Site.Demo, AlwaysOpen: raw.Site.AlwaysOpen,
		Announcements: raw.Site.Announcements, CallCenter: raw.Site.CallCenter,
		NoShowAfterSeconds: raw.Site.NoShowAfterSeconds, IssueWithoutCounter: raw.Site.IssueWithoutCounter,
		Booking: raw.Booking.limits(),
	}}
	f.Site.Visits = raw.Visits.rules()
	f.Voice = raw.Voice.voice()
	if f.Site.Timezone == "" {
		f.Site.Timezone = DefaultTimezone
	}
	siteHours, err := raw.Hours.days("[hours]")
	if err != nil {
		return nil, err
	}
	f.Site.Hours = mergeHours(siteHours, nil)
	if f.Holidays, err = buildHolidays(raw.Holidays); err != nil {
		return nil, err
	}
	f.Announcements = buildAnnouncements(raw.Announcements)
	for i, a := range raw.Agencies {
		ag := api.Agency{ID: a.ID, Name: a.Name, Short: a.Short, Logo: a.Logo, Zone: a.Zone, Order: a.Order,
			Color: strings.ToUpper(a.Color)}
		if ag.Short == "" {
			ag.Short = ag.Name
		}
		if ag.Order == 0 {
			ag.Order = i + 1
		}
		f.Agencies = append(f.Agencies, ag)
	}
	for i, s := range raw.Services {
		svc := api.Service{
			ID: s.ID, AgencyID: s.Agency, Name: s.Name, Prefix: s.Prefix, Digits: DefaultDigits, Start: DefaultStart,
			DailyQuota: s.Quota, CutoffMinutes: s.CutoffMinutes, AvgServiceMinutes: DefaultAvgServiceMinutes,
			Priority: s.Priority, Interleave: api.Interleave{Priority: s.Interleave.Priority, Regular: s.Interleave.Regular},
			Active: true, Order: s.Order, Icon: s.Icon, Booking: s.Booking.rules(),
		}
		if s.Digits != nil {
			svc.Digits = *s.Digits
		}
		if s.Start != nil {
			svc.Start = *s.Start
		}
		if s.AvgServiceMinutes != nil {
			svc.AvgServiceMinutes = *s.AvgServiceMinutes
		}
		if s.Active != nil {
			svc.Active = *s.Active
		}
		if svc.Order == 0 {
			svc.Order = i + 1
		}
		own, err := s.Hours.days(fmt.Sprintf("services[%d] (id %q) hours", i, s.ID))
		if err != nil {
			return nil, err
		}
		svc.Hours = mergeHours(siteHours, own)
		f.Services = append(f.Services, svc)
	}
	for _, c := range raw.Counters {
		ct := api.Counter{ID: c.ID, Number: c.Number, Name: c.Name, Zone: c.Zone,
			ServiceIDs: c.Services, Status: api.CounterStatus(c.Status)}
		if ct.Status == "" {
			ct.Status = api.CounterOpen
		}
		if ct.Name == "" && ct.Number > 0 {
			ct.Name = fmt.Sprintf("Loket %d", ct.Number)
		}
		f.Counters = append(f.Counters, ct)
	}
	for _, u := range raw.Users {
		us := User{Username: u.Username, Name: u.Name, Role: api.Role(u.Role), Password: u.Password,
			PasswordHash: u.PasswordHash, Counters: u.Counters}
		if us.Name == "" {
			us.Name = us.Username
		}
		f.Users = append(f.Users, us)
	}
	for _, d := range raw.Devices {
		f.Devices = append(f.Devices, Device{Name: d.Name, Role: api.Role(d.Role), Token: d.Token,
			TokenSHA256: strings.ToLower(d.TokenSHA256), Zone: d.Zone})
	}
	return f, nil
}
