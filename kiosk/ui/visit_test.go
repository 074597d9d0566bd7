package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"antrean/server/config"
	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
	"antrean/shared/i18n"
	"antrean/shared/ui/layoutcheck"
)

// route is the fake's answer to a visit's request: each service's step
// with its catalog name (f.mu held).
func (f *fakeBackend) route(req api.IssueRequest) []api.Step {
	ids := req.ServiceIDs
	if len(ids) == 0 {
		ids = []string{req.ServiceID}
	}
	var out []api.Step
	for i, id := range ids {
		st := api.Step{ServiceID: id, ServiceName: id, State: api.StatePending, Current: i == 0}
		for _, s := range f.cat.Services {
			if s.ID == id {
				st.ServiceName, st.AgencyID = s.Name, s.AgencyID
			}
		}
		for _, a := range f.cat.Agencies {
			if a.ID == st.AgencyID {
				st.AgencyShort = a.Short
			}
		}
		if i == 0 {
			st.State = api.StateWaiting
		}
		out = append(out, st)
	}
	return out
}

func (f *fakeBackend) requests() []api.IssueRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]api.IssueRequest(nil), f.reqs...)
}

func (k *Kiosk) route() *routeScreen { return k.current.(*routeScreen) }

// pick goes home → agency → service (answering "no priority" when asked),
// or, while adding to a route, from the route screen.
func pick(t *testing.T, k *Kiosk, agency int, service string) {
	t.Helper()
	switch k.screenName() {
	case "home":
		k.tapTile(t, func() *Tile { return k.home().Take })
	case "route":
		k.tapTile(t, func() *Tile { return k.route().Add })
	}
	k.tapTile(t, func() *Tile { return k.agencies().Tiles[agency] })
	k.tapTile(t, func() *Tile { return tileNamed(k.services().Tiles, service) })
	if k.screenName() == "priority" {
		k.tapTile(t, func() *Tile { return k.priority().Choices[api.PriorityNone] })
	}
	eventually(t, k, "the route", func() bool { return k.Current() == "route" })
}

func stepTitles(s *routeScreen) string {
	var out []string
	for _, t := range s.Steps {
		out = append(out, t.Initials+"."+t.Title)
	}
	return strings.Join(out, " ")
}

func TestKioskVisitRoute(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(4)}
	pr := &fakePrinter{}
	k := startKiosk(t, be, pr, Config{Visits: true}, landscape)
	waitCatalog(t, k)
	pick(t, k, 0, "Layanan A ag01")
	k.ui(func() {
		s := k.route()
		if stepTitles(s) != "1.Layanan A ag01" || !strings.Contains(s.Steps[0].Sub, "2 menunggu") || !strings.Contains(s.Steps[0].Sub, "10 menit") {
			t.Fatalf("route %q sub %q", stepTitles(s), s.Steps[0].Sub)
		}
		if s.Take.Disabled() || s.Add.Disabled() {
			t.Fatal("take or add disabled with one open service")
		}
	})
	if len(be.requests()) != 0 {
		t.Fatal("a ticket was taken before confirming")
	}
	// Add two more; a chosen service is not offered twice.
	pick(t, k, 1, "Layanan B ag02")
	k.tapTile(t, func() *Tile { return k.route().Add })
	k.tapTile(t, func() *Tile { return k.agencies().Tiles[0] })
	k.ui(func() {
		if tl := tileNamed(k.services().Tiles, "Layanan A ag01"); !tl.Disabled() || tl.Note != "Sudah dipilih" {
			t.Fatalf("chosen service offered again: %+v", tl.Text())
		}
	})
	k.tapTile(t, func() *Tile { return tileNamed(k.services().Tiles, "Layanan B ag01") })
	eventually(t, k, "the route", func() bool { return k.Current() == "route" })
	k.ui(func() {
		if got := stepTitles(k.route()); got != "1.Layanan A ag01 2.Layanan B ag02 3.Layanan B ag01" {
			t.Fatalf("route %q", got)
		}
	})
	// Remove the middle one; back undoes the last choice.
	k.tapTile(t, func() *Tile { return k.route().Remove[1] })
	k.ui(func() {
		if got := stepTitles(k.route()); got != "1.Layanan A ag01 2.Layanan B ag01" {
			t.Fatalf("after remove %q", got)
		}
	})
	k.tapTile(t, func() *Tile { return k.route().Back })
	eventually(t, k, "the service list", func() bool { return k.Current() == "services" })
	k.tapTile(t, func() *Tile { return tileNamed(k.services().Tiles, "Layanan A ag01") }) // still chosen: nothing
	k.tapTile(t, func() *Tile { return tileNamed(k.services().Tiles, "Layanan A ag01") })
	if k.screenName() != "services" {
		t.Fatalf("a chosen service was added again: %s", k.screenName())
	}
	k.tapTile(t, func() *Tile { return k.services().Back })
	k.tapTile(t, func() *Tile { return k.agencies().Tiles[2] })
	k.tapTile(t, func() *Tile { return tileNamed(k.services().Tiles, "Layanan A ag03") })
	eventually(t, k, "the route", func() bool { return k.Current() == "route" })
	k.tapTile(t, func() *Tile { return k.route().Take })
	eventually(t, k, "the ticket", func() bool { return k.Current() == "ticket" })
	reqs := be.requests()
	if len(reqs) != 1 || strings.Join(reqs[0].ServiceIDs, ",") != "ag01-a,ag03-a" {
		t.Fatalf("requests %+v", reqs)
	}
	k.ui(func() {
		info := k.ticket().Info.Text()
		if !strings.Contains(info, "Satu nomor untuk 2 layanan") || !strings.Contains(info, "1. Layanan A ag01 · Instansi 1") ||
			!strings.Contains(info, "2. Layanan A ag03 · Instansi 3") {
			t.Fatalf("ticket info %q", info)
		}
		if k.ticket().QR == nil {
			t.Fatal("no QR code")
		}
	})
	eventually(t, k, "printed", func() bool { return len(pr.printed()) == 1 })
	if got := pr.printed()[0]; len(got.Route) != 2 {
		t.Fatalf("printed ticket has no route: %+v", got.Route)
	}
	// Home: the plan is gone.
	k.ui(func() { k.goHome() })
	k.ui(func() {
		if k.plan != nil {
			t.Fatal("plan survived going home")
		}
	})
}

