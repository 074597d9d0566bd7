package queue

import (
	"errors"
	"strings"
	"testing"
	"time"

	"antrean/shared/api"
)

func TestCalendarClosesAndSetsHours(t *testing.T) {
	loc := jakarta(t)
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, loc) }
	ktp := api.Service{ID: "ktp-el", AgencyID: "disdukcapil"}
	samsat := api.Service{ID: "pkb", AgencyID: "samsat"}
	cal := []api.Holiday{
		NormalizeHoliday(api.Holiday{ID: "tahun-baru", Date: "2027-01-01", Name: "Tahun Baru 2027 Masehi"}),
		NormalizeHoliday(api.Holiday{ID: "lebaran", Date: "2027-03-10", Until: "2027-03-11", Name: "Idul Fitri 1448 H"}),
		NormalizeHoliday(api.Holiday{ID: "cuti", Date: "2027-03-12", Name: "Cuti Bersama Idul Fitri", Kind: api.HolidayCutiBersama}),
		// Samsat closes on its own for a system migration.
		NormalizeHoliday(api.Holiday{ID: "samsat-tutup", Date: "2027-01-04", Name: "Migrasi sistem Samsat", Kind: api.HolidayLocal, AgencyIDs: []string{"samsat"}}),
		// A local closure on the national holiday: the national one names it.
		NormalizeHoliday(api.Holiday{ID: "a-lokal", Date: "2027-01-01", Name: "Kerja bakti", Kind: api.HolidayLocal}),
		// Ramadan: shorter days for everyone, a smaller KTP quota, and a
		// Saturday opening for KTP only.
		NormalizeHoliday(api.Holiday{ID: "ramadan", Date: "2027-02-08", Until: "2027-03-09", Name: "Jam layanan Ramadan",
			Daily: &api.DayHours{Open: "08:00", Close: "14:00"}, Quota: 40}),
		NormalizeHoliday(api.Holiday{ID: "ramadan-ktp-sabtu", Date: "2027-02-08", Until: "2027-03-09", Name: "Sabtu layanan KTP",
			ServiceIDs: []string{"ktp-el"}, Hours: []api.DayHours{{Weekday: 6, Open: "08:00", Close: "12:00"}}}),
	}
	rules := func(sv api.Service) Rules {
		return Rules{Hours: mppHours(), CutoffMinutes: 30, DailyQuota: 100, Active: true, Calendar: ServiceCalendar(cal, sv)}
	}
	tests := []struct {
		name    string
		sv      api.Service
		now     time.Time
		issued  int
		want    api.ClosedReason
		holiday string
	}{
		{"new year closes", ktp, at(2027, 1, 1, 10, 0), 0, api.ReasonHoliday, "tahun-baru"},
		{"day after is a Saturday", ktp, at(2027, 1, 2, 10, 0), 0, api.ReasonClosedDay, ""},
		{"samsat closed alone", samsat, at(2027, 1, 4, 10, 0), 0, api.ReasonHoliday, "samsat-tutup"},
		{"ktp open that day", ktp, at(2027, 1, 4, 10, 0), 0, "", ""},
		{"lebaran second day", ktp, at(2027, 3, 11, 9, 0), 0, api.ReasonHoliday, "lebaran"},
		{"cuti bersama", samsat, at(2027, 3, 12, 9, 0), 0, api.ReasonHoliday, "cuti"},
		{"holiday beats quota", ktp, at(2027, 1, 1, 10, 0), 500, api.ReasonHoliday, "tahun-baru"},
		{"ramadan morning open", samsat, at(2027, 2, 9, 10, 0), 0, "", "ramadan"},
		{"ramadan closes at 14:00", samsat, at(2027, 2, 9, 14, 0), 0, api.ReasonOutsideHours, "ramadan"},
		{"ramadan cutoff from 13:30", samsat, at(2027, 2, 9, 13, 30), 0, api.ReasonCutoff, "ramadan"},
		{"ramadan quota 40", samsat, at(2027, 2, 9, 10, 0), 40, api.ReasonQuotaFull, "ramadan"},
		{"ramadan daily hours do not open sunday", samsat, at(2027, 2, 14, 10, 0), 0, api.ReasonClosedDay, "ramadan"},
		{"ramadan friday keeps no break", samsat, at(2027, 2, 12, 12, 0), 0, "", "ramadan"},
		{"ktp saturday opening", ktp, at(2027, 2, 13, 9, 0), 0, "", "ramadan-ktp-sabtu"},
		{"ktp saturday closes 12:00", ktp, at(2027, 2, 13, 12, 0), 0, api.ReasonOutsideHours, "ramadan-ktp-sabtu"},
		{"samsat saturday closed", samsat, at(2027, 2, 13, 9, 0), 0, api.ReasonClosedDay, "ramadan"},
		{"after ramadan usual hours", samsat, at(2027, 3, 15, 15, 0), 0, "", ""},
		{"after ramadan usual quota", samsat, at(2027, 3, 15, 10, 0), 40, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rules(tt.sv)
			got, open := Availability(r, tt.now, tt.issued)
			if got != tt.want || open != (tt.want == "") {
				t.Errorf("Availability = (%q, %v), want %q", got, open, tt.want)
			}
			d := DayOf(r, tt.now)
			id := ""
			if d.Holiday != nil {
				id = d.Holiday.ID
			}
			if id != tt.holiday {
				t.Errorf("DayOf holiday = %q, want %q", id, tt.holiday)
			}
		})
	}
	// The demo's always_open ignores the calendar, like the hours.
	r := rules(ktp)
	r.AlwaysOpen = true
	if reason, open := Availability(r, at(2027, 1, 1, 10, 0), 0); !open {
		t.Fatalf("always open on a holiday: %q", reason)
	}
	// Quotas follow the calendar.
	if q := QuotaOn(rules(samsat), at(2027, 2, 9, 10, 0)); q != 40 {
		t.Fatalf("ramadan quota %d", q)
	}
	if q := QuotaOn(rules(samsat), at(2027, 3, 15, 10, 0)); q != 100 {
		t.Fatalf("usual quota %d", q)
	}
}

