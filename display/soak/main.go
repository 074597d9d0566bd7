// Command soak drives a hall display hard and measures it: it serves a
// fake board and event stream, starts the display (under its own Xvfb when
// DISPLAY is unset), sends N calls as fast as the display takes them and
// reports RSS before and after and the idle CPU use.
//
//	go build -o /tmp/display ./display && go run ./display/soak --display /tmp/display
//
// Targets (issues 5 and 12): RSS ≤ 200 MB and flat, idle CPU ≤ 5 % of one
// core, at 1920×1080 and 3840×2160 (--size). After the bursts a busy-hall
// phase makes a call every --pace for --paced: every number then stays on
// screen long enough to be drawn, so it shows what the texture cache costs.
//
// --media side|below turns on the display's media panel: the fake server
// offers --slides pictures made at the screen size (PNG and JPEG), the
// soak waits until the display has cached them all, and a media phase
// (--media-for) turns a slide every --slide-every while a call comes every
// --pace, sampling RSS four times a second. Slides turning often cost idle
// CPU (each turn repaints the screen): pass --max-cpu 100 to judge RSS.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"antrean/shared/api"
)

// counters is how many counters the fake hall has (the layout's stress case).
const counters = 24

var agencies = []string{"Disdukcapil", "DPMPTSP", "Samsat", "Polres Pariaman", "Bank Nagari", "PDAM", "BPJS Kesehatan",
	"BPJS TK", "BPN", "Kemenag", "Imigrasi", "KPP Pratama"}

// announcements are a real site's running text: six messages, several
// pages, one turn every few seconds like in the hall.
var announcements = []string{
	"Selamat datang di Mal Pelayanan Publik Kota Pariaman. Siapkan dokumen asli dan fotokopinya sebelum nomor Anda dipanggil.",
	"Seluruh layanan di MPP tidak dipungut biaya kecuali yang ditetapkan peraturan. Tolak pungutan liar!",
	"Lansia, penyandang disabilitas, dan ibu hamil: silakan pilih antrean prioritas di kiosk.",
	"Hari Jumat layanan istirahat pukul 11.30–13.30 WIB untuk salat Jumat.",
	"Pantau nomor antrean Anda dari ponsel dengan memindai kode QR pada tiket.",
	"Sampaikan saran dan pengaduan melalui SP4N-LAPOR! di lapor.go.id.",
}

func agencyID(i int) string { return fmt.Sprint("agency-", (i-1)%len(agencies)) }

func main() {
	os.Exit(run())
}

