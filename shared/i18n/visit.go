package i18n

import "antrean/shared/api"

// StepLabel names the state of a visit's step: the ticket states, plus
// pending (not reached yet) and skipped (the visit ended before it).
func StepLabel(l Lang, s api.State) string {
	switch s {
	case api.StatePending:
		return l.Pick("Berikutnya", "Next")
	case api.StateSkipped:
		return l.Pick("Tidak dilanjutkan", "Not continued")
	case api.StateExpired:
		return l.Pick("Kedaluwarsa", "Expired")
	}
	return StateLabel(l, s)
}