func TestValidateHoliday(t *testing.T) {
	ok := func(h api.Holiday) api.Holiday { return NormalizeHoliday(h) }
	tests := []struct {
		h    api.Holiday
		want string
	}{
		{ok(api.Holiday{Date: "2027-01-01", Name: "x"}), ""},
		{ok(api.Holiday{Date: "2027-02-08", Until: "2027-03-09", Daily: &api.DayHours{Open: "08:00", Close: "14:00"}}), ""},
		{ok(api.Holiday{Date: "2027-1-1"}), "must be YYYY-MM-DD"},
		{ok(api.Holiday{Date: "2027-01-05", Until: "2027-01-04"}), "before date"},
		{ok(api.Holiday{Date: "2027-01-01", Until: "2028-01-02"}), "longer than 366 days"},
		{ok(api.Holiday{Date: "2027-01-01", Kind: "holiday"}), "kind \"holiday\""},
		{ok(api.Holiday{Date: "2027-01-01", Kind: api.HolidaySpecial}), "needs hours"},
		{ok(api.Holiday{Date: "2027-01-01", Kind: api.HolidayNational, Daily: &api.DayHours{Open: "08:00", Close: "12:00"}}), "kind special"},
		{ok(api.Holiday{Date: "2027-01-01", Daily: &api.DayHours{Open: "12:00", Close: "08:00"}}), "daily: hours for"},
		{ok(api.Holiday{Date: "2027-01-01", Hours: []api.DayHours{{Weekday: 9, Open: "08:00", Close: "12:00"}}}), "weekday 9"},
		{ok(api.Holiday{Date: "2027-01-01", Quota: 10}), "quota is for special-hours days"},
	}
	for _, tt := range tests {
		err := ValidateHoliday(tt.h)
		if tt.want == "" {
			if err != nil {
				t.Errorf("%+v: %v", tt.h, err)
			}
			continue
		}
		if !errors.Is(err, api.ErrInvalidInput) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.h, err, tt.want)
		}
	}
	if h := NormalizeHoliday(api.Holiday{Date: "2027-01-01", Until: "2027-01-01"}); h.Until != "" || h.Kind != api.HolidayNational {
		t.Fatalf("normalized %+v", h)
	}
	got := Overlapping([]api.Holiday{{ID: "b", Date: "2027-03-10", Until: "2027-03-12"}, {ID: "a", Date: "2027-01-01"}, {ID: "c", Date: "2027-05-01"}},
		"2027-03-12", "2027-04-30")
	if len(got) != 1 || got[0].ID != "b" {
		t.Fatalf("overlapping %+v", got)
	}
}
