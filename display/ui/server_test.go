package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"antrean/display/audio"
	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
)

// The display follows a real server: the snapshot fills the grid, a real
// call reaches the big panel, the grid, the history, the log and the voice;
// a stopped server shows the offline badge and keeps the screen; a
// restarted one hides it again.
func TestFollowsRealServer(t *testing.T) {
	srv := servertest.Start(t)
	calls := make(chan api.Call, 10)
	var d *Display
	ann := audio.New(nil, audio.Options{OnStart: func(c api.Call) { calls <- c; d.Announced(c) }})
	d, logs := newTestDisplay(t, Config{Announce: ann.Enqueue})

	ctx, cancel := context.WithCancel(context.Background())
	// The announcer calls into the UI: it must be gone before the next test.
	annDone := make(chan struct{})
	go func() { ann.Run(ctx); close(annDone) }()
	defer func() { cancel(); <-annDone }()
	done := make(chan error, 1)
	go func() {
		done <- Follow(ctx, d, Feed{BaseURL: srv.URL, Token: srv.DisplayToken,
			Client: client.New(client.Config{BaseURL: srv.URL, Token: srv.DisplayToken}), Logf: logs.logf})
	}()

	waitUntil(t, "board", func() (ok bool) {
		d.inspect(func() { ok = len(d.view.Cells) > 0 && d.header.siteName.t.Text == "Mal Pelayanan Publik Kota Pariaman" })
		return ok
	})

	bg := context.Background()
	tk, err := srv.Kiosk().IssueTicket(bg, api.IssueRequest{ServiceID: "ktp-el"}, client.NewIdempotencyKey())
	if err != nil {
		t.Fatal(err)
	}
	officer := srv.Officer("petugas1", "loket-1")
	called, err := officer.CallNext(bg, "loket-1")
	if err != nil || called == nil || called.Number != tk.Number {
		t.Fatalf("call-next: %+v, %v", called, err)
	}
	select {
	case c := <-calls:
		if c.Number != tk.Number || c.CounterNumber != 1 {
			t.Fatalf("announced %+v", c)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the call never reached the announcer")
	}
	want := "display: call number=" + tk.Number + " counter=1 recall=false"
	waitUntil(t, "screen", func() (ok bool) {
		d.inspect(func() {
			i := cellIndex(d, "loket-1")
			ok = i >= 0 && d.cells[i].number.t.Text == tk.Number && d.big.number.t.Text == tk.Number &&
				d.hist.rows[0].number.t.Text == tk.Number && d.big.counter.t.Text == "LOKET 1"
		})
		return ok
	})
	if !strings.Contains(strings.Join(logs.all(), "\n"), want) {
		t.Errorf("log lacks %q: %q", want, logs.all())
	}

	// Recall: spoken again.
	if _, err := officer.Recall(bg, "loket-1"); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-calls:
		if c.Number != tk.Number || !c.Recall {
			t.Fatalf("recall announced as %+v", c)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the recall was not announced")
	}

	// Server down: badge on, screen kept.
	srv.Stop()
	waitUntil(t, "offline badge", func() (ok bool) {
		d.inspect(func() { ok = d.header.badge.t.Visible() })
		return ok
	})
	d.inspect(func() {
		if d.big.number.t.Text != tk.Number {
			t.Errorf("screen lost its state while offline: %q", d.big.number.t.Text)
		}
	})
	srv.Restart()
	waitUntil(t, "badge gone", func() (ok bool) {
		d.inspect(func() { ok = !d.header.badge.t.Visible() })
		return ok
	})
	cancel()
	<-done
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func cellIndex(d *Display, counterID string) int {
	for i, c := range d.view.Cells {
		if c.CounterID == counterID {
			return i
		}
	}
	return -1
}

// inspect reads the screen state once the posted work is done, under the
// display lock (another goroutine — the stream's, the announcer's — may be
// draining work that this goroutine posted).
func (d *Display) inspect(f func()) {
	for {
		d.qmu.Lock()
		busy := d.scheduled || len(d.queue) > 0
		d.qmu.Unlock()
		if !busy {
			break
		}
		time.Sleep(time.Millisecond)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	f()
}
