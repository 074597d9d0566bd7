package sqlite

import (
	"context"
	"strings"
	"testing"

	"antrean/server/config"
	"antrean/shared/api"
)

// The plain [site] list becomes always-on entries site-1…; [[announcements]]
// are seeded as written; the stored site no longer carries the plain list
// (so a display does not run it twice).
func TestAnnouncementsSeeded(t *testing.T) {
	ts := newStore(t, func(f *config.File) {
		f.Site.Announcements = []string{"Satu.", "Dua."}
		f.Announcements = []api.Announcement{{ID: "imigrasi", Text: "Paspor: bawa KTP-el.", TextEN: "Passport: bring your ID.",
			Start: "08:00", End: "12:00", Zones: []string{"b"}, Enabled: true, Order: 5}}
	})
	ctx := context.Background()
	as, _ := ts.Announcements(ctx)
	var ids []string
	for _, a := range as {
		ids = append(ids, a.ID)
	}
	if strings.Join(ids, ",") != "site-1,site-2,imigrasi" || !as[0].Enabled || as[0].Text != "Satu." || as[0].Start != "" {
		t.Fatalf("seeded %+v", as)
	}
	b, err := ts.Board(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Site.Announcements) != 0 || len(b.Announcements) != 3 || b.Announcements[2].Zones[0] != "b" {
		t.Fatalf("board site list %q, announcements %+v", b.Site.Announcements, b.Announcements)
	}

	// An admin's change to a [[announcements]] entry survives a restart;
	// the plain list is the file's: a shorter list removes site-2.
	a := as[2]
	a.Text = "Paspor: bawa KTP-el dan KK."
	if _, err := ts.SaveAnnouncement(ctx, a, false); err != nil {
		t.Fatal(err)
	}
	ts.site.Site.Announcements = []string{"Satu, diubah."}
	if err := ts.Seed(ctx, ts.site); err != nil {
		t.Fatal(err)
	}
	as, _ = ts.Announcements(ctx)
	if len(as) != 2 || as[0].ID != "site-1" || as[0].Text != "Satu, diubah." || as[1].Text != "Paspor: bawa KTP-el dan KK." {
		t.Fatalf("after a second seed %+v", as)
	}
	// Reseed makes the file win.
	if err := ts.Reseed(ctx, ts.site); err != nil {
		t.Fatal(err)
	}
	as, _ = ts.Announcements(ctx)
	if as[1].Text != "Paspor: bawa KTP-el." {
		t.Fatalf("after reseed %+v", as)
	}
}

// Every change writes catalog.updated with the whole list in the same
// transaction: the stored event follows the change, the board read after
// it has the same seq and list, and a refused change writes nothing.
func TestAnnouncementChangesEmitInTheirTransaction(t *testing.T) {
	ts := newStore(t, func(f *config.File) { f.Site.Announcements = nil })
	ctx := context.Background()
	last := func() int64 {
		n, err := ts.LastSeq(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	seq0, pub0 := last(), ts.evs.count()
	a, err := ts.SaveAnnouncement(ctx, api.Announcement{Text: "  Layanan Samsat pindah ke lantai 2.  ", From: "2026-11-26", Until: "2026-11-30", Enabled: true}, true)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "pengumuman-1" || a.Text != "Layanan Samsat pindah ke lantai 2." || a.Order != 0 {
		t.Fatalf("created %+v", a)
	}
	evs, _, err := ts.EventsAfter(ctx, seq0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].Event.Type != api.EventCatalogUpdated {
		t.Fatalf("stored events after the create: %+v", evs)
	}
	d, _ := evs[0].Event.Decode()
	if len(d.Announcements) != 1 || d.Announcements[0].ID != a.ID || d.Announcements[0].Until != "2026-11-30" {
		t.Fatalf("event data %+v", d)
	}
	if pub := ts.evs.since(pub0, api.EventCatalogUpdated); len(pub) != 1 || len(pub[0].Announcements) != 1 {
		t.Fatalf("published %+v", pub)
	}
	b, _ := ts.Board(ctx, "a")
	if b.Seq != evs[0].Event.ID || len(b.Announcements) != 1 || b.Announcements[0].Text != a.Text {
		t.Fatalf("board seq %d (event %d), announcements %+v", b.Seq, evs[0].Event.ID, b.Announcements)
	}

	// A second one goes after the first.
	b2, err := ts.SaveAnnouncement(ctx, api.Announcement{Text: "Kedua.", Enabled: true}, true)
	if err != nil || b2.ID != "pengumuman-2" || b2.Order != 1 {
		t.Fatalf("second create %+v %v", b2, err)
	}
	if err := ts.DeleteAnnouncement(ctx, b2.ID); err != nil {
		t.Fatal(err)
	}

	// Refused: nothing stored, no event.
	seq1 := last()
	for _, bad := range []api.Announcement{
		{Text: ""},
		{Text: strings.Repeat("x", api.AnnouncementMaxText+1)},
		{Text: "ok", TextEN: "bad\nline"},
		{Text: "ok", From: "2026-13-01"},
		{Text: "ok", From: "2026-12-02", Until: "2026-12-01"},
		{Text: "ok", Start: "08:00"},
		{Text: "ok", Start: "8:00", End: "12:00"},
		{Text: "ok", Start: "08:00", End: "24:01"},
		{Text: "ok", Start: "08:00", End: "08:00"},
		{Text: "ok", ID: "Bad Id"},
		{Text: "ok", ID: "site-3"},
		{Text: "ok", Zones: []string{strings.Repeat("z", 41)}},
	} {
		_, err := ts.SaveAnnouncement(ctx, bad, true)
		wantCode(t, err, api.CodeInvalidInput)
	}
	_, err = ts.SaveAnnouncement(ctx, api.Announcement{ID: a.ID, Text: "dup"}, true)
	wantCode(t, err, api.CodeConflict)
	_, err = ts.SaveAnnouncement(ctx, api.Announcement{ID: "nope", Text: "x"}, false)
	wantCode(t, err, api.CodeNotFound)
	wantCode(t, ts.DeleteAnnouncement(ctx, "nope"), api.CodeNotFound)
	if got := last(); got != seq1 {
		t.Fatalf("refused changes wrote events: seq %d → %d", seq1, got)
	}
	if as, _ := ts.Announcements(ctx); len(as) != 1 {
		t.Fatalf("refused changes stored something: %+v", as)
	}

	// Update and delete emit too; the list survives a restart.
	a.Enabled, a.Start, a.End = false, "20:00", "06:00"
	if _, err := ts.SaveAnnouncement(ctx, a, false); err != nil {
		t.Fatal(err)
	}
	ts.reopen()
	as, _ := ts.Announcements(ctx)
	if len(as) != 1 || as[0].Enabled || as[0].Start != "20:00" {
		t.Fatalf("after restart %+v", as)
	}
	seq2 := last()
	if err := ts.DeleteAnnouncement(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	evs, _, _ = ts.EventsAfter(ctx, seq2, 10)
	if len(evs) != 1 {
		t.Fatalf("delete events %+v", evs)
	}
	if d, _ := evs[0].Event.Decode(); len(d.Announcements) != 0 {
		t.Fatalf("delete event still lists %+v", d.Announcements)
	}
}
