// Package speech turns a call ("A-001 to counter 3") into Indonesian words
// and into the ordered list of recorded clips (assets/sounds/id/<word>.wav)
// that say it, so the hall display can announce calls without a TTS engine.
// It imports no UI toolkit.
package speech

import (
	"strings"
	"unicode"
)

var ones = [...]string{"nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"}

// NumberWords spells n in Indonesian: 3 → "tiga", 11 → "sebelas",
// 12 → "dua belas", 115 → "seratus lima belas", 1900 → "seribu sembilan
// ratus". Works up to the billions; negatives get "minus".
func NumberWords(n int) string {
	if n < 0 {
		return "minus " + NumberWords(-n)
	}
	if n == 0 {
		return "nol"
	}
	return strings.Join(numberWords(n), " ")
}

// numberWords spells n > 0 as a word list.
func numberWords(n int) []string {
	var w []string
	scales := []struct {
		size      int
		name, one string // one is the "se-" form used for exactly 1 of the scale
	}{
		{1_000_000_000, "miliar", "satu miliar"},
		{1_000_000, "juta", "satu juta"},
		{1000, "ribu", "seribu"},
	}
	for _, s := range scales {
		if q := n / s.size; q > 0 {
			if q == 1 {
				w = append(w, strings.Fields(s.one)...)
			} else {
				w = append(w, numberWords(q)...)
				w = append(w, s.name)
			}
			n %= s.size
		}
	}
	return append(w, below1000(n)...)
}

// below1000 spells 0 < n < 1000 (nothing for 0).
func below1000(n int) []string {
	var w []string
	if h := n / 100; h > 0 {
		if h == 1 {
			w = append(w, "seratus")
		} else {
			w = append(w, ones[h], "ratus")
		}
		n %= 100
	}
	switch {
	case n == 0:
	case n < 10:
		w = append(w, ones[n])
	case n == 10:
		w = append(w, "sepuluh")
	case n == 11:
		w = append(w, "sebelas")
	case n < 20:
		w = append(w, ones[n-10], "belas")
	default:
		w = append(w, ones[n/10], "puluh")
		if n%10 != 0 {
			w = append(w, ones[n%10])
		}
	}
	return w
}

// letterNames are the Indonesian names of the Latin letters, as an
// announcer says them (K "ka", Q "ki", X "eks", Z "zet").
var letterNames = [26]string{
	"a", "be", "ce", "de", "e", "ef", "ge", "ha", "i", "je", "ka", "el", "em",
	"en", "o", "pe", "ki", "er", "es", "te", "u", "fe", "we", "eks", "ye", "zet",
}

// LetterName is the Indonesian name of an ASCII letter (either case), or ""
// for anything else.
func LetterName(r rune) string {
	r = unicode.ToUpper(r)
	if r < 'A' || r > 'Z' {
		return ""
	}
	return letterNames[r-'A']
}

// SpellTicket says a ticket number the way a caller reads it: letters by
// their names, digits one by one, a comma between a run of letters and a
// run of digits. Hyphens, spaces and other marks are not spoken.
// "A-001" → "a, nol nol satu"; "KA-012" → "ka a, nol satu dua".
func SpellTicket(number string) string {
	var groups []string
	var cur []string
	kind := 0 // 1 letters, 2 digits
	flush := func() {
		if len(cur) > 0 {
			groups = append(groups, strings.Join(cur, " "))
			cur = nil
		}
	}
	for _, r := range number {
		k, word := 0, ""
		switch {
		case r >= '0' && r <= '9':
			k, word = 2, ones[r-'0']
		case LetterName(r) != "":
			k, word = 1, LetterName(r)
		default:
			continue
		}
		if k != kind {
			flush()
			kind = k
		}
		cur = append(cur, word)
	}
	flush()
	return strings.Join(groups, ", ")
}
