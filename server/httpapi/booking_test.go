package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"antrean/server/config"
	"antrean/server/queue"
	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
)

// monday is Monday 23 November 2026 in Pariaman (WIB); booking tests run
// on a fixed clock, because slots follow the real opening hours even on
// the always-open demo site.
func monday(h, m int) time.Time { return time.Date(2026, 11, 23, h, m, 0, 0, wib) }

const mondayDate = "2026-11-23"

// bookingServer starts the demo site with its clock at t.
func bookingServer(t *testing.T, at time.Time, opts ...servertest.Option) (*servertest.Server, *queue.FixedClock) {
	t.Helper()
	clk := queue.NewSteppingClock(at, time.Millisecond)
	return servertest.Start(t, append([]servertest.Option{servertest.WithClock(clk)}, opts...)...), clk
}

type booker struct {
	t *testing.T
	c *client.Client
	n int
}

// book makes a booking with a fresh key and a phone number of its own
// unless one is given.
func (b *booker) book(service, date, slot string, phone ...string) (api.Booking, error) {
	b.t.Helper()
	b.n++
	p := fmt.Sprintf("0812-5555-%04d", b.n)
	if len(phone) > 0 {
		p = phone[0]
	}
	return b.c.Book(ctx(b.t), api.BookingRequest{ServiceID: service, Date: date, Slot: slot, Name: "Warga Nomor " + strconv.Itoa(b.n), Phone: p},
		client.NewIdempotencyKey())
}

func (b *booker) mustBook(service, date, slot string, phone ...string) api.Booking {
	b.t.Helper()
	bk, err := b.book(service, date, slot, phone...)
	if err != nil {
		b.t.Fatalf("book %s %s %s: %v", service, date, slot, err)
	}
	return bk
}

func slotOf(t *testing.T, d api.BookingDay, clock string) api.BookingSlot {
	t.Helper()
	for _, s := range d.Slots {
		if s.Time == clock {
			return s
		}
	}
	t.Fatalf("no slot %s in %+v", clock, d.Slots)
	return api.BookingSlot{}
}

func TestBookingServicesAndSlots(t *testing.T) {
	s, _ := bookingServer(t, monday(7, 0))
	pub := s.Client("")
	c, err := pub.BookingServices(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, sv := range c.Services {
		ids = append(ids, sv.ID)
	}
	if strings.Join(ids, ",") != "sim,paspor" || c.Today != mondayDate || c.RetentionDays != 90 || len(c.Agencies) != 2 {
		t.Fatalf("booking services %v today %s retention %d agencies %d", ids, c.Today, c.RetentionDays, len(c.Agencies))
	}

	// Paspor: 30-minute slots from 08:00 to the cut-off (16:00 − 60 min),
	// two places each; half of the 40 places are the day's booking share.
	d, err := pub.BookingSlots(ctx(t), "paspor", mondayDate)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Slots) != 14 || d.Slots[0].Time != "08:00" || d.Slots[13].Time != "14:30" || d.DayFree != 20 || d.SlotMinutes != 30 {
		t.Fatalf("paspor monday: %d slots %s…%s day_free %d", len(d.Slots), d.Slots[0].Time, d.Slots[len(d.Slots)-1].Time, d.DayFree)
	}
	if sl := d.Slots[0]; !sl.Open || sl.Free != 2 || sl.Capacity != 2 || !sl.Start.Equal(monday(8, 0)) || !sl.End.Equal(monday(8, 30)) {
		t.Fatalf("first slot %+v", sl)
	}
	// Friday has the prayer break; Saturday none at all; too far ahead or
	// in the past says so; ktp-el takes no bookings.
	d, _ = pub.BookingSlots(ctx(t), "paspor", "2026-11-27")
	for _, sl := range d.Slots {
		if sl.Start.Before(time.Date(2026, 11, 27, 13, 30, 0, 0, wib)) && sl.End.After(time.Date(2026, 11, 27, 11, 30, 0, 0, wib)) {
			t.Fatalf("friday slot %s overlaps the prayer break", sl.Time)
		}
	}
	if len(d.Slots) != 10 { // 08:00–11:00 and 13:30–14:30
		t.Fatalf("friday: %d slots", len(d.Slots))
	}
	for date, want := range map[string]api.ClosedReason{"2026-11-28": api.ReasonClosedDay, "2026-11-22": api.ReasonPast, "2027-01-30": api.ReasonTooFar} {
		if d, err := pub.BookingSlots(ctx(t), "paspor", date); err != nil || d.ClosedReason != want || len(d.Slots) != 0 {
			t.Errorf("%s: %q %d slots %v, want %q", date, d.ClosedReason, len(d.Slots), err, want)
		}
	}
	if d, _ := pub.BookingSlots(ctx(t), "ktp-el", mondayDate); d.ClosedReason != api.ReasonNotBookable {
		t.Fatalf("ktp-el: %q", d.ClosedReason)
	}
	_, err = pub.BookingSlots(ctx(t), "nope", mondayDate)
	wantCode(t, err, api.CodeNotFound)
	_, err = pub.BookingSlots(ctx(t), "paspor", "23-11-2026")
	wantCode(t, err, api.CodeInvalidInput)
}

