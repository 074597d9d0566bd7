// Package client is the REST client every Antrean app uses to talk to the
// server. It turns every failure into an *api.Error so the apps can show a
// readable message by code, and it retries only what is safe to retry.
package client

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"

	"antrean/shared/api"
)

// UserAgent is sent with every request.
const UserAgent = "antrean/1"

// Defaults for Config fields left zero.
const (
	DefaultTimeout      = 5 * time.Second
	DefaultRetries      = 3
	DefaultRetryMinWait = 200 * time.Millisecond
	DefaultRetryMaxWait = 2 * time.Second
)

// IdempotencyHeader carries the kiosk's key on POST /v1/tickets.
const IdempotencyHeader = "Idempotency-Key"

// Config configures a Client.
type Config struct {
	BaseURL string        // e.g. http://127.0.0.1:8080
	Token   string        // bearer token (device token or officer session token)
	Timeout time.Duration // per attempt, default 5s
	Retries int           // retries for safe requests, default 3; negative = none

	// RetryMinWait and RetryMaxWait bound the exponential backoff (with
	// jitter) between retries; defaults 200ms and 2s.
	RetryMinWait time.Duration
	RetryMaxWait time.Duration
	// HTTPClient, if set, supplies the transport (tests, proxies). Its
	// Timeout is overwritten by Config.Timeout.
	HTTPClient *http.Client
	// RootCAs, if set (see LoadCA), are the only CAs trusted for the
	// server's HTTPS certificate: a site's private CA. Ignored with
	// HTTPClient, whose transport decides.
	RootCAs *x509.CertPool
}

// LoadCA reads a PEM file of CA certificates (the site's private CA) for
// Config.RootCAs and stream.Options.RootCAs.
func LoadCA(path string) (*x509.CertPool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("CA file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(b) {
		return nil, fmt.Errorf("CA file %s: no PEM certificate in it", path)
	}
	return pool, nil
}

// Client talks to one Antrean server. It is safe for concurrent use.
type Client struct {
	base string
	rc   *resty.Client

	mu    sync.RWMutex
	token string
}

// New builds a Client; the resty client is configured once here.
func New(cfg Config) *Client {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	switch {
	case cfg.Retries == 0:
		cfg.Retries = DefaultRetries
	case cfg.Retries < 0:
		cfg.Retries = 0
	}
	if cfg.RetryMinWait <= 0 {
		cfg.RetryMinWait = DefaultRetryMinWait
	}
	if cfg.RetryMaxWait <= 0 {
		cfg.RetryMaxWait = DefaultRetryMaxWait
	}
	if cfg.RetryMaxWait < cfg.RetryMinWait {
		cfg.RetryMaxWait = cfg.RetryMinWait
	}
	c := &Client{base: strings.TrimRight(cfg.BaseURL, "/"), token: cfg.Token}

	var rc *resty.Client
	if cfg.HTTPClient != nil {
		hc := *cfg.HTTPClient // copy: do not mutate the caller's client
		rc = resty.NewWithClient(&hc)
	} else {
		rc = resty.New()
	}
	if cfg.HTTPClient == nil && cfg.RootCAs != nil {
		rc.SetTLSClientConfig(&tls.Config{RootCAs: cfg.RootCAs, MinVersion: tls.VersionTLS12})
	}
	rc.SetLogger(quiet{})
	rc.SetBaseURL(c.base).
		SetTimeout(cfg.Timeout).
		SetHeader("User-Agent", UserAgent).
		SetHeader("Accept", "application/json, "+api.ProblemContentType).
		SetRetryCount(cfg.Retries).
		SetRetryWaitTime(cfg.RetryMinWait).
		SetRetryMaxWaitTime(cfg.RetryMaxWait).
		// The only retry condition: resty replaces its own "retry on
		// error" default with it, so it alone decides.
		AddRetryCondition(shouldRetry).
		// The token is read per attempt so SetToken takes effect at once.
		OnBeforeRequest(func(_ *resty.Client, r *resty.Request) error {
			if tok := c.Token(); tok != "" {
				r.SetHeader("Authorization", "Bearer "+tok)
			} else {
				r.Header.Del("Authorization")
			}
			return nil
		})
	c.rc = rc
	return c
}

