package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"antrean/server/config"
	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
	"antrean/shared/stream"
)

// Visits over HTTP: the event contract, the phone stream following the
// steps, officers' notes kept off every public path, route edits, returns
// and the visit report.

// eventLog keeps every event a display's stream receives, raw.
type eventLog struct {
	mu  sync.Mutex
	evs []api.Event
}

func (l *eventLog) add(ev api.Event) {
	l.mu.Lock()
	l.evs = append(l.evs, ev)
	l.mu.Unlock()
}

// of returns the types of events about ticket id, in order.
func (l *eventLog) of(id string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, e := range l.evs {
		d, err := e.Decode()
		if err == nil && d.Ticket != nil && d.Ticket.ID == id {
			out = append(out, string(e.Type))
		}
	}
	return out
}

func (l *eventLog) wait(t *testing.T, what string, ok func([]api.Event) bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		l.mu.Lock()
		evs := append([]api.Event(nil), l.evs...)
		l.mu.Unlock()
		if ok(evs) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no %s on the display's stream", what)
}

func displayStream(t *testing.T, s *servertest.Server) *eventLog {
	t.Helper()
	log := &eventLog{}
	display := s.Client(s.DisplayToken)
	cx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	// The stream resumes from the board it read first: what happened
	// before that is in the board, not in the log. Wait until it is
	// connected, so every event of the test reaches the log.
	connected := make(chan struct{})
	var once sync.Once
	go func() {
		defer close(done)
		stream.Run(cx, stream.Options{BaseURL: s.URL, Token: s.DisplayToken,
			Board:   func(ctx context.Context) (api.Board, error) { return display.Board(ctx, "") },
			OnBoard: func(api.Board) {}, OnEvent: log.add,
			OnState: func(st stream.State) {
				if st == stream.Connected {
					once.Do(func() { close(connected) })
				}
			},
			MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond})
	}()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case <-connected:
	case <-time.After(20 * time.Second):
		t.Fatal("the display's stream did not connect")
	}
	return log
}

func serveStep(t *testing.T, off *client.Client, counter, id string) {
	t.Helper()
	tk, err := off.CallNext(ctx(t), counter)
	if err != nil || tk == nil || tk.ID != id {
		t.Fatalf("call-next at %s: %+v %v", counter, tk, err)
	}
	if _, err := off.Start(ctx(t), id); err != nil {
		t.Fatal(err)
	}
	if _, err := off.Finish(ctx(t), id); err != nil {
		t.Fatal(err)
	}
}

