package ui

import (
	"testing"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

func TestStaffLine(t *testing.T) {
	lvl, ikm := 87.5, 85.25
	s := api.OfficerStats{LoggedInMinutes: 192.9, BreakMinutes: 25, IdleMinutes: 40.4, ServiceLevel: &lvl, TargetMinutes: 15,
		RecallsPerTicket: 0.25, IKM: &ikm, Respondents: 12}
	if got, want := staffLine(i18n.ID, s), "Masuk 3 j 12 mnt · istirahat 25 mnt · menganggur 40 mnt · 87,5% dipanggil ≤ 15 menit · panggil ulang 0,2 per nomor · IKM 85,2 (12 responden)"; got != want {
		t.Errorf("id:\n got %q\nwant %q", got, want)
	}
	if got, want := staffLine(i18n.EN, api.OfficerStats{LoggedInMinutes: 61}), "Signed in 1 h 01 min · break 0 min · idle 0 min · 0.0 recalls per ticket"; got != want {
		t.Errorf("en:\n got %q\nwant %q", got, want)
	}
}
