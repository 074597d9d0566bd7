package serve_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"antrean/server/serve"
	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
	"antrean/shared/stream"
)

// privateCA writes a CA and a server certificate for 127.0.0.1 signed by
// it into dir; it returns the paths of the CA, the cert and the key.
func privateCA(t *testing.T, dir string) (caFile, certFile, keyFile string) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "MPP Pariaman CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "antrean"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		KeyUsage: x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	write := func(name, typ string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b}), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	return write("ca.pem", "CERTIFICATE", caDER), write("cert.pem", "CERTIFICATE", der), write("key.pem", "EC PRIVATE KEY", kb)
}

// start runs a server with cfg until the test ends; it returns its address.
func start(t *testing.T, cfg serve.Config) string {
	t.Helper()
	if cfg.DBPath == "" {
		cfg.DBPath = filepath.Join(t.TempDir(), "a.db")
	}
	if cfg.Site == nil {
		cfg.Site = servertest.Pariaman(t)
	}
	cfg.BcryptCost = bcrypt.MinCost
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	inst, err := serve.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- inst.ListenAndServe(ctx, "127.0.0.1:0", func(a net.Addr) { addrc <- a }) }()
	t.Cleanup(func() { cancel(); <-done; inst.Store.Close() })
	select {
	case a := <-addrc:
		return a.String()
	case err := <-done:
		t.Fatal(err)
	}
	return ""
}

func TestTLSWithAPrivateCA(t *testing.T) {
	dir := t.TempDir()
	caFile, cert, key := privateCA(t, dir)
	addr := start(t, serve.Config{TLSCert: cert, TLSKey: key})
	base := "https://" + addr
	pool, err := client.LoadCA(caFile)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	// The REST client with --ca talks HTTPS; without it, it refuses the
	// unknown CA instead of sending the token in the clear or to anyone.
	c := client.New(client.Config{BaseURL: base, Token: servertest.DisplayToken, RootCAs: pool, Retries: -1})
	if _, err := c.Board(ctx, ""); err != nil {
		t.Fatalf("with the CA: %v", err)
	}
	if _, err := client.New(client.Config{BaseURL: base, Retries: -1}).Health(ctx); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("without the CA: %v", err)
	}
	// Plain HTTP on the TLS port gets nothing useful.
	if _, err := client.New(client.Config{BaseURL: "http://" + addr, Retries: -1}).Health(ctx); err == nil {
		t.Fatal("plain HTTP answered on the TLS port")
	}

	// The event stream with the same CA (set once for the app).
	stream.SetDefaultRootCAs(pool)
	defer stream.SetDefaultRootCAs(nil)
	got := make(chan api.Board, 1)
	sctx, scancel := context.WithCancel(ctx)
	defer scancel()
	go stream.Run(sctx, stream.Options{BaseURL: base, Token: servertest.DisplayToken,
		Board: func(ctx context.Context) (api.Board, error) { return c.Board(ctx, "") },
		OnBoard: func(b api.Board) {
			select {
			case got <- b:
			default:
			}
		},
		OnState: func(s stream.State) {
			if s == stream.Connected {
				scancel()
			}
		}})
	select {
	case <-sctx.Done():
	case <-ctx.Done():
		t.Fatal("stream did not connect over TLS")
	}
	if _, err := client.LoadCA(cert + ".missing"); err == nil {
		t.Fatal("missing CA file accepted")
	}
	if _, err := client.LoadCA(key); err == nil {
		t.Fatal("a key file accepted as CA")
	}
}

func TestUnlockOverTheControlSocket(t *testing.T) {
	sock := filepath.Join(shortTemp(t), "antrean.sock")
	addr := start(t, serve.Config{ControlSocket: sock})
	st, err := os.Stat(sock)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("control socket mode %v, want 0600", st.Mode().Perm())
	}
	c := client.New(client.Config{BaseURL: "http://" + addr, Retries: -1})
	for range 12 {
		c.Login(context.Background(), api.SessionRequest{Username: "admin", Password: "guess"})
	}
	if _, err := c.Login(context.Background(), api.SessionRequest{Username: "admin", Password: servertest.AdminPassword}); api.CodeOf(err) != api.CodeRateLimited {
		t.Fatalf("before unlock: %v", err)
	}
	res, err := serve.Unlock(context.Background(), sock, "admin", "")
	if err != nil || res.Cleared == 0 {
		t.Fatalf("unlock: %+v %v", res, err)
	}
	if _, err := c.Login(context.Background(), api.SessionRequest{Username: "admin", Password: servertest.AdminPassword}); err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	if _, err := serve.Unlock(context.Background(), sock+".nope", "admin", ""); err == nil {
		t.Fatal("unlock without a server succeeded")
	}
}

// shortTemp is a temp folder with a path short enough for a Unix socket.
func shortTemp(t *testing.T) string {
	d, err := os.MkdirTemp("", "ant")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	return d
}

// A real site must say where its ticket links point: otherwise the Host
// header of whoever asks would choose the QR code's address.
func TestRealSiteNeedsPublicURL(t *testing.T) {
	site := servertest.Pariaman(t)
	site.Site.Demo, site.Site.AlwaysOpen = false, false
	site.Users = nil
	site.Devices = site.Devices[:0]
	if err := site.Validate(); err != nil {
		t.Fatal(err)
	}
	cfg := serve.Config{DBPath: filepath.Join(t.TempDir(), "a.db"), Site: site, BcryptCost: bcrypt.MinCost,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if _, err := serve.New(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "public-url") {
		t.Fatalf("real site without --public-url: %v", err)
	}
	for _, bad := range []string{"antrean.example.go.id", "ftp://x", "https://", "https://x/?a=1"} {
		cfg.PublicURL = bad
		if _, err := serve.New(context.Background(), cfg); err == nil {
			t.Fatalf("public URL %q accepted", bad)
		}
	}
	cfg.PublicURL = "https://antrean.example.go.id"
	inst, err := serve.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	inst.Close()
}
