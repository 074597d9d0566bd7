package ui

import (
	"context"

	"errors"
	"fyne.io/fyne/v2"
	"strings"
	"testing"
	"time"

	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
	"antrean/shared/i18n"
)

// waitingFor reads the live waiting count of a service from the server.
func waitingFor(t *testing.T, c *client.Client, serviceID string) int {
	t.Helper()
	cat, err := c.Catalog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range cat.Services {
		if s.ID == serviceID {
			return s.Waiting
		}
	}
	t.Fatalf("service %s not in catalog", serviceID)
	return 0
}

func TestFlowAgainstRealServer(t *testing.T) {
	srv := servertest.Start(t)
	pr := &fakePrinter{}
	k := startKiosk(t, srv.Kiosk(), pr, Config{NewKey: client.NewIdempotencyKey}, landscape)
	waitCatalog(t, k)
	k.ui(func() {
		if got := plain(k.home().Site); got != "Mal Pelayanan Publik Kota Pariaman" {
			t.Errorf("home site name = %q", got)
		}
		if !strings.Contains(k.home().Date.Text, "20") || k.home().Clock.Text == "" {
			t.Errorf("date/clock not shown: %q %q", k.home().Date.Text, k.home().Clock.Text)
		}
	})

	k.tapTile(t, k.home().Take)
	var dukcapil *Tile
	k.ui(func() {
		if k.Current() != "agencies" {
			t.Fatalf("after take: %s", k.Current())
		}
		dukcapil = tileNamed(k.agencies().Tiles, "Disdukcapil")
		if dukcapil == nil || !strings.Contains(dukcapil.Note, "menunggu") {
			t.Fatalf("Disdukcapil tile missing or without waiting count: %+v", dukcapil)
		}
		if len(k.agencies().Tiles) != 12 {
			t.Errorf("agencies = %d, want the 12 of Pariaman", len(k.agencies().Tiles))
		}
	})
	k.tapTile(t, dukcapil)
	var ktp *Tile
	k.ui(func() {
		ktp = tileNamed(k.services().Tiles, "Perekaman & Pencetakan KTP-el")
		if ktp == nil || ktp.Disabled() || !strings.Contains(ktp.Sub, "menunggu") {
			t.Fatalf("KTP-el tile: %+v", ktp)
		}
		if !strings.Contains(ktp.Sub, "sisa kuota 100") {
			t.Errorf("quota not shown: %q", ktp.Sub)
		}
	})
	k.tapTile(t, ktp)
	var lansia *Tile
	k.ui(func() {
		if k.Current() != "priority" {
			t.Fatalf("KTP-el allows priority; screen %s", k.Current())
		}
		lansia = k.priority().Choices[api.PriorityElderly]
		if lansia.Title != "Lansia" || k.priority().Choices[api.PriorityNone].Title != "Tidak" {
			t.Errorf("priority choices: %q %q", lansia.Title, k.priority().Choices[api.PriorityNone].Title)
		}
	})
	k.tapTile(t, lansia)
	eventually(t, k, "ticket screen", func() bool { return k.Current() == "ticket" })
	var tk api.Ticket
	k.ui(func() {
		ts := k.ticket()
		tk = ts.t
		if ts.Number.Text != tk.Number || !strings.HasPrefix(tk.Number, "A") {
			t.Errorf("number shown %q, ticket %q", ts.Number.Text, tk.Number)
		}
		if ts.QR == nil {
			t.Error("no QR code for the status page")
		}
		if tk.StatusURL == "" || !strings.Contains(tk.StatusURL, tk.ID) {
			t.Errorf("status URL %q", tk.StatusURL)
		}
	})
	got, err := srv.Kiosk().Ticket(context.Background(), tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Priority != api.PriorityElderly || got.ServiceID != "ktp-el" {
		t.Errorf("server ticket %+v", got)
	}
	eventually(t, k, "printed", func() bool { return len(pr.printed()) == 1 })
	eventually(t, k, "print status shown", func() bool {
		return k.Current() == "ticket" && plain(k.ticket().Printer) == "Silakan ambil tiket Anda"
	})
	if pr.site != "Mal Pelayanan Publik Kota Pariaman" {
		t.Errorf("printed site %q", pr.site)
	}
	k.tapTile(t, k.ticket().Done)
	if k.screenName() != "home" {
		t.Fatalf("Done leads to %s", k.screenName())
	}
}

func TestDoubleTapIssuesOneTicket(t *testing.T) {
	srv := servertest.Start(t)
	k := startKiosk(t, srv.Kiosk(), nil, Config{NewKey: client.NewIdempotencyKey}, portrait)
	waitCatalog(t, k)
	k.tapTile(t, k.home().Take)
	k.tapTile(t, tileNamed(k.agencies().Tiles, "PDAM"))
	var svc *Tile
	k.ui(func() { svc = k.services().Tiles[0] })
	k.tapTile(t, svc)
	var no *Tile
	k.ui(func() { no = k.priority().Choices[api.PriorityNone] })
	// Two taps in a row on the same choice, as an impatient finger does.
	k.tapTile(t, no)
	k.tapTile(t, no)
	eventually(t, k, "ticket screen", func() bool { return k.Current() == "ticket" })
	var sid string
	k.ui(func() { sid = k.ticket().t.ServiceID })
	if n := waitingFor(t, srv.Kiosk(), sid); n != 1 {
		t.Fatalf("double tap made %d tickets", n)
	}
}

func TestServerDownThenRecovery(t *testing.T) {
	srv := servertest.Start(t)
	keys := make(chan string, 100)
	be := &keyRecorder{Backend: client.New(client.Config{BaseURL: srv.URL, Token: srv.KioskToken, Timeout: time.Second, Retries: 0}), keys: keys}
	k := startKiosk(t, be, nil, Config{NewKey: client.NewIdempotencyKey, RetryDelay: 50 * time.Millisecond}, landscape)
	waitCatalog(t, k)
	k.tapTile(t, k.home().Take)
	k.tapTile(t, tileNamed(k.agencies().Tiles, "Disdukcapil"))
	k.tapTile(t, tileNamed(k.services().Tiles, "Kartu Keluarga (KK)"))

	srv.Stop() // the server goes away just before the choice
	k.tapTile(t, k.priority().Choices[api.PriorityNone])
	eventually(t, k, "connecting state", func() bool {
		return k.Current() == "issuing" && k.issuing().Connecting && plain(k.issuing().Title) == "Sedang menghubungkan…"
	})
	eventually(t, k, "two failed attempts", func() bool { return len(keys) >= 2 })
	srv.Restart()
	eventually(t, k, "ticket after recovery", func() bool { return k.Current() == "ticket" })
	close(keys)
	first := ""
	for key := range keys {
		if first == "" {
			first = key
		}
		if key != first {
			t.Fatalf("retry used another key: %q then %q", first, key)
		}
	}
	if n := waitingFor(t, srv.Kiosk(), "kk"); n != 1 {
		t.Fatalf("recovery made %d tickets", n)
	}
}

// keyRecorder passes calls through and notes each idempotency key.
type keyRecorder struct {
	Backend
	keys chan string
}

func (r *keyRecorder) IssueTicket(ctx context.Context, req api.IssueRequest, key string) (api.Ticket, error) {
	select {
	case r.keys <- key:
	default:
	}
	return r.Backend.IssueTicket(ctx, req, key)
}

func TestCancelWhileConnectingGivesUp(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(3)}
	k := startKiosk(t, be, nil, Config{}, landscape)
	waitCatalog(t, k)
	k.tapTile(t, k.home().Take)
	k.tapTile(t, k.agencies().Tiles[0])
	be.set(func(f *fakeBackend) { f.down = true })
	k.tapTile(t, tileNamed(k.services().Tiles, "Layanan A ag01"))
	eventually(t, k, "connecting", func() bool { return k.Current() == "issuing" && k.issuing().Connecting })
	k.tapTile(t, k.issuing().Cancel)
	if k.screenName() != "services" {
		t.Fatalf("cancel leads to %s", k.screenName())
	}
	keys, _ := be.snapshot()
	time.Sleep(100 * time.Millisecond) // several retry delays
	be.set(func(f *fakeBackend) { f.down = false })
	time.Sleep(100 * time.Millisecond)
	after, issued := be.snapshot()
	if len(after) > len(keys)+1 || issued != 0 {
		t.Fatalf("requests went on after cancel: %d → %d, issued %d", len(keys), len(after), issued)
	}
	// A new choice is a new request with a new key.
	k.tapTile(t, tileNamed(k.services().Tiles, "Layanan A ag01"))
	eventually(t, k, "ticket", func() bool { return k.Current() == "ticket" })
	after, _ = be.snapshot()
	if after[len(after)-1] == keys[0] {
		t.Error("a fresh choice reused the cancelled request's key")
	}
}

