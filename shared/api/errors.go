package api

import (
	"errors"
	"fmt"
	"net/http"
)

// Code is a stable, machine-readable error code carried in problem+json.
type Code string

const (
	CodeNotFound      Code = "not_found"
	CodeInvalidInput  Code = "invalid_input"
	CodeInvalidState  Code = "invalid_state"
	CodeServiceClosed Code = "service_closed"
	CodeQuotaFull     Code = "quota_full"
	CodeUnauthorized  Code = "unauthorized"
	CodeForbidden     Code = "forbidden"
	CodeConflict      Code = "conflict"
	CodeRateLimited   Code = "rate_limited"
	CodeTooLarge      Code = "too_large"
	CodeUnavailable   Code = "unavailable"
	CodeInternal      Code = "internal"
	// CodeWrongCheck: the check code does not match the ticket number (a
	// kiosk survey by number must prove the citizen holds the ticket).
	CodeWrongCheck Code = "wrong_check"
)

// Status maps a code to its HTTP status.
func (c Code) Status() int {
	switch c {
	case CodeNotFound:
		return http.StatusNotFound
	case CodeInvalidInput:
		return http.StatusBadRequest
	case CodeInvalidState, CodeServiceClosed, CodeQuotaFull, CodeConflict, CodeOutsideWindow:
		return http.StatusConflict
	case CodeUnauthorized:
		return http.StatusUnauthorized
	case CodeForbidden, CodeWrongCheck:
		return http.StatusForbidden
	case CodeRateLimited:
		return http.StatusTooManyRequests
	case CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case CodeUnavailable:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// CodeForStatus is the fallback when a response carries no problem body.
func CodeForStatus(status int) Code {
	switch status {
	case http.StatusNotFound:
		return CodeNotFound
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return CodeInvalidInput
	case http.StatusConflict:
		return CodeConflict
	case http.StatusUnauthorized:
		return CodeUnauthorized
	case http.StatusForbidden:
		return CodeForbidden
	case http.StatusTooManyRequests:
		return CodeRateLimited
	case http.StatusRequestEntityTooLarge:
		return CodeTooLarge
	case http.StatusServiceUnavailable, http.StatusBadGateway, http.StatusGatewayTimeout:
		return CodeUnavailable
	default:
		return CodeInternal
	}
}

// Error is the one error type of Antrean: the server turns it into
// problem+json and the client turns problem+json back into it.
type Error struct {
	Code   Code   `json:"code"`
	Detail string `json:"detail,omitempty"`
	// Reason refines service_closed (ClosedReason) so a kiosk can say why.
	Reason ClosedReason `json:"reason,omitempty"`
	// ServiceID names the service a refusal is about when a request names
	// several (a visit's step that cannot be served).
	ServiceID string `json:"service_id,omitempty"`
	// Status is set client-side from the HTTP response.
	Status int `json:"-"`
}

func (e *Error) Error() string {
	if e.Detail == "" {
		return string(e.Code)
	}
	return string(e.Code) + ": " + e.Detail
}

// Is makes errors.Is(err, api.ErrNotFound) match on the code alone.
func (e *Error) Is(target error) bool {
	var t *Error
	if errors.As(target, &t) {
		return t.Code == e.Code && t.Detail == ""
	}
	return false
}

// Errorf builds an *Error with a formatted detail.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Detail: fmt.Sprintf(format, args...)}
}

// Sentinels for errors.Is.
var (
	ErrNotFound      = &Error{Code: CodeNotFound}
	ErrInvalidInput  = &Error{Code: CodeInvalidInput}
	ErrInvalidState  = &Error{Code: CodeInvalidState}
	ErrServiceClosed = &Error{Code: CodeServiceClosed}
	ErrQuotaFull     = &Error{Code: CodeQuotaFull}
	ErrUnauthorized  = &Error{Code: CodeUnauthorized}
	ErrForbidden     = &Error{Code: CodeForbidden}
	ErrConflict      = &Error{Code: CodeConflict}
	ErrRateLimited   = &Error{Code: CodeRateLimited}
	ErrUnavailable   = &Error{Code: CodeUnavailable}
)

// CodeOf returns the code of err, or "" when err is not an *Error.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// Problem is the RFC 9457 body of every error response.
type Problem struct {
	Type   string       `json:"type"`
	Title  string       `json:"title"`
	Status int          `json:"status"`
	Detail string       `json:"detail,omitempty"`
	Code   Code         `json:"code"`
	Reason ClosedReason `json:"reason,omitempty"`
	// ServiceID: see Error.ServiceID.
	ServiceID string `json:"service_id,omitempty"`
}

// ProblemContentType is the media type of Problem bodies.
const ProblemContentType = "application/problem+json"

// ToProblem renders an *Error as a Problem.
func (e *Error) ToProblem() Problem {
	st := e.Code.Status()
	return Problem{
		Type:      "https://antrean.id/problems/" + string(e.Code),
		Title:     http.StatusText(st),
		Status:    st,
		Detail:    e.Detail,
		Code:      e.Code,
		Reason:    e.Reason,
		ServiceID: e.ServiceID,
	}
}

// FromProblem turns a decoded Problem back into an *Error.
func FromProblem(p Problem, status int) *Error {
	c := p.Code
	if c == "" {
		c = CodeForStatus(status)
	}
	return &Error{Code: c, Detail: p.Detail, Reason: p.Reason, ServiceID: p.ServiceID, Status: status}
}
