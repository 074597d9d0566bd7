package httpapi_test

import (
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"antrean/server/serve"
	"antrean/server/servertest"
	"antrean/shared/api"
)

// A body sent one byte at a time cannot hold a connection past the read
// timeout.
func TestTrickledBodyIsCutOff(t *testing.T) {
	s := servertest.Start(t, servertest.WithConfig(func(c *serve.Config) { c.ReadTimeout = time.Second }))
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{")
	closed := make(chan struct{})
	go func() {
		io.Copy(io.Discard, conn) // the answer, then EOF when the server hangs up
		close(closed)
	}()
	start := time.Now()
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-closed:
			if d := time.Since(start); d > 4*time.Second {
				t.Fatalf("closed only after %v", d)
			}
			return
		case <-tick.C:
			if time.Since(start) > 6*time.Second {
				t.Fatal("a trickled body still holds the connection after 6 s (read timeout 1 s)")
			}
			conn.Write([]byte(" "))
		}
	}
}

// Event streams outlive the read timeout: they lift it for themselves.
func TestStreamsOutliveTheReadTimeout(t *testing.T) {
	s := servertest.Start(t, servertest.WithKeepAlive(200*time.Millisecond), servertest.WithConfig(func(c *serve.Config) {
		c.ReadTimeout, c.WriteTimeout = 500*time.Millisecond, 500*time.Millisecond
	}))
	_, br := openStream(t, s.URL, s.DisplayToken, "")
	tk := issue(t, s.Kiosk(), "kk")
	st := openTicketStream(t, s.URL+"/v1/tickets/"+tk.ID+"/events")
	st.next(t, "view", func(api.Ticket) bool { return true })
	time.Sleep(2 * time.Second)
	off := s.Officer("petugas1", "loket-1")
	if called, err := off.CallNext(ctx(t), "loket-1"); err != nil || called == nil || called.ID != tk.ID {
		t.Fatalf("call: %+v %v", called, err)
	}
	readUntil(t, br, "event: ticket.called")
	st.next(t, "called after 2 s", func(got api.Ticket) bool { return got.State == api.StateCalled })
}

// A display bound to a zone cannot read another zone's board or events.
func TestZoneBoundDisplayStaysInItsZone(t *testing.T) {
	s := servertest.Start(t)
	adm := newAdmin(t, s)
	var d api.IssuedDevice
	adm.must("POST", "/v1/admin/devices", api.DeviceRequest{Name: "TV Lantai 2", Role: api.RoleDisplay, Zone: "B"}, &d, 201)
	tv := s.Client(d.Token)
	if _, err := tv.Board(ctx(t), "A"); api.CodeOf(err) != api.CodeForbidden {
		t.Fatalf("board of zone A: %v", err)
	}
	b, err := tv.Board(ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range b.Counters {
		if c.Zone != "B" && c.Zone != "" {
			t.Fatalf("zone B display sees counter %s of zone %s", c.ID, c.Zone)
		}
	}
	if _, err := tv.Board(ctx(t), "B"); err != nil {
		t.Fatalf("own zone: %v", err)
	}
	req, _ := http.NewRequest("GET", s.URL+"/v1/events?zone=A", nil)
	req.Header.Set("Authorization", "Bearer "+d.Token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Fatalf("events of zone A: %d", res.StatusCode)
	}
	// The unbound demo display may still choose.
	if _, err := s.Client(s.DisplayToken).Board(ctx(t), "A"); err != nil {
		t.Fatal(err)
	}
}

// Officer identities never travel in events (displays, kiosks and the
// public see them), nor are they stored in the event log.
func TestEventsCarryNoOfficerIdentity(t *testing.T) {
	s := servertest.Start(t)
	_, br := openStream(t, s.URL, s.DisplayToken, "")
	tk := s.ServedTicket("kk")
	lines := make(chan string, 100)
	go func() {
		for {
			l, err := br.ReadString('\n')
			if err != nil {
				close(lines)
				return
			}
			lines <- l
		}
	}()
	finished := false
	for !finished {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("stream ended")
			}
			if strings.Contains(l, "officer_id") || strings.Contains(l, "petugas1") {
				t.Fatalf("staff identity in an event: %s", l)
			}
			finished = strings.HasPrefix(l, "data:") && strings.Contains(l, tk.ID) && strings.Contains(l, `"state":"done"`)
		case <-time.After(10 * time.Second):
			t.Fatal("no finish event")
		}
	}
	db, err := sql.Open("sqlite", "file:"+s.DBPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM events WHERE data LIKE '%officer_id%'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d stored events carry officer_id (%v)", n, err)
	}
	// The officer's own tools still know who served: reports read tickets.
	var officer string
	if err := db.QueryRow(`SELECT officer_id FROM tickets WHERE id = ?`, tk.ID).Scan(&officer); err != nil || officer == "" {
		t.Fatalf("ticket lost its officer: %q %v", officer, err)
	}
}

