package serve_test

import (
	"bufio"
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"antrean/server/serve"
	"antrean/server/servertest"
)

// TestGracefulShutdownEndsStreams cancels the server's context (what
// SIGINT/SIGTERM do in main) while a display stream is open.
func TestGracefulShutdownEndsStreams(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	inst, err := serve.New(context.Background(), serve.Config{DBPath: db, Site: servertest.Pariaman(t),
		BcryptCost: bcrypt.MinCost, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Store.Close()
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- inst.ListenAndServe(ctx, "127.0.0.1:0", func(a net.Addr) { addrc <- a }) }()
	addr := <-addrc
	req, _ := http.NewRequest("GET", "http://"+addr.String()+"/v1/events", nil)
	req.Header.Set("Authorization", "Bearer "+servertest.DisplayToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	if line, _ := br.ReadString('\n'); !strings.HasPrefix(line, "retry:") {
		t.Fatalf("stream did not start: %q", line)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("server did not stop within 5s with a stream open")
	}
	if _, err := io.ReadAll(br); err != nil && !strings.Contains(err.Error(), "closed") {
		t.Logf("stream ended with %v", err)
	}
}

// TestDurableByDefault checks the database runs in WAL with
// synchronous=FULL, i.e. every acknowledged commit is fsync'd.
func TestDurableByDefault(t *testing.T) {
	s := servertest.Start(t)
	issueOne(t, s)
	db, err := sql.Open("sqlite", "file:"+s.DBPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mode string
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode %q %v", mode, err)
	}
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM tickets`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("tickets %d %v", n, err)
	}
	// synchronous is per connection: ask the server's own writer.
	var sync int
	if err := s.Store.Pragma(context.Background(), "synchronous", &sync); err != nil || sync != 2 {
		t.Fatalf("synchronous = %d (%v), want 2 (FULL)", sync, err)
	}
}

func issueOne(t *testing.T, s *servertest.Server) {
	t.Helper()
	req, _ := http.NewRequest("POST", s.URL+"/v1/tickets", strings.NewReader(`{"service_id":"kk"}`))
	req.Header.Set("Authorization", "Bearer "+s.KioskToken)
	req.Header.Set("Idempotency-Key", "one")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("issue: %v %v", resp, err)
	}
	resp.Body.Close()
}
