// Package stream follows the server's event stream (GET /v1/events, SSE)
// for a display or console: it resumes with Last-Event-ID after any drop,
// re-reads the board snapshot when the server says "reset", and delivers
// each event once, in order.
package stream

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"antrean/shared/api"
)

// State is the connection state reported through Options.OnState.
type State int

const (
	Connecting State = iota // an attempt (board read or stream request) is under way
	Connected               // the stream answered 200 and is being read
	Offline                 // the last attempt failed; waiting to retry
)

func (s State) String() string {
	switch s {
	case Connecting:
		return "connecting"
	case Connected:
		return "connected"
	case Offline:
		return "offline"
	}
	return "state(" + strconv.Itoa(int(s)) + ")"
}

// Defaults for Options fields left zero.
const (
	DefaultMinBackoff  = 500 * time.Millisecond
	DefaultMaxBackoff  = 15 * time.Second
	DefaultIdleTimeout = 45 * time.Second // server keep-alive is ≤ 15s
)

// Options configures Run. Without Board, Since==0 starts with live events
// only and a reset just skips to the seq it carries.
type Options struct {
	BaseURL, Token, Zone string
	Since                int64                                        // resume point; 0 = start from a board snapshot
	Board                func(ctx context.Context) (api.Board, error) // read on start (Since==0) and after a reset
	OnBoard              func(api.Board)                              // snapshot; events continue after board.Seq
	OnEvent              func(api.Event)                              // in order, each id exactly once
	OnState              func(State)
	MinBackoff           time.Duration // default 500ms
	MaxBackoff           time.Duration // default 15s
	HTTPClient           *http.Client  // must not set a Timeout (the stream is long-lived)

	// IdleTimeout forces a reconnect when nothing at all (not even a
	// keep-alive comment) arrives for this long; default 45s.
	IdleTimeout time.Duration
	// OnError, if set, receives each failure (transport error, non-200
	// answer as *api.Error, failed board read) before the retry wait.
	OnError func(error)
	// TokenFunc, if set, is asked for the token on every attempt instead
	// of Token (for apps whose token changes at login).
	TokenFunc func() string
	// RootCAs, if set, are the only CAs trusted for the server's HTTPS
	// certificate (a private CA); default SetDefaultRootCAs', else the
	// system's. Ignored with HTTPClient.
	RootCAs *x509.CertPool
}

var defaultRootCAs atomic.Pointer[x509.CertPool]

// SetDefaultRootCAs sets the CAs of every later Run whose Options name
// neither RootCAs nor HTTPClient: an app talking to one server sets its
// private CA once, in main, for all its streams.
func SetDefaultRootCAs(pool *x509.CertPool) { defaultRootCAs.Store(pool) }

// errReset ends a connection whose server asked for a snapshot re-read.
var errReset = errors.New("stream: reset")

// errIdle is the cause when the idle timeout closes a connection.
var errIdle = errors.New("stream: idle timeout")

// Run follows the stream until ctx is done and then returns ctx.Err(). All
// callbacks run on the calling goroutine, never concurrently.
func Run(ctx context.Context, o Options) error {
	if o.BaseURL == "" {
		return api.Errorf(api.CodeInvalidInput, "stream: BaseURL is required")
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = DefaultMinBackoff
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = DefaultMaxBackoff
	}
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = o.MinBackoff
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = DefaultIdleTimeout
	}
	if o.HTTPClient == nil {
		if o.RootCAs == nil {
			o.RootCAs = defaultRootCAs.Load()
		}
		o.HTTPClient = &http.Client{}
		if o.RootCAs != nil {
			tr := http.DefaultTransport.(*http.Transport).Clone()
			tr.TLSClientConfig = &tls.Config{RootCAs: o.RootCAs, MinVersion: tls.VersionTLS12}
			o.HTTPClient.Transport = tr
			defer tr.CloseIdleConnections()
		}
	}
	r := &runner{o: o, last: o.Since, resume: o.Since > 0, needBoard: o.Since == 0 && o.Board != nil, state: -1}
	r.minWait = o.MinBackoff
	return r.run(ctx)
}

type runner struct {
	o         Options
	last      int64 // id of the last event delivered (or the board's seq)
	resume    bool  // send Last-Event-ID
	needBoard bool
	state     State
	attempt   int           // failures in a row, for the backoff
	minWait   time.Duration // MinBackoff, raised by the server's retry: field
	resets    int           // resets with no event in between
}

func (r *runner) setState(s State) {
	if s == r.state {
		return
	}
	r.state = s
	if r.o.OnState != nil {
		r.o.OnState(s)
	}
}

func (r *runner) fail(err error) {
	r.setState(Offline)
	if r.o.OnError != nil && err != nil {
		r.o.OnError(err)
	}
}

