package config

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"antrean/shared/api"
)

// Running-text announcements with a schedule ([[announcements]]); the
// plain [site] announcements list stays and gives always-on entries.

// announcementTOML is one [[announcements]] entry.
type announcementTOML struct {
	ID      string   `toml:"id"`
	Text    string   `toml:"text"`
	TextEN  string   `toml:"text_en"`
	From    string   `toml:"from"`
	Until   string   `toml:"until"`
	Start   string   `toml:"start"`
	End     string   `toml:"end"`
	Zones   []string `toml:"zones"`
	Enabled *bool    `toml:"enabled"` // default true
	Order   int      `toml:"order"`
}

// MaxAnnouncements is how many entries a site may have (file and API).
const MaxAnnouncements = 100

// LegacyPrefix starts the ids of the entries made from the plain [site]
// announcements list ("site-1", "site-2"…): the file owns them, so they
// are rewritten at every start and no other entry may take such an id.
const LegacyPrefix = "site-"

var legacyRe = regexp.MustCompile(`^site-[0-9]+$`)

// IsLegacyAnnouncement reports whether id names an entry of the plain list.
func IsLegacyAnnouncement(id string) bool { return legacyRe.MatchString(id) }

// LegacyAnnouncements turns the plain [site] announcements list into
// always-on entries, in the file's order (an empty line gives none).
func LegacyAnnouncements(texts []string) []api.Announcement {
	var out []api.Announcement
	for i, t := range texts {
		if t = strings.TrimSpace(t); t == "" {
			continue
		}
		out = append(out, api.Announcement{ID: LegacyPrefix + strconv.Itoa(i+1), Text: t,
			Enabled: true, Order: -len(texts) + i})
	}
	return out
}

func buildAnnouncements(raw []announcementTOML) []api.Announcement {
	var out []api.Announcement
	for i, r := range raw {
		a := api.Announcement{ID: r.ID, Text: r.Text, TextEN: r.TextEN, From: r.From, Until: r.Until,
			Start: r.Start, End: r.End, Zones: r.Zones, Enabled: r.Enabled == nil || *r.Enabled, Order: r.Order}
		if a.ID == "" {
			a.ID = fmt.Sprintf("pengumuman-%d", i+1)
		}
		if a.Order == 0 {
			a.Order = i + 1
		}
		out = append(out, NormalizeAnnouncement(a))
	}
	return out
}

// NormalizeAnnouncement trims the entry's fields and drops empty zones.
func NormalizeAnnouncement(a api.Announcement) api.Announcement {
	a.ID, a.Text, a.TextEN = strings.TrimSpace(a.ID), strings.TrimSpace(a.Text), strings.TrimSpace(a.TextEN)
	a.From, a.Until, a.Start, a.End = strings.TrimSpace(a.From), strings.TrimSpace(a.Until), strings.TrimSpace(a.Start), strings.TrimSpace(a.End)
	var zones []string
	for _, z := range a.Zones {
		if z = strings.TrimSpace(z); z != "" {
			zones = append(zones, z)
		}
	}
	a.Zones = zones
	return a
}

var hhmmRe = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// ValidateAnnouncement checks one entry (site file and admin API alike);
// the error is invalid_input with a detail naming the field.
func ValidateAnnouncement(a api.Announcement) error {
	w := "announcement"
	if a.ID != "" {
		w = fmt.Sprintf("announcement %q", a.ID)
	}
	if err := checkSlug(w, a.ID); err != nil {
		return err
	}
	if a.Text == "" {
		return bad("%s: text (Indonesian) is missing", w)
	}
	if err := CheckText(w+": text", a.Text, api.AnnouncementMaxText); err != nil {
		return err
	}
	if err := CheckText(w+": text_en", a.TextEN, api.AnnouncementMaxText); err != nil {
		return err
	}
	for _, d := range []struct{ name, v string }{{"from", a.From}, {"until", a.Until}} {
		if d.v == "" {
			continue
		}
		if _, err := time.Parse("2006-01-02", d.v); err != nil {
			return bad("%s: %s %q is not a date YYYY-MM-DD", w, d.name, d.v)
		}
	}
	if a.From != "" && a.Until != "" && a.Until < a.From {
		return bad("%s: until %s is before from %s", w, a.Until, a.From)
	}
	if (a.Start == "") != (a.End == "") {
		return bad("%s: start and end go together (both empty = all day)", w)
	}
	if a.Start != "" {
		if !hhmmRe.MatchString(a.Start) {
			return bad("%s: start %q is not a time HH:MM", w, a.Start)
		}
		if a.End != "24:00" && !hhmmRe.MatchString(a.End) {
			return bad("%s: end %q is not a time HH:MM (or 24:00)", w, a.End)
		}
		if a.Start == a.End {
			return bad("%s: start and end are both %s; leave both empty for all day", w, a.Start)
		}
	}
	if len(a.Zones) > MaxList {
		return bad("%s: %d zones; at most %d", w, len(a.Zones), MaxList)
	}
	for i, z := range a.Zones {
		if err := CheckText(fmt.Sprintf("%s: zones[%d]", w, i), z, MaxShort); err != nil {
			return err
		}
	}
	if a.Order < -1000 || a.Order > 100000 {
		return bad("%s: order must be -1000…100000", w)
	}
	return nil
}

func (f *File) validateAnnouncements() error {
	if n := len(f.Announcements) + len(f.Site.Announcements); n > MaxAnnouncements {
		return bad("%d announcements; at most %d", n, MaxAnnouncements)
	}
	seen := map[string]bool{}
	for _, a := range f.Announcements {
		if IsLegacyAnnouncement(a.ID) {
			return bad("announcement %q: ids site-1, site-2… name the plain [site] announcements list; choose another id", a.ID)
		}
		if err := ValidateAnnouncement(a); err != nil {
			return err
		}
		if seen[a.ID] {
			return bad("announcement %q: id is used twice", a.ID)
		}
		seen[a.ID] = true
	}
	return nil
}
