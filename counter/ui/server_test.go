package ui

import (
	"context"
	"image/color"
	"net/http"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"antrean/server/config"
	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
	"antrean/shared/i18n"
)

// realHarness is a console talking to a real in-process server through the
// real client and, when live, the real event stream.
func realHarness(t *testing.T, srv *servertest.Server, live bool) (*harness, *client.Client) {
	t.Helper()
	cl := client.New(client.Config{BaseURL: srv.URL, Timeout: 5 * time.Second})
	h := newHarness(t, cl, func(c *Config) {
		c.ServerURL = srv.URL
		if live {
			c.Live = StreamLive(srv.URL)
		}
	})
	return h, cl
}

func issue(t *testing.T, srv *servertest.Server, service string, p api.Priority) api.Ticket {
	t.Helper()
	tk, err := srv.Kiosk().IssueTicket(context.Background(), api.IssueRequest{ServiceID: service, Priority: p}, client.NewIdempotencyKey())
	if err != nil {
		t.Fatalf("issue %s: %v", service, err)
	}
	return tk
}

func TestRealServerFullDesk(t *testing.T) {
	srv := servertest.Start(t)
	h, _ := realHarness(t, srv, true)
	a := issue(t, srv, "ktp-el", api.PriorityNone)
	b := issue(t, srv, "kk", api.PriorityElderly)
	h.c.Start()
	h.login("petugas1", servertest.OfficerPassword)
	d := h.c.Desk
	if !strings.HasPrefix(d.Title.Text, "Loket 1") {
		t.Errorf("title = %q", d.Title.Text)
	}
	if got := enabled(d); got != "next" {
		t.Fatalf("enabled at start = %q", got)
	}
	h.wait("the stream", func() bool { return d.online && !d.Offline.Visible() })

	// Call next: the priority ticket comes first by default.
	h.tap(d.CallNext)
	if d.Number.Text != b.Number || d.State.Text != "Dipanggil" {
		t.Fatalf("called %q (%q), want %q", d.Number.Text, d.State.Text, b.Number)
	}
	if got := enabled(d); got != "recall,start,requeue,transfer" {
		t.Errorf("enabled when called = %q", got)
	}
	h.key(fyne.KeyF2)
	if !strings.Contains(d.Info.Text, "panggilan ke-2") {
		t.Errorf("after recall: %q", d.Info.Text)
	}
	h.key(fyne.KeyF3)
	if d.State.Text != "Dilayani" || enabled(d) != "finish,finishnext,transfer" {
		t.Errorf("after start: %q, enabled %q", d.State.Text, enabled(d))
	}
	h.key(fyne.KeyF4)
	// A finished ticket leaves the counter free.
	if d.Number.Text != "—" || d.Message.Text != b.Number+" selesai dilayani" || enabled(d) != "next" {
		t.Errorf("after finish: %q %q, enabled %q", d.Number.Text, d.Message.Text, enabled(d))
	}
	if !strings.Contains(d.Today.Text, "1 dilayani") {
		t.Errorf("today = %q", d.Today.Text)
	}

	// Requeue, call again, no-show.
	h.tap(d.CallNext)
	if d.Number.Text != a.Number {
		t.Fatalf("called %q, want %q", d.Number.Text, a.Number)
	}
	h.tap(d.Requeue)
	if d.Number.Text != "—" && d.State.Text != "Menunggu" {
		t.Errorf("after requeue: %q %q", d.Number.Text, d.State.Text)
	}
	if got := enabled(d); got != "next" {
		t.Errorf("enabled after requeue = %q", got)
	}
	h.tap(d.CallNext)
	if d.Number.Text != a.Number {
		t.Fatalf("requeued ticket not called again: %q", d.Number.Text)
	}
	h.tap(d.Recall) // no-show only after a recall (or the site's delay)
	h.tap(d.NoShow)
	if d.Message.Text != a.Number+" dicatat tidak hadir" || enabled(d) != "next" {
		t.Errorf("after no-show: %q, enabled %q", d.Message.Text, enabled(d))
	}

	// Nobody left.
	h.tap(d.CallNext)
	if d.Message.Text != "Tidak ada antrean" {
		t.Errorf("message = %q", d.Message.Text)
	}

	// A citizen takes a number at the kiosk: the list follows live.
	c := issue(t, srv, "ktp-el", api.PriorityNone)
	h.wait("the live waiting list", func() bool { return strings.Contains(d.WaitingTitle.Text, "1 orang") })

	// Transfer it to another service.
	h.tap(d.CallNext)
	if d.Number.Text != c.Number {
		t.Fatalf("called %q, want %q", d.Number.Text, c.Number)
	}
	test.Tap(d.Transfer)
	var target *TargetRow
	for _, r := range d.transfer.Rows {
		if r.ServiceID == "ktp-el" {
			t.Errorf("own service offered as a target: %q", r.Label)
		}
		if r.ServiceID == "kk" {
			target = r
		}
	}
	if target == nil {
		t.Fatalf("kk not among the targets")
	}
	test.Tap(target)
	test.Tap(d.transfer.OK)
	h.settle()
	if !strings.Contains(d.Message.Text, c.Number+" dialihkan ke") || enabled(d) != "next" {
		t.Errorf("after transfer: %q, enabled %q", d.Message.Text, enabled(d))
	}
	tk, err := srv.Client("").Ticket(context.Background(), c.ID)
	if err != nil || tk.State != api.StateTransferred {
		t.Errorf("old ticket: %+v %v", tk.State, err)
	}

	// Break: call next is off; open again: on.
	h.tap(d.StatusBreak)
	if !d.CallNext.Disabled() || d.StatusBreak.Importance != widget.WarningImportance {
		t.Error("call next must be disabled on a break, and Istirahat marked")
	}
	cv, err := srv.Officer("petugas1", "loket-1").Counter(context.Background(), "loket-1")
	if err != nil || cv.Counter.Status != api.CounterBreak {
		t.Errorf("server status = %q (%v)", cv.Counter.Status, err)
	}
	h.tap(d.StatusOpen)
	if d.CallNext.Disabled() {
		t.Error("call next must be enabled once open")
	}
}

