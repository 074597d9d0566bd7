package ui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"antrean/shared/api"
	"antrean/shared/i18n"
	sharedui "antrean/shared/ui"
)

func TestLoginOpensDeskAndKeepsSession(t *testing.T) {
	h := newFakeHarness(t)
	h.c.Start()
	if h.c.Login == nil || h.c.Desk != nil {
		t.Fatal("a fresh console must show the login")
	}
	h.fake.issue("ktp", api.PriorityNone)
	h.login("petugas1", "demo123")

	d := h.c.Desk
	if got := d.Title.Text; got != "Loket 1" {
		t.Errorf("title = %q", got)
	}
	if h.prefs.String(PrefToken) != "tok-1" || h.prefs.String(PrefCounter) != "loket-1" {
		t.Errorf("session not kept: token %q counter %q", h.prefs.String(PrefToken), h.prefs.String(PrefCounter))
	}
	if _, err := time.Parse(time.RFC3339, h.prefs.String(PrefExpires)); err != nil {
		t.Errorf("expiry not kept: %v", err)
	}
	if got := enabled(d); got != "next" {
		t.Errorf("enabled with nobody called = %q, want next", got)
	}
	if !strings.Contains(d.WaitingTitle.Text, "1 orang") {
		t.Errorf("waiting title = %q", d.WaitingTitle.Text)
	}
}

func TestLoginWrongPasswordShowsMessage(t *testing.T) {
	h := newFakeHarness(t)
	h.c.Start()
	h.c.Login.Username.SetText("petugas1")
	h.c.Login.Password.SetText("salah")
	test.Tap(h.c.Login.Submit)
	h.wait("the error", func() bool { return h.c.Login.Message.Visible() })
	if got := h.c.Login.Message.Text; got != "Nama pengguna atau kata sandi salah" {
		t.Errorf("message = %q", got)
	}
	if h.c.Desk != nil || h.prefs.String(PrefToken) != "" {
		t.Error("a failed login must not open the desk or keep a token")
	}
	if h.c.Login.Submit.Disabled() {
		t.Error("the login button must be usable again")
	}
}

func TestLoginEmptyFieldsAsksForThem(t *testing.T) {
	h := newFakeHarness(t)
	h.c.Start()
	test.Tap(h.c.Login.Submit)
	if !h.c.Login.Message.Visible() || !strings.Contains(h.c.Login.Message.Text, "Isi nama pengguna") {
		t.Errorf("message = %q", h.c.Login.Message.Text)
	}
	if len(h.fake.logins) != 0 {
		t.Error("no request should be sent without credentials")
	}
}

func TestLoginOffersCountersWhenSeveral(t *testing.T) {
	h := newFakeHarness(t)
	h.fake.counters = append(h.fake.counters,
		api.Counter{ID: "loket-2", Number: 2, Name: "Loket 2", ServiceIDs: []string{"paspor"}, Status: api.CounterOpen})
	// A counter someone else works at, or one that is closed, says so.
	h.fake.counters[0].Staffed = true
	h.fake.counters[1].Status = api.CounterClosed
	h.c.Start()
	h.c.Login.Username.SetText("petugas1")
	h.c.Login.Password.SetText("demo123")
	test.Tap(h.c.Login.Submit)
	h.wait("the counter choice", func() bool { return h.c.Login != nil && h.c.Login.Counter.Visible() })
	if h.c.Desk != nil {
		t.Fatal("the desk must wait for the counter choice")
	}
	if got := h.c.Login.Counter.Options; len(got) != 2 || got[0] != "Loket 1 · sedang dipakai petugas lain" || got[1] != "Loket 2 · Tutup" {
		t.Fatalf("options = %q", got)
	}

	h.c.Login.Counter.SetSelectedIndex(1)
	test.Tap(h.c.Login.Submit)
	h.waitDesk()
	if got := h.c.Desk.Title.Text; got != "Loket 2" {
		t.Errorf("title = %q", got)
	}
	if last := h.fake.logins[len(h.fake.logins)-1]; last.CounterID != "loket-2" {
		t.Errorf("the second login asked for counter %q", last.CounterID)
	}
	if h.prefs.String(PrefCounter) != "loket-2" {
		t.Errorf("kept counter %q", h.prefs.String(PrefCounter))
	}
}

