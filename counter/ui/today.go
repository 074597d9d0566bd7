package ui

import (
	"fmt"
	"math"
	"strings"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// staffLine is the officer's own performance of today under the counts:
// time signed in, on break and idle between calls, the share of calls
// within the service-level target, recalls per ticket and the SKM of what
// they served (the same figures as the admin's staff report).
func staffLine(l i18n.Lang, s api.OfficerStats) string {
	pick := l.Pick
	parts := []string{
		pick("Masuk ", "Signed in ") + duration(l, s.LoggedInMinutes),
		pick("istirahat ", "break ") + duration(l, s.BreakMinutes),
		pick("menganggur ", "idle ") + duration(l, s.IdleMinutes),
	}
	if s.ServiceLevel != nil {
		parts = append(parts, fmt.Sprintf(pick("%s%% dipanggil ≤ %d menit", "%s%% called within %d min"), decimal(l, *s.ServiceLevel), s.TargetMinutes))
	}
	parts = append(parts, fmt.Sprintf(pick("panggil ulang %s per nomor", "%s recalls per ticket"), decimal(l, s.RecallsPerTicket)))
	if s.IKM != nil {
		parts = append(parts, fmt.Sprintf(pick("IKM %s (%d responden)", "IKM %s (%d respondents)"), decimal(l, *s.IKM), s.Respondents))
	}
	return strings.Join(parts, " · ")
}

// duration writes minutes as "3 j 05 mnt" / "3 h 05 min" (whole minutes).
func duration(l i18n.Lang, minutes float64) string {
	m := int(math.Floor(minutes))
	if m < 60 {
		return fmt.Sprintf(l.Pick("%d mnt", "%d min"), m)
	}
	return fmt.Sprintf(l.Pick("%d j %02d mnt", "%d h %02d min"), m/60, m%60)
}
