package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// fontFor is the font a text is drawn in. Latin text (all of Indonesian,
// English, ticket numbers, the punctuation used here) names Noto Sans
// straight from the theme, so Fyne loads just those two faces; a text that
// Fyne's default chain draws also loads its 4 MB colour emoji font and a
// scan of the system fonts for every style, about 15 MB at start on a
// display PC (issue 12: RSS ≤ 200 MB at 4K). Anything else (an emoji or
// another script in a site's announcement) gets that chain (nil).
func fontFor(s string, style fyne.TextStyle) fyne.Resource {
	for _, r := range s {
		if !notoLatin(r) {
			return nil
		}
	}
	if style.Bold {
		return theme.DefaultTextBoldFont()
	}
	return theme.DefaultTextFont()
}

// notoLatin reports runes Noto Sans draws: Basic Latin, Latin-1, Latin
// Extended-A and B, General Punctuation and currency signs.
func notoLatin(r rune) bool {
	switch {
	case r >= 0x20 && r <= 0x7e, r >= 0xa0 && r <= 0x24f, r >= 0x2000 && r <= 0x206f, r >= 0x20a0 && r <= 0x20bf:
		return true
	}
	return false
}

// measure is the size of s drawn at size in style, in the font fontFor
// picks (the one the text will be drawn in).
func measure(s string, size float32, style fyne.TextStyle) fyne.Size {
	sz, _ := fyne.CurrentApp().Driver().RenderedTextSize(s, size, style, fontFor(s, style))
	return sz
}
