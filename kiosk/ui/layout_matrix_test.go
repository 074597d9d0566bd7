package ui

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"antrean/shared/api"
	"antrean/shared/i18n"
	"antrean/shared/ui/layoutcheck"
)

// matrixCatalog has 20 agencies (two pages anywhere), the first with a
// very long name and 9 services, one of them with a very long name and
// one closed for want of a staffed counter.
func matrixCatalog() api.Catalog {
	c := fakeCatalog(20)
	c.Site.CallCenter = "(0751) 91234"
	c.Agencies[0].Name = "Dinas Kependudukan dan Pencatatan Sipil Kota Pariaman dengan Nama yang Sangat Panjang Sekali"
	c.Agencies[0].Short = "Disdukcapil"
	c.Agencies[1].Color = "#F5C200" // a light colour: dark text on it
	c.Agencies[2].Logo = "logos/ag03.png"
	c.Services[0].Name = "Perekaman dan Pencetakan Kartu Tanda Penduduk Elektronik (KTP-el) untuk Warga Baru dan Pindahan dari Luar Daerah"
	c.Services[0].DailyQuota, c.Services[0].QuotaLeft = 100, 37
	c.Services[0].Icon = "id-card"
	c.Services[1].Icon = "family"
	for i := 0; i < 7; i++ {
		c.Services = append(c.Services, api.Service{ID: fmt.Sprintf("ag01-x%d", i), AgencyID: "ag01",
			Name: fmt.Sprintf("Layanan Tambahan %d", i+1), Active: true, OpenNow: i != 2, Waiting: i,
			EstWaitMinutes: 5 * i, QuotaLeft: -1, Order: 10 + i})
	}
	c.Services[len(c.Services)-5].ClosedReason = api.ReasonNoCounter
	c.Services[2].Booking = &api.BookingRules{SlotMinutes: 30, PerSlot: 2} // home offers check-in
	return c
}