func TestPagingNextPrev(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(20)}
	k := startKiosk(t, be, nil, Config{}, landscape)
	waitCatalog(t, k)
	k.tapTile(t, k.home().Take)
	var pg *pager
	k.ui(func() {
		pg = k.agencies().Pager
		if pg.Pages() != 2 || len(pg.Visible()) != 12 {
			t.Fatalf("landscape: %d pages, %d visible; want 2 pages of 12", pg.Pages(), len(pg.Visible()))
		}
		if !pg.Prev.Disabled() || pg.Next.Disabled() {
			t.Error("on page 1 only Next should be enabled")
		}
		for _, o := range pg.Visible() {
			if o.Size().Height < 64 || o.Size().Width < 300 {
				t.Errorf("tile %v too small to touch", o.Size())
			}
		}
	})
	k.tapTile(t, pg.Next)
	k.ui(func() {
		vis := pg.Visible()
		if pg.Page() != 1 || len(vis) != 8 || vis[0].(*Tile).Title != "Instansi 13" {
			t.Fatalf("page 2: page=%d visible=%d", pg.Page(), len(vis))
		}
		if !pg.Next.Disabled() || pg.Prev.Disabled() {
			t.Error("on the last page only Prev should be enabled")
		}
	})
	k.tapTile(t, pg.Next) // beyond the end: stays
	k.tapTile(t, pg.Prev)
	k.ui(func() {
		if pg.Page() != 0 || pg.Visible()[0].(*Tile).Title != "Instansi 1" {
			t.Fatalf("prev: page %d", pg.Page())
		}
	})

	// Portrait fits 14 per page: 2 columns of 7.
	k.ui(func() { k.w.Resize(portrait) })
	k.ui(func() {
		if pg.Pages() != 2 || len(pg.Visible()) != 14 {
			t.Fatalf("portrait: %d pages, %d visible", pg.Pages(), len(pg.Visible()))
		}
	})
}

