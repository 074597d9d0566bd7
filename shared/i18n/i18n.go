// Package i18n holds the user-facing words every Antrean app shares:
// dates, clocks, closed reasons, error messages and labels, in Indonesian
// (the default) and English. It imports no UI toolkit.
package i18n

import (
	"fmt"
	"strings"
	"time"
)

// Lang is a UI language.
type Lang string

// The supported languages. Indonesian is the default everywhere.
const (
	ID Lang = "id"
	EN Lang = "en"
)

// ParseLang maps a setting or locale ("en", "en-US", "id_ID", "") to a Lang;
// anything that is not English falls back to Indonesian.
func ParseLang(s string) Lang {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "en") {
		return EN
	}
	return ID
}

// Pick chooses the Indonesian or the English string.
func (l Lang) Pick(id, en string) string {
	if l == EN {
		return en
	}
	return id
}

// String returns the language code.
func (l Lang) String() string {
	if l == EN {
		return string(EN)
	}
	return string(ID)
}

var (
	daysID   = [7]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}
	daysEN   = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	monthsID = [12]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}
	monthsEN = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// DayName is the weekday's name ("Jumat" / "Friday").
func DayName(l Lang, d time.Weekday) string {
	if d < 0 || d > 6 {
		return ""
	}
	return l.Pick(daysID[d], daysEN[d])
}

// MonthName is the month's name ("Agustus" / "August").
func MonthName(l Lang, m time.Month) string {
	if m < 1 || m > 12 {
		return ""
	}
	return l.Pick(monthsID[m-1], monthsEN[m-1])
}

// FormatDate renders "Kamis, 26 November 2026" / "Thursday, 26 November 2026".
func FormatDate(l Lang, t time.Time) string {
	return fmt.Sprintf("%s, %d %s %d", DayName(l, t.Weekday()), t.Day(), MonthName(l, t.Month()), t.Year())
}

// ZoneLabel names t's time zone the Indonesian way from its UTC offset
// (WIB, WITA, WIT), so it is right whatever the tz database calls it.
func ZoneLabel(t time.Time) string {
	_, off := t.Zone()
	switch off {
	case 7 * 3600:
		return "WIB"
	case 8 * 3600:
		return "WITA"
	case 9 * 3600:
		return "WIT"
	}
	return t.Format("MST")
}

// FormatClock renders "14.05 WIB" (Indonesian uses a dot) / "14:05 WIB".
func FormatClock(l Lang, t time.Time) string {
	sep := l.Pick(".", ":")
	return fmt.Sprintf("%02d%s%02d %s", t.Hour(), sep, t.Minute(), ZoneLabel(t))
}

// FormatDateTime renders "Kamis, 26 November 2026 14.05 WIB".
func FormatDateTime(l Lang, t time.Time) string {
	return FormatDate(l, t) + " " + FormatClock(l, t)
}

// WaitMinutes renders an estimated wait: "± 15 menit" / "≈ 15 min".
// Zero or less means the citizen is next in line.
func WaitMinutes(l Lang, n int) string {
	if n < 1 {
		return l.Pick("< 1 menit", "< 1 min")
	}
	return l.Pick(fmt.Sprintf("± %d menit", n), fmt.Sprintf("≈ %d min", n))
}
