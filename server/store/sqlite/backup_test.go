package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

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