func TestClosedReasonsShownAndNotTappable(t *testing.T) {
	cat := fakeCatalog(1)
	cat.Services = append(cat.Services,
		api.Service{ID: "rest", AgencyID: "ag01", Name: "Layanan Istirahat", Active: true, ClosedReason: api.ReasonBreak, Order: 3},
		api.Service{ID: "full", AgencyID: "ag01", Name: "Layanan Penuh", Active: true, DailyQuota: 50, QuotaLeft: 0, ClosedReason: api.ReasonQuotaFull, Order: 4},
		api.Service{ID: "off", AgencyID: "ag01", Name: "Layanan Nonaktif", Active: false, ClosedReason: api.ReasonInactive, Order: 5})
	cat.Services[0].DailyQuota, cat.Services[0].QuotaLeft = 40, 7
	be := &fakeBackend{cat: cat}
	k := startKiosk(t, be, nil, Config{}, portrait)
	waitCatalog(t, k)
	k.tapTile(t, k.home().Take)
	k.tapTile(t, k.agencies().Tiles[0])
	var rest, full *Tile
	k.ui(func() {
		s := k.services()
		rest, full = tileNamed(s.Tiles, "Layanan Istirahat"), tileNamed(s.Tiles, "Layanan Penuh")
		if rest == nil || rest.Note != "Istirahat" || !rest.Disabled() {
			t.Errorf("break service: %+v", rest)
		}
		if full == nil || full.Note != i18n.ClosedReason(i18n.ID, api.ReasonQuotaFull) || !full.Disabled() {
			t.Errorf("quota service: %+v", full)
		}
		if tileNamed(s.Tiles, "Layanan Nonaktif") != nil {
			t.Error("a switched-off service is offered")
		}
		if a := tileNamed(s.Tiles, "Layanan A ag01"); a == nil || !strings.Contains(a.Sub, "sisa kuota 7") {
			t.Errorf("quota left not shown: %+v", a)
		}
	})
	k.tapTile(t, rest)
	k.tapTile(t, full)
	if k.screenName() != "services" {
		t.Fatalf("tapping a closed service moved to %s", k.screenName())
	}
	if keys, _ := be.snapshot(); len(keys) != 0 {
		t.Fatalf("closed services sent %d requests", len(keys))
	}
}

