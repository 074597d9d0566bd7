package queue

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"antrean/shared/api"
)

// ---- the booking class in the queue order ----

// bookedAt is a booked ticket checked in at issued for a slot starting at due.
func bookedAt(id string, issued, due time.Time, seq int) Candidate {
	return Candidate{ID: id, IssuedAt: issued, Due: due, Seq: seq}
}

func ids(cs []Candidate) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return strings.Join(out, " ")
}

func TestBookedClassOrder(t *testing.T) {
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	walk := func(id string, m, seq int) Candidate { return Candidate{ID: id, IssuedAt: at(m), Seq: seq} }
	prio := func(id string, m, seq int) Candidate {
		return Candidate{ID: id, Priority: true, IssuedAt: at(m), Seq: seq}
	}
	tests := []struct {
		name  string
		line  Line
		cands []Candidate
		want  string
	}{
		{"due booked tickets go first, earliest slot first",
			Line{Now: at(60)},
			[]Candidate{walk("R1", 0, 1), walk("R2", 5, 2), bookedAt("B30", at(10), at(30), 3), bookedAt("B15", at(12), at(15), 4)},
			"B15 B30 R1 R2"},
		{"at most BookedRun booked in a row while walk-ins wait",
			Line{Now: at(60), BookedRun: 2},
			[]Candidate{walk("R1", 0, 1), walk("R2", 1, 2), bookedAt("B1", at(2), at(10), 3), bookedAt("B2", at(2), at(20), 4),
				bookedAt("B3", at(2), at(30), 5), bookedAt("B4", at(2), at(40), 6), bookedAt("B5", at(2), at(50), 7)},
			"B1 B2 R1 B3 B4 R2 B5"},
		{"the booked streak carries over from the latest calls",
			Line{Now: at(60), BookedRun: 2, BookedStreak: 2},
			[]Candidate{walk("R1", 0, 1), bookedAt("B1", at(2), at(10), 3)},
			"R1 B1"},
		{"booked keeps going when no walk-in waits",
			Line{Now: at(60), BookedRun: 1, BookedStreak: 5},
			[]Candidate{bookedAt("B1", at(2), at(10), 3), bookedAt("B2", at(2), at(20), 4)},
			"B1 B2"},
		{"a booked ticket before its slot waits as a regular one issued at the slot's start",
			Line{Now: at(20)},
			[]Candidate{walk("R1", 0, 1), bookedAt("B30", at(5), at(30), 2), walk("R2", 10, 3)},
			"R1 R2 B30"},
		{"… and may be called early by an idle counter",
			Line{Now: at(20)},
			[]Candidate{bookedAt("B30", at(5), at(30), 2)},
			"B30"},
		{"a zero Now makes no booked ticket due",
			Line{},
			[]Candidate{walk("R1", 40, 1), bookedAt("B30", at(5), at(30), 2)},
			"B30 R1"},
		{"walk-ins keep their interleave between booked turns",
			Line{Now: at(60), BookedRun: 1, Interleave: api.Interleave{Priority: 1, Regular: 1}},
			[]Candidate{walk("R1", 0, 1), walk("R2", 1, 2), prio("P1", 2, 3), prio("P2", 3, 4),
				bookedAt("B1", at(4), at(10), 5), bookedAt("B2", at(4), at(20), 6), bookedAt("B3", at(4), at(30), 7)},
			"B1 P1 B2 R1 B3 P2 R2"},
		{"booked calls do not count in the walk-in interleave",
			Line{Now: at(60), BookedRun: 1, Interleave: api.Interleave{Priority: 1, Regular: 2}, Recent: []bool{false, true}},
			[]Candidate{walk("R1", 0, 1), prio("P1", 2, 3), bookedAt("B1", at(4), at(10), 5)},
			"B1 R1 P1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			order := tt.line.Order(tt.cands)
			if got := ids(order); got != tt.want {
				t.Fatalf("Order = %q, want %q", got, tt.want)
			}
			if i := tt.line.Next(tt.cands); tt.cands[i].ID != order[0].ID {
				t.Fatalf("Next = %s, Order starts with %s", tt.cands[i].ID, order[0].ID)
			}
		})
	}
}

