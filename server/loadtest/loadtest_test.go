package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

func TestIssueTinyRun(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := RunIssue(ctx, IssueOptions{Clients: 5, Duration: time.Second, CommitFor: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Check(); err != nil {
		t.Fatal(err)
	}
	if res.Errors != 0 || res.Tickets == 0 {
		t.Fatalf("errors %d, tickets %d", res.Errors, res.Tickets)
	}
	if !res.DBChecked || res.DBRows != res.Tickets || len(res.DBProblems) != 0 {
		t.Fatalf("db check: checked %v, rows %d of %d, problems %v", res.DBChecked, res.DBRows, res.Tickets, res.DBProblems)
	}
	if res.Commits == 0 || res.CommitRate <= 0 {
		t.Fatalf("commit-rate loop did not run: %d commits", res.Commits)
	}
	var out bytes.Buffer
	res.Print(&out)
	if !strings.Contains(out.String(), "RESULT issue server=in-process synchronous=FULL clients=5 ") || !strings.Contains(out.String(), " errors=0 dense=true ") {
		t.Fatalf("unexpected output:\n%s", out.String())
	}
}

func TestStreamTinyRun(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := RunStream(ctx, StreamOptions{Clients: 10, Calls: 5, Pace: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Check(); err != nil {
		t.Fatal(err)
	}
	if res.Calls != 5 || res.Deliveries != 50 || res.Missing != 0 || res.Connected != 10 {
		t.Fatalf("calls %d, deliveries %d, missing %d, connected %d", res.Calls, res.Deliveries, res.Missing, res.Connected)
	}
	if res.PID != os.Getpid() || res.RSS <= 0 {
		t.Fatalf("in-process RSS not read: pid %d rss %d", res.PID, res.RSS)
	}
	var out bytes.Buffer
	res.Print(&out)
	if !strings.Contains(out.String(), "RESULT stream server=in-process clients=10 calls=5 deliveries=50 missing=0 ") {
		t.Fatalf("unexpected output:\n%s", out.String())
	}
}

// The child-process variant builds ./server, so it is left out of -short.
func TestStreamSpawnedServer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the server binary")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	res, err := RunStream(ctx, StreamOptions{Target: Target{Spawn: true}, Clients: 10, Calls: 5, Pace: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Check(); err != nil {
		t.Fatal(err)
	}
	if res.Missing != 0 || res.Deliveries != 50 {
		t.Fatalf("deliveries %d, missing %d", res.Deliveries, res.Missing)
	}
	if res.PID == os.Getpid() || res.PID <= 0 || res.RSS <= 0 || !strings.HasPrefix(res.RSSNote, "server") {
		t.Fatalf("child RSS not read: pid %d rss %d note %q", res.PID, res.RSS, res.RSSNote)
	}
}

func TestCheckResponsesFindsDuplicatesAndGaps(t *testing.T) {
	ok := []issued{{"a|d", 1, "x1"}, {"a|d", 2, "x2"}, {"b|d", 1, "x3"}}
	if d, g := checkResponses(ok); d != 0 || g != 0 {
		t.Fatalf("clean set: %d dups %d gaps", d, g)
	}
	bad := []issued{{"a|d", 1, "x1"}, {"a|d", 1, "x2"}, {"a|d", 4, "x3"}, {"b|d", 1, "x3"}}
	if d, g := checkResponses(bad); d != 2 || g != 2 {
		t.Fatalf("bad set: %d dups (want 2: a number and an id), %d gaps (want 2)", d, g)
	}
}

func TestDistPercentiles(t *testing.T) {
	var d []time.Duration
	for i := 100; i >= 1; i-- {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	got := distOf(d)
	if got.N != 100 || got.P50 != 50*time.Millisecond || got.P90 != 90*time.Millisecond || got.P99 != 99*time.Millisecond || got.Max != 100*time.Millisecond {
		t.Fatalf("%+v", got)
	}
}

func TestUsageAndUnknownMode(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), nil, &out); err != nil || !strings.Contains(out.String(), "usage: loadtest") {
		t.Fatalf("usage: %v %q", err, out.String())
	}
	if err := run(context.Background(), []string{"nonsense"}, &out); err == nil {
		t.Fatal("unknown mode accepted")
	}
	if err := run(context.Background(), []string{"issue", "-spawn", "-sync", "NORMAL"}, &out); err == nil {
		t.Fatal("-sync with -spawn accepted")
	}
}

// The CI-sized history run: three days of 300 tickets, the same code path
// as the year-long benchmark, so the command cannot rot.
func TestHistoryTinyRun(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var log bytes.Buffer
	res, err := RunHistory(ctx, HistoryOptions{Days: 3, PerDay: 300, Samples: 10, Backup: true, Log: &log})
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	if res.Tickets < 900 || res.FileBytes == 0 || res.Startup <= 0 || res.BackupCheck != "ok" || res.BackupRows < res.Tickets {
		t.Fatalf("%+v", res)
	}
	if len(res.Paths) != 22 { // 13 of issue 11, 9 of issue 17 (staff, daily, waits, charts)
		t.Fatalf("%d paths measured", len(res.Paths))
	}
	for _, p := range res.Paths {
		if p.Empty.N == 0 || p.Filled.N == 0 {
			t.Fatalf("%s not measured on both databases: %+v", p.Name, p)
		}
	}
	var out bytes.Buffer
	res.Print(&out)
	for _, want := range []string{"RESULT history days=3 per_day=300 ", "synchronous=OFF (fill only; every measurement below runs FULL)",
		"GET /v1/board", "reports/summary 365d", "online backup"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("output lacks %q:\n%s", want, out.String())
		}
	}
}
