package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"
)

// The control socket is a Unix socket beside the database, readable only
// by the server's own user (0600): whoever can use it already owns the
// database. It serves operator commands that must not be reachable over
// the network, whatever a reverse proxy forwards: today, unlocking logins.

// DefaultControlSocket is where the control socket goes for a database.
func DefaultControlSocket(dbPath string) string {
	return filepath.Join(filepath.Dir(dbPath), "antrean.sock")
}

// UnlockResult is the control socket's answer to an unlock.
type UnlockResult struct {
	Cleared int `json:"cleared"`
}

func (i *Instance) controlHandler() http.Handler {
	m := http.NewServeMux()
	m.HandleFunc("POST /unlock", func(w http.ResponseWriter, r *http.Request) {
		user, addr := r.URL.Query().Get("user"), r.URL.Query().Get("addr")
		if user == "" && addr == "" {
			http.Error(w, "user or addr is required", http.StatusBadRequest)
			return
		}
		n := i.Handler.Unlock(user, addr)
		i.log.Warn("logins unlocked from the control socket", "user", user, "addr", addr, "cleared", n)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(UnlockResult{Cleared: n})
	})
	return m
}

// listenControl opens the control socket; a stale socket file of a
// stopped server is replaced, a live one is an error.
func listenControl(path string) (net.Listener, error) {
	if len(path) > 100 {
		return nil, fmt.Errorf("control socket path %q is too long for a Unix socket (at most 100 bytes)", path)
	}
	if _, err := os.Stat(path); err == nil {
		if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
			c.Close()
			return nil, fmt.Errorf("control socket %s: another server is running", path)
		}
		os.Remove(path)
	}
	// The umask makes the socket 0600 from birth: no window in which
	// another user could connect.
	old := umask(0o177)
	ln, err := net.Listen("unix", path)
	umask(old)
	if err != nil {
		return nil, fmt.Errorf("control socket: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("control socket: %w", err)
	}
	return ln, nil
}

// Unlock asks the server running on the control socket at path to forget
// the failed logins of user and/or addr.
func Unlock(ctx context.Context, path, user, addr string) (UnlockResult, error) {
	hc := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", path)
		},
	}}
	q := url.Values{}
	if user != "" {
		q.Set("user", user)
	}
	if addr != "" {
		q.Set("addr", addr)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://control/unlock?"+q.Encode(), nil)
	if err != nil {
		return UnlockResult{}, err
	}
	res, err := hc.Do(req)
	if err != nil {
		var ne *net.OpError
		if errors.As(err, &ne) {
			return UnlockResult{}, fmt.Errorf("no server answers on the control socket %s (is it running, with this --db or --control, and are you its user?): %w", path, err)
		}
		return UnlockResult{}, err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	if res.StatusCode != http.StatusOK {
		return UnlockResult{}, fmt.Errorf("unlock: %s: %s", res.Status, b)
	}
	var out UnlockResult
	err = json.Unmarshal(b, &out)
	return out, err
}
