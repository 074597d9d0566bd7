package config

import (
	"fmt"
	"sort"
	"strings"

	"antrean/shared/api"
)

// hoursTOML is an [hours] table: weekday (or weekday range) → day value.
//
//	mon-thu = "08:00-16:00"
//	fri     = { open = "08:00", close = "16:00", breaks = ["11:30-13:30"] }
//	sat     = "closed"
//
// Keys are English or Indonesian day names ("mon", "monday", "senin") or a
// range of them ("mon-thu", "senin-kamis").
type hoursTOML map[string]rawDay

// rawDay keeps the TOML value as is; days() interprets it with the full
// context at hand, so errors can say where they are.
type rawDay struct{ v any }

func (d *rawDay) UnmarshalTOML(v any) error {
	d.v = v
	return nil
}

var dayNames = map[string]int{
	"sun": 0, "sunday": 0, "minggu": 0, "ahad": 0,
	"mon": 1, "monday": 1, "senin": 1,
	"tue": 2, "tuesday": 2, "selasa": 2,
	"wed": 3, "wednesday": 3, "rabu": 3,
	"thu": 4, "thursday": 4, "kamis": 4,
	"fri": 5, "friday": 5, "jumat": 5,
	"sat": 6, "saturday": 6, "sabtu": 6,
}

// weekdays resolves "fri" or "mon-thu" to weekday numbers.
func weekdays(key string) ([]int, error) {
	k := strings.ToLower(strings.TrimSpace(key))
	if wd, ok := dayNames[k]; ok {
		return []int{wd}, nil
	}
	from, to, ok := strings.Cut(k, "-")
	a, okA := dayNames[from]
	b, okB := dayNames[to]
	if !ok || !okA || !okB {
		return nil, fmt.Errorf("%q is not a weekday (mon…sun, senin…minggu) or a range like \"mon-thu\"", key)
	}
	var out []int
	for wd := a; ; wd = (wd + 1) % 7 {
		out = append(out, wd)
		if wd == b {
			return out, nil
		}
	}
}

// days interprets the table: weekday → hours, where nil means explicitly
// closed (which in a service's table closes a day the site has open).
func (h hoursTOML) days(where string) (map[int]*api.DayHours, error) {
	out := map[int]*api.DayHours{}
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	claimed := map[int]string{}
	for _, key := range keys {
		wds, err := weekdays(key)
		if err != nil {
			return nil, api.Errorf(api.CodeInvalidInput, "%s: %v", where, err)
		}
		day, err := parseDay(h[key].v)
		if err != nil {
			return nil, api.Errorf(api.CodeInvalidInput, "%s %s: %v", where, key, err)
		}
		for _, wd := range wds {
			if prev, dup := claimed[wd]; dup {
				return nil, api.Errorf(api.CodeInvalidInput, "%s: %s is set by both %q and %q", where, weekdayName(wd), prev, key)
			}
			claimed[wd] = key
			if day == nil {
				out[wd] = nil
				continue
			}
			d := *day
			d.Weekday = wd
			d.Breaks = append([]api.Span(nil), day.Breaks...)
			out[wd] = &d
		}
	}
	return out, nil
}

func weekdayName(wd int) string {
	return [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}[wd]
}

// parseDay reads one day value; nil, nil means closed.
func parseDay(v any) (*api.DayHours, error) {
	switch x := v.(type) {
	case string:
		s := strings.ToLower(strings.TrimSpace(x))
		if s == "" || s == "closed" || s == "tutup" {
			return nil, nil
		}
		span, err := parseSpan(x)
		if err != nil {
			return nil, err
		}
		return &api.DayHours{Open: span.From, Close: span.To}, nil
	case map[string]any:
		d := &api.DayHours{}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			val := x[k]
			switch k {
			case "open", "close":
				s, ok := val.(string)
				if !ok {
					return nil, fmt.Errorf("%s must be a \"HH:MM\" string", k)
				}
				if k == "open" {
					d.Open = strings.TrimSpace(s)
				} else {
					d.Close = strings.TrimSpace(s)
				}
			case "breaks":
				list, ok := val.([]any)
				if !ok {
					return nil, fmt.Errorf("breaks must be a list like [\"11:30-13:30\"]")
				}
				for _, b := range list {
					s, ok := b.(string)
					if !ok {
						return nil, fmt.Errorf("breaks must be a list like [\"11:30-13:30\"]")
					}
					span, err := parseSpan(s)
					if err != nil {
						return nil, fmt.Errorf("break %v", err)
					}
					d.Breaks = append(d.Breaks, span)
				}
			default:
				return nil, fmt.Errorf("unknown key %q (want open, close, breaks)", k)
			}
		}
		if d.Open == "" || d.Close == "" {
			return nil, fmt.Errorf("needs both open and close")
		}
		return d, nil
	default:
		return nil, fmt.Errorf("must be \"HH:MM-HH:MM\", \"closed\" or { open, close, breaks }")
	}
}

// parseSpan splits "08:00-16:00" (an en dash works too); the clock values
// themselves are checked by queue.ValidateHours.
func parseSpan(s string) (api.Span, error) {
	t := strings.ReplaceAll(s, "–", "-")
	from, to, ok := strings.Cut(t, "-")
	if !ok || strings.TrimSpace(from) == "" || strings.TrimSpace(to) == "" {
		return api.Span{}, fmt.Errorf("%q is not \"HH:MM-HH:MM\"", s)
	}
	return api.Span{From: strings.TrimSpace(from), To: strings.TrimSpace(to)}, nil
}

// mergeHours lays a service's own days over the site's: a day the service
// sets replaces the site's day, a day it marks closed removes it.
func mergeHours(site, own map[int]*api.DayHours) []api.DayHours {
	var out []api.DayHours
	for wd := 0; wd < 7; wd++ {
		d, ok := own[wd]
		if !ok {
			d = site[wd]
		}
		if d == nil {
			continue
		}
		c := *d
		c.Breaks = append([]api.Span(nil), d.Breaks...)
		out = append(out, c)
	}
	return out
}
