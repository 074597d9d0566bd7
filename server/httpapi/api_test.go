package httpapi_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"antrean/server/config"
	"antrean/server/queue"
	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
)

var wib = time.FixedZone("WIB", 7*3600)

// thursday10 is a working Thursday morning in Pariaman.
var thursday10 = time.Date(2026, 11, 26, 10, 0, 0, 0, wib)

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func issue(t *testing.T, c *client.Client, service string) api.Ticket {
	t.Helper()
	tk, err := c.IssueTicket(ctx(t), api.IssueRequest{ServiceID: service}, client.NewIdempotencyKey())
	if err != nil {
		t.Fatalf("issue %s: %v", service, err)
	}
	return tk
}

func wantCode(t *testing.T, err error, code api.Code) {
	t.Helper()
	if api.CodeOf(err) != code {
		t.Fatalf("want error code %q, got %v", code, err)
	}
}

func TestHealthAndCatalog(t *testing.T) {
	s := servertest.Start(t)
	h, err := s.Client("").Health(ctx(t))
	if err != nil || h.Status != "ok" {
		t.Fatalf("health %+v %v", h, err)
	}
	cat, err := s.Kiosk().Catalog(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if cat.Site.Name == "" || len(cat.Agencies) < 8 || len(cat.Services) < 15 || len(cat.Counters) < 12 {
		t.Fatalf("catalog too small: %d agencies %d services %d counters", len(cat.Agencies), len(cat.Services), len(cat.Counters))
	}
	for _, sv := range cat.Services {
		if !sv.OpenNow {
			t.Errorf("demo site: %s should be open, reason %q", sv.ID, sv.ClosedReason)
		}
		// (A service taking bookings holds places for them: booking_test.go.)
		if sv.DailyQuota > 0 && sv.Booking == nil && sv.QuotaLeft != sv.DailyQuota {
			t.Errorf("%s quota left %d, want %d", sv.ID, sv.QuotaLeft, sv.DailyQuota)
		}
	}
	_, err = s.Client("").Catalog(ctx(t))
	wantCode(t, err, api.CodeUnauthorized)
	_, err = s.Client("wrong").Catalog(ctx(t))
	wantCode(t, err, api.CodeUnauthorized)
}

func TestConcurrentIssueNumbersAreDenseAndUnique(t *testing.T) {
	s := servertest.Start(t)
	k := s.Kiosk()
	const n = 200
	var wg sync.WaitGroup
	seqs := make([]int, n)
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			tk, err := k.IssueTicket(context.Background(), api.IssueRequest{ServiceID: "kk"}, client.NewIdempotencyKey())
			if err != nil {
				errs <- err
				return
			}
			seqs[i] = tk.Seq
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	sort.Ints(seqs)
	for i, v := range seqs {
		if v != i+1 {
			t.Fatalf("seq %d at position %d: numbering has a gap or duplicate", v, i)
		}
	}
}

func TestSameKeyConcurrentlyGivesOneTicket(t *testing.T) {
	s := servertest.Start(t)
	k := s.Kiosk()
	key := client.NewIdempotencyKey()
	const n = 30
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			tk, err := k.IssueTicket(context.Background(), api.IssueRequest{ServiceID: "ktp-el"}, key)
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = tk.ID
		}(i)
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("same key gave two tickets: %s and %s", ids[0], id)
		}
	}
	cat, _ := k.Catalog(ctx(t))
	for _, sv := range cat.Services {
		if sv.ID == "ktp-el" && sv.Waiting != 1 {
			t.Fatalf("waiting %d, want 1", sv.Waiting)
		}
	}
	// The same key with another body is a conflict, not a second ticket.
	_, err := k.IssueTicket(ctx(t), api.IssueRequest{ServiceID: "kk"}, key)
	wantCode(t, err, api.CodeConflict)
}

