package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"sort"
	"time"

	_ "modernc.org/sqlite" // the same pure-Go driver the server uses
)

// Dist summarises a set of latencies.
type Dist struct {
	N                  int
	P50, P90, P99, Max time.Duration
}

// distOf sorts d in place and takes nearest-rank percentiles.
func distOf(d []time.Duration) Dist {
	if len(d) == 0 {
		return Dist{}
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	p := func(q float64) time.Duration {
		i := int(q*float64(len(d))+0.999999) - 1
		return d[min(max(i, 0), len(d)-1)]
	}
	return Dist{N: len(d), P50: p(0.50), P90: p(0.90), P99: p(0.99), Max: d[len(d)-1]}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }

func mb(b int64) string { return fmt.Sprintf("%.1f", float64(b)/(1<<20)) }

// commitRate measures the machine's durable single-commit rate: one-row
// INSERT transactions, each committed alone, into a fresh SQLite file with
// WAL and synchronous=FULL (the server's settings), for d.
func commitRate(ctx context.Context, path string, d time.Duration) (commits int, rate float64, err error) {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "busy_timeout(10000)")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var mode string
	if err := db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
		return 0, 0, err
	}
	var sync int
	if err := db.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync); err != nil {
		return 0, 0, err
	}
	if mode != "wal" || sync != 2 {
		return 0, 0, fmt.Errorf("commit-rate file is journal_mode=%s synchronous=%d, want wal/2 (FULL)", mode, sync)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL, at INTEGER NOT NULL)`); err != nil {
		return 0, 0, err
	}
	start := time.Now()
	end := start.Add(d)
	for time.Now().Before(end) && ctx.Err() == nil {
		if _, err := db.ExecContext(ctx, `INSERT INTO t(v, at) VALUES (?, ?)`, "A-001", time.Now().UnixMilli()); err != nil {
			return commits, 0, err
		}
		commits++
	}
	return commits, float64(commits) / time.Since(start).Seconds(), nil
}
