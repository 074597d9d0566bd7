package board

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// 26 Nov 2026 14:05 WIB.
var t0 = time.Date(2026, 11, 26, 7, 5, 0, 0, time.UTC)

// clock is a settable clock for a State.
type clock struct{ t time.Time }

func (c *clock) now() time.Time      { return c.t }
func (c *clock) add(d time.Duration) { c.t = c.t.Add(d) }
func newState(cfg Config) (*State, *clock) {
	c := &clock{t: t0}
	if cfg.Now == nil {
		cfg.Now = c.now
	}
	return New(cfg), c
}

func call(ticket, number, counter string, n int, at time.Time) api.Call {
	return api.Call{TicketID: ticket, Number: number, CounterID: counter, CounterNumber: n, At: at,
		AgencyID: "disdukcapil", AgencyShort: "Disdukcapil", ServiceID: "ktp-el", ServiceName: "KTP-el"}
}

func snapshot() api.Board {
	return api.Board{
		Seq:  10,
		Site: api.Site{Name: "MPP Kota Pariaman", Timezone: "Asia/Jakarta", Announcements: []string{"Jam layanan 08.00–15.00"}},
		Counters: []api.BoardCounter{
			{Counter: api.Counter{ID: "c2", Number: 2, Name: "Loket 2 — Disdukcapil", Status: api.CounterOpen, Staffed: true, ServiceIDs: []string{"kk"}}},
			{Counter: api.Counter{ID: "c1", Number: 1, Name: "Loket 1 — Disdukcapil", Status: api.CounterOpen, Staffed: true, ServiceIDs: []string{"ktp-el"}},
				Current: ptr(call("t0", "A-000", "c1", 1, t0.Add(-time.Minute)))},
			{Counter: api.Counter{ID: "c3", Number: 3, Name: "Samsat", Status: api.CounterBreak, Staffed: true}},
		},
		RecentCalls: []api.Call{call("t0", "A-000", "c1", 1, t0.Add(-time.Minute))},
	}
}

func ptr[T any](v T) *T { return &v }

func callEvent(typ api.EventType, c api.Call) api.Event {
	b, _ := json.Marshal(api.EventData{Call: &c, Zone: c.Zone})
	return api.Event{Type: typ, Data: b}
}

func ticketEvent(typ api.EventType, t api.Ticket) api.Event {
	b, _ := json.Marshal(api.EventData{Ticket: &t})
	return api.Event{Type: typ, Data: b}
}

func counterEvent(c api.Counter) api.Event {
	b, _ := json.Marshal(api.EventData{Counter: &c})
	return api.Event{Type: api.EventCounterUpdated, Data: b}
}

func cellNumbers(v View) string {
	var s []string
	for _, c := range v.Cells {
		s = append(s, c.Title+"="+c.Number)
	}
	return strings.Join(s, " ")
}

func historyNumbers(v View) string {
	var s []string
	for _, r := range v.History {
		s = append(s, r.Number)
	}
	return strings.Join(s, " ")
}

func TestSnapshot(t *testing.T) {
	s, _ := newState(Config{})
	s.ApplyBoard(snapshot())
	v := s.View()
	if v.SiteName != "MPP Kota Pariaman" || v.Clock != "Kamis, 26 November 2026 14.05 WIB" || !v.Online {
		t.Errorf("header: %q %q online=%v", v.SiteName, v.Clock, v.Online)
	}
	if got := cellNumbers(v); got != "Loket 1=A-000 Loket 2=— Loket 3=Istirahat" {
		t.Errorf("cells: %s", got)
	}
	if v.Cells[0].State != CellActive || v.Cells[1].State != CellIdle || v.Cells[2].State != CellBreak {
		t.Errorf("cell states: %+v", v.Cells)
	}
	if v.Cells[1].Label != "Disdukcapil" || v.Cells[2].Label != "Samsat" {
		t.Errorf("labels %q %q (the counter name without its \"Loket N —\")", v.Cells[1].Label, v.Cells[2].Label)
	}
	if v.Big.Idle || v.Big.Number != "A-000" || v.Big.Counter != "LOKET 1" || v.Big.Pulse || v.Big.Service != "Disdukcapil · KTP-el" {
		t.Errorf("big from snapshot: %+v", v.Big)
	}
	if strings.Join(v.Messages, "|") != "Jam layanan 08.00–15.00" {
		t.Errorf("messages %q", v.Messages)
	}
}

