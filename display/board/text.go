package board

import (
	"fmt"

	"antrean/shared/i18n"
)

// Screen strings of the display; shared ones live in shared/i18n.

func TxtNowCalling(l i18n.Lang) string { return l.Pick("NOMOR ANTREAN", "NOW CALLING") }
func TxtRecall(l i18n.Lang) string     { return l.Pick("PANGGILAN ULANG", "CALLING AGAIN") }
func TxtIdle(l i18n.Lang) string       { return l.Pick("Menunggu panggilan", "Waiting for a call") }
func TxtHistory(l i18n.Lang) string    { return l.Pick("Panggilan terakhir", "Recent calls") }
func TxtOffline(l i18n.Lang) string    { return l.Pick("Terputus", "Offline") }
func TxtSite(l i18n.Lang) string       { return l.Pick("Mal Pelayanan Publik", "Public Service Mall") }

// TxtUnstaffed marks an open counter where no officer is signed in.
func TxtUnstaffed(l i18n.Lang) string { return l.Pick("Tanpa petugas", "No officer") }

func TxtWelcome(l i18n.Lang) string {
	return l.Pick("Selamat datang. Ambil nomor antrean di kiosk dan perhatikan layar ini.",
		"Welcome. Take a ticket at the kiosk and watch this screen.")
}

// TxtCounter renders "Loket 3" / "Counter 3".
func TxtCounter(l i18n.Lang, n int) string {
	return fmt.Sprintf("%s %d", l.Pick("Loket", "Counter"), n)
}
