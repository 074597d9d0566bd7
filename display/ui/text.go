package ui

import (
	"fmt"

	"antrean/shared/i18n"
)

// Screen strings of the display; shared ones live in shared/i18n.
func txtNowCalling(l i18n.Lang) string { return l.Pick("NOMOR ANTREAN", "NOW CALLING") }
func txtRecall(l i18n.Lang) string     { return l.Pick("PANGGILAN ULANG", "CALLING AGAIN") }
func txtIdle(l i18n.Lang) string {
	return l.Pick("Menunggu panggilan", "Waiting for a call")
}
func txtHistory(l i18n.Lang) string { return l.Pick("Panggilan terakhir", "Recent calls") }
func txtOffline(l i18n.Lang) string {
	return l.Pick("● Terputus", "● Offline")
}
func txtSite(l i18n.Lang) string { return l.Pick("Mal Pelayanan Publik", "Public Service Mall") }
func txtWelcome(l i18n.Lang) string {
	return l.Pick("Selamat datang. Ambil nomor antrean di kiosk dan perhatikan layar ini.",
		"Welcome. Take a ticket at the kiosk and watch this screen.")
}

// txtCounter renders "Loket 3" / "Counter 3".
func txtCounter(l i18n.Lang, n int) string {
	return fmt.Sprintf("%s %d", l.Pick("Loket", "Counter"), n)
}
