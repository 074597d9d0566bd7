package board

import (
	"strings"
	"time"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// The running text on the hall display, in this order: the calendar's
// lines (calendar.go), the announcements that run now, then the footer
// line with today's hours and the call-center number.
//
// Announcements come with the board and with every catalog.updated (an
// admin changed them); the state picks the ones that run by the site's
// clock on every Tick, so an entry starts and ends on time without an
// event. A --ticker list replaces the announcements (not the calendar or
// the footer). The site's plain announcements list, which servers before
// scheduled announcements sent in the site, still runs first.

// activeLines are the texts of the entries that run now on this
// display's zone (--zone, else the board's: a zone-bound token's): the
// Indonesian text, then the English one if any.
func (s *State) activeLines(now time.Time) []string {
	zone := s.cfg.Zone
	if zone == "" {
		zone = s.boardZone
	}
	var out []string
	for _, a := range s.announcements {
		if a.ActiveAt(now, zone) {
			out = append(out, a.Text)
			if a.TextEN != "" {
				out = append(out, a.TextEN)
			}
		}
	}
	return out
}

// applyAnnouncements refreshes the running text when what runs changed:
// an entry started or ended, or the day (and with it the footer) turned.
func (s *State) applyAnnouncements() {
	now := s.now().In(s.loc)
	lines := s.activeLines(now)
	footer := FooterLine(s.lang, s.site, s.calendar, now)
	key := strings.Join(lines, "\x00") + "\x01" + footer
	if key == s.runningKey {
		return
	}
	s.runningKey = key
	s.announcementLines, s.footer = lines, footer
	s.setMessages()
}

// FooterLine is the running text's fixed last line: "Jam layanan hari ini
// 08.00–15.00 · Call center 0751-123456." ("Hari ini layanan tutup · …" on
// a closed day). Today's hours are the site's usual hours of the weekday,
// replaced by a site-wide special-hours calendar entry of today (cal holds
// the site-wide entries, as in Board.Calendar). "" when the site gives
// neither hours nor a number.
func FooterLine(l i18n.Lang, site api.Site, cal []api.Holiday, now time.Time) string {
	var parts []string
	if t := todayText(l, site.Hours, cal, now); t != "" {
		parts = append(parts, t)
	}
	if cc := strings.TrimSpace(site.CallCenter); cc != "" {
		parts = append(parts, "Call center "+cc)
	}
	if len(parts) == 0 {
		return ""
	}
	// A full stop: the running text pages by sentences.
	return strings.Join(parts, " · ") + "."
}

// todayText words today's hours; "" when the site gives no usual hours
// and the calendar says nothing about today.
func todayText(l i18n.Lang, hours []api.DayHours, cal []api.Holiday, now time.Time) string {
	closed := l.Pick("Hari ini layanan tutup", "Closed today")
	if closedToday(cal, now.Format("2006-01-02")) != nil {
		return closed
	}
	if h := hoursToday(hours, cal, now); h != nil {
		return l.Pick("Jam layanan hari ini ", "Today's service hours ") + clockText(l, h.Open) + "–" + clockText(l, h.Close)
	}
	if len(hours) > 0 {
		return closed // a weekday the site does not open
	}
	return ""
}

// hoursToday are the site's hours on now's day (nil = none): the usual
// hours of the weekday, or a special-hours entry's.
func hoursToday(hours []api.DayHours, cal []api.Holiday, now time.Time) *api.DayHours {
	day, wd := now.Format("2006-01-02"), int(now.Weekday())
	var usual *api.DayHours
	for i := range hours {
		if hours[i].Weekday == wd {
			usual = &hours[i]
		}
	}
	for i := range cal {
		h := cal[i]
		if h.Closes() || !h.Covers(day) {
			continue
		}
		for j := range h.Hours {
			if h.Hours[j].Weekday == wd {
				return &h.Hours[j]
			}
		}
		if h.Daily != nil && usual != nil {
			return h.Daily
		}
	}
	return usual
}

// clockText is "08.00" in Indonesian, "08:00" in English.
func clockText(l i18n.Lang, hm string) string {
	if l == i18n.ID {
		return strings.Replace(hm, ":", ".", 1)
	}
	return hm
}