// The admin API applies the same text and number limits as the site file.
func TestAdminNamesAndNumbersAreBounded(t *testing.T) {
	s := servertest.Start(t)
	adm := newAdmin(t, s)
	svc := func(fn func(*api.Service)) api.Service {
		v := api.Service{ID: "legalisir", AgencyID: "disdukcapil", Name: "Legalisir", Prefix: "V", Active: true}
		fn(&v)
		return v
	}
	long := strings.Repeat("x", 60000)
	name := func(s string) *string { return &s }
	officer := api.Role("officer")
	cases := []struct {
		what, method, path string
		body               any
	}{
		{"agency name 60,000 characters", "POST", "/v1/admin/agencies", api.Agency{ID: "lembaga-baru", Name: long}},
		{"agency name with NUL", "POST", "/v1/admin/agencies", api.Agency{ID: "lembaga-baru", Name: "BPN\x00"}},
		{"agency short with RLO", "POST", "/v1/admin/agencies", api.Agency{ID: "lembaga-baru", Name: "BPN", Short: "\u202eNPB"}},
		{"service start near int64 max", "POST", "/v1/admin/services", svc(func(v *api.Service) { v.Start = 9223372036854775000 })},
		{"service avg 1e308", "POST", "/v1/admin/services", `{"id":"legalisir","agency_id":"disdukcapil","name":"Legalisir","prefix":"V","active":true,"avg_service_minutes":1e308}`},
		{"service quota huge", "POST", "/v1/admin/services", svc(func(v *api.Service) { v.DailyQuota = 1 << 40 })},
		{"service name bidi isolate", "POST", "/v1/admin/services", svc(func(v *api.Service) { v.Name = "Legal\u2066isir" })},
		{"counter name newline", "POST", "/v1/admin/counters", api.Counter{ID: "loket-99", Number: 99, Name: "Loket\n99", ServiceIDs: []string{"kk"}, Status: api.CounterOpen}},
		{"counter number huge", "POST", "/v1/admin/counters", api.Counter{ID: "loket-99", Number: 1 << 40, ServiceIDs: []string{"kk"}, Status: api.CounterOpen}},
		{"user name with NUL", "POST", "/v1/admin/users", api.UserRequest{Username: "baru", Name: name("Baru\x00"), Role: &officer, CounterIDs: &[]string{"loket-1"}, Password: "rahasia-123"}},
		{"user name too long", "POST", "/v1/admin/users", api.UserRequest{Username: "baru", Name: name(long), Role: &officer, CounterIDs: &[]string{"loket-1"}, Password: "rahasia-123"}},
		{"device name with RLO", "POST", "/v1/admin/devices", api.DeviceRequest{Name: "Kiosk \u202e2", Role: api.RoleKiosk}},
		{"device name too long", "POST", "/v1/admin/devices", api.DeviceRequest{Name: long[:101], Role: api.RoleKiosk}},
	}
	for _, c := range cases {
		if st, code := adm.do(c.method, c.path, c.body, nil); st != 400 || code != api.CodeInvalidInput {
			t.Errorf("%s: %d %s, want 400 invalid_input", c.what, st, code)
		}
	}
}
