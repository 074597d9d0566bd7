package httpapi_test

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
	"antrean/shared/stream"
)

// recorder collects what one stream client receives.
type recorder struct {
	mu     sync.Mutex
	ids    []int64
	calls  []string // ticket numbers of ticket.called events
	boards int
	notify chan struct{}
}

func newRecorder() *recorder { return &recorder{notify: make(chan struct{}, 1)} }

func (r *recorder) onEvent(ev api.Event) {
	r.mu.Lock()
	r.ids = append(r.ids, ev.ID)
	if ev.Type == api.EventTicketCalled {
		d, _ := ev.Decode()
		r.calls = append(r.calls, d.Call.Number)
	}
	r.mu.Unlock()
	select {
	case r.notify <- struct{}{}:
	default:
	}
}

func (r *recorder) callCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.calls)
}

func (r *recorder) waitCalls(t *testing.T, n int) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for r.callCount() < n {
		select {
		case <-r.notify:
		case <-deadline:
			t.Fatalf("received %d calls, want %d", r.callCount(), n)
		}
	}
}

func runStream(t *testing.T, s *servertest.Server, since int64, rec *recorder, zone string) context.CancelFunc {
	t.Helper()
	display := s.Client(s.DisplayToken)
	cx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		stream.Run(cx, stream.Options{
			BaseURL: s.URL, Token: s.DisplayToken, Zone: zone, Since: since,
			Board: func(ctx context.Context) (api.Board, error) { return display.Board(ctx, zone) },
			OnBoard: func(api.Board) {
				rec.mu.Lock()
				rec.boards++
				rec.mu.Unlock()
			},
			OnEvent:    rec.onEvent,
			MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond,
		})
	}()
	stop := func() { cancel(); <-done }
	t.Cleanup(stop)
	return stop
}

// callMany issues n tickets and calls each at loket-1 (then no-show).
func callMany(t *testing.T, s *servertest.Server, n int) []string {
	t.Helper()
	k := s.Kiosk()
	off := s.Officer("petugas1", "loket-1")
	var nums []string
	for i := 0; i < n; i++ {
		issue(t, k, "ktp-el")
		tk, err := off.CallNext(context.Background(), "loket-1")
		if err != nil || tk == nil {
			t.Fatalf("call next: %v %v", tk, err)
		}
		nums = append(nums, tk.Number)
		if _, err := off.NoShow(context.Background(), tk.ID); err != nil {
			t.Fatal(err)
		}
	}
	return nums
}

func lastSeq(t *testing.T, s *servertest.Server) int64 {
	b, err := s.Client(s.DisplayToken).Board(ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	return b.Seq
}

func TestReconnectAfterMissing50Calls(t *testing.T) {
	s := servertest.Start(t)
	callMany(t, s, 2)
	since := lastSeq(t, s)
	// The display was away while 50 calls were made.
	want := callMany(t, s, 50)
	rec := newRecorder()
	runStream(t, s, since, rec, "")
	rec.waitCalls(t, 50)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if strings.Join(rec.calls, ",") != strings.Join(want, ",") {
		t.Fatalf("calls %v, want %v", rec.calls, want)
	}
	for i, id := range rec.ids {
		if id != since+int64(i)+1 {
			t.Fatalf("event %d has id %d, want %d (gap or reorder)", i, id, since+int64(i)+1)
		}
	}
}

func TestEventsGapFreeAcrossRestart(t *testing.T) {
	s := servertest.Start(t)
	rec := newRecorder()
	runStream(t, s, lastSeq(t, s), rec, "")
	first := callMany(t, s, 5)
	rec.waitCalls(t, 5)
	s.Restart()
	second := callMany(t, s, 5)
	rec.waitCalls(t, 10)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if got, want := strings.Join(rec.calls, ","), strings.Join(append(first, second...), ","); got != want {
		t.Fatalf("calls %s, want %s", got, want)
	}
	for i := 1; i < len(rec.ids); i++ {
		if rec.ids[i] != rec.ids[i-1]+1 {
			t.Fatalf("ids not gap-free across restart: %v", rec.ids)
		}
	}
}

func TestManyStreamClientsGetEveryCall(t *testing.T) {
	s := servertest.Start(t)
	since := lastSeq(t, s)
	const clients, calls = 200, 10
	recs := make([]*recorder, clients)
	for i := range recs {
		recs[i] = newRecorder()
		runStream(t, s, since, recs[i], "")
	}
	// Let them connect, then call.
	deadline := time.Now().Add(10 * time.Second)
	for s.Hub.Count() < clients && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	want := strings.Join(callMany(t, s, calls), ",")
	for i, r := range recs {
		r.waitCalls(t, calls)
		r.mu.Lock()
		got := strings.Join(r.calls, ",")
		r.mu.Unlock()
		if got != want {
			t.Fatalf("client %d got %s, want %s", i, got, want)
		}
	}
}

func TestZoneFilter(t *testing.T) {
	s := servertest.Start(t)
	recB, recA := newRecorder(), newRecorder()
	since := lastSeq(t, s)
	runStream(t, s, since, recB, "B")
	runStream(t, s, since, recA, "A")
	callMany(t, s, 1) // loket-1 is in zone A
	k := s.Kiosk()
	issue(t, k, "paspor")
	off := s.Officer("petugas11", "loket-14")
	tk, err := off.CallNext(ctx(t), "loket-14")
	if err != nil || tk == nil {
		t.Fatal(err)
	}
	recB.waitCalls(t, 1)
	recA.waitCalls(t, 1)
	time.Sleep(200 * time.Millisecond)
	if recB.callCount() != 1 || recA.callCount() != 1 {
		t.Fatalf("zone B saw %d calls, zone A %d; want 1 each", recB.callCount(), recA.callCount())
	}
	recB.mu.Lock()
	defer recB.mu.Unlock()
	if recB.calls[0] != tk.Number {
		t.Fatalf("zone B saw %s, want %s", recB.calls[0], tk.Number)
	}
}

func rawStream(t *testing.T, s *servertest.Server, lastID string) (*http.Response, *bufio.Reader) {
	t.Helper()
	req, _ := http.NewRequest("GET", s.URL+"/v1/events", nil)
	req.Header.Set("Authorization", "Bearer "+s.DisplayToken)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp, bufio.NewReader(resp.Body)
}

func readUntil(t *testing.T, br *bufio.Reader, want string) {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				done <- err
				return
			}
			if strings.Contains(line, want) {
				done <- nil
				return
			}
		}
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("stream ended before %q: %v", want, err)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("no %q within 10s", want)
	}
}

