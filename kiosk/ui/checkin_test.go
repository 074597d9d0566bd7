package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"antrean/server/queue"
	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
)

// scanText types s on the window as a USB scanner does, then Enter.
func scanText(k *Kiosk, s string) {
	k.ui(func() {
		test.TypeOnCanvas(k.w.Canvas(), s)
		k.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
}

// typeCode taps a booking code on the check-in keypad.
func typeCode(t *testing.T, k *Kiosk, code string) {
	t.Helper()
	for _, r := range code {
		var key *Tile
		k.ui(func() { key = k.bookingCode().Keys[r] })
		if key == nil {
			t.Fatalf("no key %q on the booking keypad", r)
		}
		k.tapTile(t, key)
	}
}

// TestCheckInAgainstRealServer: a citizen who booked online checks in at
// the kiosk with the code on the keypad and gets a booked ticket, printed
// with its slot; scanning the booking's QR code again gives the same
// ticket; outside the window the kiosk says why and what to do.
func TestCheckInAgainstRealServer(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	clk := queue.NewSteppingClock(time.Date(2026, 11, 23, 8, 40, 0, 0, wib), time.Millisecond) // a Monday
	srv := servertest.Start(t, servertest.WithClock(clk))
	pub := srv.Client("")
	book := func(service, slot, phone string) api.Booking {
		t.Helper()
		b, err := pub.Book(context.Background(), api.BookingRequest{ServiceID: service, Date: "2026-11-23", Slot: slot,
			Name: "Siti Rahmawati", Phone: phone}, client.NewIdempotencyKey())
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	bk := book("paspor", "09:00", "081234567890")
	pr := &fakePrinter{}
	k := startKiosk(t, srv.Kiosk(), pr, Config{NewKey: client.NewIdempotencyKey, Scanner: true}, landscape)
	waitCatalog(t, k)
	eventually(t, k, "the check-in tile", func() bool { return k.home().Booking != nil })
	k.ui(func() {
		if b := k.home().Booking; b.Title != "Sudah daftar online?" || b.Disabled() {
			t.Fatalf("home check-in tile %q disabled=%v", b.Title, b.Disabled())
		}
	})
	k.tapTile(t, func() *Tile { return k.home().Booking })
	eventually(t, k, "the check-in screen", func() bool { return k.Current() == "booking-code" })
	k.ui(func() {
		s := k.bookingCode()
		if !strings.Contains(s.Hint.Text(), "pemindai") || !s.Next.Disabled() || len(s.Keys) != len(api.BookingAlphabet) {
			t.Fatalf("check-in screen: hint %q next disabled %v keys %d", s.Hint.Text(), s.Next.Disabled(), len(s.Keys))
		}
	})
	typeCode(t, k, bk.Code[:5])
	k.ui(func() {
		if s := k.bookingCode(); s.Typed() != bk.Code[:5] || !s.Next.Disabled() {
			t.Fatalf("after 5 keys: %q, next disabled %v", s.Typed(), s.Next.Disabled())
		}
	})
	typeCode(t, k, bk.Code[5:])
	k.tapTile(t, func() *Tile { return k.bookingCode().Next })
	eventually(t, k, "the booked ticket", func() bool { return k.Current() == "ticket" && !k.ticket().printing })
	var tk api.Ticket
	k.ui(func() {
		ts := k.ticket()
		tk = ts.t
		if tk.BookedSlot == nil || !strings.HasPrefix(tk.Number, "T-") || !strings.Contains(ts.Info.Text(), "Booking online · dipanggil mulai pukul 09.00") ||
			ts.Check == nil || !strings.Contains(ts.Check.Text(), tk.CheckCode) {
			t.Fatalf("ticket screen: %+v\n%s", tk, ts.Info.Text())
		}
	})
	if got := pr.printed(); len(got) != 1 || got[0].ID != tk.ID || got[0].BookedSlot == nil {
		t.Fatalf("printed %+v", got)
	}

	// A second scan of the booking's QR code, from home: the same ticket.
	k.ui(func() { k.goHome() })
	scanText(k, bk.URL)
	eventually(t, k, "the same ticket again", func() bool { return k.Current() == "ticket" && k.ticket().t.ID == tk.ID })
	k.ui(func() {
		if n := k.ticket().t.Number; n != tk.Number {
			t.Fatalf("second scan gave %s, first %s", n, tk.Number)
		}
	})
	if w := waitingFor(t, srv.Kiosk(), "paspor"); w != 1 {
		t.Fatalf("paspor has %d waiting after two scans, want 1", w)
	}

	// Too early: the kiosk says when to come back.
	early := book("paspor", "10:00", "081300001111")
	k.ui(func() { k.goHome() })
	k.tapTile(t, func() *Tile { return k.home().Booking })
	typeCode(t, k, early.Code)
	k.tapTile(t, func() *Tile { return k.bookingCode().Next })
	eventually(t, k, "too early said", func() bool {
		return k.Current() == "booking-code" && strings.Contains(k.bookingCode().Banner, "Check-in baru dibuka pukul 09.30 WIB")
	})
	k.ui(func() {
		if k.bookingCode().WalkIn != nil {
			t.Fatal("an early citizen is offered a walk-in number")
		}
	})
	// An unknown code: typed again.
	k.ui(func() { k.bookingCode().onClear() })
	typeCode(t, k, "ACEFHJ")
	k.tapTile(t, func() *Tile { return k.bookingCode().Next })
	eventually(t, k, "unknown code said", func() bool {
		s := k.bookingCode()
		return strings.Contains(s.Banner, "tidak ditemukan") && s.Typed() == ""
	})

	// Late for paspor (refused): why, and an ordinary number offered.
	clk.Set(time.Date(2026, 11, 23, 10, 20, 0, 0, wib))
	typeCode(t, k, early.Code)
	k.tapTile(t, func() *Tile { return k.bookingCode().Next })
	eventually(t, k, "too late said", func() bool {
		s := k.bookingCode()
		return strings.Contains(s.Banner, "sudah lewat (sampai pukul 10.15 WIB)") && s.WalkIn != nil
	})
	k.tapTile(t, func() *Tile { return k.bookingCode().WalkIn })
	eventually(t, k, "agencies", func() bool { return k.Current() == "agencies" })

	// English words too.
	k.ui(func() { k.goHome(); k.lang = "en"; k.redraw() })
	k.ui(func() {
		if b := k.home().Booking; b.Title != "Booked online?" {
			t.Fatalf("english title %q", b.Title)
		}
	})
}

// TestCheckInRetriesAndScans covers what the real server cannot stage:
// a server away during check-in (retried with the same code, one ticket),
// a ticket's QR code held to the check-in, a citizen who walks away.
func TestCheckInRetriesAndScans(t *testing.T) {
	cat := fakeCatalog(2)
	cat.Services[0].Booking = &api.BookingRules{SlotMinutes: 30, PerSlot: 2}
	be := &fakeBackend{cat: cat}
	k := startKiosk(t, be, nil, Config{Scanner: true}, landscape)
	waitCatalog(t, k)
	eventually(t, k, "check-in tile", func() bool { return k.home().Booking != nil })

	// A ticket's QR code on the check-in screen is not a booking.
	k.tapTile(t, func() *Tile { return k.home().Booking })
	scanText(k, "https://antrean.example/t/AbCdEf123456")
	eventually(t, k, "ticket QR explained", func() bool {
		return k.Current() == "booking-code" && strings.Contains(k.bookingCode().Banner, "kode QR tiket antrean, bukan booking")
	})
	if n := len(be.checkInsReceived()); n != 0 {
		t.Fatalf("a ticket QR sent %d check-ins", n)
	}

	// The server is away for a moment: the kiosk retries the same code.
	hold := make(chan struct{})
	be.set(func(f *fakeBackend) { f.hold = hold })
	scanText(k, "https://antrean.example/b/acf347?x=1")
	eventually(t, k, "checking", func() bool { return k.bookingCode().busy && k.bookingCode().Typed() == "ACF347" })
	k.ui(func() {
		if !k.bookingCode().Next.Disabled() || !strings.Contains(k.bookingCode().Hint.Text(), "Memeriksa") {
			t.Fatal("the check-in screen does not say it is checking")
		}
	})
	be.set(func(f *fakeBackend) { f.down = true })
	close(hold)
	time.Sleep(100 * time.Millisecond)
	be.set(func(f *fakeBackend) { f.down = false; f.hold = nil })
	eventually(t, k, "ticket after the retry", func() bool { return k.Current() == "ticket" })
	codes := be.checkInsReceived()
	if len(codes) < 2 {
		t.Fatalf("check-ins sent %v: no retry", codes)
	}
	for _, c := range codes {
		if c != "ACF347" {
			t.Fatalf("check-ins %v", codes)
		}
	}

	// A citizen who walks away mid-check-in: nothing shows up later.
	k.ui(func() { k.goHome() })
	k.tapTile(t, func() *Tile { return k.home().Booking })
	be.set(func(f *fakeBackend) { f.hold = make(chan struct{}) })
	typeCode(t, k, "HJKMNP")
	k.tapTile(t, func() *Tile { return k.bookingCode().Next })
	eventually(t, k, "busy", func() bool { return k.bookingCode().busy })
	k.tapTile(t, func() *Tile { return k.bookingCode().Back })
	eventually(t, k, "home", func() bool { return k.Current() == "home" && k.checkingIn == nil })

	// Keys typed on a keyboard fill the field; Enter checks in.
	be.set(func(f *fakeBackend) { f.hold = nil })
	k.tapTile(t, func() *Tile { return k.home().Booking })
	k.ui(func() {
		for _, r := range "x3y4ob" { // o is not in the alphabet
			k.typedRune(r)
		}
	})
	k.ui(func() {
		if got := k.bookingCode().Typed(); got != "X3Y4" {
			t.Fatalf("typed %q", got)
		}
	})
	// A service without bookings everywhere: no tile.
	be.set(func(f *fakeBackend) { f.cat.Services[0].Booking = nil })
	k.ui(func() { k.goHome() })
	k.RefreshCatalog()
	eventually(t, k, "no check-in tile", func() bool { return k.Current() == "home" && k.home().Booking == nil })
}

func TestBookingCodeFromScan(t *testing.T) {
	for in, want := range map[string]string{
		"https://antrean.pariamankota.go.id/b/ACF347": "ACF347",
		"http://10.0.0.5:8080/b/acf347?lang=en":       "ACF347",
		"  http://h/b/HJKMNP\r\n":                     "HJKMNP",
		"http://h/b/ACF34":                            "",
		"http://h/b/ACF3470":                          "",
		"http://h/b/AOF347":                           "",
		"http://h/t/AbC123_-xyz987":                   "",
		"ACF347":                                      "",
	} {
		if got := bookingCodeFromScan(in); got != want {
			t.Errorf("bookingCodeFromScan(%q) = %q, want %q", in, got, want)
		}
	}
}
