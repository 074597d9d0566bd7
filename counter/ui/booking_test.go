package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"antrean/server/queue"
	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
)

// TestRealServerBookedTicket: a booked ticket is marked with its slot in
// the waiting list, and once called the officer sees its slot and the
// citizen's name.
func TestRealServerBookedTicket(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	clk := queue.NewSteppingClock(time.Date(2026, 11, 23, 8, 40, 0, 0, wib), time.Millisecond) // a Monday
	srv := servertest.Start(t, servertest.WithClock(clk))
	ctx := context.Background()
	bk, err := srv.Client("").Book(ctx, api.BookingRequest{ServiceID: "paspor", Date: "2026-11-23", Slot: "09:00",
		Name: "Siti Rahmawati", Phone: "0812-3456-7890"}, client.NewIdempotencyKey())
	if err != nil {
		t.Fatal(err)
	}
	walk := issue(t, srv, "paspor", api.PriorityNone)
	ci, err := srv.Kiosk().CheckIn(ctx, bk.Code, "")
	if err != nil {
		t.Fatal(err)
	}
	clk.Set(time.Date(2026, 11, 23, 9, 1, 0, 0, wib)) // the slot has begun: the booked ticket goes first

	h, _ := realHarness(t, srv, false)
	h.c.Start()
	h.c.Login.Username.SetText("petugas11")
	h.c.Login.Password.SetText(servertest.OfficerPassword)
	test.Tap(h.c.Login.Submit)
	h.wait("the counter choice", func() bool { return h.c.Login != nil && h.c.Login.Counter.Visible() })
	h.c.Login.Counter.SetSelectedIndex(0) // loket-14 (paspor)
	test.Tap(h.c.Login.Submit)
	h.waitDesk()
	d := h.c.Desk
	cells := d.Waiting.Cells
	if len(cells) != 2 || cells[0].Ticket.ID != ci.Ticket.ID || cells[0].Booked != "Booking 09.00" || cells[1].Ticket.ID != walk.ID || cells[1].Booked != "" {
		t.Fatalf("waiting cells: %+v", cells)
	}
	h.tap(d.CallNext)
	if d.Number.Text != ci.Ticket.Number || !d.priorityBox.Visible() || !strings.Contains(d.Priority.Text, "Booking online 09.00–09.30 · Siti Rahmawati") {
		t.Fatalf("current: %q, label %q (shown %v)", d.Number.Text, d.Priority.Text, d.priorityBox.Visible())
	}
	// The walk-in called next shows no booking line.
	h.tap(d.Start)
	h.tap(d.Finish)
	h.tap(d.CallNext)
	if d.Number.Text != walk.Number || d.priorityBox.Visible() {
		t.Fatalf("walk-in: %q, label shown %v %q", d.Number.Text, d.priorityBox.Visible(), d.Priority.Text)
	}
}