func TestRealServerChooseCounterAndRestore(t *testing.T) {
	srv := servertest.Start(t)
	h, _ := realHarness(t, srv, false)
	h.c.Start()
	h.c.Login.Username.SetText("petugas2")
	h.c.Login.Password.SetText(servertest.OfficerPassword)
	test.Tap(h.c.Login.Submit)
	h.wait("the counter choice", func() bool { return h.c.Login != nil && h.c.Login.Counter.Visible() })
	if n := len(h.c.Login.Counter.Options); n != 2 {
		t.Fatalf("petugas2 has 2 counters, offered %d", n)
	}
	h.c.Login.Counter.SetSelectedIndex(1)
	test.Tap(h.c.Login.Submit)
	h.waitDesk()
	if !strings.HasPrefix(h.c.Desk.Title.Text, "Loket 3") {
		t.Errorf("title = %q", h.c.Desk.Title.Text)
	}
	token := h.prefs.String(PrefToken)

	// A restart: a new console on the same preferences opens the desk.
	h.c.Close()
	cl2 := client.New(client.Config{BaseURL: srv.URL})
	c2 := New(h.win, Config{API: cl2, Prefs: h.prefs, Do: h.pump.do})
	h.c = c2
	t.Cleanup(c2.Close)
	c2.Start()
	h.waitDesk()
	if !strings.HasPrefix(c2.Desk.Title.Text, "Loket 3") || cl2.Token() != token {
		t.Errorf("restored %q with token %v", c2.Desk.Title.Text, cl2.Token() == token)
	}

	// The server ends the session: the next action leads back to login.
	req, _ := http.NewRequest(http.MethodDelete, srv.URL+"/v1/sessions/current", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	test.Tap(c2.Desk.StatusBreak)
	h.wait("the login", func() bool { return c2.Login != nil })
	if got := c2.Login.Message.Text; got != "Sesi berakhir, silakan masuk kembali" {
		t.Errorf("message = %q", got)
	}
	if h.prefs.String(PrefToken) != "" {
		t.Error("the dead token must be forgotten")
	}
}

func TestRealServerWrongPassword(t *testing.T) {
	srv := servertest.Start(t)
	h, _ := realHarness(t, srv, false)
	h.c.Start()
	h.c.Login.Username.SetText("petugas1")
	h.c.Login.Password.SetText("salah")
	test.Tap(h.c.Login.Submit)
	h.wait("the error", func() bool { return h.c.Login.Message.Visible() })
	if got := h.c.Login.Message.Text; got != "Nama pengguna atau kata sandi salah" {
		t.Errorf("message = %q", got)
	}
}

// A stale screen acting on a ticket someone else already handled gets a
// readable refusal, and the desk shows the truth again.
func TestRealServerInvalidStateShown(t *testing.T) {
	srv := servertest.Start(t)
	h, _ := realHarness(t, srv, false) // no stream: the screen stays stale
	issue(t, srv, "ktp-el", api.PriorityNone)
	h.c.Start()
	h.login("petugas1", servertest.OfficerPassword)
	d := h.c.Desk
	h.tap(d.CallNext)
	id := d.view.Current.ID
	if _, err := srv.Officer("petugas1", "loket-1").NoShow(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	h.tap(d.Start)
	if !d.Message.Visible() || !strings.Contains(d.Message.Text, "Tiket sudah diproses") {
		t.Errorf("message = %q", d.Message.Text)
	}
	if d.view.Current != nil && !d.view.Current.State.Final() || enabled(d) != "next" {
		t.Errorf("the desk should show the truth: %q, enabled %q", d.State.Text, enabled(d))
	}
}

// Two officers pressing call-next at once get different tickets.
func TestRealServerTwoCountersNeverShareATicket(t *testing.T) {
	srv := servertest.Start(t)
	h1, _ := realHarness(t, srv, false)
	issue(t, srv, "ktp-el", api.PriorityNone)
	issue(t, srv, "ktp-el", api.PriorityNone)
	h1.c.Start()
	h1.login("petugas1", servertest.OfficerPassword)

	cl2 := client.New(client.Config{BaseURL: srv.URL})
	c2 := New(h1.win, Config{API: cl2, Prefs: h1.prefs, Do: h1.pump.do}) // same window: only its state is read
	t.Cleanup(c2.Close)
	h1.prefs.RemoveValue(PrefToken) // the second officer has no saved session
	c2.Start()
	c2.Login.Username.SetText("petugas2")
	c2.Login.Password.SetText(servertest.OfficerPassword)
	c2.cfg.CounterID = "loket-2"
	test.Tap(c2.Login.Submit)
	h1.wait("the second desk", func() bool { return c2.Desk != nil && c2.Desk.hasView && !c2.Desk.busy })

	d1, d2 := h1.c.Desk, c2.Desk
	test.Tap(d1.CallNext)
	test.Tap(d2.CallNext)
	h1.wait("both calls", func() bool {
		return h1.c.sess.inFlight == 0 && c2.sess.inFlight == 0 && !d1.busy && !d2.busy
	})
	if d1.view.Current == nil || d2.view.Current == nil {
		t.Fatalf("both should have a ticket: %q %q", d1.Number.Text, d2.Number.Text)
	}
	if d1.Number.Text == d2.Number.Text {
		t.Errorf("both counters got %q", d1.Number.Text)
	}
}

// The site file's no-show delay and agency colour reach the console
// through the real catalog; the no-show goes to the server after its undo
// time.
func TestRealServerNoShowDelayAndAgencyColourFromSite(t *testing.T) {
	srv := servertest.Start(t, servertest.WithSite(func(f *config.File) {
		f.Site.NoShowAfterSeconds = 2
		for i := range f.Agencies {
			if f.Agencies[i].ID == "disdukcapil" {
				f.Agencies[i].Color = "#123456"
			}
		}
	}))
	h, _ := realHarness(t, srv, true)
	tk := issue(t, srv, "ktp-el", api.PriorityPregnant)
	h.c.Start()
	h.login("petugas1", servertest.OfficerPassword)
	h.wait("the catalog", func() bool { return h.c.sess.catalog != nil })
	d := h.c.Desk
	if got := h.c.NoShowAfter(); got != 2*time.Second {
		t.Fatalf("NoShowAfter = %v, want the site's 2 s", got)
	}
	if got := d.SignBg.FillColor; got != (color.NRGBA{R: 0x12, G: 0x34, B: 0x56, A: 0xFF}) {
		t.Errorf("sign colour %v, want the site's #123456", got)
	}
	h.tap(d.CallNext)
	if d.Number.Text != tk.Number || d.Priority.Text != "Prioritas: Ibu hamil" || !d.Start.Visible() {
		t.Fatalf("called %q (%q), start visible %v", d.Number.Text, d.Priority.Text, d.Start.Visible())
	}
	if !d.NoShow.Disabled() {
		t.Fatal("no-show must wait for the site's delay")
	}
	h.wait("the site's delay", func() bool { return !d.NoShow.Disabled() }) // ~2 s on the real clock
	test.Tap(d.NoShow)
	h.pump.drain()
	if h.c.pending == nil {
		t.Fatal("no undo time")
	}
	if got, _ := srv.Client("").Ticket(context.Background(), tk.ID); got.State != api.StateCalled {
		t.Fatalf("the server heard of it before the undo time: %q", got.State)
	}
	h.settle()
	if got, _ := srv.Client("").Ticket(context.Background(), tk.ID); got.State != api.StateNoShow {
		t.Errorf("server state %q after the undo time", got.State)
	}
	if d.Message.Text != tk.Number+" dicatat tidak hadir" || !strings.Contains(d.Today.Text, "1 tidak hadir") {
		t.Errorf("message %q today %q", d.Message.Text, d.Today.Text)
	}
}

// Finish & call next against the real server: one press, two writes.
func TestRealServerFinishAndCallNext(t *testing.T) {
	srv := servertest.Start(t)
	h, _ := realHarness(t, srv, false)
	a := issue(t, srv, "ktp-el", api.PriorityNone)
	b := issue(t, srv, "ktp-el", api.PriorityNone)
	h.c.Start()
	h.login("petugas1", servertest.OfficerPassword)
	d := h.c.Desk
	h.key(fyne.KeyF1)
	h.key(fyne.KeyF3)
	h.key(fyne.KeyF8)
	if d.Number.Text != b.Number || d.Message.Text != a.Number+" selesai · Memanggil "+b.Number {
		t.Errorf("after F8: %q %q", d.Number.Text, d.Message.Text)
	}
	if got, _ := srv.Client("").Ticket(context.Background(), a.ID); got.State != api.StateDone {
		t.Errorf("first ticket %q", got.State)
	}
}

// The real server's counter view keeps the priority classes as issued and
// lists the counter's own line in call order: the console shows both.
func TestRealServerWaitingLineWithClasses(t *testing.T) {
	srv := servertest.Start(t)
	h, _ := realHarness(t, srv, true)
	want := map[string]string{}
	for _, p := range []api.Priority{api.PriorityElderly, api.PriorityDisability, api.PriorityPregnant, api.PriorityNone} {
		tk := issue(t, srv, "ktp-el", p)
		want[tk.Number] = i18n.PriorityShort(i18n.ID, p)
	}
	h.c.Start()
	h.login("petugas1", servertest.OfficerPassword)
	d := h.c.Desk
	if len(d.Waiting.Cells) != 4 {
		t.Fatalf("%d cells", len(d.Waiting.Cells))
	}
	for _, c := range d.Waiting.Cells {
		if c.Class != want[c.Ticket.Number] {
			t.Errorf("%s shows %q, issued as %q", c.Ticket.Number, c.Class, want[c.Ticket.Number])
		}
	}
	// The first cell is the one call-next takes.
	first := d.Waiting.Cells[0].Ticket.Number
	h.tap(d.CallNext)
	if d.Number.Text != first {
		t.Errorf("the list put %s first, call-next took %s", first, d.Number.Text)
	}
}