// backoff is capped exponential with full jitter in [minWait, cap].
func (r *runner) backoff() time.Duration {
	ceil := r.minWait
	for i := 0; i < r.attempt && ceil < r.o.MaxBackoff; i++ {
		ceil *= 2
	}
	ceil = min(ceil, r.o.MaxBackoff)
	r.attempt++
	if ceil <= r.minWait {
		return r.minWait
	}
	return r.minWait + rand.N(ceil-r.minWait+1)
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (r *runner) run(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if r.needBoard {
			r.setState(Connecting)
			b, err := r.o.Board(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				r.fail(fmt.Errorf("stream: board: %w", err))
				if err := sleep(ctx, r.backoff()); err != nil {
					return err
				}
				continue
			}
			r.needBoard = false
			r.last, r.resume = b.Seq, true
			if r.o.OnBoard != nil {
				r.o.OnBoard(b)
			}
		}

		r.setState(Connecting)
		delivered, err := r.connect(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if delivered {
			r.attempt = 0
		}
		var wait time.Duration
		switch {
		case errors.Is(err, errReset):
			// Re-read the board at once; only a server that resets
			// again and again gets the backoff.
			if r.resets > 1 {
				wait = r.backoff()
			}
		case isAuth(err):
			// A wrong token will not fix itself quickly: retry slowly.
			r.fail(err)
			wait = r.o.MaxBackoff
		default:
			r.fail(err)
			wait = r.backoff()
		}
		if err := sleep(ctx, wait); err != nil {
			return err
		}
	}
}

func isAuth(err error) bool {
	c := api.CodeOf(err)
	return c == api.CodeUnauthorized || c == api.CodeForbidden
}

func (r *runner) eventsURL() string {
	u := strings.TrimRight(r.o.BaseURL, "/") + "/v1/events"
	if r.o.Zone != "" {
		u += "?" + url.Values{"zone": {r.o.Zone}}.Encode()
	}
	return u
}

func (r *runner) token() string {
	if r.o.TokenFunc != nil {
		return r.o.TokenFunc()
	}
	return r.o.Token
}

// connect runs one connection until it ends. delivered reports whether it
// received any bytes, which resets the backoff.
func (r *runner) connect(ctx context.Context) (delivered bool, err error) {
	cctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	// The idle timer runs from the request on, so a server that accepts
	// and then says nothing is caught too.
	idle := time.AfterFunc(r.o.IdleTimeout, func() { cancel(errIdle) })
	defer idle.Stop()

	req, err := http.NewRequestWithContext(cctx, http.MethodGet, r.eventsURL(), nil)
	if err != nil {
		return false, &api.Error{Code: api.CodeInvalidInput, Detail: err.Error()}
	}
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Cache-Control", "no-cache")
	req.Header.Set("User-Agent", "antrean/1")
	if tok := r.token(); tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if r.resume {
		req.Header.Set("Last-Event-ID", strconv.FormatInt(r.last, 10))
	}
	resp, err := r.o.HTTPClient.Do(req)
	if err != nil {
		return false, transportErr(cctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false, statusErr(resp)
	}
	r.setState(Connected)

	body := &activityReader{r: resp.Body, onRead: func() { idle.Reset(r.o.IdleTimeout) }}
	p := newParser(body, r.setRetry)
	for {
		m, err := p.next()
		delivered = delivered || body.seen()
		if err != nil {
			if err == io.EOF {
				return delivered, &api.Error{Code: api.CodeUnavailable, Detail: "stream ended"}
			}
			return delivered, transportErr(cctx, err)
		}
		if api.EventType(m.Event) == api.EventReset {
			r.resets++
			if r.o.Board == nil {
				// No way to re-read: skip to the server's point.
				var rd api.ResetData
				if json.Unmarshal([]byte(m.Data), &rd) == nil {
					r.last, r.resume = rd.Seq, true
				}
				continue
			}
			r.needBoard = true
			return delivered, errReset
		}
		if !m.HasID {
			continue
		}
		id, err := strconv.ParseInt(strings.TrimSpace(m.ID), 10, 64)
		if err != nil || id <= r.last {
			continue // unparseable, or already delivered before a resume
		}
		r.last, r.resume, r.resets = id, true, 0
		if m.Event == "" {
			m.Event = "message" // the SSE default type
		}
		if r.o.OnEvent != nil {
			r.o.OnEvent(api.Event{ID: id, Type: api.EventType(m.Event), Data: json.RawMessage(m.Data)})
		}
	}
}

// setRetry honours the server's retry: field within [MinBackoff, MaxBackoff].
func (r *runner) setRetry(ms int64) {
	d := time.Duration(ms) * time.Millisecond
	r.minWait = min(max(d, r.o.MinBackoff), r.o.MaxBackoff)
}

func transportErr(ctx context.Context, err error) error {
	if errors.Is(context.Cause(ctx), errIdle) {
		return &api.Error{Code: api.CodeUnavailable, Detail: "no data from the server (idle timeout)"}
	}
	return &api.Error{Code: api.CodeUnavailable, Detail: err.Error()}
}

// statusErr reads a non-200 answer as an *api.Error (problem+json if any).
func statusErr(resp *http.Response) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if ct == api.ProblemContentType || ct == "application/json" {
		var p api.Problem
		if json.Unmarshal(b, &p) == nil && (p.Code != "" || ct == api.ProblemContentType) {
			return api.FromProblem(p, resp.StatusCode)
		}
	}
	return &api.Error{Code: api.CodeForStatus(resp.StatusCode), Status: resp.StatusCode}
}

// activityReader notes every read that returned bytes. It is used only on
// the Run goroutine, so it needs no lock.
type activityReader struct {
	r      io.Reader
	onRead func()
	n      int64
}

func (a *activityReader) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if n > 0 {
		a.n += int64(n)
		a.onRead()
	}
	return n, err
}

func (a *activityReader) seen() bool { return a.n > 0 }
