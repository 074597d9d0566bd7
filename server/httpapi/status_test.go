package httpapi_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"antrean/server/servertest"
	"antrean/shared/api"
)

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

func TestStatusPage(t *testing.T) {
	s := servertest.Start(t)
	k := s.Kiosk()
	issue(t, k, "ktp-el")
	tk := issue(t, k, "ktp-el")

	res, body := get(t, s.URL+"/t/"+tk.ID)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	for _, want := range []string{tk.Number, "Menunggu", "Orang di depan Anda", `<dd id="ahead">1</dd>`,
		html.EscapeString(tk.ServiceName), html.EscapeString(tk.AgencyName), `name="viewport"`, "<noscript>", "new EventSource("} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// No external resources: nothing loads from another origin.
	if m := regexp.MustCompile(`(?i)(src|href)="(https?:)?//`).FindString(body); m != "" {
		t.Errorf("external resource: %s", m)
	}
	// The inline script and style carry the nonce the CSP allows, and the
	// CSP allows nothing else.
	csp := res.Header.Get("Content-Security-Policy")
	m := regexp.MustCompile(`script-src 'nonce-([A-Za-z0-9_-]+)'`).FindStringSubmatch(csp)
	if m == nil || !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "unsafe-inline") {
		t.Fatalf("CSP %q", csp)
	}
	if n := strings.Count(body, `nonce="`+m[1]+`"`); n != 2 {
		t.Errorf("want script and style with the CSP nonce, found %d", n)
	}
	if strings.Count(body, "<script") != 1 || strings.Contains(body, " style=") {
		t.Error("only the one nonced script and no style attributes (the CSP would block them)")
	}
	_, again := get(t, s.URL+"/t/"+tk.ID)
	if again == body {
		t.Error("the nonce must change per response")
	}

	res, body = get(t, s.URL+"/t/no-such-ticket")
	if res.StatusCode != 404 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(body, "tidak ditemukan") {
		t.Fatalf("unknown id: %d %q\n%s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	// The id from the link is never echoed raw into the page.
	res, body = get(t, s.URL+"/t/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
	if res.StatusCode != 404 || strings.Contains(body, "<script>alert") {
		t.Fatalf("hostile id: %d\n%s", res.StatusCode, body)
	}
}

// sse reads `event:`/`data:` frames from a stream into a channel.
type sse struct {
	C   chan [2]string // event type, data
	res *http.Response
}

func openTicketStream(t *testing.T, url string) *sse {
	t.Helper()
	c, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(c, "GET", url, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	st := &sse{C: make(chan [2]string, 64), res: res}
	done := make(chan struct{})
	t.Cleanup(func() { cancel(); res.Body.Close(); <-done })
	go func() {
		defer close(done)
		defer close(st.C)
		sc := bufio.NewScanner(res.Body)
		var typ, data string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if typ != "" || data != "" {
					st.C <- [2]string{typ, data}
				}
				typ, data = "", ""
			case strings.HasPrefix(line, "event: "):
				typ = line[7:]
			case strings.HasPrefix(line, "data: "):
				data += line[6:]
			}
		}
	}()
	return st
}

// next waits for a ticket event that satisfies ok, checking every payload
// on the way for staff identities.
func (st *sse) next(t *testing.T, what string, ok func(api.Ticket) bool) api.Ticket {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case ev, open := <-st.C:
			if !open {
				t.Fatalf("stream ended while waiting for %s", what)
			}
			if ev[0] != "ticket" {
				t.Fatalf("unexpected event %q", ev[0])
			}
			var raw map[string]any
			if err := json.Unmarshal([]byte(ev[1]), &raw); err != nil {
				t.Fatalf("bad data %q: %v", ev[1], err)
			}
			if v, has := raw["officer_id"]; has && v != "" {
				t.Fatalf("officer_id leaked: %s", ev[1])
			}
			var tk api.Ticket
			json.Unmarshal([]byte(ev[1]), &tk)
			if ok(tk) {
				return tk
			}
		case <-deadline:
			t.Fatalf("no ticket event with %s within 10s", what)
		}
	}
}

