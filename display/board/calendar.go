package board

import (
	"time"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// The service calendar on the hall display: on a closed day the idle
// panel says "Libur Nasional: …" and the running text opens with it; the
// closures of the coming week are announced after it. The site-wide
// entries come with the board and with every catalog.updated; the state
// picks today's by the site's clock, so a holiday starts at midnight
// without a new board.

// calendarNoticeDays is how far ahead the running text announces closures.
const calendarNoticeDays = 7

// closedToday is the site-wide entry closing day (YYYY-MM-DD), if any.
func closedToday(cal []api.Holiday, day string) *api.Holiday {
	for i := range cal {
		if cal[i].Closes() && cal[i].Covers(day) {
			return &cal[i]
		}
	}
	return nil
}

// calendarNotes are the running-text lines about the calendar at now:
// today's closure or special hours, then each closure starting in the
// next calendarNoticeDays days.
func calendarNotes(l i18n.Lang, cal []api.Holiday, now time.Time) []string {
	today := now.Format("2006-01-02")
	until := now.AddDate(0, 0, calendarNoticeDays).Format("2006-01-02")
	var out []string
	if h := closedToday(cal, today); h != nil {
		out = append(out, l.Pick("Hari ini Mal Pelayanan Publik tutup — ", "The Public Service Mall is closed today — ")+i18n.HolidayNote(l, *h)+".")
	}
	for _, h := range cal {
		switch {
		case !h.Closes() && h.Covers(today):
			out = append(out, i18n.HolidayNote(l, h)+".")
		case h.Closes() && h.Date > today && h.Date <= until:
			first, err := time.ParseInLocation("2006-01-02", h.Date, now.Location())
			if err != nil {
				continue
			}
			when := i18n.FormatDate(l, first)
			if h.Until != "" {
				if last, err := time.ParseInLocation("2006-01-02", h.Until, now.Location()); err == nil {
					when += l.Pick(" s.d. ", " to ") + i18n.FormatDate(l, last)
				}
			}
			out = append(out, when+": "+i18n.HolidayNote(l, h)+l.Pick(". Layanan tutup.", ". Closed."))
		}
	}
	return out
}

// setCalendar takes the calendar of a board or a catalog.updated event.
func (s *State) setCalendar(cal []api.Holiday) {
	s.calendar = append([]api.Holiday(nil), cal...)
	s.calendarDay = "" // re-applied below
	s.applyCalendar()
}

// applyCalendar refreshes the running text when the calendar or the date
// changed (Tick calls it; it does nothing on the same day).
func (s *State) applyCalendar() {
	now := s.now().In(s.loc)
	day := now.Format("2006-01-02")
	if day == s.calendarDay {
		return
	}
	s.calendarDay = day
	s.calendarLines = calendarNotes(s.lang, s.calendar, now)
	s.runningKey = "\x00"  // the footer may change with the calendar
	s.applyAnnouncements() // and sets the running text
}

// idleText is what the big panel says with no call: the holiday on a
// closed day.
func (s *State) idleText() string {
	if h := closedToday(s.calendar, s.localDay(s.now())); h != nil {
		return i18n.HolidayNote(s.lang, *h)
	}
	return TxtIdle(s.lang)
}
