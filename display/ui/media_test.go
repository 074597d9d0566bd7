package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"antrean/display/media"
	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
)

// fakeClock is a clock the test moves.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// fakeSlides serves a list and pictures of one colour each; gate, when
// set for a slide id, holds its load until closed.
type fakeSlides struct {
	mu      sync.Mutex
	list    []api.Slide
	gate    map[string]chan struct{}
	sizes   [][2]int
	running atomic.Int32
	most    atomic.Int32
}

func (f *fakeSlides) sync(ctx context.Context) ([]api.Slide, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]api.Slide(nil), f.list...), nil
}

func (f *fakeSlides) load(sl api.Slide, w, h int) (image.Image, error) {
	n := f.running.Add(1)
	defer f.running.Add(-1)
	for {
		m := f.most.Load()
		if n <= m || f.most.CompareAndSwap(m, n) {
			break
		}
	}
	f.mu.Lock()
	g := f.gate[sl.ID]
	f.sizes = append(f.sizes, [2]int{w, h})
	f.mu.Unlock()
	if g != nil {
		<-g
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h/2))
	return img, nil
}

func slides(ids ...string) []api.Slide {
	var out []api.Slide
	for i, id := range ids {
		out = append(out, api.Slide{ID: id, Order: i + 1, Enabled: true})
	}
	return out
}

// startMediaOnly starts the panel's sync without Start's real-time
// heartbeat: the test steps the clock and the heartbeat itself.
func startMediaOnly(t *testing.T, d *Display) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	d.Post(func() { d.ctx = ctx; d.startMedia() })
}

func shown(d *Display) (id string) {
	d.inspect(func() { id = d.mediaShown() })
	return id
}

func nextReady(d *Display) (ok bool) {
	d.inspect(func() { ok = d.media.next != nil && !d.media.loading })
	return ok
}

func TestMediaPanelRotatesByTheClock(t *testing.T) {
	clk := &fakeClock{now: t0}
	fs := &fakeSlides{list: slides("a", "b", "c")}
	fs.list[1].DurationS = 3 // b stays 3 s, the others the default
	d, _, _ := newTestWindow(t, Config{Media: MediaSide, MediaEvery: 8 * time.Second, Now: clk.Now,
		MediaSync: fs.sync, MediaLoad: fs.load}, 1920, 1080)
	d.OnBoard(sampleBoard())
	startMediaOnly(t, d)
	waitUntil(t, "first slide", func() bool { return shown(d) == "a" })
	waitUntil(t, "second slide decoded", func() bool { return nextReady(d) })

	step := func(by time.Duration) string {
		clk.Add(by)
		d.Post(d.heartbeat)
		return shown(d)
	}
	if got := step(7 * time.Second); got != "a" {
		t.Fatalf("after 7 s of 8: %q", got)
	}
	if got := step(time.Second); got != "b" {
		t.Fatalf("after 8 s: %q, want b", got)
	}
	waitUntil(t, "c decoded", func() bool { return nextReady(d) })
	if got := step(2 * time.Second); got != "b" {
		t.Fatalf("b's 3 s are not up after 2: %q", got)
	}
	if got := step(time.Second); got != "c" {
		t.Fatalf("after b's 3 s: %q, want c", got)
	}
	waitUntil(t, "a decoded", func() bool { return nextReady(d) })
	if got := step(8 * time.Second); got != "a" {
		t.Fatalf("the rotation does not wrap: %q", got)
	}

	// Pictures were scaled once to the panel's pixel size, one at a time.
	var pw, ph int
	d.inspect(func() { pw, ph = d.media.w, d.media.h })
	fs.mu.Lock()
	for _, s := range fs.sizes {
		if s != [2]int{pw, ph} {
			t.Errorf("loaded at %v, the panel is %dx%d", s, pw, ph)
		}
	}
	fs.mu.Unlock()
	if pw < 500 || ph < 700 || pw > 1920/2 {
		t.Errorf("side panel at 1920×1080 is %d×%d px", pw, ph)
	}
	if m := fs.most.Load(); m != 1 {
		t.Errorf("%d pictures decoded at once, want 1", m)
	}

	// media.updated: a slide disabled elsewhere leaves the screen.
	fs.mu.Lock()
	fs.list = slides("b", "c")
	fs.mu.Unlock()
	d.OnEvent(api.Event{ID: 300, Type: api.EventMediaUpdated, Data: []byte(`{"at":"2026-11-26T07:06:00Z"}`)})
	waitUntil(t, "a replaced after media.updated", func() bool { return shown(d) == "b" })
}

