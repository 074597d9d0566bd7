// Command server is the central Antrean queue API.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"

	"antrean/server/config"
	"antrean/server/httpapi"
	"antrean/server/serve"
	"antrean/server/store/sqlite"
	"antrean/server/voicepub"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func defaultDB() string {
	var dir string
	var err error
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		dir, err = d, nil
	} else if home, herr := os.UserHomeDir(); herr == nil {
		dir, err = filepath.Join(home, ".local", "share"), nil
	}
	if err != nil {
		dir = "."
	}
	return filepath.Join(dir, "antrean", "antrean.db")
}

func envInt(key string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(key)); err == nil {
		return v
	}
	return def
}

func envFloat(key string, def float64) float64 {
	if v, err := strconv.ParseFloat(os.Getenv(key), 64); err == nil {
		return v
	}
	return def
}

func run() error {
	addr := flag.String("addr", env("ANTREAN_ADDR", "127.0.0.1:8080"), "listen address")
	db := flag.String("db", env("ANTREAN_DB", defaultDB()), "SQLite database file")
	site := flag.String("site", env("ANTREAN_SITE", ""), "site file (TOML) applied at start")
	public := flag.String("public-url", env("ANTREAN_PUBLIC_URL", ""), "base URL of ticket status links, e.g. https://antrean.example.go.id (required unless the site is a demo)")
	reseed := flag.Bool("reseed", false, "let the site file overwrite what an admin changed (default: it only adds new entries)")
	backup := flag.String("backup", "", "write an online backup of --db to this file and exit (safe while the server runs)")
	debug := flag.Bool("debug", os.Getenv("ANTREAN_DEBUG") != "", "log every request")
	tlsCert := flag.String("tls-cert", env("ANTREAN_TLS_CERT", ""), "PEM certificate (chain) file: serve HTTPS (env ANTREAN_TLS_CERT)")
	tlsKey := flag.String("tls-key", env("ANTREAN_TLS_KEY", ""), "PEM private key file of --tls-cert (env ANTREAN_TLS_KEY)")
	proxies := flag.String("trusted-proxy", env("ANTREAN_TRUSTED_PROXY", ""), "reverse proxies (CIDR or address, comma-separated) whose X-Forwarded-For / X-Real-IP name the client (env ANTREAN_TRUSTED_PROXY)")
	control := flag.String("control", env("ANTREAN_CONTROL", ""), "operator control socket (default: antrean.sock beside --db; \"off\" = none)")
	unlock := flag.String("unlock", "", "ask the running server (over --control) to forget failed logins of this username, then exit")
	unlockAddr := flag.String("unlock-addr", "", "ask the running server to forget failed logins from this client address, then exit")
	kioskRate := flag.Float64("kiosk-rate", envFloat("ANTREAN_KIOSK_RATE", 20), "tickets per minute one kiosk may issue, sustained; 0 = no limit (env ANTREAN_KIOSK_RATE)")
	kioskBurst := flag.Int("kiosk-burst", envInt("ANTREAN_KIOSK_BURST", 5), "tickets one kiosk may issue at once (env ANTREAN_KIOSK_BURST)")
	perTicket := flag.Int("ticket-streams-per-ticket", envInt("ANTREAN_TICKET_STREAMS_PER_TICKET", 10), "open phone streams allowed per ticket")
	perAddr := flag.Int("ticket-streams-per-addr", envInt("ANTREAN_TICKET_STREAMS_PER_ADDR", 300), "open phone streams allowed per client address")
	voice := flag.String("voice", env("ANTREAN_VOICE", ""), "voice pack (folder, .zip or .tar.gz) every hall display downloads; overrides [voice] pack of the site file (env ANTREAN_VOICE)")
	flag.Parse()

	level := slog.LevelInfo
	if *debug {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(log)

	sock := *control
	if sock == "" {
		sock = serve.DefaultControlSocket(*db)
	} else if sock == "off" {
		sock = ""
	}
	if *unlock != "" || *unlockAddr != "" {
		if sock == "" {
			return fmt.Errorf("--unlock needs the control socket (--control)")
		}
		res, err := serve.Unlock(context.Background(), sock, *unlock, *unlockAddr)
		if err != nil {
			return err
		}
		fmt.Printf("unlocked: %d throttle entries cleared\n", res.Cleared)
		return nil
	}
	if *backup != "" {
		if err := sqlite.Backup(context.Background(), *db, *backup); err != nil {
			return err
		}
		log.Info("backup written", "from", *db, "to", *backup)
		return nil
	}
	trusted, err := httpapi.ParseProxies(*proxies)
	if err != nil {
		return err
	}
	var f *config.File
	if *site != "" {
		if f, err = config.Load(*site); err != nil {
			return err
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logoDir := ""
	if *site != "" {
		logoDir = filepath.Dir(*site) // agency logos live beside the site file
	}
	vc, err := displayVoice(f, *site, *voice, log)
	if err != nil {
		return err
	}
	inst, err := serve.New(ctx, serve.Config{DBPath: *db, Site: f, Reseed: *reseed, PublicURL: *public, LogoDir: logoDir, Logger: log, Voice: vc,
		TrustedProxies: trusted, ControlSocket: sock, TLSCert: *tlsCert, TLSKey: *tlsKey,
		KioskIssuePerMinute: *kioskRate, KioskIssueBurst: *kioskBurst,
		TicketStreamsPerTicket: *perTicket, TicketStreamsPerAddr: *perAddr})
	if err != nil {
		return err
	}
	defer inst.Store.Close()
	return inst.ListenAndServe(ctx, *addr, func(a net.Addr) {
		log.Info("antrean server listening", "addr", a.String(), "db", *db, "tls", *tlsCert != "", "control", sock)
	})
}

// displayVoice prepares the voice the hall displays download: --voice, or
// the site file's [voice] pack (relative to the site file).
func displayVoice(f *config.File, sitePath, flagPack string, log *slog.Logger) (*httpapi.Voice, error) {
	var v config.Voice
	if f != nil {
		v = f.Voice
	}
	pack := flagPack
	if pack == "" && v.Pack != "" {
		pack = v.Pack
		if !filepath.IsAbs(pack) {
			pack = filepath.Join(filepath.Dir(sitePath), pack)
		}
	}
	vc, p, err := voicepub.Prepare(v, pack)
	if err != nil {
		return nil, err
	}
	if p != nil {
		log.Info("display voice", "pack", pack, "etag", vc.Settings.Pack.ETag, "bytes", vc.Settings.Pack.Bytes, "summary", p.Summary())
	}
	return vc, nil
}