func TestCallStartFinishWithButtonsAndKeys(t *testing.T) {
	h := newFakeHarness(t)
	h.c.Start()
	h.fake.issue("ktp", api.PriorityNone)
	h.fake.issue("kk", api.PriorityElderly)
	h.login("petugas1", "demo123")
	d := h.c.Desk

	h.tap(d.CallNext)
	if d.Number.Text != "A-001" {
		t.Fatalf("number = %q", d.Number.Text)
	}
	if d.State.Text != "Dipanggil" || d.Info.Text != "· tunggu 1 mnt" {
		t.Errorf("state %q info %q", d.State.Text, d.Info.Text)
	}
	if !strings.Contains(d.Service.Text, "KTP Elektronik") {
		t.Errorf("service = %q", d.Service.Text)
	}
	if got := enabled(d); got != "recall,start,requeue,transfer" {
		t.Errorf("enabled when called = %q (no-show waits for a recall)", got)
	}
	if d.Message.Text != "Memanggil A-001" {
		t.Errorf("message = %q", d.Message.Text)
	}

	h.key(fyne.KeyF3) // start
	if d.State.Text != "Dilayani" {
		t.Fatalf("state after F3 = %q", d.State.Text)
	}
	if got := enabled(d); got != "finish,finishnext,transfer" {
		t.Errorf("enabled when serving = %q", got)
	}
	h.key(fyne.KeyF1) // call next is not allowed while serving: nothing happens
	if d.Number.Text != "A-001" {
		t.Errorf("F1 while serving called %q", d.Number.Text)
	}

	h.tap(d.Finish)
	if d.State.Text != "Selesai" || d.Message.Text != "A-001 selesai dilayani" {
		t.Errorf("after finish: state %q message %q", d.State.Text, d.Message.Text)
	}
	if got := enabled(d); got != "next" {
		t.Errorf("enabled when done = %q", got)
	}
	if !strings.Contains(d.Today.Text, "1 dilayani") {
		t.Errorf("today = %q", d.Today.Text)
	}
	h.key(fyne.KeyF1)
	if d.Number.Text != "B-002" || !d.priorityBox.Visible() || d.Priority.Text != "Prioritas: Lansia" {
		t.Errorf("second call: %q %q", d.Number.Text, d.Priority.Text)
	}
}

func TestWaitingTimeTicks(t *testing.T) {
	now := time.Now()
	var mu sync.Mutex
	clockNow := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	f := newFake()
	h := newHarness(t, f, func(c *Config) { c.Now = clockNow })
	h.c.Start()
	issued := f.issue("ktp", api.PriorityNone).IssuedAt
	h.login("petugas1", "demo123")
	h.tap(h.c.Desk.CallNext)
	mu.Lock()
	now = issued.Add(12*time.Minute + 5*time.Second)
	mu.Unlock()
	h.wait("the clock", func() bool { return strings.HasSuffix(h.c.Desk.Info.Text, "tunggu 12 mnt") })
}

func TestCallNextWithNobodyWaiting(t *testing.T) {
	h := newFakeHarness(t)
	h.c.Start()
	h.login("petugas1", "demo123")
	h.tap(h.c.Desk.CallNext)
	d := h.c.Desk
	if d.Message.Text != "Tidak ada antrean" || !d.Message.Visible() {
		t.Errorf("message = %q", d.Message.Text)
	}
	if d.Number.Text != "—" {
		t.Errorf("number = %q", d.Number.Text)
	}
	if len(d.Waiting.box.Objects) == 0 {
		t.Error("waiting list should still list the services")
	}
}

