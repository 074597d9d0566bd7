// Command display is the hall display: it follows the server's event
// stream, shows the calls on a TV and announces them in Indonesian.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"log"
	"net/http"
	_ "net/http/pprof"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // WIB/WITA/WIT even on a mini PC without tzdata

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"antrean/assets"
	"antrean/display/audio"
	"antrean/display/lowmem"
	_ "antrean/display/lowmem/texturecache" // before Fyne's cache reads FYNE_CACHE
	"antrean/display/media"
	"antrean/display/ui"
	"antrean/display/voice"
	"antrean/shared/api"
	"antrean/shared/client"
	"antrean/shared/i18n"
	"antrean/shared/speech"
	"antrean/shared/stream"
	"antrean/shared/voicepack"
)

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}

func envBool(key string) bool {
	b, _ := strconv.ParseBool(os.Getenv(key))
	return b
}

func main() {
	log.SetOutput(os.Stderr)
	if os.Getenv("GOGC") == "" {
		// The live heap is small; collecting sooner keeps a 12-hour
		// display's RSS low on a cheap PC (the soak measures it).
		debug.SetGCPercent(50)
	}
	if addr := os.Getenv("ANTREAN_PPROF"); addr != "" {
		// Diagnostics for the soak runs: go tool pprof http://ADDR/debug/pprof/profile
		go func() { log.Println(http.ListenAndServe(addr, nil)) }()
	}
	server := flag.String("server", env("ANTREAN_SERVER", "http://127.0.0.1:8080"), "server URL (env ANTREAN_SERVER)")
	token := flag.String("token", env("ANTREAN_DISPLAY_TOKEN", "display-demo"), "display device token (env ANTREAN_DISPLAY_TOKEN)")
	zone := flag.String("zone", env("ANTREAN_ZONE", ""), "zone to show, empty = all (env ANTREAN_ZONE)")
	lang := flag.String("lang", env("ANTREAN_LANG", "id"), "language: id or en (env ANTREAN_LANG)")
	fullscreen := flag.Bool("fullscreen", envBool("ANTREAN_FULLSCREEN"), "full screen, hidden cursor (env ANTREAN_FULLSCREEN)")
	mute := flag.Bool("mute", envBool("ANTREAN_MUTE"), "no sound (env ANTREAN_MUTE)")
	ticker := flag.String("ticker", env("ANTREAN_TICKER", ""), `running text, messages separated by "|" (replaces the site's announcements; the calendar and the footer line stay; env ANTREAN_TICKER)`)
	template := flag.String("voice-template", env("ANTREAN_VOICE_TEMPLATE", speech.DefaultTemplate), "spoken call; {nomor} and {loket} are filled in (env ANTREAN_VOICE_TEMPLATE)")
	size := flag.String("size", env("ANTREAN_SIZE", "1920x1080"), "window size WxH when not full screen (env ANTREAN_SIZE)")
	fps := flag.String("ticker-fps", env("ANTREAN_TICKER_FPS", "auto"), `running text: "auto" scrolls it if a repaint is cheap enough (a GPU) and else pages whole sentences, slower when repaints are dear; a number scrolls at that frame rate; 0 always pages (env ANTREAN_TICKER_FPS)`)
	mediaFlag := flag.String("media", env("ANTREAN_MEDIA", "off"), `media panel of the site's slides: off, side (right of the calls; below them on a portrait screen) or below (env ANTREAN_MEDIA)`)
	mediaEvery := flag.Duration("media-every", envDuration("ANTREAN_MEDIA_EVERY", 10*time.Second), "time of a slide that sets none (env ANTREAN_MEDIA_EVERY)")
	voicePath := flag.String("voice", env("ANTREAN_VOICE", ""), "voice pack on this PC: folder, .zip or .tar.gz of WAV clips named by word (default: the site's pack from the server, cached for offline use; env ANTREAN_VOICE)")
	volume := flag.String("volume-schedule", env("ANTREAN_VOLUME_SCHEDULE", ""), `volume by time of day, e.g. "07:00-16:00=100,16:00-07:00=60" (percent, or -12dB); default: the site's [voice] volume_schedule (env ANTREAN_VOLUME_SCHEDULE)`)
	english := flag.String("english-zones", env("ANTREAN_ENGLISH_ZONES", ""), `zones whose calls are repeated in English, comma-separated; "-" = none; default: the site's [voice] english_zones (env ANTREAN_ENGLISH_ZONES)`)
	soundCheck := flag.Bool("sound-check", envBool("ANTREAN_SOUND_CHECK"), "play the chime once at start, within the site's opening hours only (env ANTREAN_SOUND_CHECK)")
	ca := flag.String("ca", env("ANTREAN_CA", ""), "PEM file of the private CA that signed the server's HTTPS certificate (env ANTREAN_CA)")
	flag.Parse()
	cas := loadCA(*ca)
	mediaMode, err := ui.ParseMediaMode(*mediaFlag)
	if err != nil {
		log.Fatalf("display: --%v", err)
	}
	if *mediaEvery < 2*time.Second {
		log.Fatalf("display: --media-every %s: at least 2s", *mediaEvery)
	}

	var w, h float32
	if _, err := fmt.Sscanf(*size, "%fx%f", &w, &h); err != nil || w < 100 || h < 100 {
		log.Fatalf("display: --size %q: want WxH, e.g. 1920x1080", *size)
	}
	tickerFPS := -1 // auto
	if *fps != "auto" {
		n, err := strconv.Atoi(*fps)
		if err != nil || n < 0 || n > 60 {
			log.Fatalf("display: --ticker-fps %q: want auto, 0 (pages) or a frame rate up to 60", *fps)
		}
		tickerFPS = n
	}
	var volumeOverride *voicepack.Schedule
	if *volume != "" {
		sc, err := voicepack.ParseSchedule(*volume)
		if err != nil {
			log.Fatalf("display: --volume-schedule: %v", err)
		}
		volumeOverride = &sc
	}
	var englishOverride []string
	if *english != "" {
		englishOverride = []string{}
		for _, z := range strings.Split(*english, ",") {
			if z = strings.TrimSpace(z); z != "" && z != "-" {
				englishOverride = append(englishOverride, z)
			}
		}
	}
	var messages []string
	for _, m := range strings.Split(*ticker, "|") {
		if m = strings.TrimSpace(m); m != "" {
			messages = append(messages, m)
		}
	}

	lowmem.Limit(32)
	a := app.NewWithID("id.antrean.display")
	a.Settings().SetTheme(ui.Theme())
	win := a.NewWindow("Antrean — Layar Panggilan")
	lowmem.NoDepthBuffer()
	win.SetIcon(fyne.NewStaticResource("antrean.png", assets.Icon()))
	win.SetPadded(false)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	var d *ui.Display
	var player audio.Player
	var execPlayer *audio.ExecPlayer
	if !*mute {
		p, err := audio.NewExecPlayer(*template)
		if err != nil {
			log.Printf("display: audio off: %v", err)
		} else {
			p.Logf = log.Printf
			player, execPlayer = p, p
		}
	}
	hours := &audio.SiteHours{}
	if execPlayer != nil {
		execPlayer.Now = func() time.Time { return hours.In(time.Now()) }
	}
	ann := audio.New(player, audio.Options{OnStart: func(c api.Call) { d.Announced(c) }, Quiet: hours.Quiet})
	var mcfg ui.Config
	if mediaMode != ui.MediaOff {
		mcfg = mediaSource(*server, *token, *zone, cas)
	}
	d = ui.New(ui.Config{
		MediaSync:  mcfg.MediaSync,
		MediaLoad:  mcfg.MediaLoad,
		Lang:       i18n.ParseLang(*lang),
		Zone:       *zone,
		Ticker:     messages,
		TickerFPS:  tickerFPS,
		HideCursor: *fullscreen,
		Announce:   ann.Enqueue,
		MinFrame:   250 * time.Millisecond,
		Media:      mediaMode,
		MediaEvery: *mediaEvery,
	})
	win.SetContent(d.Content())
	if *fullscreen {
		win.SetFullScreen(true)
	} else {
		win.Resize(fyne.NewSize(w, h))
	}

	go ann.Run(ctx)
	go lowmem.Janitor(ctx, 15*time.Second)
	d.Start(ctx)
	c := client.New(client.Config{BaseURL: *server, Token: *token, RootCAs: cas})
	if execPlayer != nil {
		r := voice.NewResolver(voice.Config{Local: *voicePath, CacheDir: cacheDir(), Source: c,
			EnglishZones: englishOverride, Volume: volumeOverride, Logf: log.Printf})
		go followVoice(ctx, r, execPlayer)
	}
	feed := &voice.HoursFeed{BoardSource: c, Hours: hours}
	if *soundCheck {
		feed.OnFirst = ann.Chime
	}
	go func() {
		if err := ui.Follow(ctx, d, ui.Feed{BaseURL: *server, Token: *token, Zone: *zone, Client: feed}); err != nil && ctx.Err() == nil {
			log.Printf("display: stream stopped: %v", err)
		}
	}()
	log.Printf("display: following %s zone=%q mute=%v", *server, *zone, *mute)
	win.ShowAndRun()
}