func TestBookCancelAndLimits(t *testing.T) {
	s, clk := bookingServer(t, monday(7, 0))
	b := &booker{t: t, c: s.Client("")}
	key := client.NewIdempotencyKey()
	req := api.BookingRequest{ServiceID: "paspor", Date: mondayDate, Slot: "09:00", Name: "  Budi   Santoso ", Phone: "+62 812-3456-7890"}
	bk, err := b.c.Book(ctx(t), req, key)
	if err != nil {
		t.Fatal(err)
	}
	if len(bk.Code) != 6 || queue.NormalizeBookingCode(bk.Code) != bk.Code || bk.State != api.BookingBooked || !bk.Masked ||
		bk.Name != "B••• S••••••" || bk.Phone != "0812••••••••" || bk.URL != s.URL+"/b/"+bk.Code ||
		!bk.SlotStart.Equal(monday(9, 0)) || !bk.CheckInFrom.Equal(monday(8, 30)) || !bk.CheckInUntil.Equal(monday(9, 15)) || bk.Late != api.LateRefuse {
		t.Fatalf("booking %+v", bk)
	}
	// The same key again: the same booking; another body with it: 409.
	again, err := b.c.Book(ctx(t), req, key)
	if err != nil || again.Code != bk.Code {
		t.Fatalf("replay: %+v %v", again, err)
	}
	other := req
	other.Slot = "10:00"
	_, err = b.c.Book(ctx(t), other, key)
	wantCode(t, err, api.CodeConflict)
	// Public view: masked, never the last four digits (the cancel proof).
	got, err := b.c.Booking(ctx(t), strings.ToLower(bk.Code))
	if err != nil || got.Code != bk.Code || got.Phone != "0812••••••••" || strings.Contains(got.Phone, "7890") || got.TicketID != "" {
		t.Fatalf("public view %+v %v", got, err)
	}
	d, _ := b.c.BookingSlots(ctx(t), "paspor", mondayDate)
	if sl := slotOf(t, d, "09:00"); sl.Free != 1 || d.DayFree != 19 {
		t.Fatalf("after one booking: slot %+v day_free %d", sl, d.DayFree)
	}

	// No hoarding: one pending booking per phone, service and day.
	_, err = b.book("paspor", mondayDate, "10:00", "081234567890")
	wantCode(t, err, api.CodeConflict)
	b.mustBook("paspor", "2026-11-24", "10:00", "081234567890")
	b.mustBook("sim", mondayDate, "10:00", "081234567890")
	// Three bookings made today by this number: the fourth waits for
	// tomorrow (429 with Retry-After until midnight).
	_, err = b.book("sim", "2026-11-25", "10:00", "081234567890")
	wantCode(t, err, api.CodeRateLimited)
	hreq, _ := http.NewRequest("POST", s.URL+"/v1/bookings", strings.NewReader(`{"service_id":"sim","date":"2026-11-25","slot":"10:20","name":"Budi","phone":"081234567890"}`))
	hreq.Header.Set("Idempotency-Key", client.NewIdempotencyKey())
	hres, err := http.DefaultClient.Do(hreq)
	if err != nil {
		t.Fatal(err)
	}
	hres.Body.Close()
	if hres.StatusCode != 429 || hres.Header.Get("Retry-After") != strconv.Itoa(17*3600) { // 07:00 → midnight
		t.Fatalf("limit: %d Retry-After %q", hres.StatusCode, hres.Header.Get("Retry-After"))
	}

	// The slot fills up.
	b.mustBook("paspor", mondayDate, "09:00")
	_, err = b.book("paspor", mondayDate, "09:00")
	if api.CodeOf(err) != api.CodeQuotaFull || err.(*api.Error).Reason != api.ReasonSlotFull {
		t.Fatalf("full slot: %v", err)
	}
	// Cancelling needs the last four digits; it frees the place.
	_, err = b.c.CancelBooking(ctx(t), bk.Code, "1234")
	wantCode(t, err, api.CodeWrongCheck)
	_, err = b.c.CancelBooking(ctx(t), bk.Code, "78")
	wantCode(t, err, api.CodeInvalidInput)
	c, err := b.c.CancelBooking(ctx(t), bk.Code, "7890")
	if err != nil || c.State != api.BookingCancelled || c.CancelledAt == nil {
		t.Fatalf("cancel: %+v %v", c, err)
	}
	_, err = b.c.CancelBooking(ctx(t), bk.Code, "7890")
	wantCode(t, err, api.CodeInvalidState)
	d, _ = b.c.BookingSlots(ctx(t), "paspor", mondayDate)
	if sl := slotOf(t, d, "09:00"); sl.Free != 1 || !sl.Open {
		t.Fatalf("cancelled place not freed: %+v", sl)
	}
	b.mustBook("paspor", mondayDate, "09:00") // taken by someone else
	// The phone may book paspor today again now its booking is cancelled.
	if _, err := b.book("paspor", mondayDate, "11:00", "0812 3456 7890"); api.CodeOf(err) != api.CodeRateLimited {
		t.Fatalf("fourth booking of the day: %v", err) // still the daily limit
	}

	// Bad input is named.
	for _, tc := range []struct {
		req  api.BookingRequest
		want string
	}{
		{api.BookingRequest{ServiceID: "paspor", Date: mondayDate, Slot: "09:00", Name: "A", Phone: "081299998888"}, "name"},
		{api.BookingRequest{ServiceID: "paspor", Date: mondayDate, Slot: "09:00", Name: "Ani", Phone: "0751-123456"}, "phone"},
		{api.BookingRequest{ServiceID: "paspor", Date: mondayDate, Slot: "09:10", Name: "Ani", Phone: "081299998888"}, "no slot at 09:10"},
		{api.BookingRequest{ServiceID: "paspor", Date: mondayDate, Slot: "9", Name: "Ani", Phone: "081299998888"}, "slot"},
	} {
		_, err := b.c.Book(ctx(t), tc.req, client.NewIdempotencyKey())
		if api.CodeOf(err) != api.CodeInvalidInput || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want invalid_input about %q", tc.req, err, tc.want)
		}
	}
	_, err = b.c.Book(ctx(t), api.BookingRequest{ServiceID: "ktp-el", Date: mondayDate, Slot: "09:00", Name: "Ani", Phone: "081299998888"}, client.NewIdempotencyKey())
	wantCode(t, err, api.CodeServiceClosed)
	st, _, _ := (&adminAPI{t: t, s: s}).raw("POST", "/v1/bookings", req) // no Idempotency-Key
	if st != 400 {
		t.Fatalf("no key: %d", st)
	}
	// A slot that has begun cannot be booked.
	clk.Set(monday(9, 0))
	_, err = b.book("paspor", mondayDate, "09:00")
	if api.CodeOf(err) != api.CodeServiceClosed || err.(*api.Error).Reason != api.ReasonPast {
		t.Fatalf("begun slot: %v", err)
	}
}

