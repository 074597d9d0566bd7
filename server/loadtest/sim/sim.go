// Package sim plays days of a service hall against a store, through its
// real methods, on a fixed clock it moves itself: arrivals at the kiosk
// spread over opening hours, officers at every counter calling, serving,
// marking no-shows, cancelling, requeueing and transferring, citizens
// answering the SKM survey. It fills a database with realistic history for
// the history benchmark and gives the store's tests a varied fixture.
package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"sync"
	"time"

	"antrean/server/config"
	"antrean/server/queue"
	"antrean/server/store"
	"antrean/shared/api"
)

// Store is what the simulation drives (sqlite.Store has it all).
type Store interface {
	Issue(ctx context.Context, p store.Principal, key string, req api.IssueRequest) (api.Ticket, bool, error)
	CallNext(ctx context.Context, p store.Principal, counterID string) (*api.Ticket, error)
	Act(ctx context.Context, p store.Principal, ticketID, verb string) (api.Ticket, error)
	Transfer(ctx context.Context, p store.Principal, ticketID, serviceID string) (api.Ticket, error)
	SubmitSurvey(ctx context.Context, p store.Principal, ticketID string, req api.SurveyRequest) (api.SurveyReceipt, error)
	Login(ctx context.Context, req api.SessionRequest) (api.Session, error)
	Housekeep(ctx context.Context) error
}

// Mix is the share of each outcome of a call, and of other events.
type Mix struct {
	Priority, NoShow, Cancel, Requeue, Transfer, Survey float64
}

// DefaultMix is roughly what an MPP sees.
var DefaultMix = Mix{Priority: 0.08, NoShow: 0.05, Cancel: 0.02, Requeue: 0.01, Transfer: 0.03, Survey: 0.10}

// Config sets up a simulation.
type Config struct {
	Store    Store
	Clock    *queue.FixedClock
	Site     *config.File
	Password string // the officers' password (demo: demo123)
	PerDay   int    // tickets issued per day
	Seed     uint64
	Mix      Mix
	// Open and Close are the hours tickets are issued and counters call
	// (default 08:00–15:30 issuing, calls until 16:00).
	Open, LastIssue, Close time.Duration
	// Slice > 0 runs everything due within each slice of simulated time
	// at the slice's start, concurrently (the store then commits them
	// together): a faster fill, at the cost of times rounded to the slice
	// and an order between officers that is not reproducible. 0 plays one
	// event at a time, reproducibly.
	Slice time.Duration
}

// Totals counts what a simulation did.
type Totals struct {
	Days, Issued, Called, Served, NoShow, Cancelled, Requeued, Transferred, Surveys int
	// Ops is the number of store writes (and the issue reads with them).
	Ops int
}

// Sim is a running simulation.
type Sim struct {
	c        Config
	mu       sync.Mutex // guards Totals and wakes while a slice runs
	wakes    []string   // services that got a ticket in this slice
	rng      *rand.Rand
	loc      *time.Location
	services []api.Service
	weights  []float64 // cumulative popularity
	svc      map[string]api.Service
	counters []*counter
	scale    float64 // service time scale so the counters can keep up
	Totals   Totals
}

type counter struct {
	ct      api.Counter
	officer store.Principal
	user    string
	next    time.Time // when the officer acts next
	step    func(now time.Time, rng *rand.Rand) error
	idle    bool // found nobody: waits for a ticket of its services
}

// wake notes that service id got a ticket (issued, transferred in or
// requeued): idle officers serving it look again after the slice.
func (s *Sim) wake(id string) {
	s.mu.Lock()
	s.wakes = append(s.wakes, id)
	s.mu.Unlock()
}

func (s *Sim) count(f func(t *Totals)) {
	s.mu.Lock()
	f(&s.Totals)
	s.mu.Unlock()
}

// applyWakes calls the idle officers of the noted services to their
// consoles a little after now.
func (s *Sim) applyWakes(now time.Time) {
	for _, id := range s.wakes {
		for _, c := range s.counters {
			if c.idle && contains(c.ct.ServiceIDs, id) {
				c.idle = false
				c.next = now.Add(time.Duration(5+s.rng.IntN(25)) * time.Second)
			}
		}
	}
	s.wakes = s.wakes[:0]
}