// The kiosk says which step cannot be served before the ticket is taken:
// from the catalog, and from the server's answer naming the step.
func TestKioskVisitClosedStep(t *testing.T) {
	cat := fakeCatalog(3)
	cat.Services[3].OpenNow, cat.Services[3].ClosedReason = false, api.ReasonQuotaFull // ag02-b
	cat.Site.Visits = &api.VisitRules{MaxServices: 2}
	be := &fakeBackend{cat: cat}
	k := startKiosk(t, be, nil, Config{Visits: true}, landscape)
	waitCatalog(t, k)
	pick(t, k, 0, "Layanan A ag01")
	pick(t, k, 1, "Layanan A ag02")
	k.ui(func() {
		s := k.route()
		if !s.Add.Disabled() || !strings.Contains(s.Add.Sub, "Paling banyak 2") {
			t.Fatalf("add at the site's limit: %q disabled=%v", s.Add.Sub, s.Add.Disabled())
		}
	})
	// The quota of ag02-a runs out before the number is taken: the
	// catalog greys the step, Take waits until it is removed.
	be.set(func(f *fakeBackend) {
		f.cat.Services[2].OpenNow, f.cat.Services[2].ClosedReason = false, api.ReasonQuotaFull
	})
	k.RefreshCatalog()
	eventually(t, k, "the closed step", func() bool { return k.Current() == "route" && k.route().Take.Disabled() })
	k.ui(func() {
		s := k.route()
		if !strings.Contains(s.Steps[1].Note, "Kuota hari ini habis") || !strings.Contains(s.Banner, "Layanan nomor 2 (Layanan A ag02)") {
			t.Fatalf("note %q banner %q", s.Steps[1].Note, s.Banner)
		}
	})
	k.tapTile(t, func() *Tile { return k.route().Take })
	if len(be.requests()) != 0 {
		t.Fatal("took a number with a closed step")
	}
	k.tapTile(t, func() *Tile { return k.route().Remove[1] })
	// The server refuses a step the catalog did not know about yet.
	pick(t, k, 2, "Layanan A ag03")
	be.set(func(f *fakeBackend) {
		f.issueErr = &api.Error{Code: api.CodeServiceClosed, Reason: api.ReasonNoCounter, ServiceID: "ag03-a"}
	})
	k.tapTile(t, func() *Tile { return k.route().Take })
	eventually(t, k, "back on the route", func() bool { return k.Current() == "route" && k.route().Take.Disabled() })
	k.ui(func() {
		s := k.route()
		if !strings.Contains(s.Steps[1].Note, i18n.ClosedReason(i18n.ID, api.ReasonNoCounter)) || s.Steps[0].Note != "" {
			t.Fatalf("refused step not marked: %q / %q", s.Steps[0].Note, s.Steps[1].Note)
		}
	})
	be.set(func(f *fakeBackend) { f.issueErr = nil })
	k.tapTile(t, func() *Tile { return k.route().Remove[1] })
	k.tapTile(t, func() *Tile { return k.route().Take })
	eventually(t, k, "the ticket", func() bool { return k.Current() == "ticket" })
	if reqs := be.requests(); len(reqs) != 1 || reqs[0].ServiceIDs != nil || reqs[0].ServiceID != "ag01-a" {
		t.Fatalf("a one-service route is a plain request: %+v", reqs)
	}
}

// Without Config.Visits (or with a site limit of 1), a service takes its
// number at once, as before.
func TestKioskVisitsOff(t *testing.T) {
	cat := fakeCatalog(2)
	cat.Site.Visits = &api.VisitRules{MaxServices: 1}
	be := &fakeBackend{cat: cat}
	k := startKiosk(t, be, nil, Config{Visits: true}, landscape)
	waitCatalog(t, k)
	k.tapTile(t, func() *Tile { return k.home().Take })
	k.tapTile(t, func() *Tile { return k.agencies().Tiles[0] })
	k.tapTile(t, func() *Tile { return tileNamed(k.services().Tiles, "Layanan A ag01") })
	eventually(t, k, "the ticket", func() bool { return k.Current() == "ticket" })
}