func TestQuotaFullAnswerShownInIndonesian(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(1), issueErr: &api.Error{Code: api.CodeQuotaFull}}
	k := startKiosk(t, be, nil, Config{}, landscape)
	waitCatalog(t, k)
	k.tapTile(t, k.home().Take)
	k.tapTile(t, k.agencies().Tiles[0])
	// The service filled up after the catalog was read: the server says so.
	be.set(func(f *fakeBackend) {
		f.cat.Services[0].OpenNow, f.cat.Services[0].ClosedReason = false, api.ReasonQuotaFull
	})
	k.tapTile(t, k.services().Tiles[0])
	eventually(t, k, "back on services with the reason", func() bool {
		return k.Current() == "services" && k.services().Banner == "Kuota hari ini habis"
	})
	eventually(t, k, "refreshed catalog greys the service", func() bool {
		return k.Current() == "services" && k.services().Tiles[0].Disabled()
	})
}

func TestCatalogRefreshStopsOfferingClosedService(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(2)}
	k := startKiosk(t, be, nil, Config{CatalogRefresh: 50 * time.Millisecond}, landscape)
	waitCatalog(t, k)
	k.tapTile(t, k.home().Take)
	k.tapTile(t, k.agencies().Tiles[0])
	be.set(func(f *fakeBackend) {
		f.cat.Services[0].OpenNow, f.cat.Services[0].ClosedReason = false, api.ReasonOutsideHours
	})
	eventually(t, k, "service greyed", func() bool {
		t0 := tileNamed(k.services().Tiles, "Layanan A ag01")
		return t0 != nil && t0.Disabled() && t0.Note == "Di luar jam layanan"
	})
}

func TestIdleReturnsHome(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(2)}
	k := startKiosk(t, be, nil, Config{IdleTimeout: 150 * time.Millisecond}, landscape)
	waitCatalog(t, k)
	k.tapTile(t, k.home().Lang) // English for this citizen
	k.tapTile(t, k.home().Take)
	k.tapTile(t, k.agencies().Tiles[1])
	start := time.Now()
	eventually(t, k, "idle → home", func() bool { return k.Current() == "home" })
	if el := time.Since(start); el < 100*time.Millisecond {
		t.Errorf("went home after %v, before the idle timeout", el)
	}
	k.ui(func() {
		if k.lang != i18n.ID || k.home().Take.Title != "Ambil nomor antrean" {
			t.Errorf("the next citizen should start in Indonesian: %q", k.home().Take.Title)
		}
	})
}

