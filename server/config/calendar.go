package config

import (
	"fmt"
	"strings"

	"antrean/server/queue"
	"antrean/shared/api"
)

// The service calendar in the site file:
//
//	[[holidays]]
//	date  = "2027-01-01"
//	name  = "Tahun Baru 2027 Masehi"
//	# optional: until = "2027-01-02" (last day), kind = "national" |
//	# "cuti_bersama" | "local" | "special", id = "…", agencies = […],
//	# services = […], hours = "08:00-14:00" or { mon-thu = "…", fri = … },
//	# quota = 40
//
// Without hours an entry closes its days; with hours it is special hours
// (a string: every day the service usually opens; a table: per weekday).

// MaxHolidays bounds the calendar (several years of a busy site).
const MaxHolidays = 1000

type holidayTOML struct {
	ID       string       `toml:"id"`
	Date     string       `toml:"date"`
	Until    string       `toml:"until"`
	Name     string       `toml:"name"`
	Kind     string       `toml:"kind"`
	Agencies []string     `toml:"agencies"`
	Services []string     `toml:"services"`
	Hours    holidayHours `toml:"hours"`
	Quota    int          `toml:"quota"`
}

// holidayHours keeps the raw value: a "HH:MM-HH:MM" string or a weekday
// table like [hours].
type holidayHours struct{ v any }

func (h *holidayHours) UnmarshalTOML(v any) error {
	h.v = v
	return nil
}

// buildHolidays turns the TOML entries into calendar entries with ids
// (the date, then date-2, date-3… when a date has several).
func buildHolidays(raw []holidayTOML) ([]api.Holiday, error) {
	var out []api.Holiday
	used := map[string]bool{}
	for _, r := range raw {
		if r.ID != "" {
			used[r.ID] = true
		}
	}
	for i, r := range raw {
		w := fmt.Sprintf("holidays[%d]", i)
		if r.ID != "" {
			w = fmt.Sprintf("holiday %q", r.ID)
		}
		h := api.Holiday{ID: r.ID, Date: strings.TrimSpace(r.Date), Until: strings.TrimSpace(r.Until),
			Name: strings.TrimSpace(r.Name), Kind: api.HolidayKind(r.Kind), AgencyIDs: r.Agencies, ServiceIDs: r.Services, Quota: r.Quota}
		switch v := r.Hours.v.(type) {
		case nil:
		case string:
			d, err := parseDay(v)
			if err != nil {
				return nil, bad("%s hours: %v", w, err)
			}
			if d == nil {
				return nil, bad("%s hours: special hours cannot be \"closed\"; leave hours out to close the days", w)
			}
			h.Daily = d
		case map[string]any:
			table := hoursTOML{}
			for k, x := range v {
				table[k] = rawDay{x}
			}
			days, err := table.days(w + " hours")
			if err != nil {
				return nil, err
			}
			for wd := 0; wd < 7; wd++ {
				d, ok := days[wd]
				if !ok {
					continue
				}
				if d == nil {
					return nil, bad("%s hours: %s cannot be \"closed\" in special hours; add a closing entry instead", w, weekdayName(wd))
				}
				h.Hours = append(h.Hours, *d)
			}
		default:
			return nil, bad("%s hours: must be \"HH:MM-HH:MM\" or a weekday table like [hours]", w)
		}
		if h.ID == "" && h.Date != "" {
			id := h.Date
			for n := 2; used[id]; n++ {
				id = fmt.Sprintf("%s-%d", h.Date, n)
			}
			h.ID = id
			used[id] = true
		}
		out = append(out, queue.NormalizeHoliday(h))
	}
	queue.SortCalendar(out)
	return out, nil
}

// holidayIDRe: an id is a slug, or a date with an optional -N (the ids
// the site file gives entries without one).
func checkHolidayID(w, id string) error {
	if id == "" {
		return bad("%s: id is missing", w)
	}
	if len(id) > maxIDLen || !slugRe.MatchString(id) {
		return bad("%s: id %q must be a slug: lowercase letters, digits and single dashes, at most %d characters", w, id, maxIDLen)
	}
	return nil
}

// ValidateHoliday checks one entry against the catalog of f (its scope
// must name existing agencies and services).
func (f *File) ValidateHoliday(h api.Holiday) error {
	w := fmt.Sprintf("holiday %q", h.ID)
	if h.ID == "" {
		w = "holiday on " + h.Date
	}
	if err := checkHolidayID(w, h.ID); err != nil {
		return err
	}
	if h.Name == "" {
		return bad("%s: name is missing (it is what the kiosk and the display say)", w)
	}
	if err := CheckText(w+": name", h.Name, MaxName); err != nil {
		return err
	}
	if err := queue.ValidateHoliday(h); err != nil {
		return bad("%s: %s", w, detailOf(err))
	}
	agencies, services := map[string]bool{}, map[string]bool{}
	for _, a := range f.Agencies {
		agencies[a.ID] = true
	}
	for _, s := range f.Services {
		services[s.ID] = true
	}
	if len(h.AgencyIDs)+len(h.ServiceIDs) > MaxList {
		return bad("%s: at most %d agencies and services", w, MaxList)
	}
	for _, id := range h.AgencyIDs {
		if !agencies[id] {
			return bad("%s: agency %q is not in [[agencies]]", w, id)
		}
	}
	for _, id := range h.ServiceIDs {
		if !services[id] {
			return bad("%s: service %q is not in [[services]]", w, id)
		}
	}
	return nil
}

func (f *File) validateHolidays() error {
	if len(f.Holidays) > MaxHolidays {
		return bad("%d [[holidays]]; at most %d", len(f.Holidays), MaxHolidays)
	}
	seen := map[string]bool{}
	for _, h := range f.Holidays {
		if err := f.ValidateHoliday(h); err != nil {
			return err
		}
		if seen[h.ID] {
			return bad("holiday %q: id is used twice", h.ID)
		}
		seen[h.ID] = true
	}
	return nil
}
