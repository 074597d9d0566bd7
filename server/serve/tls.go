package serve

import (
	"crypto/tls"
	"fmt"
	"os"
	"sync"
	"time"
)

// keyPair serves a certificate from PEM files and re-reads them when they
// change, so a renewed certificate (certbot, an internal CA) is used
// without a restart.
type keyPair struct {
	cert, key string
	mu        sync.Mutex
	cur       *tls.Certificate
	mod       time.Time // newest modification time of the two files
	checked   time.Time
}

func newKeyPair(cert, key string) (*keyPair, error) {
	k := &keyPair{cert: cert, key: key}
	if err := k.load(); err != nil {
		return nil, err
	}
	return k, nil
}

func (k *keyPair) modTime() (time.Time, error) {
	var newest time.Time
	for _, f := range []string{k.cert, k.key} {
		st, err := os.Stat(f)
		if err != nil {
			return time.Time{}, err
		}
		if st.ModTime().After(newest) {
			newest = st.ModTime()
		}
	}
	return newest, nil
}

func (k *keyPair) load() error {
	mod, err := k.modTime()
	if err != nil {
		return fmt.Errorf("tls: %w", err)
	}
	c, err := tls.LoadX509KeyPair(k.cert, k.key)
	if err != nil {
		return fmt.Errorf("tls: %w", err)
	}
	k.cur, k.mod = &c, mod
	return nil
}

func (k *keyPair) get(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if now := time.Now(); now.Sub(k.checked) > 10*time.Second {
		k.checked = now
		if mod, err := k.modTime(); err == nil && !mod.Equal(k.mod) {
			// A half-written pair fails to load: keep serving the old one.
			_ = k.load()
		}
	}
	return k.cur, nil
}
