package httpapi_test

// Headless Chromium for the pages of issue 17 (the admin page's charts,
// the printable SKM report, the phone page's conveniences): the approach
// of status_test.go and server/charts/chromium_test.go, with any window
// size, console and CSP error collection, screenshots and PDFs kept in
// $ANTREAN_ARTIFACTS. One copy among several; to be folded into one
// shared test helper.

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

type chrome struct {
	t       *testing.T
	w       io.Writer
	session string
	width   int
	height  int

	mu      sync.Mutex
	next    int
	pending map[int]chan cdpReply
	errs    []string // console errors, exceptions, error log entries
	dir     string   // artifacts
}

// startChrome starts a headless Chromium showing a page of w×h CSS px
// (mobile: a phone's touch and viewport rules).
func startChrome(t *testing.T, w, h int, mobile bool) *chrome {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skip("chromium not installed at " + chromiumPath)
	}
	inR, inW, _ := os.Pipe()
	outR, outW, _ := os.Pipe()
	dir := t.TempDir()
	cmd := exec.Command(chromiumPath, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--no-first-run", "--no-default-browser-check", "--hide-scrollbars", "--mute-audio",
		"--autoplay-policy=no-user-gesture-required",
		"--user-data-dir="+dir, fmt.Sprintf("--window-size=%d,%d", w, h), "--remote-debugging-pipe", "about:blank")
	cmd.ExtraFiles = []*os.File{inR, outW}
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir, "XDG_CACHE_HOME="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	inR.Close()
	outW.Close()
	b := &chrome{t: t, w: inW, width: w, height: h, pending: map[int]chan cdpReply{}, dir: artifactDir(t)}
	readDone := make(chan struct{})
	go b.read(outR, readDone)
	t.Cleanup(func() {
		inW.Close()
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		outR.Close()
		<-readDone
		if t.Failed() {
			t.Logf("chromium stderr:\n%s", stderr.String())
		}
	})
	var tg struct {
		TargetID string `json:"targetId"`
	}
	b.call("Target.createTarget", map[string]any{"url": "about:blank"}, &tg)
	var at struct {
		SessionID string `json:"sessionId"`
	}
	b.call("Target.attachToTarget", map[string]any{"targetId": tg.TargetID, "flatten": true}, &at)
	b.session = at.SessionID
	b.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": w, "height": h, "deviceScaleFactor": 1, "mobile": mobile}, nil)
	b.call("Runtime.enable", map[string]any{}, nil)
	b.call("Log.enable", map[string]any{}, nil)
	b.call("Page.enable", map[string]any{}, nil)
	// Every CSP violation of every page, counted from its first byte.
	b.call("Page.addScriptToEvaluateOnNewDocument", map[string]any{"source": `window.__csp = [];
		document.addEventListener("securitypolicyviolation", function (e) { window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "") + " " + (e.sample || "")); });`}, nil)
	return b
}

