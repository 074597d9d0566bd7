// Command kiosk is the touchscreen ticket kiosk of Antrean. It only wires:
// flags → client, printer, window → kiosk/ui.
package main

import (
	"context"
	"crypto/x509"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"antrean/assets"
	"antrean/kiosk/printer"
	"antrean/kiosk/ui"
	"antrean/shared/client"
	"antrean/shared/i18n"
	"antrean/shared/stream"
)

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func main() {
	server := flag.String("server", envOr("ANTREAN_SERVER", "http://127.0.0.1:8080"), "server URL (env ANTREAN_SERVER)")
	token := flag.String("token", envOr("ANTREAN_KIOSK_TOKEN", "kiosk-demo"), "kiosk device token (env ANTREAN_KIOSK_TOKEN)")
	printerTarget := flag.String("printer", envOr("ANTREAN_PRINTER", ""), `ESC/POS printer: "tcp://host:9100" or "/dev/usb/lp0"; empty = on-screen ticket only`)
	paper := flag.String("paper", "80", "paper width in mm: 58 or 80")
	lang := flag.String("lang", "id", "language: id or en")
	idle := flag.Duration("idle", 20*time.Second, `ask "Masih di sini?" after this long untouched (then home after 15 s)`)
	ticketTimeout := flag.Duration("ticket-timeout", 15*time.Second, "how long the ticket screen stays")
	refresh := flag.Duration("refresh", 30*time.Second, "catalog refresh interval")
	visits := flag.Bool("visits", envOr("ANTREAN_VISITS", "1") != "0", `offer several services on one ticket ("Tambah layanan lain", up to the site's visits.max_services; env ANTREAN_VISITS=0 turns it off)`)
	scanner := flag.Bool("scanner", envOr("ANTREAN_SCANNER", "") != "", "a USB scanner reads ticket QR codes for the survey (env ANTREAN_SCANNER=1)")
	fullscreen := flag.Bool("fullscreen", false, "kiosk mode: full screen, no window chrome, hidden cursor")
	width := flag.Int("width", 1920, "window width when not full screen")
	height := flag.Int("height", 1080, "window height when not full screen")
	ca := flag.String("ca", envOr("ANTREAN_CA", ""), "PEM file of the private CA that signed the server's HTTPS certificate (env ANTREAN_CA)")
	flag.Parse()
	cas := loadCA(*ca)

	var pr ui.Printer
	if *printerTarget != "" {
		pp, err := printer.ParsePaper(*paper)
		if err != nil {
			fail(err)
		}
		p, err := printer.New(*printerTarget, pp)
		if err != nil {
			fail(err)
		}
		pr = p
	}

	a := app.NewWithID("id.antrean.kiosk")
	icon := fyne.NewStaticResource("antrean.png", assets.Icon())
	a.SetIcon(icon)
	w := a.NewWindow("Antrean — Kiosk")
	w.SetPadded(false)
	if *fullscreen {
		w.SetFullScreen(true)
	} else {
		w.Resize(fyne.NewSize(float32(*width), float32(*height)))
	}

	be := client.New(client.Config{BaseURL: *server, Token: *token, Timeout: 5 * time.Second, RootCAs: cas})
	k := ui.New(w, be, pr, ui.Config{
		Lang:           i18n.ParseLang(*lang),
		IdleTimeout:    *idle,
		TicketTimeout:  *ticketTimeout,
		CatalogRefresh: *refresh,
		Scanner:        *scanner,
		Visits:         *visits,
		HideCursor:     *fullscreen,
		NewKey:         client.NewIdempotencyKey,
		Logo:           icon,
	})
	k.Start()
	ctx, cancel := context.WithCancel(context.Background())
	go k.Watch(ctx, *server, *token, 2*time.Second)
	log.Printf("kiosk: server %s, printer %q", *server, *printerTarget)
	w.ShowAndRun()
	cancel()
	k.Stop()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "kiosk:", err)
	os.Exit(2)
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
