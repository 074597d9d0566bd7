package httpapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"

	"antrean/server/store"
)

// registry knows the open /v1/events streams by who opened them, so that
// revoking a device, logging out or changing a user ends their streams at
// once instead of at the next reconnect.
type registry struct {
	mu sync.Mutex
	m  map[string]map[*context.CancelFunc]struct{}
}

func newRegistry() *registry { return &registry{m: map[string]map[*context.CancelFunc]struct{}{}} }

func deviceKey(id string) string { return "dev:" + id }
func userKey(id string) string   { return "user:" + id }

// tokenKey names a session by its token's hash (the token itself is not
// kept).
func tokenKey(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return "tok:" + hex.EncodeToString(h[:])
}

// keysOf are the registry keys of a stream opened with token by p.
func keysOf(p store.Principal, token string) []string {
	if p.DeviceID != "" {
		return []string{deviceKey(p.DeviceID)}
	}
	return []string{tokenKey(token), userKey(p.UserID)}
}

// add registers cancel under keys; the returned func unregisters it.
func (g *registry) add(keys []string, cancel context.CancelFunc) func() {
	c := &cancel
	g.mu.Lock()
	for _, k := range keys {
		if g.m[k] == nil {
			g.m[k] = map[*context.CancelFunc]struct{}{}
		}
		g.m[k][c] = struct{}{}
	}
	g.mu.Unlock()
	return func() {
		g.mu.Lock()
		for _, k := range keys {
			delete(g.m[k], c)
			if len(g.m[k]) == 0 {
				delete(g.m, k)
			}
		}
		g.mu.Unlock()
	}
}

// end cancels every stream registered under key and reports how many.
func (g *registry) end(key string) int {
	g.mu.Lock()
	cs := g.m[key]
	delete(g.m, key)
	g.mu.Unlock()
	for c := range cs {
		(*c)()
	}
	return len(cs)
}