// run returns the exit code, so that the display and the Xvfb it started
// are stopped (deferred) on every way out, a failed target included.
func run() int {
	bin := flag.String("display", "/tmp/display", "display binary")
	n := flag.Int("calls", 10000, "calls to send per round")
	rounds := flag.Int("rounds", 2, "rounds of calls (RSS must stay flat between them)")
	size := flag.String("size", "1920x1080", "screen size")
	idle := flag.Duration("idle", time.Minute, "idle CPU measuring window (a minute holds the clock's repaint)")
	settle := flag.Duration("settle", 8*time.Second, "wait before measuring")
	pace := flag.Duration("pace", 3*time.Second, "busy-hall phase: one call every pace (0 = skip)")
	paced := flag.Duration("paced", 2*time.Minute, "how long the busy-hall phase lasts")
	maxRSS := flag.Float64("max-rss", 200, "RSS target, MB")
	maxGrowth := flag.Float64("max-growth", 30, "allowed RSS growth over the first round, MB")
	maxDrift := flag.Float64("max-drift", 10, "allowed RSS growth between the first and the last round, MB")
	maxCPU := flag.Float64("max-cpu", 5, "idle CPU target, % of one core")
	mediaMode := flag.String("media", "off", "media panel of the display: off, side or below (media.go)")
	nSlides := flag.Int("slides", 20, "media panel: slides offered, made at the screen size")
	slideEvery := flag.Duration("slide-every", 2*time.Second, "media panel: time of each slide")
	mediaFor := flag.Duration("media-for", 2*time.Minute, "media phase: slides turning and a call every --pace, RSS sampled")
	flag.Parse()
	log.SetFlags(0)

	fs := newFakeServer()
	if *mediaMode != "off" {
		var w, h int
		fmt.Sscanf(*size, "%dx%d", &w, &h)
		set, err := makeSlides(*nSlides, w, h)
		if err != nil {
			log.Printf("soak: slides: %v", err)
			return 2
		}
		fs.slides = set
		log.Printf("media: %d slides of %dx%d, %s each, panel %s", *nSlides, w, h, *slideEvery, *mediaMode)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Print(err)
		return 2
	}
	go http.Serve(ln, fs)
	url := "http://" + ln.Addr().String()

	env := os.Environ()
	tmp, _ := os.MkdirTemp("", "soak")
	defer os.RemoveAll(tmp)
	env = append(env, "HOME="+tmp, "XDG_CACHE_HOME="+filepath.Join(tmp, "cache"), "XDG_CONFIG_HOME="+filepath.Join(tmp, "config"))
	var stopX func()
	if os.Getenv("DISPLAY") == "" {
		disp, stop, err := startXvfb(*size)
		if err != nil {
			log.Printf("soak: %v (run under a display or install xvfb)", err)
			return 2
		}
		defer stop()
		stopX = stop
		env = append(env, "DISPLAY="+disp)
	}

	cmd := exec.Command(*bin, "--server", url, "--mute", "--fullscreen", "--media", *mediaMode, "--media-every", slideEvery.String())
	cmd.Env = env
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		log.Printf("soak: start display: %v", err)
		return 2
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	// Ctrl-C or a kill stops the display and Xvfb too.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		cmd.Process.Kill()
		if stopX != nil {
			stopX()
		}
		os.Exit(130)
	}()
	var shown atomic.Int64
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := afterTimestamp(sc.Text())
			if strings.HasPrefix(line, "display: call number=") {
				shown.Add(1)
			} else if strings.HasPrefix(line, "display: a repaint costs") {
				log.Print(line) // how the running text runs here
			}
		}
	}()
	pid := cmd.Process.Pid

	if !fs.waitClient(30 * time.Second) {
		log.Print("soak: the display never opened the event stream")
		return 2
	}
	// Peak RSS over the whole run, sampled every second.
	var peak atomic.Uint64
	go func() {
		for {
			if r := rssMB(pid); r > math.Float64frombits(peak.Load()) {
				peak.Store(math.Float64bits(r))
			}
			time.Sleep(time.Second)
		}
	}()
	// settled measures idle CPU over the idle window (a minute by default:
	// the clock's own repaint is part of idle) and then RSS.
	settled := func() (rss, cpu float64) {
		time.Sleep(*settle)
		cpu = cpuPercent(pid, *idle)
		return rssMB(pid), cpu
	}
	cacheHome := filepath.Join(tmp, "cache")
	if fs.slides != nil && !waitCached(cacheHome, *nSlides, 2*time.Minute) {
		log.Printf("soak: the display cached %d of %d slides", cachedSlides(cacheHome), *nSlides)
		return 2
	}
	rss0, cpu0 := settled()
	log.Printf("before: RSS %.1f MB, idle CPU %.2f %%", rss0, cpu0)

	var rssFirst, rss1, cpu1 float64
	for r := 1; r <= *rounds; r++ {
		start := time.Now()
		for i := 1; i <= *n; i++ {
			fs.call((r-1)**n + i)
		}
		sent := time.Since(start)
		want := int64(r * *n)
		deadline := time.Now().Add(5 * time.Minute)
		for shown.Load() < want && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		took := time.Since(start)
		got := shown.Load() - int64((r-1)**n)
		log.Printf("round %d: sent %d calls in %s; display showed %d in %s (%.0f calls/s); RSS right after %.1f MB",
			r, *n, sent.Round(time.Millisecond), got, took.Round(time.Millisecond), float64(got)/took.Seconds(), rssMB(pid))
		rss1, cpu1 = settled()
		if r == 1 {
			rssFirst = rss1
		}
		log.Printf("after round %d: RSS %.1f MB (%+.1f MB since start), idle CPU %.2f %%", r, rss1, rss1-rss0, cpu1)
	}

	// A busy hall: one call every pace, as officers make them; every new
	// number is drawn, announced and flashes like in the day.
	total := int64(*rounds * *n)
	var pacedMax float64
	if *pace > 0 && *paced > 0 {
		end := time.Now().Add(*paced)
		i := int(total)
		for time.Now().Before(end) {
			i++
			total++
			fs.call(i)
			time.Sleep(*pace)
			pacedMax = max(pacedMax, rssMB(pid))
		}
		rssP, cpuP := settled()
		log.Printf("paced: %s of one call every %s: RSS max %.1f MB, then %.1f MB; idle CPU after %.2f %%",
			*paced, *pace, pacedMax, rssP, cpuP)
		rss1, cpu1 = rssP, cpuP
	}
	// The media phase: every slide turns several times (each is decoded
	// and scaled when it comes up) while calls come every pace.
	var mediaMax float64
	if fs.slides != nil && *mediaFor > 0 {
		end := time.Now().Add(*mediaFor)
		i := int(total)
		for time.Now().Before(end) {
			i++
			total++
			fs.call(i)
			for t := time.Now().Add(max(*pace, time.Second)); time.Now().Before(t); time.Sleep(250 * time.Millisecond) {
				mediaMax = max(mediaMax, rssMB(pid))
			}
		}
		rssM, cpuM := settled()
		log.Printf("media: %s of %d slides turning every %s and a call every %s: RSS max %.1f MB, then %.1f MB; idle CPU after %.2f %% (slides turning)",
			*mediaFor, *nSlides, *slideEvery, *pace, mediaMax, rssM, cpuM)
		rss1 = rssM
	}
	for deadline := time.Now().Add(time.Minute); shown.Load() < total && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}

	log.Printf("summary: %d/%d calls shown; RSS %.1f → %.1f → %.1f MB (start, round 1, end), peak %.1f MB; idle CPU %.2f %% → %.2f %%",
		shown.Load(), total, rss0, rssFirst, rss1, math.Float64frombits(peak.Load()), cpu0, cpu1)
	var failed []string
	check := func(ok bool, format string, args ...any) {
		if !ok {
			failed = append(failed, fmt.Sprintf(format, args...))
		}
	}
	check(shown.Load() == total, "all calls shown")
	check(rss1 <= *maxRSS, "settled RSS ≤ %.0f MB", *maxRSS)
	check(rssFirst-rss0 <= *maxGrowth, "first-round growth ≤ %.0f MB", *maxGrowth)
	check(rss1-rssFirst <= *maxDrift, "later drift ≤ %.0f MB", *maxDrift)
	check(cpu0 <= *maxCPU && cpu1 <= *maxCPU, "idle CPU ≤ %.0f %%", *maxCPU)
	check(pacedMax <= *maxRSS, "RSS ≤ %.0f MB all through the busy-hall phase", *maxRSS)
	check(mediaMax <= *maxRSS, "RSS ≤ %.0f MB all through the media phase", *maxRSS)
	if len(failed) > 0 {
		log.Printf("FAIL: %s", strings.Join(failed, "; "))
		return 1
	}
	log.Printf("PASS")
	return 0
}

