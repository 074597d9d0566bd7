package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
)

// TestWatchRefreshesFromEventStream: with the periodic refresh effectively
// off, a ticket taken at another kiosk shows up through the event stream.
func TestWatchRefreshesFromEventStream(t *testing.T) {
	srv := servertest.Start(t)
	k := startKiosk(t, srv.Kiosk(), nil, Config{NewKey: client.NewIdempotencyKey, CatalogRefresh: time.Hour}, landscape)
	waitCatalog(t, k)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { k.Watch(ctx, srv.URL, srv.KioskToken, 50*time.Millisecond); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	k.tapTile(t, func() *Tile { return k.home().Take })
	k.ui(func() {
		if d := tileNamed(k.agencies().Tiles, "Disdukcapil"); d == nil || !strings.Contains(d.Note, "0 orang menunggu") {
			t.Fatalf("Disdukcapil before: %+v", d)
		}
	})
	// Give the stream a moment to connect, then another kiosk issues.
	deadline := time.Now().Add(5 * time.Second)
	for srv.Hub.Count() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	other := srv.Kiosk()
	for i := 0; i < 2; i++ {
		if _, err := other.IssueTicket(context.Background(), api.IssueRequest{ServiceID: "kk"}, client.NewIdempotencyKey()); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, k, "waiting count from the stream", func() bool {
		d := tileNamed(k.agencies().Tiles, "Disdukcapil")
		return d != nil && strings.Contains(d.Note, "2 orang menunggu")
	})
}
