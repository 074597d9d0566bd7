package speech

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"antrean/assets"
)

// DefaultTemplate is the announcement when a site sets none.
// {nomor} is the spelled ticket number, {loket} the counter number in words.
const DefaultTemplate = "Nomor antrean, {nomor}, silakan menuju loket {loket}"

// Pause is the clip name a comma turns into (a short silence).
const Pause = "pause"

// ClipPath is the path of a word clip inside the assets FS
// (assets.FS() / assets.ReadFile).
func ClipPath(name string) string { return "sounds/id/" + name + ".wav" }

// ChimePath is the path of the attention chime inside the assets FS.
const ChimePath = "sounds/chime.wav"

// Phrase fills a template: {nomor} → SpellTicket(ticketNumber), {loket} →
// NumberWords(counterNumber). An empty template means DefaultTemplate.
// "Nomor antrean, a, nol nol satu, silakan menuju loket tiga".
func Phrase(template, ticketNumber string, counterNumber int) string {
	if strings.TrimSpace(template) == "" {
		template = DefaultTemplate
	}
	return strings.NewReplacer(
		"{nomor}", SpellTicket(ticketNumber),
		"{loket}", NumberWords(counterNumber),
	).Replace(template)
}

// MissingClipError says which word of a phrase has no recorded clip.
type MissingClipError struct{ Word string }

func (e *MissingClipError) Error() string {
	return fmt.Sprintf("speech: no clip for the word %q (assets/%s)", e.Word, ClipPath(e.Word))
}

// Clips lists, in order, the clip names that say Phrase(template, …):
// words in lower case, "pause" for each comma or sentence mark (never two
// in a row, none at either end), numbers in the template text spelled out.
// It fails with a *MissingClipError naming the first word that has no
// clip in the embedded assets.
func Clips(template, ticketNumber string, counterNumber int) ([]string, error) {
	names := Words(Phrase(template, ticketNumber, counterNumber))
	for _, n := range names {
		if n == Pause {
			continue
		}
		if _, err := fs.Stat(assets.FS(), ClipPath(n)); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, &MissingClipError{Word: n}
			}
			return nil, fmt.Errorf("speech: clip %q: %w", n, err)
		}
	}
	return names, nil
}

// Words splits a phrase into clip names: lower-case words, Pause for each
// comma (or . ; : ! ?), digits spelled as NumberWords. It does not check
// that the clips exist.
func Words(phrase string) []string {
	var out []string
	var word strings.Builder
	addPause := func() {
		if len(out) > 0 && out[len(out)-1] != Pause {
			out = append(out, Pause)
		}
	}
	endWord := func() {
		if word.Len() == 0 {
			return
		}
		w := word.String()
		word.Reset()
		if n, err := strconv.Atoi(w); err == nil {
			out = append(out, strings.Fields(NumberWords(n))...)
			return
		}
		out = append(out, w)
	}
	for _, r := range strings.ToLower(phrase) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word.WriteRune(r)
		case strings.ContainsRune(",.;:!?", r):
			endWord()
			addPause()
		case r == '\'' || r == '’':
			// dropped without splitting the word: Jum'at → jumat
		default:
			endWord()
		}
	}
	endWord()
	if len(out) > 0 && out[len(out)-1] == Pause {
		out = out[:len(out)-1]
	}
	return out
}

// Vocabulary is every word DefaultTemplate can need for any ticket made of
// the letters A–Z and digits, called to counters 1–999, sorted and
// without Pause. scripts/gen-voice.sh records exactly these.
func Vocabulary() []string {
	set := map[string]bool{}
	add := func(words []string) {
		for _, w := range words {
			if w != Pause {
				set[w] = true
			}
		}
	}
	// The template's own words, without its placeholders.
	add(Words(strings.NewReplacer("{nomor}", " ", "{loket}", " ").Replace(DefaultTemplate)))
	add(letterNames[:])
	add(ones[:])
	for n := 1; n <= 999; n++ {
		add(strings.Fields(NumberWords(n)))
	}
	out := make([]string, 0, len(set))
	for w := range set {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}
