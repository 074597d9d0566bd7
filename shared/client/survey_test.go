package client_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
)

func nine(n int) []int { return []int{n, n, n, n, n, n, n, n, n} }

func TestSurveyByTicketID(t *testing.T) {
	s := servertest.Start(t)
	ctx := context.Background()
	pub := s.Client("") // the survey by id is public
	tk := s.ServedTicket("ktp-el")

	st, err := pub.SurveyStatus(ctx, tk.ID)
	if err != nil || !st.CanAnswer || st.Answered {
		t.Fatalf("before: %+v %v", st, err)
	}
	rc, err := pub.SubmitSurvey(ctx, tk.ID, api.SurveyRequest{Answers: []int{1, 2, 3, 4, 4, 3, 2, 1, 4}, Comment: "Ruang tunggu sejuk"})
	if err != nil {
		t.Fatal(err)
	}
	if rc.TicketID != tk.ID || rc.Number != tk.Number || rc.ServiceID != "ktp-el" || rc.SubmittedAt.IsZero() {
		t.Fatalf("receipt %+v for %s", rc, tk.Number)
	}
	if st, err = pub.SurveyStatus(ctx, tk.ID); err != nil || st.CanAnswer || !st.Answered {
		t.Fatalf("after: %+v %v", st, err)
	}
	if _, err := pub.SubmitSurvey(ctx, tk.ID, api.SurveyRequest{Answers: nine(4)}); api.CodeOf(err) != api.CodeConflict {
		t.Fatalf("second survey: %v, want conflict", err)
	}
	if _, err := pub.SubmitSurvey(ctx, "no-such-ticket", api.SurveyRequest{Answers: nine(4)}); api.CodeOf(err) != api.CodeNotFound {
		t.Fatalf("unknown ticket: %v", err)
	}
	if _, err := pub.SurveyStatus(ctx, "no-such-ticket"); api.CodeOf(err) != api.CodeNotFound {
		t.Fatalf("status of unknown ticket: %v", err)
	}
	// A ticket still waiting cannot be rated yet.
	w, err := s.Kiosk().IssueTicket(ctx, api.IssueRequest{ServiceID: "kk"}, client.NewIdempotencyKey())
	if err != nil {
		t.Fatal(err)
	}
	if st, err = pub.SurveyStatus(ctx, w.ID); err != nil || st.CanAnswer || st.Answered {
		t.Fatalf("waiting ticket status: %+v %v", st, err)
	}
	if _, err := pub.SubmitSurvey(ctx, w.ID, api.SurveyRequest{Answers: nine(3)}); api.CodeOf(err) != api.CodeInvalidState {
		t.Fatalf("waiting ticket: %v, want invalid_state", err)
	}
	if _, err := pub.SubmitSurvey(ctx, tk.ID, api.SurveyRequest{Answers: nine(3)[:8]}); api.CodeOf(err) != api.CodeInvalidInput {
		t.Fatalf("eight answers: %v, want invalid_input", err)
	}
}

func TestSurveyByNumberFromKiosk(t *testing.T) {
	s := servertest.Start(t)
	ctx := context.Background()
	served := s.ServedTicket("ktp-el")
	kiosk := s.Kiosk()
	tk, err := kiosk.Ticket(ctx, served.ID) // the check code is read by id
	if err != nil {
		t.Fatal(err)
	}
	if len(tk.CheckCode) != 4 {
		t.Fatalf("check code %q, want 4 digits", tk.CheckCode)
	}
	wrong := fmt.Sprintf("%04d", (atoiOr(tk.CheckCode)+1)%10000)

	if _, err := kiosk.SubmitSurveyByNumber(ctx, api.KioskSurveyRequest{Number: "Z-999", Check: "1234", Answers: nine(4)}); api.CodeOf(err) != api.CodeNotFound {
		t.Fatalf("unknown number: %v", err)
	}
	// Only the kiosk token may rate by number.
	if _, err := s.Client("").SubmitSurveyByNumber(ctx, api.KioskSurveyRequest{Number: tk.Number, Check: tk.CheckCode, Answers: nine(4)}); err == nil {
		t.Fatal("survey by number without a token accepted")
	}
	// The public number alone (it is on the hall display) proves nothing.
	if _, err := kiosk.SubmitSurveyByNumber(ctx, api.KioskSurveyRequest{Number: tk.Number, Answers: nine(1)}); api.CodeOf(err) != api.CodeInvalidInput {
		t.Fatalf("number without check code: %v, want invalid_input", err)
	}
	if _, err := kiosk.SurveyCheck(ctx, api.SurveyCheckRequest{Number: tk.Number}); api.CodeOf(err) != api.CodeInvalidInput {
		t.Fatalf("check without code: %v, want invalid_input", err)
	}
	if _, err := kiosk.SubmitSurveyByNumber(ctx, api.KioskSurveyRequest{Number: tk.Number, Check: wrong, Answers: nine(1)}); api.CodeOf(err) != api.CodeWrongCheck {
		t.Fatalf("wrong check code: %v, want wrong_check", err)
	}
	if _, err := kiosk.SurveyCheck(ctx, api.SurveyCheckRequest{Number: tk.Number, Check: wrong}); api.CodeOf(err) != api.CodeWrongCheck {
		t.Fatalf("check with wrong code: %v, want wrong_check", err)
	}
	// Before the first question: the kiosk learns the ticket may be rated.
	chk, err := kiosk.SurveyCheck(ctx, api.SurveyCheckRequest{Number: strings.ToLower(tk.Number), Check: tk.CheckCode})
	if err != nil || chk.TicketID != tk.ID || chk.ServiceName != tk.ServiceName || chk.AgencyName == "" {
		t.Fatalf("survey check: %+v %v", chk, err)
	}
	rc, err := kiosk.SubmitSurveyByNumber(ctx, api.KioskSurveyRequest{Number: tk.Number, Check: tk.CheckCode, Answers: nine(3)})
	if err != nil || rc.TicketID != tk.ID || rc.Number != tk.Number {
		t.Fatalf("by number: %+v %v", rc, err)
	}
	if st, err := kiosk.SurveyStatus(ctx, tk.ID); err != nil || !st.Answered {
		t.Fatalf("status after kiosk survey: %+v %v", st, err)
	}
	if _, err := kiosk.SurveyCheck(ctx, api.SurveyCheckRequest{Number: tk.Number, Check: tk.CheckCode}); api.CodeOf(err) != api.CodeConflict {
		t.Fatalf("check after the survey: %v, want conflict", err)
	}
	if _, err := kiosk.SubmitSurveyByNumber(ctx, api.KioskSurveyRequest{Number: tk.Number, Check: tk.CheckCode, Answers: nine(4)}); api.CodeOf(err) != api.CodeConflict {
		t.Fatalf("second survey by number: %v, want conflict", err)
	}

	// The QR code (ticket id) is proof enough, scanned at the kiosk.
	other := s.ServedTicket("kk")
	if chk, err := kiosk.SurveyCheck(ctx, api.SurveyCheckRequest{TicketID: other.ID}); err != nil || chk.Number != other.Number {
		t.Fatalf("check by id: %+v %v", chk, err)
	}
	if rc, err := kiosk.SubmitSurveyByNumber(ctx, api.KioskSurveyRequest{TicketID: other.ID, Answers: nine(4)}); err != nil || rc.TicketID != other.ID {
		t.Fatalf("survey by id: %+v %v", rc, err)
	}
	if _, err := kiosk.SurveyCheck(ctx, api.SurveyCheckRequest{TicketID: "no-such-ticket"}); api.CodeOf(err) != api.CodeNotFound {
		t.Fatalf("unknown id: %v", err)
	}
}

