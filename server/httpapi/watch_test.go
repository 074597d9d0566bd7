package httpapi_test

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"antrean/server/httpapi"
	"antrean/server/queue"
	"antrean/server/serve"
	"antrean/server/servertest"
	"antrean/server/store"
	"antrean/shared/api"
)

// countingStore counts ticket reads.
type countingStore struct {
	store.Store
	reads atomic.Int64
}

func (c *countingStore) Ticket(ctx context.Context, id string) (api.Ticket, error) {
	c.reads.Add(1)
	return c.Store.Ticket(ctx, id)
}

// Many phones on one ticket cost one read per change, not one per phone.
func TestTicketWatchersShareOneRead(t *testing.T) {
	s := servertest.Start(t)
	cs := &countingStore{Store: s.Store}
	_, base := handlerOn(t, s, httpapi.Options{Store: cs, TicketStreamsPerTicket: 100})
	tk := issue(t, s.Kiosk(), "ktp-el")
	const n = 60
	var streams []*sse
	for range n {
		st := openTicketStream(t, base+"/v1/tickets/"+tk.ID+"/events")
		st.next(t, "the first view", func(got api.Ticket) bool { return got.ID == tk.ID })
		streams = append(streams, st)
	}
	connectReads := cs.reads.Load()
	off := s.Officer("petugas1", "loket-1")
	if called, err := off.CallNext(ctx(t), "loket-1"); err != nil || called == nil || called.ID != tk.ID {
		t.Fatalf("call next: %+v %v", called, err)
	}
	for _, st := range streams {
		st.next(t, "state called", func(got api.Ticket) bool { return got.State == api.StateCalled })
	}
	total := cs.reads.Load()
	t.Logf("%d watchers: %d reads to connect, %d for the call", n, connectReads, total-connectReads)
	if connectReads > 3 || total-connectReads > 3 {
		t.Fatalf("%d watchers cost %d reads to connect and %d for one call; want a few, not one per watcher",
			n, connectReads, total-connectReads)
	}
}

func ticketStreamStatus(t *testing.T, url string) (int, string) {
	t.Helper()
	c, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(c, "GET", url, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); res.Body.Close() })
	return res.StatusCode, res.Header.Get("Retry-After")
}

func TestTicketStreamCaps(t *testing.T) {
	s := servertest.Start(t, servertest.WithConfig(func(c *serve.Config) {
		c.TicketStreamsPerTicket, c.TicketStreamsPerAddr = 3, 5
	}))
	k := s.Kiosk()
	a := issue(t, k, "ktp-el")
	url := func(tk api.Ticket) string { return s.URL + "/v1/tickets/" + tk.ID + "/events" }
	// An unknown ticket is still a 404, not a stream.
	if st, _ := ticketStreamStatus(t, s.URL+"/v1/tickets/nope/events"); st != 404 {
		t.Fatalf("unknown ticket: %d", st)
	}
	var open []*sse
	for range 3 {
		st := openTicketStream(t, url(a))
		st.next(t, "view", func(api.Ticket) bool { return true })
		open = append(open, st)
	}
	if st, ra := ticketStreamStatus(t, url(a)); st != 429 || ra == "" {
		t.Fatalf("4th stream on one ticket: %d Retry-After %q, want 429 with Retry-After", st, ra)
	}
	// One more ticket takes the address to its cap of 5.
	b := issue(t, k, "ktp-el")
	for range 2 {
		openTicketStream(t, url(b)).next(t, "view", func(api.Ticket) bool { return true })
	}
	c := issue(t, k, "ktp-el")
	if st, _ := ticketStreamStatus(t, url(c)); st != 429 {
		t.Fatalf("6th stream from one address: %d, want 429", st)
	}
	// Closing one frees its place.
	open[0].res.Body.Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		st, _ := ticketStreamStatus(t, url(c))
		if st == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a closed stream's place was not freed: %d", st)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestKioskIssueRateLimit(t *testing.T) {
	clk := queue.NewFixedClock(thursday10)
	s := servertest.Start(t, servertest.WithClock(clk), servertest.WithConfig(func(c *serve.Config) {
		c.KioskIssuePerMinute, c.KioskIssueBurst = 6, 3
	}))
	k := s.Kiosk()
	created, limited := 0, 0
	var wait int
	for i := range 40 {
		_, err := k.IssueTicket(ctx(t), api.IssueRequest{ServiceID: "kk"}, "burst-"+strconv.Itoa(i))
		switch api.CodeOf(err) {
		case "":
			created++
		case api.CodeRateLimited:
			limited++
		default:
			t.Fatal(err)
		}
	}
	if created != 3 || limited != 37 {
		t.Fatalf("40 tickets at once: %d issued, %d limited; want 3 and 37", created, limited)
	}
	// The answer says how long to wait.
	req, _ := http.NewRequest("POST", s.URL+"/v1/tickets", nil)
	req.Header.Set("Authorization", "Bearer "+s.KioskToken)
	req.Header.Set("Idempotency-Key", "one-more")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if wait, _ = strconv.Atoi(res.Header.Get("Retry-After")); res.StatusCode != 429 || wait < 1 || wait > 10 {
		t.Fatalf("limited issue: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	// Another kiosk is not held back by this one.
	adm := newAdmin(t, s)
	var d api.IssuedDevice
	adm.must("POST", "/v1/admin/devices", api.DeviceRequest{Name: "Kiosk 2", Role: api.RoleKiosk}, &d, 201)
	if _, err := s.Client(d.Token).IssueTicket(ctx(t), api.IssueRequest{ServiceID: "kk"}, "k2-1"); err != nil {
		t.Fatalf("second kiosk: %v", err)
	}
	// Refused requests and replays do not spend the allowance: after one
	// token comes back (10 s at 6/min), a replay of an issued ticket and
	// an invalid request leave it for a real new ticket.
	clk.Advance(10 * time.Second)
	if _, err := k.IssueTicket(ctx(t), api.IssueRequest{ServiceID: "kk"}, "burst-0"); err != nil {
		t.Fatalf("replay: %v", err)
	}
	if _, err := k.IssueTicket(ctx(t), api.IssueRequest{ServiceID: "no-such"}, "bad-1"); api.CodeOf(err) != api.CodeNotFound && api.CodeOf(err) != api.CodeInvalidInput {
		t.Fatalf("unknown service: %v", err)
	}
	if _, err := k.IssueTicket(ctx(t), api.IssueRequest{ServiceID: "kk"}, "after-wait"); err != nil {
		t.Fatalf("after the wait: %v", err)
	}
}
