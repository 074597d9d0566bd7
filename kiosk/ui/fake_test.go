package ui

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"antrean/shared/api"
)

// fakeBackend is an in-memory server for the cases the real one cannot
// stage on demand (down, slow, quota answers).
type fakeBackend struct {
	mu       sync.Mutex
	cat      api.Catalog
	down     bool
	issueErr error
	keys     []string              // every idempotency key received, in order
	tickets  map[string]api.Ticket // by key: the same key gives the same ticket
	seq      int
	catCalls int

	hold chan struct{}      // IssueTicket waits for it to close (the issuing screen stays)
	reqs []api.IssueRequest // every new ticket's request, in order

	surveyErr  error
	surveys    []api.KioskSurveyRequest // every survey received, in order
	surveyHold chan struct{}            // SubmitSurveyByNumber answers once it is closed

	byID      map[string]api.Ticket // tickets a scan may read (return.go)
	returns   []string              // ids returned to their line, in order
	checkErr  error
	checks    []api.SurveyCheckRequest // every ticket check received, in order
	probes    int
	logos     map[string][]byte // agency id → logo bytes
	logoCalls int

	checkInErr   error
	checkInCodes []string               // every check-in received, in order
	checkIns     map[string]api.CheckIn // by code: the same ticket every time
	bookings     map[string]api.Booking // what Booking answers
}

func (f *fakeBackend) AgencyLogo(ctx context.Context, id string) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.logoCalls++
	if f.down {
		return nil, &api.Error{Code: api.CodeUnavailable}
	}
	if b, ok := f.logos[id]; ok {
		return b, nil
	}
	return nil, &api.Error{Code: api.CodeNotFound}
}

func (f *fakeBackend) Health(ctx context.Context) (api.Health, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.probes++
	if f.down {
		return api.Health{}, &api.Error{Code: api.CodeUnavailable}
	}
	return api.Health{Status: "ok", Time: time.Now()}, nil
}

func (f *fakeBackend) SurveyCheck(ctx context.Context, req api.SurveyCheckRequest) (api.SurveyCheck, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.checks = append(f.checks, req)
	if f.down {
		return api.SurveyCheck{}, &api.Error{Code: api.CodeUnavailable}
	}
	if f.checkErr != nil {
		return api.SurveyCheck{}, f.checkErr
	}
	id, num := req.TicketID, req.Number
	if id == "" {
		id = "t-" + num
	} else {
		num = "A-042"
	}
	return api.SurveyCheck{TicketID: id, Number: num, ServiceID: "ag01-a", ServiceName: "Layanan A ag01", AgencyName: "Dinas Nomor 1"}, nil
}

func (f *fakeBackend) checksReceived() []api.SurveyCheckRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]api.SurveyCheckRequest(nil), f.checks...)
}

func (f *fakeBackend) SubmitSurveyByNumber(ctx context.Context, req api.KioskSurveyRequest) (api.SurveyReceipt, error) {
	f.mu.Lock()
	f.surveys = append(f.surveys, req)
	if h := f.surveyHold; h != nil {
		f.mu.Unlock()
		select {
		case <-h:
		case <-ctx.Done():
		}
		f.mu.Lock()
	}
	defer f.mu.Unlock()
	if f.down {
		return api.SurveyReceipt{}, &api.Error{Code: api.CodeUnavailable}
	}
	if f.surveyErr != nil {
		return api.SurveyReceipt{}, f.surveyErr
	}
	return api.SurveyReceipt{TicketID: req.TicketID, SubmittedAt: time.Now()}, nil
}

func (f *fakeBackend) surveysReceived() []api.KioskSurveyRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]api.KioskSurveyRequest(nil), f.surveys...)
}

func (f *fakeBackend) Catalog(ctx context.Context) (api.Catalog, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.catCalls++
	if f.down {
		return api.Catalog{}, &api.Error{Code: api.CodeUnavailable}
	}
	c := f.cat
	c.Services = append([]api.Service(nil), f.cat.Services...)
	return c, nil
}

func (f *fakeBackend) IssueTicket(ctx context.Context, req api.IssueRequest, key string) (api.Ticket, error) {
	f.mu.Lock()
	if h := f.hold; h != nil {
		f.mu.Unlock()
		select {
		case <-h:
		case <-ctx.Done():
			return api.Ticket{}, ctx.Err()
		}
		f.mu.Lock()
	}
	defer f.mu.Unlock()
	f.keys = append(f.keys, key)
	if f.down {
		return api.Ticket{}, &api.Error{Code: api.CodeUnavailable}
	}
	if f.issueErr != nil {
		return api.Ticket{}, f.issueErr
	}
	if t, ok := f.tickets[key]; ok {
		return t, nil
	}
	f.seq++
	f.reqs = append(f.reqs, req)
	if len(req.ServiceIDs) > 0 {
		req.ServiceID = req.ServiceIDs[0]
	}
	t := api.Ticket{ID: fmt.Sprintf("t%d", f.seq), Number: fmt.Sprintf("A-%03d", f.seq), ServiceID: req.ServiceID,
		ServiceName: req.ServiceID, AgencyName: "Agency", Priority: req.Priority, State: api.StateWaiting,
		IssuedAt: time.Date(2026, 11, 26, 14, 5, 0, 0, time.FixedZone("WIB", 7*3600)), PeopleAhead: f.seq - 1,
		EstWaitMinutes: 5 * (f.seq - 1), StatusURL: fmt.Sprintf("http://127.0.0.1:8080/t/tkt%08d", f.seq),
		CheckCode: fmt.Sprintf("%04d", 1000+f.seq)}
	t.Route = f.route(req) // visits (visit_test.go)
	if f.tickets == nil {
		f.tickets = map[string]api.Ticket{}
	}
	f.tickets[key] = t
	return t, nil
}

