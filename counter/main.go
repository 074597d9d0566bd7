// Command counter is the officer's counter console: log in at a loket, call
// the next number, serve, finish, transfer, and see who waits.
package main

import (
	"crypto/x509"
	"flag"
	"fmt"
	"os"
	"time"
	_ "time/tzdata" // WIB/WITA/WIT even without the system tzdata

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"antrean/assets"
	"antrean/counter/ui"
	"antrean/shared/client"
	"antrean/shared/i18n"
	"antrean/shared/stream"
	sharedui "antrean/shared/ui"
)

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}

func main() {
	server := flag.String("server", env("ANTREAN_SERVER", "http://127.0.0.1:8080"), "server URL (env ANTREAN_SERVER)")
	lang := flag.String("lang", env("ANTREAN_LANG", ""), "language id or en; empty = the last choice (env ANTREAN_LANG)")
	user := flag.String("user", env("ANTREAN_USER", ""), "username to prefill (env ANTREAN_USER)")
	counter := flag.String("counter", env("ANTREAN_COUNTER", ""), "counter id to open, e.g. loket-3 (env ANTREAN_COUNTER)")
	size := flag.String("size", env("ANTREAN_SIZE", "480x640"), "window size WxH; the default sits beside an agency's own application (env ANTREAN_SIZE)")
	full := flag.Bool("fullscreen", env("ANTREAN_FULLSCREEN", "") == "1", "fill the screen (env ANTREAN_FULLSCREEN=1)")
	ca := flag.String("ca", env("ANTREAN_CA", ""), "PEM file of the private CA that signed the server's HTTPS certificate (env ANTREAN_CA)")
	flag.Parse()
	cas := loadCA(*ca)

	a := app.NewWithID("id.antrean.counter")
	a.SetIcon(fyne.NewStaticResource("antrean.png", assets.Icon()))
	win := a.NewWindow("Antrean — Konsol Loket")
	var w, h float32
	if _, err := fmt.Sscanf(*size, "%fx%f", &w, &h); err != nil || w < 1 || h < 1 {
		fmt.Fprintf(os.Stderr, "counter: --size %q: want WxH, e.g. 1366x768\n", *size)
		os.Exit(2)
	}
	win.Resize(fyne.NewSize(w, h))
	win.SetFullScreen(*full)

	var l i18n.Lang
	if *lang != "" {
		l = i18n.ParseLang(*lang)
	}
	c := ui.New(win, ui.Config{
		API:       client.New(client.Config{BaseURL: *server, Timeout: 8 * time.Second, RootCAs: cas}),
		Prefs:     a.Preferences(),
		Lang:      l,
		ServerURL: *server,
		User:      *user,
		CounterID: *counter,
		Live:      ui.StreamLive(*server),
		Theme:     sharedui.NewTheme(1),
	})
	c.Start()
	// A no-show still inside its undo time is sent before the window goes.
	win.SetCloseIntercept(func() { c.Quit(win.Close) })
	win.SetOnClosed(c.Close)
	win.ShowAndRun()
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
