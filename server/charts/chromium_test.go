package charts_test

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// ---- real Chromium over the DevTools protocol on a pipe ----
// (the approach of server/httpapi/status_test.go, plus event collection
// for console errors and CSP violations)

const chromiumPath = "/usr/bin/chromium"

type browser struct {
	t       *testing.T
	w       io.Writer
	session string

	mu      sync.Mutex
	next    int
	pending map[int]chan cdpReply
	events  []string // console errors, exceptions, log errors
}

type cdpReply struct {
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error"`
}

func startBrowser(t *testing.T, width, height int) *browser {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skip("chromium not installed at " + chromiumPath)
	}
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cmd := exec.Command(chromiumPath, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--no-default-browser-check", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--hide-scrollbars", "--mute-audio",
		"--user-data-dir="+dir, fmt.Sprintf("--window-size=%d,%d", width, height),
		"--remote-debugging-pipe", "about:blank")
	cmd.ExtraFiles = []*os.File{inR, outW}
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir, "XDG_CACHE_HOME="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	inR.Close()
	outW.Close()
	b := &browser{t: t, w: inW, pending: map[int]chan cdpReply{}}
	readDone := make(chan struct{})
	go b.read(outR, readDone)
	t.Cleanup(func() {
		inW.Close() // chromium exits when its pipe closes
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
	b.call("Emulation.setDeviceMetricsOverride", map[string]any{
		"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}, nil)
	b.call("Runtime.enable", map[string]any{}, nil)
	b.call("Log.enable", map[string]any{}, nil)
	b.call("Page.enable", map[string]any{}, nil)
	// Counts CSP violations from the first byte of every page (DevTools
	// scripts are not subject to the page's CSP).
	b.call("Page.addScriptToEvaluateOnNewDocument", map[string]any{"source": `window.__csp = [];
		document.addEventListener("securitypolicyviolation", function (e) { window.__csp.push(e.violatedDirective + " " + (e.sample || "")); });`}, nil)
	return b
}

func (b *browser) read(r io.Reader, done chan struct{}) {
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

// event keeps what a page must never produce: console errors, uncaught
// exceptions, and error-level log entries (CSP violations land there).
func (b *browser) event(method string, params json.RawMessage) {
	var line string
	switch method {
	case "Runtime.consoleAPICalled":
		var p struct {
			Type string            `json:"type"`
			Args []json.RawMessage `json:"args"`
		}
		json.Unmarshal(params, &p)
		if p.Type == "error" || p.Type == "warning" {
			line = "console." + p.Type + ": " + string(params)
		}
	case "Runtime.exceptionThrown":
		line = "exception: " + string(params)
	case "Log.entryAdded":
		var p struct {
			Entry struct {
				Level, Source, Text string
			} `json:"entry"`
		}
		json.Unmarshal(params, &p)
		if p.Entry.Level == "error" || p.Entry.Level == "warning" {
			line = "log " + p.Entry.Level + " (" + p.Entry.Source + "): " + p.Entry.Text
		}
	}
	if line != "" {
		b.mu.Lock()
		b.events = append(b.events, line)
		b.mu.Unlock()
	}
}

func (b *browser) takeEvents() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	e := b.events
	b.events = nil
	return e
}

func (b *browser) call(method string, params any, out any) {
	b.t.Helper()
	b.mu.Lock()
	b.next++
	id := b.next
	ch := make(chan cdpReply, 1)
	b.pending[id] = ch
	b.mu.Unlock()
	msg := map[string]any{"id": id, "method": method, "params": params}
	if b.session != "" {
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
	case <-time.After(20 * time.Second):
		b.t.Fatalf("cdp %s: no answer", method)
	}
}

// eval runs a JS expression in the page and decodes its value into out.
func (b *browser) eval(expr string, out any) {
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
	b.call("Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &r)
	if r.Exception != nil {
		b.t.Fatalf("eval %s: %s %s", expr, r.Exception.Text, r.Exception.Exception.Description)
	}
	if out != nil {
		if err := json.Unmarshal(r.Result.Value, out); err != nil {
			b.t.Fatalf("eval %s: %v (%s)", expr, err, r.Result.Value)
		}
	}
}

// load navigates to url and waits until the page and its images loaded.
func (b *browser) load(url string) {
	b.t.Helper()
	b.call("Page.navigate", map[string]any{"url": url}, nil)
	deadline := time.Now().Add(15 * time.Second)
	for {
		var ready bool
		b.eval(`document.readyState === "complete" && location.href === `+jsString(url)+
			` && Array.prototype.every.call(document.images, function (i) { return i.complete; })`, &ready)
		if ready {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("%s did not load", url)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// shot captures the page area x, y, w, h (CSS px) as a PNG.
func (b *browser) shot(x, y, w, h float64) ([]byte, image.Image) {
	b.t.Helper()
	var r struct {
		Data string `json:"data"`
	}
	b.call("Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": x, "y": y, "width": w, "height": h, "scale": 1}}, &r)
	raw, err := base64.StdEncoding.DecodeString(r.Data)
	if err != nil {
		b.t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		b.t.Fatal(err)
	}
	return raw, img
}

// artifacts is where screenshots go: $ANTREAN_ARTIFACTS/charts (CI keeps
// that folder), else a temp dir.
func artifacts(t *testing.T) string {
	dir := os.Getenv("ANTREAN_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	dir = filepath.Join(dir, "charts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// strictCSP is what the admin page can send with inline SVG: nothing but
// data: images, no inline style or script at all.
const strictCSP = "default-src 'none'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// chartPage puts every fixture inline in a figure, and the first one once
// more as <img src="data:image/svg+xml;base64,…"> (how a page that fetches
// the SVG would show it), with nothing else in the page.
func chartPage(fxs []fixture) string {
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html lang=\"id\"><head><meta charset=\"utf-8\"><title>Grafik</title></head>\n<body>\n")
	for _, fx := range fxs {
		fmt.Fprintf(&b, "<figure id=%q>\n%s</figure>\n", "fx-"+fx.name, fx.svg())
	}
	fmt.Fprintf(&b, "<figure id=\"fx-img\"><img alt=\"grafik\" src=\"data:image/svg+xml;base64,%s\"></figure>\n",
		base64.StdEncoding.EncodeToString(fxs[0].svg()))
	b.WriteString("</body></html>\n")
	return b.String()
}

type box struct{ X, Y, W, H float64 }

func (a box) overlaps(c box, slack float64) bool {
	return a.X+slack < c.X+c.W && c.X+slack < a.X+a.W && a.Y+slack < c.Y+c.H && c.Y+slack < a.Y+a.H
}

type rendered struct {
	Rect  box    // the <svg> on the page
	W, H  string // its width/height attributes
	Texts []struct {
		S string
		B box // in user units
	}
}

// TestChartsInChromium renders every fixture in headless Chromium under a
// strict CSP and checks what a person would notice: errors or blocked
// styles, a wrong size, text cut at the edge or printed over other text,
// a blank picture. Screenshots land in $ANTREAN_ARTIFACTS/charts.
func TestChartsInChromium(t *testing.T) {
	b := startBrowser(t, 1280, 900)
	out := artifacts(t)
	fxs := fixtures()
	page := chartPage(fxs)

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", strictCSP)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/":
			io.WriteString(w, page)
		case "/control":
			// The detector's own check: an inline style the CSP blocks.
			io.WriteString(w, `<!doctype html><html><body><p style="color:red">x</p><svg width="10" height="10"><rect width="10" height="10" style="fill:red"/></svg></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	// The CSP check can fail: a page with style attributes is caught.
	b.load(srv.URL + "/control")
	var control []string
	deadline := time.Now().Add(5 * time.Second)
	for len(control) == 0 && time.Now().Before(deadline) {
		b.eval(`window.__csp`, &control)
		time.Sleep(50 * time.Millisecond)
	}
	if len(control) == 0 {
		t.Fatal("control page: the CSP violation detector saw nothing")
	}
	time.Sleep(100 * time.Millisecond)
	b.takeEvents()

	if err := os.WriteFile(filepath.Join(out, "charts.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	b.load(srv.URL + "/")
	time.Sleep(200 * time.Millisecond) // let late log events arrive
	var csp []string
	b.eval(`window.__csp`, &csp)
	if len(csp) > 0 {
		t.Errorf("CSP violations: %q", csp)
	}
	if ev := b.takeEvents(); len(ev) > 0 {
		t.Errorf("console/log errors:\n%s", strings.Join(ev, "\n"))
	}

	for _, fx := range fxs {
		t.Run(fx.name, func(t *testing.T) {
			var r rendered
			b.eval(fmt.Sprintf(`(function () {
				var svg = document.querySelector("#fx-%s svg"), rc = svg.getBoundingClientRect();
				return {Rect: {X: rc.left + scrollX, Y: rc.top + scrollY, W: rc.width, H: rc.height},
					W: svg.getAttribute("width"), H: svg.getAttribute("height"),
					Texts: Array.prototype.map.call(svg.querySelectorAll("text"), function (e) {
						// Client rects include the rotation of axis titles;
						// at this 1:1 scale they are user units.
						var bb = e.getBoundingClientRect();
						return {S: e.textContent, B: {X: bb.left - rc.left, Y: bb.top - rc.top, W: bb.width, H: bb.height}};
					})};
			})()`, fx.name), &r)
			if r.Rect.W != float64(fx.w) || r.Rect.H != float64(fx.h) || r.W != fmt.Sprint(fx.w) || r.H != fmt.Sprint(fx.h) {
				t.Fatalf("rendered %vx%v (attributes %sx%s), want %dx%d", r.Rect.W, r.Rect.H, r.W, r.H, fx.w, fx.h)
			}
			if len(r.Texts) < 2 {
				t.Fatalf("only %d texts", len(r.Texts))
			}
			// Every text inside the chart, no text over another.
			for i, a := range r.Texts {
				if a.B.W <= 0 && strings.TrimSpace(a.S) != "" {
					t.Errorf("text %q has no width: font missing?", a.S)
				}
				if a.B.X < -0.5 || a.B.Y < -0.5 || a.B.X+a.B.W > float64(fx.w)+0.5 || a.B.Y+a.B.H > float64(fx.h)+0.5 {
					t.Errorf("text %q at %+v sticks out of the %dx%d chart", a.S, a.B, fx.w, fx.h)
				}
				for _, c := range r.Texts[i+1:] {
					if a.B.overlaps(c.B, 1.5) {
						t.Errorf("texts overlap: %q %+v and %q %+v", a.S, a.B, c.S, c.B)
					}
				}
			}

			raw, img := b.shot(r.Rect.X, r.Rect.Y, r.Rect.W, r.Rect.H)
			if err := os.WriteFile(filepath.Join(out, fx.name+".png"), raw, 0o644); err != nil {
				t.Fatal(err)
			}
			if sz := img.Bounds().Size(); sz.X != fx.w || sz.Y != fx.h {
				t.Fatalf("screenshot %v", sz)
			}
			inked, colours, hits := inkStats(img, fx.ink)
			if inked < 0.01 || colours < 3 {
				t.Errorf("looks blank: %.2f%% non-white pixels, %d colours", 100*inked, colours)
			}
			if fx.ink != "" && hits < 100 {
				t.Errorf("only %d pixels of %s (the data colour)", hits, fx.ink)
			}
			if fx.ink == "" && hits != 0 {
				t.Errorf("empty chart paints %d pixels of data colour", hits)
			}
		})
	}

	// Scaled by the page (width 100% of a narrow column): the viewBox keeps
	// the proportions and the picture does not get cut.
	t.Run("scaled", func(t *testing.T) {
		var wh []float64
		b.eval(`(function () {
			var svg = document.querySelector("#fx-hourly svg");
			svg.style.width = "320px"; svg.style.height = "auto";
			var r = svg.getBoundingClientRect(); return [r.width, r.height];
		})()`, &wh)
		if wh[0] != 320 || wh[1] != 160 {
			t.Fatalf("scaled to %v, want 320x160", wh)
		}
	})
	// The same SVG as an image renders too (standalone document).
	t.Run("img", func(t *testing.T) {
		var r box
		b.eval(`(function () { var i = document.querySelector("#fx-img img"), rc = i.getBoundingClientRect();
			return i.naturalWidth ? {X: rc.left + scrollX, Y: rc.top + scrollY, W: rc.width, H: rc.height} : null; })()`, &r)
		if r.W != 640 || r.H != 320 {
			t.Fatalf("<img> of the SVG is %vx%v, want 640x320 (did it decode?)", r.W, r.H)
		}
		raw, img := b.shot(r.X, r.Y, r.W, r.H)
		os.WriteFile(filepath.Join(out, "hourly-as-img.png"), raw, 0o644)
		if _, _, hits := inkStats(img, "#0072b2"); hits < 200 {
			t.Fatalf("the <img> shows no bars (%d blue pixels)", hits)
		}
	})
	t.Logf("screenshots in %s", out)
}

// inkStats: the share of non-white pixels, the number of distinct colours
// (capped), and how many pixels are exactly colour hex.
func inkStats(img image.Image, hex string) (inked float64, colours, hits int) {
	var want [3]uint32
	if hex != "" {
		fmt.Sscanf(hex, "#%02x%02x%02x", &want[0], &want[1], &want[2])
	}
	seen := map[[3]uint32]bool{}
	bounds := img.Bounds()
	n := 0
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			c := [3]uint32{r >> 8, g >> 8, bl >> 8}
			if c != [3]uint32{255, 255, 255} {
				n++
			}
			if len(seen) < 64 {
				seen[c] = true
			}
			if hex != "" && c == want {
				hits++
			}
		}
	}
	if hex == "" { // empty charts: count the bar blue, which must not show
		for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
			for x := bounds.Min.X; x < bounds.Max.X; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				if r>>8 == 0x00 && g>>8 == 0x72 && bl>>8 == 0xb2 {
					hits++
				}
			}
		}
	}
	return float64(n) / float64(bounds.Dx()*bounds.Dy()), len(seen), hits
}
