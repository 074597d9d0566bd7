package httpapi

import (
	"context"
	"html/template"
	"strings"
	"time"

	"antrean/server/queue"
	"antrean/shared/api"
	"antrean/shared/i18n"
)

// siteInfo is what the phone page says about the MPP besides the ticket:
// whom to call, when it is open, and the closures of the coming two weeks
// that concern the ticket's service — in both languages of the page.
type siteInfo struct {
	CallCenter string
	CallHref   template.URL // tel: with the digits only
	HoursID    []string
	HoursEN    []string
	ClosedID   []string
	ClosedEN   []string
}

// infoDays is how far ahead the phone page lists closures.
const infoDays = 14

func (s *Server) siteInfo(ctx context.Context, t api.Ticket) (siteInfo, error) {
	cal, err := s.o.Store.Calendar(ctx, "", "")
	if err != nil {
		return siteInfo{}, err
	}
	info := siteInfo{CallCenter: cal.CallCenter, HoursID: hoursLines(i18n.ID, cal.Hours), HoursEN: hoursLines(i18n.EN, cal.Hours)}
	if tel := telDigits(cal.CallCenter); tel != "" {
		info.CallHref = template.URL("tel:" + tel) // only digits and a leading +
	}
	from, err := time.Parse("2006-01-02", cal.From)
	if err != nil {
		return info, nil
	}
	until := from.AddDate(0, 0, infoDays).Format("2006-01-02")
	sv := api.Service{ID: t.ServiceID, AgencyID: t.AgencyID}
	for _, h := range cal.Holidays {
		if !h.Closes() || h.Date > until || !queue.Applies(h, sv) {
			continue
		}
		for _, l := range []i18n.Lang{i18n.ID, i18n.EN} {
			when := dateText(l, h.Date)
			if h.Until != "" {
				when += l.Pick(" s.d. ", " to ") + dateText(l, h.Until)
			}
			line := when + " — " + i18n.HolidayNote(l, h)
			if l == i18n.ID {
				info.ClosedID = append(info.ClosedID, line)
			} else {
				info.ClosedEN = append(info.ClosedEN, line)
			}
		}
	}
	return info, nil
}

func dateText(l i18n.Lang, day string) string {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return day
	}
	return i18n.FormatDate(l, t)
}

// telDigits keeps what a phone dials: digits and a leading "+".
func telDigits(s string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		if r >= '0' && r <= '9' || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	if b.Len() < 3 {
		return ""
	}
	return b.String()
}

// hoursLines words the weekly hours, Monday first, days with the same
// hours together: "Senin–Kamis: 08.00–16.00", "Jumat: 08.00–16.00
// (istirahat 11.30–13.30)", "Sabtu–Minggu: tutup".
func hoursLines(l i18n.Lang, hours []api.DayHours) []string {
	clock := func(s string) string {
		if l == i18n.ID {
			return strings.Replace(s, ":", ".", 1)
		}
		return s
	}
	text := func(wd int) string {
		d := queue.HoursOn(hours, time.Weekday(wd))
		if d == nil {
			return l.Pick("tutup", "closed")
		}
		s := clock(d.Open) + "–" + clock(d.Close)
		var br []string
		for _, b := range d.Breaks {
			br = append(br, clock(b.From)+"–"+clock(b.To))
		}
		if len(br) > 0 {
			s += l.Pick(" (istirahat ", " (break ") + strings.Join(br, ", ") + ")"
		}
		return s
	}
	order := []int{1, 2, 3, 4, 5, 6, 0}
	var out []string
	for i := 0; i < len(order); {
		j := i
		for j+1 < len(order) && text(order[j+1]) == text(order[i]) {
			j++
		}
		days := i18n.DayName(l, time.Weekday(order[i]))
		if j > i {
			days += "–" + i18n.DayName(l, time.Weekday(order[j]))
		}
		out = append(out, days+": "+text(order[i]))
		i = j + 1
	}
	return out
}
