package sqlite

import (
	"context"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"

	"antrean/shared/api"
)

// The in-memory catalog must never drift from the database. Each test
// below commits something at the moment the old code was blind to it and
// fails on that code.

// batch has the writer run ops as one batch, in this order.
func (ts *testStore) batch(ops []*op) {
	o := &op{batch: ops, done: make(chan struct{})}
	ts.ops <- o
	<-o.done
}

// onQueueOnce makes fn run once, inside the next write, just before that
// write is handed to the writer (after the caller read whatever it read).
func (ts *testStore) onQueueOnce(fn func()) {
	var ran atomic.Bool
	f := func() {
		if ran.CompareAndSwap(false, true) { // fn's own writes come here too
			fn()
		}
	}
	ts.onQueue.Store(&f)
	ts.t.Cleanup(func() { ts.onQueue.Store(nil) })
}

// A counter status change used to write its copy of the counter, taken
// before the write, back into the cache after commit: an admin change
// committed in between was lost in memory, and call-next then served the
// old service list.
func TestStatusChangeKeepsAdminChange(t *testing.T) {
	ts := newStore(t, nil)
	ctx := context.Background()
	p := officer("petugas1", "loket-1")
	changed := ts.snapshot().counter["loket-1"]
	changed.Name, changed.ServiceIDs = "Loket 1 — Akta", []string{"akta"}
	ts.onQueueOnce(func() {
		if _, err := ts.SaveCounter(ctx, changed, false); err != nil {
			t.Errorf("admin change: %v", err)
		}
	})
	got, err := ts.SetCounterStatus(ctx, p, "loket-1", api.CounterBreak)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != changed.Name || got.Status != api.CounterBreak {
		t.Fatalf("status change answered %+v", got)
	}
	cached := ts.snapshot().counter["loket-1"]
	if cached.Name != changed.Name || !reflect.DeepEqual(cached.ServiceIDs, []string{"akta"}) || cached.Status != api.CounterBreak {
		t.Fatalf("cache after both commits: %+v", cached)
	}
	// The cache equals a fresh read of the database.
	fresh, err := buildCatalog(ctx, ts.r)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fresh.counters, ts.snapshot().counters) {
		t.Fatalf("cache %+v\nfresh %+v", ts.snapshot().counters, fresh.counters)
	}
	// Call-next serves the new list: ktp-el is no longer loket-1's.
	if _, err := ts.SetCounterStatus(ctx, p, "loket-1", api.CounterOpen); err != nil {
		t.Fatal(err)
	}
	ts.issue("ktp-el", api.PriorityNone)
	akta := ts.issue("akta", api.PriorityNone)
	if tk := ts.callNext(p, "loket-1"); tk == nil || tk.ID != akta.ID {
		t.Fatalf("loket-1 called %+v, want the akta ticket %s", tk, akta.Number)
	}
}

// cancelledOnceStarted is a request context that is cancelled as soon as
// the store looks at it once (when its write starts): the client went away
// while the write ran.
type cancelledOnceStarted struct {
	context.Context
	mu     sync.Mutex
	looked bool
	done   chan struct{}
}

func newCancelledOnceStarted() *cancelledOnceStarted {
	return &cancelledOnceStarted{Context: context.Background(), done: make(chan struct{})}
}

func (c *cancelledOnceStarted) Done() <-chan struct{} { return c.done }

func (c *cancelledOnceStarted) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.looked {
		c.looked = true
		close(c.done)
		return nil
	}
	return context.Canceled
}

// The catalog reload after an admin change used to run on the request's
// context: a client that disconnected after commit got an error for a
// committed change and left the cache stale.
func TestAdminChangeSurvivesClientLeaving(t *testing.T) {
	ts := newStore(t, nil)
	sv := ts.snapshot().service["akta"]
	sv.Name = "Akta Kelahiran dan Kematian"
	before := ts.evs.count()
	ctx := newCancelledOnceStarted()
	if _, err := ts.SaveService(ctx, sv, false); err != nil {
		t.Fatalf("committed change answered %v", err)
	}
	if !ctx.looked {
		t.Fatal("the test context was never looked at: the test proves nothing")
	}
	if got := ts.snapshot().service["akta"].Name; got != sv.Name {
		t.Fatalf("cache has %q, database %q", got, sv.Name)
	}
	cat, err := ts.Catalog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range cat.Services {
		if s.ID == "akta" && s.Name != sv.Name {
			t.Fatalf("catalog serves %q", s.Name)
		}
	}
	if n := len(ts.evs.since(before, api.EventCatalogUpdated)); n != 1 {
		t.Fatalf("%d catalog.updated events, want 1", n)
	}
}