func TestTouchesKeepScreenAlive(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(20)}
	k := startKiosk(t, be, nil, Config{IdleTimeout: 300 * time.Millisecond}, landscape)
	waitCatalog(t, k)
	k.tapTile(t, k.home().Take)
	for i := 0; i < 4; i++ { // 4 × 150 ms > the timeout, but each tap restarts it
		time.Sleep(150 * time.Millisecond)
		var next *Tile
		k.ui(func() { next = k.agencies().Pager.Next })
		if i%2 == 1 {
			k.ui(func() { next = k.agencies().Pager.Prev })
		}
		k.tapTile(t, next)
	}
	if s := k.screenName(); s != "agencies" {
		t.Fatalf("screen %s: taps did not count as activity", s)
	}
}

func TestTicketScreenTimesOut(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(1)}
	pr := &fakePrinter{err: errors.New("kertas habis")}
	k := startKiosk(t, be, pr, Config{TicketTimeout: 300 * time.Millisecond}, landscape)
	waitCatalog(t, k)
	k.tapTile(t, k.home().Take)
	k.tapTile(t, k.agencies().Tiles[0])
	k.tapTile(t, k.services().Tiles[0])
	eventually(t, k, "ticket", func() bool { return k.Current() == "ticket" })
	eventually(t, k, "printer trouble told plainly", func() bool {
		return k.Current() == "ticket" && plain(k.ticket().Printer) == "Printer bermasalah — mohon catat nomor antrean Anda"
	})
	eventually(t, k, "back home", func() bool { return k.Current() == "home" })
	// The kiosk keeps working after a printer failure.
	k.tapTile(t, k.home().Take)
	if k.screenName() != "agencies" {
		t.Fatal("kiosk stuck after printer failure")
	}
}

func TestHomeWaitsForServer(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(1), down: true}
	k := startKiosk(t, be, nil, Config{}, portrait)
	eventually(t, k, "connecting shown", func() bool {
		return k.home().Status.Text == "Sedang menghubungkan…" && k.home().Take.Disabled()
	})
	k.tapTile(t, k.home().Take) // disabled: nothing happens
	if k.screenName() != "home" {
		t.Fatal("take enabled without a catalog")
	}
	be.set(func(f *fakeBackend) { f.down = false })
	eventually(t, k, "catalog after reconnect", func() bool { return !k.home().Take.Disabled() && k.home().Status.Text == "" })
}

func TestLanguageToggle(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(1)}
	k := startKiosk(t, be, nil, Config{}, landscape)
	waitCatalog(t, k)
	k.tapTile(t, k.home().Lang)
	k.ui(func() {
		if k.home().Take.Title != "Take a queue number" || k.home().Lang.Title != "Bahasa Indonesia" {
			t.Errorf("english home: %q / %q", k.home().Take.Title, k.home().Lang.Title)
		}
	})
	k.tapTile(t, k.home().Take)
	k.ui(func() {
		if got := k.agencies().Tiles[0].Note; got != "3 waiting" {
			t.Errorf("english waiting note %q", got)
		}
	})
}