func TestVisitEventsAndPhoneStream(t *testing.T) {
	s := servertest.Start(t)
	log := displayStream(t, s)
	v, err := s.Kiosk().IssueTicket(ctx(t), api.IssueRequest{ServiceIDs: []string{"ktp-el", "sim", "jkn"}}, client.NewIdempotencyKey())
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Route) != 3 || v.StatusURL == "" || !v.Route[0].Current || v.Route[1].State != api.StatePending {
		t.Fatalf("issued %+v", v)
	}
	phone := openTicketStream(t, s.URL+"/v1/tickets/"+v.ID+"/events")
	phone.next(t, "the first view", func(tk api.Ticket) bool { return tk.ServiceID == "ktp-el" })

	serveStep(t, s.Officer("petugas1", "loket-1"), "loket-1", v.ID)
	got := phone.next(t, "step 2 waiting", func(tk api.Ticket) bool { return tk.ServiceID == "sim" })
	if got.ID != v.ID || got.Step != 1 || got.State != api.StateWaiting || got.Route[0].State != api.StateDone || !got.Route[1].Current {
		t.Fatalf("phone after step 1 %+v", got)
	}
	serveStep(t, s.Officer("petugas6", "loket-7"), "loket-7", v.ID)
	phone.next(t, "step 3", func(tk api.Ticket) bool { return tk.ServiceID == "jkn" })
	serveStep(t, s.Officer("petugas8", "loket-10"), "loket-10", v.ID)
	phone.next(t, "the end", func(tk api.Ticket) bool { return tk.ServiceID == "jkn" && tk.State == api.StateDone })

	want := "ticket.issued ticket.called ticket.serving ticket.done ticket.routed " +
		"ticket.called ticket.serving ticket.done ticket.routed ticket.called ticket.serving ticket.done"
	log.wait(t, "the whole visit", func([]api.Event) bool { return len(log.of(v.ID)) >= 12 })
	if got := strings.Join(log.of(v.ID), " "); got != want {
		t.Fatalf("events of the visit:\n%s\nwant\n%s", got, want)
	}
	// The display calls the same number at each step's counter.
	log.mu.Lock()
	var calls []string
	for _, e := range log.evs {
		if e.Type == api.EventTicketCalled {
			d, _ := e.Decode()
			calls = append(calls, fmt.Sprintf("%s@%d", d.Call.Number, d.Call.CounterNumber))
		}
	}
	log.mu.Unlock()
	if strings.Join(calls, " ") != "A-001@1 A-001@7 A-001@10" {
		t.Fatalf("calls %q", calls)
	}
	admin := s.Client("")
	if _, err := admin.Login(ctx(t), api.SessionRequest{Username: servertest.AdminUser, Password: servertest.AdminPassword}); err != nil {
		t.Fatal(err)
	}
	rep, err := admin.VisitReport(ctx(t), "", "")
	if err != nil || rep.Total.Visits != 1 || rep.Total.Completed != 1 || len(rep.Rows) != 1 || rep.Rows[0].Key != "3" || rep.Rows[0].StepsDone != 3 {
		t.Fatalf("visit report %+v %v", rep, err)
	}
	res, body := getAuth(t, s.URL+"/v1/reports/visits?format=csv", admin.Token())
	if res.StatusCode != 200 || !strings.HasPrefix(body, "key,name,visits,steps,steps_done,") || !strings.Contains(body, "\n3,3 layanan,1,3,3,") {
		t.Fatalf("csv %d\n%s", res.StatusCode, body)
	}
}