func TestRecallNoShowRequeue(t *testing.T) {
	h := newFakeHarness(t)
	h.c.Start()
	h.fake.issue("ktp", api.PriorityNone)
	h.fake.issue("ktp", api.PriorityNone)
	h.login("petugas1", "demo123")
	d := h.c.Desk

	h.tap(d.CallNext)
	h.key(fyne.KeyF2)
	if !strings.Contains(d.Info.Text, "panggilan ke-2") || d.Message.Text != "A-001 dipanggil ulang" {
		t.Errorf("after recall: info %q message %q", d.Info.Text, d.Message.Text)
	}
	h.tap(d.Requeue)
	if d.Message.Text != "A-001 dikembalikan ke antrean" || d.Number.Text != "—" {
		t.Errorf("after requeue: %q %q", d.Message.Text, d.Number.Text)
	}
	if got := h.fake.queued("ktp"); len(got) != 2 || got[0] != "A-001" {
		t.Errorf("queue after requeue = %v", got)
	}
	h.tap(d.CallNext)
	h.key(fyne.KeyF2) // no-show needs a recall first
	h.key(fyne.KeyF5)
	if d.State.Text != "Tidak hadir" || d.Message.Text != "A-001 dicatat tidak hadir" {
		t.Errorf("after no-show: %q %q", d.State.Text, d.Message.Text)
	}
	if got := enabled(d); got != "next" {
		t.Errorf("enabled after no-show = %q", got)
	}
}

func TestTransferToAnotherService(t *testing.T) {
	h := newFakeHarness(t)
	h.c.Start()
	h.fake.issue("ktp", api.PriorityNone)
	h.login("petugas1", "demo123")
	d := h.c.Desk
	h.tap(d.CallNext)
	h.key(fyne.KeyF7)
	tr := d.transfer
	if tr == nil || !d.dialogOpen {
		t.Fatal("no transfer dialog")
	}
	h.wait("the catalog", func() bool { return h.c.sess.catalog != nil })
	var rows, groups []string
	for _, r := range tr.Rows {
		rows = append(rows, r.Label)
	}
	for _, g := range tr.Groups {
		groups = append(groups, g.Text)
	}
	if strings.Join(rows, "|") != "B — Kartu Keluarga|P — Paspor" {
		t.Fatalf("targets must exclude the ticket's own service: %q", rows)
	}
	if strings.Join(groups, "|") != "Disdukcapil · Dinas Kependudukan dan Pencatatan Sipil|Kantor Imigrasi" {
		t.Errorf("agency groups = %q", groups)
	}
	if !tr.OK.Disabled() {
		t.Error("OK must wait for a choice")
	}
	h.key(fyne.KeyF5) // shortcuts wait while the dialog is open
	if d.State.Text != "Dipanggil" {
		t.Fatalf("F5 acted behind the dialog: %q", d.State.Text)
	}
	test.Type(tr.Filter, "imigr")
	if len(tr.Rows) != 1 || tr.Rows[0].ServiceID != "paspor" {
		t.Fatalf("filter by agency name left %d rows", len(tr.Rows))
	}
	test.Tap(tr.Rows[0])
	if !tr.Rows[0].Selected() || tr.OK.Disabled() {
		t.Fatal("tapping a target must select it and enable OK")
	}
	test.Tap(tr.OK)
	h.settle()
	if got := h.fake.queued("paspor"); len(got) != 1 || got[0] != "A-001" {
		t.Errorf("paspor queue = %v", got)
	}
	if d.State.Text != "Dialihkan" || d.Message.Text != "A-001 dialihkan ke P — Paspor" {
		t.Errorf("after transfer: %q %q", d.State.Text, d.Message.Text)
	}
	if d.dialogOpen || d.transfer != nil {
		t.Error("the dialog should be closed")
	}
	h.key(fyne.KeyF1) // shortcuts work again; loket-1 does not serve paspor
	if d.Message.Text != "Tidak ada antrean" {
		t.Errorf("F1 after transfer: %q", d.Message.Text)
	}
}