// TestBookedLineOneAnswer: with booked tickets (due and not yet), repeated
// Next with each call fed back is Order, and PlaceIn from counts gives each
// ticket its index in Order; and while walk-ins wait, never more than
// BookedRun booked calls follow each other.
func TestBookedLineOneAnswer(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 2026))
	ils := []api.Interleave{{}, {Priority: 1, Regular: 2}, {Priority: 2, Regular: 1}}
	for trial := 0; trial < 500; trial++ {
		now := t0.Add(30 * time.Minute)
		var cands []Candidate
		for i := range rng.IntN(25) {
			c := Candidate{ID: fmt.Sprintf("t%02d", i), IssuedAt: t0.Add(time.Duration(rng.IntN(30)) * time.Minute), Seq: rng.IntN(5)}
			switch rng.IntN(4) {
			case 0:
				c.Priority = true
			case 1:
				c.Due = t0.Add(time.Duration(rng.IntN(8)*10) * time.Minute) // due or not yet
			}
			cands = append(cands, c)
		}
		var recent []bool
		for range rng.IntN(5) {
			recent = append(recent, rng.IntN(2) == 0)
		}
		l := Line{Interleave: ils[rng.IntN(len(ils))], Recent: recent, Now: now,
			BookedRun: 1 + rng.IntN(3), BookedStreak: rng.IntN(3)}
		order := l.Order(cands)

		// Repeated call-next.
		cs := append([]Candidate(nil), cands...)
		cur := l
		var got []Candidate
		for len(cs) > 0 {
			i := cur.Next(cs)
			c := cs[i]
			got = append(got, c)
			if cur.ClassOf(c) == ClassBooked {
				cur.BookedStreak++
			} else {
				cur.BookedStreak = 0
				cur.Recent = append([]bool{c.Priority}, cur.Recent...)
			}
			cs = append(cs[:i], cs[i+1:]...)
		}
		if ids(got) != ids(order) {
			t.Fatalf("trial %d: Order %v, repeated call-next %v", trial, ids(order), ids(got))
		}

		// No run of more than BookedRun booked calls while walk-ins wait.
		streak := l.BookedStreak
		for i, c := range order {
			if l.ClassOf(c) != ClassBooked {
				streak = 0
				continue
			}
			walkInsWaiting := false
			for _, o := range order[i:] {
				walkInsWaiting = walkInsWaiting || l.ClassOf(o) != ClassBooked
			}
			if streak++; walkInsWaiting && streak > l.BookedRun {
				t.Fatalf("trial %d: %d booked calls in a row while walk-ins wait: %v", trial, streak, ids(order))
			}
		}

		// PlaceIn from counts.
		for i, c := range order {
			mine := l.ClassOf(c)
			var waiting [nClasses]int
			ahead := 0
			for _, o := range cands {
				k := l.ClassOf(o)
				switch {
				case o.ID == c.ID:
				case k != mine:
					waiting[k]++
				case before(o, c):
					ahead++
				}
			}
			if p := l.PlaceIn(mine, ahead, waiting); p != i+1 {
				t.Fatalf("trial %d: PlaceIn(%s) = %d, want %d (order %v)", trial, c.ID, p, i+1, ids(order))
			}
		}
	}
}

