package ui

import (
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// ticker is the running text in the footer. Paged (fps 0, the default) it
// shows whole sentences, one page at a time: a sentence never continues on
// the next page; a long one gets a smaller size or a second line. Scrolling
// (fps > 0) moves each whole message across the footer; it repaints the
// window every frame, which a PC without a GPU may not afford.
type ticker struct {
	lines   [2]*canvas.Text
	box     rect
	fps     int
	pageFor time.Duration

	messages []string
	pages    []page
	idx      int
	at       time.Time // when the current page went up (zero: not yet)

	// scrolling
	msg int
	x   float32
	w   float32
}

// page is what the footer shows at once: one or two lines at one size.
type page struct {
	lines []string
	size  float32
}

func newTicker(fps int, pageFor time.Duration) *ticker {
	t := &ticker{fps: fps, pageFor: pageFor}
	for i := range t.lines {
		t.lines[i] = canvas.NewText("", colInk)
		t.lines[i].TextStyle = fyne.TextStyle{Bold: true}
	}
	t.lines[1].Hide()
	return t
}

func (t *ticker) objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{t.lines[0], t.lines[1]}
}

// setMessages replaces the messages (and restarts) when they changed.
func (t *ticker) setMessages(msgs []string) {
	if strings.Join(msgs, "\x00") == strings.Join(t.messages, "\x00") {
		return
	}
	t.messages = append(t.messages[:0], msgs...)
	t.idx, t.msg, t.at = 0, 0, time.Time{}
	t.x = 0
	t.fit()
}

// place gives the ticker its footer box.
func (t *ticker) place(b rect) {
	t.box = b
	t.fit()
}

// oneLine is the text size of a single line filling the footer.
func (t *ticker) oneLine() float32 { return t.box.H * 0.74 / lineHeight }

// fit cuts the messages into pages for the footer's size and shows the
// current page (or, scrolling, the current message).
func (t *ticker) fit() {
	if t.box.W <= 0 || t.box.H <= 0 {
		return
	}
	if t.fps > 0 {
		l := t.lines[0]
		l.TextSize = t.oneLine()
		l.Text = ""
		if len(t.messages) > 0 {
			l.Text = t.messages[t.msg%len(t.messages)]
		}
		l.FontSource = fontFor(l.Text, l.TextStyle)
		sz := measure(l.Text, l.TextSize, l.TextStyle)
		t.w = sz.Width
		if t.x == 0 || t.x > t.box.W {
			t.x = t.box.W * 0.02
		}
		l.Resize(sz)
		l.Move(fyne.NewPos(t.box.X+t.x, t.box.Y+(t.box.H-sz.Height)/2))
		l.Refresh()
		return
	}
	t.pages = t.pages[:0]
	for _, m := range t.messages {
		t.pages = append(t.pages, paginate(m, t.box.W*0.96, t.oneLine(), t.box.H)...)
	}
	if t.idx >= len(t.pages) {
		t.idx = 0
	}
	t.show()
}

// show draws page idx, centred vertically, left-aligned.
func (t *ticker) show() {
	if len(t.pages) == 0 {
		for _, l := range t.lines {
			l.Text = ""
			l.Hide()
		}
		return
	}
	p := t.pages[t.idx]
	h := float32(len(p.lines)) * p.size * lineHeight
	y := t.box.Y + (t.box.H-h)/2
	for i, l := range t.lines {
		if i >= len(p.lines) {
			l.Text = ""
			l.Hide()
			continue
		}
		l.Text, l.TextSize = p.lines[i], p.size
		l.FontSource = fontFor(l.Text, l.TextStyle)
		sz := measure(l.Text, l.TextSize, l.TextStyle)
		l.Resize(sz)
		l.Move(fyne.NewPos(t.box.X+t.box.W*0.02, y))
		y += sz.Height
		l.Show()
		l.Refresh()
	}
}