// artifactDir is $ANTREAN_ARTIFACTS/httpapi (CI keeps it), else a temp dir.
func artifactDir(t *testing.T) string {
	dir := os.Getenv("ANTREAN_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	dir = filepath.Join(dir, "httpapi")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func (b *chrome) read(r io.Reader, done chan struct{}) {
	defer close(done)
	br := bufio.NewReader(r)
	for {
		msg, err := br.ReadBytes(0)
		if err != nil {
			return
		}
		var m struct {
			ID     int             `json:"id"`
			Method string          `json:"method"`
			Params json.RawMessage `json:"params"`
			cdpReply
		}
		if json.Unmarshal(msg[:len(msg)-1], &m) != nil {
			continue
		}
		if m.ID == 0 {
			b.event(m.Method, m.Params)
			continue
		}
		b.mu.Lock()
		ch := b.pending[m.ID]
		delete(b.pending, m.ID)
		b.mu.Unlock()
		if ch != nil {
			ch <- m.cdpReply
		}
	}
}

func (b *chrome) event(method string, params json.RawMessage) {
	var line string
	switch method {
	case "Runtime.consoleAPICalled":
		var p struct {
			Type string `json:"type"`
		}
		json.Unmarshal(params, &p)
		if p.Type == "error" {
			line = "console.error: " + string(params)
		}
	case "Runtime.exceptionThrown":
		line = "exception: " + string(params)
	case "Log.entryAdded":
		var p struct {
			Entry struct{ Level, Source, Text, URL string } `json:"entry"`
		}
		json.Unmarshal(params, &p)
		if p.Entry.Level == "error" {
			line = "log error (" + p.Entry.Source + "): " + p.Entry.Text + " " + p.Entry.URL
		}
	}
	if line != "" {
		b.mu.Lock()
		b.errs = append(b.errs, line)
		b.mu.Unlock()
	}
}

// errors returns and forgets what went wrong in the page so far, leaving
// out lines that contain one of allowed (an expected refusal, e.g. a 429).
func (b *chrome) errors(allowed ...string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
next:
	for _, e := range b.errs {
		for _, a := range allowed {
			if strings.Contains(e, a) {
				continue next
			}
		}
		out = append(out, e)
	}
	b.errs = nil
	return out
}

func (b *chrome) call(method string, params any, out any) {
	b.t.Helper()
	b.mu.Lock()
	b.next++
	id := b.next
	ch := make(chan cdpReply, 1)
	b.pending[id] = ch
	b.mu.Unlock()
	msg := map[string]any{"id": id, "method": method, "params": params}
	if b.session != "" && !strings.HasPrefix(method, "Browser.") {
		msg["sessionId"] = b.session
	}
	raw, _ := json.Marshal(msg)
	if _, err := b.w.Write(append(raw, 0)); err != nil {
		b.t.Fatalf("cdp %s: %v", method, err)
	}
	select {
	case rep := <-ch:
		if rep.Error != nil {
			b.t.Fatalf("cdp %s: %s", method, rep.Error.Message)
		}
		if out != nil {
			if err := json.Unmarshal(rep.Result, out); err != nil {
				b.t.Fatalf("cdp %s result: %v", method, err)
			}
		}
	case <-time.After(30 * time.Second):
		b.t.Fatalf("cdp %s: no answer", method)
	}
}

// eval runs a JS expression (promises awaited) and decodes its value.
func (b *chrome) eval(expr string, out any) {
	b.t.Helper()
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	b.call("Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}, &r)
	if r.Exception != nil {
		b.t.Fatalf("eval %s: %s %s", expr, r.Exception.Text, r.Exception.Exception.Description)
	}
	if out != nil && len(r.Result.Value) > 0 {
		if err := json.Unmarshal(r.Result.Value, out); err != nil {
			b.t.Fatalf("eval %s: %v (%s)", expr, err, r.Result.Value)
		}
	}
}

func (b *chrome) str(expr string) string {
	b.t.Helper()
	var s string
	b.eval("String("+expr+")", &s)
	return s
}

// waitJS waits until a JS expression is true.
func (b *chrome) waitJS(expr string) {
	b.t.Helper()
	full := "(function(){try{return !!(" + expr + ")}catch(e){return false}})()"
	deadline := time.Now().Add(20 * time.Second)
	for {
		var ok bool
		b.eval(full, &ok)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("never true: %s; page text:\n%s", expr, b.str(`document.body ? document.body.innerText : ""`))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitText waits until the element's visible text contains want.
func (b *chrome) waitText(id, want string) {
	b.t.Helper()
	b.waitJS(fmt.Sprintf(`(function(){var e=document.getElementById(%q);return e&&!e.closest("[hidden]")&&e.textContent.indexOf(%q)>=0})()`, id, want))
}

// visible reports whether the element exists and nothing hides it.
func (b *chrome) visible(id string) bool {
	var ok bool
	b.eval(fmt.Sprintf(`(function(){var e=document.getElementById(%q);return !!e&&!e.closest("[hidden]")&&e.getClientRects().length>0})()`, id), &ok)
	return ok
}

// load navigates and waits for the document to be complete.
func (b *chrome) load(url string) {
	b.t.Helper()
	b.eval(`window.__old = true`, nil)
	b.call("Page.navigate", map[string]any{"url": url}, nil)
	b.waitJS(`!window.__old && document.readyState === "complete"`)
}

// tap clicks the centre of the first element matching sel, as a finger.
func (b *chrome) tap(sel string) {
	b.t.Helper()
	var pt *struct{ X, Y float64 }
	b.eval(fmt.Sprintf(`(function(){var e=document.querySelector(%q);if(!e)return null;e.scrollIntoView({block:"center"});
		var r=e.getBoundingClientRect();return {X:r.left+r.width/2,Y:r.top+r.height/2}})()`, sel), &pt)
	if pt == nil {
		b.t.Fatalf("tap: no element %s", sel)
	}
	for _, typ := range []string{"mousePressed", "mouseReleased"} {
		b.call("Input.dispatchMouseEvent", map[string]any{"type": typ, "x": pt.X, "y": pt.Y, "button": "left", "clickCount": 1}, nil)
	}
}

// typeInto focuses the element and types text as a keyboard does.
func (b *chrome) typeInto(sel, text string) {
	b.t.Helper()
	b.eval(fmt.Sprintf(`document.querySelector(%q).focus()`, sel), nil)
	b.call("Input.insertText", map[string]any{"text": text}, nil)
}

// cspViolations are the page's CSP violations so far.
func (b *chrome) cspViolations() []string {
	var v []string
	b.eval(`window.__csp || []`, &v)
	return v
}

// screenshot keeps the whole page (full height) as a PNG artifact.
func (b *chrome) screenshot(name string) {
	b.t.Helper()
	var size struct{ W, H float64 }
	b.eval(`({W: document.documentElement.scrollWidth, H: document.documentElement.scrollHeight})`, &size)
	var r struct {
		Data string `json:"data"`
	}
	b.call("Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": size.W, "height": size.H, "scale": 1}}, &r)
	raw, err := base64.StdEncoding.DecodeString(r.Data)
	if err != nil {
		b.t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(raw)); err != nil || len(raw) < 3000 {
		b.t.Fatalf("screenshot %s: %v, %d bytes", name, err, len(raw))
	}
	if err := os.WriteFile(filepath.Join(b.dir, name+".png"), raw, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// pdf prints the page to A4 as the browser's print dialog would and keeps
// the PDF; it returns the number of pages.
func (b *chrome) pdf(name string) int {
	b.t.Helper()
	var r struct {
		Data string `json:"data"`
	}
	b.call("Page.printToPDF", map[string]any{"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": true, "printBackground": true}, &r)
	raw, err := base64.StdEncoding.DecodeString(r.Data)
	if err != nil || !bytes.HasPrefix(raw, []byte("%PDF")) {
		b.t.Fatalf("pdf %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, name+".pdf"), raw, 0o644); err != nil {
		b.t.Fatal(err)
	}
	// Every page is A4: 595 × 842 points.
	for _, m := range pdfMediaBox.FindAllSubmatch(raw, -1) {
		w, _ := strconv.ParseFloat(string(m[1]), 64)
		h, _ := strconv.ParseFloat(string(m[2]), 64)
		if math.Abs(w-595.3) > 2 || math.Abs(h-841.9) > 2 {
			b.t.Fatalf("pdf %s: a page of %.1f × %.1f pt, not A4", name, w, h)
		}
	}
	return len(pdfPage.FindAll(raw, -1))
}

var pdfMediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]`)

// pdfPage matches a page object of a PDF (not the /Pages tree).
var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)
