// Package layoutcheck finds the layout faults a citizen sees at once on a
// real monitor: a widget (or part of it) outside the window, two texts drawn
// over each other, and text that is cut (clipped, truncated with "…", or
// wider than its box). It walks a canvas rendered by Fyne's test driver, so
// the apps' layout tests run headless at every monitor size MPPs buy.
package layoutcheck

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Size is a monitor size.
type Size struct {
	Name string // "1366x768"
	W, H float32
}

// Fyne returns the size as a fyne.Size.
func (s Size) Fyne() fyne.Size { return fyne.NewSize(s.W, s.H) }

// Sizes are the monitors MPPs buy: the common cheap touch screen, the old
// 5:4 office monitor, full HD, a full HD TV turned to portrait, and 4K.
var Sizes = []Size{
	{"1366x768", 1366, 768},
	{"1280x1024", 1280, 1024},
	{"1920x1080", 1920, 1080},
	{"1080x1920", 1080, 1920},
	{"3840x2160", 3840, 2160},
}

// Problem is one layout fault.
type Problem struct {
	Kind   string // "outside", "overlap" or "cut"
	Detail string
}

func (p Problem) String() string { return p.Kind + ": " + p.Detail }

// Option tunes a check.
type Option func(*checker)

// Ignore skips these objects and everything inside them (a deliberately
// clipped ticker, a decorative shadow text).
func Ignore(objs ...fyne.CanvasObject) Option {
	return func(c *checker) {
		for _, o := range objs {
			if o != nil {
				c.ignore[o] = true
			}
		}
	}
}

// Screen is the window size the test means: the size of the monitor. Fyne's
// test window grows to fit content that is too large, which would hide the
// fault, so pass the size here (Assert and Check then also report a window
// that grew or content that needs more room than the screen has).
func Screen(s fyne.Size) Option { return func(c *checker) { c.screen = s } }

// Tolerance is how many pixels an object may stick out or two texts may
// touch before it counts (default 1).
func Tolerance(px float32) Option { return func(c *checker) { c.tol = px } }

type rect struct{ x0, y0, x1, y1 float32 }

func (r rect) w() float32 { return r.x1 - r.x0 }
func (r rect) h() float32 { return r.y1 - r.y0 }

func (r rect) intersect(o rect) rect {
	return rect{max(r.x0, o.x0), max(r.y0, o.y0), min(r.x1, o.x1), min(r.y1, o.y1)}
}

func (r rect) empty() bool { return r.w() <= 0 || r.h() <= 0 }

func (r rect) String() string {
	return fmt.Sprintf("(%.0f,%.0f %.0f×%.0f)", r.x0, r.y0, r.w(), r.h())
}

// clip is the visible region an object is drawn in, and the directions in
// which its content can be scrolled into view.
type clip struct {
	r          rect
	scrollX    bool
	scrollY    bool
	fromScroll bool
}

type textBox struct {
	t     *canvas.Text
	r     rect // where the glyphs are drawn, clipped to what is visible
	layer int
	where string
}

type checker struct {
	ignore   map[fyne.CanvasObject]bool
	tol      float32
	screen   fyne.Size
	win      rect
	problems []Problem
	texts    []textBox
}

// Check walks the canvas (content and overlays) and returns every fault.
func Check(c fyne.Canvas, opts ...Option) []Problem {
	ch := &checker{ignore: map[fyne.CanvasObject]bool{}, tol: 1}
	for _, o := range opts {
		o(ch)
	}
	size := c.Size()
	if !ch.screen.IsZero() {
		if size.Width > ch.screen.Width+ch.tol || size.Height > ch.screen.Height+ch.tol {
			ch.add("outside", "the window grew to %.0f×%.0f on a %.0f×%.0f screen: its content does not fit",
				size.Width, size.Height, ch.screen.Width, ch.screen.Height)
		}
		size = ch.screen
	}
	ch.win = rect{0, 0, size.Width, size.Height}
	root := clip{r: ch.win}
	if content := c.Content(); content != nil {
		if min := content.MinSize(); len(ch.problems) == 0 && (min.Width > size.Width+ch.tol || min.Height > size.Height+ch.tol) {
			ch.add("outside", "the content needs %.0f×%.0f but the window is %.0f×%.0f (the window would be larger than the screen)",
				min.Width, min.Height, size.Width, size.Height)
		}
		ch.walk(content, fyne.NewPos(0, 0), root, 0, "", false)
	}
	if ov := c.Overlays(); ov != nil {
		for i, o := range ov.List() {
			ch.walk(o, fyne.NewPos(0, 0), root, i+1, "overlay", false)
		}
	}
	ch.overlaps()
	return ch.problems
}