// A fresh start after a recall: the server's recent calls list the call and
// its recall; the screen lists the ticket once, as the recall.
func TestSnapshotListsARecallOnce(t *testing.T) {
	s, _ := newState(Config{})
	b := snapshot()
	rc := call("t0", "A-000", "c1", 1, t0.Add(-30*time.Second))
	rc.Recall = true
	b.RecentCalls = []api.Call{rc, call("t9", "B-009", "c2", 2, t0.Add(-50*time.Second)), call("t0", "A-000", "c1", 1, t0.Add(-time.Minute))}
	s.ApplyBoard(b)
	v := s.View()
	if got := historyNumbers(v); got != "A-000 B-009" {
		t.Errorf("history %q, want each ticket once", got)
	}
	if !v.History[0].Recall || v.Big.Caption != "PANGGILAN ULANG" {
		t.Errorf("the recall is not shown as one: %+v / %q", v.History[0], v.Big.Caption)
	}
}

// Yesterday's last call is not today's news: a display started (or reset)
// the next morning shows neither it nor any counter still holding it.
func TestSnapshotDropsEarlierDays(t *testing.T) {
	s, _ := newState(Config{})
	b := snapshot()
	yesterday := time.Date(2026, 11, 25, 8, 55, 0, 0, time.UTC) // 15.55 WIB
	old := call("t0", "A-099", "c1", 1, yesterday)
	b.Counters[1].Current = &old
	b.RecentCalls = []api.Call{old, call("t8", "A-098", "c2", 2, yesterday.Add(-time.Minute))}
	s.ApplyBoard(b)
	v := s.View()
	if !v.Big.Idle || len(v.History) != 0 || v.Cells[0].Number != "—" {
		t.Errorf("yesterday shown: big %+v history %q cells %s", v.Big, historyNumbers(v), cellNumbers(v))
	}
	if v.Big.Counter != "Menunggu panggilan" {
		t.Errorf("idle big call says %q", v.Big.Counter)
	}
}

// The server's clock is the truth: the header and "today" follow the
// snapshot's time, not the display PC's.
func TestFollowsServerClock(t *testing.T) {
	s, c := newState(Config{})
	b := snapshot()
	b.Now = t0.Add(26 * time.Hour) // the PC is a day and two hours behind
	b.RecentCalls = []api.Call{call("t5", "A-005", "c1", 1, b.Now.Add(-time.Minute))}
	b.Counters[1].Current = ptr(b.RecentCalls[0])
	s.ApplyBoard(b)
	v := s.View()
	if v.Clock != "Jumat, 27 November 2026 16.05 WIB" || v.Big.Number != "A-005" {
		t.Errorf("clock %q big %q", v.Clock, v.Big.Number)
	}
	c.add(10 * time.Minute)
	if v := s.View(); v.Clock != "Jumat, 27 November 2026 16.15 WIB" {
		t.Errorf("clock after 10 min: %q", v.Clock)
	}
}

