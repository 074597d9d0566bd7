//go:build unix

package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"antrean/server/servertest"
	"antrean/server/store/sqlite"
	"antrean/shared/api"
	"antrean/shared/client"
)

func mode(t *testing.T, p string) os.FileMode {
	t.Helper()
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

// The database holds password and token hashes and every citizen's
// ticket: only the server's user may read it, its WAL and its backups.
func TestDatabaseFilesArePrivate(t *testing.T) {
	old := umask(0o022) // the usual umask, which made the file 0644
	defer umask(old)
	dir := filepath.Join(t.TempDir(), "data")
	db := filepath.Join(dir, "antrean.db")
	s := servertest.Start(t, servertest.WithDB(db))
	if _, err := s.Kiosk().IssueTicket(context.Background(), api.IssueRequest{ServiceID: "kk"}, client.NewIdempotencyKey()); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, dir); m != 0o700 {
		t.Errorf("folder %v, want 0700", m)
	}
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		if m := mode(t, p); m != 0o600 {
			t.Errorf("%s: %v, want 0600", filepath.Base(p), m)
		}
	}
	out := filepath.Join(t.TempDir(), "backup.db")
	if err := sqlite.Backup(context.Background(), db, out); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, out); m != 0o600 {
		t.Errorf("backup %v, want 0600", m)
	}
	if err := sqlite.Backup(context.Background(), db+".typo", filepath.Join(t.TempDir(), "b2.db")); err == nil {
		t.Error("backup of a missing database succeeded")
	}

	// A database created world-readable by an older server is tightened.
	s.Stop()
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		os.Chmod(p, 0o644)
	}
	s2 := servertest.Start(t, servertest.WithDB(db))
	defer s2.Stop()
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		if _, err := os.Stat(p); err == nil {
			if m := mode(t, p); m != 0o600 {
				t.Errorf("reopened %s: %v, want 0600", filepath.Base(p), m)
			}
		}
	}
}