// TestBookedOnTimeAndWalkInsServed simulates a busy morning at one counter:
// a walk-in every 2 minutes from 08:00 (more than the counter can serve),
// 2 bookings per 15-minute slot checked in 10–25 minutes early, service
// takes 5 minutes. Every booked citizen is called within 15 minutes of the
// slot's start (ahead of the walk-ins who came later), and walk-ins are
// still called: at least one call in three, all morning.
func TestBookedOnTimeAndWalkInsServed(t *testing.T) {
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	at := func(h, m int) time.Time { return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	b := api.BookingRules{SlotMinutes: 15, PerSlot: 2, CheckInBefore: 30, CheckInAfter: 15}.WithDefaults()
	type arrival struct {
		at time.Time
		c  Candidate
	}
	var arrivals []arrival
	seq := 0
	for m := 0; m < 4*60; m += 2 {
		seq++
		arrivals = append(arrivals, arrival{at(8, m), Candidate{ID: fmt.Sprintf("W%03d", seq), IssuedAt: at(8, m), Seq: seq}})
	}
	for m := 30; m < 4*60; m += 15 {
		for i := 0; i < b.PerSlot; i++ {
			seq++
			early := time.Duration(10+15*i) * time.Minute
			arrivals = append(arrivals, arrival{at(8, m).Add(-early), Candidate{ID: fmt.Sprintf("B%03d", seq),
				IssuedAt: at(8, m).Add(-early), Due: at(8, m), Seq: seq}})
		}
	}
	var waiting []Candidate
	l := Line{BookedRun: b.BookedInARow}
	var calls []Candidate
	callAt := map[string]time.Time{}
	for now := at(8, 0); now.Before(at(12, 0)); now = now.Add(5 * time.Minute) {
		for _, a := range arrivals {
			if !a.at.After(now) && a.at.After(now.Add(-5*time.Minute)) {
				waiting = append(waiting, a.c)
			}
		}
		l.Now = now
		i := l.Next(waiting)
		if i < 0 {
			continue
		}
		c := waiting[i]
		waiting = append(waiting[:i], waiting[i+1:]...)
		calls = append(calls, c)
		callAt[c.ID] = now
		if l.ClassOf(c) == ClassBooked {
			l.BookedStreak++
		} else {
			l.BookedStreak = 0
		}
		// While walk-ins wait, no more than BookedRun booked calls in a row.
		if l.BookedStreak > b.BookedInARow {
			t.Fatalf("%s: %d booked calls in a row while walk-ins wait", now.Format("15:04"), l.BookedStreak)
		}
	}
	booked, walkIns := 0, 0
	for _, a := range arrivals {
		if a.c.Due.IsZero() {
			continue
		}
		if a.c.Due.After(at(11, 40)) {
			continue // the simulation ends before their window does
		}
		called, ok := callAt[a.c.ID]
		if !ok {
			t.Fatalf("booked %s (slot %s) was never called", a.c.ID, a.c.Due.Format("15:04"))
		}
		_, until := CheckInWindow(a.c.Due, b)
		if called.Before(a.c.Due.Add(-5*time.Minute)) || !called.Before(until) {
			t.Fatalf("booked %s (slot %s) called at %s, outside its window", a.c.ID, a.c.Due.Format("15:04"), called.Format("15:04"))
		}
		// Ahead of every walk-in who came after the slot began.
		for _, w := range arrivals {
			if w.c.Due.IsZero() && w.at.After(a.c.Due) {
				if wc, ok := callAt[w.c.ID]; ok && wc.Before(called) {
					t.Fatalf("walk-in %s (came %s) called before booked %s (slot %s)", w.c.ID, w.at.Format("15:04"), a.c.ID, a.c.Due.Format("15:04"))
				}
			}
		}
		booked++
	}
	for _, c := range calls {
		if c.Due.IsZero() {
			walkIns++
		}
	}
	if booked < 20 || walkIns*3 < len(calls) {
		t.Fatalf("%d calls: %d walk-ins, %d booked checked: walk-ins got less than one call in three", len(calls), walkIns, booked)
	}
	t.Logf("%d calls: %d walk-ins, %d booked (all on time)", len(calls), walkIns, len(calls)-walkIns)
}

func TestBookedRunOfPool(t *testing.T) {
	services := map[string]api.Service{
		"ktp": {ID: "ktp"},
		"kk":  {ID: "kk", Booking: &api.BookingRules{SlotMinutes: 30, PerSlot: 2, BookedInARow: 3}},
	}
	if p := CounterPool(api.Counter{ID: "l1", ServiceIDs: []string{"ktp", "kk"}}, services); p.BookedRun != 3 {
		t.Fatalf("counter pool BookedRun %d", p.BookedRun)
	}
	if p := PoolFor("ktp", nil, services); p.BookedRun != 0 {
		t.Fatalf("service without booking: %d", p.BookedRun)
	}
}

// ---- slots ----

func TestDaySlots(t *testing.T) {
	loc := jakarta(t)
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, loc) } // 23 Nov 2026: Monday
	rules := Rules{Hours: mppHours(), CutoffMinutes: 30, DailyQuota: 100, Active: true, AlwaysOpen: true, NoCounter: true}
	b := api.BookingRules{SlotMinutes: 30, PerSlot: 2}
	clocks := func(ss []Slot) string {
		var out []string
		for _, s := range ss {
			out = append(out, s.Clock())
		}
		return strings.Join(out, " ")
	}

	// Monday: 08:00 to the cut-off at 15:30, whole slots only. always_open,
	// a full quota and no staffed counter change nothing.
	got, reason := DaySlots(rules, b, day(23))
	if reason != "" || clocks(got) != "08:00 08:30 09:00 09:30 10:00 10:30 11:00 11:30 12:00 12:30 13:00 13:30 14:00 14:30 15:00" {
		t.Fatalf("monday: %q %q", clocks(got), reason)
	}
	if !got[0].End.Equal(time.Date(2026, 11, 23, 8, 30, 0, 0, loc)) {
		t.Fatalf("first slot ends %v", got[0].End)
	}
	// Friday: no slot in the prayer break; they start again at 13:30.
	got, _ = DaySlots(rules, b, day(27))
	if c := clocks(got); c != "08:00 08:30 09:00 09:30 10:00 10:30 11:00 13:30 14:00 14:30 15:00" {
		t.Fatalf("friday: %q", c)
	}
	// 45-minute slots: only whole ones before the break and the cut-off.
	got, _ = DaySlots(rules, api.BookingRules{SlotMinutes: 45, PerSlot: 1}, day(27))
	if c := clocks(got); c != "08:00 08:45 09:30 10:15 13:30 14:15" {
		t.Fatalf("friday 45 min: %q", c)
	}
	// Closed days and switched-off services have none, and say why.
	if got, reason = DaySlots(rules, b, day(28)); len(got) != 0 || reason != api.ReasonClosedDay {
		t.Fatalf("saturday: %q %q", clocks(got), reason)
	}
	off := rules
	off.Active = false
	if got, reason = DaySlots(off, b, day(23)); len(got) != 0 || reason != api.ReasonInactive {
		t.Fatalf("inactive: %q %q", clocks(got), reason)
	}
	if _, reason = DaySlots(rules, api.BookingRules{}, day(23)); reason != api.ReasonNotBookable {
		t.Fatalf("no slot length: %q", reason)
	}
	// A day shorter than one slot.
	short := rules
	short.Hours = []api.DayHours{{Weekday: 1, Open: "08:00", Close: "08:40"}}
	short.CutoffMinutes = 0
	if got, reason = DaySlots(short, api.BookingRules{SlotMinutes: 60, PerSlot: 1}, day(23)); len(got) != 0 || reason != api.ReasonOutsideHours {
		t.Fatalf("short day: %q %q", clocks(got), reason)
	}
}

