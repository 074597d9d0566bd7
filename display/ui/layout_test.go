package ui

import (
	"fmt"
	"image"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"antrean/display/board"

	"antrean/shared/api"
	"antrean/shared/ui/layoutcheck"
)

// The layout matrix: every state of the hall screen at every monitor size
// MPPs buy, checked for widgets outside the window, texts over each other
// and cut texts. The PNGs land in $ANTREAN_LAYOUT_DIR/display (default: a
// folder in the temp dir) for a person to look at.
func TestLayoutMatrix(t *testing.T) {
	layoutcheck.SkipUnderRace(t)
	states := []struct {
		name string
		show func(d *Display)
	}{
		{"idle", func(d *Display) {
			b := busyBoard(8)
			b.RecentCalls = nil
			for i := range b.Counters {
				b.Counters[i].Current = nil
			}
			d.OnBoard(b)
			d.OnCatalog(busyCatalog())
		}},
		{"busy-24", func(d *Display) {
			d.OnBoard(busyBoard(24))
			d.OnCatalog(busyCatalog())
			d.OnEvent(callEvent(200, api.EventTicketCalled, api.Call{TicketID: "t-new", Number: "W-128", CounterID: "loket-15",
				CounterNumber: 15, AgencyID: "kpp-pratama", AgencyShort: "KPP Pratama", ServiceName: "Pelaporan SPT Tahunan dan konsultasi NPWP"}))
		}},
		{"recall", func(d *Display) {
			d.OnBoard(busyBoard(24))
			d.OnCatalog(busyCatalog())
			d.OnEvent(callEvent(200, api.EventTicketRecalled, api.Call{TicketID: "t12", Number: "M-022", CounterID: "loket-12",
				CounterNumber: 12, AgencyID: "kpp-pratama", AgencyShort: "KPP Pratama", ServiceName: "Konsultasi pajak"}))
		}},
		{"offline", func(d *Display) {
			d.OnBoard(busyBoard(24))
			d.OnCatalog(busyCatalog())
			d.OnOnline(false)
		}},
	}
	for _, sz := range layoutcheck.Sizes {
		for _, st := range states {
			t.Run(sz.Name+"/"+st.name, func(t *testing.T) {
				d, _, w := newTestWindow(t, Config{}, sz.W, sz.H)
				st.show(d)
				w.Resize(sz.Fyne())
				layoutcheck.Assert(t, w.Canvas(), "display", fmt.Sprintf("%s-%s", st.name, sz.Name), layoutcheck.Screen(sz.Fyne()))
				if st.name == "offline" && !d.header.badge.t.Visible() {
					t.Error("offline badge not shown")
				}
				checkReadable(t, d, w.Canvas().Capture(), sz)
			})
		}
	}
}

// minBigCap is the least cap height of the called number, as a share of
// the screen height: 18 % on a 16:9 screen (issue 12), less where the
// screen is narrower than it is tall or nearly square.
func minBigCap(sz layoutcheck.Size) float32 {
	switch r := sz.W / sz.H; {
	case r >= 1.7:
		return 0.18
	case r >= 1.2:
		return 0.10
	}
	return 0.07
}

// checkReadable measures the drawn screen: the called number, its counter
// (≥ 60 % of the number), the grid's ticket numbers and the recent calls
// (capitals ≥ 2.8 % of the screen's short side, 30 px at 1080p), and a
// running text that shows whole sentences.
func checkReadable(t *testing.T, d *Display, img image.Image, sz layoutcheck.Size) {
	t.Helper()
	var bigNum, bigCtr *canvas.Text
	var grid, recent []*canvas.Text
	var ticker string
	d.inspect(func() {
		if !d.view.Big.Idle {
			bigNum, bigCtr = d.big.number.t, d.big.counter.t
		}
		for i, c := range d.view.Cells {
			if c.State == board.CellActive && i < len(d.cells) {
				grid = append(grid, d.cells[i].number.t)
			}
		}
		for i := range d.view.History {
			recent = append(recent, d.hist.rows[i].number.t)
		}
		ticker = d.tick.text()
	})
	short := min(sz.W, sz.H)
	if bigNum != nil {
		n, c := captureInk(img, bigNum), captureInk(img, bigCtr)
		if float32(n) < minBigCap(sz)*sz.H {
			t.Errorf("called number %q: capitals %d px, want ≥ %.0f %% of %.0f", bigNum.Text, n, 100*minBigCap(sz), sz.H)
		}
		if float32(c) < 0.6*float32(n) {
			t.Errorf("%q: capitals %d px, less than 60 %% of the number's %d px", bigCtr.Text, c, n)
		}
	}
	for _, set := range [][]*canvas.Text{grid, recent} {
		for _, o := range set {
			if h := captureInk(img, o); float32(h) < 0.028*short {
				t.Errorf("%q: capitals %d px, want ≥ %.0f (2.8 %% of %.0f)", o.Text, h, 0.028*short, short)
			}
		}
	}
	if ticker != "" && !strings.ContainsAny(ticker[len(ticker)-1:], ".!?") {
		t.Errorf("the running text shows part of a sentence: %q", ticker)
	}
}

// Every page of the running text fits the footer at every size (paged
// mode: the pages are what the matrix would catch only one of).
func TestLayoutTickerPages(t *testing.T) {
	msgs := busyBoard(1).Site.Announcements
	msgs = append(msgs, "Hari Jumat layanan istirahat pukul 11.30–13.30 WIB untuk salat Jumat.",
		"Kalimat yang panjang sekali, lebih panjang dari satu baris layar, tetap utuh di satu halaman sampai selesai.")
	for _, sz := range layoutcheck.Sizes {
		t.Run(sz.Name, func(t *testing.T) {
			now := t0
			d, _, w := newTestWindow(t, Config{Ticker: msgs, PageFor: time.Second, Now: func() time.Time { return now }}, sz.W, sz.H)
			w.Resize(sz.Fyne())
			for i := range d.tick.pages {
				if ps := layoutcheck.Check(w.Canvas(), layoutcheck.Screen(sz.Fyne())); len(ps) > 0 {
					t.Errorf("page %d %q: %v", i, d.tick.text(), ps)
				}
				d.Post(d.heartbeat)
				now = now.Add(2 * time.Second)
				d.Post(d.heartbeat)
			}
		})
	}
}

// A resize from one monitor to another re-lays everything out (a display
// PC moved to another TV, or started before the TV is on).
func TestLayoutFollowsResize(t *testing.T) {
	d, _, w := newTestWindow(t, Config{}, 1366, 768)
	d.OnBoard(busyBoard(24))
	for _, sz := range []layoutcheck.Size{layoutcheck.Sizes[4], layoutcheck.Sizes[3], layoutcheck.Sizes[0]} {
		w.Resize(fyne.NewSize(sz.W, sz.H))
		if ps := layoutcheck.Check(w.Canvas(), layoutcheck.Screen(sz.Fyne())); len(ps) > 0 {
			t.Errorf("after resize to %s: %v", sz.Name, ps)
		}
	}
}
