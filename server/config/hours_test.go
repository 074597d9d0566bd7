package config

import (
	"reflect"
	"strings"
	"testing"

	"antrean/shared/api"
)

func TestHoursShapes(t *testing.T) {
	site := `[hours]
senin-kamis = "08:00 - 16:00"
jumat = { open = "08:00", close = "16:00", breaks = ["11:30–13:30"] }
`
	tests := []struct {
		name    string
		service string // the service's own hours table body
		want    []api.DayHours
	}{
		{"site default", "", []api.DayHours{
			{Weekday: 1, Open: "08:00", Close: "16:00"}, {Weekday: 2, Open: "08:00", Close: "16:00"},
			{Weekday: 3, Open: "08:00", Close: "16:00"}, {Weekday: 4, Open: "08:00", Close: "16:00"},
			{Weekday: 5, Open: "08:00", Close: "16:00", Breaks: []api.Span{{From: "11:30", To: "13:30"}}},
		}},
		{"override one day, add saturday, close monday", "fri = \"08:00-11:00\"\nsat = \"08:00-12:00\"\nmon = \"closed\"\n", []api.DayHours{
			{Weekday: 2, Open: "08:00", Close: "16:00"}, {Weekday: 3, Open: "08:00", Close: "16:00"},
			{Weekday: 4, Open: "08:00", Close: "16:00"}, {Weekday: 5, Open: "08:00", Close: "11:00"},
			{Weekday: 6, Open: "08:00", Close: "12:00"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := strings.Replace(base, "[hours]\nmon-thu = \"08:00-16:00\"\nfri = { open = \"08:00\", close = \"16:00\", breaks = [\"11:30-13:30\"] }\n", site, 1)
			if doc == base {
				t.Fatal("test setup: site hours not replaced")
			}
			if tt.service != "" {
				doc = strings.Replace(doc, "prefix = \"B\"\n", "prefix = \"B\"\n[services.hours]\n"+tt.service, 1)
			}
			f, err := Parse([]byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			if got := f.Service("kk").Hours; !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("hours\n got %+v\nwant %+v", got, tt.want)
			}
			// The other service keeps the site hours, unaffected by kk's override.
			if got := f.Service("ktp-el").Hours; !reflect.DeepEqual(got, tests[0].want) {
				t.Fatalf("ktp-el hours %+v", got)
			}
		})
	}
}

func TestHoursErrors(t *testing.T) {
	tests := []struct {
		hours string
		want  string
	}{
		{"fri-sun = \"closed\"\nsat = \"08:00-12:00\"", `Saturday is set by both "fri-sun" and "sat"`},
		{"mon = 8", `[hours] mon: must be "HH:MM-HH:MM", "closed" or { open, close, breaks }`},
		{"mon = \"08:00\"", `"08:00" is not "HH:MM-HH:MM"`},
		{"mon = { open = \"08:00\" }", `needs both open and close`},
		{"mon = { open = 8, close = \"16:00\" }", `open must be a "HH:MM" string`},
		{"mon = { open = \"08:00\", close = \"16:00\", breaks = \"12:00-13:00\" }", `breaks must be a list`},
		{"mon = { open = \"08:00\", close = \"16:00\", breaks = [1] }", `breaks must be a list`},
		{"mon = { open = \"08:00\", close = \"16:00\", breaks = [\"12:00\"] }", `break "12:00" is not "HH:MM-HH:MM"`},
		{"funday = \"08:00-16:00\"", `"funday" is not a weekday`},
	}
	for _, tt := range tests {
		t.Run(tt.hours, func(t *testing.T) {
			got, err := parseWithHours(t, tt.hours)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, %v; want error containing %q", got, err, tt.want)
			}
		})
	}
	// Every weekday via a wrapping range.
	got, err := weekdays("fri-mon")
	if err != nil || !reflect.DeepEqual(got, []int{5, 6, 0, 1}) {
		t.Fatalf("fri-mon = %v, %v", got, err)
	}
}

func parseWithHours(t *testing.T, hours string) (*File, error) {
	t.Helper()
	doc := strings.Replace(base, "[hours]\n", "[hours]\n"+hours+"\n[unused_hours]\n", 1)
	// The replaced site hours move to an unknown table; drop it so only the
	// hours under test are parsed.
	doc = strings.Replace(doc, "[unused_hours]\nmon-thu = \"08:00-16:00\"\nfri = { open = \"08:00\", close = \"16:00\", breaks = [\"11:30-13:30\"] }\n", "", 1)
	if strings.Contains(doc, "unused_hours") {
		t.Fatal("test setup")
	}
	return Parse([]byte(doc))
}
