package i18n

import (
	"testing"

	"antrean/shared/api"
)

func TestHolidayNote(t *testing.T) {
	tests := []struct {
		h      api.Holiday
		id, en string
	}{
		{api.Holiday{Name: "Tahun Baru 2027 Masehi", Kind: api.HolidayNational}, "Libur Nasional: Tahun Baru 2027 Masehi", "National holiday: Tahun Baru 2027 Masehi"},
		{api.Holiday{Name: "Cuti Bersama Idul Fitri", Kind: api.HolidayCutiBersama}, "Cuti Bersama Idul Fitri", "Collective leave: Cuti Bersama Idul Fitri"},
		{api.Holiday{Name: "Idul Fitri", Kind: api.HolidayCutiBersama}, "Cuti Bersama: Idul Fitri", "Collective leave: Idul Fitri"},
		{api.Holiday{Name: "Pemeliharaan sistem", Kind: api.HolidayLocal}, "Tutup: Pemeliharaan sistem", "Closed: Pemeliharaan sistem"},
		{api.Holiday{Name: "Ramadan", Kind: api.HolidaySpecial}, "Jam layanan khusus: Ramadan", "Special hours: Ramadan"},
		{api.Holiday{Kind: api.HolidayNational}, "Libur Nasional", "National holiday"},
	}
	for _, tt := range tests {
		if got := HolidayNote(ID, tt.h); got != tt.id {
			t.Errorf("id %+v = %q, want %q", tt.h, got, tt.id)
		}
		if got := HolidayNote(EN, tt.h); got != tt.en {
			t.Errorf("en %+v = %q, want %q", tt.h, got, tt.en)
		}
	}
	h := api.Holiday{Name: "Tahun Baru", Kind: api.HolidayNational}
	if got := ServiceClosed(ID, api.Service{ClosedReason: api.ReasonHoliday, Holiday: &h}); got != "Libur Nasional: Tahun Baru" {
		t.Errorf("service closed = %q", got)
	}
	if got := ServiceClosed(ID, api.Service{ClosedReason: api.ReasonBreak}); got != "Istirahat" {
		t.Errorf("break = %q", got)
	}
	if got := ClosedReason(ID, api.ReasonHoliday); got == "" || got == ClosedReason(ID, "nope") {
		t.Errorf("holiday reason = %q", got)
	}
}