func TestBookingLimitPerAddress(t *testing.T) {
	s, _ := bookingServer(t, monday(7, 0), servertest.WithSite(func(f *config.File) {
		f.Site.Booking = &api.BookingLimits{PerPhonePerDay: 3, PerAddressPerDay: 4, RetentionDays: 90}
	}))
	b := &booker{t: t, c: s.Client("")}
	for i := 0; i < 4; i++ {
		b.mustBook("sim", mondayDate, fmt.Sprintf("%02d:00", 9+i))
	}
	_, err := b.book("sim", mondayDate, "14:00")
	wantCode(t, err, api.CodeRateLimited)
}

func TestCheckInAtKiosk(t *testing.T) {
	s, clk := bookingServer(t, monday(7, 0))
	b := &booker{t: t, c: s.Client("")}
	k := s.Kiosk()
	bk := b.mustBook("paspor", mondayDate, "09:00", "081277776666")
	tomorrow := b.mustBook("paspor", "2026-11-24", "09:00")

	// Only a kiosk (or admin) checks in.
	_, err := s.Client("").CheckIn(ctx(t), bk.Code, "")
	wantCode(t, err, api.CodeUnauthorized)
	_, err = s.Client(servertest.DisplayToken).CheckIn(ctx(t), bk.Code, "")
	wantCode(t, err, api.CodeForbidden)

	// Too early: the window opens 30 minutes before the slot.
	_, err = k.CheckIn(ctx(t), bk.Code, "")
	if api.CodeOf(err) != api.CodeOutsideWindow || err.(*api.Error).Reason != api.ReasonTooEarly || err.(*api.Error).Status != 409 {
		t.Fatalf("too early: %v", err)
	}
	_, err = k.CheckIn(ctx(t), tomorrow.Code, "")
	if api.CodeOf(err) != api.CodeOutsideWindow || err.(*api.Error).Reason != api.ReasonWrongDay {
		t.Fatalf("tomorrow's booking: %v", err)
	}
	_, err = k.CheckIn(ctx(t), "ACEFHJ", "")
	wantCode(t, err, api.CodeNotFound)

	clk.Set(monday(8, 40))
	ci, err := k.CheckIn(ctx(t), bk.Code, client.NewIdempotencyKey())
	if err != nil {
		t.Fatal(err)
	}
	tk := ci.Ticket
	if ci.Late || tk.ServiceID != "paspor" || !strings.HasPrefix(tk.Number, "T-") || tk.BookedSlot == nil || !tk.BookedSlot.Equal(monday(9, 0)) ||
		len(tk.CheckCode) != 4 || tk.StatusURL != s.URL+"/t/"+tk.ID || tk.State != api.StateWaiting || tk.Priority != api.PriorityNone {
		t.Fatalf("check-in ticket %+v", tk)
	}
	if ci.Booking.State != api.BookingCheckedIn || ci.Booking.TicketNumber != tk.Number || !ci.Booking.Masked {
		t.Fatalf("check-in booking %+v", ci.Booking)
	}
	// A second scan (or a retry) gives the same ticket.
	again, err := k.CheckIn(ctx(t), strings.ToLower(bk.Code), client.NewIdempotencyKey())
	if err != nil || again.Ticket.ID != tk.ID || again.Ticket.Number != tk.Number || again.Ticket.CheckCode != tk.CheckCode {
		t.Fatalf("second scan: %+v %v", again.Ticket, err)
	}
	st, _, _ := (&adminAPI{t: t, s: s, token: servertest.KioskToken}).raw("POST", "/v1/bookings/"+bk.Code+"/check-in", nil)
	if st != 200 {
		t.Fatalf("repeat status %d, want 200", st)
	}
	// The public ticket view says it is booked, and nothing personal.
	pub, err := s.Client("").Ticket(ctx(t), tk.ID)
	if err != nil || pub.BookedSlot == nil {
		t.Fatalf("public ticket %+v %v", pub, err)
	}
	// A checked-in booking is not cancelled any more.
	_, err = b.c.CancelBooking(ctx(t), bk.Code, "6666")
	wantCode(t, err, api.CodeInvalidState)

	// Late: paspor refuses (rebook); sim gives a walk-in ticket.
	late := b.mustBook("paspor", mondayDate, "10:00")
	simLate := b.mustBook("sim", mondayDate, "10:00")
	clk.Set(monday(10, 15))
	_, err = k.CheckIn(ctx(t), late.Code, "")
	if api.CodeOf(err) != api.CodeOutsideWindow || err.(*api.Error).Reason != api.ReasonTooLate {
		t.Fatalf("late paspor: %v", err)
	}
	ci, err = k.CheckIn(ctx(t), simLate.Code, "")
	if err != nil || !ci.Late || ci.Ticket.BookedSlot != nil || !ci.Booking.LateArrival || !strings.HasPrefix(ci.Ticket.Number, "J-") {
		t.Fatalf("late sim: %+v %v", ci, err)
	}

	// The day ends: bookings nobody checked in are no-shows.
	clk.Set(monday(23, 59).Add(2 * time.Minute))
	if err := s.Store.Housekeep(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.c.Booking(ctx(t), late.Code); got.State != api.BookingNoShow {
		t.Fatalf("after the day: %s", got.State)
	}
	_, err = k.CheckIn(ctx(t), late.Code, "")
	wantCode(t, err, api.CodeInvalidState)

	// Names and phones never reach events (the board, displays, phones).
	evs, _, err := s.Store.EventsAfter(ctx(t), 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if d := string(e.Event.Data); strings.Contains(d, "Warga") || strings.Contains(d, "0812") || strings.Contains(d, "6666") {
			t.Fatalf("event %s carries personal data: %s", e.Event.Type, d)
		}
	}
}

// TestBookedTicketCalledOnTime: a booked citizen is called when the slot
// begins, ahead of walk-ins who came later (and earlier), but walk-ins
// still get every third call; the console and the phone page agree.
func TestBookedTicketCalledOnTime(t *testing.T) {
	s, clk := bookingServer(t, monday(8, 0))
	b := &booker{t: t, c: s.Client("")}
	k := s.Kiosk()
	bk1 := b.mustBook("paspor", mondayDate, "09:00")
	bk2 := b.mustBook("paspor", mondayDate, "09:00")
	bk3 := b.mustBook("paspor", mondayDate, "09:30")
	var walk []api.Ticket
	for i := 0; i < 4; i++ { // 08:00–08:30
		clk.Set(monday(8, 10*i))
		walk = append(walk, issue(t, k, "paspor"))
	}
	clk.Set(monday(8, 35))
	c1, err := k.CheckIn(ctx(t), bk1.Code, "")
	if err != nil {
		t.Fatal(err)
	}
	c2, _ := k.CheckIn(ctx(t), bk2.Code, "")
	// Before its slot a booked ticket waits behind everyone already there.
	if c1.Ticket.PeopleAhead != 4 || c2.Ticket.PeopleAhead != 5 {
		t.Fatalf("08:35: booked ahead %d and %d, want 4 and 5", c1.Ticket.PeopleAhead, c2.Ticket.PeopleAhead)
	}
	off := s.Officer("petugas11", "loket-14")
	call := func(at time.Time) api.Ticket {
		t.Helper()
		clk.Set(at)
		v, err := off.Counter(ctx(t), "loket-14")
		if err != nil {
			t.Fatal(err)
		}
		tk, err := off.CallNext(ctx(t), "loket-14")
		if err != nil || tk == nil {
			t.Fatalf("call at %s: %v", at.Format("15:04"), err)
		}
		if len(v.Next) == 0 || v.Next[0].ID != tk.ID {
			t.Fatalf("%s: the console's first (%v) is not what call-next took (%s)", at.Format("15:04"), v.Next, tk.Number)
		}
		if _, err := off.Start(ctx(t), tk.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := off.Finish(ctx(t), tk.ID); err != nil {
			t.Fatal(err)
		}
		return *tk
	}
	if got := call(monday(8, 50)); got.ID != walk[0].ID {
		t.Fatalf("08:50: called %s, want the first walk-in (no slot has begun)", got.Number)
	}
	clk.Set(monday(9, 5))
	for _, w := range []int{0, 1, 2} {
		issue(t, k, "paspor") // walk-ins after the slot began
		_ = w
	}
	// 09:05: the 09:00 slot has begun: its two booked citizens are first.
	v, err := off.Counter(ctx(t), "loket-14")
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Next) < 3 || v.Next[0].ID != c1.Ticket.ID || v.Next[1].ID != c2.Ticket.ID || v.Next[0].BookedSlot == nil || v.Next[2].BookedSlot != nil {
		t.Fatalf("09:05 console: %+v", v.Next)
	}
	if pos, _ := s.Client("").Ticket(ctx(t), c2.Ticket.ID); pos.PeopleAhead != 1 {
		t.Fatalf("09:05: the second booked has %d ahead, want 1", pos.PeopleAhead)
	}
	got1, got2 := call(monday(9, 6)), call(monday(9, 10))
	if got1.ID != c1.Ticket.ID || got2.ID != c2.Ticket.ID {
		t.Fatalf("09:06/09:10 called %s, %s; want the booked %s, %s", got1.Number, got2.Number, c1.Ticket.Number, c2.Ticket.Number)
	}
	// The 09:30 booking checked in; it becomes due at 09:30 but two booked
	// calls in a row were made: a walk-in goes first (no starvation).
	clk.Set(monday(9, 20))
	c3, _ := k.CheckIn(ctx(t), bk3.Code, "")
	if got := call(monday(9, 31)); got.ID != walk[1].ID {
		t.Fatalf("09:31: called %s, want walk-in %s after two booked calls", got.Number, walk[1].Number)
	}
	if got := call(monday(9, 35)); got.ID != c3.Ticket.ID {
		t.Fatalf("09:35: called %s, want the 09:30 booking %s", got.Number, c3.Ticket.Number)
	}
	if got := call(monday(9, 40)); got.ID != walk[2].ID {
		t.Fatalf("09:40: called %s, want walk-in %s", got.Number, walk[2].Number)
	}

	// The officer sees the booking in full; the report counts it.
	v, _ = off.Counter(ctx(t), "loket-14")
	bookings, err := off.Bookings(ctx(t), mondayDate, "paspor")
	if err != nil || len(bookings) != 3 || bookings[0].Masked || !strings.HasPrefix(bookings[0].Name, "Warga Nomor") || !strings.HasPrefix(bookings[0].Phone, "0812") {
		t.Fatalf("officer's list: %+v %v", bookings, err)
	}
	other := s.Officer("petugas1", "loket-1")
	_, err = other.Bookings(ctx(t), mondayDate, "paspor")
	wantCode(t, err, api.CodeForbidden)
	if mine, err := other.Bookings(ctx(t), mondayDate, ""); err != nil || len(mine) != 0 {
		t.Fatalf("officer of other services sees %d bookings (%v)", len(mine), err)
	}
	_, err = s.Kiosk().Bookings(ctx(t), mondayDate, "")
	wantCode(t, err, api.CodeForbidden)

	var rep api.BookingReport
	newAdmin(t, s).must("GET", "/v1/reports/bookings?from="+mondayDate+"&to="+mondayDate, nil, &rep, 200)
	var row api.BookingReportRow
	for _, r := range rep.Rows {
		if r.Key == "paspor" {
			row = r
		}
	}
	if row.Booked != 3 || row.CheckedIn != 3 || row.Called != 3 || row.OnTime != 3 || row.OnTimeShare == nil || *row.OnTimeShare != 1 ||
		row.WalkInsIssued != 7 || row.WalkInsCalled != 3 || row.BookedTickets != 3 || row.AvgWaitBooked == nil || row.AvgWaitWalkIn == nil {
		t.Fatalf("report row %+v", row)
	}
	// booked: 09:06−09:00, 09:10−09:00, 09:35−09:30 → 7 min on average.
	if *row.AvgWaitBooked < 6.9 || *row.AvgWaitBooked > 7.1 {
		t.Fatalf("avg booked wait %v", *row.AvgWaitBooked)
	}
	st, body, _ := newAdmin(t, s).raw("GET", "/v1/reports/bookings?from="+mondayDate+"&format=csv", nil)
	if st != 200 || !strings.HasPrefix(string(body), "key,name,booked,cancelled,checked_in") || !strings.Contains(string(body), "paspor,Permohonan Paspor,3,0,3,0,0,0,3,3,1.00") {
		t.Fatalf("csv %d:\n%s", st, body)
	}
}

// TestReservedShare: walk-ins never take the places held for bookings;
// places no booking can use any more go to walk-ins as the day goes on.
func TestReservedShare(t *testing.T) {
	s, clk := bookingServer(t, monday(7, 0))
	k := s.Kiosk()
	b := &booker{t: t, c: s.Client("")}
	quotaLeft := func() int {
		t.Helper()
		c, err := k.Catalog(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, sv := range c.Services {
			if sv.ID == "sim" {
				return sv.QuotaLeft
			}
		}
		t.Fatal("no sim")
		return 0
	}
	// sim: quota 60, 30 % (18) for bookings; 21 slots of one place.
	if q := quotaLeft(); q != 42 {
		t.Fatalf("07:00 quota left for walk-ins %d, want 42", q)
	}
	for i := 0; i < 42; i++ {
		issue(t, k, "sim")
	}
	_, err := k.IssueTicket(ctx(t), api.IssueRequest{ServiceID: "sim"}, client.NewIdempotencyKey())
	wantCode(t, err, api.CodeQuotaFull)
	// Bookings still get their places.
	bk := b.mustBook("sim", mondayDate, "09:00")
	b.mustBook("sim", mondayDate, "12:00")
	// 10:00: the slots 08:00–10:00 began unbooked and the 09:00 booking's
	// window closed; held are the 13 free places of the 14 slots from 10:20
	// to 14:40 and the 12:00 booking: 18 − 14 = 4 places go to walk-ins.
	clk.Set(monday(10, 0))
	if q := quotaLeft(); q != 4 {
		t.Fatalf("10:00 quota left %d, want 4", q)
	}
	_, err = k.CheckIn(ctx(t), bk.Code, "") // late: a walk-in ticket, from the released places
	if err != nil {
		t.Fatal(err)
	}
	if q := quotaLeft(); q != 3 {
		t.Fatalf("after a late check-in: %d, want 3", q)
	}
	// After the last slot's window nothing is held.
	clk.Set(monday(15, 0))
	if q := quotaLeft(); q != 60-43 {
		t.Fatalf("15:00 quota left %d, want %d", q, 60-43)
	}
}

func TestBookingPrivacyRetentionAndExport(t *testing.T) {
	s, clk := bookingServer(t, monday(7, 0))
	b := &booker{t: t, c: s.Client("")}
	b.mustBook("paspor", mondayDate, "09:00", "0813-1111-2222")
	b.mustBook("sim", "2026-11-24", "09:00", "0813-1111-2222")
	adm := newAdmin(t, s)
	var exp struct {
		Phone    string        `json:"phone"`
		Bookings []api.Booking `json:"bookings"`
	}
	adm.must("GET", "/v1/admin/bookings/export?phone=%2B6281311112222", nil, &exp, 200)
	if len(exp.Bookings) != 2 || exp.Bookings[0].Name != "Warga Nomor 1" || exp.Bookings[0].Phone != "081311112222" ||
		exp.Bookings[0].Address != "127.0.0.1" || exp.Bookings[0].Masked {
		t.Fatalf("export %+v", exp)
	}
	st, _, hdr := adm.raw("GET", "/v1/admin/bookings/export?phone=081311112222", nil)
	if st != 200 || !strings.Contains(hdr.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export download %d %q", st, hdr.Get("Content-Disposition"))
	}
	if st, _, _ := (&adminAPI{t: t, s: s, token: servertest.KioskToken}).raw("GET", "/v1/admin/bookings/export?phone=081311112222", nil); st != 403 {
		t.Fatalf("kiosk export: %d", st)
	}
	// The next day the address is gone (it served the daily limit only).
	clk.Set(monday(7, 0).AddDate(0, 0, 1))
	if err := s.Store.Housekeep(ctx(t)); err != nil {
		t.Fatal(err)
	}
	adm = newAdmin(t, s) // sessions last 12 hours
	exp.Bookings = nil   // (json keeps fields a new body leaves out)
	adm.must("GET", "/v1/admin/bookings/export?phone=081311112222", nil, &exp, 200)
	if len(exp.Bookings) != 2 || exp.Bookings[0].Address != "" || exp.Bookings[0].State != api.BookingNoShow {
		t.Fatalf("next day export %+v", exp.Bookings)
	}
	// 90 days after the booked day names and phones are erased.
	clk.Set(monday(7, 0).AddDate(0, 0, 91))
	if err := s.Store.Housekeep(ctx(t)); err != nil {
		t.Fatal(err)
	}
	adm = newAdmin(t, s)
	exp.Bookings = nil
	adm.must("GET", "/v1/admin/bookings/export?phone=081311112222", nil, &exp, 200)
	if len(exp.Bookings) != 1 || exp.Bookings[0].Date != "2026-11-24" {
		t.Fatalf("after 91 days: %+v", exp.Bookings)
	}
	var list []api.Booking
	adm.must("GET", "/v1/bookings?date="+mondayDate, nil, &list, 200)
	if len(list) != 1 || list[0].Name != "" || list[0].Phone != "" || list[0].State != api.BookingNoShow {
		t.Fatalf("erased booking %+v", list)
	}
	// The report still counts it.
	var rep api.BookingReport
	adm.must("GET", "/v1/reports/bookings?from="+mondayDate+"&to=2026-11-24", nil, &rep, 200)
	if rep.Total.Booked != 2 || rep.Total.NoShow != 2 {
		t.Fatalf("report after erasure %+v", rep.Total)
	}
}

func TestBookingPagesAndCalendar(t *testing.T) {
	s, _ := bookingServer(t, monday(7, 0))
	b := &booker{t: t, c: s.Client("")}
	bk := b.mustBook("paspor", mondayDate, "09:00", "0812-3456-7890")

	res, body := get(t, s.URL+"/booking")
	if res.StatusCode != 200 || !strings.Contains(body, "Daftar antrean online") || !strings.Contains(body, "Permohonan Paspor") ||
		strings.Contains(body, "Perekaman") || !strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src 'nonce-") {
		t.Fatalf("/booking %d %q", res.StatusCode, res.Header.Get("Content-Security-Policy"))
	}
	res, body = get(t, s.URL+"/b/"+bk.Code)
	if res.StatusCode != 200 || !strings.Contains(body, bk.Code) || !strings.Contains(body, "data:image/png;base64,") ||
		!strings.Contains(body, "Senin, 23 November 2026") || !strings.Contains(body, "09.00–09.30 WIB") ||
		strings.Contains(body, "Warga") || strings.Contains(body, "7890") {
		t.Fatalf("/b/%s %d:\n%s", bk.Code, res.StatusCode, body)
	}
	res, body = get(t, s.URL+"/b/ACEFHJ")
	if res.StatusCode != 404 || !strings.Contains(body, "tidak ditemukan") {
		t.Fatalf("unknown code: %d", res.StatusCode)
	}
	res, body = get(t, s.URL+"/b/"+bk.Code+"/kalender.ics")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("ics %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", "DTSTART:20261123T020000Z\r\n", "DTEND:20261123T023000Z\r\n",
		"SUMMARY:Antrean online: Permohonan Paspor (" + bk.Code + ")\r\n", "TRIGGER:-PT1H", "END:VCALENDAR\r\n"} {
		if !strings.Contains(body, want) {
			t.Errorf("ics lacks %q:\n%s", want, body)
		}
	}
	for _, line := range strings.Split(body, "\r\n") {
		if len(line) > 75 {
			t.Errorf("ics line longer than 75 octets: %q", line)
		}
	}
	if strings.Contains(body, "Warga") || strings.Contains(body, "0812") {
		t.Fatal("ics carries personal data")
	}
}

// TestBookingLookupThrottle: guessing codes from one address is stopped.
func TestBookingLookupThrottle(t *testing.T) {
	s, _ := bookingServer(t, monday(7, 0))
	b := &booker{t: t, c: s.Client("")}
	bk := b.mustBook("paspor", mondayDate, "09:00", "0812-3456-7890")
	pub := s.Client("")
	for i := 0; i < 30; i++ {
		_, err := pub.Booking(ctx(t), fmt.Sprintf("AAA%03d", 300+i)) // never valid codes: 0 is not in the alphabet
		wantCode(t, err, api.CodeNotFound)
	}
	_, err := pub.Booking(ctx(t), bk.Code)
	wantCode(t, err, api.CodeRateLimited)
	// Wrong digits are counted per booking: 5, then no more tries.
	s2, _ := bookingServer(t, monday(7, 0))
	b2 := &booker{t: t, c: s2.Client("")}
	bk2 := b2.mustBook("paspor", mondayDate, "09:00", "0812-3456-7890")
	for i := 0; i < 5; i++ {
		_, err := b2.c.CancelBooking(ctx(t), bk2.Code, fmt.Sprintf("%04d", i))
		wantCode(t, err, api.CodeWrongCheck)
	}
	_, err = b2.c.CancelBooking(ctx(t), bk2.Code, "7890")
	wantCode(t, err, api.CodeRateLimited)
	req, _ := http.NewRequestWithContext(context.Background(), "DELETE", s2.URL+"/v1/bookings/"+bk2.Code+"?phone_last4=7890", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 429 || res.Header.Get("Retry-After") == "" {
		t.Fatalf("locked cancel: %d %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
}

// newAdminClient is a client signed in as the demo admin.
func newAdminClient(t *testing.T, s *servertest.Server) *client.Client {
	t.Helper()
	c := s.Client("")
	if _, err := c.Login(ctx(t), api.SessionRequest{Username: servertest.AdminUser, Password: servertest.AdminPassword}); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestBookingSurvivesSettingChanges: an admin changing the slot length
// does not strand the bookings already made; switching a service's
// booking off keeps honouring them; the catalog carries the rules.
func TestBookingSurvivesSettingChanges(t *testing.T) {
	s, clk := bookingServer(t, monday(7, 0))
	b := &booker{t: t, c: s.Client("")}
	bk := b.mustBook("paspor", mondayDate, "09:30")
	adm := newAdmin(t, s)
	var svs []api.Service
	adm.must("GET", "/v1/admin/services", nil, &svs, 200)
	var sv api.Service
	for _, x := range svs {
		if x.ID == "paspor" {
			sv = x
		}
	}
	if sv.Booking == nil || sv.Booking.SlotMinutes != 30 || sv.Booking.Late != api.LateRefuse {
		t.Fatalf("admin API booking rules %+v", sv.Booking)
	}
	sv.Booking.SlotMinutes = 45 // 08:00, 08:45, 09:30 … no: 09:30 stays on the grid; 10:15 is new
	adm.must("PUT", "/v1/admin/services/paspor", sv, nil, 200)
	d, _ := b.c.BookingSlots(ctx(t), "paspor", mondayDate)
	if d.SlotMinutes != 45 || d.Slots[1].Time != "08:45" {
		t.Fatalf("after the change: %d min, %+v", d.SlotMinutes, d.Slots[:2])
	}
	sv.Booking.SlotMinutes = 40
	adm.must("PUT", "/v1/admin/services/paspor", sv, nil, 200)
	sv.Booking.SlotMinutes = 0
	if st, code := adm.do("PUT", "/v1/admin/services/paspor", sv, nil); st != 400 || code != api.CodeInvalidInput {
		t.Fatalf("slot_minutes 0: %d %s", st, code)
	}
	// 09:30 is off the 40-minute grid (08:00, 08:40, 09:20, …): the booking
	// checks in all the same.
	clk.Set(monday(9, 10))
	ci, err := s.Kiosk().CheckIn(ctx(t), bk.Code, "")
	if err != nil || ci.Ticket.BookedSlot == nil || !ci.Ticket.BookedSlot.Equal(monday(9, 30)) {
		t.Fatalf("check-in off the new grid: %+v %v", ci, err)
	}
	// Switched off: no new bookings, the page lists it no more, but a
	// booking made before is honoured.
	other := b.mustBook("paspor", mondayDate, "10:00")
	sv.Booking = nil
	adm.must("PUT", "/v1/admin/services/paspor", sv, nil, 200)
	if c, _ := b.c.BookingServices(ctx(t)); len(c.Services) != 1 {
		t.Fatalf("booking services after switching paspor off: %+v", c.Services)
	}
	_, err = b.book("paspor", mondayDate, "11:00")
	wantCode(t, err, api.CodeServiceClosed)
	clk.Set(monday(9, 45))
	if ci, err := s.Kiosk().CheckIn(ctx(t), other.Code, ""); err != nil || ci.Ticket.BookedSlot == nil {
		t.Fatalf("honoured booking: %+v %v", ci, err)
	}
}

// TestCheckInCodeGuessing: a kiosk token cannot be used to try codes.
func TestCheckInCodeGuessing(t *testing.T) {
	s, _ := bookingServer(t, monday(8, 40))
	k := s.Kiosk()
	for i := 0; i < 30; i++ {
		_, err := k.CheckIn(ctx(t), fmt.Sprintf("AAA%03d", 300+i), "")
		wantCode(t, err, api.CodeNotFound)
	}
	_, err := k.CheckIn(ctx(t), "ACEFHJ", "")
	wantCode(t, err, api.CodeRateLimited)
}
