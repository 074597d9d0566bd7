package ui

import (
	"context"
	"fmt"
	"sync"
	"time"

	"antrean/shared/api"
)

// fakeAPI is an in-memory counter desk: one officer, a few counters, a
// queue per service. It checks the token like the server and can be told to
// fail or to hold a call, which a real server cannot be asked to do.
type fakeAPI struct {
	mu       sync.Mutex
	token    string // what the console sends
	valid    string // what the "server" accepts
	password string
	counters []api.Counter
	services []api.Service
	agencies []api.Agency
	site     api.Site
	now      func() time.Time // the "server" clock (default time.Now)
	nextCap  int              // numbers listed per service, as the server (5)
	lineCap  int              // numbers of the counter's own line, as the server (10; 0: none, an older server)
	status   map[string]api.CounterStatus
	current  map[string]*api.Ticket
	queue    []api.Ticket
	today    api.OfficerStats
	seq      int

	logins []api.SessionRequest
	fail   map[string]error      // next call of that method fails once
	hold   map[string]chan error // that method waits on the channel
	calls  map[string]int        // how often each method was called
	noShow []string              // ticket ids sent to NoShow, in order
	visits map[string]*api.Visit // ticket id → its visit (visit_test.go)
}

func newFake() *fakeAPI {
	f := &fakeAPI{
		valid:    "tok-1",
		password: "demo123",
		counters: []api.Counter{{ID: "loket-1", Number: 1, Name: "Loket 1", ServiceIDs: []string{"ktp", "kk"}, Status: api.CounterOpen}},
		services: []api.Service{
			{ID: "ktp", AgencyID: "dukcapil", Name: "KTP Elektronik", Prefix: "A", Active: true},
			{ID: "kk", AgencyID: "dukcapil", Name: "Kartu Keluarga", Prefix: "B", Active: true},
			{ID: "paspor", AgencyID: "imigrasi", Name: "Paspor", Prefix: "P", Active: true},
		},
		agencies: []api.Agency{
			{ID: "dukcapil", Name: "Dinas Kependudukan dan Pencatatan Sipil", Short: "Disdukcapil", Color: "#1A7F37"},
			{ID: "imigrasi", Name: "Kantor Imigrasi", Short: "Imigrasi"},
		},
		site:    api.Site{ID: "mpp", Name: "MPP Uji"},
		now:     time.Now,
		nextCap: 5,
		lineCap: 10,
		status:  map[string]api.CounterStatus{},
		current: map[string]*api.Ticket{},
		fail:    map[string]error{},
		hold:    map[string]chan error{},
		calls:   map[string]int{},
	}
	return f
}

func (f *fakeAPI) svc(id string) api.Service {
	for _, s := range f.services {
		if s.ID == id {
			return s
		}
	}
	return api.Service{ID: id}
}

// issue puts a ticket in the queue (a citizen at the kiosk).
func (f *fakeAPI) issue(service string, p api.Priority) api.Ticket {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seq++
	s := f.svc(service)
	t := api.Ticket{ID: fmt.Sprintf("t%d", f.seq), Number: fmt.Sprintf("%s-%03d", s.Prefix, f.seq),
		ServiceID: service, ServiceName: s.Name, AgencyShort: "Dukcapil", Priority: p,
		State: api.StateWaiting, IssuedAt: f.now().Add(-90 * time.Second)}
	f.queue = append(f.queue, t)
	return t
}

// gate runs the method's hooks: an injected failure, a hold, the token.
func (f *fakeAPI) gate(method string) error {
	f.mu.Lock()
	f.calls[method]++
	err, ok := f.fail[method]
	delete(f.fail, method)
	h := f.hold[method]
	tok := f.token
	f.mu.Unlock()
	if h != nil {
		if herr := <-h; herr != nil {
			return herr
		}
	}
	if ok {
		return err
	}
	if method != "Login" && tok != f.valid {
		return &api.Error{Code: api.CodeUnauthorized}
	}
	return nil
}

// count is how often method was called.
func (f *fakeAPI) count(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[method]
}