func (ch *checker) add(kind, format string, args ...any) {
	ch.problems = append(ch.problems, Problem{Kind: kind, Detail: fmt.Sprintf(format, args...)})
}

// children of a container or a widget's renderer.
func children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch x := o.(type) {
	case *fyne.Container:
		return x.Objects
	case fyne.Widget:
		if r := test.WidgetRenderer(x); r != nil {
			return r.Objects()
		}
	}
	return nil
}

func isClip(o fyne.CanvasObject) bool {
	if _, ok := o.(fyne.Scrollable); ok {
		return true
	}
	w, ok := o.(fyne.Widget)
	if !ok {
		return false
	}
	_, clips := test.WidgetRenderer(w).(interface{ IsClip() })
	return clips
}

// walk visits o and its children; once an object is reported outside,
// what it holds is not reported again (quiet is set).
func (ch *checker) walk(o fyne.CanvasObject, offset fyne.Position, cl clip, layer int, path string, quiet bool) {
	if o == nil || !o.Visible() || ch.ignore[o] {
		return
	}
	pos := o.Position().Add(offset)
	size := o.Size()
	r := rect{pos.X, pos.Y, pos.X + size.Width, pos.Y + size.Height}
	name := describe(o)
	here := path
	if name != "" {
		here = strings.TrimPrefix(path+" › "+name, " › ")
	}

	// Only what a person sees or taps is checked for being out of reach;
	// containers and layout widgets may be larger than what they draw.
	if _, tappable := o.(fyne.Tappable); !quiet && (tappable || isLeaf(o)) {
		quiet = ch.checkReach(o, r, cl, here)
	}
	switch x := o.(type) {
	case *canvas.Text:
		ch.addText(x, r, cl, layer, here, quiet)
	case *widget.RichText:
		ch.checkRichText(x, here)
	}

	if isClip(o) {
		n := clip{r: r.intersect(cl.r), fromScroll: true, scrollX: true, scrollY: true}
		if s, ok := o.(*container.Scroll); ok {
			n.scrollX = s.Direction == container.ScrollHorizontalOnly || s.Direction == container.ScrollBoth
			n.scrollY = s.Direction == container.ScrollVerticalOnly || s.Direction == container.ScrollBoth
		}
		cl = n
	}
	for _, child := range children(o) {
		ch.walk(child, pos, cl, layer, here, quiet)
	}
}

// isLeaf reports drawn primitives (not gradients: shadows may stick out).
func isLeaf(o fyne.CanvasObject) bool {
	switch o.(type) {
	case *canvas.Text, *canvas.Image, *canvas.Raster, *canvas.Circle, *canvas.Line, *canvas.Rectangle:
		return true
	}
	return false
}

// checkReach reports o when it lies outside its visible region.
func (ch *checker) checkReach(o fyne.CanvasObject, r rect, cl clip, where string) bool {
	if r.w() <= 0 || r.h() <= 0 {
		return false
	}
	if t, ok := o.(*canvas.Text); ok && strings.TrimSpace(t.Text) == "" {
		return false
	}
	t := ch.tol
	outX := r.x0 < cl.r.x0-t || r.x1 > cl.r.x1+t
	outY := r.y0 < cl.r.y0-t || r.y1 > cl.r.y1+t
	// Content a scroll container can bring into view is reachable.
	if cl.fromScroll {
		outX = outX && !cl.scrollX
		outY = outY && !cl.scrollY
	}
	if outX || outY {
		region := "window " + cl.r.String()
		if cl.fromScroll {
			region = "scroll area " + cl.r.String() + " that cannot scroll that way"
		}
		ch.add("outside", "%s at %s lies outside the %s", where, r, region)
		return true
	}
	return false
}

// glyphs is where the software painter draws a text's glyphs.
func glyphs(t *canvas.Text, r rect) rect {
	min := t.MinSize()
	x := r.x0
	switch t.Alignment {
	case fyne.TextAlignTrailing:
		x = r.x1 - min.Width
	case fyne.TextAlignCenter:
		x = r.x0 + (r.w()-min.Width)/2
	}
	y := r.y0
	if r.h() > min.Height {
		y += (r.h() - min.Height) / 2
	}
	return rect{x, y, x + min.Width, y + min.Height}
}

