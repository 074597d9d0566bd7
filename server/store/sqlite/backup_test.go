package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"antrean/server/servertest"
	"antrean/server/store/sqlite"
	"antrean/shared/api"
	"antrean/shared/client"
)

func TestOnlineBackup(t *testing.T) {
	s := servertest.Start(t)
	for i := 0; i < 3; i++ {
		if _, err := s.Kiosk().IssueTicket(context.Background(), api.IssueRequest{ServiceID: "kk"}, client.NewIdempotencyKey()); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "backup.db")
	if err := sqlite.Backup(context.Background(), s.DBPath, out); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+out+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM tickets`).Scan(&n); err != nil || n != 3 {
		t.Fatalf("backup has %d tickets (%v), want 3", n, err)
	}
	if err := sqlite.Backup(context.Background(), s.DBPath, out); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("overwriting a backup must fail: %v", err)
	}
}

// The online backup of a database with history, taken while kiosks keep
// issuing: the copy is whole (quick_check) and one consistent moment
// (every service's day counter matches its tickets), and issuing never
// stops. The history benchmark does the same on a year (see README).
func TestOnlineBackupUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a database of 100,000 tickets")
	}
	s := servertest.Start(t)
	ctx := context.Background()
	// History straight into the file (a second connection, as any tool
	// would): 100,000 finished tickets over 100 past days.
	db, err := sql.Open("sqlite", "file:"+s.DBPath+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
		INSERT INTO tickets(id, number, service_id, seq, day, priority, state, issued_at, called_at, started_at, finished_at, counter_id, officer_id, calls)
		SELECT 'hist-' || i, 'B-' || (i % 1000 + 1), 'kk', i % 1000 + 1, date('2026-01-01', '+' || (i / 1000) || ' days'), 'none', 'done',
			1767225600000 + i * 60000, 1767225600000 + i * 60000 + 300000, 1767225600000 + i * 60000 + 310000,
			1767225600000 + i * 60000 + 700000, 'loket-1', 'petugas1', 1 FROM n`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO day_seq(service_id, day, last_seq, issued)
		SELECT service_id, day, MAX(seq), COUNT(*) FROM tickets WHERE id LIKE 'hist-%' GROUP BY service_id, day`); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var issued, failed atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k := s.Kiosk()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := k.IssueTicket(ctx, api.IssueRequest{ServiceID: "akta"}, client.NewIdempotencyKey()); err != nil {
					failed.Add(1)
				} else {
					issued.Add(1)
				}
			}
		}()
	}
	for issued.Load() < 20 { // the load is on before the backup starts
		time.Sleep(5 * time.Millisecond)
	}
	out := filepath.Join(t.TempDir(), "backup.db")
	before := issued.Load()
	err = sqlite.Backup(ctx, s.DBPath, out)
	during := issued.Load() - before
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if failed.Load() > 0 || during == 0 {
		t.Fatalf("issuing during the backup: %d failed, %d succeeded", failed.Load(), during)
	}
	b, err := sql.Open("sqlite", "file:"+out+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var check string
	if err := b.QueryRow(`PRAGMA quick_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("quick_check %q %v", check, err)
	}
	var n, bad int
	if err := b.QueryRow(`SELECT COUNT(*) FROM tickets`).Scan(&n); err != nil || n < 100_020 {
		t.Fatalf("backup holds %d tickets (%v)", n, err)
	}
	if err := b.QueryRow(`SELECT COUNT(*) FROM day_seq d WHERE issued <> (SELECT COUNT(*) FROM tickets t
		WHERE t.service_id = d.service_id AND t.day = d.day AND t.transferred_from = '')`).Scan(&bad); err != nil || bad != 0 {
		t.Fatalf("%d day counters disagree with their tickets (%v): not one moment", bad, err)
	}
}
