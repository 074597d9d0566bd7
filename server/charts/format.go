package charts

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Number formats v the Indonesian way with exactly dec decimals (0–6):
// thousands with a dot, decimals with a comma. NaN and ±Inf give "–".
//
//	Number(1234.5, 1) == "1.234,5"
//	Number(87.5, 0)   == "88"
func Number(v float64, dec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	if dec < 0 {
		dec = 0
	}
	if dec > 6 {
		dec = 6
	}
	// Half away from zero, as people round (strconv would give 7,2 for
	// 7,25 because 7.25 is an exact tie and it rounds ties to even).
	if p := math.Pow(10, float64(dec)); math.Abs(v)*p < 1<<53 {
		v = math.Round(v*p) / p
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg && strings.Trim(intPart+frac, "0") != "" { // never "-0"
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteByte(',')
		b.WriteString(frac)
	}
	return b.String()
}

// num is Number with at most dec decimals: trailing zeros are dropped,
// so 87.50 reads "87,5" and 12.0 reads "12".
func num(v float64, dec int) string {
	s := Number(v, dec)
	if strings.Contains(s, ",") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ",")
	}
	return s
}

var (
	monthsShort = [12]string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}
	monthsLong  = [12]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}
	weekdays    = [7]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}
	weekdaysAbb = [7]string{"Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"}
)

// ShortDate is the Indonesian short date of t's calendar day.
//
//	ShortDate(time.Date(2024, 12, 3, 0, 0, 0, 0, time.UTC)) == "3 Des"
func ShortDate(t time.Time) string {
	return strconv.Itoa(t.Day()) + " " + monthsShort[t.Month()-1]
}

// longDate is "Sel, 3 Des 2024" (tooltips).
func longDate(t time.Time) string {
	return weekdaysAbb[t.Weekday()] + ", " + ShortDate(t) + " " + strconv.Itoa(t.Year())
}

// monthYear is "Des 2024".
func monthYear(t time.Time) string {
	return monthsShort[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// Weekday is the Indonesian name of a weekday: Weekday(time.Monday) ==
// "Senin". Handy for the legend of the usual arrivals ("Rata-rata Senin").
func Weekday(d time.Weekday) string { return weekdays[((int(d)%7)+7)%7] }

// clock is "08.00" (Indonesian writes times with a dot).
func clock(h, m int) string {
	return pad2(h) + "." + pad2(m)
}

func pad2(v int) string {
	if v < 10 && v >= 0 {
		return "0" + strconv.Itoa(v)
	}
	return strconv.Itoa(v)
}

// dayNumber counts calendar days since 1970-01-01 for t's own date,
// whatever its location, so dates from any time zone line up.
func dayNumber(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}