// TestLayoutMatrix renders every kiosk screen at the five monitor sizes
// MPPs buy and fails on anything outside the window, overlapping texts or
// cut text. The PNGs land in $ANTREAN_LAYOUT_DIR/kiosk (default: a folder
// in the system temp dir) for a person to look at.
func TestLayoutMatrix(t *testing.T) {
	layoutcheck.SkipUnderRace(t)
	for _, sz := range layoutcheck.Sizes {
		t.Run(sz.Name, func(t *testing.T) {
			be := &fakeBackend{cat: matrixCatalog(), logos: map[string][]byte{"ag03": logoPNG(t)}}
			pr := &fakePrinter{err: errors.New("kertas habis")}
			// Long request timeouts: a 4K capture under -race takes seconds.
			k := startKiosk(t, be, pr, Config{IdleTimeout: time.Hour, PromptTimeout: time.Hour, ProbeEvery: 20 * time.Millisecond,
				AttemptTimeout: time.Minute, GiveUpAfter: 2 * time.Minute}, sz.Fyne())
			check := func(screen string) {
				t.Helper()
				k.ui(func() {
					layoutcheck.Assert(t, k.w.Canvas(), "kiosk", sz.Name+"-"+screen, layoutcheck.Screen(sz.Fyne()))
					for _, tb := range overflowing(k.w.Canvas()) {
						t.Errorf("%s-%s: text %q does not fit its box %v even at the smallest size", sz.Name, screen, tb.Text(), tb.Size())
					}
				})
			}
			waitCatalog(t, k)
			check("home")
			k.tapTile(t, func() *Tile { return k.home().Lang })
			check("home-en")
			k.tapTile(t, func() *Tile { return k.home().Lang })

			k.tapTile(t, func() *Tile { return k.home().Take })
			eventually(t, k, "logo", func() bool { return k.Current() == "agencies" && k.agencies().Tiles[2].Logo != nil })
			check("agencies")
			k.tapTile(t, func() *Tile { return k.agencies().Pager.Next })
			check("agencies-page2")
			k.tapTile(t, func() *Tile { return k.agencies().Pager.Prev })
			k.tapTile(t, func() *Tile { return k.agencies().Tiles[0] })
			check("services")
			k.tapTile(t, func() *Tile { return k.services().Pager.Next })
			check("services-page2")
			k.tapTile(t, func() *Tile { return k.services().Pager.Prev })
			k.ui(func() { k.showPrompt() })
			check("prompt")
			k.tapTile(t, func() *Tile { return k.prompt.Yes })
			k.tapTile(t, func() *Tile { return tileNamed(k.services().Tiles, "Layanan B ag01") })
			check("priority")
			k.ui(func() { k.lang = i18n.EN; k.redraw() })
			check("priority-en")
			k.ui(func() { k.lang = i18n.ID; k.redraw() })

			hold := make(chan struct{})
			be.set(func(f *fakeBackend) { f.hold = hold })
			k.tapTile(t, func() *Tile { return k.priority().Choices[api.PriorityPregnant] })
			eventually(t, k, "issuing", func() bool { return k.Current() == "issuing" && k.issuing().Slow })
			check("issuing")
			close(hold)
			eventually(t, k, "ticket", func() bool { return k.Current() == "ticket" && !k.ticket().printing })
			check("ticket")

			k.ui(func() { k.goHome() })
			k.tapTile(t, func() *Tile { return k.home().Take })
			k.tapTile(t, func() *Tile { return k.agencies().Tiles[0] })
			be.set(func(f *fakeBackend) { f.hold, f.down = nil, true }) // the server goes away
			k.tapTile(t, func() *Tile { return k.services().Tiles[0] })
			eventually(t, k, "error", func() bool { return k.Current() == "error" })
			check("error")
			k.ui(func() { k.goHome() })
			eventually(t, k, "home says tickets are not available", func() bool { return !k.Online() && k.home().Status.Visible() })
			check("home-down")
			be.set(func(f *fakeBackend) { f.down = false })
			eventually(t, k, "back online", func() bool { return k.Online() && !k.home().Status.Visible() })

			k.tapTile(t, func() *Tile { return k.home().Rate })
			typeNumber(t, k, "A001")
			check("survey-number")
			k.tapTile(t, func() *Tile { return k.surveyNumber().Next })
			typeCheck(t, k, "12")
			check("survey-check")
			be.set(func(f *fakeBackend) { f.checkErr = &api.Error{Code: api.CodeWrongCheck} })
			typeCheck(t, k, "34")
			k.tapTile(t, func() *Tile { return k.surveyNumber().Next })
			eventually(t, k, "wrong check said", func() bool { return k.Current() == "survey-number" && k.surveyNumber().Banner != "" })
			check("survey-check-wrong")
			be.set(func(f *fakeBackend) { f.checkErr = nil })
			typeCheck(t, k, "1234")
			k.tapTile(t, func() *Tile { return k.surveyNumber().Next })
			eventually(t, k, "first question", func() bool { return k.Current() == "survey-question" })
			answer(t, k, 4, 4, 4, 4, 4, 4, 4) // to question 8, the longest words
			check("survey-question")
			answer(t, k, 4, 4)
			check("survey-profile")
			k.tapTile(t, func() *Tile { return k.surveyProfile().Choices[1]["60+"] })
			k.tapTile(t, func() *Tile { return k.surveyProfile().Choices[3]["wirausaha"] })
			check("survey-profile-chosen")
			k.ui(func() { k.lang = i18n.EN; k.redraw() })
			check("survey-profile-en")
			k.ui(func() { k.lang = i18n.ID; k.redraw() })
			k.tapTile(t, func() *Tile { return k.surveyProfile().Next })
			check("survey-comment")
			k.tapTile(t, func() *Tile { return k.surveyComment().Send })
			eventually(t, k, "thanks", func() bool { return k.Current() == "survey-thanks" })
			check("survey-thanks")

			// Online booking check-in (checkin.go).
			k.ui(func() { k.goHome() })
			k.tapTile(t, func() *Tile { return k.home().Booking })
			typeCode(t, k, "ACF3")
			check("booking-code")
			wib := time.FixedZone("WIB", 7*3600)
			slot := time.Date(2026, 11, 26, 14, 30, 0, 0, wib)
			be.set(func(f *fakeBackend) {
				f.bookings = map[string]api.Booking{"ACF347": {Code: "ACF347", State: api.BookingBooked, SlotStart: slot,
					CheckInFrom: slot.Add(-30 * time.Minute), CheckInUntil: slot.Add(15 * time.Minute)}}
				f.checkInErr = &api.Error{Code: api.CodeOutsideWindow, Reason: api.ReasonTooEarly}
			})
			typeCode(t, k, "47")
			k.tapTile(t, func() *Tile { return k.bookingCode().Next })
			eventually(t, k, "too early said", func() bool { return k.Current() == "booking-code" && k.bookingCode().Banner != "" })
			check("booking-code-early")
			be.set(func(f *fakeBackend) {
				f.checkInErr = &api.Error{Code: api.CodeOutsideWindow, Reason: api.ReasonTooLate}
			})
			k.tapTile(t, func() *Tile { return k.bookingCode().Next })
			eventually(t, k, "too late said", func() bool { return k.Current() == "booking-code" && k.bookingCode().WalkIn != nil })
			check("booking-code-late")
			k.ui(func() { k.lang = i18n.EN; k.redraw() })
			check("booking-code-late-en")
			k.ui(func() { k.lang = i18n.ID; k.redraw() })
			be.set(func(f *fakeBackend) { f.checkInErr = nil })
			k.tapTile(t, func() *Tile { return k.bookingCode().Next })
			eventually(t, k, "booked ticket", func() bool { return k.Current() == "ticket" && !k.ticket().printing })
			check("ticket-booked")
		})
	}
}

// typeNumber taps the keypad keys of a ticket number (the dash is implied).
func typeNumber(t *testing.T, k *Kiosk, number string) {
	t.Helper()
	for _, r := range number {
		if r == '-' {
			continue
		}
		var key *Tile
		k.ui(func() { key = k.surveyNumber().Keys[r] })
		if key == nil {
			t.Fatalf("no key %q on the keypad", r)
		}
		k.tapTile(t, key)
	}
}

// typeCheck taps check code digits.
func typeCheck(t *testing.T, k *Kiosk, digits string) {
	t.Helper()
	k.ui(func() {
		if s := k.surveyNumber(); s.Step() != 1 {
			t.Fatalf("not on the check code step")
		}
	})
	typeNumber(t, k, digits)
}

// answer taps scores on the questions from the current one on.
func answer(t *testing.T, k *Kiosk, scores ...int) {
	t.Helper()
	for _, score := range scores {
		var choice *Tile
		k.ui(func() {
			if k.Current() != "survey-question" {
				t.Fatalf("on %s, want a question", k.Current())
			}
			choice = k.surveyQuestion().Choices[score-1]
		})
		k.tapTile(t, choice)
	}
}

// overflowing finds the text blocks whose words did not fit their box even
// shrunk as far as they may (the checker sees only the lines they draw).
func overflowing(c fyne.Canvas) []*textBlock {
	var out []*textBlock
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if tb, ok := o.(*textBlock); ok && tb.Overflow {
			out = append(out, tb)
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, ch := range x.Objects {
				walk(ch)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(x).Objects() {
				walk(ch)
			}
		}
	}
	walk(c.Content())
	for _, o := range c.Overlays().List() {
		walk(o)
	}
	return out
}
