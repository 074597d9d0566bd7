package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
	"antrean/shared/ui/layoutcheck"
)

// TestAnnouncementReachesRunningDisplay: an announcement an admin creates
// through the real admin API reaches a display that follows the real
// server (event stream, feed, board state, running text) within 2 s, and
// its removal takes it off again. The path has no polling: the figure is
// the stream's delivery plus one repaint.
func TestAnnouncementReachesRunningDisplay(t *testing.T) {
	srv := servertest.Start(t)
	d, logs := newTestDisplay(t, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Follow(ctx, d, Feed{BaseURL: srv.URL, Token: srv.DisplayToken,
			Client: client.New(client.Config{BaseURL: srv.URL, Token: srv.DisplayToken}), Logf: logs.logf})
	}()
	defer func() { cancel(); <-done }()

	// The sample site's call center and its plain list (now entries) run.
	waitUntil(t, "board", func() (ok bool) {
		d.inspect(func() {
			ok = len(d.view.Cells) > 0 && !d.header.badge.t.Visible() &&
				slices.ContainsFunc(d.tick.messages, func(m string) bool { return strings.HasSuffix(m, "· Call center 0751-123456.") })
		})
		return ok
	})

	sess, err := srv.Client("").Login(ctx, api.SessionRequest{Username: servertest.AdminUser, Password: servertest.AdminPassword})
	if err != nil {
		t.Fatal(err)
	}
	send := func(method, path string, body any) int {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest(method, srv.URL+path, bytes.NewReader(b))
		req.Header.Set("Authorization", "Bearer "+sess.Token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	const text = "Layanan Samsat hari ini pindah ke lantai 2."
	shows := func() (ok bool) {
		d.inspect(func() { ok = slices.Contains(d.tick.messages, text) && slices.Contains(d.view.Messages, text) })
		return ok
	}
	if shows() {
		t.Fatal("shown before it was created")
	}
	if st := send("POST", "/v1/admin/announcements", map[string]any{"id": "samsat", "text": text}); st != 201 {
		t.Fatalf("create: %d", st)
	}
	created := time.Now()
	for !shows() {
		if time.Since(created) > 2*time.Second {
			t.Fatalf("the announcement was not on the display 2 s after the admin created it")
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Logf("created → on the display: %s", time.Since(created).Round(time.Millisecond))

	if st := send("PATCH", "/v1/admin/announcements/samsat", map[string]any{"enabled": false}); st != 200 {
		t.Fatalf("disable: %d", st)
	}
	waitUntil(t, "disabled entry gone", func() bool { return !shows() })
}

// TestLayoutAnnouncementsAndFooter: every page of a running text with
// long announcements (Indonesian and English) and the footer line fits
// the footer at every monitor size, the footer line is a page of its own,
// and its PNG lands with the layout matrix's for a person to look at.
func TestLayoutAnnouncementsAndFooter(t *testing.T) {
	layoutcheck.SkipUnderRace(t)
	b := busyBoard(24)
	b.Site.Announcements = nil
	b.Site.CallCenter = "0751-123456"
	b.Site.Hours = []api.DayHours{{Weekday: 4, Open: "08:00", Close: "15:00"}}
	b.Now = t0 // a Thursday
	b.Announcements = []api.Announcement{
		{ID: "sim", Enabled: true, Text: "Layanan SIM keliling Polres Pariaman hadir setiap Sabtu pukul 08.00–12.00 WIB di Lapangan Merdeka; bawa KTP-el dan SIM lama.",
			TextEN: "The Pariaman police mobile driving licence service is at Lapangan Merdeka every Saturday from 08.00 to 12.00."},
		{ID: "pungli", Enabled: true, Text: "Seluruh layanan di MPP tidak dipungut biaya kecuali yang ditetapkan peraturan. Tolak pungutan liar!"},
	}
	footer := "Jam layanan hari ini 08.00–15.00 · Call center 0751-123456."
	for _, sz := range layoutcheck.Sizes {
		t.Run(sz.Name, func(t *testing.T) {
			now := t0
			d, _, w := newTestWindow(t, Config{PageFor: time.Second, Now: func() time.Time { return now }}, sz.W, sz.H)
			d.OnBoard(b)
			d.OnCatalog(busyCatalog())
			w.Resize(sz.Fyne())
			var pages int
			d.inspect(func() { pages = len(d.tick.pages) })
			sawFooter := false
			d.Post(d.heartbeat) // the first page goes up
			for i := 0; i < pages; i++ {
				var text string
				d.inspect(func() { text = d.tick.text() })
				if strings.ReplaceAll(text, "\n", " ") == footer { // portrait may set it on two lines
					sawFooter = true
					layoutcheck.Assert(t, w.Canvas(), "display", "footer-"+sz.Name, layoutcheck.Screen(sz.Fyne()))
				} else if ps := layoutcheck.Check(w.Canvas(), layoutcheck.Screen(sz.Fyne())); len(ps) > 0 {
					t.Errorf("page %d %q: %v", i, text, ps)
				}
				now = now.Add(2 * time.Second)
				d.Post(d.heartbeat)
			}
			if !sawFooter {
				t.Errorf("no page shows the footer line %q whole on its own", footer)
			}
		})
	}
}
