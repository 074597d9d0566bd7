package i18n

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"antrean/shared/api"
)

func TestParseLangAndPick(t *testing.T) {
	cases := map[string]Lang{"en": EN, "EN": EN, "en-US": EN, " en_GB": EN, "id": ID, "id_ID": ID, "": ID, "fr": ID, "e": ID}
	for in, want := range cases {
		if got := ParseLang(in); got != want {
			t.Errorf("ParseLang(%q) = %q, want %q", in, got, want)
		}
	}
	if ID.Pick("a", "b") != "a" || EN.Pick("a", "b") != "b" || Lang("xx").Pick("a", "b") != "a" {
		t.Error("Pick chose the wrong language")
	}
}

func TestDayAndMonthNames(t *testing.T) {
	wantID := []string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}
	wantEN := []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if got := DayName(ID, d); got != wantID[d] {
			t.Errorf("DayName(ID,%v) = %q", d, got)
		}
		if got := DayName(EN, d); got != wantEN[d] {
			t.Errorf("DayName(EN,%v) = %q", d, got)
		}
	}
	months := strings.Fields("Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember")
	for m := time.January; m <= time.December; m++ {
		if got := MonthName(ID, m); got != months[m-1] {
			t.Errorf("MonthName(ID,%v) = %q, want %q", m, got, months[m-1])
		}
		if got := MonthName(EN, m); got != m.String() {
			t.Errorf("MonthName(EN,%v) = %q", m, got)
		}
	}
	if DayName(ID, 7) != "" || MonthName(ID, 0) != "" || MonthName(ID, 13) != "" {
		t.Error("out-of-range names should be empty")
	}
}

var (
	wib  = time.FixedZone("Asia/Jakarta", 7*3600)
	wita = time.FixedZone("Asia/Makassar", 8*3600)
	wit  = time.FixedZone("Asia/Jayapura", 9*3600)
)