func TestCallUpdatesGridHistoryAndIsAnnounced(t *testing.T) {
	s, _ := newState(Config{})
	s.ApplyBoard(snapshot())
	c := call("t1", "B-001", "c2", 2, t0)
	got := s.ApplyEvent(callEvent(api.EventTicketCalled, c))
	if got == nil || got.Number != "B-001" || got.Recall {
		t.Fatalf("announce %+v", got)
	}
	v := s.View()
	if v.Cells[1].Number != "B-001" || v.Cells[1].State != CellActive || historyNumbers(v) != "B-001 A-000" {
		t.Errorf("grid %s history %q", cellNumbers(v), historyNumbers(v))
	}
	// The big call waits for the voice.
	if v.Big.Number != "A-000" {
		t.Errorf("big call before the voice: %q", v.Big.Number)
	}
	s.Announced(*got)
	v = s.View()
	if v.Big.Number != "B-001" || v.Big.Counter != "LOKET 2" || !v.Big.Pulse {
		t.Errorf("announced: %+v", v.Big)
	}
	// The counter's cell flashes with it, and only that cell.
	for _, cell := range v.Cells {
		if cell.Flash != (cell.CounterID == "c2") {
			t.Errorf("cell %s flash=%v", cell.CounterID, cell.Flash)
		}
	}
	// A recall is announced again, marked as one, and listed once.
	r := s.ApplyEvent(callEvent(api.EventTicketRecalled, call("t0", "A-000", "c1", 1, t0.Add(time.Second))))
	if r == nil || !r.Recall {
		t.Fatalf("recall announce %+v", r)
	}
	if got := historyNumbers(s.View()); got != "A-000 B-001" {
		t.Errorf("history after recall %q", got)
	}
}

func TestHistoryIsNewestFirstAndBounded(t *testing.T) {
	s, _ := newState(Config{HistoryRows: 6})
	s.ApplyBoard(snapshot())
	for i := 1; i <= 12; i++ {
		s.ApplyEvent(callEvent(api.EventTicketCalled, call(fmt.Sprint("t", i), fmt.Sprintf("A-%03d", i), "c1", 1, t0)))
	}
	if got := historyNumbers(s.View()); got != "A-012 A-011 A-010 A-009 A-008 A-007" {
		t.Errorf("history %q", got)
	}
	s.ApplyEvent(callEvent(api.EventTicketRecalled, call("t10", "A-010", "c1", 1, t0)))
	if got := historyNumbers(s.View()); got != "A-010 A-012 A-011 A-009 A-008 A-007" {
		t.Errorf("after recall %q", got)
	}
}

// Every way a call stops standing clears it from the big panel and the
// grid: once the announcement is over, or at once if it is.
func TestStaleCallsAreCleared(t *testing.T) {
	tk := api.Ticket{ID: "t1", Number: "B-001", CounterID: "c2", CounterNumber: 2}
	cases := []struct {
		name string
		ev   api.Event
		cell string
	}{
		{"requeued", ticketEvent(api.EventTicketRequeued, api.Ticket{ID: "t1", Number: "B-001", State: api.StateWaiting}), "—"},
		{"done", ticketEvent(api.EventTicketDone, tk), "—"},
		{"no-show", ticketEvent(api.EventTicketNoShow, tk), "—"},
		{"cancelled", ticketEvent(api.EventTicketCancelled, tk), "—"},
		{"transferred", ticketEvent(api.EventTicketTransferred, api.Ticket{ID: "t7", Number: "C-001", TransferredFrom: "t1"}), "—"},
		{"expired", ticketEvent(api.EventTicketExpired, api.Ticket{ID: "t1", Number: "B-001", State: api.StateExpired}), "—"},
		{"break", counterEvent(api.Counter{ID: "c2", Number: 2, Status: api.CounterBreak, Staffed: true}), "Istirahat"},
		{"closed", counterEvent(api.Counter{ID: "c2", Number: 2, Status: api.CounterClosed}), "Tutup"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, during := range []bool{false, true} {
				s, clk := newState(Config{PulseFor: 3 * time.Second})
				s.ApplyBoard(snapshot())
				c := s.ApplyEvent(callEvent(api.EventTicketCalled, call("t1", "B-001", "c2", 2, t0)))
				s.Announced(*c)
				if !during {
					clk.add(4 * time.Second)
					s.Tick()
					if v := s.View(); v.Big.Number != "B-001" || v.Big.Pulse {
						t.Fatalf("settled call gone too early: %+v", v.Big)
					}
				}
				s.ApplyEvent(tc.ev)
				v := s.View()
				if v.Cells[1].Number != tc.cell {
					t.Errorf("during=%v: cell says %q, want %q", during, v.Cells[1].Number, tc.cell)
				}
				if during {
					// The voice is still speaking it: the screen agrees until the pulse ends.
					if v.Big.Number != "B-001" {
						t.Errorf("call dropped mid-announcement: %+v", v.Big)
					}
					clk.add(4 * time.Second)
					s.Tick()
					v = s.View()
				}
				if !v.Big.Idle || v.Big.Number != "" {
					t.Errorf("during=%v: big call still shows %q", during, v.Big.Number)
				}
				if historyNumbers(v) != "B-001 A-000" {
					t.Errorf("recent calls changed: %q", historyNumbers(v))
				}
			}
		})
	}
}