func envDuration(key string, def time.Duration) time.Duration {
	if v, ok := os.LookupEnv(key); ok {
		d, err := time.ParseDuration(v)
		if err != nil {
			log.Fatalf("display: %s=%q: want a duration such as 15s", key, v)
		}
		return d
	}
	return def
}

// mediaSource fetches the slides into the display's cache folder and
// loads them from there.
func mediaSource(server, token, zone string, cas *x509.CertPool) ui.Config {
	dir, err := media.Dir()
	if err != nil {
		log.Fatalf("display: media cache: %v", err)
	}
	hc := &http.Client{Timeout: 60 * time.Second}
	if cas != nil {
		hc.Transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: cas}}
	}
	cache := media.Cache{Dir: dir}
	f := &media.Fetcher{BaseURL: server, Token: token, Zone: zone, HTTP: hc, Cache: cache, Logf: log.Printf}
	log.Printf("display: media panel, slides cached in %s", dir)
	return ui.Config{MediaSync: f.Sync, MediaLoad: cache.Load}
}

// followVoice sets the voice at start and checks the server for a new
// pack or settings every 10 minutes, so every display of the hall soon
// speaks the same.
func followVoice(ctx context.Context, r *voice.Resolver, p *audio.ExecPlayer) {
	for {
		p.SetVoice(r.Resolve(ctx))
		select {
		case <-ctx.Done():
			return
		case <-time.After(10 * time.Minute):
		}
	}
}

// cacheDir is where the display keeps the site's voice pack.
func cacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "antrean", "display")
}

// loadCA reads --ca and makes every stream of this app trust it too.
func loadCA(path string) *x509.CertPool {
	if path == "" {
		return nil
	}
	pool, err := client.LoadCA(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	stream.SetDefaultRootCAs(pool)
	return pool
}