func TestBreakStatusBlocksCallNext(t *testing.T) {
	h := newFakeHarness(t)
	h.c.Start()
	h.fake.issue("ktp", api.PriorityNone)
	h.login("petugas1", "demo123")
	d := h.c.Desk
	h.tap(d.StatusBreak)
	if h.fake.status["loket-1"] != api.CounterBreak {
		t.Fatalf("status = %q", h.fake.status["loket-1"])
	}
	if !d.CallNext.Disabled() {
		t.Error("call next must be disabled on a break")
	}
	if !d.ClosedBanner.Visible() || !strings.Contains(d.ClosedBanner.Text, "LOKET ISTIRAHAT") {
		t.Errorf("closed banner = %q", d.ClosedBanner.Text)
	}
	if d.Subtitle.Text != "ISTIRAHAT" || d.SignBg.FillColor != sharedui.MutedText {
		t.Errorf("the sign must turn grey and say so: %q %v", d.Subtitle.Text, d.SignBg.FillColor)
	}
	h.key(fyne.KeyF1)
	if len(h.fake.queued("ktp")) != 1 {
		t.Error("F1 on a break called a ticket")
	}
	h.tap(d.StatusOpen)
	if d.CallNext.Disabled() || d.ClosedBanner.Visible() {
		t.Error("call next must be enabled again once open, the banner gone")
	}
}

func TestButtonsDisabledWhileActionInFlight(t *testing.T) {
	h := newFakeHarness(t)
	h.c.Start()
	h.fake.issue("ktp", api.PriorityNone)
	h.login("petugas1", "demo123")
	d := h.c.Desk
	hold := make(chan error)
	h.fake.mu.Lock()
	h.fake.hold["CallNext"] = hold
	h.fake.mu.Unlock()
	test.Tap(d.CallNext)
	h.pump.drain()
	if got := enabled(d); got != "" {
		t.Errorf("enabled while in flight = %q", got)
	}
	if !d.StatusBreak.Disabled() {
		t.Error("status buttons must wait too")
	}
	test.Tap(d.CallNext) // a second press while busy is ignored
	hold <- nil
	h.settle()
	if d.Number.Text != "A-001" {
		t.Errorf("number = %q", d.Number.Text)
	}
}

func TestErrorsAreShown(t *testing.T) {
	h := newFakeHarness(t)
	h.c.Start()
	h.fake.issue("ktp", api.PriorityNone)
	h.login("petugas1", "demo123")
	d := h.c.Desk
	h.fake.mu.Lock()
	h.fake.fail["CallNext"] = &api.Error{Code: api.CodeInvalidState}
	h.fake.mu.Unlock()
	h.tap(d.CallNext)
	if want := i18n.ErrorMessage(i18n.ID, api.ErrInvalidState); d.Message.Text != want || d.Message.Importance != widget.DangerImportance {
		t.Errorf("message = %q, want %q", d.Message.Text, want)
	}
	if !d.Message.Visible() || d.CallNext.Disabled() {
		t.Error("the error must be visible and the desk usable again")
	}
	// A server out of reach says so, too.
	h.fake.mu.Lock()
	h.fake.fail["CallNext"] = &api.Error{Code: api.CodeUnavailable}
	h.fake.mu.Unlock()
	h.tap(d.CallNext)
	if !strings.Contains(d.Message.Text, "Tidak dapat terhubung") {
		t.Errorf("message = %q", d.Message.Text)
	}
}

func TestUnauthorizedLeadsBackToLogin(t *testing.T) {
	h := newFakeHarness(t)
	h.c.Start()
	h.login("petugas1", "demo123")
	h.fake.mu.Lock()
	h.fake.valid = "tok-2" // the server forgot the session
	h.fake.mu.Unlock()
	test.Tap(h.c.Desk.CallNext)
	h.wait("the login", func() bool { return h.c.Login != nil })
	if got := h.c.Login.Message.Text; got != "Sesi berakhir, silakan masuk kembali" {
		t.Errorf("message = %q", got)
	}
	if h.prefs.String(PrefToken) != "" {
		t.Error("the dead token must be forgotten")
	}
	if h.c.Login.Username.Text != "petugas1" {
		t.Errorf("username should be prefilled, got %q", h.c.Login.Username.Text)
	}
}