func TestFormatDateClock(t *testing.T) {
	ts := time.Date(2026, 11, 26, 14, 5, 0, 0, wib)
	check := func(name, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	check("FormatDate ID", FormatDate(ID, ts), "Kamis, 26 November 2026")
	check("FormatDate EN", FormatDate(EN, ts), "Thursday, 26 November 2026")
	check("FormatClock ID", FormatClock(ID, ts), "14.05 WIB")
	check("FormatClock EN", FormatClock(EN, ts), "14:05 WIB")
	check("FormatDateTime ID", FormatDateTime(ID, ts), "Kamis, 26 November 2026 14.05 WIB")
	check("FormatDateTime EN", FormatDateTime(EN, ts), "Thursday, 26 November 2026 14:05 WIB")
	check("FormatDate single-digit day", FormatDate(ID, time.Date(2026, 8, 7, 9, 0, 0, 0, wib)), "Jumat, 7 Agustus 2026")
	check("FormatClock morning", FormatClock(ID, time.Date(2026, 1, 1, 7, 3, 0, 0, wita)), "07.03 WITA")
	check("FormatClock WIT", FormatClock(EN, time.Date(2026, 1, 1, 23, 59, 0, 0, wit)), "23:59 WIT")
	check("FormatClock UTC", FormatClock(ID, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), "00.00 UTC")
	// The label follows the offset, not the zone's name.
	check("FormatClock named", FormatClock(ID, time.Date(2026, 1, 1, 8, 0, 0, 0, time.FixedZone("XYZ", 7*3600))), "08.00 WIB")
	check("FormatClock other", FormatClock(ID, time.Date(2026, 1, 1, 8, 0, 0, 0, time.FixedZone("CET", 3600))), "08.00 CET")
	if loc, err := time.LoadLocation("Asia/Makassar"); err == nil {
		check("FormatClock tzdb", FormatClock(ID, time.Date(2026, 3, 2, 10, 30, 0, 0, loc)), "10.30 WITA")
	}
}

func TestWaitMinutes(t *testing.T) {
	if got := WaitMinutes(ID, 15); got != "± 15 menit" {
		t.Errorf("got %q", got)
	}
	if got := WaitMinutes(EN, 15); got != "≈ 15 min" {
		t.Errorf("got %q", got)
	}
	if got := WaitMinutes(ID, 0); got != "< 1 menit" {
		t.Errorf("got %q", got)
	}
	if got := WaitMinutes(EN, -3); got != "< 1 min" {
		t.Errorf("got %q", got)
	}
}

func TestClosedReason(t *testing.T) {
	want := map[api.ClosedReason][2]string{
		api.ReasonOutsideHours: {"Di luar jam layanan", "Outside service hours"},
		api.ReasonClosedDay:    {"Tidak ada layanan hari ini", "No service today"},
		api.ReasonBreak:        {"Istirahat", "On break"},
		api.ReasonCutoff:       {"Pendaftaran hari ini sudah ditutup", "Registration for today has closed"},
		api.ReasonQuotaFull:    {"Kuota hari ini habis", "Today's quota is full"},
		api.ReasonInactive:     {"Layanan tidak tersedia", "Service not available"},
		api.ReasonNoCounter:    {"Belum ada loket yang buka", "No counter is open yet"},
	}
	for r, w := range want {
		if got := ClosedReason(ID, r); got != w[0] {
			t.Errorf("ClosedReason(ID,%s) = %q, want %q", r, got, w[0])
		}
		if got := ClosedReason(EN, r); got != w[1] {
			t.Errorf("ClosedReason(EN,%s) = %q, want %q", r, got, w[1])
		}
	}
	if got := ClosedReason(ID, api.ReasonNone); got != "" {
		t.Errorf("none = %q", got)
	}
	if got := ClosedReason(ID, "martian"); got != "Layanan sedang tutup" {
		t.Errorf("unknown = %q", got)
	}
}

func TestLabels(t *testing.T) {
	pri := map[api.Priority]string{
		"": "Umum", api.PriorityNone: "Umum", api.PriorityElderly: "Lansia",
		api.PriorityDisability: "Penyandang disabilitas", api.PriorityPregnant: "Ibu hamil",
		api.PriorityOther: "Prioritas lainnya",
	}
	for p, w := range pri {
		if got := PriorityLabel(ID, p); got != w {
			t.Errorf("PriorityLabel(%q) = %q, want %q", p, got, w)
		}
		if en := PriorityLabel(EN, p); en == "" || en == w {
			t.Errorf("PriorityLabel(EN,%q) = %q, want an English label", p, en)
		}
	}
	short := map[api.Priority]string{"": "", api.PriorityNone: "", api.PriorityElderly: "Lansia",
		api.PriorityDisability: "Disabilitas", api.PriorityPregnant: "Ibu hamil", api.PriorityOther: "Prioritas"}
	for p, w := range short {
		if got := PriorityShort(ID, p); got != w {
			t.Errorf("PriorityShort(%q) = %q, want %q", p, got, w)
		}
		if en := PriorityShort(EN, p); (en == "") != (w == "") || (w != "" && en == w) {
			t.Errorf("PriorityShort(EN,%q) = %q", p, en)
		}
	}
	st := map[api.State]string{
		api.StateWaiting: "Menunggu", api.StateCalled: "Dipanggil", api.StateServing: "Dilayani",
		api.StateDone: "Selesai", api.StateNoShow: "Tidak hadir", api.StateCancelled: "Dibatalkan",
		api.StateTransferred: "Dialihkan",
	}
	for s, w := range st {
		if got := StateLabel(ID, s); got != w {
			t.Errorf("StateLabel(%q) = %q, want %q", s, got, w)
		}
		if en := StateLabel(EN, s); en == "" || en == w {
			t.Errorf("StateLabel(EN,%q) = %q", s, en)
		}
	}
	if StateLabel(EN, api.StateCalled) != "Called" || PriorityLabel(EN, api.PriorityElderly) != "Elderly" {
		t.Error("English labels wrong")
	}
	cs := map[api.CounterStatus]string{api.CounterOpen: "Buka", api.CounterBreak: "Istirahat", api.CounterClosed: "Tutup"}
	for s, w := range cs {
		if got := CounterStatusLabel(ID, s); got != w {
			t.Errorf("CounterStatusLabel(%q) = %q", s, got)
		}
	}
}

type netErr struct{}

func (netErr) Error() string   { return "dial tcp 10.0.0.1:8080: connect: connection refused" }
func (netErr) Timeout() bool   { return false }
func (netErr) Temporary() bool { return false }

var _ net.Error = netErr{}

func TestErrorMessage(t *testing.T) {
	cases := []struct {
		err    error
		id, en string
	}{
		{nil, "", ""},
		{api.ErrNotFound, "Data tidak ditemukan", "Not found"},
		{api.Errorf(api.CodeInvalidInput, "nomor HP harus 10–13 digit"), "Data tidak valid: nomor HP harus 10–13 digit", "Invalid data: nomor HP harus 10–13 digit"},
		{api.ErrInvalidInput, "Data tidak valid", "Invalid data"},
		{api.Errorf(api.CodeInvalidState, "ticket t-123 is done"), "Tiket sudah diproses atau dipanggil loket lain", "The ticket was already handled or called by another counter"},
		{&api.Error{Code: api.CodeServiceClosed, Reason: api.ReasonBreak}, "Istirahat", "On break"},
		{&api.Error{Code: api.CodeServiceClosed, Reason: api.ReasonCutoff, Detail: "cutoff 15:30"}, "Pendaftaran hari ini sudah ditutup", "Registration for today has closed"},
		{api.ErrServiceClosed, "Layanan sedang tutup", "Service is closed"},
		{api.ErrQuotaFull, "Kuota hari ini habis", "Today's quota is full"},
		{api.ErrUnauthorized, "Sesi berakhir, silakan masuk kembali", "Session ended, please sign in again"},
		{api.ErrForbidden, "Anda tidak berhak untuk loket/layanan ini", "You are not allowed to use this counter/service"},
		{api.ErrConflict, "Permintaan bentrok dengan data yang ada", "The request conflicts with existing data"},
		{api.ErrRateLimited, "Terlalu banyak permintaan, coba lagi sebentar", "Too many requests, please try again shortly"},
		{&api.Error{Code: api.CodeTooLarge}, "Data terlalu besar", "The data is too large"},
		{api.Errorf(api.CodeUnavailable, "dial tcp: refused"), "Tidak dapat terhubung ke server. Sedang menghubungkan…", "Cannot reach the server. Reconnecting…"},
		{api.Errorf(api.CodeInternal, "sql: database is locked"), "Terjadi kesalahan pada server. Silakan coba lagi atau hubungi petugas.", "A server error occurred. Please try again or ask an officer."},
		{&api.Error{Code: "weird_new_code", Detail: "secret"}, "Terjadi kesalahan. Silakan coba lagi atau hubungi petugas.", "Something went wrong. Please try again or ask an officer."},
		// Wrapped api errors still map by code.
		{fmt.Errorf("issue: %w", api.ErrQuotaFull), "Kuota hari ini habis", "Today's quota is full"},
		// Plain errors.
		{context.DeadlineExceeded, "Tidak dapat terhubung ke server. Sedang menghubungkan…", "Cannot reach the server. Reconnecting…"},
		{fmt.Errorf("get: %w", netErr{}), "Tidak dapat terhubung ke server. Sedang menghubungkan…", "Cannot reach the server. Reconnecting…"},
		{context.Canceled, "Permintaan dibatalkan", "Request cancelled"},
		{errors.New("pq: relation users does not exist"), "Terjadi kesalahan. Silakan coba lagi atau hubungi petugas.", "Something went wrong. Please try again or ask an officer."},
	}
	for _, c := range cases {
		if got := ErrorMessage(ID, c.err); got != c.id {
			t.Errorf("ErrorMessage(ID, %v) = %q, want %q", c.err, got, c.id)
		}
		if got := ErrorMessage(EN, c.err); got != c.en {
			t.Errorf("ErrorMessage(EN, %v) = %q, want %q", c.err, got, c.en)
		}
	}
}

// Every code the API defines has its own message, and no message leaks the
// error's internal detail (except invalid_input, whose detail is for people).
func TestErrorMessageEveryCodeNoLeak(t *testing.T) {
	codes := []api.Code{api.CodeNotFound, api.CodeInvalidInput, api.CodeInvalidState, api.CodeServiceClosed,
		api.CodeQuotaFull, api.CodeUnauthorized, api.CodeForbidden, api.CodeConflict, api.CodeRateLimited,
		api.CodeTooLarge, api.CodeUnavailable, api.CodeInternal, api.CodeWrongCheck}
	seen := map[string]api.Code{}
	for _, c := range codes {
		for _, l := range []Lang{ID, EN} {
			msg := ErrorMessage(l, &api.Error{Code: c, Detail: "SECRET-DETAIL"})
			if msg == "" || msg == generic(l) {
				t.Errorf("%s/%s: no specific message (%q)", l, c, msg)
			}
			if c != api.CodeInvalidInput && strings.Contains(msg, "SECRET") {
				t.Errorf("%s/%s leaks detail: %q", l, c, msg)
			}
			if strings.Contains(msg, string(c)) && strings.Contains(string(c), "_") {
				t.Errorf("%s/%s shows the raw code: %q", l, c, msg)
			}
		}
		msg := ErrorMessage(ID, &api.Error{Code: c})
		if prev, dup := seen[msg]; dup {
			t.Errorf("codes %s and %s share the message %q", prev, c, msg)
		}
		seen[msg] = c
	}
}