// A call during a slide change: the next picture is still being decoded
// (its load is held) when the call arrives; the call reaches the
// announcer and the screen in the same step, and the panel dims.
func TestCallDuringSlideChangeIsShownAndSpokenAtOnce(t *testing.T) {
	clk := &fakeClock{now: t0}
	gate := make(chan struct{})
	fs := &fakeSlides{list: slides("a", "b"), gate: map[string]chan struct{}{"b": gate}}
	defer func() {
		select {
		case <-gate:
		default:
			close(gate)
		}
	}()
	announced := make(chan api.Call, 4)
	d, _, _ := newTestWindow(t, Config{Media: MediaBelow, Now: clk.Now, MediaSync: fs.sync, MediaLoad: fs.load,
		Announce: func(c api.Call) { announced <- c }}, 1920, 1080)
	d.OnBoard(sampleBoard())
	startMediaOnly(t, d)
	waitUntil(t, "first slide", func() bool { return shown(d) == "a" })
	waitUntil(t, "b's load started", func() bool { return fs.running.Load() == 1 })
	clk.Add(11 * time.Second)
	d.Post(d.heartbeat) // a's time is up; b is still decoding

	call := api.Call{TicketID: "t-9", Number: "A-009", CounterID: "loket-1", CounterNumber: 1,
		AgencyShort: "Disdukcapil", ServiceName: "KTP-el"}
	done := make(chan struct{})
	go func() {
		d.OnEvent(callEvent(201, api.EventTicketCalled, call))
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the call waited for the slide change")
	}
	// The announcer was asked already: no waiting, no timer.
	select {
	case c := <-announced:
		if c.Number != "A-009" {
			t.Fatalf("announced %+v", c)
		}
	default:
		t.Fatal("the announcer was not asked to speak the call at once")
	}
	var cellNum string
	d.inspect(func() {
		if i := cellIndex(d, "loket-1"); i >= 0 {
			cellNum = d.view.Cells[i].Number
		}
	})
	if cellNum != "A-009" {
		t.Fatalf("loket 1's cell shows %q", cellNum)
	}
	// The announcer starts speaking: the big panel shows it, the slides dim.
	d.Announced(call)
	var big string
	var dimmed bool
	d.inspect(func() { big, dimmed = d.big.number.t.Text, d.media.dim.Visible() })
	if big != "A-009" || !dimmed {
		t.Fatalf("while announcing: big %q, panel dimmed %v", big, dimmed)
	}
	if fs.running.Load() != 1 || shown(d) != "a" {
		t.Fatalf("the slide change should still be pending (running %d, shown %q)", fs.running.Load(), shown(d))
	}
	// The picture arrives; the panel turns, still dimmed during the call.
	close(gate)
	waitUntil(t, "b decoded", func() bool { return nextReady(d) || shown(d) == "b" })
	d.Post(d.heartbeat)
	waitUntil(t, "b shown", func() bool { return shown(d) == "b" })
	// After the call's flash the panel is bright again.
	clk.Add(10 * time.Second)
	d.Post(d.heartbeat)
	d.inspect(func() { dimmed = d.media.dim.Visible() })
	if dimmed {
		t.Fatal("the panel stays dim after the call")
	}
}

func solidPNG(t *testing.T, w, h int, c color.Color) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		r, g, b, _ := c.RGBA()
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = byte(r>>8), byte(g>>8), byte(b>>8), 255
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}

func uploadSlide(t *testing.T, srv *servertest.Server, token string, pic []byte) api.Slide {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "x.png")
	fw.Write(pic)
	mw.Close()
	req, _ := http.NewRequest("POST", srv.URL+"/v1/admin/media", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 201 {
		t.Fatalf("upload: %d %s", resp.StatusCode, b)
	}
	var sl api.Slide
	if err := json.Unmarshal(b, &sl); err != nil {
		t.Fatal(err)
	}
	return sl
}

