package layoutcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// window shows content at exactly w×h, as a real window of that size would.
func window(t *testing.T, content fyne.CanvasObject, w, h float32) fyne.Canvas {
	t.Helper()
	test.NewTempApp(t)
	win := test.NewTempWindow(t, content)
	win.SetPadded(false)
	win.Resize(fyne.NewSize(w, h))
	return win.Canvas()
}

func kinds(ps []Problem) string {
	var k []string
	for _, p := range ps {
		k = append(k, p.Kind)
	}
	return strings.Join(k, ",")
}

func has(ps []Problem, kind, sub string) bool {
	for _, p := range ps {
		if p.Kind == kind && strings.Contains(p.Detail, sub) {
			return true
		}
	}
	return false
}

func TestCleanLayoutHasNoProblems(t *testing.T) {
	c := window(t, container.NewVBox(
		widget.NewLabel("Nomor antrean"),
		widget.NewButton("Ambil tiket", func() {}),
		container.NewHBox(widget.NewLabel("Loket 3"), layout.NewSpacer(), widget.NewLabel("A-001")),
	), 400, 300)
	if ps := Check(c); len(ps) != 0 {
		t.Fatalf("want no problems, got %v", ps)
	}
}

func TestButtonBelowTheWindowIsOutside(t *testing.T) {
	// Four tall buttons in a window with room for two: the last ones
	// cannot be reached (the kiosk's priority screen at 1366×768).
	var objs []fyne.CanvasObject
	for _, s := range []string{"Tidak", "Lansia", "Disabilitas", "Ibu hamil"} {
		b := widget.NewButton(s, func() {})
		objs = append(objs, container.NewGridWrap(fyne.NewSize(300, 120), b))
	}
	c := window(t, container.NewVBox(objs...), 400, 300)
	ps := Check(c)
	if !has(ps, "outside", `Button "Ibu hamil"`) {
		t.Fatalf("want Ibu hamil outside, got %v", ps)
	}
	if !has(ps, "outside", "would be larger than the screen") {
		t.Fatalf("want content larger than window, got %v", ps)
	}
}

func TestScrollableContentIsReachable(t *testing.T) {
	var objs []fyne.CanvasObject
	for i := 0; i < 30; i++ {
		objs = append(objs, widget.NewButton("Layanan", func() {}))
	}
	c := window(t, container.NewVScroll(container.NewVBox(objs...)), 300, 200)
	if ps := Check(c); len(ps) != 0 {
		t.Fatalf("a vertical scroll reaches everything, got %v", ps)
	}
}

func TestTooWideInVerticalScrollIsOutside(t *testing.T) {
	wide := canvas.NewRectangle(nil)
	wide.SetMinSize(fyne.NewSize(600, 20))
	c := window(t, container.NewVScroll(container.NewVBox(wide)), 300, 200)
	if ps := Check(c); !has(ps, "outside", "cannot scroll") {
		t.Fatalf("want outside a vertical-only scroll, got %v", ps)
	}
}

func TestStackedTextsOverlap(t *testing.T) {
	c := window(t, container.NewStack(widget.NewLabel("Silakan tunggu"), widget.NewLabel("Dinas Kependudukan")), 400, 100)
	if ps := Check(c); !has(ps, "overlap", "Silakan tunggu") {
		t.Fatalf("want overlap, got %v", ps)
	}
}

func TestTruncatedLabelIsCut(t *testing.T) {
	l := widget.NewLabel("Dinas Kependudukan dan Pencatatan Sipil Kota Pariaman")
	l.Truncation = fyne.TextTruncateEllipsis
	c := window(t, container.NewGridWrap(fyne.NewSize(150, 40), l), 400, 100)
	if ps := Check(c); !has(ps, "cut", "Dinas") {
		t.Fatalf("want cut, got %v", ps)
	}
	l.Truncation = fyne.TextTruncateClip
	l.Refresh()
	if ps := Check(c); !has(ps, "cut", "Dinas") {
		t.Fatalf("want cut when clipped, got %v", ps)
	}
}

func TestWrappedLabelIsNotCut(t *testing.T) {
	l := widget.NewLabel("Dinas Kependudukan dan Pencatatan Sipil Kota Pariaman")
	l.Wrapping = fyne.TextWrapWord
	c := window(t, container.NewVBox(l), 200, 300)
	if ps := Check(c); len(ps) != 0 {
		t.Fatalf("wrapped text shows every word, got %v", ps)
	}
}

func TestTextWiderThanItsBoxIsCut(t *testing.T) {
	// One letter per line: a raw text squeezed into a narrow box.
	txt := canvas.NewText("Halaman 1 dari 3", nil)
	c := window(t, container.NewGridWrap(fyne.NewSize(20, 30), txt), 300, 100)
	if ps := Check(c); !has(ps, "cut", "Halaman 1 dari 3") {
		t.Fatalf("want cut, got %v", ps)
	}
}

func TestIgnoreSkipsASubtree(t *testing.T) {
	a, b := widget.NewLabel("Selamat datang"), widget.NewLabel("Selamat datang")
	c := window(t, container.NewStack(a, b), 400, 100)
	if ps := Check(c, Ignore(b)); len(ps) != 0 {
		t.Fatalf("ignored object still reported: %v", ps)
	}
}

func TestAssertWritesThePNG(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("ANTREAN_LAYOUT_DIR", dir)
	c := window(t, widget.NewLabel("A-001"), 200, 100)
	Assert(t, c, "demo", "clean-200x100")
	if _, err := os.Stat(filepath.Join(dir, "demo", "clean-200x100.png")); err != nil {
		t.Fatal(err)
	}
	if got := kinds(Check(c)); got != "" {
		t.Fatalf("got %s", got)
	}
}

func TestScreenCatchesAWindowThatGrew(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.SetPadded(false)
	win.Resize(fyne.NewSize(400, 300))
	big := canvas.NewRectangle(nil)
	big.SetMinSize(fyne.NewSize(400, 500))
	// Content set after the resize grows the test window to fit it, as
	// every screen change of an app does.
	win.SetContent(container.NewVBox(big, widget.NewButton("Survei", func() {})))
	if ps := Check(win.Canvas()); len(ps) != 0 {
		t.Fatalf("without Screen the grown window hides the fault: %v", ps)
	}
	ps := Check(win.Canvas(), Screen(fyne.NewSize(400, 300)))
	if !has(ps, "outside", "grew to 400×5") || !has(ps, "outside", `Button "Survei"`) {
		t.Fatalf("want grown window and button outside, got %v", ps)
	}
}

func TestOwnEllipsisIsNotCut(t *testing.T) {
	l := widget.NewLabel("Sedang memproses nomor antrean…")
	c := window(t, container.NewVBox(l), 600, 100)
	if ps := Check(c); len(ps) != 0 {
		t.Fatalf("a text that ends in … by itself is whole, got %v", ps)
	}
	cut := widget.NewLabel("Sedang memproses nomor antrean…")
	cut.Truncation = fyne.TextTruncateEllipsis
	c2 := window(t, container.NewGridWrap(fyne.NewSize(120, 40), cut), 600, 100)
	if ps := Check(c2); !has(ps, "cut", "Sedang") {
		t.Fatalf("still cut when truncated, got %v", ps)
	}
}