// Every screen must fit the kiosk display in both orientations: content
// asking for more than the screen makes the window grow past it and clips
// the bottom (the "Selesai" button) on a real display.
func TestScreensFitBothOrientations(t *testing.T) {
	for _, size := range []struct {
		name string
		w, h float32
	}{{"landscape", 1920, 1080}, {"portrait", 1080, 1920}} {
		t.Run(size.name, func(t *testing.T) {
			be := &fakeBackend{cat: fakeCatalog(20)}
			be.cat.Agencies[0].Name = "Dinas Kependudukan dan Pencatatan Sipil Kota Pariaman dengan Nama yang Sangat Panjang Sekali"
			be.cat.Services[0].Name = "Perekaman dan Pencetakan Kartu Tanda Penduduk Elektronik (KTP-el) untuk Warga Baru"
			k := startKiosk(t, be, &fakePrinter{err: errors.New("offline")}, Config{}, fyne.NewSize(size.w, size.h))
			fits := func(screen string) {
				t.Helper()
				k.ui(func() {
					m := k.w.Content().MinSize()
					if m.Width > size.w || m.Height > size.h {
						t.Errorf("%s: content needs %v, screen is %vx%v", screen, m, size.w, size.h)
					}
				})
			}
			waitCatalog(t, k)
			fits("home")
			k.tapTile(t, k.home().Take)
			fits("agencies")
			k.tapTile(t, k.agencies().Tiles[0])
			fits("services")
			k.tapTile(t, k.services().Tiles[1])
			fits("priority")
			k.tapTile(t, k.priority().Choices[api.PriorityPregnant])
			eventually(t, k, "ticket", func() bool { return k.Current() == "ticket" })
			eventually(t, k, "printer message", func() bool {
				return plain(k.ticket().Printer) != "" && plain(k.ticket().Printer) != "Mencetak tiket…"
			})
			fits("ticket")
			k.ui(func() {
				d := k.ticket().Done
				abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(d)
				if abs.Y+d.Size().Height > size.h || d.Size().Height < 64 {
					t.Errorf("Done button at %v size %v leaves the screen", abs, d.Size())
				}
			})

			// The survey screens, with the longest element name and with
			// an error banner on the keypad.
			onScreen := func(what string, tiles ...*Tile) {
				t.Helper()
				k.ui(func() {
					for _, o := range tiles {
						abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
						if abs.X < 0 || abs.Y < 0 || abs.X+o.Size().Width > size.w || abs.Y+o.Size().Height > size.h ||
							o.Size().Height < 64 || o.Size().Width < 64 {
							t.Errorf("%s: %q at %v size %v", what, o.Title, abs, o.Size())
						}
					}
				})
			}
			k.tapTile(t, k.ticket().Done)
			fits("home with the survey button")
			onScreen("home", k.home().Take, k.home().Rate)
			be.set(func(f *fakeBackend) { f.surveyErr = &api.Error{Code: api.CodeNotFound} })
			k.tapTile(t, k.home().Rate)
			typeNumber(t, k, "A001")
			fits("survey-number")
			var keys []*Tile
			k.ui(func() {
				s := k.surveyNumber()
				keys = append(keys, s.Next, s.Back, s.Delete, s.Clear)
				for _, r := range "0123456789" {
					keys = append(keys, s.Keys[r])
				}
				for _, r := range s.Letters {
					keys = append(keys, s.Keys[r])
				}
			})
			onScreen("keypad", keys...)
			k.tapTile(t, k.surveyNumber().Next)
			answerFrom(t, k, 0, 1, 2, 3, 4, 1, 2, 3)
			fits("survey-question (longest element)")
			k.ui(func() { keys = append(k.surveyQuestion().Choices[:], k.surveyQuestion().Back) })
			onScreen("answers", keys...)
			answerFrom(t, k, 7, 4, 4)
			fits("survey-comment")
			k.tapTile(t, k.surveyComment().Send)
			eventually(t, k, "refused number", func() bool { return k.Current() == "survey-number" && k.surveyNumber().Banner != "" })
			fits("survey-number with banner")
			k.ui(func() { keys = []*Tile{k.surveyNumber().Next, k.surveyNumber().Delete} })
			onScreen("keypad with banner", keys...)
			be.set(func(f *fakeBackend) { f.surveyErr = &api.Error{Code: api.CodeUnavailable} })
			k.tapTile(t, k.surveyNumber().Next)
			k.tapTile(t, k.surveyComment().Send)
			eventually(t, k, "comment banner", func() bool { return k.Current() == "survey-comment" && k.surveyComment().Banner != "" })
			fits("survey-comment with banner")
			k.ui(func() { keys = []*Tile{k.surveyComment().Send, k.surveyComment().Skip} })
			onScreen("comment with banner", keys...)
			be.set(func(f *fakeBackend) { f.surveyErr = nil })
			k.tapTile(t, k.surveyComment().Send)
			eventually(t, k, "thanks", func() bool { return k.Current() == "survey-thanks" })
			fits("survey-thanks")
		})
	}
}