// Guessing the 4-digit code is throttled per ticket number (and per
// kiosk): after a few wrong codes even the right one waits, with
// Retry-After, while the QR code keeps working.
func TestSurveyCheckGuessesThrottled(t *testing.T) {
	s := servertest.Start(t)
	ctx := context.Background()
	served := s.ServedTicket("ktp-el")
	kiosk := s.Kiosk()
	tk, err := kiosk.Ticket(ctx, served.ID)
	if err != nil {
		t.Fatal(err)
	}
	code := atoiOr(tk.CheckCode)
	limited := -1
	for i := 1; i <= 30; i++ {
		_, err := kiosk.SurveyCheck(ctx, api.SurveyCheckRequest{Number: tk.Number, Check: fmt.Sprintf("%04d", (code+i)%10000)})
		if api.CodeOf(err) == api.CodeRateLimited {
			limited = i
			break
		}
		if api.CodeOf(err) != api.CodeWrongCheck {
			t.Fatalf("guess %d: %v", i, err)
		}
	}
	if limited < 0 || limited > 11 {
		t.Fatalf("30 wrong codes and no rate limit (first limited guess: %d)", limited)
	}
	if _, err := kiosk.SurveyCheck(ctx, api.SurveyCheckRequest{Number: tk.Number, Check: tk.CheckCode}); api.CodeOf(err) != api.CodeRateLimited {
		t.Fatalf("right code after many guesses: %v, want rate_limited", err)
	}
	if _, err := kiosk.SubmitSurveyByNumber(ctx, api.KioskSurveyRequest{Number: tk.Number, Check: tk.CheckCode, Answers: nine(4)}); api.CodeOf(err) != api.CodeRateLimited {
		t.Fatalf("survey after many guesses: %v, want rate_limited", err)
	}
	if _, err := kiosk.SubmitSurveyByNumber(ctx, api.KioskSurveyRequest{TicketID: tk.ID, Answers: nine(4)}); err != nil {
		t.Fatalf("the QR code must still work: %v", err)
	}
}

func atoiOr(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// A survey post carries no Idempotency-Key, so a 503 is returned at once,
// not retried (the citizen sees the error and may tap again).
func TestSurveyPostNotRetried(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get(client.IdempotencyHeader) != "" {
			t.Errorf("survey post carries an idempotency key")
		}
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	c := client.New(client.Config{BaseURL: srv.URL, Timeout: time.Second, RetryMinWait: time.Millisecond, RetryMaxWait: 2 * time.Millisecond})
	ctx := context.Background()
	if _, err := c.SubmitSurvey(ctx, "t1", api.SurveyRequest{Answers: nine(4)}); api.CodeOf(err) != api.CodeUnavailable {
		t.Fatalf("by id: %v", err)
	}
	if _, err := c.SubmitSurveyByNumber(ctx, api.KioskSurveyRequest{Number: "A-001", Check: "1234", Answers: nine(4)}); api.CodeOf(err) != api.CodeUnavailable {
		t.Fatalf("by number: %v", err)
	}
	if n := hits.Load(); n != 2 {
		t.Fatalf("%d requests for two posts: retried", n)
	}
	// The status read is a GET and is retried.
	hits.Store(0)
	if _, err := c.SurveyStatus(ctx, "t1"); err == nil {
		t.Fatal("status on a 503 server succeeded")
	}
	if n := hits.Load(); n != 1+client.DefaultRetries {
		t.Fatalf("status read tried %d times, want %d", n, 1+client.DefaultRetries)
	}
}
