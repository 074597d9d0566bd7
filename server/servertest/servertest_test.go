package servertest

import (
	"context"
	"testing"
	"time"

	"antrean/shared/api"
	"antrean/shared/client"
)

// The default clock stands at 10:00 WIB whatever the hour of the run, so
// no test meets local midnight unless it moves the clock itself.
func TestDefaultClockIsFixed(t *testing.T) {
	s := Start(t)
	if s.Clock == nil {
		t.Fatal("no default clock")
	}
	ctx := context.Background()
	tk, err := s.Kiosk().IssueTicket(ctx, api.IssueRequest{ServiceID: "kk"}, client.NewIdempotencyKey())
	if err != nil {
		t.Fatal(err)
	}
	wib := time.FixedZone("WIB", 7*3600)
	at := tk.IssuedAt.In(wib)
	if at.Hour() != 10 || at.Minute() != 0 || tk.Day != DefaultTime().Format("2006-01-02") {
		t.Fatalf("issued at %v on %s", at, tk.Day)
	}
	// Time moves only with what happens (1 ms per reading).
	cat, err := s.Kiosk().Catalog(ctx)
	if err != nil || !cat.Now.After(tk.IssuedAt) || cat.Now.Sub(tk.IssuedAt) > time.Second {
		t.Fatalf("catalog time %v after a ticket at %v (%v)", cat.Now, tk.IssuedAt, err)
	}
	// A test moves it on purpose.
	y, m, d := at.Date()
	s.Clock.Set(time.Date(y, m, d, 23, 59, 59, 0, wib))
	late, err := s.Kiosk().IssueTicket(ctx, api.IssueRequest{ServiceID: "kk"}, client.NewIdempotencyKey())
	if err != nil || late.Day != tk.Day || late.Number != "B-002" {
		t.Fatalf("late ticket %+v %v", late, err)
	}
}

func TestRealClockOnRequest(t *testing.T) {
	s := Start(t, WithRealClock())
	if s.Clock != nil {
		t.Fatal("a real-clock server exposes a fixed clock")
	}
	cat, err := s.Kiosk().Catalog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(cat.Now); d < 0 || d > time.Minute {
		t.Fatalf("server time %v is %v off the wall clock", cat.Now, d)
	}
}