func TestRestoresSavedSession(t *testing.T) {
	h := newFakeHarness(t)
	h.prefs.SetString(PrefToken, "tok-1")
	h.prefs.SetString(PrefCounter, "loket-1")
	h.prefs.SetString(PrefExpires, time.Now().Add(time.Hour).Format(time.RFC3339))
	h.c.Start()
	if h.c.Desk == nil {
		t.Fatal("a saved session must open the desk at once")
	}
	h.waitDesk()
	if h.fake.token != "tok-1" || len(h.fake.logins) != 0 {
		t.Errorf("token %q logins %d", h.fake.token, len(h.fake.logins))
	}
}

func TestInvalidSavedTokenLeadsToLogin(t *testing.T) {
	h := newFakeHarness(t)
	h.prefs.SetString(PrefToken, "stale")
	h.prefs.SetString(PrefCounter, "loket-1")
	h.c.Start()
	h.wait("the login", func() bool { return h.c.Login != nil })
	if got := h.c.Login.Message.Text; got != "Sesi berakhir, silakan masuk kembali" {
		t.Errorf("message = %q", got)
	}
}

func TestExpiredSavedSessionLeadsToLogin(t *testing.T) {
	h := newFakeHarness(t)
	h.prefs.SetString(PrefToken, "tok-1")
	h.prefs.SetString(PrefCounter, "loket-1")
	h.prefs.SetString(PrefExpires, time.Now().Add(-time.Minute).Format(time.RFC3339))
	h.c.Start()
	if h.c.Login == nil || !h.c.Login.Message.Visible() {
		t.Fatal("an expired session must show the login with a message")
	}
	if h.prefs.String(PrefToken) != "" {
		t.Error("the expired token must be forgotten")
	}
}

// liveFeed is a stand-in for the event stream the test drives by hand.
type liveFeed struct {
	events chan api.Event
	states chan bool
}

func (l *liveFeed) run(ctx context.Context, _ string, onEvent func(api.Event), onState func(bool)) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case ev := <-l.events:
			onEvent(ev)
		case s := <-l.states:
			onState(s)
		}
	}
}

func TestLiveEventsRefreshAndOfflineBadge(t *testing.T) {
	f := newFake()
	feed := &liveFeed{events: make(chan api.Event), states: make(chan bool)}
	h := newHarness(t, f, func(c *Config) { c.Live = feed.run })
	h.c.Start()
	h.login("petugas1", "demo123")
	d := h.c.Desk

	tk := f.issue("kk", api.PriorityPregnant)
	feed.events <- api.Event{ID: 7, Type: api.EventTicketIssued,
		Data: []byte(`{"ticket":{"id":"` + tk.ID + `","service_id":"kk"},"at":"2026-01-01T08:00:00+07:00"}`)}
	h.wait("the new ticket in the list", func() bool { return strings.Contains(d.WaitingTitle.Text, "1 orang") })
	if len(d.Waiting.Cells) != 1 || d.Waiting.Cells[0].Number.Text != "B-001" || d.Waiting.Cells[0].Class != "Ibu hamil" {
		t.Error("the priority ticket should be marked in the waiting list")
	}

	// An event of a service this counter does not serve is ignored.
	f.issue("paspor", api.PriorityNone)
	before := h.c.sess.reads.Load()
	feed.events <- api.Event{ID: 8, Type: api.EventTicketIssued, Data: []byte(`{"ticket":{"id":"x","service_id":"paspor"}}`)}
	time.Sleep(60 * time.Millisecond)
	h.pump.drain()
	if h.c.sess.reads.Load() != before {
		t.Error("an unrelated event caused a re-read")
	}

	feed.states <- false
	h.wait("the offline badge", func() bool { return d.Offline.Visible() })
	feed.states <- true
	h.wait("the badge to go", func() bool { return !d.Offline.Visible() })
}

