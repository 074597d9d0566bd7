package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/crypto/bcrypt"

	"antrean/assets"
	"antrean/server/config"
	"antrean/server/serve"
)

// Target says which server a run talks to.
type Target struct {
	URL       string // an already-running server; empty = start one
	Spawn     bool   // start the server as a child process instead of in-process
	ServerBin string // with Spawn: prebuilt binary (default: go build ./server)
	// Synchronous, if set and not FULL, assembles the in-process server
	// by hand with this SQLite synchronous mode: a diagnostic that shows
	// how much of the cost is the fsync per commit. Never a product figure.
	Synchronous string
	// ServerFlags are extra flags of a spawned server (limits the run
	// must lift, e.g. --kiosk-rate 0; empty for a binary without them).
	ServerFlags []string
}

func (t Target) kind() string {
	switch {
	case t.URL != "":
		return "external"
	case t.Spawn:
		return "child process"
	}
	return "in-process"
}

// running is a server under test.
type running struct {
	URL    string
	DBPath string // empty for an external server
	PID    int    // the server's process id (os.Getpid() in-process, 0 external)
	stop   func() error
}

// Stop shuts the server down and waits for it (idempotent).
func (r *running) Stop() error {
	if r.stop == nil {
		return nil
	}
	err := r.stop()
	r.stop = nil
	return err
}

// benchSite is the Pariaman demo site as TOML with every daily quota removed,
// so a long run is not stopped by "kuota habis".
func benchSite() ([]byte, *config.File, error) {
	b, err := assets.ReadFile("sites/pariaman.toml")
	if err != nil {
		return nil, nil, err
	}
	var out bytes.Buffer
	quota := regexp.MustCompile(`^\s*quota\s*=`)
	for _, line := range strings.SplitAfter(string(b), "\n") {
		if !quota.MatchString(line) {
			out.WriteString(line)
		}
	}
	f, err := config.Parse(out.Bytes())
	if err != nil {
		return nil, nil, fmt.Errorf("bench site: %w", err)
	}
	for i := range f.Services {
		if f.Services[i].DailyQuota != 0 {
			return nil, nil, fmt.Errorf("bench site: service %s still has a quota", f.Services[i].ID)
		}
	}
	return out.Bytes(), f, nil
}

// startServer starts (or points at) the server of a run. dir holds the
// database and, when spawning, the site file, the binary and the log.
func startServer(ctx context.Context, t Target, dir string) (*running, error) {
	if t.URL != "" {
		return &running{URL: strings.TrimRight(t.URL, "/")}, nil
	}
	site, f, err := benchSite()
	if err != nil {
		return nil, err
	}
	db := filepath.Join(dir, "antrean.db")
	if t.Spawn {
		return spawnServer(ctx, t.ServerBin, dir, db, site, t.ServerFlags)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	inst, err := serve.New(ctx, serve.Config{DBPath: db, Site: f, BcryptCost: bcrypt.MinCost, Logger: logger,
		Synchronous: strings.ToUpper(t.Synchronous)})
	if err != nil {
		return nil, err
	}
	serveFn := inst.ListenAndServe
	sctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- serveFn(sctx, "127.0.0.1:0", func(a net.Addr) { addrc <- a }) }()
	select {
	case a := <-addrc:
		return &running{URL: "http://" + a.String(), DBPath: db, PID: os.Getpid(), stop: func() error {
			cancel()
			err := <-done
			if cerr := inst.Store.Close(); err == nil {
				err = cerr
			}
			return err
		}}, nil
	case err := <-done:
		cancel()
		inst.Store.Close()
		return nil, err
	}
}

// moduleRoot is the folder of go.mod, for building ./server.
func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside the antrean module: run from the repository or pass -server-bin")
	}
	return filepath.Dir(mod), nil
}

var listenRE = regexp.MustCompile(`addr=(\S+)`)

// spawnServer runs the real server binary as a child, on a free loopback
// port it reports in its start-up log line.
func spawnServer(ctx context.Context, bin, dir, db string, site []byte, flags []string) (*running, error) {
	if bin == "" {
		root, err := moduleRoot(ctx)
		if err != nil {
			return nil, err
		}
		bin = filepath.Join(dir, "antrean-server")
		build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./server")
		build.Dir = root
		if out, err := build.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go build ./server: %v\n%s", err, out)
		}
	}
	sitePath := filepath.Join(dir, "site.toml")
	if err := os.WriteFile(sitePath, site, 0o600); err != nil {
		return nil, err
	}
	logPath := filepath.Join(dir, "server.log")
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, append([]string{"--addr", "127.0.0.1:0", "--db", db, "--site", sitePath}, flags...)...)
	cmd.Env = append(os.Environ(), "ANTREAN_DEBUG=")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		logf.Close()
		return nil, err
	}
	cmd.Stdout = logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	addrc := make(chan string, 1)
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		sc := bufio.NewScanner(stderr)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(logf, line)
			if m := listenRE.FindStringSubmatch(line); !sent && m != nil && strings.Contains(line, "listening") {
				addrc <- m[1]
				sent = true
			}
		}
	}()
	exited := make(chan error, 1)
	go func() {
		<-copied
		exited <- cmd.Wait()
		logf.Close()
	}()
	stop := func() error {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			return err
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
			return errors.New("server did not stop within 15 s after SIGTERM; killed")
		}
	}
	select {
	case a := <-addrc:
		return &running{URL: "http://" + a, DBPath: db, PID: cmd.Process.Pid, stop: stop}, nil
	case err := <-exited:
		log, _ := os.ReadFile(logPath)
		return nil, fmt.Errorf("server exited at start (%v):\n%s", err, log)
	case <-time.After(60 * time.Second):
		_ = stop()
		return nil, errors.New("server did not report its address within 60 s")
	case <-ctx.Done():
		_ = stop()
		return nil, ctx.Err()
	}
}

// procCPU is the user+system CPU time a process has used so far.
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name "(…)": state is 3, utime 14, stime 15.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100, nil // USER_HZ is 100 on Linux
}

// procStatus reads VmRSS and VmHWM (peak) of a process, in bytes.
func procStatus(pid int) (rss, hwm int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		kb, perr := strconv.ParseInt(fields[1], 10, 64)
		if perr != nil {
			continue
		}
		switch fields[0] {
		case "VmRSS:":
			rss = kb * 1024
		case "VmHWM:":
			hwm = kb * 1024
		}
	}
	if rss == 0 {
		return 0, 0, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
	}
	return rss, hwm, nil
}

// raiseFDLimit lifts the open-file soft limit to the hard limit (500+
// connections need 1000+ descriptors with both ends in one process).
func raiseFDLimit() (uint64, error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, err
	}
	if lim.Cur < lim.Max {
		lim.Cur = lim.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
			return 0, err
		}
	}
	return lim.Cur, nil
}