func TestResetWhenResumePointUnknown(t *testing.T) {
	s := servertest.Start(t)
	resp, br := rawStream(t, s, "999999")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("status %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	readUntil(t, br, "event: reset")
	resp, _ = rawStream(t, s, "abc")
	if resp.StatusCode != 400 {
		t.Fatalf("bad Last-Event-ID: status %d", resp.StatusCode)
	}
}

func TestKeepAliveAndShutdownEndsStream(t *testing.T) {
	s := servertest.Start(t, servertest.WithKeepAlive(50*time.Millisecond))
	_, br := rawStream(t, s, "")
	readUntil(t, br, ": keep-alive")
	ended := make(chan struct{})
	go func() {
		for {
			if _, err := br.ReadString('\n'); err != nil {
				close(ended)
				return
			}
		}
	}()
	s.Stop()
	select {
	case <-ended:
	case <-time.After(5 * time.Second):
		t.Fatal("stream still open after shutdown")
	}
}

func TestBoardSnapshot(t *testing.T) {
	s := servertest.Start(t)
	k := s.Kiosk()
	for i := 0; i < 12; i++ {
		issue(t, k, "ktp-el")
	}
	issue(t, k, "kk")
	off := s.Officer("petugas1", "loket-1")
	var last api.Ticket
	for i := 0; i < 11; i++ {
		tk, err := off.CallNext(ctx(t), "loket-1")
		if err != nil || tk == nil {
			t.Fatal(err)
		}
		last = *tk
		if i < 10 {
			off.NoShow(ctx(t), tk.ID)
		}
	}
	off.SetCounterStatus(ctx(t), "loket-1", api.CounterOpen)
	b, err := s.Client(s.DisplayToken).Board(ctx(t), "A")
	if err != nil {
		t.Fatal(err)
	}
	if b.Seq == 0 || b.Seq != s.Hub.Last() {
		t.Fatalf("board seq %d, hub %d", b.Seq, s.Hub.Last())
	}
	if len(b.RecentCalls) != 10 || b.RecentCalls[0].Number != last.Number {
		t.Fatalf("recent calls %d, newest %+v", len(b.RecentCalls), b.RecentCalls)
	}
	var found bool
	for _, c := range b.Counters {
		if c.Zone != "A" {
			t.Fatalf("zone B counter %s on zone A board", c.ID)
		}
		if c.ID == "loket-1" {
			found = c.Current != nil && c.Current.Number == last.Number && c.Current.CounterNumber == 1
		}
	}
	if !found {
		t.Fatal("loket-1 does not show its current ticket")
	}
	for _, w := range b.Waiting {
		if w.ServiceID == "ktp-el" && w.Waiting != 1 {
			t.Fatalf("ktp-el waiting %d, want 1", w.Waiting)
		}
		if w.ServiceID == "kk" && w.Waiting != 1 {
			t.Fatalf("kk waiting %d, want 1", w.Waiting)
		}
	}
	_, err = s.Kiosk().Board(ctx(t), "")
	if err != nil {
		t.Fatalf("kiosk may read the board: %v", err)
	}
	_, err = s.Client("").Board(ctx(t), "")
	wantCode(t, err, api.CodeUnauthorized)
	_ = client.NewIdempotencyKey
}
