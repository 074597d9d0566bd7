package sqlite

import (
	"context"
	"database/sql"
	"encoding/binary"
	"testing"
	"time"

	"antrean/server/store"
	"antrean/shared/api"
)

// Today's databases: tickets from before visits become one-step visits
// (transfer chains one visit each), a day closed before visit figures gets
// them at start-up, and its summary figures still decode.
func TestVisitMigrationFromV4(t *testing.T) {
	ts := newStore(t, nil)
	ctx := context.Background()
	// Yesterday, as version 4 would have left it: a plain ticket served, a
	// ticket transferred twice and served, a no-show. Written through the
	// store, then turned back into v4 rows below.
	ts.clk.Set(thursday.Add(-24 * time.Hour))
	p1 := officer("petugas1", "loket-1")
	a := ts.issue("ktp-el", api.PriorityNone)
	b := ts.issue("ktp-el", api.PriorityNone)
	c := ts.issue("ktp-el", api.PriorityNone)
	ts.serve(p1, "loket-1", a.ID)
	ts.callNext(p1, "loket-1")
	b2, err := ts.Transfer(ctx, p1, b.ID, "kk")
	if err != nil {
		t.Fatal(err)
	}
	ts.callNext(p1, "loket-1")
	b3, err := ts.Transfer(ctx, p1, b2.ID, "akta")
	if err != nil {
		t.Fatal(err)
	}
	p2 := officer("petugas2", "loket-2")
	ts.serve(p2, "loket-2", b3.ID)
	ts.callNext(p1, "loket-1")
	ts.act(p1, c.ID, "no-show")
	// Closed by v4: its summary figures in the v1 encoding, no visit
	// figures (rewritten below).
	ts.clk.Set(thursday)
	if err := ts.Housekeep(ctx); err != nil {
		t.Fatal(err)
	}
	ts.Close()

	// Back to v6 (before visits): drop what migration 7 added (SQLite ≥ 3.35 drops columns).
	db, err := sql.Open("sqlite", "file:"+ts.path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DROP INDEX tickets_visit`, `DROP INDEX tickets_number`, `DROP TABLE ticket_notes`,
		`ALTER TABLE tickets DROP COLUMN visit_id`, `ALTER TABLE tickets DROP COLUMN step`, `ALTER TABLE tickets DROP COLUMN route`,
		`ALTER TABLE tickets DROP COLUMN origin`, `ALTER TABLE tickets DROP COLUMN entered_at`,
		`ALTER TABLE closed_days DROP COLUMN visits`,
		`CREATE UNIQUE INDEX tickets_number ON tickets(service_id, day, seq) WHERE transferred_from = ''`,
		`DELETE FROM schema_migrations WHERE version = 7`,
		// Later migrations go too (the file is a v6 one).
		`DROP TABLE announcements`, `DROP TABLE media`, `DELETE FROM schema_migrations WHERE version > 7`,
		`DELETE FROM day_stats WHERE dim = 'v'`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	rows, err := db.Query(`SELECT dim, day, key, data FROM day_stats`)
	if err != nil {
		t.Fatal(err)
	}
	type stat struct {
		dim, day, key string
		data          []byte
	}
	var v1 []stat
	for rows.Next() {
		var x stat
		rows.Scan(&x.dim, &x.day, &x.key, &x.data)
		v1 = append(v1, x)
	}
	rows.Close()
	for _, x := range v1 {
		d, err := decodeStats(x.data)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`UPDATE day_stats SET data = ? WHERE dim = ? AND day = ? AND key = ?`, encodeV1(d), x.dim, x.day, x.key); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	// Today: the server starts on the v4 file; yesterday gets its visit
	// figures once.
	ts.open()
	if err := ts.Housekeep(ctx); err != nil {
		t.Fatal(err)
	}
	var key2, key3 string
	ts.r.QueryRow(`SELECT visit_id FROM tickets WHERE id = ?`, b2.ID).Scan(&key2)
	ts.r.QueryRow(`SELECT visit_id FROM tickets WHERE id = ?`, b3.ID).Scan(&key3)
	if key2 != b.ID || key3 != b.ID {
		t.Fatalf("transfer chain visit ids %q %q, want %q", key2, key3, b.ID)
	}
	if g := ts.ticket(a.ID); len(g.Route) != 1 || g.Route[0].ServiceID != "ktp-el" || g.Route[0].State != api.StateDone {
		t.Fatalf("old ticket's route %+v", g.Route)
	}
	day := a.Day
	rep, err := ts.VisitReport(ctx, store.ReportQuery{From: day, To: day})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total.Visits != 3 || rep.Total.Completed != 2 || rep.Total.Steps != 3 || len(rep.Rows) != 1 {
		t.Fatalf("yesterday's visits %+v", rep)
	}
	var stored int
	ts.r.QueryRow(`SELECT COUNT(*) FROM day_stats WHERE dim = 'v' AND day = ?`, day).Scan(&stored)
	var marked int
	ts.r.QueryRow(`SELECT visits FROM closed_days WHERE day = ?`, day).Scan(&marked)
	if stored != 1 || marked != 1 {
		t.Fatalf("visit figures stored %d, marked %d", stored, marked)
	}
	sum, err := ts.Summary(ctx, store.ReportQuery{From: day, To: day, Group: api.GroupSite})
	if err != nil || sum.Total.Issued != 3 || sum.Total.TransferredIn != 2 || sum.Total.Served != 2 || sum.Total.NoShow != 1 {
		t.Fatalf("yesterday's summary %+v %v", sum.Total, err)
	}
	// New numbers go on as before; a new visit works on the old file.
	v := ts.issueVisit(api.PriorityNone, "ktp-el", "sim")
	if v.Number != "A-001" || len(v.Route) != 2 {
		t.Fatalf("new visit %+v", v)
	}
}

// A closed day's figures are written once and equal what the day's rows
// say; the open tickets of a visit expire and later steps never open.
func TestVisitDayEnd(t *testing.T) {
	ts := newStore(t, nil)
	ctx := context.Background()
	p1 := officer("petugas1", "loket-1")
	done := ts.issueVisit(api.PriorityNone, "ktp-el", "sim")
	half := ts.issueVisit(api.PriorityNone, "ktp-el", "sim")
	ts.serve(p1, "loket-1", done.ID)
	ts.serve(p1, "loket-1", half.ID)
	ts.serve(officer("petugas6", "loket-7"), "loket-7", done.ID)
	day := done.Day
	live, err := ts.VisitReport(ctx, store.ReportQuery{})
	if err != nil {
		t.Fatal(err)
	}
	ts.clk.Set(thursday.Add(24 * time.Hour))
	if err := ts.Housekeep(ctx); err != nil {
		t.Fatal(err)
	}
	if g := ts.ticket(half.ID); g.State != api.StateExpired || states(g.Route) != "ktp-el:done sim:*expired" {
		t.Fatalf("half-served visit after the day: %s", states(g.Route))
	}
	closed, err := ts.VisitReport(ctx, store.ReportQuery{From: day, To: day})
	if err != nil {
		t.Fatal(err)
	}
	if closed.Total.Visits != 2 || closed.Total.Completed != 1 || closed.Total.StepsDone != 3 ||
		*closed.Total.P90Minutes != *live.Total.P90Minutes || *closed.Total.AvgMinutes != *live.Total.AvgMinutes {
		t.Fatalf("closed day %+v, live %+v", closed.Total, live.Total)
	}
	// Read from day_stats, not the rows: change a row behind the store's
	// back and the closed day's figures stay.
	if _, err := ts.w.Exec(`UPDATE tickets SET state = 'cancelled' WHERE day = ?`, day); err != nil {
		t.Fatal(err)
	}
	again, err := ts.VisitReport(ctx, store.ReportQuery{From: day, To: day})
	if err != nil || again.Total.Completed != 1 {
		t.Fatalf("closed day recomputed: %+v %v", again.Total, err)
	}
}

// encodeV1 is dayStats as version 1 wrote it: no routedIn, returned.
func encodeV1(d *dayStats) []byte {
	b := []byte{1}
	for _, v := range []int64{d.issued, d.transferredIn, d.served, d.noShow, d.cancelled, d.transferred, d.expired,
		d.open, d.called, d.waitMs, d.serveMs, d.serveN} {
		b = binary.AppendVarint(b, v)
	}
	b = d.waits.AppendBinary(b)
	b = d.serves.AppendBinary(b)
	for _, v := range d.hours {
		b = binary.AppendVarint(b, v)
	}
	return b
}

func TestDayStatsVersions(t *testing.T) {
	d := newStats()
	d.issued, d.served, d.routedIn, d.returned = 7, 5, 3, 1
	d.waits.Add(90)
	got, err := decodeStats(d.encode())
	if err != nil || got.routedIn != 3 || got.returned != 1 || got.issued != 7 {
		t.Fatalf("v2 round trip %+v %v", got, err)
	}
	old, err := decodeStats(encodeV1(d))
	if err != nil || old.routedIn != 0 || old.issued != 7 || old.served != 5 || old.waits.N() != 1 {
		t.Fatalf("v1 %+v %v", old, err)
	}
	if _, err := decodeStats(d.encode()[:10]); err == nil {
		t.Fatal("truncated figures decoded")
	}
}