func TestIssueStatusCodes(t *testing.T) {
	s := servertest.Start(t)
	post := func(key, body string) (*http.Response, string) {
		req, _ := http.NewRequest("POST", s.URL+"/v1/tickets", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+s.KioskToken)
		req.Header.Set("Content-Type", "application/json")
		if key != "" {
			req.Header.Set("Idempotency-Key", key)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	r1, _ := post("abc", `{"service_id":"akta"}`)
	r2, _ := post("abc", `{"service_id":"akta"}`)
	if r1.StatusCode != 201 || r2.StatusCode != 200 {
		t.Fatalf("first %d (want 201), replay %d (want 200)", r1.StatusCode, r2.StatusCode)
	}
	cases := []struct {
		name, key, body string
		status          int
		code            api.Code
	}{
		{"no key", "", `{"service_id":"akta"}`, 400, api.CodeInvalidInput},
		{"malformed", "k2", `{"service_id":`, 400, api.CodeInvalidInput},
		{"unknown field", "k3", `{"service_id":"akta","nik":"1377"}`, 400, api.CodeInvalidInput},
		{"trailing", "k4", `{"service_id":"akta"} {}`, 400, api.CodeInvalidInput},
		{"unknown service", "k5", `{"service_id":"nope"}`, 404, api.CodeNotFound},
		{"bad priority", "k6", `{"service_id":"akta","priority":"vip"}`, 400, api.CodeInvalidInput},
		{"oversize", "k7", `{"service_id":"` + strings.Repeat("x", 100<<10) + `"}`, 413, api.CodeTooLarge},
		{"empty", "k8", ``, 400, api.CodeInvalidInput},
	}
	for _, c := range cases {
		resp, body := post(c.key, c.body)
		if resp.StatusCode != c.status || !strings.Contains(body, `"code":"`+string(c.code)+`"`) {
			t.Errorf("%s: %d %s, want %d %s", c.name, resp.StatusCode, body, c.status, c.code)
		}
		if ct := resp.Header.Get("Content-Type"); ct != api.ProblemContentType {
			t.Errorf("%s: content type %q", c.name, ct)
		}
	}
	// Nothing of the failures was written.
	cat, _ := s.Kiosk().Catalog(ctx(t))
	for _, sv := range cat.Services {
		if sv.ID == "akta" && sv.Waiting != 1 {
			t.Fatalf("akta waiting %d, want 1 (failed requests must not write)", sv.Waiting)
		}
	}
	// Unknown endpoints and tickets are problems too.
	resp, err := http.Get(s.URL + "/v1/nothing")
	if err != nil || resp.StatusCode != 404 || resp.Header.Get("Content-Type") != api.ProblemContentType {
		t.Fatalf("unknown endpoint: %v %v", resp.StatusCode, err)
	}
	_, err = s.Client("").Ticket(ctx(t), "nope")
	wantCode(t, err, api.CodeNotFound)
	// A display cannot issue tickets.
	_, err = s.Client(s.DisplayToken).IssueTicket(ctx(t), api.IssueRequest{ServiceID: "akta"}, "k9")
	wantCode(t, err, api.CodeForbidden)
}

func TestNumberingRestartsNextLocalDay(t *testing.T) {
	clk := queue.NewFixedClock(time.Date(2026, 11, 26, 23, 50, 0, 0, wib))
	s := servertest.Start(t, servertest.WithClock(clk))
	k := s.Kiosk()
	a := issue(t, k, "kk")
	b := issue(t, k, "kk")
	if a.Number != "B-001" || b.Number != "B-002" {
		t.Fatalf("got %s %s", a.Number, b.Number)
	}
	// 00:05 WIB is still 17:05 UTC of the day before: the local day counts.
	clk.Set(time.Date(2026, 11, 27, 0, 5, 0, 0, wib))
	c := issue(t, k, "kk")
	if c.Number != "B-001" || c.Day != "2026-11-27" {
		t.Fatalf("next day got %s on %s, want B-001 on 2026-11-27", c.Number, c.Day)
	}
	// Yesterday's waiting tickets are not in today's queue.
	off := s.Officer("petugas3", "loket-3")
	got, err := off.CallNext(ctx(t), "loket-3")
	if err != nil || got == nil || got.ID != c.ID {
		t.Fatalf("call next on the new day: %+v %v", got, err)
	}
}

func TestClosedReasonsAndQuota(t *testing.T) {
	clk := queue.NewFixedClock(thursday10)
	s := servertest.Start(t, servertest.WithClock(clk), servertest.WithSite(func(f *config.File) {
		f.Site.AlwaysOpen = false
		for i := range f.Services {
			if f.Services[i].ID == "haji" {
				f.Services[i].DailyQuota = 2
			}
		}
	}))
	k := s.Kiosk()
	issue(t, k, "haji")
	issue(t, k, "haji")
	_, err := k.IssueTicket(ctx(t), api.IssueRequest{ServiceID: "haji"}, client.NewIdempotencyKey())
	wantCode(t, err, api.CodeQuotaFull)

	check := func(when time.Time, service string, reason api.ClosedReason) {
		t.Helper()
		clk.Set(when)
		cat, err := k.Catalog(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, sv := range cat.Services {
			if sv.ID == service && (sv.ClosedReason != reason || sv.OpenNow != (reason == "")) {
				t.Fatalf("%s at %s: open=%v reason %q, want %q", service, when, sv.OpenNow, sv.ClosedReason, reason)
			}
		}
		_, err = k.IssueTicket(ctx(t), api.IssueRequest{ServiceID: service}, client.NewIdempotencyKey())
		if reason == "" {
			if err != nil {
				t.Fatalf("%s at %s: %v", service, when, err)
			}
			return
		}
		var ae *api.Error
		if !errors.As(err, &ae) || ae.Reason != reason {
			t.Fatalf("%s at %s: got %v, want reason %s", service, when, err, reason)
		}
	}
	fri := time.Date(2026, 11, 27, 0, 0, 0, 0, wib)
	check(thursday10, "haji", api.ReasonQuotaFull)
	check(thursday10, "kk", "")
	check(fri.Add(12*time.Hour), "kk", api.ReasonBreak)
	check(fri.Add(13*time.Hour+30*time.Minute), "kk", "")
	check(fri.Add(7*time.Hour), "kk", api.ReasonOutsideHours)
	check(fri.Add(17*time.Hour), "kk", api.ReasonOutsideHours)
	check(fri.Add(24*time.Hour+9*time.Hour), "kk", api.ReasonClosedDay) // Saturday
	check(fri.Add(24*time.Hour+9*time.Hour), "pajak-kendaraan", "")     // Samsat opens Saturday
}

// TestStateMachine walks every transition through HTTP and tries every
// forbidden action from every state.
func TestStateMachine(t *testing.T) {
	s := servertest.Start(t)
	k := s.Kiosk()
	off := s.Officer("petugas1", "loket-1")
	cx := ctx(t)
	verbs := map[string]func(string) (api.Ticket, error){
		"start":   func(id string) (api.Ticket, error) { return off.Start(cx, id) },
		"finish":  func(id string) (api.Ticket, error) { return off.Finish(cx, id) },
		"no-show": func(id string) (api.Ticket, error) { return off.NoShow(cx, id) },
		"requeue": func(id string) (api.Ticket, error) { return off.Requeue(cx, id) },
		"cancel":  func(id string) (api.Ticket, error) { return off.Cancel(cx, id) },
		"transfer": func(id string) (api.Ticket, error) {
			return off.Transfer(cx, id, "akta")
		},
	}
	allowed := map[api.State][]string{
		api.StateWaiting: {"cancel"},
		api.StateCalled:  {"start", "no-show", "requeue", "cancel", "transfer"},
		api.StateServing: {"finish", "transfer"},
	}
	// reach puts a fresh ticket of ktp-el into state st at loket-1.
	reach := func(st api.State) api.Ticket {
		tk := issue(t, k, "ktp-el")
		if st == api.StateWaiting {
			return tk
		}
		got, err := off.CallNext(cx, "loket-1")
		if err != nil || got == nil || got.ID != tk.ID {
			t.Fatalf("call next: %+v %v", got, err)
		}
		switch st {
		case api.StateServing:
			if _, err := off.Start(cx, tk.ID); err != nil {
				t.Fatal(err)
			}
		case api.StateDone:
			off.Start(cx, tk.ID)
			if _, err := off.Finish(cx, tk.ID); err != nil {
				t.Fatal(err)
			}
		case api.StateNoShow:
			off.NoShow(cx, tk.ID)
		case api.StateCancelled:
			off.Cancel(cx, tk.ID)
		case api.StateTransferred:
			off.Transfer(cx, tk.ID, "akta")
		case api.StateExpired:
			// The day ends with the ticket still called; next morning the
			// officer signs in again (the session lasts 12 h).
			s.Clock.Advance(24 * time.Hour)
			if err := s.Store.Housekeep(cx); err != nil {
				t.Fatal(err)
			}
			off = s.Officer("petugas1", "loket-1")
		}
		cur, _ := s.Client("").Ticket(cx, tk.ID)
		if cur.State != st {
			t.Fatalf("wanted %s, ticket is %s", st, cur.State)
		}
		return tk
	}
	for _, st := range queue.States {
		for verb, do := range verbs {
			tk := reach(st)
			ok := false
			for _, a := range allowed[st] {
				ok = ok || a == verb
			}
			_, err := do(tk.ID)
			if ok && err != nil {
				t.Errorf("%s from %s: %v", verb, st, err)
			}
			if !ok {
				wantCode(t, err, api.CodeInvalidState)
			}
			// Leave the counter free for the next case.
			cur, _ := s.Client("").Ticket(cx, tk.ID)
			switch cur.State {
			case api.StateCalled:
				off.NoShow(cx, tk.ID)
			case api.StateServing:
				off.Finish(cx, tk.ID)
			case api.StateWaiting:
				off.Cancel(cx, tk.ID)
			}
		}
	}
}

func TestCounterFlowAndTransfer(t *testing.T) {
	s := servertest.Start(t)
	k := s.Kiosk()
	cx := ctx(t)
	a1 := issue(t, k, "ktp-el")
	a2 := issue(t, k, "ktp-el")
	off := s.Officer("petugas1", "loket-1")
	got, err := off.CallNext(cx, "loket-1")
	if err != nil || got.ID != a1.ID || got.State != api.StateCalled || got.CounterNumber != 1 || got.Calls != 1 {
		t.Fatalf("call next: %+v %v", got, err)
	}
	// A second call-next while one is called is refused: finish it first.
	_, err = off.CallNext(cx, "loket-1")
	wantCode(t, err, api.CodeInvalidState)
	r, err := off.Recall(cx, "loket-1")
	if err != nil || r.Calls != 2 {
		t.Fatalf("recall: %+v %v", r, err)
	}
	// Requeue puts it back at its original place: it is called first again.
	if _, err := off.Requeue(cx, a1.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = off.CallNext(cx, "loket-1")
	if got.ID != a1.ID || got.Calls != 3 {
		t.Fatalf("after requeue got %s calls %d, want %s", got.Number, got.Calls, a1.Number)
	}
	if _, err := off.Start(cx, a1.ID); err != nil {
		t.Fatal(err)
	}
	nt, err := off.Transfer(cx, a1.ID, "akta")
	if err != nil {
		t.Fatal(err)
	}
	if nt.Number != a1.Number || nt.ServiceID != "akta" || nt.State != api.StateWaiting || !nt.IssuedAt.Equal(a1.IssuedAt.Truncate(time.Millisecond)) || nt.TransferredFrom != a1.ID {
		t.Fatalf("transferred ticket %+v", nt)
	}
	old, _ := s.Client("").Ticket(cx, a1.ID)
	if old.State != api.StateTransferred || old.TransferredTo != nt.ID || old.OfficerID != "" {
		t.Fatalf("old ticket %+v", old)
	}
	// The transferred ticket was issued before a new akta ticket: it goes first.
	c1 := issue(t, k, "akta")
	off2 := s.Officer("petugas2", "loket-2")
	// loket-2 serves ktp-el first: A-002 and the akta tickets wait; the
	// oldest by issue time is the transferred A-001.
	got, _ = off2.CallNext(cx, "loket-2")
	if got.ID != nt.ID {
		t.Fatalf("loket-2 called %s, want transferred %s", got.Number, nt.Number)
	}
	off2.NoShow(cx, got.ID)
	got, _ = off2.CallNext(cx, "loket-2")
	if got.ID != a2.ID {
		t.Fatalf("loket-2 called %s, want %s", got.Number, a2.Number)
	}
	off2.Start(cx, got.ID)
	off2.Finish(cx, got.ID)
	got, _ = off2.CallNext(cx, "loket-2")
	if got.ID != c1.ID {
		t.Fatalf("loket-2 called %s, want %s", got.Number, c1.Number)
	}
	off2.Cancel(cx, got.ID)
	got, err = off2.CallNext(cx, "loket-2")
	if err != nil || got != nil {
		t.Fatalf("empty queue: %+v %v", got, err)
	}
	v, err := off2.Counter(cx, "loket-2")
	if err != nil || v.Today.Served != 1 || v.Today.NoShow != 1 || v.Current != nil {
		t.Fatalf("counter view %+v %v", v.Today, err)
	}
	// Break: no calls until open again.
	if _, err := off2.SetCounterStatus(cx, "loket-2", api.CounterBreak); err != nil {
		t.Fatal(err)
	}
	issue(t, k, "akta")
	_, err = off2.CallNext(cx, "loket-2")
	wantCode(t, err, api.CodeInvalidState)
	off2.SetCounterStatus(cx, "loket-2", api.CounterOpen)
	if got, err := off2.CallNext(cx, "loket-2"); err != nil || got == nil {
		t.Fatalf("after break: %v %v", got, err)
	}
}

func TestOfficerScope(t *testing.T) {
	s := servertest.Start(t)
	cx := ctx(t)
	k := s.Kiosk()
	a := issue(t, k, "ktp-el")
	off1 := s.Officer("petugas1", "loket-1")
	off6 := s.Officer("petugas6", "loket-7")
	_, err := off6.CallNext(cx, "loket-1")
	wantCode(t, err, api.CodeForbidden)
	_, err = off6.Counter(cx, "loket-1")
	wantCode(t, err, api.CodeForbidden)
	_, err = off6.SetCounterStatus(cx, "loket-1", api.CounterClosed)
	wantCode(t, err, api.CodeForbidden)
	_, err = off6.Cancel(cx, a.ID) // waiting ktp-el: not petugas6's service
	wantCode(t, err, api.CodeForbidden)
	off1.CallNext(cx, "loket-1")
	for _, f := range []func(string) (api.Ticket, error){
		func(id string) (api.Ticket, error) { return off6.Start(cx, id) },
		func(id string) (api.Ticket, error) { return off6.NoShow(cx, id) },
		func(id string) (api.Ticket, error) { return off6.Transfer(cx, id, "sim") },
	} {
		_, err = f(a.ID)
		wantCode(t, err, api.CodeForbidden)
	}
	// Login at a counter not assigned is refused; kiosk tokens cannot act.
	_, err = s.Client("").Login(cx, api.SessionRequest{Username: "petugas6", Password: "demo123", CounterID: "loket-1"})
	wantCode(t, err, api.CodeForbidden)
	_, err = s.Client("").Login(cx, api.SessionRequest{Username: "petugas6", Password: "wrong"})
	wantCode(t, err, api.CodeUnauthorized)
	_, err = k.CallNext(cx, "loket-1")
	wantCode(t, err, api.CodeForbidden)
	// Two officers sharing a service, racing: never the same ticket.
	for i := 0; i < 10; i++ {
		issue(t, k, "kk")
	}
	off3 := s.Officer("petugas3", "loket-3")
	off1.NoShow(cx, a.ID)
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[string]bool{}
	for _, c := range []struct {
		cl *client.Client
		id string
	}{{off1, "loket-1"}, {off3, "loket-3"}} {
		wg.Add(1)
		go func(cl *client.Client, id string) {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				tk, err := cl.CallNext(cx, id)
				if err != nil || tk == nil {
					t.Errorf("call next %s: %v", id, err)
					return
				}
				mu.Lock()
				if seen[tk.ID] {
					t.Errorf("ticket %s called twice", tk.Number)
				}
				seen[tk.ID] = true
				mu.Unlock()
				cl.NoShow(cx, tk.ID)
			}
		}(c.cl, c.id)
	}
	wg.Wait()
	if len(seen) != 10 {
		t.Fatalf("called %d distinct tickets, want 10", len(seen))
	}
}

func TestPriorityInterleave(t *testing.T) {
	s := servertest.Start(t, servertest.WithSite(func(f *config.File) {
		for i := range f.Services {
			if f.Services[i].ID == "sim" {
				f.Services[i].Interleave = api.Interleave{Priority: 1, Regular: 2}
			}
		}
	}))
	k := s.Kiosk()
	cx := ctx(t)
	var want []string
	for i := 0; i < 4; i++ {
		tk := issue(t, k, "sim")
		want = append(want, tk.Number)
	}
	p1, err := k.IssueTicket(cx, api.IssueRequest{ServiceID: "sim", Priority: api.PriorityElderly}, client.NewIdempotencyKey())
	if err != nil {
		t.Fatal(err)
	}
	p2, _ := k.IssueTicket(cx, api.IssueRequest{ServiceID: "sim", Priority: api.PriorityPregnant}, client.NewIdempotencyKey())
	if p1.PeopleAhead != 0 {
		t.Fatalf("priority ticket should be first in line, %d ahead", p1.PeopleAhead)
	}
	off := s.Officer("petugas6", "loket-7")
	var got []string
	for i := 0; i < 6; i++ {
		tk, err := off.CallNext(cx, "loket-7")
		if err != nil || tk == nil {
			t.Fatal(err)
		}
		got = append(got, tk.Number)
		off.NoShow(cx, tk.ID)
	}
	exp := []string{p1.Number, want[0], want[1], p2.Number, want[2], want[3]}
	if fmt.Sprint(got) != fmt.Sprint(exp) {
		t.Fatalf("order %v, want %v", got, exp)
	}
}

func TestMalformedCounterRequests(t *testing.T) {
	s := servertest.Start(t)
	off := s.Officer("petugas1", "loket-1")
	cx := ctx(t)
	_, err := off.SetCounterStatus(cx, "loket-1", "lunch")
	wantCode(t, err, api.CodeInvalidInput)
	_, err = off.Start(cx, "no-such-ticket")
	wantCode(t, err, api.CodeNotFound)
	_, err = off.CallNext(cx, "loket-99")
	wantCode(t, err, api.CodeNotFound)
	_, err = off.Recall(cx, "loket-1")
	wantCode(t, err, api.CodeInvalidState)
	tk := issue(t, s.Kiosk(), "ktp-el")
	off.CallNext(cx, "loket-1")
	_, err = off.Transfer(cx, tk.ID, "nope")
	wantCode(t, err, api.CodeNotFound)
	_, err = off.Transfer(cx, tk.ID, "ktp-el")
	wantCode(t, err, api.CodeInvalidInput)
	req, _ := http.NewRequest("POST", s.URL+"/v1/tickets/"+tk.ID+"/transfer", bytes.NewBufferString(`{"service":"kk"}`))
	req.Header.Set("Authorization", "Bearer "+off.Token())
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 400 {
		t.Fatalf("unknown field in transfer: %v %v", resp.StatusCode, err)
	}
}

func TestSessionExpiry(t *testing.T) {
	clk := queue.NewFixedClock(thursday10)
	s := servertest.Start(t, servertest.WithClock(clk))
	off := s.Officer("petugas1", "loket-1")
	if _, err := off.Counter(ctx(t), "loket-1"); err != nil {
		t.Fatal(err)
	}
	clk.Advance(13 * time.Hour)
	_, err := off.Counter(ctx(t), "loket-1")
	wantCode(t, err, api.CodeUnauthorized)
}

func TestLogoutEndsSession(t *testing.T) {
	s := servertest.Start(t)
	off := s.Officer("petugas1", "loket-1")
	tok := off.Token()
	if err := off.Logout(ctx(t)); err != nil {
		t.Fatal(err)
	}
	_, err := s.Client(tok).Counter(ctx(t), "loket-1")
	wantCode(t, err, api.CodeUnauthorized)
}

func TestLoginThrottled(t *testing.T) {
	s := servertest.Start(t)
	c := s.Client("")
	for i := 0; i < 5; i++ {
		_, err := c.Login(ctx(t), api.SessionRequest{Username: "petugas4", Password: "guess"})
		wantCode(t, err, api.CodeUnauthorized)
	}
	// Even the right password waits now (a short pause, see login_test.go).
	_, err := c.Login(ctx(t), api.SessionRequest{Username: "petugas4", Password: servertest.OfficerPassword})
	wantCode(t, err, api.CodeRateLimited)
}