func TestCheckInWindow(t *testing.T) {
	start := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	b := api.BookingRules{SlotMinutes: 30, PerSlot: 1} // defaults: 30 before, 15 after
	for _, tt := range []struct {
		at   string
		want api.ClosedReason
	}{
		{"09:29:59", api.ReasonTooEarly}, {"09:30:00", ""}, {"10:00:00", ""}, {"10:14:59", ""}, {"10:15:00", api.ReasonTooLate},
	} {
		now, _ := time.Parse("15:04:05", tt.at)
		now = time.Date(2026, 11, 23, now.Hour(), now.Minute(), now.Second(), 0, time.UTC)
		if got := CheckInVerdict(now, start, b); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.at, got, tt.want)
		}
	}
	b.CheckInBefore, b.CheckInAfter = 10, 5
	from, until := CheckInWindow(start, b)
	if from.Format("15:04") != "09:50" || until.Format("15:04") != "10:05" {
		t.Fatalf("window %v–%v", from, until)
	}
}

func TestHeldPlaces(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 11, 23, h, m, 0, 0, time.UTC) }
	var slots []Slot
	for m := 0; m < 4*60; m += 30 { // 08:00 … 11:30: 8 slots
		slots = append(slots, Slot{Start: at(8, m), End: at(8, m+30)})
	}
	b := api.BookingRules{SlotMinutes: 30, PerSlot: 2, SharePercent: 20}.WithDefaults()
	if r := Reserved(100, b); r != 20 {
		t.Fatalf("reserved %d", r)
	}
	if r := Reserved(0, b); r != -1 {
		t.Fatalf("no quota: %d", r)
	}
	use := map[int64]SlotUse{}
	key := func(h, m int) int64 { return at(h, m).UnixMilli() }
	// Early morning, nothing booked: the 8 slots hold 16 places of the 20
	// reserved; the 4 no slot can hold are walk-ins' from the start.
	if h := Held(20, slots, use, b, at(7, 0)); h != 16 {
		t.Fatalf("held at 07:00: %d", h)
	}
	use[key(8, 0)] = SlotUse{Pending: 1, CheckedIn: 1}
	use[key(9, 0)] = SlotUse{Pending: 2}
	// 08:10: the 08:00 slot began; its pending booking may still check in
	// (until 08:15), its free place is gone: 1 + the 09:00 pair + 6 free slots × 2 = 15.
	if h := Held(20, slots, use, b, at(8, 10)); h != 15 {
		t.Fatalf("held at 08:10: %d", h)
	}
	// 08:20: the 08:00 no-show is released.
	if h := Held(20, slots, use, b, at(8, 20)); h != 14 {
		t.Fatalf("held at 08:20: %d", h)
	}
	// Never more than what is left of the reserved share.
	if h := Held(3, slots, use, b, at(8, 20)); h != 2 {
		t.Fatalf("held with 3 reserved and 1 checked in: %d", h)
	}
	// After the last window nothing is held; with no quota never.
	if h := Held(20, slots, use, b, at(13, 0)); h != 0 {
		t.Fatalf("held after the day: %d", h)
	}
	if h := Held(-1, slots, use, b, at(7, 0)); h != 0 {
		t.Fatalf("held without a quota: %d", h)
	}
	// A booking off today's grid (made before the slot length changed)
	// still holds its place while it may check in.
	off := map[int64]SlotUse{at(8, 45).UnixMilli(): {Pending: 1}}
	if h := Held(20, slots, off, b, at(8, 50)); h != 1+6*2 {
		t.Fatalf("held with an off-grid booking: %d", h)
	}
}

