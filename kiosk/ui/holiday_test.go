package ui

import (
	"strings"
	"testing"
	"time"

	"antrean/server/config"
	"antrean/server/queue"
	"antrean/server/servertest"
	"antrean/shared/client"
)

// TestHolidaySaidInWords: on a national holiday of the site file the home
// screen says "Libur Nasional: …" and every service tile says it too.
func TestHolidaySaidInWords(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	clk := queue.NewFixedClock(time.Date(2027, 1, 1, 10, 0, 0, 0, wib))
	srv := servertest.Start(t, servertest.WithClock(clk), servertest.WithSite(func(f *config.File) { f.Site.AlwaysOpen = false }))
	k := startKiosk(t, srv.Kiosk(), &fakePrinter{}, Config{NewKey: client.NewIdempotencyKey}, landscape)
	waitCatalog(t, k)
	eventually(t, k, "holiday banner", func() bool {
		h := k.home()
		return h.Status.Visible() && strings.Contains(h.Status.Text.Text(), "Libur Nasional: Tahun Baru 2027 Masehi")
	})
	k.ui(func() {
		if !strings.Contains(k.home().Status.Text.Text(), "tutup hari ini") || k.home().Take.Sub != "Tutup hari ini" {
			t.Errorf("home on a holiday: %q / %q", k.home().Status.Text.Text(), k.home().Take.Sub)
		}
	})
	k.tapTile(t, func() *Tile { return k.home().Take })
	eventually(t, k, "agencies", func() bool { return k.Current() == "agencies" })
	k.tapTile(t, func() *Tile { return tileNamed(k.agencies().Tiles, "Disdukcapil") })
	eventually(t, k, "services", func() bool { return k.Current() == "services" })
	k.ui(func() {
		for _, tile := range k.services().Tiles {
			if tile.Note != "Libur Nasional: Tahun Baru 2027 Masehi" || !tile.Disabled() {
				t.Errorf("tile %q: note %q disabled=%v", tile.Title, tile.Note, tile.Disabled())
			}
		}
	})
}
