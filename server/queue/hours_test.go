package queue

import (
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"antrean/shared/api"
)

func jakarta(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// mppHours: Mon–Thu 08:00–16:00, Fri 08:00–16:00 with Friday prayer
// 11:30–13:30, Sat/Sun closed.
func mppHours() []api.DayHours {
	var h []api.DayHours
	for wd := 1; wd <= 4; wd++ {
		h = append(h, api.DayHours{Weekday: wd, Open: "08:00", Close: "16:00"})
	}
	return append(h, api.DayHours{Weekday: 5, Open: "08:00", Close: "16:00",
		Breaks: []api.Span{{From: "11:30", To: "13:30"}}})
}

func TestAvailability(t *testing.T) {
	loc := jakarta(t)
	// 23 Nov 2026 is a Monday.
	at := func(day, h, m, s int) time.Time { return time.Date(2026, 11, day, h, m, s, 0, loc) }
	base := Rules{Hours: mppHours(), CutoffMinutes: 30, DailyQuota: 100, Active: true}
	with := func(f func(*Rules)) Rules { r := base; f(&r); return r }

	tests := []struct {
		name   string
		rules  Rules
		now    time.Time
		issued int
		want   api.ClosedReason
	}{
		{"monday before opening", base, at(23, 7, 59, 59), 0, api.ReasonOutsideHours},
		{"monday 08:00 opens", base, at(23, 8, 0, 0), 0, ""},
		{"thursday midday", base, at(26, 12, 0, 0), 0, ""},
		{"last second before cutoff", base, at(23, 15, 29, 59), 0, ""},
		{"cutoff starts 15:30", base, at(23, 15, 30, 0), 0, api.ReasonCutoff},
		{"16:00 closed", base, at(23, 16, 0, 0), 0, api.ReasonOutsideHours},
		{"late evening", base, at(23, 21, 0, 0), 0, api.ReasonOutsideHours},
		{"friday before break", base, at(27, 11, 29, 59), 0, ""},
		{"friday 11:30 break", base, at(27, 11, 30, 0), 0, api.ReasonBreak},
		{"friday end of break", base, at(27, 13, 29, 59), 0, api.ReasonBreak},
		{"friday 13:30 open", base, at(27, 13, 30, 0), 0, ""},
		{"monday 11:30 has no break", base, at(23, 11, 30, 0), 0, ""},
		{"saturday", base, at(28, 10, 0, 0), 0, api.ReasonClosedDay},
		{"sunday", base, at(29, 10, 0, 0), 0, api.ReasonClosedDay},
		{"quota not yet used up", base, at(23, 10, 0, 0), 99, ""},
		{"quota used up", base, at(23, 10, 0, 0), 100, api.ReasonQuotaFull},
		{"no quota", with(func(r *Rules) { r.DailyQuota = 0 }), at(23, 10, 0, 0), 5000, ""},
		{"no cutoff", with(func(r *Rules) { r.CutoffMinutes = 0 }), at(23, 15, 59, 0), 0, ""},
		{"inactive", with(func(r *Rules) { r.Active = false }), at(23, 10, 0, 0), 0, api.ReasonInactive},
		{"inactive beats closed day", with(func(r *Rules) { r.Active = false }), at(28, 10, 0, 0), 0, api.ReasonInactive},
		{"closed day beats quota", base, at(28, 10, 0, 0), 100, api.ReasonClosedDay},
		{"break beats quota", base, at(27, 12, 0, 0), 100, api.ReasonBreak},
		{"cutoff beats quota", base, at(23, 15, 45, 0), 100, api.ReasonCutoff},
		{"no hours at all", with(func(r *Rules) { r.Hours = nil }), at(23, 10, 0, 0), 0, api.ReasonClosedDay},
		{"always open on sunday night", with(func(r *Rules) { r.AlwaysOpen = true }), at(29, 23, 0, 0), 0, ""},
		{"always open in break", with(func(r *Rules) { r.AlwaysOpen = true }), at(27, 12, 0, 0), 0, ""},
		{"always open keeps quota", with(func(r *Rules) { r.AlwaysOpen = true }), at(29, 3, 0, 0), 100, api.ReasonQuotaFull},
		{"always open keeps active", with(func(r *Rules) { r.AlwaysOpen, r.Active = true, false }), at(23, 10, 0, 0), 0, api.ReasonInactive},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, open := Availability(tt.rules, tt.now, tt.issued)
			if got != tt.want || open != (tt.want == "") {
				t.Errorf("Availability(%s) = (%q, %v), want (%q, %v)", tt.now.Format("Mon 15:04:05"), got, open, tt.want, tt.want == "")
			}
		})
	}
}

