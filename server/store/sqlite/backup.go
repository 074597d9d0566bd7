package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
)

// Backup writes a consistent copy of the database at path to out while the
// server keeps running (VACUUM INTO reads one snapshot; WAL lets writers
// go on). out must not exist yet.
func Backup(ctx context.Context, path, out string) error {
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("backup: %s already exists", out)
	}
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("backup: database: %w", err) // never back up a fresh empty file
	}
	// The copy is as secret as the database: created 0600 (empty, which
	// VACUUM INTO accepts) before SQLite writes into it.
	f, err := os.OpenFile(out, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	f.Close()
	db, err := sql.Open("sqlite", "file:"+uriPath.Replace(path)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		os.Remove(out)
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, out); err != nil {
		os.Remove(out)
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