// New prepares a simulation of c.Site.
func New(c Config) (*Sim, error) {
	if c.PerDay <= 0 {
		c.PerDay = 5000
	}
	if c.Mix == (Mix{}) {
		c.Mix = DefaultMix
	}
	if c.Password == "" {
		c.Password = "demo123"
	}
	if c.Open == 0 {
		c.Open, c.LastIssue, c.Close = 8*time.Hour, 15*time.Hour+30*time.Minute, 16*time.Hour
	}
	tz := c.Site.Site.Timezone
	if tz == "" {
		tz = config.DefaultTimezone
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, err
	}
	s := &Sim{c: c, rng: rand.New(rand.NewPCG(c.Seed, 0x616e7472)), loc: loc, svc: map[string]api.Service{}}
	for _, sv := range c.Site.Services {
		if sv.Active {
			s.services = append(s.services, sv)
			s.svc[sv.ID] = sv
		}
	}
	// Each counter gets an officer assigned to it, one not taken yet if
	// possible.
	taken := map[string]bool{}
	for _, ct := range c.Site.Counters {
		var pick *config.User
		for i, u := range c.Site.Users {
			if u.Role != api.RoleOfficer || !contains(u.Counters, ct.ID) {
				continue
			}
			if pick == nil || (taken[pick.Username] && !taken[u.Username]) {
				pick = &c.Site.Users[i]
			}
		}
		if pick == nil {
			continue
		}
		taken[pick.Username] = true
		s.counters = append(s.counters, &counter{ct: ct, user: pick.Username,
			officer: store.Principal{Role: api.RoleOfficer, UserID: pick.Username, Username: pick.Username, CounterIDs: pick.Counters, CounterID: ct.ID}})
	}
	if len(s.counters) == 0 {
		return nil, fmt.Errorf("sim: no counter has an officer")
	}
	// Demand follows the counters, as a hall is staffed for its demand:
	// each counter's day is shared among its services, and a service
	// several counters serve gets a share of each. The main service of a
	// counter gets the larger share.
	share := map[string]float64{}
	for _, c := range s.counters {
		for i, id := range c.ct.ServiceIDs {
			w := 1.0
			if i == 0 {
				w = 2
			}
			share[id] += w / float64(len(c.ct.ServiceIDs)+1)
		}
	}
	sum, demand := 0.0, 0.0
	for _, sv := range s.services {
		sum += share[sv.ID]
		s.weights = append(s.weights, sum)
		demand += share[sv.ID] * sv.AvgServiceMinutes
	}
	demand /= sum
	// Service times are scaled so that the counters are about 80 % busy
	// (calling and walking to the counter take ~0.6 min a ticket): a few
	// tickets are still waiting at closing and expire, as in life.
	perTicket := float64(len(s.counters)) * (c.Close - c.Open).Minutes() / float64(c.PerDay)
	s.scale = math.Max(0.05, math.Min(1, (0.8*perTicket-0.6)/demand))
	return s, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (s *Sim) pickService(rng *rand.Rand) api.Service {
	r := rng.Float64() * s.weights[len(s.weights)-1]
	i := sort.SearchFloat64s(s.weights, r)
	return s.services[min(i, len(s.services)-1)]
}

// serves reports whether any counter serves sv.
func (s *Sim) served(id string) bool {
	for _, c := range s.counters {
		if contains(c.ct.ServiceIDs, id) {
			return true
		}
	}
	return false
}

var classes = []api.Priority{api.PriorityElderly, api.PriorityDisability, api.PriorityPregnant, api.PriorityOther}

// Day plays one day (a date in the site's zone): the officers sign in,
// tickets are issued and served until closing, and the day before is
// closed by the store's housekeeping first.
func (s *Sim) Day(ctx context.Context, date time.Time) error {
	y, m, d := date.In(s.loc).Date()
	midnight := time.Date(y, m, d, 0, 0, 0, 0, s.loc)
	at := func(t time.Time) { s.c.Clock.Set(t) }
	at(midnight.Add(s.c.Open - 5*time.Minute))
	if err := s.c.Store.Housekeep(ctx); err != nil {
		return err
	}
	for _, c := range s.counters {
		if _, err := s.c.Store.Login(ctx, api.SessionRequest{Username: c.user, Password: s.c.Password, CounterID: c.ct.ID}); err != nil {
			return fmt.Errorf("sim: login %s: %w", c.user, err)
		}
		c.next, c.step, c.idle = midnight.Add(s.c.Open), nil, false
	}
	// Arrival times, spread over the issuing hours.
	arrivals := make([]time.Time, s.c.PerDay)
	span := s.c.LastIssue - s.c.Open
	for i := range arrivals {
		arrivals[i] = midnight.Add(s.c.Open + time.Duration(s.rng.Int64N(int64(span))))
	}
	sort.Slice(arrivals, func(i, j int) bool { return arrivals[i].Before(arrivals[j]) })
	closing := midnight.Add(s.c.Close)
	kiosk := store.Principal{Role: api.RoleKiosk, DeviceID: "dev-sim-kiosk"}
	ai := 0
	var floor time.Time
	for {
		// The earliest thing to happen: an arrival or an officer's action.
		var who *counter
		for _, c := range s.counters {
			if who == nil || c.next.Before(who.next) {
				who = c
			}
		}
		t0 := who.next
		if ai < len(arrivals) && !arrivals[ai].After(t0) {
			t0 = arrivals[ai]
		}
		if t0.After(closing.Add(12 * time.Hour)) {
			break // every officer is done for the day
		}
		if t0.Before(floor) {
			t0 = floor // the clock never goes back
		}
		var jobs []func(r *rand.Rand) error
		if s.c.Slice <= 0 {
			if ai < len(arrivals) && !arrivals[ai].After(who.next) {
				i := ai
				jobs = append(jobs, func(r *rand.Rand) error { return s.issue(ctx, r, kiosk, i) })
				ai++
			} else {
				jobs = append(jobs, func(r *rand.Rand) error { return s.act(ctx, r, who, closing) })
			}
			floor = t0
		} else {
			end := t0.Add(s.c.Slice)
			for ; ai < len(arrivals) && arrivals[ai].Before(end); ai++ {
				i := ai
				jobs = append(jobs, func(r *rand.Rand) error { return s.issue(ctx, r, kiosk, i) })
			}
			for _, c := range s.counters {
				if c.next.Before(end) {
					c := c
					jobs = append(jobs, func(r *rand.Rand) error { return s.act(ctx, r, c, closing) })
				}
			}
			floor = end
		}
		at(t0)
		if err := s.run(jobs); err != nil {
			return err
		}
		s.applyWakes(t0)
	}
	s.Totals.Days++
	return nil
}

// run runs the jobs of one moment, concurrently when there are several,
// each with its own random source.
func (s *Sim) run(jobs []func(r *rand.Rand) error) error {
	rngs := make([]*rand.Rand, len(jobs))
	for i := range jobs {
		rngs[i] = rand.New(rand.NewPCG(s.rng.Uint64(), s.rng.Uint64()))
	}
	if len(jobs) == 1 {
		return jobs[0](rngs[0])
	}
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = j(rngs[i])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Sim) issue(ctx context.Context, rng *rand.Rand, kiosk store.Principal, i int) error {
	var sv api.Service
	for tries := 0; ; tries++ {
		sv = s.pickService(rng)
		if s.served(sv.ID) || tries > 20 {
			break
		}
	}
	prio := api.PriorityNone
	if sv.Priority && rng.Float64() < s.c.Mix.Priority {
		prio = classes[rng.IntN(len(classes))]
	}
	key := fmt.Sprintf("sim-%d-%d-%d", s.Totals.Days, i, rng.Uint64())
	_, _, err := s.c.Store.Issue(ctx, kiosk, key, api.IssueRequest{ServiceID: sv.ID, Priority: prio})
	s.count(func(t *Totals) { t.Ops++ })
	if err != nil {
		if code := api.CodeOf(err); code == api.CodeServiceClosed || code == api.CodeQuotaFull {
			return nil // the kiosk said no: the citizen goes home
		}
		return fmt.Errorf("sim: issue %s: %w", sv.ID, err)
	}
	s.count(func(t *Totals) { t.Issued++ })
	s.wake(sv.ID)
	return nil
}

// act runs the officer's next step: call when idle, else continue with
// the ticket at hand. Only this counter's own fields are touched.
func (s *Sim) act(ctx context.Context, rng *rand.Rand, c *counter, closing time.Time) error {
	now := s.c.Clock.Now()
	if c.step != nil {
		step := c.step
		c.step = nil
		return step(now, rng)
	}
	if !now.Before(closing) {
		c.next = closing.Add(24 * time.Hour) // done for the day
		return nil
	}
	tk, err := s.c.Store.CallNext(ctx, c.officer, c.ct.ID)
	s.count(func(t *Totals) { t.Ops++ })
	if err != nil {
		return fmt.Errorf("sim: call next at %s: %w", c.ct.ID, err)
	}
	if tk == nil {
		// Nobody waits: idle until a ticket of its services comes (or
		// the hall closes).
		c.idle, c.next = true, closing
		return nil
	}
	s.count(func(t *Totals) { t.Called++ })
	id := tk.ID
	do := func(verb string) error {
		_, err := s.c.Store.Act(ctx, c.officer, id, verb)
		s.count(func(t *Totals) { t.Ops++ })
		if err != nil {
			return fmt.Errorf("sim: %s %s: %w", verb, tk.Number, err)
		}
		return nil
	}
	r := rng.Float64()
	mix := s.c.Mix
	switch {
	case r < mix.NoShow:
		c.next = now.Add(90 * time.Second)
		c.step = func(time.Time, *rand.Rand) error {
			s.count(func(t *Totals) { t.NoShow++ })
			return do("no-show")
		}
		return nil
	case r < mix.NoShow+mix.Cancel:
		c.next = now.Add(40 * time.Second)
		c.step = func(time.Time, *rand.Rand) error {
			s.count(func(t *Totals) { t.Cancelled++ })
			return do("cancel")
		}
		return nil
	case r < mix.NoShow+mix.Cancel+mix.Requeue:
		c.next = now.Add(30 * time.Second)
		c.step = func(time.Time, *rand.Rand) error {
			s.count(func(t *Totals) { t.Requeued++ })
			if err := do("requeue"); err != nil {
				return err
			}
			s.wake(tk.ServiceID)
			return nil
		}
		return nil
	}
	transfer := rng.Float64() < mix.Transfer/(1-mix.NoShow-mix.Cancel-mix.Requeue)
	sv := s.svc[tk.ServiceID]
	// Service time: exponential around the service's average (scaled),
	// at least 20 s.
	dur := time.Duration(max(20, rng.ExpFloat64()*sv.AvgServiceMinutes*s.scale*60) * float64(time.Second))
	c.next = now.Add(time.Duration(10+rng.IntN(40)) * time.Second)
	c.step = func(start time.Time, _ *rand.Rand) error {
		if err := do("start"); err != nil {
			return err
		}
		if transfer {
			c.next = start.Add(dur / 2)
			c.step = func(_ time.Time, rng *rand.Rand) error {
				target := s.transferTarget(rng, tk.ServiceID)
				if target == "" {
					s.count(func(t *Totals) { t.Served++ })
					return do("finish")
				}
				_, err := s.c.Store.Transfer(ctx, c.officer, id, target)
				s.count(func(t *Totals) { t.Ops++; t.Transferred++ })
				if err != nil {
					return fmt.Errorf("sim: transfer %s: %w", tk.Number, err)
				}
				s.wake(target)
				return nil
			}
			return nil
		}
		c.next = start.Add(dur)
		c.step = func(_ time.Time, rng *rand.Rand) error {
			if err := do("finish"); err != nil {
				return err
			}
			s.count(func(t *Totals) { t.Served++ })
			if rng.Float64() < mix.Survey {
				var a []int
				for range 9 {
					a = append(a, 2+rng.IntN(3))
				}
				if _, err := s.c.Store.SubmitSurvey(ctx, store.Principal{}, id, api.SurveyRequest{Answers: a}); err != nil {
					return fmt.Errorf("sim: survey %s: %w", tk.Number, err)
				}
				s.count(func(t *Totals) { t.Ops++; t.Surveys++ })
			}
			return nil
		}
		return nil
	}
	return nil
}

// transferTarget picks another served service of the same agency, else any.
func (s *Sim) transferTarget(rng *rand.Rand, from string) string {
	agency := s.svc[from].AgencyID
	var same, any []string
	for _, sv := range s.services {
		if sv.ID == from || !s.served(sv.ID) {
			continue
		}
		any = append(any, sv.ID)
		if sv.AgencyID == agency {
			same = append(same, sv.ID)
		}
	}
	switch {
	case len(same) > 0:
		return same[rng.IntN(len(same))]
	case len(any) > 0:
		return any[rng.IntN(len(any))]
	}
	return ""
}
