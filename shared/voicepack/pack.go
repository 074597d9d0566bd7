// Package voicepack lets a site replace the hall display's built-in
// espeak-ng voice with its own recordings: a folder, .zip or .tar.gz of
// WAV clips named by word (nomor.wav, antrean.wav, be.wav, tiga.wav…),
// optionally chime.wav, pause.wav and an en/ folder for a second,
// English announcement.
//
// Load converts every clip to the built-in format (22050 Hz mono 16-bit)
// and judges it; a word whose clip is missing, silent, too short, too long
// or unreadable falls back to the built-in clip, so a call is always
// spoken whole. Check reports all of this per word; Schedule and
// ApplyGain set the volume by time of day. The package imports no UI
// toolkit and builds without cgo.
package voicepack

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"antrean/assets"
	"antrean/shared/speech"
)

// Source says where a spoken clip came from.
type Source string

const (
	FromPack    Source = "pack"    // the site's recording
	FromBuiltin Source = "builtin" // the embedded espeak-ng clip
	FromSilence Source = "silence" // a pause no clip covers: DefaultPause of silence
)

// DefaultPause is what a comma sounds like when no pause clip exists.
const DefaultPause = 250 // milliseconds

// A Pack is a voice: one clip per word. It is immutable once loaded and
// safe for concurrent use.
type Pack struct {
	path     string // as given to Load; "builtin" for Builtin()
	kind     string // "folder", "zip", "tar.gz" or "builtin"
	lang     string // "id", or "en" for an English sub-pack
	clips    map[string]*clip
	fallback *Pack // Builtin() for an Indonesian pack, nil otherwise
	en       *Pack
	ignored  []Ignored
}

// clip is one file of a pack, converted and judged.
type clip struct {
	file    string // path inside the pack, e.g. "en/number.wav"
	format  Format // as recorded
	pcm     speech.PCM
	stats   Stats
	finding Finding // "" = spoken
	detail  string
}

func (c *clip) usable() bool { return c != nil && c.finding == "" }

// Ignored is a file of a pack that is not a clip, and why.
type Ignored struct{ File, Reason string }

var builtin = sync.OnceValue(func() *Pack {
	p := &Pack{path: "builtin", kind: "builtin", lang: "id", clips: map[string]*clip{}}
	add := func(word, file string) {
		b, err := assets.ReadFile(file)
		if err != nil {
			return
		}
		c := &clip{file: file}
		if c.format, c.pcm, err = decodeWAV(b); err != nil {
			c.finding, c.detail = Unreadable, err.Error()
		} else {
			c.stats = Measure(c.pcm)
		}
		p.clips[word] = c
	}
	dir := path.Dir(speech.ClipPath("x"))
	entries, _ := fs.ReadDir(assets.FS(), dir)
	for _, e := range entries {
		if w, ok := strings.CutSuffix(e.Name(), ".wav"); ok && !e.IsDir() {
			add(w, speech.ClipPath(w))
		}
	}
	add(Chime, speech.ChimePath)
	return p
})

// Builtin is the voice embedded in every binary (assets/sounds, made by
// scripts/gen-voice.sh). Its clips report FromBuiltin.
func Builtin() *Pack { return builtin() }

// Name is the path the pack was loaded from, or "builtin".
func (p *Pack) Name() string { return p.path }

// Kind is "folder", "zip", "tar.gz" or "builtin".
func (p *Pack) Kind() string { return p.kind }

// Lang is "id", or "en" for the English sub-pack.
func (p *Pack) Lang() string { return p.lang }

// English is the pack's en/ sub-pack for a second announcement, or nil.
// It has no built-in fallback: a call needing a word it lacks cannot be
// said in English (see EnglishCall).
func (p *Pack) English() *Pack {
	if p == nil {
		return nil
	}
	return p.en
}

// Clip is the clip that says word ("nomor", "pause", "chime"…) and where
// it comes from: the pack's own recording when it has a usable one, else
// the built-in clip (Indonesian only). ok is false when neither exists.
func (p *Pack) Clip(word string) (pcm speech.PCM, source Source, ok bool) {
	if p == nil {
		return speech.PCM{}, "", false
	}
	if c := p.clips[word]; c.usable() {
		if p.kind == "builtin" {
			return c.pcm, FromBuiltin, true
		}
		return c.pcm, FromPack, true
	}
	if p.fallback != nil {
		return p.fallback.Clip(word)
	}
	return speech.PCM{}, "", false
}