// afterTimestamp drops the log package's "2006/01/02 15:04:05 " prefix.
func afterTimestamp(s string) string {
	if len(s) > 20 && s[4] == '/' && s[7] == '/' {
		return s[20:]
	}
	return s
}

func startXvfb(size string) (string, func(), error) {
	if _, err := exec.LookPath("Xvfb"); err != nil {
		return "", nil, err
	}
	for n := 140; n < 180; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			continue
		}
		x := exec.Command("Xvfb", fmt.Sprintf(":%d", n), "-screen", "0", size+"x24", "-nolisten", "tcp")
		if err := x.Start(); err != nil {
			return "", nil, err
		}
		stop := func() { x.Process.Kill(); x.Wait() }
		for i := 0; i < 50; i++ {
			if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
				time.Sleep(300 * time.Millisecond)
				return fmt.Sprintf(":%d", n), stop, nil
			}
			time.Sleep(100 * time.Millisecond)
		}
		stop()
		return "", nil, fmt.Errorf("the X server (Xvfb) :%d did not start", n)
	}
	return "", nil, fmt.Errorf("no free X display number")
}

// rssMB reads VmRSS of pid.
func rssMB(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			f := strings.Fields(l)
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return -1
}

// cpuTicks is utime+stime of pid in clock ticks.
func cpuTicks(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	u, _ := strconv.ParseFloat(f[11], 64)
	k, _ := strconv.ParseFloat(f[12], 64)
	return u + k
}

