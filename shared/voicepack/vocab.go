package voicepack

import (
	"sort"
	"strconv"
	"strings"

	"antrean/shared/speech"
)

// MaxCounter is the largest counter number a pack must be able to say.
// MPPs have 50–150 counters; 999 leaves room and stops before "seribu".
const MaxCounter = 999

// ticketLetters are the letters a ticket prefix can hold.
const ticketLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// Vocabulary is every word the default template (speech.DefaultTemplate)
// can need: see VocabularyFor.
func Vocabulary() []string { return VocabularyFor("") }

// VocabularyFor is every clip name speech.Words can produce when template
// ("" = speech.DefaultTemplate) is filled with any ticket made of the
// letters A–Z and digits and any counter 1–MaxCounter: the template's own
// words, the Indonesian letter names, the digits and the number words.
// Sorted, without speech.Pause (a pack may hold pause.wav, see Optional).
//
// It is derived by running real calls through speech.Phrase and
// speech.Words, so it cannot drift from what the display will ask for.
func VocabularyFor(template string) []string {
	return collect(func(ticket string, counter int) []string {
		return speech.Words(speech.Phrase(template, ticket, counter))
	})
}

// Optional are clip names a pack may carry that never count as missing:
// the pause a comma becomes (built-in: 250 ms of silence) and the chime
// before a call.
func Optional() []string { return []string{speech.Pause, Chime} }

// Chime is the clip name of the attention sound played before a call.
const Chime = "chime"

// collect calls words for every letter and digit in a ticket and every
// counter number, and gathers the distinct words. Each word depends on
// one position only, so letters × counters need not be crossed.
func collect(words func(ticket string, counter int) []string) []string {
	set := map[string]bool{}
	add := func(ws []string) {
		for _, w := range ws {
			set[w] = true
		}
	}
	for _, l := range ticketLetters {
		add(words(string(l)+"-0123456789", 1))
	}
	for c := 1; c <= MaxCounter; c++ {
		add(words("A-0", c))
	}
	delete(set, speech.Pause)
	out := make([]string, 0, len(set))
	for w := range set {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

// DefaultEnglishTemplate is the second, English announcement (for zones
// such as immigration). {nomor} and {loket} as in speech.DefaultTemplate.
const DefaultEnglishTemplate = "Number {nomor}, please go to counter {loket}"

var (
	enOnes = [...]string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
		"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	enTens = [...]string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
)

// EnglishNumberWords spells n in English the way a hall announcer says a
// counter: 3 → "three", 21 → "twenty one", 115 → "one hundred fifteen",
// 2026 → "two thousand twenty six". Words are separated by spaces (no
// hyphens, no "and") because each is one clip.
func EnglishNumberWords(n int) string {
	if n < 0 {
		return "minus " + EnglishNumberWords(-n)
	}
	if n == 0 {
		return "zero"
	}
	var w []string
	for _, s := range []struct {
		size int
		name string
	}{{1_000_000_000, "billion"}, {1_000_000, "million"}, {1000, "thousand"}} {
		if q := n / s.size; q > 0 {
			w = append(w, EnglishNumberWords(q), s.name)
			n %= s.size
		}
	}
	if h := n / 100; h > 0 {
		w = append(w, enOnes[h], "hundred")
		n %= 100
	}
	switch {
	case n == 0:
	case n < 20:
		w = append(w, enOnes[n])
	default:
		w = append(w, enTens[n/10])
		if n%10 != 0 {
			w = append(w, enOnes[n%10])
		}
	}
	return strings.Join(w, " ")
}

// EnglishSpellTicket says a ticket number in English: letters by name
// (the clip of "a" says "ay"), digits one by one, a comma between a run of
// letters and a run of digits. "A-001" → "a, zero zero one".
func EnglishSpellTicket(number string) string {
	var groups, cur []string
	kind := 0 // 1 letters, 2 digits
	for _, r := range strings.ToLower(number) {
		k, word := 0, ""
		switch {
		case r >= '0' && r <= '9':
			k, word = 2, enOnes[r-'0']
		case r >= 'a' && r <= 'z':
			k, word = 1, string(r)
		default:
			continue
		}
		if k != kind && len(cur) > 0 {
			groups = append(groups, strings.Join(cur, " "))
			cur = nil
		}
		kind = k
		cur = append(cur, word)
	}
	if len(cur) > 0 {
		groups = append(groups, strings.Join(cur, " "))
	}
	return strings.Join(groups, ", ")
}

// EnglishPhrase fills an English template ("" = DefaultEnglishTemplate):
// "Number a, zero zero one, please go to counter three".
func EnglishPhrase(template, ticketNumber string, counterNumber int) string {
	if strings.TrimSpace(template) == "" {
		template = DefaultEnglishTemplate
	}
	return strings.NewReplacer(
		"{nomor}", EnglishSpellTicket(ticketNumber),
		"{loket}", EnglishNumberWords(counterNumber),
	).Replace(template)
}

// EnglishWords splits an English phrase into clip names like speech.Words
// does for Indonesian, but spells digits in the text in English.
func EnglishWords(phrase string) []string {
	var b, num strings.Builder
	flush := func() {
		if num.Len() == 0 {
			return
		}
		if n, err := strconv.Atoi(num.String()); err == nil {
			b.WriteString(" " + EnglishNumberWords(n))
		} else { // too long for a number: say the digits
			for _, c := range num.String() {
				b.WriteString(" " + enOnes[c-'0'])
			}
		}
		b.WriteString(" ")
		num.Reset()
	}
	for _, r := range phrase {
		if r >= '0' && r <= '9' {
			num.WriteRune(r)
			continue
		}
		flush()
		b.WriteRune(r)
	}
	flush()
	return speech.Words(b.String())
}

// EnglishVocabulary is every word DefaultEnglishTemplate can need.
func EnglishVocabulary() []string { return EnglishVocabularyFor("") }

// EnglishVocabularyFor is every clip name an English call with template
// ("" = DefaultEnglishTemplate) can need, like VocabularyFor.
func EnglishVocabularyFor(template string) []string {
	return collect(func(ticket string, counter int) []string {
		return EnglishWords(EnglishPhrase(template, ticket, counter))
	})
}