func (f *fakeAPI) Catalog(context.Context) (api.Catalog, error) {
	if err := f.gate("Catalog"); err != nil {
		return api.Catalog{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	cat := api.Catalog{Site: f.site, Agencies: f.agencies, Now: f.now()}
	for _, s := range f.services {
		s.OpenNow = true
		cat.Services = append(cat.Services, s)
	}
	for _, k := range f.counters {
		k, _ = f.counter(k.ID)
		cat.Counters = append(cat.Counters, k)
	}
	return cat, nil
}

func (f *fakeAPI) SetToken(token string) { f.mu.Lock(); f.token = token; f.mu.Unlock() }

func (f *fakeAPI) Logout(ctx context.Context) error { f.SetToken(""); return nil }

func (f *fakeAPI) Login(_ context.Context, req api.SessionRequest) (api.Session, error) {
	if err := f.gate("Login"); err != nil {
		return api.Session{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.logins = append(f.logins, req)
	if req.Username != "petugas1" || req.Password != f.password {
		return api.Session{}, &api.Error{Code: api.CodeUnauthorized, Detail: "wrong username or password"}
	}
	s := api.Session{Token: f.valid, ExpiresAt: time.Now().Add(12 * time.Hour), Counters: f.counters,
		User: api.User{ID: "u1", Username: req.Username, Role: api.RoleOfficer}}
	if req.CounterID != "" {
		for _, k := range f.counters {
			if k.ID == req.CounterID {
				s.Counter = &k
			}
		}
		if s.Counter == nil {
			return api.Session{}, &api.Error{Code: api.CodeForbidden}
		}
	} else if len(f.counters) == 1 {
		s.Counter = &f.counters[0]
	}
	return s, nil
}

func (f *fakeAPI) counter(id string) (api.Counter, bool) {
	for _, k := range f.counters {
		if k.ID == id {
			if st, ok := f.status[id]; ok {
				k.Status = st
			}
			return k, true
		}
	}
	return api.Counter{}, false
}

func (f *fakeAPI) Counter(_ context.Context, id string) (api.CounterView, error) {
	if err := f.gate("Counter"); err != nil {
		return api.CounterView{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	k, ok := f.counter(id)
	if !ok {
		return api.CounterView{}, &api.Error{Code: api.CodeNotFound}
	}
	v := api.CounterView{Counter: k, Today: f.today, Services: f.services}
	if cur := f.current[id]; cur != nil {
		c := *cur
		v.Current = &c
		if vis := f.visits[cur.ID]; vis != nil {
			cp := *vis
			v.CurrentVisit = &cp
		}
	}
	serves := map[string]bool{}
	for _, sid := range k.ServiceIDs {
		serves[sid] = true
	}
	for _, t := range f.queue { // the fake calls in queue order
		if serves[t.ServiceID] && len(v.Next) < f.lineCap {
			v.Next = append(v.Next, api.QueuedTicket{ID: t.ID, Number: t.Number, ServiceID: t.ServiceID, Priority: t.Priority, IssuedAt: t.IssuedAt})
		}
	}
	for _, sid := range k.ServiceIDs {
		q := api.ServiceQueue{ServiceID: sid, ServiceName: f.svc(sid).Name}
		for _, t := range f.queue {
			if t.ServiceID == sid {
				q.Count++
				if len(q.Next) < f.nextCap {
					q.Next = append(q.Next, api.QueuedTicket{ID: t.ID, Number: t.Number, Priority: t.Priority, IssuedAt: t.IssuedAt})
				}
			}
		}
		v.Waiting = append(v.Waiting, q)
	}
	return v, nil
}

func (f *fakeAPI) CallNext(_ context.Context, id string) (*api.Ticket, error) {
	if err := f.gate("CallNext"); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	k, _ := f.counter(id)
	for i, t := range f.queue {
		for _, sid := range k.ServiceIDs {
			if t.ServiceID == sid {
				f.queue = append(f.queue[:i], f.queue[i+1:]...)
				now := f.now()
				t.State, t.CalledAt, t.Calls, t.CounterID = api.StateCalled, &now, 1, id
				f.current[id] = &t
				c := t
				return &c, nil
			}
		}
	}
	return nil, nil
}

func (f *fakeAPI) Recall(_ context.Context, id string) (api.Ticket, error) {
	if err := f.gate("Recall"); err != nil {
		return api.Ticket{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	cur := f.current[id]
	if cur == nil || cur.State != api.StateCalled {
		return api.Ticket{}, &api.Error{Code: api.CodeInvalidState}
	}
	cur.Calls++
	return *cur, nil
}

// move changes the state of the current ticket with id, checking from.
func (f *fakeAPI) move(method, ticketID string, from []api.State, to api.State) (api.Ticket, error) {
	if err := f.gate(method); err != nil {
		return api.Ticket{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for k, cur := range f.current {
		if cur.ID != ticketID {
			continue
		}
		for _, s := range from {
			if cur.State == s {
				cur.State = to
				out := *cur
				switch to {
				case api.StateWaiting:
					delete(f.current, k)
					f.queue = append([]api.Ticket{out}, f.queue...)
				case api.StateDone:
					f.today.Served++
				case api.StateNoShow:
					f.today.NoShow++
				}
				return out, nil
			}
		}
		return api.Ticket{}, &api.Error{Code: api.CodeInvalidState}
	}
	return api.Ticket{}, &api.Error{Code: api.CodeNotFound}
}

func (f *fakeAPI) Start(_ context.Context, id string) (api.Ticket, error) {
	return f.move("Start", id, []api.State{api.StateCalled}, api.StateServing)
}

func (f *fakeAPI) Finish(_ context.Context, id string) (api.Ticket, error) {
	return f.move("Finish", id, []api.State{api.StateServing}, api.StateDone)
}

func (f *fakeAPI) NoShow(_ context.Context, id string) (api.Ticket, error) {
	t, err := f.move("NoShow", id, []api.State{api.StateCalled}, api.StateNoShow)
	if err == nil {
		f.mu.Lock()
		f.noShow = append(f.noShow, id)
		f.mu.Unlock()
	}
	return t, err
}

func (f *fakeAPI) Requeue(_ context.Context, id string) (api.Ticket, error) {
	return f.move("Requeue", id, []api.State{api.StateCalled}, api.StateWaiting)
}

func (f *fakeAPI) Transfer(_ context.Context, id, service string) (api.Ticket, error) {
	old, err := f.move("Transfer", id, []api.State{api.StateCalled, api.StateServing}, api.StateTransferred)
	if err != nil {
		return old, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.svc(service)
	nt := api.Ticket{ID: id + "x", Number: old.Number, ServiceID: service, ServiceName: s.Name,
		State: api.StateWaiting, IssuedAt: old.IssuedAt, TransferredFrom: id}
	f.queue = append(f.queue, nt)
	return nt, nil
}

func (f *fakeAPI) SetCounterStatus(_ context.Context, id string, s api.CounterStatus) (api.Counter, error) {
	if err := f.gate("SetCounterStatus"); err != nil {
		return api.Counter{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status[id] = s
	k, _ := f.counter(id)
	return k, nil
}

// queued lists the numbers waiting for service.
func (f *fakeAPI) queued(service string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, t := range f.queue {
		if t.ServiceID == service {
			out = append(out, t.Number)
		}
	}
	return out
}

var _ API = (*fakeAPI)(nil)