func TestAvailabilityWithFixedClockInSiteZone(t *testing.T) {
	loc := jakarta(t)
	// 01:00 UTC is 08:00 WIB: the caller converts to the site zone first.
	clk := NewFixedClock(time.Date(2026, 11, 23, 0, 59, 0, 0, time.UTC))
	r := Rules{Hours: mppHours(), Active: true}
	if reason, open := Availability(r, clk.Now().In(loc), 0); open || reason != api.ReasonOutsideHours {
		t.Fatalf("07:59 WIB: (%q, %v)", reason, open)
	}
	clk.Advance(time.Minute)
	if reason, open := Availability(r, clk.Now().In(loc), 0); !open {
		t.Fatalf("08:00 WIB: closed (%q)", reason)
	}
	clk.Set(time.Date(2026, 11, 27, 4, 30, 0, 0, time.UTC)) // Friday 11:30 WIB
	if reason, _ := Availability(r, clk.Now().In(loc), 0); reason != api.ReasonBreak {
		t.Fatalf("Friday 11:30 WIB: %q", reason)
	}
}

func TestQuotaLeft(t *testing.T) {
	tests := []struct{ quota, issued, want int }{
		{0, 0, -1}, {0, 50, -1}, {-3, 1, -1}, {100, 0, 100}, {100, 99, 1}, {100, 100, 0}, {100, 130, 0},
	}
	for _, tt := range tests {
		if got := QuotaLeft(Rules{DailyQuota: tt.quota}, tt.issued); got != tt.want {
			t.Errorf("QuotaLeft(%d, %d) = %d, want %d", tt.quota, tt.issued, got, tt.want)
		}
	}
}

func TestValidateHours(t *testing.T) {
	day := func(wd int, open, close string, breaks ...string) api.DayHours {
		d := api.DayHours{Weekday: wd, Open: open, Close: close}
		for i := 0; i+1 < len(breaks); i += 2 {
			d.Breaks = append(d.Breaks, api.Span{From: breaks[i], To: breaks[i+1]})
		}
		return d
	}
	tests := []struct {
		name  string
		hours []api.DayHours
		want  string // substring of the detail; "" = valid
	}{
		{"mpp hours", mppHours(), ""},
		{"none", nil, ""},
		{"until midnight", []api.DayHours{day(6, "08:00", "24:00")}, ""},
		{"two touching breaks", []api.DayHours{day(5, "08:00", "16:00", "11:30", "12:00", "12:00", "13:00")}, ""},
		{"bad open", []api.DayHours{day(1, "8:00", "16:00")}, `open time "8:00" is not HH:MM`},
		{"bad close", []api.DayHours{day(1, "08:00", "16.00")}, `close time "16.00" is not HH:MM`},
		{"hour out of range", []api.DayHours{day(1, "08:00", "25:00")}, `"25:00" is out of range`},
		{"minute out of range", []api.DayHours{day(1, "08:60", "16:00")}, `"08:60" is out of range`},
		{"open at 24:00", []api.DayHours{day(1, "24:00", "24:00")}, "open 24:00 is not a time of day"},
		{"close before open", []api.DayHours{day(1, "16:00", "08:00")}, "close 08:00 is not after open 16:00"},
		{"close equals open", []api.DayHours{day(1, "08:00", "08:00")}, "close 08:00 is not after open 08:00"},
		{"weekday 7", []api.DayHours{day(7, "08:00", "16:00")}, "weekday 7 is not 0"},
		{"weekday -1", []api.DayHours{day(-1, "08:00", "16:00")}, "weekday -1"},
		{"duplicate weekday", []api.DayHours{day(1, "08:00", "12:00"), day(1, "13:00", "16:00")}, "Monday is given twice"},
		{"bad break", []api.DayHours{day(5, "08:00", "16:00", "11:3", "13:30")}, "break start time"},
		{"break reversed", []api.DayHours{day(5, "08:00", "16:00", "13:30", "11:30")}, "break 13:30-11:30 ends before it starts"},
		{"break before open", []api.DayHours{day(5, "08:00", "16:00", "07:30", "08:30")}, "break 07:30-08:30 is outside opening hours 08:00-16:00"},
		{"break after close", []api.DayHours{day(5, "08:00", "16:00", "15:30", "16:30")}, "outside opening hours"},
		{"overlapping breaks", []api.DayHours{day(5, "08:00", "16:00", "12:00", "13:00", "11:30", "12:30")}, "breaks 11:30-12:30 and 12:00-13:00 overlap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateHours(tt.hours)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if !errors.Is(err, api.ErrInvalidInput) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want invalid_input containing %q", err, tt.want)
			}
		})
	}
}