// Words lists the words the pack itself says (usable clips, including
// pause and chime if present), sorted.
func (p *Pack) Words() []string {
	var out []string
	for w, c := range p.clips {
		if c.usable() {
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return out
}

// Missing lists the words of the default vocabulary the pack does not say
// itself (no file, or a file Check rejects): for an Indonesian pack these
// fall back to the built-in voice. See MissingFrom for other templates.
func (p *Pack) Missing() []string {
	if p.lang == "en" {
		return p.MissingFrom(EnglishVocabulary())
	}
	return p.MissingFrom(Vocabulary())
}

// MissingFrom lists the words of vocab the pack does not say itself.
func (p *Pack) MissingFrom(vocab []string) []string {
	var out []string
	for _, w := range vocab {
		if !p.clips[w].usable() {
			out = append(out, w)
		}
	}
	return out
}

// Ignored lists the files of the pack that are not clips (wrong name,
// not a WAV, in a sub-folder, duplicate), with the reason.
func (p *Pack) Ignored() []Ignored { return append([]Ignored(nil), p.ignored...) }

// Piece is one clip of a rendered phrase and where it came from.
type Piece struct {
	Word   string
	Source Source
}

// MissingError lists the words of a phrase that no clip says.
type MissingError struct {
	Lang  string
	Words []string
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("voicepack: no %s clip for %s", e.Lang, strings.Join(quoteAll(e.Words), ", "))
}

// ErrNoEnglish is returned by EnglishCall for a pack without en/.
var ErrNoEnglish = errors.New("voicepack: the pack has no English clips (en/ folder)")

// Render joins the clips that say words (as speech.Words or EnglishWords
// give them) into one clip in the built-in format, and tells where each
// came from. A pause with no clip is DefaultPause of silence. When some
// word has no clip at all it returns a *MissingError naming every such
// word, and the pieces it did find.
func (p *Pack) Render(words []string) (speech.PCM, []Piece, error) {
	parts := make([]speech.PCM, 0, len(words))
	pieces := make([]Piece, 0, len(words))
	var missing []string
	for _, w := range words {
		pcm, src, ok := p.Clip(w)
		if !ok && w == speech.Pause {
			pcm, src, ok = silence(DefaultPause), FromSilence, true
		}
		if !ok {
			missing = append(missing, w)
			continue
		}
		parts = append(parts, pcm)
		pieces = append(pieces, Piece{Word: w, Source: src})
	}
	if len(missing) > 0 {
		return speech.PCM{}, pieces, &MissingError{Lang: p.lang, Words: missing}
	}
	out, err := speech.Join(parts...)
	return out, pieces, err
}

// Call renders the Indonesian announcement of a call: speech.Phrase with
// template ("" = speech.DefaultTemplate), without the chime (see
// Clip(Chime)).
func (p *Pack) Call(template, ticketNumber string, counterNumber int) (speech.PCM, []Piece, error) {
	return p.Render(speech.Words(speech.Phrase(template, ticketNumber, counterNumber)))
}

// EnglishCall renders the English announcement (EnglishPhrase with
// template, "" = DefaultEnglishTemplate) from the en/ sub-pack. It fails
// with ErrNoEnglish or a *MissingError rather than mixing in Indonesian
// words: the display then skips the English repeat.
func (p *Pack) EnglishCall(template, ticketNumber string, counterNumber int) (speech.PCM, []Piece, error) {
	if p.English() == nil {
		return speech.PCM{}, nil, ErrNoEnglish
	}
	return p.en.Render(EnglishWords(EnglishPhrase(template, ticketNumber, counterNumber)))
}

// Summary is one line for a display's start-up log: how much of the
// default vocabulary the pack says, which words fall back, which files
// were rejected or ignored.
func (p *Pack) Summary() string {
	if p.kind == "builtin" {
		return "voice: built-in"
	}
	var b strings.Builder
	voc := Vocabulary()
	miss := p.MissingFrom(voc)
	fmt.Fprintf(&b, "voice pack %s (%s): %d of %d words recorded", p.path, p.kind, len(voc)-len(miss), len(voc))
	if len(miss) > 0 {
		fmt.Fprintf(&b, "; built-in voice for %s", strings.Join(abbrev(miss, 12), ", "))
	}
	if r := p.rejected(); len(r) > 0 {
		fmt.Fprintf(&b, "; not used: %s", strings.Join(abbrev(r, 6), "; "))
	}
	if len(p.ignored) > 0 {
		fmt.Fprintf(&b, "; %d other files ignored", len(p.ignored))
	}
	if en := p.en; en != nil {
		voc := EnglishVocabulary()
		miss := en.MissingFrom(voc)
		fmt.Fprintf(&b, "; English: %d of %d words", len(voc)-len(miss), len(voc))
		if len(miss) > 0 {
			fmt.Fprintf(&b, " (missing %s)", strings.Join(abbrev(miss, 12), ", "))
		}
		if r := en.rejected(); len(r) > 0 {
			fmt.Fprintf(&b, "; not used: %s", strings.Join(abbrev(r, 6), "; "))
		}
	}
	return b.String()
}

// rejected describes the pack's files that are not spoken.
func (p *Pack) rejected() []string {
	var out []string
	for _, c := range p.clips {
		if !c.usable() {
			out = append(out, fmt.Sprintf("%s (%s: %s)", c.file, c.finding, c.detail))
		}
	}
	sort.Strings(out)
	return out
}

// abbrev keeps the first n items and says how many more there are.
func abbrev(items []string, n int) []string {
	if len(items) <= n {
		return items
	}
	return append(append([]string(nil), items[:n]...), fmt.Sprintf("… %d more", len(items)-n))
}

func quoteAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = fmt.Sprintf("%q", w)
	}
	return out
}

// silence is ms milliseconds of silence in the built-in format.
func silence(ms int) speech.PCM {
	return speech.PCM{SampleRate: speech.SampleRate, Channels: speech.Channels, Bits: speech.Bits,
		Data: make([]byte, speech.SampleRate*ms/1000*2)}
}
