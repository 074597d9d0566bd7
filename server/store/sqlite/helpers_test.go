package sqlite

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"antrean/assets"
	"antrean/server/config"
	"antrean/server/queue"
	"antrean/server/store"
	"antrean/shared/api"
)

// Tests of the store itself, without HTTP: the Pariaman demo site on a
// fresh database, a stepping clock at 10:00 WIB on a Thursday, no
// background housekeeping (tests call Housekeep), and every published
// event recorded.

var wib = time.FixedZone("WIB", 7*3600)

// thursday is 26 Nov 2026, 10:00 WIB.
var thursday = time.Date(2026, 11, 26, 10, 0, 0, 0, wib)

type recorder struct {
	mu  sync.Mutex
	evs []api.Event
}

func (r *recorder) Publish(evs []api.Event, _ []string) {
	r.mu.Lock()
	r.evs = append(r.evs, evs...)
	r.mu.Unlock()
}

// since returns the events of type typ published after the n-th.
func (r *recorder) since(n int, typ api.EventType) []api.EventData {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []api.EventData
	for _, e := range r.evs[min(n, len(r.evs)):] {
		if e.Type == typ {
			d, err := e.Decode()
			if err != nil {
				panic(err)
			}
			out = append(out, d)
		}
	}
	return out
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.evs)
}

type testStore struct {
	*Store
	t    *testing.T
	clk  *queue.FixedClock
	evs  *recorder
	path string
	site *config.File
}

func pariaman(t testing.TB) *config.File {
	t.Helper()
	b, err := assets.ReadFile("sites/pariaman.toml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := config.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// newStore opens a seeded store; edit changes the site before seeding.
func newStore(t *testing.T, edit func(*config.File)) *testStore {
	t.Helper()
	site := pariaman(t)
	if edit != nil {
		edit(site)
	}
	ts := &testStore{t: t, clk: queue.NewSteppingClock(thursday, time.Millisecond), evs: &recorder{},
		path: filepath.Join(t.TempDir(), "antrean.db"), site: site}
	ts.open()
	if err := ts.Seed(context.Background(), site); err != nil {
		t.Fatal(err)
	}
	return ts
}

func (ts *testStore) open() {
	ts.t.Helper()
	s, err := Open(context.Background(), Options{Path: ts.path, Clock: ts.clk, Publisher: ts.evs,
		BcryptCost: bcrypt.MinCost, Housekeeping: -1})
	if err != nil {
		ts.t.Fatal(err)
	}
	ts.Store = s
	ts.t.Cleanup(func() { s.Close() })
}

// reopen closes and opens the database again, as a restart does.
func (ts *testStore) reopen() {
	ts.t.Helper()
	ts.Close()
	ts.open()
	if err := ts.Housekeep(context.Background()); err != nil {
		ts.t.Fatal(err)
	}
}

var kiosk = store.Principal{Role: api.RoleKiosk, DeviceID: "dev-test"}

func officer(user string, counters ...string) store.Principal {
	return store.Principal{Role: api.RoleOfficer, UserID: user, Username: user, CounterIDs: counters}
}

func (ts *testStore) issue(service string, prio api.Priority) api.Ticket {
	ts.t.Helper()
	tk, _, err := ts.Issue(context.Background(), kiosk, NewID(12), api.IssueRequest{ServiceID: service, Priority: prio})
	if err != nil {
		ts.t.Fatalf("issue %s: %v", service, err)
	}
	return tk
}

func (ts *testStore) callNext(p store.Principal, counter string) *api.Ticket {
	ts.t.Helper()
	tk, err := ts.CallNext(context.Background(), p, counter)
	if err != nil {
		ts.t.Fatalf("call next at %s: %v", counter, err)
	}
	return tk
}

func (ts *testStore) act(p store.Principal, id, verb string) api.Ticket {
	ts.t.Helper()
	tk, err := ts.Act(context.Background(), p, id, verb)
	if err != nil {
		ts.t.Fatalf("%s %s: %v", verb, id, err)
	}
	return tk
}

func (ts *testStore) login(user, counter string) api.Session {
	ts.t.Helper()
	sess, err := ts.Login(context.Background(), api.SessionRequest{Username: user, Password: "demo123", CounterID: counter})
	if err != nil {
		ts.t.Fatalf("login %s at %s: %v", user, counter, err)
	}
	return sess
}

func wantCode(t *testing.T, err error, code api.Code) {
	t.Helper()
	if api.CodeOf(err) != code {
		t.Fatalf("error %v, want %s", err, code)
	}
}
