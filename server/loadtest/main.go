// Command loadtest is the Antrean benchmark: it drives a real server over
// loopback HTTP and prints figures (a table and one RESULT line).
//
//	go run ./server/loadtest issue            # durable ticket issue, 50 clients, 10 s
//	go run ./server/loadtest stream -spawn    # 500 SSE clients, call-next latency, server RSS
//	go run ./server/loadtest history          # a year of history vs an empty database
//
// Every run is bounded in time and count, talks only to 127.0.0.1 (or the
// -server URL given) and stops by itself.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"
)

const usage = `usage: loadtest <issue|stream|loginburst|watch|history> [flags]

  issue   N concurrent kiosk clients issue tickets over HTTP for D seconds;
          prints tickets/s, latency percentiles, errors, checks dense
          numbering, and the machine's durable single-commit rate.
  stream  K SSE display clients; one officer does M call-next/no-show
          cycles; prints event delivery latency, missing deliveries and RSS.
  loginburst  ticket issue latency alone, then during a burst of wrong-
          password logins (bcrypt at the real cost: -spawn).
  watch   W phone streams on one ticket (/v1/tickets/{id}/events) while
          tickets are issued in its service; server CPU, issue latency,
          RSS. With -spawn, lift the stream caps: -server-flags
          "--kiosk-rate 0 --ticket-streams-per-ticket 5000 --ticket-streams-per-addr 5000".
  history fills a database with D days of N tickets through the real store
          code, then times every live path and the reports over HTTP on it
          and on an empty database; prints start-up time and bytes/ticket.

Run "loadtest MODE -h" for the flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		fmt.Fprint(out, usage)
		return nil
	}
	mode, args := args[0], args[1:]
	switch mode {
	case "issue":
		var o IssueOptions
		fs := flag.NewFlagSet("issue", flag.ContinueOnError)
		fs.IntVar(&o.Clients, "clients", 50, "concurrent kiosk clients")
		fs.DurationVar(&o.Duration, "d", 10*time.Second, "how long the clients issue tickets")
		fs.IntVar(&o.MaxTickets, "max", 1_000_000, "stop after this many tickets in total")
		fs.DurationVar(&o.CommitFor, "commit-for", 3*time.Second, "duration of the raw SQLite commit-rate loop (0 = skip)")
		common := addCommon(fs)
		sync := fs.String("sync", "", "diagnostic: run the in-process store with this SQLite synchronous mode (e.g. NORMAL) to see the fsync share")
		cpu := fs.String("cpuprofile", "", "write a CPU profile of the load phase to this file (in-process server only)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		o.Target = common.target()
		o.Synchronous = *sync
		if o.Synchronous != "" && (o.Target.URL != "" || o.Target.Spawn) {
			return fmt.Errorf("-sync works only with the in-process server")
		}
		if *cpu != "" {
			f, err := os.Create(*cpu)
			if err != nil {
				return err
			}
			defer f.Close()
			o.StartProfile = func() error { return pprof.StartCPUProfile(f) }
			o.StopProfile = pprof.StopCPUProfile
		}
		res, err := RunIssue(ctx, o)
		if err != nil {
			return err
		}
		res.Print(out)
		return res.Check()
	case "stream":
		var o StreamOptions
		fs := flag.NewFlagSet("stream", flag.ContinueOnError)
		fs.IntVar(&o.Clients, "clients", 500, "connected SSE display clients")
		fs.IntVar(&o.Calls, "calls", 200, "call-next/no-show cycles by one officer")
		fs.DurationVar(&o.Pace, "pace", 20*time.Millisecond, "interval between call-next requests")
		fs.StringVar(&o.Officer, "officer", "petugas1", "officer username (password demo123)")
		fs.StringVar(&o.Counter, "counter", "loket-1", "counter the officer works at")
		common := addCommon(fs)
		cpu := fs.String("cpuprofile", "", "write a CPU profile of this process (with an in-process server: server and clients)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		o.Target = common.target()
		if *cpu != "" {
			f, err := os.Create(*cpu)
			if err != nil {
				return err
			}
			defer f.Close()
			if err := pprof.StartCPUProfile(f); err != nil {
				return err
			}
			defer pprof.StopCPUProfile()
		}
		res, err := RunStream(ctx, o)
		if err != nil {
			return err
		}
		res.Print(out)
		return res.Check()
	case "history":
		o := HistoryOptions{Log: out}
		fs := flag.NewFlagSet("history", flag.ContinueOnError)
		fs.IntVar(&o.Days, "days", 300, "days of history before today")
		fs.IntVar(&o.PerDay, "per-day", 5000, "tickets issued per day")
		fs.IntVar(&o.Samples, "samples", 200, "requests per live path and database (reports: a tenth)")
		fs.StringVar(&o.Dir, "dir", "", "keep the databases in this folder and reuse a filled one (default: a temp folder, removed)")
		fs.Uint64Var(&o.Seed, "seed", 1, "simulation seed")
		fs.StringVar(&o.FillSync, "fill-sync", "OFF", "SQLite synchronous mode while filling only (measurements always run FULL)")
		fs.BoolVar(&o.Backup, "backup", true, "time an online backup of the filled database while a kiosk issues tickets")
		if err := fs.Parse(args); err != nil {
			return err
		}
		res, err := RunHistory(ctx, o)
		if err != nil {
			return err
		}
		res.Print(out)
		return res.Check()
	case "loginburst":
		var o LoginBurstOptions
		fs := flag.NewFlagSet("loginburst", flag.ContinueOnError)
		fs.IntVar(&o.Logins, "logins", 150, "wrong-password logins sent at once")
		fs.IntVar(&o.Addrs, "addrs", 1, "distinct client addresses (X-Forwarded-For; the server needs --trusted-proxy 127.0.0.1)")
		fs.IntVar(&o.Issuers, "issuers", 4, "kiosk clients issuing tickets meanwhile")
		common := addCommon(fs)
		if err := fs.Parse(args); err != nil {
			return err
		}
		o.Target = common.target()
		if !o.Target.Spawn && o.Target.URL == "" {
			return fmt.Errorf("loginburst needs -spawn (or -server): the in-process server checks passwords at bcrypt's minimum cost")
		}
		res, err := RunLoginBurst(ctx, o)
		if err != nil {
			return err
		}
		res.Print(out)
		return res.Check()
	case "watch":
		var o WatchOptions
		fs := flag.NewFlagSet("watch", flag.ContinueOnError)
		fs.IntVar(&o.Watchers, "watchers", 2000, "phone streams on the one ticket")
		fs.IntVar(&o.Issues, "issues", 20, "tickets issued in its service meanwhile")
		fs.DurationVar(&o.Pace, "pace", 400*time.Millisecond, "interval between those issues")
		common := addCommon(fs)
		if err := fs.Parse(args); err != nil {
			return err
		}
		o.Target = common.target()
		res, err := RunWatch(ctx, o)
		if err != nil {
			return err
		}
		res.Print(out)
		return res.Check()
	default:
		return fmt.Errorf("unknown mode %q\n%s", mode, usage)
	}
}

type commonFlags struct {
	server, serverBin, serverFlags *string
	spawn                          *bool
}

func addCommon(fs *flag.FlagSet) commonFlags {
	return commonFlags{
		server:      fs.String("server", "", "target an already-running server at this URL (its site must be the Pariaman demo)"),
		spawn:       fs.Bool("spawn", false, "run the server as a child process (its RSS is then the server's alone)"),
		serverBin:   fs.String("server-bin", "", "with -spawn: prebuilt server binary (default: go build ./server into a temp dir)"),
		serverFlags: fs.String("server-flags", "--kiosk-rate 0", "with -spawn: extra server flags, space-separated (lift limits the run would hit; \"\" for a binary without them)"),
	}
}

func (c commonFlags) target() Target {
	return Target{URL: *c.server, Spawn: *c.spawn || *c.serverBin != "", ServerBin: *c.serverBin, ServerFlags: strings.Fields(*c.serverFlags)}
}