// tick turns the page when it has been up long enough; it reports
// whether it did.
func (t *ticker) tick(now time.Time) bool {
	if t.fps > 0 || len(t.pages) == 0 {
		return false
	}
	if t.at.IsZero() {
		t.at = now // the first page gets its full time too
		return false
	}
	if len(t.pages) > 1 && now.Sub(t.at) >= t.pageFor {
		t.at = now
		t.idx = (t.idx + 1) % len(t.pages)
		t.show()
		return true
	}
	return false
}

// step moves scrolling text left; when a message has left the footer the
// next one enters from the right.
func (t *ticker) step() {
	if t.fps <= 0 || t.box.W <= 0 || len(t.messages) == 0 {
		return
	}
	t.x -= t.box.H * 2.2 / float32(t.fps)
	if t.x < -t.w {
		t.msg = (t.msg + 1) % len(t.messages)
		t.x = t.box.W
		t.fit()
		return
	}
	l := t.lines[0]
	l.Move(fyne.NewPos(t.box.X+t.x, l.Position().Y))
	canvas.Refresh(l)
}

// text is what the footer shows now (tests).
func (t *ticker) text() string {
	var s []string
	for _, l := range t.lines {
		if l.Visible() && l.Text != "" {
			s = append(s, l.Text)
		}
	}
	return strings.Join(s, "\n")
}

// lineHeight is a text line's height per unit of text size (Noto Sans).
const lineHeight = 1.362

// paginate cuts one message into pages of whole sentences for a footer
// w wide and h high: consecutive sentences share a page when they fit on
// one line at full size; a sentence too wide for one line is shrunk a
// little, else set on two lines, never split across pages.
func paginate(msg string, w, size, h float32) []page {
	style := fyne.TextStyle{Bold: true}
	width := func(s string, sz float32) float32 { return measure(s, sz, style).Width }
	var pages []page
	var cur string
	flush := func() {
		if cur == "" {
			return
		}
		pages = append(pages, fitPage(cur, w, size, h, width))
		cur = ""
	}
	for _, s := range sentences(msg) {
		if cur != "" && width(cur+" "+s, size) <= w {
			cur += " " + s
			continue
		}
		flush()
		cur = s
	}
	flush()
	return pages
}

// fitPage sets one sentence (or a few short ones) on one page.
func fitPage(s string, w, size, h float32, width func(string, float32) float32) page {
	full := width(s, size)
	if full <= w {
		return page{lines: []string{s}, size: size}
	}
	if shrunk := size * w / full; shrunk >= size*0.8 {
		return page{lines: []string{s}, size: shrunk * 0.995}
	}
	// Two lines, each nearly half the footer; smaller until both fit.
	two := h * 0.47 / lineHeight
	for two > 1 {
		if lines := wrap(s, w, two, width); len(lines) <= 2 {
			return page{lines: lines, size: two}
		}
		two *= 0.95
	}
	return page{lines: []string{s}, size: size * w / full}
}

// wrap cuts s into lines no wider than w at the given text size (a word
// wider than w gets a line of its own).
func wrap(s string, w, size float32, width func(string, float32) float32) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if line != "" && width(try, size) > w {
			lines = append(lines, line)
			line = word
			continue
		}
		line = try
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// sentences splits a message after ".", "!" or "?" followed by a space and
// a capital letter or digit ("pukul 11.30", "lapor.go.id" and
// "SP4N-LAPOR! di" stay whole).
func sentences(msg string) []string {
	words := strings.Fields(msg)
	var out []string
	start := 0
	for i := 0; i < len(words)-1; i++ {
		w := words[i]
		end := w[len(w)-1]
		if end != '.' && end != '!' && end != '?' {
			continue
		}
		next := []rune(words[i+1])[0]
		if unicode.IsUpper(next) || unicode.IsDigit(next) || next == '"' || next == '“' {
			out = append(out, strings.Join(words[start:i+1], " "))
			start = i + 1
		}
	}
	if start < len(words) {
		out = append(out, strings.Join(words[start:], " "))
	}
	return out
}