// A real server: three services of three agencies, one number, the route
// on the ticket.
func TestKioskVisitAgainstRealServer(t *testing.T) {
	srv := servertest.Start(t, servertest.WithSite(func(f *config.File) { f.Site.Visits = &api.VisitRules{MaxServices: 3} }))
	pr := &fakePrinter{}
	k := startKiosk(t, srv.Kiosk(), pr, Config{Visits: true, NewKey: client.NewIdempotencyKey}, landscape)
	waitCatalog(t, k)
	chooseNamed := func(agencyShort, service string) {
		t.Helper()
		switch k.screenName() {
		case "home":
			k.tapTile(t, func() *Tile { return k.home().Take })
		case "route":
			k.tapTile(t, func() *Tile { return k.route().Add })
		}
		k.tapTile(t, func() *Tile {
			for _, tl := range k.agencies().Tiles {
				if tl.Title == agencyShort {
					return tl
				}
			}
			for k.agencies().Pager.Page()+1 < k.agencies().Pager.Pages() {
				k.agencies().Pager.setPage(k.agencies().Pager.Page() + 1)
			}
			for _, tl := range k.agencies().Tiles {
				if tl.Title == agencyShort {
					return tl
				}
			}
			t.Fatalf("no agency %s", agencyShort)
			return nil
		})
		k.tapTile(t, func() *Tile { return tileNamed(k.services().Tiles, service) })
		if k.screenName() == "priority" {
			k.tapTile(t, func() *Tile { return k.priority().Choices[api.PriorityNone] })
		}
		eventually(t, k, "the route", func() bool { return k.Current() == "route" })
	}
	chooseNamed("Disdukcapil", "Perekaman & Pencetakan KTP-el")
	chooseNamed("Polres Pariaman", "Perpanjangan SIM A & C")
	chooseNamed("BPJS Kesehatan", "Pendaftaran & Perubahan Data JKN")
	k.ui(func() {
		if !k.route().Add.Disabled() {
			t.Fatal("a fourth service offered over the site's limit of 3")
		}
	})
	k.tapTile(t, func() *Tile { return k.route().Take })
	eventually(t, k, "the ticket", func() bool { return k.Current() == "ticket" })
	var tk api.Ticket
	k.ui(func() { tk = k.ticket().t })
	got, err := srv.Client("").Ticket(context.Background(), tk.ID)
	if err != nil || len(got.Route) != 3 || got.Route[2].ServiceID != "jkn" || got.Number != tk.Number {
		t.Fatalf("server's ticket %+v %v", got, err)
	}
	eventually(t, k, "printed", func() bool { return len(pr.printed()) == 1 })
}

// The route and the visit's ticket at every monitor size.
func TestLayoutMatrixVisit(t *testing.T) {
	layoutcheck.SkipUnderRace(t)
	for _, sz := range layoutcheck.Sizes {
		t.Run(sz.Name, func(t *testing.T) {
			be := &fakeBackend{cat: matrixCatalog()}
			pr := &fakePrinter{err: errors.New("kertas habis")}
			k := startKiosk(t, be, pr, Config{Visits: true, IdleTimeout: time.Hour, PromptTimeout: time.Hour,
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
			// The longest service name first, then four more: the most a
			// route holds.
			k.tapTile(t, func() *Tile { return k.home().Take })
			k.tapTile(t, func() *Tile { return k.agencies().Tiles[0] })
			k.tapTile(t, func() *Tile { return k.services().Tiles[0] })
			eventually(t, k, "the route", func() bool { return k.Current() == "route" })
			check("route-1")
			pick(t, k, 1, "Layanan A ag02")
			// Its quota runs out before the number is taken.
			be.set(func(f *fakeBackend) {
				f.cat.Services[2].OpenNow, f.cat.Services[2].ClosedReason = false, api.ReasonQuotaFull
			})
			k.RefreshCatalog()
			eventually(t, k, "the closed step", func() bool { return k.Current() == "route" && k.route().Take.Disabled() })
			check("route-closed")
			be.set(func(f *fakeBackend) { f.cat.Services[2].OpenNow, f.cat.Services[2].ClosedReason = true, "" })
			k.tapTile(t, func() *Tile { return k.route().Remove[1] })
			pick(t, k, 1, "Layanan B ag02")
			pick(t, k, 2, "Layanan A ag03")
			pick(t, k, 3, "Layanan A ag04")
			pick(t, k, 0, "Layanan Tambahan 1")
			check("route-5")
			k.ui(func() { k.lang = i18n.EN; k.redraw() })
			check("route-5-en")
			k.ui(func() { k.lang = i18n.ID; k.redraw() })
			k.tapTile(t, func() *Tile { return k.route().Take })
			eventually(t, k, "ticket", func() bool { return k.Current() == "ticket" && !k.ticket().printing })
			check("ticket-visit")
		})
	}
}
