package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
)

// The fake's side of visits: notes and route edits on the current
// ticket's visit, with the server's checks that matter to the console.

func (f *fakeAPI) AddNote(_ context.Context, id, text string) (api.Note, error) {
	if err := f.gate("AddNote"); err != nil {
		return api.Note{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	v := f.visitOf(id)
	n := api.Note{ID: int64(len(v.Notes) + 1), Text: strings.TrimSpace(text), Author: "Petugas Satu", CounterName: "Loket 1", At: f.now()}
	v.Notes = append(v.Notes, n)
	return n, nil
}

func (f *fakeAPI) EditRoute(_ context.Context, id string, step int, ids []string) (api.Ticket, error) {
	if err := f.gate("EditRoute"); err != nil {
		return api.Ticket{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, cur := range f.current {
		if cur.ID != id {
			continue
		}
		if cur.Step != step {
			return api.Ticket{}, &api.Error{Code: api.CodeConflict, Detail: "stale step"}
		}
		route := append([]api.Step{}, cur.Route[:step+1]...)
		for _, sid := range ids {
			s := f.svc(sid)
			route = append(route, api.Step{ServiceID: sid, ServiceName: s.Name, State: api.StatePending})
		}
		cur.Route = route
		return *cur, nil
	}
	return api.Ticket{}, &api.Error{Code: api.CodeNotFound}
}

// visitOf is the visit of a ticket (f.mu held).
func (f *fakeAPI) visitOf(id string) *api.Visit {
	if f.visits == nil {
		f.visits = map[string]*api.Visit{}
	}
	v := f.visits[id]
	if v == nil {
		v = &api.Visit{}
		f.visits[id] = v
	}
	return v
}

// visitTicket queues a ticket at step 2 of 3 of a visit, with the first
// step served elsewhere and a note from its officer.
func (f *fakeAPI) visitTicket(note string) api.Ticket {
	t := f.issue("ktp", api.PriorityNone)
	f.mu.Lock()
	defer f.mu.Unlock()
	done := f.now().Add(-20 * time.Minute)
	called := done.Add(-10 * time.Minute)
	route := []api.Step{
		{ServiceID: "kk", ServiceName: "Kartu Keluarga", AgencyShort: "Disdukcapil", State: api.StateDone, CounterName: "Loket 3 — Disdukcapil"},
		{ServiceID: "ktp", ServiceName: "KTP Elektronik", AgencyShort: "Disdukcapil", State: api.StateWaiting, Current: true},
		{ServiceID: "paspor", ServiceName: "Paspor", AgencyShort: "Imigrasi", State: api.StatePending},
	}
	for i := range f.queue {
		if f.queue[i].ID == t.ID {
			f.queue[i].Route, f.queue[i].Step = route, 1
			t = f.queue[i]
		}
	}
	v := f.visitOf(t.ID)
	v.Rows = []api.VisitRow{{Step: 0, ServiceID: "kk", ServiceName: "Kartu Keluarga", State: api.StateDone, CounterName: "Loket 3 — Disdukcapil",
		Officer: "Siti Rahmah", CalledAt: &called, FinishedAt: &done}}
	if note != "" {
		v.Notes = []api.Note{{ID: 1, Step: 0, ServiceName: "Kartu Keluarga", CounterName: "Loket 3 — Disdukcapil", Author: "Siti Rahmah", Text: note, At: done}}
	}
	return t
}

func TestConsoleShowsVisitRouteAndNote(t *testing.T) {
	h := newFakeHarness(t)
	h.win.Resize(fyne.NewSize(1366, 768))
	h.c.Start()
	h.login("petugas1", "demo123")
	tk := h.fake.visitTicket("KK lama sudah diserahkan; pemohon perlu fotokopi akta")
	h.key(fyne.KeyF1)
	d := h.c.Desk
	if d.view.Current == nil || d.view.Current.ID != tk.ID {
		t.Fatalf("called %+v", d.view.Current)
	}
	if !d.Route.Visible() || d.Route.Text != "Kunjungan 2/3 · berikutnya: Paspor (Imigrasi)" {
		t.Fatalf("route line %q visible=%v", d.Route.Text, d.Route.Visible())
	}
	if !d.LastNote.Visible() || !strings.Contains(d.LastNote.Text, "Catatan Loket 3 · Siti Rahmah: KK lama") {
		t.Fatalf("note line %q", d.LastNote.Text)
	}
	if d.VisitBtn.Disabled() {
		t.Fatal("visit button disabled with a called ticket")
	}
	// F9: every step, the earlier one with where and who.
	h.key(fyne.KeyF9)
	v := d.visit
	if v == nil || len(v.Steps) != 3 || len(v.Notes) != 1 {
		t.Fatalf("visit dialog %+v", v)
	}
	if got := v.Steps[0].Text; !strings.Contains(got, "Selesai · Loket 3 · Siti Rahmah") {
		t.Fatalf("step 1 %q", got)
	}
	if !strings.Contains(v.Steps[1].Text, "Sekarang di loket ini") || v.Remove[1] != nil || v.Remove[2] == nil {
		t.Fatalf("step 2 %q, remove buttons %v", v.Steps[1].Text, v.Remove)
	}
	// A note for the next officer.
	test.Type(v.Entry, "Sidik jari sudah direkam")
	if v.Save.Disabled() {
		t.Fatal("save disabled with a note typed")
	}
	test.Tap(v.Save)
	h.settle()
	if d.visit == nil || len(d.visit.Notes) != 2 || d.visit.Entry.Text != "" {
		t.Fatalf("after saving: %d notes, entry %q", len(d.visit.Notes), d.visit.Entry.Text)
	}
	if h.fake.count("AddNote") != 1 {
		t.Fatal("note not sent")
	}
	// Remove the later step, add another.
	test.Tap(d.visit.Remove[2])
	h.settle()
	if cur := d.view.Current; len(cur.Route) != 2 || len(d.visit.Steps) != 2 {
		t.Fatalf("after removing: %+v", cur.Route)
	}
	test.Tap(d.visit.Add)
	h.pump.drain()
	if d.transfer == nil || d.transfer.onPick == nil {
		t.Fatal("no service picker")
	}
	d.transfer.choose("paspor")
	test.Tap(d.transfer.OK)
	h.settle()
	if cur := d.view.Current; len(cur.Route) != 3 || cur.Route[2].ServiceID != "paspor" {
		t.Fatalf("after adding: %+v", cur.Route)
	}
	if h.fake.count("Transfer") != 0 {
		t.Fatal("adding a step transferred the ticket")
	}
	// The compact window says it in one short line.
	h.win.Resize(fyne.NewSize(480, 640))
	h.pump.drain()
	if !d.compactCard || d.Route.Text != "Kunjungan 2/3 · 2 catatan (F9)" || d.LastNote.Visible() {
		t.Fatalf("compact: %q, note shown %v", d.Route.Text, d.LastNote.Visible())
	}
	// Esc closes the dialog; F-keys work again.
	h.press(fyne.KeyEscape)
	if d.visit != nil || d.dialogOpen {
		t.Fatal("Esc left the visit dialog open")
	}
	h.key(fyne.KeyF3)
	if d.view.Current.State != api.StateServing {
		t.Fatalf("F3 after the dialog: %s", d.view.Current.State)
	}
}

// A single-service ticket shows no route line; the dialog still takes a
// note and can add a next service.
func TestConsoleSingleServiceVisit(t *testing.T) {
	h := newFakeHarness(t)
	h.c.Start()
	h.login("petugas1", "demo123")
	h.fake.issue("ktp", api.PriorityNone)
	h.key(fyne.KeyF1)
	d := h.c.Desk
	if d.Route.Visible() || d.LastNote.Visible() {
		t.Fatal("route or note line on a single-service ticket")
	}
	h.key(fyne.KeyF9)
	if d.visit == nil || len(d.visit.Steps) != 1 || d.visit.Add.Disabled() {
		t.Fatalf("dialog %+v", d.visit)
	}
	h.press(fyne.KeyEscape)
	h.key(fyne.KeyF3)
	h.key(fyne.KeyF4)
	if !d.VisitBtn.Disabled() {
		t.Fatal("visit button enabled with no ticket")
	}
}

// asVisit makes the counter's current ticket step 2 of 3 of a visit with
// long service names and a note of the longest length, and re-reads the
// view (for the layout matrix).
func (h *harness) asVisit() {
	h.t.Helper()
	f := h.fake
	f.mu.Lock()
	cur := f.current["loket-1"]
	if cur == nil {
		f.mu.Unlock()
		h.t.Fatal("no current ticket to make a visit of")
	}
	done := f.now().Add(-25 * time.Minute)
	called := done.Add(-12 * time.Minute)
	long := "Penerbitan dan Perpanjangan Izin Layanan Nomor 2 Beserta Legalisasi Dokumen Pendukung"
	cur.Route = []api.Step{
		{ServiceID: "ag01-s1", ServiceName: long, AgencyShort: "Instansi 1", State: api.StateDone},
		{ServiceID: cur.ServiceID, ServiceName: cur.ServiceName, AgencyShort: "Disdukcapil", State: cur.State, Current: true},
		{ServiceID: "ag02-s3", ServiceName: long, AgencyShort: "Instansi 2", State: api.StatePending},
	}
	cur.Step = 1
	v := f.visitOf(cur.ID)
	v.Rows = []api.VisitRow{{Step: 0, ServiceID: "ag01-s1", ServiceName: long, State: api.StateDone,
		CounterName: "Loket 12 — Kantor Pelayanan Instansi Vertikal Nomor 1", Officer: "Zulkifli Sikumbang", CalledAt: &called, FinishedAt: &done}}
	note := strings.Repeat("Pemohon membawa dokumen asli dan fotokopi; ", 7)[:api.NoteMaxLen]
	v.Notes = []api.Note{
		{ID: 1, Step: 0, ServiceName: long, CounterName: "Loket 12 — Kantor Pelayanan Instansi Vertikal Nomor 1", Author: "Zulkifli Sikumbang", Text: note, At: done},
		{ID: 2, Step: 0, ServiceName: long, CounterName: "Loket 12 — Kantor Pelayanan Instansi Vertikal Nomor 1", Author: "Zulkifli Sikumbang", Text: "Sudah difoto.", At: done},
	}
	id := cur.ID
	f.mu.Unlock()
	go h.c.refresh(h.c.sess, nil)
	h.wait("the visit on the card", func() bool {
		cv := h.c.Desk.view
		return cv.Current != nil && cv.Current.ID == id && len(cv.Current.Route) == 3 && h.c.Desk.Route.Visible()
	})
}

var _ VisitAPI = (*client.Client)(nil)

// A real server: the console at the second step's counter sees the route
// and the note the first officer left, and its officer adds a step.
func TestRealServerVisitAtNextCounter(t *testing.T) {
	srv := servertest.Start(t)
	ctx := context.Background()
	v, err := srv.Kiosk().IssueTicket(ctx, api.IssueRequest{ServiceIDs: []string{"ktp-el", "sim", "jkn"}}, client.NewIdempotencyKey())
	if err != nil {
		t.Fatal(err)
	}
	first := srv.Officer("petugas1", "loket-1")
	if _, err := first.CallNext(ctx, "loket-1"); err != nil {
		t.Fatal(err)
	}
	first.Start(ctx, v.ID)
	if _, err := first.AddNote(ctx, v.ID, "Foto dan sidik jari sudah direkam"); err != nil {
		t.Fatal(err)
	}
	if _, err := first.Finish(ctx, v.ID); err != nil {
		t.Fatal(err)
	}
	h, _ := realHarness(t, srv, true)
	h.win.Resize(fyne.NewSize(1366, 768))
	h.c.Start()
	h.login("petugas6", servertest.OfficerPassword)
	d := h.c.Desk
	h.key(fyne.KeyF1)
	if d.Number.Text != v.Number || !strings.Contains(d.Route.Text, "Kunjungan 2/3 · berikutnya: Pendaftaran & Perubahan Data JKN") {
		t.Fatalf("called %q, route %q", d.Number.Text, d.Route.Text)
	}
	if !strings.Contains(d.LastNote.Text, "Rahmat Hidayat: Foto dan sidik jari sudah direkam") {
		t.Fatalf("note %q", d.LastNote.Text)
	}
	h.key(fyne.KeyF9)
	if !strings.Contains(d.visit.Steps[0].Text, "Selesai · Loket 1 · Rahmat Hidayat") {
		t.Fatalf("step 1 %q", d.visit.Steps[0].Text)
	}
	test.Tap(d.visit.Add)
	h.pump.drain()
	d.transfer.choose("npwp")
	test.Tap(d.transfer.OK)
	h.settle()
	tk, err := srv.Client("").Ticket(ctx, v.ID)
	if err != nil || len(tk.Route) != 4 || tk.Route[3].ServiceID != "npwp" {
		t.Fatalf("route on the server %+v %v", tk.Route, err)
	}
	if d.visit == nil || len(d.visit.Steps) != 4 {
		t.Fatal("dialog not redrawn after the edit")
	}
}
