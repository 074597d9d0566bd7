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
	"syscall"

	"antrean/server/config"
	"antrean/server/serve"
	"antrean/server/store/sqlite"
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

func run() error {
	addr := flag.String("addr", env("ANTREAN_ADDR", "127.0.0.1:8080"), "listen address")
	db := flag.String("db", env("ANTREAN_DB", defaultDB()), "SQLite database file")
	site := flag.String("site", env("ANTREAN_SITE", ""), "site file (TOML) applied at start")
	public := flag.String("public-url", env("ANTREAN_PUBLIC_URL", ""), "base URL of ticket status links (default: the request host)")
	reseed := flag.Bool("reseed", false, "let the site file overwrite what an admin changed (default: it only adds new entries)")
	backup := flag.String("backup", "", "write an online backup of --db to this file and exit (safe while the server runs)")
	debug := flag.Bool("debug", os.Getenv("ANTREAN_DEBUG") != "", "log every request")
	flag.Parse()

	level := slog.LevelInfo
	if *debug {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(log)

	if *backup != "" {
		if err := sqlite.Backup(context.Background(), *db, *backup); err != nil {
			return err
		}
		log.Info("backup written", "from", *db, "to", *backup)
		return nil
	}
	var f *config.File
	if *site != "" {
		var err error
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
	inst, err := serve.New(ctx, serve.Config{DBPath: *db, Site: f, Reseed: *reseed, PublicURL: *public, LogoDir: logoDir, Logger: log})
	if err != nil {
		return err
	}
	defer inst.Store.Close()
	return inst.ListenAndServe(ctx, *addr, func(a net.Addr) {
		log.Info("antrean server listening", "addr", a.String(), "db", *db)
	})
}