func (f *fakeBackend) set(fn func(f *fakeBackend)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

func (f *fakeBackend) snapshot() (keys []string, issued int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.keys...), len(f.tickets)
}

// fakeCatalog has n agencies with two services each: s<i>-a open (no
// priority question), s<i>-b open with the priority question.
func fakeCatalog(n int) api.Catalog {
	c := api.Catalog{Site: api.Site{Name: "MPP Uji Coba", Timezone: "Asia/Jakarta"}}
	for i := 1; i <= n; i++ {
		id := fmt.Sprintf("ag%02d", i)
		c.Agencies = append(c.Agencies, api.Agency{ID: id, Short: fmt.Sprintf("Instansi %d", i), Name: fmt.Sprintf("Dinas Nomor %d", i), Order: i})
		c.Services = append(c.Services,
			api.Service{ID: id + "-a", AgencyID: id, Name: "Layanan A " + id, Active: true, OpenNow: true, Waiting: 2, EstWaitMinutes: 10, QuotaLeft: -1, Order: 1},
			api.Service{ID: id + "-b", AgencyID: id, Name: "Layanan B " + id, Active: true, OpenNow: true, Waiting: 1, Priority: true, QuotaLeft: -1, Order: 2})
	}
	return c
}

type fakePrinter struct {
	mu   sync.Mutex
	err  error
	got  []api.Ticket
	site string
}

func (p *fakePrinter) Print(ctx context.Context, site string, t api.Ticket) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.got = append(p.got, t)
	p.site = site
	return p.err
}

func (p *fakePrinter) printed() []api.Ticket {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]api.Ticket(nil), p.got...)
}

var (
	landscape = fyne.NewSize(1920, 1080)
	portrait  = fyne.NewSize(1080, 1920)
)

var keySeq struct {
	sync.Mutex
	n int
}

func testKey() string {
	keySeq.Lock()
	defer keySeq.Unlock()
	keySeq.n++
	return fmt.Sprintf("key-%d", keySeq.n)
}

// startKiosk runs a kiosk in a test window of the given size.
func startKiosk(t *testing.T, be Backend, pr Printer, cfg Config, size fyne.Size) *Kiosk {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("XDG_CACHE_HOME", dir)
	t.Setenv("XDG_DATA_HOME", dir)
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	w.SetPadded(false)
	w.Resize(size)
	if cfg.NewKey == nil {
		cfg.NewKey = testKey
	}
	if cfg.RetryDelay == 0 {
		cfg.RetryDelay = 20 * time.Millisecond
	}
	if cfg.SlowAfter == 0 {
		cfg.SlowAfter = 50 * time.Millisecond
	}
	k := New(w, be, pr, cfg)
	k.Start()
	t.Cleanup(func() {
		k.Stop()
		w.Close()
	})
	return k
}

// ui runs fn as the UI goroutine would: serialised with callbacks.
func (k *Kiosk) ui(fn func()) {
	k.mu.Lock()
	defer k.mu.Unlock()
	fn()
}

// tapTile taps a tile the way a finger does; pass func() *Tile to find
// the tile on the UI side (screens are rebuilt when a catalog arrives).
func (k *Kiosk) tapTile(t *testing.T, which any) {
	t.Helper()
	var tile *Tile
	k.ui(func() {
		switch w := which.(type) {
		case *Tile:
			tile = w
		case func() *Tile:
			tile = w()
		}
		if tile != nil {
			test.Tap(tile)
		}
	})
	if tile == nil {
		t.Fatal("no such tile")
	}
}