// Calls of other tickets, counters or serving do not clear a call that stands.
func TestValidCallStays(t *testing.T) {
	s, clk := newState(Config{PulseFor: time.Second})
	s.ApplyBoard(snapshot())
	s.Announced(*s.ApplyEvent(callEvent(api.EventTicketCalled, call("t1", "B-001", "c2", 2, t0))))
	clk.add(2 * time.Second)
	s.Tick()
	s.ApplyEvent(ticketEvent(api.EventTicketServing, api.Ticket{ID: "t1", Number: "B-001", CounterID: "c2", CounterNumber: 2}))
	s.ApplyEvent(ticketEvent(api.EventTicketDone, api.Ticket{ID: "t0", Number: "A-000", CounterID: "c1"}))
	s.ApplyEvent(counterEvent(api.Counter{ID: "c3", Number: 3, Status: api.CounterClosed}))
	v := s.View()
	if v.Big.Number != "B-001" || v.Cells[1].Number != "B-001" || v.Cells[0].Number != "—" {
		t.Errorf("big %+v cells %s", v.Big, cellNumbers(v))
	}
}

// At midnight in the site's time zone (not the PC's, not UTC) the day's
// calls leave the screen.
func TestNewLocalDayClears(t *testing.T) {
	for _, tz := range []string{"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"} {
		t.Run(tz, func(t *testing.T) {
			loc, _ := time.LoadLocation(tz)
			// 23.58 local time.
			start := time.Date(2026, 11, 26, 23, 58, 0, 0, loc)
			clk := &clock{t: start}
			s := New(Config{Now: clk.now, PulseFor: time.Second})
			b := snapshot()
			b.Site.Timezone = tz
			b.RecentCalls = []api.Call{call("t0", "A-000", "c1", 1, start.Add(-time.Minute))}
			b.Counters[1].Current = ptr(b.RecentCalls[0])
			s.ApplyBoard(b)
			s.Announced(*s.ApplyEvent(callEvent(api.EventTicketCalled, call("t1", "B-001", "c2", 2, start))))
			clk.add(90 * time.Second) // 23.59.30
			s.Tick()
			if v := s.View(); v.Big.Number != "B-001" || len(v.History) != 2 {
				t.Fatalf("cleared before midnight: %+v", v)
			}
			clk.add(time.Minute) // 00.00.30
			s.Tick()
			v := s.View()
			if !v.Big.Idle || len(v.History) != 0 || cellNumbers(v) != "Loket 1=— Loket 2=— Loket 3=Istirahat" {
				t.Errorf("after midnight: big %+v history %q cells %s", v.Big, historyNumbers(v), cellNumbers(v))
			}
			if !strings.HasPrefix(v.Clock, "Jumat, 27 November 2026 00.00") {
				t.Errorf("clock %q", v.Clock)
			}
		})
	}
}

// A stream that resumes the next morning replays yesterday's last calls:
// they are neither announced nor shown.
func TestReplayedCallOfAnEarlierDayIgnored(t *testing.T) {
	s, _ := newState(Config{})
	s.ApplyBoard(snapshot())
	old := call("t5", "A-099", "c2", 2, t0.Add(-20*time.Hour))
	if c := s.ApplyEvent(callEvent(api.EventTicketCalled, old)); c != nil {
		t.Fatalf("yesterday's call announced: %+v", c)
	}
	if v := s.View(); v.Cells[1].Number != "—" || strings.Contains(historyNumbers(v), "A-099") {
		t.Errorf("yesterday's call shown: %s / %q", cellNumbers(v), historyNumbers(v))
	}
}