func getAuth(t *testing.T, url, token string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// Notes: officers only. The text never reaches the board, the event
// stream, the ticket's public view, its phone page or its phone stream.
func TestVisitNotesStayWithOfficers(t *testing.T) {
	s := servertest.Start(t)
	log := displayStream(t, s)
	v, err := s.Kiosk().IssueTicket(ctx(t), api.IssueRequest{ServiceIDs: []string{"ktp-el", "sim"}}, client.NewIdempotencyKey())
	if err != nil {
		t.Fatal(err)
	}
	phone := openTicketStream(t, s.URL+"/v1/tickets/"+v.ID+"/events")
	var phoneRaw []string
	var prMu sync.Mutex
	off1 := s.Officer("petugas1", "loket-1")
	serveStep(t, off1, "loket-1", v.ID)
	const secret = "Dokumen KK asli tertinggal — RAHASIA-4821"
	n, err := off1.AddNote(ctx(t), v.ID, secret)
	if err != nil || n.Text != secret {
		t.Fatalf("note %+v %v", n, err)
	}
	off7 := s.Officer("petugas6", "loket-7")
	if _, err := off7.CallNext(ctx(t), "loket-7"); err != nil {
		t.Fatal(err)
	}
	view, err := off7.Counter(ctx(t), "loket-7")
	if err != nil || view.CurrentVisit == nil || len(view.CurrentVisit.Notes) != 1 || view.CurrentVisit.Notes[0].Text != secret {
		t.Fatalf("next officer's view %+v %v", view.CurrentVisit, err)
	}
	visit, err := off7.Visit(ctx(t), v.ID)
	if err != nil || len(visit.Notes) != 1 || len(visit.Rows) != 2 {
		t.Fatalf("visit %+v %v", visit, err)
	}
	// Who may not read or write them.
	for _, c := range []*client.Client{s.Kiosk(), s.Client(s.DisplayToken), s.Client("")} {
		_, err := c.Visit(ctx(t), v.ID)
		if code := api.CodeOf(err); code != api.CodeForbidden && code != api.CodeUnauthorized {
			t.Fatalf("visit read by a non-officer: %v", err)
		}
		_, err = c.AddNote(ctx(t), v.ID, "x")
		if code := api.CodeOf(err); code != api.CodeForbidden && code != api.CodeUnauthorized {
			t.Fatalf("note by a non-officer: %v", err)
		}
	}
	stranger := s.Officer("petugas9", "loket-11")
	_, err = stranger.Visit(ctx(t), v.ID)
	wantCode(t, err, api.CodeForbidden)
	if _, err := off7.Start(ctx(t), v.ID); err != nil {
		t.Fatal(err)
	}
	// Collect what the phone stream sent meanwhile.
	deadline := time.After(2 * time.Second)
collect:
	for {
		select {
		case ev, ok := <-phone.C:
			if !ok {
				break collect
			}
			prMu.Lock()
			phoneRaw = append(phoneRaw, ev[1])
			prMu.Unlock()
			var tk api.Ticket
			json.Unmarshal([]byte(ev[1]), &tk)
			if tk.State == api.StateServing {
				break collect
			}
		case <-deadline:
			break collect
		}
	}
	_, pub := get(t, s.URL+"/v1/tickets/"+v.ID)
	_, page := get(t, s.URL+"/t/"+v.ID)
	_, board := getAuth(t, s.URL+"/v1/board", s.DisplayToken)
	_, survey := get(t, s.URL+"/v1/tickets/"+v.ID+"/survey")
	log.wait(t, "the serving event", func(evs []api.Event) bool { return len(evs) > 0 && evs[len(evs)-1].Type == api.EventTicketServing })
	log.mu.Lock()
	var events []string
	for _, e := range log.evs {
		events = append(events, string(e.Data))
	}
	log.mu.Unlock()
	for what, texts := range map[string][]string{"public ticket": {pub}, "phone page": {page}, "board": {board},
		"display events": events, "phone stream": phoneRaw, "survey status": {survey}} {
		for _, x := range texts {
			if strings.Contains(x, "RAHASIA") {
				t.Fatalf("the note reached the %s: %s", what, x)
			}
		}
	}
	if len(phoneRaw) == 0 || !strings.Contains(pub, `"route"`) {
		t.Fatalf("nothing to check: phone %d, public %s", len(phoneRaw), pub)
	}
}

func TestVisitRouteEditAndReturnOverHTTP(t *testing.T) {
	s := servertest.Start(t)
	k := s.Kiosk()
	v, err := k.IssueTicket(ctx(t), api.IssueRequest{ServiceIDs: []string{"ktp-el", "sim"}}, client.NewIdempotencyKey())
	if err != nil {
		t.Fatal(err)
	}
	off := s.Officer("petugas1", "loket-1")
	if _, err := off.CallNext(ctx(t), "loket-1"); err != nil {
		t.Fatal(err)
	}
	got, err := off.EditRoute(ctx(t), v.ID, 0, []string{"jkn", "sim"})
	if err != nil || len(got.Route) != 3 || got.Route[1].ServiceID != "jkn" || got.StatusURL == "" {
		t.Fatalf("edit %+v %v", got, err)
	}
	_, err = off.EditRoute(ctx(t), v.ID, 1, nil)
	wantCode(t, err, api.CodeConflict)
	// A kiosk cannot edit; it can put a no-show back in line.
	_, err = k.EditRoute(ctx(t), v.ID, 0, nil)
	wantCode(t, err, api.CodeForbidden)
	if _, err := off.NoShow(ctx(t), v.ID); err != nil {
		t.Fatal(err)
	}
	back, err := k.ReturnTicket(ctx(t), v.ID)
	if err != nil || back.ID != v.ID || back.State != api.StateWaiting || back.Origin != api.OriginReturn || len(back.Route) != 3 {
		t.Fatalf("returned %+v %v", back, err)
	}
	_, err = k.ReturnTicket(ctx(t), v.ID)
	wantCode(t, err, api.CodeInvalidState)
	_, err = s.Client(s.DisplayToken).ReturnTicket(ctx(t), v.ID)
	wantCode(t, err, api.CodeForbidden)
}

// A later step that cannot be served today: 409 with the step's service
// in the problem, so the kiosk can say which.
func TestVisitIssueNamesTheStep(t *testing.T) {
	s := servertest.Start(t, servertest.WithSite(func(f *config.File) {
		for i := range f.Services {
			if f.Services[i].ID == "jkn" {
				f.Services[i].Active = false
			}
		}
	}))
	req, _ := http.NewRequest("POST", s.URL+"/v1/tickets", strings.NewReader(`{"service_ids":["ktp-el","jkn"]}`))
	req.Header.Set("Authorization", "Bearer "+s.KioskToken)
	req.Header.Set("Idempotency-Key", "k1")
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var p api.Problem
	json.NewDecoder(res.Body).Decode(&p)
	if res.StatusCode != 409 || p.Code != api.CodeServiceClosed || p.Reason != api.ReasonInactive || p.ServiceID != "jkn" {
		t.Fatalf("%d %+v", res.StatusCode, p)
	}
	_, err = s.Kiosk().IssueTicket(ctx(t), api.IssueRequest{ServiceIDs: []string{"ktp-el", "jkn"}}, client.NewIdempotencyKey())
	if e, ok := err.(*api.Error); !ok || e.ServiceID != "jkn" {
		t.Fatalf("client error %#v", err)
	}
}

// The phone page of a visit: the route with the current step highlighted,
// following each step live; each finished step may be rated.
func TestVisitPhonePageInChromium(t *testing.T) {
	b := startBrowser(t)
	s := servertest.Start(t)
	v, err := s.Kiosk().IssueTicket(ctx(t), api.IssueRequest{ServiceIDs: []string{"ktp-el", "sim", "jkn"}}, client.NewIdempotencyKey())
	if err != nil {
		t.Fatal(err)
	}
	b.call("Page.navigate", map[string]any{"url": s.URL + "/t/" + v.ID}, nil)
	b.waitJS(`document.body.getAttribute("data-live")==="1"`)
	b.waitText("route", "Rute kunjungan Anda")
	current := `(function(){var c=document.querySelector("#route-list .cur");return c?c.textContent:""})()`
	b.waitJS(`document.querySelectorAll("#route-list li").length===3`)
	if got := b.eval(current); !strings.Contains(got, "KTP-el") || !strings.Contains(got, "Sekarang: Menunggu") {
		t.Fatalf("current step %s", got)
	}
	if got := b.eval(`document.querySelectorAll("#route-list li")[2].textContent`); !strings.Contains(got, "Antrean saat ini") && !strings.Contains(got, "Berikutnya") {
		t.Fatalf("pending step %s", got)
	}
	if w := b.eval(`document.documentElement.scrollWidth <= 390`); w != "true" {
		t.Fatal("page wider than the phone")
	}
	b.screenshot("visit-step1")
	serveStep(t, s.Officer("petugas1", "loket-1"), "loket-1", v.ID)
	b.waitJS(`document.querySelector("#route-list .cur") && document.querySelector("#route-list .cur").textContent.indexOf("SIM") >= 0`)
	if got := b.eval(`document.querySelectorAll("#route-list li")[0].textContent`); !strings.Contains(got, "Selesai di Loket 1") {
		t.Fatalf("finished step %s", got)
	}
	b.waitText("service", "Perpanjangan SIM")
	b.waitText("step-of", "Layanan 2 dari 3")
	// The finished step may be rated while the next one waits.
	b.waitText("survey-title", "Beri penilaian: Perekaman & Pencetakan KTP-el")
	b.screenshot("visit-step2")
	off7 := s.Officer("petugas6", "loket-7")
	if _, err := off7.CallNext(ctx(t), "loket-7"); err != nil {
		t.Fatal(err)
	}
	b.waitText("counter", "Loket 7")
	b.waitJS(`document.querySelector("#route-list .cur").textContent.indexOf("Dipanggil · Loket 7") >= 0`)
	b.screenshot("visit-called-step2")
	// English.
	b.eval(`document.getElementById("lang").click()`)
	b.waitText("route", "Your visit")
	b.waitJS(`document.querySelector("#route-list .cur").textContent.indexOf("Now: Called") >= 0`)
}
