package charts

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text is measured, never rendered, here: the widths below are the advance
// widths of DejaVu Sans (per mille of the font size), the widest of the
// fonts the font-family list can resolve to (Arial, Helvetica, Liberation
// Sans and Roboto are all narrower). Layout that fits with these widths
// fits with the real font; the Chromium test checks that on the real thing.
var (
	widthRegular = [95]uint16{
		318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
		636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
		1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
		603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
		500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
		635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
	}
	widthBold = [95]uint16{
		348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365,
		696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580,
		1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850,
		733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500,
		500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687,
		716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
	}
)

// fontFamily resolves to Arial on Windows, Helvetica on macOS and Liberation
// or DejaVu Sans on Linux; all are no wider than the table above.
const fontFamily = "Arial, Helvetica, Liberation Sans, DejaVu Sans, sans-serif"

// textWidth estimates the rendered width in px of s at size px.
func textWidth(s string, size float64, bold bool) float64 {
	table := &widthRegular
	if bold {
		table = &widthBold
	}
	total := 0
	for _, r := range s {
		switch {
		case r >= 32 && r < 127:
			total += int(table[r-32])
		case r == '…' || r == '—':
			total += 1000
		case isWide(r):
			total += 1000
		case unicode.Is(unicode.Mn, r): // combining marks take no room
		default:
			total += 780 // accented Latin, Arabic, other scripts: generous
		}
	}
	return float64(total) * size / 1000
}

// isWide reports East Asian wide characters and emoji (one em each).
func isWide(r rune) bool {
	return r >= 0x1100 && (r <= 0x115F || (r >= 0x2E80 && r <= 0xA4CF) ||
		(r >= 0xAC00 && r <= 0xD7A3) || (r >= 0xF900 && r <= 0xFAFF) ||
		(r >= 0xFE30 && r <= 0xFE4F) || (r >= 0xFF00 && r <= 0xFF60) ||
		(r >= 0xFFE0 && r <= 0xFFE6) || (r >= 0x1F300 && r <= 0x1FAFF) ||
		(r >= 0x20000 && r <= 0x3FFFD))
}

// clean makes a label safe to measure and to put in XML: invalid UTF-8
// and characters XML 1.0 forbids become U+FFFD, control characters and
// line breaks become spaces, runs of spaces collapse, ends are trimmed.
func clean(s string) string {
	var b strings.Builder
	space := false
	for i, w := 0, 0; i < len(s); i += w {
		r, n := utf8.DecodeRuneInString(s[i:])
		w = n
		switch {
		case r == utf8.RuneError && n <= 1:
			r = '\uFFFD'
		case r == 0xFFFE || r == 0xFFFF || (r >= 0xD800 && r <= 0xDFFF):
			r = '\uFFFD'
		case r < 0x20 || (r >= 0x7F && r <= 0x9F) || r == 0x2028 || r == 0x2029 || unicode.IsSpace(r):
			r = ' '
		}
		if r == ' ' {
			if !space && b.Len() > 0 {
				space = true
			}
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// escape writes s as XML character data or an attribute value. s must have
// been through clean.
func escape(s string) string {
	if !strings.ContainsAny(s, `&<>"'`) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#39;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fit shortens s with an ellipsis until it is at most max px wide at size.
// ok is false when s had to be shortened (the caller then adds a <title>
// with the full text).
func fit(s string, max, size float64, bold bool) (out string, ok bool) {
	if textWidth(s, size, bold) <= max {
		return s, true
	}
	rs := []rune(s)
	// No glyph is narrower than a quarter em, so longer tails can go
	// before measuring (keeps a 10,000-character name cheap).
	if limit := int(max/(0.25*size)) + 2; len(rs) > limit {
		rs = rs[:limit]
	}
	ell := textWidth("…", size, bold)
	for n := len(rs) - 1; n > 0; n-- {
		head := strings.TrimRight(string(rs[:n]), " ,.-–(/")
		if head != "" && textWidth(head, size, bold)+ell <= max {
			return head + "…", false
		}
	}
	if ell <= max {
		return "…", false
	}
	return "", false
}