func (ch *checker) addText(t *canvas.Text, r rect, cl clip, layer int, where string, quiet bool) {
	if strings.TrimSpace(t.Text) == "" {
		return
	}
	g := glyphs(t, r)
	if g.w() > r.w()+ch.tol {
		ch.add("cut", "%s needs %.0f px but its box is %.0f px wide", where, g.w(), r.w())
	}
	vis := g.intersect(cl.r)
	if !quiet && !cl.fromScroll && (vis.w() < g.w()-ch.tol || vis.h() < g.h()-ch.tol) && !vis.empty() {
		ch.add("cut", "%s is clipped by the window edge", where)
	}
	if cl.fromScroll && !vis.empty() && ((vis.w() < g.w()-ch.tol && !cl.scrollX) || (vis.h() < g.h()-ch.tol && !cl.scrollY)) {
		ch.add("cut", "%s is clipped by its scroll area", where)
	}
	if vis.empty() {
		return
	}
	ch.texts = append(ch.texts, textBox{t: t, r: vis, layer: layer, where: where})
}

// checkRichText compares what a rich text (every Label has one) shows with
// its source: rows cut off by truncation, clipping or a too small height
// leave characters out.
func (ch *checker) checkRichText(rt *widget.RichText, where string) {
	src := squash(rt.String())
	if src == "" {
		return
	}
	shown := ""
	for _, o := range children(rt) {
		if t, ok := o.(*canvas.Text); ok && t.Visible() {
			shown += t.Text
		}
	}
	// An ellipsis the text itself has is not a sign of truncation.
	src = strings.ReplaceAll(src, "…", "")
	dots := strings.Count(shown, "…") > strings.Count(rt.String(), "…")
	if s := squash(strings.ReplaceAll(shown, "…", "")); len([]rune(s)) < len([]rune(src)) || dots {
		ch.add("cut", "%s shows %q of %q", where, short(shown), short(rt.String()))
	}
}

func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 48 {
		return string(r[:47]) + "…"
	}
	return s
}

func (ch *checker) overlaps() {
	for i := 0; i < len(ch.texts); i++ {
		for j := i + 1; j < len(ch.texts); j++ {
			a, b := ch.texts[i], ch.texts[j]
			if a.layer != b.layer {
				continue // a dialog may cover the screen under it
			}
			in := a.r.intersect(b.r)
			// Lines of one paragraph touch; a real overlap covers glyphs.
			if in.w() > 2*ch.tol && in.h() > 0.25*min(a.r.h(), b.r.h()) {
				ch.add("overlap", "%s at %s overlaps %s at %s", a.where, a.r, b.where, b.r)
			}
		}
	}
}

// describe names an object for a problem report: its type, and its text
// when it has one.
func describe(o fyne.CanvasObject) string {
	switch x := o.(type) {
	case *fyne.Container:
		return ""
	case *widget.Button:
		return fmt.Sprintf("Button %q", short(x.Text))
	case *widget.Label:
		return "Label"
	case *widget.RichText:
		return ""
	case *canvas.Text:
		return fmt.Sprintf("Text %q", short(x.Text))
	}
	t := reflect.TypeOf(o)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Name()
}

// OutDir is where Save writes: $ANTREAN_LAYOUT_DIR, or a folder in the
// system temp dir.
func OutDir() string {
	if d := os.Getenv("ANTREAN_LAYOUT_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "antrean-layout")
}

// Save writes the canvas as OutDir()/app/name.png for a person to look at
// and returns the path.
func Save(t testing.TB, c fyne.Canvas, app, name string) string {
	t.Helper()
	dir := filepath.Join(OutDir(), app)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("layoutcheck: %v", err)
	}
	path := filepath.Join(dir, name+".png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatalf("layoutcheck: %v", err)
	}
	defer f.Close()
	if err := png.Encode(f, c.Capture()); err != nil {
		t.Fatalf("layoutcheck: %v", err)
	}
	return path
}

// Assert saves the canvas and fails t with every problem found, naming the
// PNG to look at.
func Assert(t testing.TB, c fyne.Canvas, app, name string, opts ...Option) {
	t.Helper()
	path := Save(t, c, app, name)
	probs := Check(c, opts...)
	if len(probs) == 0 {
		return
	}
	var b strings.Builder
	for _, p := range probs {
		b.WriteString("\n  " + p.String())
	}
	t.Errorf("%s: %d layout problem(s) (see %s):%s", name, len(probs), path, b.String())
}