// The slides come from a real server into the display's cache; after a
// restart without the server the panel shows them from the cache.
func TestMediaPanelOfflineRestartUsesTheCache(t *testing.T) {
	srv := servertest.Start(t)
	sess, err := client.New(client.Config{BaseURL: srv.URL}).Login(context.Background(),
		api.SessionRequest{Username: servertest.AdminUser, Password: servertest.AdminPassword})
	if err != nil {
		t.Fatal(err)
	}
	red := color.NRGBA{220, 20, 20, 255}
	s1 := uploadSlide(t, srv, sess.Token, solidPNG(t, 1600, 900, red))
	uploadSlide(t, srv, sess.Token, solidPNG(t, 800, 1200, color.NRGBA{20, 20, 220, 255}))

	cache := media.Cache{Dir: t.TempDir()}
	f := &media.Fetcher{BaseURL: srv.URL, Token: srv.DisplayToken, Cache: cache}
	list, err := f.Sync(context.Background())
	if err != nil || len(list) != 2 {
		t.Fatalf("first sync: %d slides, %v", len(list), err)
	}
	srv.Stop() // the server is gone; the display restarts

	f2 := &media.Fetcher{BaseURL: srv.URL, Token: srv.DisplayToken, Cache: cache}
	d, logs, w := newTestWindow(t, Config{Media: MediaSide, MediaSync: f2.Sync, MediaLoad: cache.Load}, 1920, 1080)
	startMediaOnly(t, d)
	waitUntil(t, "cached slide shown", func() bool { return shown(d) == s1.ID })
	if !logs.has("showing 2 cached slides") {
		t.Errorf("the offline start was not logged: %q", logs.all())
	}
	// The picture on the screen is the uploaded one, scaled to the panel.
	var box fyne.Position
	var sz fyne.Size
	d.inspect(func() { box, sz = d.media.img.Position(), d.media.img.Size() })
	img := w.Canvas().Capture()
	c := img.At(int(box.X+sz.Width/2), int(box.Y+sz.Height/2))
	if r, g, b, _ := c.RGBA(); r>>8 < 180 || g>>8 > 60 || b>>8 > 60 {
		t.Fatalf("panel centre is %v, want the red slide", c)
	}
	var pic image.Image
	d.inspect(func() { pic = d.media.cur.img })
	if b := pic.Bounds(); b.Dx() > int(sz.Width)+1 || b.Dy() > int(sz.Height)+1 {
		t.Fatalf("held picture %v is larger than the panel %v", b, sz)
	}
}

func TestParseMediaMode(t *testing.T) {
	for in, want := range map[string]MediaMode{"": MediaOff, "off": MediaOff, "side": MediaSide, "below": MediaBelow} {
		if got, err := ParseMediaMode(in); err != nil || got != want {
			t.Errorf("%q: %q %v", in, got, err)
		}
	}
	if _, err := ParseMediaMode("left"); err == nil {
		t.Error("left accepted")
	}
}

func (l *logSink) has(sub string) bool {
	for _, line := range l.all() {
		if strings.Contains(line, sub) {
			return true
		}
	}
	return false
}

// An admin's upload reaches a running display through media.updated, and
// a delete takes the slide off the screen.
func TestMediaUploadReachesRunningDisplay(t *testing.T) {
	srv := servertest.Start(t)
	sess, err := client.New(client.Config{BaseURL: srv.URL}).Login(context.Background(),
		api.SessionRequest{Username: servertest.AdminUser, Password: servertest.AdminPassword})
	if err != nil {
		t.Fatal(err)
	}
	cache := media.Cache{Dir: t.TempDir()}
	f := &media.Fetcher{BaseURL: srv.URL, Token: srv.DisplayToken, Cache: cache}
	d, logs, _ := newTestWindow(t, Config{Media: MediaBelow, MediaSync: f.Sync, MediaLoad: cache.Load}, 1920, 1080)
	ctx, cancel := context.WithCancel(context.Background())
	startMediaOnly(t, d)
	done := make(chan error, 1)
	go func() {
		done <- Follow(ctx, d, Feed{BaseURL: srv.URL, Token: srv.DisplayToken,
			Client: client.New(client.Config{BaseURL: srv.URL, Token: srv.DisplayToken}), Logf: logs.logf})
	}()
	defer func() { cancel(); <-done }()
	waitUntil(t, "board", func() (ok bool) {
		d.inspect(func() { ok = len(d.view.Cells) > 0 })
		return ok
	})
	if shown(d) != "" {
		t.Fatal("a slide shown before any was uploaded")
	}
	sl := uploadSlide(t, srv, sess.Token, solidPNG(t, 320, 180, color.NRGBA{0, 160, 0, 255}))
	waitUntil(t, "uploaded slide on the running display", func() bool { return shown(d) == sl.ID })
	req, _ := http.NewRequest("DELETE", srv.URL+"/v1/admin/media/"+sl.ID, nil)
	req.Header.Set("Authorization", "Bearer "+sess.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 204 {
		t.Fatalf("delete: %v %v", resp, err)
	}
	resp.Body.Close()
	waitUntil(t, "deleted slide off the screen", func() bool { return shown(d) == "" })
}
