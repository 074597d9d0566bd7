package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"antrean/shared/api"
	"antrean/shared/client"
)

// LoginBurstOptions: ticket issue latency, first alone, then while a burst
// of wrong-password logins arrives (bcrypt at the server's real cost, so
// the server must be spawned).
type LoginBurstOptions struct {
	Target
	Logins  int           // wrong-password logins sent at once (default 150)
	Addrs   int           // distinct client addresses they come from, via X-Forwarded-For (default 1)
	Issuers int           // kiosk clients issuing during both phases (default 4)
	Pace    time.Duration // pause between one client's tickets (default 50ms)
	Phase   time.Duration // length of the quiet phase (default 3s)
}

// LoginBurstResult is what a burst run measured.
type LoginBurstResult struct {
	Server           string
	Logins, Addrs    int
	Quiet, Burst     Dist // issue latency without and during the burst
	BurstFor         time.Duration
	Refused, Limited int // 401 and 429 answers to the burst
	Other            int
	IssueErrors      int
}

func (r LoginBurstResult) Print(w io.Writer) {
	fmt.Fprintf(w, "server: %s; %d wrong-password logins at once from %d address(es)\n", r.Server, r.Logins, r.Addrs)
	fmt.Fprintf(w, "burst answered in %v: %d × 401, %d × 429, %d other\n", r.BurstFor.Round(time.Millisecond), r.Refused, r.Limited, r.Other)
	fmt.Fprintf(w, "issue latency quiet:       n=%d p50 %s ms  p90 %s ms  max %s ms\n", r.Quiet.N, ms(r.Quiet.P50), ms(r.Quiet.P90), ms(r.Quiet.Max))
	fmt.Fprintf(w, "issue latency during burst: n=%d p50 %s ms  p90 %s ms  max %s ms\n", r.Burst.N, ms(r.Burst.P50), ms(r.Burst.P90), ms(r.Burst.Max))
	fmt.Fprintf(w, "RESULT loginburst logins=%d addrs=%d quiet_p50_ms=%s burst_p50_ms=%s burst_p90_ms=%s checked=%d limited=%d issue_errors=%d\n",
		r.Logins, r.Addrs, ms(r.Quiet.P50), ms(r.Burst.P50), ms(r.Burst.P90), r.Refused, r.Limited, r.IssueErrors)
}

func (r LoginBurstResult) Check() error {
	if r.IssueErrors > 0 || r.Other > 0 {
		return fmt.Errorf("%d issue errors, %d unexpected login answers", r.IssueErrors, r.Other)
	}
	return nil
}