// shouldRetry allows a retry only for requests that cannot do harm twice:
// GETs, and POSTs carrying an Idempotency-Key (the same key on every
// attempt, so the server returns the first result). 4xx never retries.
func shouldRetry(resp *resty.Response, err error) bool {
	if resp == nil || resp.Request == nil {
		return false
	}
	req := resp.Request
	if req.Context().Err() != nil {
		return false
	}
	safe := req.Method == http.MethodGet || req.Method == http.MethodHead ||
		(req.Method == http.MethodPost && req.Header.Get(IdempotencyHeader) != "")
	if !safe {
		return false
	}
	if err != nil {
		return true
	}
	switch resp.StatusCode() {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// NewIdempotencyKey returns a fresh 128-bit random, URL-safe key.
func NewIdempotencyKey() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand does not fail on supported platforms; a panic beats
		// a predictable key that could merge two people's tickets.
		panic("client: crypto/rand: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// SetToken replaces the bearer token for all later requests.
func (c *Client) SetToken(token string) {
	c.mu.Lock()
	c.token = token
	c.mu.Unlock()
}

// Token returns the current bearer token.
func (c *Client) Token() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.token
}

// BaseURL returns the server address without a trailing slash.
func (c *Client) BaseURL() string { return c.base }

// Health reads GET /v1/health.
func (c *Client) Health(ctx context.Context) (api.Health, error) {
	var out api.Health
	_, err := c.do(ctx, http.MethodGet, "/v1/health", nil, nil, &out)
	return out, err
}

// Catalog reads GET /v1/catalog (kiosk token).
func (c *Client) Catalog(ctx context.Context) (api.Catalog, error) {
	var out api.Catalog
	_, err := c.do(ctx, http.MethodGet, "/v1/catalog", nil, nil, &out)
	return out, err
}

// IssueTicket posts POST /v1/tickets. Keep one key per button press and pass
// it again when the user retries: the server then returns the same ticket.
func (c *Client) IssueTicket(ctx context.Context, req api.IssueRequest, idempotencyKey string) (api.Ticket, error) {
	var out api.Ticket
	if strings.TrimSpace(idempotencyKey) == "" {
		return out, api.Errorf(api.CodeInvalidInput, "idempotency key is required")
	}
	hdr := map[string]string{IdempotencyHeader: idempotencyKey}
	_, err := c.do(ctx, http.MethodPost, "/v1/tickets", hdr, req, &out)
	return out, err
}

// Ticket reads GET /v1/tickets/{id} (public).
func (c *Client) Ticket(ctx context.Context, id string) (api.Ticket, error) {
	var out api.Ticket
	_, err := c.do(ctx, http.MethodGet, "/v1/tickets/"+url.PathEscape(id), nil, nil, &out)
	return out, err
}

// Board reads GET /v1/board?zone= (display token); zone "" means all.
func (c *Client) Board(ctx context.Context, zone string) (api.Board, error) {
	var out api.Board
	p := "/v1/board"
	if zone != "" {
		p += "?" + url.Values{"zone": {zone}}.Encode()
	}
	_, err := c.do(ctx, http.MethodGet, p, nil, nil, &out)
	return out, err
}

// Login posts POST /v1/sessions and, on success, uses the session token for
// every later request.
func (c *Client) Login(ctx context.Context, req api.SessionRequest) (api.Session, error) {
	var out api.Session
	if _, err := c.do(ctx, http.MethodPost, "/v1/sessions", nil, req, &out); err != nil {
		return out, err
	}
	if out.Token == "" {
		return out, api.Errorf(api.CodeInternal, "login answer carries no token")
	}
	c.SetToken(out.Token)
	return out, nil
}

// Counter reads GET /v1/counters/{id} (officer).
func (c *Client) Counter(ctx context.Context, counterID string) (api.CounterView, error) {
	var out api.CounterView
	_, err := c.do(ctx, http.MethodGet, "/v1/counters/"+url.PathEscape(counterID), nil, nil, &out)
	return out, err
}

// CallNext posts POST /v1/counters/{id}/call-next; nil, nil when nobody
// waits (204).
func (c *Client) CallNext(ctx context.Context, counterID string) (*api.Ticket, error) {
	var out api.Ticket
	status, err := c.do(ctx, http.MethodPost, "/v1/counters/"+url.PathEscape(counterID)+"/call-next", nil, nil, &out)
	if err != nil {
		return nil, err
	}
	if status == http.StatusNoContent {
		return nil, nil
	}
	return &out, nil
}

// Recall posts POST /v1/counters/{id}/recall.
func (c *Client) Recall(ctx context.Context, counterID string) (api.Ticket, error) {
	var out api.Ticket
	_, err := c.do(ctx, http.MethodPost, "/v1/counters/"+url.PathEscape(counterID)+"/recall", nil, nil, &out)
	return out, err
}

// Start posts POST /v1/tickets/{id}/start.
func (c *Client) Start(ctx context.Context, ticketID string) (api.Ticket, error) {
	return c.ticketAction(ctx, ticketID, "start", nil)
}

// Finish posts POST /v1/tickets/{id}/finish.
func (c *Client) Finish(ctx context.Context, ticketID string) (api.Ticket, error) {
	return c.ticketAction(ctx, ticketID, "finish", nil)
}

// NoShow posts POST /v1/tickets/{id}/no-show.
func (c *Client) NoShow(ctx context.Context, ticketID string) (api.Ticket, error) {
	return c.ticketAction(ctx, ticketID, "no-show", nil)
}

// Requeue posts POST /v1/tickets/{id}/requeue.
func (c *Client) Requeue(ctx context.Context, ticketID string) (api.Ticket, error) {
	return c.ticketAction(ctx, ticketID, "requeue", nil)
}

// Cancel posts POST /v1/tickets/{id}/cancel.
func (c *Client) Cancel(ctx context.Context, ticketID string) (api.Ticket, error) {
	return c.ticketAction(ctx, ticketID, "cancel", nil)
}

// Transfer posts POST /v1/tickets/{id}/transfer and returns the new ticket.
func (c *Client) Transfer(ctx context.Context, ticketID, serviceID string) (api.Ticket, error) {
	return c.ticketAction(ctx, ticketID, "transfer", api.TransferRequest{ServiceID: serviceID})
}

// SetCounterStatus posts POST /v1/counters/{id}/status.
func (c *Client) SetCounterStatus(ctx context.Context, counterID string, s api.CounterStatus) (api.Counter, error) {
	var out api.Counter
	_, err := c.do(ctx, http.MethodPost, "/v1/counters/"+url.PathEscape(counterID)+"/status", nil,
		api.CounterStatusRequest{Status: s}, &out)
	return out, err
}

// Logout ends the session on the server and forgets the token locally,
// even when the server cannot be reached.
func (c *Client) Logout(ctx context.Context) error {
	_, err := c.do(ctx, http.MethodDelete, "/v1/sessions/current", nil, nil, nil)
	c.SetToken("")
	return err
}

func (c *Client) ticketAction(ctx context.Context, ticketID, action string, body any) (api.Ticket, error) {
	var out api.Ticket
	_, err := c.do(ctx, http.MethodPost, "/v1/tickets/"+url.PathEscape(ticketID)+"/"+action, nil, body, &out)
	return out, err
}

// do sends one request (with resty's retries where shouldRetry allows),
// decodes a success body into out and returns the HTTP status.
func (c *Client) do(ctx context.Context, method, path string, hdr map[string]string, body, out any) (int, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	r := c.rc.R().SetContext(ctx).SetHeaders(hdr)
	if body != nil {
		r.SetHeader("Content-Type", "application/json").SetBody(body)
	}
	resp, err := r.Execute(method, path)
	if err != nil {
		return 0, transportError(ctx, err)
	}
	status := resp.StatusCode()
	if resp.IsError() || status >= 300 {
		return status, responseError(resp)
	}
	if status == http.StatusNoContent || len(resp.Body()) == 0 || out == nil {
		return status, nil
	}
	if err := json.Unmarshal(resp.Body(), out); err != nil {
		return status, &api.Error{Code: api.CodeInternal, Detail: "bad response body: " + err.Error(), Status: status}
	}
	return status, nil
}

// transportError maps a failure before any HTTP answer to unavailable. When
// the caller cancelled, the result still matches errors.Is(err,
// context.Canceled) so apps can stay silent about it.
func transportError(ctx context.Context, err error) error {
	e := &api.Error{Code: api.CodeUnavailable, Detail: err.Error()}
	if errors.Is(ctx.Err(), context.Canceled) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("%w (%w)", e, context.Canceled)
	}
	return e
}

// responseError turns an error response into an *api.Error, from its
// problem+json body when there is one.
func responseError(resp *resty.Response) error {
	status := resp.StatusCode()
	ct, _, _ := mime.ParseMediaType(resp.Header().Get("Content-Type"))
	if ct == api.ProblemContentType || ct == "application/json" {
		var p api.Problem
		if err := json.Unmarshal(resp.Body(), &p); err == nil && (p.Code != "" || ct == api.ProblemContentType) {
			return api.FromProblem(p, status)
		}
	}
	return &api.Error{Code: api.CodeForStatus(status), Status: status}
}

// quiet drops resty's own log lines: every failure is returned to the
// caller as an *api.Error, and the apps decide what to show or log.
type quiet struct{}

func (quiet) Errorf(string, ...any) {}
func (quiet) Warnf(string, ...any)  {}
func (quiet) Debugf(string, ...any) {}