func TestUnstaffedCounter(t *testing.T) {
	s, _ := newState(Config{})
	b := snapshot()
	b.Counters[0].Staffed = false // c2, open, nobody signed in
	s.ApplyBoard(b)
	v := s.View()
	if v.Cells[1].State != CellUnstaffed || v.Cells[1].Number != "Tanpa petugas" {
		t.Errorf("unstaffed cell: %+v", v.Cells[1])
	}
	// An officer signs in: the live field arrives with counter.updated.
	s.ApplyEvent(counterEvent(api.Counter{ID: "c2", Number: 2, Status: api.CounterOpen, Staffed: true}))
	if c := s.View().Cells[1]; c.State != CellIdle || c.Number != "—" {
		t.Errorf("staffed cell: %+v", c)
	}
	s.ApplyEvent(counterEvent(api.Counter{ID: "c2", Number: 2, Status: api.CounterOpen, Staffed: false}))
	if c := s.View().Cells[1]; c.State != CellUnstaffed {
		t.Errorf("signed out: %+v", c)
	}
	// A counter on break says so whether staffed or not.
	s.ApplyEvent(counterEvent(api.Counter{ID: "c2", Number: 2, Status: api.CounterBreak, Staffed: false}))
	if c := s.View().Cells[1]; c.State != CellBreak {
		t.Errorf("break: %+v", c)
	}
	s2, _ := newState(Config{Lang: i18n.EN})
	s2.ApplyBoard(b)
	if c := s2.View().Cells[1]; c.Number != "No officer" {
		t.Errorf("english: %q", c.Number)
	}
}

func TestAgencyColoursFromCatalog(t *testing.T) {
	s, _ := newState(Config{})
	s.ApplyBoard(snapshot())
	if a := s.View().Cells[1].Agency; a.ID != "" {
		t.Errorf("agency known without a catalog: %+v", a)
	}
	s.ApplyCatalog(api.Catalog{
		Agencies: []api.Agency{{ID: "disdukcapil", Short: "Disdukcapil", Color: "#0B5394"}, {ID: "samsat", Short: "Samsat"}},
		Services: []api.Service{{ID: "ktp-el", AgencyID: "disdukcapil"}, {ID: "kk", AgencyID: "disdukcapil"}},
	})
	v := s.View()
	if a := v.Cells[1].Agency; a.ID != "disdukcapil" || a.Color != "#0B5394" || v.Cells[1].Label != "Disdukcapil" {
		t.Errorf("cell agency %+v label %q", a, v.Cells[1].Label)
	}
	if v.Big.Agency.Color != "#0B5394" || v.History[0].Agency.ID != "disdukcapil" {
		t.Errorf("big %+v row %+v", v.Big.Agency, v.History[0].Agency)
	}
}

func TestOtherZoneIgnored(t *testing.T) {
	s, _ := newState(Config{Zone: "A"})
	s.ApplyBoard(snapshot())
	c := call("x", "Z-001", "c9", 9, t0)
	c.Zone = "B"
	if got := s.ApplyEvent(callEvent(api.EventTicketCalled, c)); got != nil {
		t.Errorf("other zone announced: %+v", got)
	}
	s.ApplyEvent(counterEvent(api.Counter{ID: "c9", Number: 9, Zone: "B", Status: api.CounterOpen}))
	if n := len(s.View().Cells); n != 3 {
		t.Errorf("%d cells", n)
	}
}

func TestNewCounterJoinsInNumberOrder(t *testing.T) {
	s, _ := newState(Config{})
	s.ApplyBoard(snapshot())
	s.ApplyEvent(counterEvent(api.Counter{ID: "c0", Number: 0, Name: "Info", Status: api.CounterOpen, Staffed: true}))
	if got := cellNumbers(s.View()); got != "Loket 0=— Loket 1=A-000 Loket 2=— Loket 3=Istirahat" {
		t.Errorf("cells %s", got)
	}
}

func TestOnline(t *testing.T) {
	s, _ := newState(Config{})
	s.SetOnline(false)
	if s.View().Online {
		t.Error("online while the stream is down")
	}
}