// cpuPercent is pid's CPU use over d, in % of one core (USER_HZ = 100).
func cpuPercent(pid int, d time.Duration) float64 {
	t0, w0 := cpuTicks(pid), time.Now()
	time.Sleep(d)
	return (cpuTicks(pid) - t0) / 100 / time.Since(w0).Seconds() * 100
}

// fakeServer serves /v1/board and /v1/events like the real server.
type fakeServer struct {
	slides  *slideSet // media phase (nil: no slides)
	mu      sync.Mutex
	seq     int64
	clients map[chan []byte]bool
	joined  chan struct{}
}

func newFakeServer() *fakeServer {
	return &fakeServer{clients: map[chan []byte]bool{}, joined: make(chan struct{}, 16)}
}

func (f *fakeServer) waitClient(d time.Duration) bool {
	select {
	case <-f.joined:
		return true
	case <-time.After(d):
		return false
	}
}

func (f *fakeServer) board() api.Board {
	b := api.Board{Site: api.Site{Name: "MPP Soak Test", Timezone: "Asia/Jakarta",
		Announcements: announcements}, Now: time.Now()}
	for i := 1; i <= counters; i++ {
		b.Counters = append(b.Counters, api.BoardCounter{Counter: api.Counter{ID: fmt.Sprint("loket-", i),
			Number: i, Name: fmt.Sprintf("Loket %d — %s", i, agencies[(i-1)%len(agencies)]), Status: api.CounterOpen,
			Staffed: true, ServiceIDs: []string{"svc-" + agencyID(i)}}})
	}
	return b
}

func (f *fakeServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if f.slides.serve(w, r) {
		return
	}
	switch r.URL.Path {
	case "/v1/board":
		f.mu.Lock()
		b := f.board()
		b.Seq = f.seq
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(b)
	case "/v1/catalog":
		var c api.Catalog
		for i := range agencies {
			id := agencyID(i + 1)
			c.Agencies = append(c.Agencies, api.Agency{ID: id, Name: agencies[i], Short: agencies[i]})
			c.Services = append(c.Services, api.Service{ID: "svc-" + id, AgencyID: id, Name: "Layanan uji"})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(c)
	case "/v1/events":
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("Cache-Control", "no-cache")
		w.WriteHeader(http.StatusOK)
		fl := w.(http.Flusher)
		fl.Flush()
		ch := make(chan []byte, 100000)
		f.mu.Lock()
		f.clients[ch] = true
		f.mu.Unlock()
		defer func() { f.mu.Lock(); delete(f.clients, ch); f.mu.Unlock() }()
		select {
		case f.joined <- struct{}{}:
		default:
		}
		keep := time.NewTicker(10 * time.Second)
		defer keep.Stop()
		for {
			select {
			case <-r.Context().Done():
				return
			case b := <-ch:
				w.Write(b)
				for more := true; more; { // batch what is queued, then flush
					select {
					case b := <-ch:
						w.Write(b)
					default:
						more = false
					}
				}
				fl.Flush()
			case <-keep.C:
				fmt.Fprint(w, ": keep-alive\n\n")
				fl.Flush()
			}
		}
	default:
		http.NotFound(w, r)
	}
}

// call broadcasts ticket.called number i at counter i%counters+1.
func (f *fakeServer) call(i int) {
	c := i%counters + 1
	data, _ := json.Marshal(api.EventData{Call: &api.Call{TicketID: fmt.Sprint("t", i), Number: fmt.Sprintf("%c-%03d", 'A'+rune(c-1), i%1000),
		ServiceName: "Layanan uji", ServiceID: "svc-" + agencyID(c), AgencyID: agencyID(c), AgencyShort: agencies[(c-1)%len(agencies)],
		CounterID:     fmt.Sprint("loket-", c),
		CounterNumber: c, CounterName: fmt.Sprintf("Loket %d", c), Calls: 1, At: time.Now()}, At: time.Now()})
	f.mu.Lock()
	f.seq++
	msg := []byte(fmt.Sprintf("id: %d\nevent: %s\ndata: %s\n\n", f.seq, api.EventTicketCalled, data))
	for ch := range f.clients {
		ch <- msg
	}
	f.mu.Unlock()
}