// ---- codes and phone numbers ----

func TestBookingCode(t *testing.T) {
	seen := map[string]bool{}
	for range 2000 {
		c := NewBookingCode()
		if len(c) != api.BookingCodeLen || NormalizeBookingCode(c) != c {
			t.Fatalf("code %q", c)
		}
		seen[c] = true
	}
	if len(seen) < 1990 {
		t.Fatalf("only %d distinct codes of 2000", len(seen))
	}
	for in, want := range map[string]string{"acf-347": "ACF347", " ACF 347 ": "ACF347", "ACF34": "", "ACF3470": "", "AOF347": "", "ACF34é": ""} {
		if got := NormalizeBookingCode(in); got != want {
			t.Errorf("NormalizeBookingCode(%q) = %q, want %q", in, got, want)
		}
	}
	for _, r := range "0O1IL2Z5S6G8BUVDQ" {
		if strings.ContainsRune(api.BookingAlphabet, r) {
			t.Errorf("alphabet has look-alike %q", r)
		}
	}
}

func TestPhone(t *testing.T) {
	for in, want := range map[string]string{
		"0812-3456-7890": "081234567890", "+62 812 3456 7890": "081234567890", "6281234567890": "081234567890",
		"81234567890": "081234567890", "(0812) 345.678": "0812345678",
	} {
		got, err := NormalizePhone(in)
		if err != nil || got != want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "0751-123456", "0812", "08123456789012", "0812x3456789", "++6281234567"} {
		if got, err := NormalizePhone(bad); err == nil {
			t.Errorf("NormalizePhone(%q) = %q, want an error", bad, got)
		}
	}
	if m := MaskPhone("081234567890"); m != "0812••••••••" || strings.Contains(m, "7890") {
		t.Fatalf("MaskPhone = %q", m)
	}
	if m := MaskName("  Budi   Santoso "); m != "B••• S••••••" {
		t.Fatalf("MaskName = %q", m)
	}
	if n := CleanName("  Siti \t Nurhaliza  "); n != "Siti Nurhaliza" {
		t.Fatalf("CleanName = %q", n)
	}
}
