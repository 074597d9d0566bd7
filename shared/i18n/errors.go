package i18n

import (
	"context"
	"errors"
	"net"

	"antrean/shared/api"
)

// ErrorMessage turns any error into a sentence a citizen or officer can
// act on. It never shows internals: only the Detail of invalid_input (which
// the server writes for people) is passed through. nil gives "".
func ErrorMessage(l Lang, err error) string {
	if err == nil {
		return ""
	}
	var e *api.Error
	if errors.As(err, &e) {
		return codeMessage(l, e)
	}
	// Plain errors: the transport ones mean the server is out of reach.
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne):
		return codeMessage(l, &api.Error{Code: api.CodeUnavailable})
	case errors.Is(err, context.Canceled):
		return l.Pick("Permintaan dibatalkan", "Request cancelled")
	}
	return generic(l)
}

func generic(l Lang) string {
	return l.Pick("Terjadi kesalahan. Silakan coba lagi atau hubungi petugas.",
		"Something went wrong. Please try again or ask an officer.")
}

func codeMessage(l Lang, e *api.Error) string {
	switch e.Code {
	case api.CodeNotFound:
		return l.Pick("Data tidak ditemukan", "Not found")
	case api.CodeInvalidInput:
		if e.Detail != "" {
			return l.Pick("Data tidak valid: ", "Invalid data: ") + e.Detail
		}
		return l.Pick("Data tidak valid", "Invalid data")
	case api.CodeInvalidState:
		return l.Pick("Tiket sudah diproses atau dipanggil loket lain",
			"The ticket was already handled or called by another counter")
	case api.CodeServiceClosed:
		if e.Reason != api.ReasonNone {
			return ClosedReason(l, e.Reason)
		}
		return l.Pick("Layanan sedang tutup", "Service is closed")
	case api.CodeQuotaFull:
		return ClosedReason(l, api.ReasonQuotaFull)
	case api.CodeUnauthorized:
		return l.Pick("Sesi berakhir, silakan masuk kembali", "Session ended, please sign in again")
	case api.CodeForbidden:
		return l.Pick("Anda tidak berhak untuk loket/layanan ini", "You are not allowed to use this counter/service")
	case api.CodeConflict:
		return l.Pick("Permintaan bentrok dengan data yang ada", "The request conflicts with existing data")
	case api.CodeWrongCheck:
		return l.Pick("Kode cek tidak cocok dengan nomor antrean", "The check code does not match the queue number")
	case api.CodeRateLimited:
		return l.Pick("Terlalu banyak permintaan, coba lagi sebentar", "Too many requests, please try again shortly")
	case api.CodeTooLarge:
		return l.Pick("Data terlalu besar", "The data is too large")
	case api.CodeUnavailable:
		return l.Pick("Tidak dapat terhubung ke server. Sedang menghubungkan…",
			"Cannot reach the server. Reconnecting…")
	case api.CodeInternal:
		return l.Pick("Terjadi kesalahan pada server. Silakan coba lagi atau hubungi petugas.",
			"A server error occurred. Please try again or ask an officer.")
	}
	return generic(l)
}