func RunLoginBurst(ctx context.Context, o LoginBurstOptions) (LoginBurstResult, error) {
	if o.Logins <= 0 {
		o.Logins = 150
	}
	if o.Addrs <= 0 {
		o.Addrs = 1
	}
	if o.Issuers <= 0 {
		o.Issuers = 4
	}
	if o.Pace <= 0 {
		o.Pace = 50 * time.Millisecond
	}
	if o.Phase <= 0 {
		o.Phase = 3 * time.Second
	}
	res := LoginBurstResult{Server: o.Target.kind(), Logins: o.Logins, Addrs: o.Addrs}
	if _, err := raiseFDLimit(); err != nil {
		return res, err
	}
	dir, err := os.MkdirTemp("", "antrean-loadtest-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(dir)
	srv, err := startServer(ctx, o.Target, dir)
	if err != nil {
		return res, err
	}
	defer srv.Stop()

	// Issuers run through both phases; each latency is tagged by phase.
	var phase atomic.Int32 // 0 quiet, 1 burst, 2 stop
	var mu sync.Mutex
	var lat [2][]time.Duration
	var wg sync.WaitGroup
	var issueErrs atomic.Int32
	for i := range o.Issuers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := client.New(client.Config{BaseURL: srv.URL, Token: kioskToken, Timeout: 30 * time.Second, Retries: -1})
			for n := 0; ; n++ {
				p := phase.Load()
				if p == 2 || ctx.Err() != nil {
					return
				}
				t0 := time.Now()
				_, err := c.IssueTicket(ctx, api.IssueRequest{ServiceID: "kk"}, fmt.Sprintf("burst-%d-%d", i, n))
				d := time.Since(t0)
				if err != nil {
					issueErrs.Add(1)
				} else if q := phase.Load(); q == p && p < 2 {
					mu.Lock()
					lat[p] = append(lat[p], d)
					mu.Unlock()
				}
				time.Sleep(o.Pace)
			}
		}()
	}
	time.Sleep(o.Phase)

	phase.Store(1)
	t0 := time.Now()
	var refused, limited, other atomic.Int32
	var lw sync.WaitGroup
	hc := &http.Client{Timeout: 120 * time.Second}
	for i := range o.Logins {
		lw.Add(1)
		go func() {
			defer lw.Done()
			b, _ := json.Marshal(api.SessionRequest{Username: fmt.Sprintf("guess%d", i%40), Password: "wrong-password"})
			req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL+"/v1/sessions", bytes.NewReader(b))
			req.Header.Set("Content-Type", "application/json")
			if o.Addrs > 1 {
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.77.%d.%d", (i%o.Addrs)/250, (i%o.Addrs)%250+1))
			}
			resp, err := hc.Do(req)
			if err != nil {
				other.Add(1)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			switch resp.StatusCode {
			case 401:
				refused.Add(1)
			case 429:
				limited.Add(1)
			default:
				other.Add(1)
			}
		}()
	}
	lw.Wait()
	res.BurstFor = time.Since(t0)
	phase.Store(2)
	wg.Wait()
	res.Quiet, res.Burst = distOf(lat[0]), distOf(lat[1])
	res.Refused, res.Limited, res.Other = int(refused.Load()), int(limited.Load()), int(other.Load())
	res.IssueErrors = int(issueErrs.Load())
	return res, nil
}

// WatchOptions: many phones follow one ticket while tickets are issued in
// its service; the server's CPU and memory and the issue latency show
// what each watcher costs.
type WatchOptions struct {
	Target
	Watchers int           // streams on the one ticket (default 2000)
	Issues   int           // tickets issued in its service meanwhile (default 20)
	Pace     time.Duration // between those issues (default 400ms: past the 300ms coalescing)
}

type WatchResult struct {
	Server              string
	Watchers, Connected int
	Issues              int
	IssueLat            Dist
	CPU                 time.Duration // server CPU during the issue phase
	Phase               time.Duration
	RSSBefore, RSSAfter int64 // before the watchers connect, after the phase
	Delivered           int   // watchers that saw their ticket called at the end
	DeliverLat          time.Duration
	PID                 int
}

func (r WatchResult) Print(w io.Writer) {
	fmt.Fprintf(w, "server: %s (pid %d); %d of %d watchers connected to one ticket\n", r.Server, r.PID, r.Connected, r.Watchers)
	fmt.Fprintf(w, "%d issues in its service over %v: server CPU %.2f s; issue p50 %s ms p90 %s ms max %s ms\n",
		r.Issues, r.Phase.Round(time.Millisecond), r.CPU.Seconds(), ms(r.IssueLat.P50), ms(r.IssueLat.P90), ms(r.IssueLat.Max))
	fmt.Fprintf(w, "server RSS %s MB before the watchers, %s MB after\n", mb(r.RSSBefore), mb(r.RSSAfter))
	fmt.Fprintf(w, "the call reached %d of %d watchers within %v\n", r.Delivered, r.Connected, r.DeliverLat.Round(time.Millisecond))
	fmt.Fprintf(w, "RESULT watchers=%d connected=%d issues=%d cpu_s=%.2f issue_p50_ms=%s rss_mb=%s delivered=%d\n",
		r.Watchers, r.Connected, r.Issues, r.CPU.Seconds(), ms(r.IssueLat.P50), mb(r.RSSAfter), r.Delivered)
}