func TestLanguageToggleKeepsState(t *testing.T) {
	h := newFakeHarness(t)
	h.c.Start()
	h.fake.issue("ktp", api.PriorityNone)
	h.login("petugas1", "demo123")
	h.tap(h.c.Desk.CallNext)
	test.Tap(h.c.Desk.LangBtn)
	d := h.c.Desk
	if d.CallNext.Text != "Call next (F1)" || d.State.Text != "Called" || d.Number.Text != "A-001" {
		t.Errorf("after toggle: %q %q %q", d.CallNext.Text, d.State.Text, d.Number.Text)
	}
	if h.prefs.String(PrefLang) != "en" {
		t.Error("language choice not kept")
	}
	if got := enabled(d); got != "recall,start,requeue,transfer" {
		t.Errorf("enabled after toggle = %q", got)
	}
	h.tap(d.Start)
	if d.State.Text != i18n.StateLabel(i18n.EN, api.StateServing) {
		t.Errorf("state = %q", d.State.Text)
	}
}

func TestAllowedActions(t *testing.T) {
	open := api.Counter{Status: api.CounterOpen}
	tk := func(s api.State) *api.Ticket { return &api.Ticket{State: s} }
	cases := []struct {
		name string
		v    api.CounterView
		want Allowed
	}{
		{"idle open", api.CounterView{Counter: open}, Allowed{CallNext: true}},
		{"idle break", api.CounterView{Counter: api.Counter{Status: api.CounterBreak}}, Allowed{}},
		{"called", api.CounterView{Counter: open, Current: tk(api.StateCalled)},
			Allowed{Recall: true, Start: true, NoShow: true, Requeue: true, Transfer: true}},
		{"serving", api.CounterView{Counter: open, Current: tk(api.StateServing)}, Allowed{Finish: true, FinishNext: true, Transfer: true}},
		{"serving on break", api.CounterView{Counter: api.Counter{Status: api.CounterBreak}, Current: tk(api.StateServing)},
			Allowed{Finish: true, Transfer: true}},
		{"done", api.CounterView{Counter: open, Current: tk(api.StateDone)}, Allowed{CallNext: true}},
		{"no-show closed", api.CounterView{Counter: api.Counter{Status: api.CounterClosed}, Current: tk(api.StateNoShow)}, Allowed{}},
		{"called on break", api.CounterView{Counter: api.Counter{Status: api.CounterBreak}, Current: tk(api.StateCalled)},
			Allowed{Recall: true, Start: true, NoShow: true, Requeue: true, Transfer: true}},
	}
	for _, c := range cases {
		if got := AllowedActions(c.v); got != c.want {
			t.Errorf("%s: got %+v want %+v", c.name, got, c.want)
		}
	}
}

func TestClockFormat(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "0:00", 65 * time.Second: "1:05", -time.Second: "0:00",
		3723 * time.Second: "1:02:03"} {
		if got := clock(d); got != want {
			t.Errorf("clock(%v) = %q want %q", d, got, want)
		}
	}
	if decimal(i18n.ID, 4.25) != "4,2" && decimal(i18n.ID, 4.25) != "4,3" {
		t.Errorf("decimal = %q", decimal(i18n.ID, 4.25))
	}
	if decimal(i18n.EN, 4.5) != "4.5" {
		t.Errorf("decimal en = %q", decimal(i18n.EN, 4.5))
	}
}

// The console must fit a 480×640 window in both languages.
func TestFitsSmallWindow(t *testing.T) {
	h := newFakeHarness(t)
	h.c.Start()
	for i := 0; i < 6; i++ {
		h.fake.issue("ktp", api.PriorityElderly)
	}
	check := func(what string, o fyne.CanvasObject) {
		if m := o.MinSize(); m.Width > 480 || m.Height > 640 {
			t.Errorf("%s needs %v, more than 480×640", what, m)
		}
	}
	check("login", h.c.Login.root)
	h.login("petugas1", "demo123")
	h.tap(h.c.Desk.CallNext)
	check("desk", h.c.Desk.root)
	test.Tap(h.c.Desk.LangBtn)
	check("desk (en)", h.c.Desk.root)
	if got := h.win.Canvas().Size(); got.Width > 480 || got.Height > 640 {
		t.Errorf("the window grew to %v", got)
	}
}
