package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
	"antrean/shared/i18n"
	"antrean/shared/ui/layoutcheck"
)

// A citizen whose number was called while away scans the ticket's QR at
// the kiosk: the real server's no-show comes back in line with the same
// number, once; a ticket that was served goes on to the survey instead.
func TestReturnAfterNoShowByScannedQR(t *testing.T) {
	srv := servertest.Start(t)
	ctx := context.Background()
	tk, err := srv.Kiosk().IssueTicket(ctx, api.IssueRequest{ServiceID: "ktp-el"}, client.NewIdempotencyKey())
	if err != nil {
		t.Fatal(err)
	}
	off := srv.Officer("petugas1", "loket-1")
	if called, err := off.CallNext(ctx, "loket-1"); err != nil || called == nil || called.ID != tk.ID {
		t.Fatalf("call next: %+v %v", called, err)
	}
	if _, err := off.NoShow(ctx, tk.ID); err != nil {
		t.Fatal(err)
	}
	k := startKiosk(t, srv.Kiosk(), nil, Config{NewKey: client.NewIdempotencyKey, Scanner: true}, landscape)
	waitCatalog(t, k)

	scanText(k, "https://antrean.example/t/"+tk.ID)
	eventually(t, k, "the return screen", func() bool { return k.Current() == "return" })
	var rs *returnScreen
	k.ui(func() {
		rs = k.current.(*returnScreen)
		if rs.Title.Text() != tk.Number || !strings.Contains(rs.Body.Text(), "sampai pukul") {
			t.Errorf("return screen %q / %q", rs.Title.Text(), rs.Body.Text())
		}
	})
	k.tapTile(t, func() *Tile { return rs.Return })
	eventually(t, k, "the ticket back in line", func() bool { return k.Current() == "ticket" })
	got, err := srv.Kiosk().Ticket(ctx, tk.ID)
	if err != nil || got.State != api.StateWaiting || got.Number != tk.Number || got.Origin != api.OriginReturn {
		t.Fatalf("after the return: %+v %v", got, err)
	}
	// Called again at the counter: the same ticket.
	if again, err := off.CallNext(ctx, "loket-1"); err != nil || again == nil || again.ID != tk.ID {
		t.Fatalf("call next after the return: %+v %v", again, err)
	}
	if _, err := off.Start(ctx, tk.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := off.Finish(ctx, tk.ID); err != nil {
		t.Fatal(err)
	}

	// A served ticket's QR still opens the survey.
	k.ui(func() { k.goHome() })
	done := srv.ServedTicket("kk")
	scanText(k, "https://antrean.example/t/"+done.ID)
	eventually(t, k, "the survey", func() bool { return k.Current() == "survey-question" })
}

// A second return of the same number (another kiosk was quicker) is
// refused in words on the screen, and nothing is sent twice by itself.
func TestReturnRefusedInWords(t *testing.T) {
	until := time.Date(2026, 11, 26, 10, 30, 0, 0, time.FixedZone("WIB", 7*3600))
	be := &fakeBackend{cat: fakeCatalog(1), byID: map[string]api.Ticket{
		"tkt-missed-0001": {ID: "tkt-missed-0001", Number: "A-007", State: api.StateNoShow, ReturnUntil: &until},
	}}
	k := startKiosk(t, be, nil, Config{Scanner: true}, landscape)
	waitCatalog(t, k)
	scanText(k, "http://10.0.0.5:8080/t/tkt-missed-0001")
	eventually(t, k, "the return screen", func() bool { return k.Current() == "return" })
	// Meanwhile the number went back in line from elsewhere.
	be.set(func(f *fakeBackend) {
		tk := f.byID["tkt-missed-0001"]
		tk.State = api.StateWaiting
		f.byID["tkt-missed-0001"] = tk
	})
	var rs *returnScreen
	k.ui(func() { rs = k.current.(*returnScreen) })
	k.tapTile(t, func() *Tile { return rs.Return })
	eventually(t, k, "the refusal", func() bool {
		return k.Current() == "return" && strings.Contains(rs.Body.Text(), "sudah kembali ke antrean")
	})
	if n := len(be.returned()); n != 1 {
		t.Fatalf("returns sent %d, want 1 (no retry of a POST without a key)", n)
	}
	k.ui(func() {
		if rs.Return.Disabled() {
			t.Error("the citizen may try again")
		}
	})
}

// The return screen, with and without a refusal, at every monitor size.
func TestLayoutMatrixReturn(t *testing.T) {
	layoutcheck.SkipUnderRace(t)
	until := time.Date(2026, 11, 26, 10, 30, 0, 0, time.FixedZone("WIB", 7*3600))
	for _, sz := range layoutcheck.Sizes {
		t.Run(sz.Name, func(t *testing.T) {
			be := &fakeBackend{cat: fakeCatalog(1)}
			k := startKiosk(t, be, nil, Config{IdleTimeout: time.Hour, PromptTimeout: time.Hour}, sz.Fyne())
			waitCatalog(t, k)
			rs := &returnScreen{k: k, t: api.Ticket{ID: "tkt-missed-0001", Number: "A-007", State: api.StateNoShow, ReturnUntil: &until}}
			for _, lang := range []i18n.Lang{i18n.ID, i18n.EN} {
				for _, msg := range []string{"", "Waktu untuk masuk antrean lagi sudah lewat, atau nomor ini sudah kembali ke antrean. Silakan ambil nomor baru."} {
					k.ui(func() {
						k.lang = lang
						rs.msg = msg
						k.navigate(rs)
						name := fmt.Sprintf("%s-return-%s-%d", sz.Name, lang, len(msg))
						layoutcheck.Assert(t, k.w.Canvas(), "kiosk", name, layoutcheck.Screen(sz.Fyne()))
						for _, tb := range overflowing(k.w.Canvas()) {
							t.Errorf("%s: text %q does not fit its box %v", name, tb.Text(), tb.Size())
						}
					})
				}
			}
		})
	}
}