func (r WatchResult) Check() error {
	if r.Connected < r.Watchers || r.Delivered < r.Connected {
		return fmt.Errorf("%d of %d watchers connected, %d got the call", r.Connected, r.Watchers, r.Delivered)
	}
	return nil
}

func RunWatch(ctx context.Context, o WatchOptions) (WatchResult, error) {
	if o.Watchers <= 0 {
		o.Watchers = 2000
	}
	if o.Issues <= 0 {
		o.Issues = 20
	}
	if o.Pace <= 0 {
		o.Pace = 400 * time.Millisecond
	}
	res := WatchResult{Server: o.Target.kind(), Watchers: o.Watchers, Issues: o.Issues}
	if _, err := raiseFDLimit(); err != nil {
		return res, err
	}
	dir, err := os.MkdirTemp("", "antrean-loadtest-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(dir)
	srv, err := startServer(ctx, o.Target, dir)
	if err != nil {
		return res, err
	}
	defer srv.Stop()
	res.PID = srv.PID
	res.RSSBefore, _, _ = procStatus(srv.PID)
	k := client.New(client.Config{BaseURL: srv.URL, Token: kioskToken, Timeout: 30 * time.Second, Retries: -1})
	tk, err := k.IssueTicket(ctx, api.IssueRequest{ServiceID: "kk"}, "watched")
	if err != nil {
		return res, fmt.Errorf("issue: %w", err)
	}

	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	tr := &http.Transport{MaxConnsPerHost: 0, DisableCompression: true}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	var connected, delivered atomic.Int32
	var lastDelivery atomic.Int64
	var ready, done sync.WaitGroup
	for range o.Watchers {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			once := sync.OnceFunc(ready.Done)
			defer once()
			req, _ := http.NewRequestWithContext(wctx, "GET", srv.URL+"/v1/tickets/"+tk.ID+"/events", nil)
			resp, err := hc.Do(req)
			if err != nil {
				return
			}
			defer resp.Body.Close()
			if resp.StatusCode != 200 {
				return
			}
			sc := bufio.NewScanner(resp.Body)
			for sc.Scan() {
				line := sc.Text()
				if !strings.HasPrefix(line, "data:") {
					continue
				}
				if strings.Contains(line, `"state":"waiting"`) {
					connected.Add(1)
					once()
				}
				if strings.Contains(line, `"state":"called"`) {
					delivered.Add(1)
					lastDelivery.Store(time.Now().UnixNano())
					return
				}
			}
		}()
	}
	ready.Wait()
	res.Connected = int(connected.Load())

	cpu0, _ := procCPU(srv.PID)
	t0 := time.Now()
	var lat []time.Duration
	for i := range o.Issues {
		s := time.Now()
		if _, err := k.IssueTicket(ctx, api.IssueRequest{ServiceID: "kk"}, fmt.Sprintf("more-%d", i)); err != nil {
			return res, fmt.Errorf("issue %d: %w", i, err)
		}
		lat = append(lat, time.Since(s))
		time.Sleep(o.Pace)
	}
	res.Phase = time.Since(t0)
	cpu1, _ := procCPU(srv.PID)
	res.CPU, res.IssueLat = cpu1-cpu0, distOf(lat)
	res.RSSAfter, _, _ = procStatus(srv.PID)

	// The end: the officer calls the watched ticket; every watcher sees it.
	off := client.New(client.Config{BaseURL: srv.URL, Timeout: 30 * time.Second, Retries: -1})
	if _, err := off.Login(ctx, api.SessionRequest{Username: "petugas1", Password: officerPassword, CounterID: "loket-1"}); err != nil {
		return res, err
	}
	callAt := time.Now()
	if _, err := off.CallNext(ctx, "loket-1"); err != nil {
		return res, err
	}
	waitAll := make(chan struct{})
	go func() { done.Wait(); close(waitAll) }()
	select {
	case <-waitAll:
	case <-time.After(30 * time.Second):
	}
	cancel()
	res.Delivered = int(delivered.Load())
	if last := lastDelivery.Load(); last > 0 {
		res.DeliverLat = time.Unix(0, last).Sub(callAt)
	}
	return res, nil
}