// eventually waits for cond (checked on the UI side) or fails.
func eventually(t *testing.T, k *Kiosk, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		ok := false
		k.ui(func() { ok = cond() })
		if ok {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s (screen %q)", what, k.screenName())
}

func (k *Kiosk) screenName() string {
	var s string
	k.ui(func() { s = k.Current() })
	return s
}

func (k *Kiosk) home() *homeScreen         { return k.current.(*homeScreen) }
func (k *Kiosk) agencies() *agencyScreen   { return k.current.(*agencyScreen) }
func (k *Kiosk) services() *serviceScreen  { return k.current.(*serviceScreen) }
func (k *Kiosk) priority() *priorityScreen { return k.current.(*priorityScreen) }
func (k *Kiosk) issuing() *issuingScreen   { return k.current.(*issuingScreen) }
func (k *Kiosk) ticket() *ticketScreen     { return k.current.(*ticketScreen) }
func (k *Kiosk) surveyNumber() *surveyNumberScreen {
	return k.current.(*surveyNumberScreen)
}
func (k *Kiosk) surveyQuestion() *surveyQuestionScreen {
	return k.current.(*surveyQuestionScreen)
}
func (k *Kiosk) surveyComment() *surveyCommentScreen { return k.current.(*surveyCommentScreen) }
func (k *Kiosk) surveyProfile() *surveyProfileScreen { return k.current.(*surveyProfileScreen) }

// skipProfile passes the optional respondent profile after the ninth
// question with "Lewati".
func skipProfile(t *testing.T, k *Kiosk) {
	t.Helper()
	eventually(t, k, "the profile screen", func() bool { return k.Current() == "survey-profile" })
	k.tapTile(t, func() *Tile { return k.surveyProfile().Skip })
}

// waitCatalog waits until home offers "take a number".
func waitCatalog(t *testing.T, k *Kiosk) {
	t.Helper()
	eventually(t, k, "catalog loaded", func() bool { return k.Current() == "home" && k.catalog != nil && k.online })
}

// tileNamed finds a tile by title among tiles.
func tileNamed(tiles []*Tile, title string) *Tile {
	for _, t := range tiles {
		if t.Title == title {
			return t
		}
	}
	return nil
}

// CheckIn answers from checkIns (by code; the same ticket every time) or
// checkInErr; bookings are what Booking returns.
func (f *fakeBackend) CheckIn(ctx context.Context, code, key string) (api.CheckIn, error) {
	f.mu.Lock()
	if h := f.hold; h != nil {
		f.mu.Unlock()
		select {
		case <-h:
		case <-ctx.Done():
			return api.CheckIn{}, ctx.Err()
		}
		f.mu.Lock()
	}
	defer f.mu.Unlock()
	f.checkInCodes = append(f.checkInCodes, code)
	if f.down {
		return api.CheckIn{}, &api.Error{Code: api.CodeUnavailable}
	}
	if f.checkInErr != nil {
		return api.CheckIn{}, f.checkInErr
	}
	if c, ok := f.checkIns[code]; ok {
		return c, nil
	}
	f.seq++
	slot := time.Date(2026, 11, 26, 14, 30, 0, 0, time.FixedZone("WIB", 7*3600))
	c := api.CheckIn{Ticket: api.Ticket{ID: fmt.Sprintf("t%d", f.seq), Number: fmt.Sprintf("T-%03d", f.seq), ServiceID: "ag01-a",
		ServiceName: "Layanan A ag01", AgencyName: "Dinas Nomor 1", State: api.StateWaiting, Priority: api.PriorityNone,
		IssuedAt: slot.Add(-20 * time.Minute), BookedSlot: &slot, PeopleAhead: 3, EstWaitMinutes: 20,
		StatusURL: fmt.Sprintf("http://127.0.0.1:8080/t/tkt%08d", f.seq), CheckCode: fmt.Sprintf("%04d", 2000+f.seq)},
		Booking: api.Booking{Code: code, State: api.BookingCheckedIn, SlotStart: slot}}
	if f.checkIns == nil {
		f.checkIns = map[string]api.CheckIn{}
	}
	f.checkIns[code] = c
	return c, nil
}

func (f *fakeBackend) Booking(ctx context.Context, code string) (api.Booking, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if b, ok := f.bookings[code]; ok {
		return b, nil
	}
	return api.Booking{}, &api.Error{Code: api.CodeNotFound}
}

func (f *fakeBackend) checkInsReceived() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.checkInCodes...)
}

func (k *Kiosk) bookingCode() *bookingScreen { return k.current.(*bookingScreen) }

func (f *fakeBackend) Ticket(ctx context.Context, id string) (api.Ticket, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return api.Ticket{}, &api.Error{Code: api.CodeUnavailable}
	}
	t, ok := f.byID[id]
	if !ok {
		return api.Ticket{}, &api.Error{Code: api.CodeNotFound}
	}
	return t, nil
}

func (f *fakeBackend) ReturnTicket(ctx context.Context, id string) (api.Ticket, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.returns = append(f.returns, id)
	if f.down {
		return api.Ticket{}, &api.Error{Code: api.CodeUnavailable}
	}
	t, ok := f.byID[id]
	if !ok {
		return api.Ticket{}, &api.Error{Code: api.CodeNotFound}
	}
	if t.State != api.StateNoShow {
		return api.Ticket{}, &api.Error{Code: api.CodeInvalidState}
	}
	t.State, t.ReturnUntil, t.Origin = api.StateWaiting, nil, api.OriginReturn
	f.byID[id] = t
	return t, nil
}

func (f *fakeBackend) returned() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.returns...)
}
