package i18n

import "antrean/shared/api"

// ClosedReason says why a service takes no tickets, for a citizen.
// ReasonNone gives "".
func ClosedReason(l Lang, r api.ClosedReason) string {
	switch r {
	case api.ReasonNone:
		return ""
	case api.ReasonOutsideHours:
		return l.Pick("Di luar jam layanan", "Outside service hours")
	case api.ReasonClosedDay:
		return l.Pick("Tidak ada layanan hari ini", "No service today")
	case api.ReasonBreak:
		return l.Pick("Istirahat", "On break")
	case api.ReasonCutoff:
		return l.Pick("Pendaftaran hari ini sudah ditutup", "Registration for today has closed")
	case api.ReasonQuotaFull:
		return l.Pick("Kuota hari ini habis", "Today's quota is full")
	case api.ReasonInactive:
		return l.Pick("Layanan tidak tersedia", "Service not available")
	case api.ReasonNoCounter:
		return l.Pick("Belum ada loket yang buka", "No counter is open yet")
	}
	return l.Pick("Layanan sedang tutup", "Service is closed")
}

// PriorityLabel names a priority class ("Lansia", "Ibu hamil", …);
// none and "" give "Umum" / "Regular".
func PriorityLabel(l Lang, p api.Priority) string {
	switch p {
	case "", api.PriorityNone:
		return l.Pick("Umum", "Regular")
	case api.PriorityElderly:
		return l.Pick("Lansia", "Elderly")
	case api.PriorityDisability:
		return l.Pick("Penyandang disabilitas", "Person with disability")
	case api.PriorityPregnant:
		return l.Pick("Ibu hamil", "Pregnant woman")
	case api.PriorityOther:
		return l.Pick("Prioritas lainnya", "Other priority")
	}
	return string(p)
}

// StateLabel names a ticket state ("Menunggu", "Dipanggil", …).
func StateLabel(l Lang, s api.State) string {
	switch s {
	case api.StateWaiting:
		return l.Pick("Menunggu", "Waiting")
	case api.StateCalled:
		return l.Pick("Dipanggil", "Called")
	case api.StateServing:
		return l.Pick("Dilayani", "Being served")
	case api.StateDone:
		return l.Pick("Selesai", "Done")
	case api.StateNoShow:
		return l.Pick("Tidak hadir", "No show")
	case api.StateCancelled:
		return l.Pick("Dibatalkan", "Cancelled")
	case api.StateTransferred:
		return l.Pick("Dialihkan", "Transferred")
	}
	return string(s)
}

// CounterStatusLabel names a counter status ("Buka", "Istirahat", "Tutup").
func CounterStatusLabel(l Lang, s api.CounterStatus) string {
	switch s {
	case api.CounterOpen:
		return l.Pick("Buka", "Open")
	case api.CounterBreak:
		return l.Pick("Istirahat", "On break")
	case api.CounterClosed:
		return l.Pick("Tutup", "Closed")
	}
	return string(s)
}

// PriorityShort is a priority class in a word or two, for lists and badges
// ("Lansia", "Disabilitas", "Ibu hamil", "Prioritas"); none and "" give "".
func PriorityShort(l Lang, p api.Priority) string {
	switch p {
	case "", api.PriorityNone:
		return ""
	case api.PriorityElderly:
		return l.Pick("Lansia", "Elderly")
	case api.PriorityDisability:
		return l.Pick("Disabilitas", "Disability")
	case api.PriorityPregnant:
		return l.Pick("Ibu hamil", "Pregnant")
	case api.PriorityOther:
		return l.Pick("Prioritas", "Priority")
	}
	return string(p)
}