func TestTicketEventsFollowCallAndTransfer(t *testing.T) {
	s := servertest.Start(t)
	k := s.Kiosk()
	first := issue(t, k, "ktp-el")
	mine := issue(t, k, "ktp-el")
	off := s.Officer("petugas1", "loket-1")

	res, err := http.Get(s.URL + "/v1/tickets/nope/events")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 404 || res.Header.Get("Content-Type") != api.ProblemContentType {
		t.Fatalf("unknown id: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}

	st := openTicketStream(t, s.URL+"/v1/tickets/"+mine.ID+"/events")
	if ct := st.res.Header.Get("Content-Type"); st.res.StatusCode != 200 || ct != "text/event-stream" {
		t.Fatalf("stream: %d %q", st.res.StatusCode, ct)
	}
	got := st.next(t, "the initial view", func(api.Ticket) bool { return true })
	if got.ID != mine.ID || got.State != api.StateWaiting || got.PeopleAhead != 1 {
		t.Fatalf("initial view %+v", got)
	}

	// Someone else is called: my place moves up.
	called, err := off.CallNext(ctx(t), "loket-1")
	if err != nil || called.ID != first.ID {
		t.Fatalf("call next: %v %v", called, err)
	}
	st.next(t, "people_ahead 0", func(tk api.Ticket) bool { return tk.State == api.StateWaiting && tk.PeopleAhead == 0 })

	if _, err := off.NoShow(ctx(t), first.ID); err != nil {
		t.Fatal(err)
	}
	if called, err = off.CallNext(ctx(t), "loket-1"); err != nil || called.ID != mine.ID {
		t.Fatalf("call next: %v %v", called, err)
	}
	got = st.next(t, `state "called"`, func(tk api.Ticket) bool { return tk.State == api.StateCalled })
	if got.CounterNumber != 1 || !strings.HasPrefix(got.CounterName, "Loket 1") || got.ID != mine.ID {
		t.Fatalf("called view %+v", got)
	}

	// Transferred: the stream follows the new ticket under the same link.
	moved, err := off.Transfer(ctx(t), mine.ID, "akta")
	if err != nil {
		t.Fatal(err)
	}
	got = st.next(t, "the transferred ticket", func(tk api.Ticket) bool { return tk.ID != mine.ID })
	if got.ID != moved.ID || got.TransferredFrom != mine.ID || got.ServiceID != "akta" || got.State != api.StateWaiting || got.Number != mine.Number {
		t.Fatalf("after transfer %+v", got)
	}
	// …and keeps following it: the akta counter calls it.
	off3 := s.Officer("petugas3", "loket-3")
	if called, err = off3.CallNext(ctx(t), "loket-3"); err != nil || called.ID != moved.ID {
		t.Fatalf("call at loket-3: %v %v", called, err)
	}
	got = st.next(t, "called at loket 3", func(tk api.Ticket) bool { return tk.State == api.StateCalled })
	if got.ID != moved.ID || got.CounterNumber != 3 {
		t.Fatalf("called after transfer %+v", got)
	}

	// A fresh connection on the old link starts at the new ticket, and
	// the page for the old link shows it too.
	st2 := openTicketStream(t, s.URL+"/v1/tickets/"+mine.ID+"/events")
	if got = st2.next(t, "initial view", func(api.Ticket) bool { return true }); got.ID != moved.ID {
		t.Fatalf("old link streams %+v", got)
	}
	_, body := get(t, s.URL+"/t/"+mine.ID)
	if !strings.Contains(body, "Loket 3") || !strings.Contains(body, "Dipanggil") {
		t.Fatalf("page of the old link does not show the call at loket 3:\n%s", body)
	}
}

// TestTicketEventsKeepAliveAndShutdown: idle streams get comments and end
// when the server closes.
func TestTicketEventsKeepAliveAndShutdown(t *testing.T) {
	s := servertest.Start(t, servertest.WithKeepAlive(100*time.Millisecond))
	tk := issue(t, s.Kiosk(), "kk")
	res, err := http.Get(s.URL + "/v1/tickets/" + tk.ID + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	r := bufio.NewReader(res.Body)
	deadline := time.Now().Add(5 * time.Second)
	for {
		line, err := r.ReadString('\n')
		if err != nil || time.Now().After(deadline) {
			t.Fatalf("no keep-alive: %v", err)
		}
		if strings.HasPrefix(line, ": keep-alive") {
			break
		}
	}
	ended := make(chan error, 1)
	go func() { _, err := io.Copy(io.Discard, r); ended <- err }()
	s.Instance.Handler.Close()
	select {
	case <-ended:
	case <-time.After(5 * time.Second):
		t.Fatal("stream did not end on shutdown")
	}
}

// ---- real Chromium, driven over the DevTools protocol on a pipe ----

const chromiumPath = "/usr/bin/chromium"

// browser is one headless Chromium with a page attached. The DevTools
// protocol runs over --remote-debugging-pipe (fd 3 in, fd 4 out,
// NUL-terminated JSON), so no websocket client is needed.
// browser is the phone-sized Chromium of the status, booking and visit
// page tests: the shared CDP client (chromium_ops_test.go) with the
// string-valued eval and the 390×844 checks these tests were written with.
type browser struct{ *chrome }

type cdpReply struct {
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error"`
}

func startBrowser(t *testing.T) *browser {
	t.Helper()
	return &browser{startChrome(t, 390, 844, true)}
}

func (b *browser) eval(expr string) string {
	b.t.Helper()
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	b.call("Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &r)
	if r.Exception != nil {
		b.t.Fatalf("eval %s: %s", expr, r.Exception.Text)
	}
	return string(r.Result.Value)
}

// waitText waits until the element's visible text contains want.
func (b *browser) waitText(id, want string) {
	b.t.Helper()
	expr := fmt.Sprintf(`(function(){var e=document.getElementById(%q);return e&&!e.closest("[hidden]")?e.textContent:""})()`, id)
	deadline := time.Now().Add(8 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		var s string
		last = b.eval(expr)
		json.Unmarshal([]byte(last), &s)
		if strings.Contains(s, want) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatalf("#%s never showed %q (last %s); page text:\n%s", id, want, last, b.eval("document.body.innerText"))
}

// visible reports whether the element exists and no ancestor is hidden.
func (b *browser) visible(id string) bool {
	b.t.Helper()
	return b.eval(fmt.Sprintf(`(function(){var e=document.getElementById(%q);return !!e&&!e.closest("[hidden]")})()`, id)) == "true"
}

// waitJS waits until a JS expression is true.
func (b *browser) waitJS(expr string) {
	b.t.Helper()
	full := "(function(){try{return !!(" + expr + ")}catch(e){return false}})()"
	deadline := time.Now().Add(8 * time.Second)
	for b.eval(full) != "true" {
		if time.Now().After(deadline) {
			b.t.Fatalf("never true: %s; page text:\n%s", expr, b.eval("document.body ? document.body.innerText : ''"))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// screenshot captures the viewport, checks it is a 390 px wide PNG, and
// keeps it in $STATUS_SCREENSHOTS when set (for a human to look at).
func (b *browser) screenshot(name string) {
	b.t.Helper()
	var r struct {
		Data string `json:"data"`
	}
	b.call("Page.captureScreenshot", map[string]any{"format": "png"}, &r)
	raw, err := base64.StdEncoding.DecodeString(r.Data)
	if err != nil {
		b.t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if sz := img.Bounds().Size(); sz.X != 390 || sz.Y != 844 || len(raw) < 5000 {
		b.t.Fatalf("screenshot %s: %v, %d bytes", name, sz, len(raw))
	}
	if dir := os.Getenv("STATUS_SCREENSHOTS"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name+".png"), raw, 0o644); err != nil {
			b.t.Fatal(err)
		}
	}
}

// answerSurvey taps answer want[i] for the elements from+1, from+2, ….
func (b *browser) answerSurvey(from int, want []int) {
	b.t.Helper()
	for i, a := range want {
		q := from + i + 1
		b.tap(fmt.Sprintf(`input[name="q%d"][value="%d"]`, q, a))
		b.waitJS(fmt.Sprintf(`document.querySelector('input[name="q%d"][value="%d"]').checked`, q, a))
	}
}

func TestStatusPageInChromium(t *testing.T) {
	b := startBrowser(t)
	s := servertest.Start(t)
	k := s.Kiosk()
	first := issue(t, k, "ktp-el")
	mine := issue(t, k, "ktp-el")
	off := s.Officer("petugas1", "loket-1")

	b.call("Page.navigate", map[string]any{"url": s.URL + "/t/" + mine.ID}, nil)
	b.waitText("number", mine.Number)
	b.waitText("state", "Menunggu")
	b.waitText("ahead", "1")
	b.waitText("wait", "menit")
	// The script ran (the CSP nonce let it) and the stream is connected.
	b.waitJS(`document.body.getAttribute("data-live")==="1" && document.getElementById("conn").hidden`)
	// The style sheet applied too: the number is big, and nothing is wider
	// than the phone.
	var px float64
	json.Unmarshal([]byte(b.eval(`parseFloat(getComputedStyle(document.getElementById("number")).fontSize)`)), &px)
	if px < 60 {
		t.Fatalf("number font size %v px: the inline style was blocked", px)
	}
	if w := b.eval(`document.documentElement.scrollWidth <= 390`); w != "true" {
		t.Fatalf("page wider than 390 px: %s", b.eval(`document.documentElement.scrollWidth`))
	}
	if h := b.eval(`document.getElementById("call").hidden`); h != "true" {
		t.Fatal("the call box shows before the call")
	}
	b.screenshot("status-waiting")

	// English toggle, remembered in localStorage.
	b.eval(`document.getElementById("lang").click()`)
	b.waitText("state", "Waiting")
	b.waitText("queue", "People ahead of you")
	if v := b.eval(`localStorage.getItem("antrean.lang")`); v != `"en"` {
		t.Fatalf("language not remembered: %s", v)
	}
	// The smallest common phone width: still nothing sticks out.
	b.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": 360, "height": 640, "deviceScaleFactor": 1, "mobile": true}, nil)
	b.waitJS(`innerWidth === 360`)
	if w := b.eval(`document.documentElement.scrollWidth`); w != "360" {
		t.Fatalf("page is %s px wide at 360", w)
	}
	b.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true}, nil)
	b.eval(`window.oldPage = true`)
	b.call("Page.reload", map[string]any{}, nil)
	b.waitJS(`!window.oldPage && document.readyState === "complete"`)
	b.waitText("state", "Waiting")
	b.eval(`document.getElementById("lang").click()`)
	b.waitText("state", "Menunggu")

	// Live: the person ahead is called, then it is my turn.
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
	b.waitText("call", "Silakan menuju")
	b.waitText("counter", "Loket 1")
	if h := b.eval(`document.getElementById("queue").hidden`); h != "true" {
		t.Fatal("the queue box still shows after the call")
	}
	b.screenshot("status-called")

	if _, err := off.Start(ctx(t), mine.ID); err != nil {
		t.Fatal(err)
	}
	b.waitText("state", "Sedang dilayani")
	b.waitText("call", "Anda sedang dilayani di")
	if _, err := off.Finish(ctx(t), mine.ID); err != nil {
		t.Fatal(err)
	}
	b.waitText("state", "Selesai")
	b.waitText("final", "Terima kasih")

	// The SKM survey: the page asks the server once the service is
	// finished and shows the nine elements from shared/api.
	b.waitText("survey-title", "Beri penilaian layanan")
	for _, name := range api.SKMElements {
		b.waitText("survey", name)
	}
	for _, word := range []string{"Tidak baik", "Kurang baik", "Sangat baik"} {
		b.waitText("survey", word)
	}
	if n := b.eval(`document.querySelectorAll('#survey input[type=radio]').length`); n != "36" {
		t.Fatalf("%s answer buttons, want 9×4", n)
	}
	var minH float64
	json.Unmarshal([]byte(b.eval(`Math.min.apply(null, Array.prototype.map.call(document.querySelectorAll("#survey .opt"),
		function (e) { return e.getBoundingClientRect().height; }))`)), &minH)
	if minH < 48 {
		t.Fatalf("answer buttons are %v px high: too small for a thumb", minH)
	}
	sendDisabled := func() string { return b.eval(`document.getElementById("survey-send").disabled`) }
	if sendDisabled() != "true" {
		t.Fatal("send is enabled before any answer")
	}
	want := []int{4, 3, 2, 1, 4, 3, 4, 2, 3}
	b.answerSurvey(0, want[:8])
	b.waitText("survey-progress", "8 dari 9")
	b.tap("#survey-send") // disabled: nothing happens
	if sendDisabled() != "true" || !b.visible("survey") {
		t.Fatal("send must stay disabled with one element unanswered")
	}
	b.answerSurvey(8, want[8:])
	b.waitJS(`!document.getElementById("survey-send").disabled`)
	// The comment: typed for real, counted, capped.
	b.tap("#survey-comment")
	b.call("Input.insertText", map[string]any{"text": "Petugas ramah, antrean cepat."}, nil)
	b.waitText("survey-count", "29/500")
	if v := b.eval(`document.getElementById("survey-comment").maxLength`); v != "500" {
		t.Fatalf("comment maxlength %s", v)
	}
	// English labels come from the same Go list.
	b.eval(`document.getElementById("lang").click()`)
	b.waitText("survey-title", "Rate this service")
	b.waitText("survey", api.SKMElementsEN[7])
	b.waitText("survey", "Very good")
	b.eval(`document.getElementById("lang").click()`)
	b.waitText("survey-title", "Beri penilaian layanan")
	b.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": 360, "height": 640, "deviceScaleFactor": 1, "mobile": true}, nil)
	b.waitJS(`innerWidth === 360`)
	if w := b.eval(`document.documentElement.scrollWidth`); w != "360" {
		t.Fatalf("survey page is %s px wide at 360", w)
	}
	b.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true}, nil)
	b.waitJS(`innerWidth === 390`)
	b.eval(`document.getElementById("survey").scrollIntoView()`)
	b.screenshot("survey-form")

	b.tap("#survey-send")
	b.waitText("survey-done", "Terima kasih atas penilaian Anda")
	if b.visible("survey") {
		t.Fatal("the form still shows after sending")
	}
	pub := &adminAPI{t: t, s: s}
	var st api.SurveyStatus
	pub.must("GET", "/v1/tickets/"+mine.ID+"/survey", nil, &st, 200)
	if !st.Answered || st.CanAnswer {
		t.Fatalf("after sending from the page: %+v", st)
	}
	// The answers arrived in element order: one respondent's IKM row is
	// exactly what was tapped.
	var ikm api.IKMReport
	newAdmin(t, s).must("GET", "/v1/reports/ikm", nil, &ikm, 200)
	if ikm.Total.Respondents != 1 {
		t.Fatalf("IKM respondents %d", ikm.Total.Respondents)
	}
	for i, a := range want {
		if ikm.Total.Elements[i] != float64(a) {
			t.Fatalf("element %d (%s) stored %v, tapped %d", i+1, api.SKMElements[i], ikm.Total.Elements[i], a)
		}
	}
	// Reloading shows no form again.
	b.eval(`window.oldPage = true`)
	b.call("Page.reload", map[string]any{}, nil)
	b.waitJS(`!window.oldPage && document.readyState === "complete"`)
	b.waitText("survey-done", "Anda sudah memberi penilaian")
	if b.visible("survey") {
		t.Fatal("the form shows again after a reload")
	}

	// Another finished ticket: errors read plainly, and a survey already
	// sent elsewhere (the kiosk, another tab) ends in a friendly 409.
	other := issue(t, k, "ktp-el")
	if _, err := off.CallNext(ctx(t), "loket-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := off.Start(ctx(t), other.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := off.Finish(ctx(t), other.ID); err != nil {
		t.Fatal(err)
	}
	b.call("Page.navigate", map[string]any{"url": s.URL + "/t/" + other.ID}, nil)
	b.waitText("survey-title", "Beri penilaian layanan")
	b.answerSurvey(0, all(3))
	b.eval(`document.querySelector('input[name="q5"]:checked').value = "7"`) // the server refuses it
	b.tap("#survey-send")
	b.waitText("survey-error", "tidak valid")
	if !b.visible("survey") {
		t.Fatal("the form must stay after an error")
	}
	b.eval(`document.querySelector('input[name="q5"]:checked').value = "3"`)
	pub.must("POST", "/v1/tickets/"+other.ID+"/survey", api.SurveyRequest{Answers: all(2)}, nil, 201)
	b.tap("#survey-send")
	b.waitText("survey-done", "Anda sudah memberi penilaian. Terima kasih!")
	if b.visible("survey") || b.visible("survey-error") {
		t.Fatal("after a conflict the form and the error must go")
	}

	// Unknown ticket: the friendly Indonesian 404 page.
	b.call("Page.navigate", map[string]any{"url": s.URL + "/t/tidak-ada"}, nil)
	b.waitJS(`document.body.innerText.indexOf("tidak ditemukan") >= 0`)
}