// Call-next used to check "counter open" on a snapshot taken before its
// write: a break committed in between did not stop the call.
func TestCallNextSeesBreakCommittedBefore(t *testing.T) {
	ts := newStore(t, nil)
	ctx := context.Background()
	p := officer("petugas1", "loket-1")
	tk := ts.issue("ktp-el", api.PriorityNone)
	ts.onQueueOnce(func() {
		if _, err := ts.SetCounterStatus(ctx, p, "loket-1", api.CounterBreak); err != nil {
			t.Errorf("break: %v", err)
		}
	})
	got, err := ts.CallNext(ctx, p, "loket-1")
	wantCode(t, err, api.CodeInvalidState)
	if got != nil {
		t.Fatalf("called %s at a counter on break", got.Number)
	}
	if cur, _ := ts.Ticket(ctx, tk.ID); cur.State != api.StateWaiting {
		t.Fatalf("ticket is %s", cur.State)
	}
}

// The same within one group commit: the break and the call are two writes
// of one batch (one transaction, one savepoint each). The call must see
// the break that precedes it, and the cache must end with the break.
func TestCallNextSeesBreakEarlierInBatch(t *testing.T) {
	ts := newStore(t, nil)
	p := officer("petugas1", "loket-1")
	tk := ts.issue("ktp-el", api.PriorityNone)
	var called *api.Ticket
	var callErr error
	mk := func(fn func(t *wtx) error) *op {
		return &op{ctx: context.Background(), fn: fn, done: make(chan struct{})}
	}
	ops := []*op{
		mk(func(t *wtx) error { _, err := t.setCounterStatus("loket-1", api.CounterBreak); return err }),
		mk(func(t *wtx) error { called, callErr = t.callNext(p, "loket-1"); return callErr }),
	}
	ts.batch(ops)
	if ops[0].err != nil {
		t.Fatal(ops[0].err)
	}
	wantCode(t, callErr, api.CodeInvalidState)
	if called != nil {
		t.Fatalf("called %s", called.Number)
	}
	if st := ts.snapshot().counter["loket-1"].Status; st != api.CounterBreak {
		t.Fatalf("cache status %s", st)
	}
	// And the other way round: a call before the break in the same batch
	// goes through, and the break still lands.
	ops = []*op{
		mk(func(t *wtx) error { _, err := t.setCounterStatus("loket-1", api.CounterOpen); return err }),
		mk(func(t *wtx) error { called, callErr = t.callNext(p, "loket-1"); return callErr }),
		mk(func(t *wtx) error { _, err := t.setCounterStatus("loket-1", api.CounterBreak); return err }),
	}
	ts.batch(ops)
	if callErr != nil || called == nil || called.ID != tk.ID {
		t.Fatalf("call in an open batch: %+v %v", called, callErr)
	}
	if st := ts.snapshot().counter["loket-1"].Status; st != api.CounterBreak {
		t.Fatalf("cache status %s", st)
	}
}

// A write that fails is rolled back alone, and so is its catalog change.
func TestFailedWriteLeavesCacheAlone(t *testing.T) {
	ts := newStore(t, nil)
	mk := func(fn func(t *wtx) error) *op {
		return &op{ctx: context.Background(), fn: fn, done: make(chan struct{})}
	}
	ops := []*op{
		mk(func(t *wtx) error {
			if _, err := t.setCounterStatus("loket-2", api.CounterClosed); err != nil {
				return err
			}
			return &api.Error{Code: api.CodeConflict, Detail: "changed my mind"}
		}),
		mk(func(t *wtx) error { _, err := t.setCounterStatus("loket-3", api.CounterBreak); return err }),
	}
	ts.batch(ops)
	if ops[0].err == nil || ops[1].err != nil {
		t.Fatalf("errors %v / %v", ops[0].err, ops[1].err)
	}
	c := ts.snapshot()
	if c.counter["loket-2"].Status != api.CounterOpen || c.counter["loket-3"].Status != api.CounterBreak {
		t.Fatalf("cache: loket-2 %s, loket-3 %s", c.counter["loket-2"].Status, c.counter["loket-3"].Status)
	}
	status, err := countStatus(context.Background(), ts.r)
	if err != nil || status["loket-2"] != api.CounterOpen || status["loket-3"] != api.CounterBreak {
		t.Fatalf("database: %v %v", status, err)
	}
}