func TestLocalDayAndNumber(t *testing.T) {
	loc := jakarta(t)
	// 17:30 UTC on the 23rd is already 00:30 WIB on the 24th.
	if got := LocalDay(time.Date(2026, 11, 23, 17, 30, 0, 0, time.UTC), loc); got != "2026-11-24" {
		t.Errorf("LocalDay = %s", got)
	}
	if got := LocalDay(time.Date(2026, 11, 23, 16, 59, 0, 0, time.UTC), loc); got != "2026-11-23" {
		t.Errorf("LocalDay = %s", got)
	}
	nums := []struct {
		prefix      string
		digits, seq int
		want        string
	}{
		{"A", 3, 1, "A-001"}, {"B", 3, 999, "B-999"}, {"B", 3, 1234, "B-1234"}, {"A", 0, 7, "A-007"},
		{"A", -2, 7, "A-007"}, {"KTP", 4, 12, "KTP-0012"}, {"C", 1, 5, "C-5"}, {"", 3, 5, "005"},
	}
	for _, n := range nums {
		if got := FormatNumber(n.prefix, n.digits, n.seq); got != n.want {
			t.Errorf("FormatNumber(%q,%d,%d) = %q, want %q", n.prefix, n.digits, n.seq, got, n.want)
		}
	}
}

func TestFixedClockConcurrent(t *testing.T) {
	start := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	c := NewFixedClock(start)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				c.Advance(time.Second)
				_ = c.Now()
			}
		}()
	}
	wg.Wait()
	if got := c.Now().Sub(start); got != 800*time.Second {
		t.Fatalf("advanced %v, want 800s", got)
	}
	c.Set(start)
	if !c.Now().Equal(start) {
		t.Fatal("Set did not stick")
	}
	var _ Clock = SystemClock{}
	if d := time.Since(SystemClock{}.Now()); d < 0 || d > time.Minute {
		t.Fatalf("system clock off by %v", d)
	}
}

func TestServiceRules(t *testing.T) {
	s := api.Service{Hours: mppHours(), CutoffMinutes: 30, DailyQuota: 100, Active: true}
	r := ServiceRules(s, true)
	if !reflect.DeepEqual(r.Hours, s.Hours) || r.CutoffMinutes != 30 || r.DailyQuota != 100 || !r.Active || !r.AlwaysOpen {
		t.Fatalf("ServiceRules = %+v", r)
	}
}

func TestNoCounter(t *testing.T) {
	loc := jakarta(t)
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, loc) // Monday
	r := Rules{Hours: mppHours(), DailyQuota: 2, Active: true, NoCounter: true}
	if reason, open := Availability(r, at, 0); open || reason != api.ReasonNoCounter {
		t.Fatalf("no counter: (%q, %v)", reason, open)
	}
	// Hours come first: a closed service says why it is closed.
	if reason, _ := Availability(r, at.Add(-3*time.Hour), 0); reason != api.ReasonOutsideHours {
		t.Fatalf("before opening: %q", reason)
	}
	r.IssueWithoutCounter = true
	if reason, open := Availability(r, at, 0); !open {
		t.Fatalf("issue_without_counter: closed (%q)", reason)
	}
	if reason, _ := Availability(r, at, 2); reason != api.ReasonQuotaFull {
		t.Fatalf("quota: %q", reason)
	}
}

func TestSteppingClock(t *testing.T) {
	start := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	c := NewSteppingClock(start, time.Millisecond)
	a, b := c.Now(), c.Now()
	if !a.Equal(start) || b.Sub(a) != time.Millisecond {
		t.Fatalf("readings %v %v", a, b)
	}
	c.Advance(time.Hour)
	if got := c.Now(); got.Sub(start) != time.Hour+2*time.Millisecond {
		t.Fatalf("after Advance: %v", got.Sub(start))
	}
}
