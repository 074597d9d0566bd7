package httpapi_test

import (
	"strings"
	"testing"
	"time"

	"antrean/server/queue"
	"antrean/server/serve"
	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
)

// The phone page's conveniences (issue 17.5) in a real Chromium:
// the MPP's hours, coming closures and help number; "Beri tahu saya"
// with sound, vibration and a notification; cancelling one's own
// ticket; the respondent profile; polling when the stream is refused.

// fakeDevices replaces, before any script of the page runs, the browser
// parts a headless test cannot observe: notifications are granted and
// recorded, vibrations and the oscillators of the beep are counted.
const fakeDevices = `window.__notes = []; window.__vibrations = 0; window.__oscillators = 0;
	window.Notification = function (title, opts) { window.__notes.push(title + " | " + (opts && opts.body)); };
	window.Notification.permission = "granted";
	window.Notification.requestPermission = function () { return Promise.resolve("granted"); };
	navigator.vibrate = function () { window.__vibrations++; return true; };
	(function () { var p = AudioContext.prototype, o = p.createOscillator;
		p.createOscillator = function () { window.__oscillators++; return o.call(this); }; })();`

func TestPhonePageConveniences(t *testing.T) {
	clk := queue.NewSteppingClock(time.Date(2026, 12, 28, 10, 0, 0, 0, wib), time.Millisecond) // a Monday
	s := servertest.Start(t, servertest.WithClock(clk))
	b := startChrome(t, 390, 844, true)
	b.call("Page.addScriptToEvaluateOnNewDocument", map[string]any{"source": fakeDevices}, nil)
	k := s.Kiosk()
	var ahead []api.Ticket
	for range 4 {
		ahead = append(ahead, issue(t, k, "ktp-el"))
	}
	mine := issue(t, k, "ktp-el")

	b.load(s.URL + "/t/" + mine.ID)
	b.waitText("ahead", "4")
	b.waitJS(`document.body.getAttribute("data-live") === "1"`)
	// The MPP's information: hours from the site file, the coming
	// holidays of the calendar, the help number as a link to dial.
	b.waitText("hours", "Senin–Kamis: 08.00–16.00")
	b.waitText("hours", "Jumat: 08.00–16.00 (istirahat 11.30–13.30)")
	b.waitText("hours", "Sabtu–Minggu: tutup")
	b.waitText("closed", "Jumat, 1 Januari 2027 — Libur Nasional: Tahun Baru 2027 Masehi")
	b.waitText("closed", "Selasa, 5 Januari 2027 — Libur Nasional: Isra Mikraj")
	if got := b.str(`document.getElementById("call-center").getAttribute("href")`); got != "tel:0751123456" {
		t.Fatalf("call centre link %q", got)
	}
	b.waitText("call-center", "0751-123456")
	b.tap("#lang")
	b.waitText("hours", "Monday–Thursday: 08:00–16:00")
	b.waitText("closed", "Friday, 1 January 2027 — National holiday: Tahun Baru 2027 Masehi")
	b.tap("#lang")
	b.waitText("hours", "Senin–Kamis")

	// "Beri tahu saya" when two are left.
	if !b.visible("notify") || b.visible("alert") {
		t.Fatal("the reminder card is missing, or an alert shows too early")
	}
	b.eval(`document.getElementById("notify-n").value = "2"`, nil)
	b.tap("#notify-on")
	b.waitText("notify-status", "Pengingat aktif: ponsel berbunyi saat tinggal 2 nomor lagi.")
	b.waitText("notify-on", "Matikan pengingat")
	b.screenshot("phone-notify-armed")
	var n int
	if b.eval(`window.__oscillators`, &n); n != 0 || b.visible("alert") {
		t.Fatalf("signalled with 4 ahead (%d tones)", n)
	}
	off := s.Officer("petugas1", "loket-1")
	for i := range 2 {
		if _, err := off.CallNext(ctx(t), "loket-1"); err != nil {
			t.Fatal(err)
		}
		if _, err := off.NoShow(ctx(t), ahead[i].ID); err != nil {
			t.Fatal(err)
		}
	}
	b.waitText("ahead", "2")
	b.waitText("alert", "Tinggal 2 nomor lagi sebelum Anda — bersiaplah menuju loket.")
	b.waitJS(`window.__oscillators >= 3 && window.__vibrations === 1 && window.__notes.length === 1`)
	if note := b.str(`window.__notes[0]`); !strings.Contains(note, mine.Number) || !strings.Contains(note, "Tinggal 2 nomor lagi") {
		t.Fatalf("notification %q", note)
	}
	b.screenshot("phone-notify-alert")
	// One more call ahead does not signal again; the call itself does.
	if _, err := off.CallNext(ctx(t), "loket-1"); err != nil {
		t.Fatal(err)
	}
	b.waitText("ahead", "1")
	if b.eval(`window.__notes.length`, &n); n != 1 {
		t.Fatalf("%d notifications after a second move", n)
	}
	if _, err := off.NoShow(ctx(t), ahead[2].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := off.CallNext(ctx(t), "loket-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := off.NoShow(ctx(t), ahead[3].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := off.CallNext(ctx(t), "loket-1"); err != nil { // mine
		t.Fatal(err)
	}
	b.waitText("state", "Dipanggil")
	b.waitText("alert", "Nomor Anda dipanggil!")
	b.waitJS(`window.__notes.length === 2 && window.__vibrations === 2`)
	if b.visible("notify") || b.visible("cancel") {
		t.Fatal("reminder and cancel are for waiting tickets only")
	}

	// Cancel my own ticket: asked first, then done; it frees nothing.
	other := issue(t, k, "kk")
	b.load(s.URL + "/t/" + other.ID)
	b.waitText("state", "Menunggu")
	b.tap("#cancel-open")
	b.waitText("cancel-question", "Batalkan nomor "+other.Number+"?")
	b.screenshot("phone-cancel-confirm")
	b.tap("#cancel-no")
	b.waitJS(`document.getElementById("cancel-confirm").closest("[hidden]") !== null`)
	if st, _ := k.Ticket(ctx(t), other.ID); st.State != api.StateWaiting {
		t.Fatalf("cancelled without the yes: %s", st.State)
	}
	b.tap("#cancel-open")
	b.tap("#cancel-yes")
	b.waitText("state", "Dibatalkan")
	b.waitText("final", "Nomor antrean ini telah dibatalkan.")
	if st, _ := k.Ticket(ctx(t), other.ID); st.State != api.StateCancelled {
		t.Fatalf("after yes: %s", st.State)
	}
	next := issue(t, k, "kk")
	if next.Seq != other.Seq+1 {
		t.Fatalf("the cancelled number was given again: %d after %d", next.Seq, other.Seq)
	}
	// The API: a called ticket cannot be cancelled by its holder; an
	// officer's token still cancels as before.
	pub := &adminAPI{t: t, s: s}
	pub.must("POST", "/v1/tickets/"+mine.ID+"/cancel", nil, nil, 409)
	pub.must("POST", "/v1/tickets/nope/cancel", nil, nil, 404)
	if _, err := s.Officer("petugas3", "loket-3").Cancel(ctx(t), next.ID); err != nil {
		t.Fatalf("officer cancel: %v", err)
	}

	// The survey with the respondent profile, from the phone.
	if _, err := off.NoShow(ctx(t), mine.ID); err != nil { // loket-1 is free again
		t.Fatal(err)
	}
	done := s.ServedTicket("ktp-el")
	b.load(s.URL + "/t/" + done.ID)
	b.waitText("survey-title", "Beri penilaian layanan")
	for q := 1; q <= 9; q++ {
		b.tap(`input[name="q` + string(rune('0'+q)) + `"][value="4"]`)
	}
	b.waitJS(`!document.getElementById("survey-send").disabled`)
	b.eval(`document.getElementById("p-sex").value = "p"; document.getElementById("p-occupation").value = "wirausaha"`, nil)
	b.tap("#lang")
	b.waitText("survey", "About you (optional)")
	if got := b.str(`document.querySelector('#p-age option[value="60+"]').textContent`); got != "60 and over" {
		t.Fatalf("age answer in English %q", got)
	}
	b.tap("#lang")
	b.screenshot("phone-survey-profile")
	b.tap("#survey-send")
	b.waitText("survey-done", "Terima kasih")
	var ikm api.IKMReport
	newAdmin(t, s).must("GET", "/v1/reports/ikm", nil, &ikm, 200)
	if ikm.Profile.Sex[1].N != 1 || ikm.Profile.Occupation[4].N != 1 || ikm.Profile.Age[len(ikm.Profile.Age)-1].N != 1 {
		t.Fatalf("profile %+v", ikm.Profile)
	}
	if errs := b.errors("429", "409", "Too Many", "Conflict"); len(errs) > 0 {
		t.Fatalf("page errors: %v", errs)
	}
	if v := b.cspViolations(); len(v) > 0 {
		t.Fatalf("CSP violations: %v", v)
	}
}

// TestPhonePagePollsWhenStreamRefused: with the per-ticket stream full
// (429), the page keeps the ticket current by asking for it.
func TestPhonePagePollsWhenStreamRefused(t *testing.T) {
	s := servertest.Start(t, servertest.WithConfig(func(c *serve.Config) {
		c.TicketStreamsPerTicket = 1
		c.TicketPollEvery = 300 * time.Millisecond
	}))
	k := s.Kiosk()
	first := issue(t, k, "ktp-el")
	mine := issue(t, k, "ktp-el")
	// Another phone holds the only stream of this ticket.
	openTicketStream(t, s.URL+"/v1/tickets/"+mine.ID+"/events")
	time.Sleep(100 * time.Millisecond)
	b := startChrome(t, 390, 844, true)
	b.load(s.URL + "/t/" + mine.ID)
	b.waitJS(`document.body.getAttribute("data-polling") === "1"`)
	b.waitText("ahead", "1")
	off := s.Officer("petugas1", "loket-1")
	if _, err := off.CallNext(ctx(t), "loket-1"); err != nil {
		t.Fatal(err)
	}
	b.waitText("ahead", "0")
	if _, err := off.NoShow(ctx(t), first.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := off.CallNext(ctx(t), "loket-1"); err != nil {
		t.Fatal(err)
	}
	b.waitText("state", "Dipanggil")
	b.waitText("counter", "Loket 1")
	if !strings.Contains(b.str(`document.getElementById("conn").hidden`), "true") {
		t.Fatal("the page says it is offline while polling works")
	}
	// Only the expected refusal of the stream shows in the console.
	// (Chromium refuses to vibrate a phone nobody touched: said, not an error.)
	if errs := b.errors("429", "Too Many", "navigator.vibrate"); len(errs) > 0 {
		t.Fatalf("page errors: %v", errs)
	}
	_ = client.NewIdempotencyKey
}
