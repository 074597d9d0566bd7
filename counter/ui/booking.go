package ui

import (
	"time"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// Online booking on the console: a booked ticket (checked in at the kiosk
// from an online booking) is marked with its slot in the waiting list and
// on the current ticket, with the citizen's name for the officer to greet
// (officers of the service see it; displays never do).

// bookedShort is a waiting cell's booking mark: "Booking 09.00".
func bookedShort(l i18n.Lang, slot time.Time) string {
	return l.Pick("Booking ", "Booked ") + slot.Format(l.Pick("15.04", "15:04"))
}

// bookedLabel is the current ticket's booking line: "Booking online 09.00–09.30 · Siti Rahmawati".
func bookedLabel(l i18n.Lang, slot time.Time, b *api.Booking) string {
	s := l.Pick("Booking online ", "Online booking ") + slot.Format(l.Pick("15.04", "15:04"))
	if b != nil {
		s += "–" + b.SlotEnd.Format(l.Pick("15.04", "15:04"))
		if b.Name != "" {
			s += " · " + b.Name
		}
	}
	return s
}
