package ui

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"antrean/shared/api"
	"antrean/shared/i18n"
	sharedui "antrean/shared/ui"
	"antrean/shared/ui/layoutcheck"
)

// compact is the console beside an agency's own application (the app's
// default window), kept working next to the five monitor sizes.
var compact = layoutcheck.Size{Name: "480x640", W: 480, H: 640}

// busyFake is a counter on a busy morning: three services with long
// names, many waiting (more than the view lists), every priority class, and
// a catalog of a large MPP to transfer into.
func busyFake() *fakeAPI {
	f := newFake()
	f.counters[0].ServiceIDs = []string{"ktp", "kk", "akta"}
	f.services = append(f.services,
		api.Service{ID: "akta", AgencyID: "dukcapil", Name: "Akta Kelahiran, Akta Kematian dan Pencatatan Perubahan Nama", Prefix: "C", Active: true})
	for i := 1; i <= 14; i++ {
		ag := fmt.Sprintf("ag%02d", i)
		f.agencies = append(f.agencies, api.Agency{ID: ag, Short: fmt.Sprintf("Instansi %d", i),
			Name: fmt.Sprintf("Kantor Pelayanan Instansi Vertikal Nomor %d Kota Pariaman dan Sekitarnya", i)})
		for j := 1; j <= 4; j++ {
			f.services = append(f.services, api.Service{ID: fmt.Sprintf("%s-s%d", ag, j), AgencyID: ag, Active: true,
				Prefix: fmt.Sprintf("%c%d", 'D'+rune(i), j),
				Name:   fmt.Sprintf("Penerbitan dan Perpanjangan Izin Layanan Nomor %d Beserta Legalisasi Dokumen Pendukung", j)})
		}
	}
	pri := []api.Priority{api.PriorityNone, api.PriorityElderly, api.PriorityNone, api.PriorityDisability,
		api.PriorityPregnant, api.PriorityNone, api.PriorityOther}
	for i := 0; i < 21; i++ {
		f.issue([]string{"ktp", "kk", "akta"}[i%3], pri[i%len(pri)])
	}
	// A long day's figures: the footer carries the officer's staff line.
	lvl, ikm := 87.5, 84.93
	f.today = api.OfficerStats{Served: 37, NoShow: 3, AvgServiceMinutes: 6.4, AvgWaitMinutes: 12.5, LoggedInMinutes: 263,
		BreakMinutes: 35, IdleMinutes: 41, ServiceLevel: &lvl, TargetMinutes: 15, RecallsPerTicket: 0.27, IKM: &ikm, Respondents: 12}
	// Tickets issued over the last hour: the waiting minutes differ.
	for i := range f.queue {
		f.queue[i].IssuedAt = time.Now().Add(-time.Duration(60-2*i) * time.Minute)
	}
	return f
}

// TestLayoutMatrix renders every console screen at every monitor size and
// fails on a widget outside the window, overlapping texts or cut text. The
// PNGs land in $ANTREAN_LAYOUT_DIR/counter (default: the temp dir).
func TestLayoutMatrix(t *testing.T) {
	layoutcheck.SkipUnderRace(t)
	sizes := append([]layoutcheck.Size{compact}, layoutcheck.Sizes...)
	for _, sz := range sizes {
		t.Run(sz.Name, func(t *testing.T) { layoutMatrix(t, sz, i18n.ID) })
	}
	// English, where labels are longer or shorter: the smallest and the
	// most common size.
	for _, sz := range []layoutcheck.Size{compact, layoutcheck.Sizes[0]} {
		t.Run("en-"+sz.Name, func(t *testing.T) { layoutMatrix(t, sz, i18n.EN) })
	}
}

func layoutMatrix(t *testing.T, sz layoutcheck.Size, lang i18n.Lang) {
	f := busyFake()
	h := newHarness(t, f, func(c *Config) { c.UndoDelay = time.Hour; c.Theme = sharedui.NewTheme(1); c.Lang = lang })
	h.fake = f
	h.win.Resize(sz.Fyne())
	check := func(screen string) {
		t.Helper()
		h.pump.drain() // a scale change waits for the UI goroutine
		name := screen + "-" + sz.Name
		if lang == i18n.EN {
			name = "en-" + name
		}
		if !raceOn {
			layoutcheck.Assert(t, h.win.Canvas(), "counter", name, layoutcheck.Screen(sz.Fyne()))
			return
		}
		for _, p := range layoutcheck.Check(h.win.Canvas(), layoutcheck.Screen(sz.Fyne())) {
			t.Errorf("%s: %s", name, p)
		}
	}
	h.c.Start()
	check("login")
	h.login("petugas1", "demo123")
	h.wait("the catalog", func() bool { return h.c.sess.catalog != nil })
	check("idle")
	h.key(fyne.KeyF1)
	check("called")
	h.key(fyne.KeyF2)
	h.press(fyne.KeyF5)
	if h.c.pending == nil {
		t.Fatal("F5 after a recall must start the undo time")
	}
	check("undo")
	h.c.Undo()
	h.key(fyne.KeyF3)
	check("serving")
	h.key(fyne.KeyF7)
	if h.c.Desk.transfer == nil {
		t.Fatal("no transfer dialog")
	}
	check("transfer")
	h.key(fyne.KeyEscape)
	// Visits: the route and the latest note on the card, the visit dialog.
	h.asVisit()
	check("visit-serving")
	h.key(fyne.KeyF9)
	if h.c.Desk.visit == nil {
		t.Fatal("no visit dialog")
	}
	check("visit")
	h.key(fyne.KeyEscape)
	h.tap(h.c.Desk.StatusBreak)
	check("break")
}
