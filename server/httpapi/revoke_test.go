package httpapi_test

import (
	"bufio"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"antrean/server/queue"
	"antrean/server/serve"
	"antrean/server/servertest"
	"antrean/shared/api"
)

// openStream opens GET /v1/events with token and waits for its first line.
func openStream(t *testing.T, base, token, query string) (*http.Response, *bufio.Reader) {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/v1/events"+query, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	if res.StatusCode != 200 {
		t.Fatalf("stream: %d", res.StatusCode)
	}
	br := bufio.NewReader(res.Body)
	if line, err := br.ReadString('\n'); err != nil || !strings.HasPrefix(line, "retry:") {
		t.Fatalf("stream start: %q %v", line, err)
	}
	return res, br
}

// ends reports whether the stream ends (EOF) within d.
func ends(br *bufio.Reader, d time.Duration) bool {
	done := make(chan struct{})
	go func() {
		io.Copy(io.Discard, br)
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

func TestRevokingADeviceEndsItsOpenStream(t *testing.T) {
	s := servertest.Start(t)
	adm := newAdmin(t, s)
	var d api.IssuedDevice
	adm.must("POST", "/v1/admin/devices", api.DeviceRequest{Name: "TV Lantai 1", Role: api.RoleDisplay}, &d, 201)
	_, revoked := openStream(t, s.URL, d.Token, "")
	_, other := openStream(t, s.URL, s.DisplayToken, "")
	adm.must("DELETE", "/v1/admin/devices/"+d.ID, nil, nil, 200)
	if !ends(revoked, 3*time.Second) {
		t.Fatal("the revoked display's stream is still open 3 s after the revocation")
	}
	if ends(other, 300*time.Millisecond) {
		t.Fatal("another display's stream ended too")
	}
}

func TestLogoutEndsTheOfficersStream(t *testing.T) {
	s := servertest.Start(t)
	off := s.Officer("petugas1", "loket-1")
	colleague := s.Officer("petugas2", "loket-2")
	_, mine := openStream(t, s.URL, off.Token(), "")
	_, theirs := openStream(t, s.URL, colleague.Token(), "")
	if err := off.Logout(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if !ends(mine, 3*time.Second) {
		t.Fatal("the officer's stream is still open 3 s after logout")
	}
	if ends(theirs, 300*time.Millisecond) {
		t.Fatal("a colleague's stream ended too")
	}
	// A password reset ends the user's sessions, and so their streams.
	adm := newAdmin(t, s)
	_, again := openStream(t, s.URL, colleague.Token(), "")
	var users []api.AdminUser
	adm.must("GET", "/v1/admin/users", nil, &users, 200)
	for _, u := range users {
		if u.Username == "petugas2" {
			adm.must("POST", "/v1/admin/users/"+u.ID+"/password", api.PasswordRequest{Password: "another-secret-1"}, nil, 204)
		}
	}
	if !ends(again, 3*time.Second) {
		t.Fatal("stream open 3 s after a password reset")
	}
}

func TestExpiredSessionStreamEnds(t *testing.T) {
	clk := queue.NewFixedClock(thursday10)
	s := servertest.Start(t, servertest.WithClock(clk), servertest.WithConfig(func(c *serve.Config) {
		c.StreamAuthRecheck = 100 * time.Millisecond
	}))
	off := s.Officer("petugas1", "loket-1")
	_, br := openStream(t, s.URL, off.Token(), "")
	clk.Advance(13 * time.Hour)
	if !ends(br, 3*time.Second) {
		t.Fatal("stream of an expired session still open")
	}
}

// A device token has no session: "logging out" must not answer 204 while
// the token keeps working.
func TestDeviceTokenLogoutIsRefused(t *testing.T) {
	s := servertest.Start(t)
	k := s.Kiosk()
	err := k.Logout(ctx(t))
	wantCode(t, err, api.CodeForbidden)
	if e, ok := err.(*api.Error); !ok || !strings.Contains(e.Detail, "revoke") {
		t.Fatalf("detail should say how to revoke: %v", err)
	}
	if _, err := s.Kiosk().Catalog(ctx(t)); err != nil {
		t.Fatalf("the kiosk token still works (as it should): %v", err)
	}
}
