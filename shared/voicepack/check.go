package voicepack

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"

	"antrean/shared/speech"
)

// CheckOptions choose what a pack is checked against; the zero value
// checks the default templates.
type CheckOptions struct {
	Template        string // Indonesian call template; "" = speech.DefaultTemplate
	EnglishTemplate string // English call template; "" = DefaultEnglishTemplate (checked when the pack has en/)
}

// ClipReport is the check of one word of a pack.
type ClipReport struct {
	Lang     string // "id" or "en"
	Word     string // "nomor", "pause", "chime"…
	File     string // path inside the pack; "" when the pack has no file for the word
	Source   Source // what a call plays for the word: FromPack, FromBuiltin, FromSilence, or "" (nothing)
	Format   Format // as recorded (zero when no file or unreadable header)
	Stats    Stats  // of the pack's clip as played (zero when no decodable file)
	Finding  Finding
	Detail   string
	Warnings []string
	Optional bool   // pause or chime: never missing
	Unused   bool   // the template never needs this word (see Suggest)
	Suggest  string // for an unused word: the closest vocabulary word, if close
}

// Report is the result of Check.
type Report struct {
	Pack, Kind                string
	Template, EnglishTemplate string // as checked (defaults filled in)
	English                   bool   // the pack has en/ and it was checked
	Clips                     []ClipReport
	Ignored                   []Ignored
}

// Check judges every word a call can need against p: which words the pack
// says, which are missing (and fall back to the built-in voice), which
// clips are silent, too short, too long or unreadable, and warnings worth
// fixing (silence at the ends, clipping, a word much quieter or louder
// than the rest, a low sample rate). Files the template never needs are
// listed as unused.
func Check(p *Pack, o CheckOptions) Report {
	if strings.TrimSpace(o.Template) == "" {
		o.Template = speech.DefaultTemplate
	}
	if strings.TrimSpace(o.EnglishTemplate) == "" {
		o.EnglishTemplate = DefaultEnglishTemplate
	}
	r := Report{Pack: p.path, Kind: p.kind, Template: o.Template, EnglishTemplate: o.EnglishTemplate, Ignored: p.Ignored()}
	r.Clips = checkLang(p, VocabularyFor(o.Template), []string{speech.Pause, Chime})
	if p.en != nil {
		r.English = true
		r.Clips = append(r.Clips, checkLang(p.en, EnglishVocabularyFor(o.EnglishTemplate), []string{speech.Pause})...)
	}
	return r
}

func checkLang(p *Pack, vocab, optional []string) []ClipReport {
	var out []ClipReport
	need := map[string]bool{}
	row := func(word string) ClipReport {
		need[word] = true
		cr := ClipReport{Lang: p.lang, Word: word}
		_, cr.Source, _ = p.Clip(word)
		if cr.Source == "" && word == speech.Pause {
			cr.Source = FromSilence
		}
		c := p.clips[word]
		if c == nil {
			cr.Finding = Missing
			switch {
			case cr.Source == FromBuiltin:
				cr.Detail = "the built-in voice says it"
			case p.lang == "en":
				cr.Detail = "the English announcement is skipped for calls needing it"
			default:
				cr.Detail = "no built-in clip either: calls needing it cannot be spoken"
			}
			return cr
		}
		cr.File, cr.Format, cr.Stats, cr.Finding, cr.Detail = c.file, c.format, c.stats, c.finding, c.detail
		return cr
	}
	for _, w := range vocab {
		out = append(out, row(w))
	}
	for _, w := range optional {
		cr := row(w)
		cr.Optional = true
		if cr.Finding == Missing {
			cr.Finding, cr.Detail = "", "" // optional: the built-in (or silence) is fine
		}
		out = append(out, cr)
	}
	var unused []string
	for w := range p.clips {
		if !need[w] && p.kind != "builtin" { // the built-in voice serves every template
			unused = append(unused, w)
		}
	}
	sort.Strings(unused)
	for _, w := range unused {
		cr := row(w)
		cr.Unused, cr.Suggest = true, closest(w, vocab)
		out = append(out, cr)
	}
	warn(out)
	return out
}

// warn adds advice to usable pack clips.
func warn(rows []ClipReport) {
	var levels []float64
	for _, r := range rows {
		if r.File != "" && r.Finding == "" && r.Word != speech.Pause && r.Word != Chime && !r.Unused {
			levels = append(levels, r.Stats.RMSDBFS)
		}
	}
	median := math.NaN()
	if len(levels) >= 3 {
		sort.Float64s(levels)
		median = levels[len(levels)/2]
	}
	for i := range rows {
		r := &rows[i]
		if r.File == "" || r.Finding != "" || r.Word == speech.Pause {
			continue
		}
		if r.Stats.Lead > MaxEdgeSilence {
			r.Warnings = append(r.Warnings, fmt.Sprintf("starts with %s of silence: trim it", Secs(r.Stats.Lead)))
		}
		if r.Stats.Trail > MaxEdgeSilence {
			r.Warnings = append(r.Warnings, fmt.Sprintf("ends with %s of silence: trim it", Secs(r.Stats.Trail)))
		}
		if r.Stats.Clipped > 0 {
			r.Warnings = append(r.Warnings, fmt.Sprintf("clipped (distorted) in %d places: record a little softer", r.Stats.Clipped))
		}
		if r.Format.SampleRate < LowSampleRate {
			r.Warnings = append(r.Warnings, fmt.Sprintf("recorded at %d Hz, sounds muffled: record at 44100 or 48000 Hz", r.Format.SampleRate))
		}
		if r.Word != Chime && !r.Unused && !math.IsNaN(median) {
			switch d := r.Stats.RMSDBFS - median; {
			case d < -QuietVsMedianDB:
				r.Warnings = append(r.Warnings, fmt.Sprintf("%.0f dB quieter than the other words", -d))
			case d > QuietVsMedianDB:
				r.Warnings = append(r.Warnings, fmt.Sprintf("%.0f dB louder than the other words", d))
			}
		}
	}
}

// closest is the vocabulary word within two edits of w, or "".
func closest(w string, vocab []string) string {
	best, bestD := "", 3
	for _, v := range vocab {
		if d := editDistance(w, v); d < bestD {
			best, bestD = v, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Count is how many needed words (not unused files) have finding f.
func (r Report) Count(f Finding) int {
	n := 0
	for _, c := range r.Clips {
		if !c.Unused && c.Finding == f {
			n++
		}
	}
	return n
}

// Warnings is the number of warnings over all clips.
func (r Report) Warnings() int {
	n := 0
	for _, c := range r.Clips {
		n += len(c.Warnings)
	}
	return n
}

// Failed says whether the pack should not go on a display as it is: a
// needed clip is silent, too short, too long or unreadable; or a word is
// missing, unless allowMissing accepts the fallback (built-in voice for
// Indonesian, no English repeat for English). A missing Indonesian word
// with no built-in clip (a custom template's word) always fails.
func (r Report) Failed(allowMissing bool) bool {
	for _, c := range r.Clips {
		switch {
		case c.Unused || c.Finding == "":
		case c.Finding != Missing:
			return true
		case !allowMissing, c.Lang == "id" && c.Source == "":
			return true
		}
	}
	return false
}

// WriteText prints the report as a table and a summary.
func (r Report) WriteText(w io.Writer, allowMissing bool) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "Voice pack %s (%s)\nTemplate: %q\n", r.Pack, r.Kind, r.Template)
	if r.English {
		fmt.Fprintf(ew, "English template: %q\n", r.EnglishTemplate)
	}
	fmt.Fprintln(ew)
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "LANG\tWORD\tFILE\tPLAYS\tRECORDED AS\tLENGTH\tPEAK\tRMS\tRESULT")
	for _, c := range r.Clips {
		file, format, length, peak, rms := "-", "-", "-", "-", "-"
		if c.File != "" {
			file = c.File
		}
		if c.Format.SampleRate > 0 {
			format = c.Format.Short()
		}
		if c.Stats.Duration > 0 {
			length, peak, rms = Secs(c.Stats.Duration), DB(c.Stats.PeakDBFS), DB(c.Stats.RMSDBFS)
		}
		src := string(c.Source)
		if src == "" {
			src = "nothing"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.Lang, c.Word, file, src, format, length, peak, rms, c.result())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(r.Ignored) > 0 {
		fmt.Fprintln(ew, "\nIgnored files:")
		for _, ig := range r.Ignored {
			fmt.Fprintf(ew, "  %s: %s\n", ig.File, ig.Reason)
		}
	}
	fmt.Fprintln(ew)
	for _, lang := range r.langs() {
		fmt.Fprintln(ew, r.summary(lang))
	}
	if r.Failed(allowMissing) {
		fmt.Fprintf(ew, "Result: FAIL — %s\n", r.why(allowMissing))
	} else if n := r.Warnings(); n > 0 {
		fmt.Fprintf(ew, "Result: OK with %d warnings\n", n)
	} else {
		fmt.Fprintln(ew, "Result: OK")
	}
	return ew.err
}

// result is the RESULT column of a row.
func (c ClipReport) result() string {
	var s string
	switch {
	case c.Unused && c.Suggest != "":
		s = fmt.Sprintf("not used by the template (did you mean %s.wav?)", c.Suggest)
	case c.Unused:
		s = "not used by the template"
	case c.Finding == Missing:
		s = "MISSING: " + c.Detail
	case c.Finding != "":
		s = strings.ToUpper(string(c.Finding)) + ": " + c.Detail
		if c.Source == FromBuiltin {
			s += "; the built-in voice says it"
		}
	case c.File == "" && c.Optional && c.Source == FromSilence:
		s = fmt.Sprintf("%d ms of silence (optional)", DefaultPause)
	case c.File == "" && c.Optional:
		s = "built-in (optional)"
	default:
		s = "ok"
	}
	if len(c.Warnings) > 0 {
		s += "; " + strings.Join(c.Warnings, "; ")
	}
	return s
}

func (r Report) langs() []string {
	if r.English {
		return []string{"id", "en"}
	}
	return []string{"id"}
}

func (r Report) summary(lang string) string {
	words, recorded := 0, 0
	count := map[Finding]int{}
	unused := 0
	for _, c := range r.Clips {
		switch {
		case c.Lang != lang:
		case c.Unused:
			unused++
		case c.Optional:
		default:
			words++
			if c.File != "" && c.Finding == "" {
				recorded++
			}
			count[c.Finding]++
		}
	}
	name := "Indonesian"
	if lang == "en" {
		name = "English"
	}
	s := fmt.Sprintf("%s: %d words needed, %d said by the pack, %d missing, %d silent, %d too short, %d too long, %d unreadable",
		name, words, recorded, count[Missing], count[Silent], count[TooShort], count[TooLong], count[Unreadable])
	if unused > 0 {
		s += fmt.Sprintf("; %d not used by the template", unused)
	}
	return s
}

func (r Report) why(allowMissing bool) string {
	var parts []string
	miss, noFallback := 0, 0
	for _, c := range r.Clips {
		if !c.Unused && c.Finding == Missing {
			miss++
			if c.Lang == "id" && c.Source == "" {
				noFallback++
			}
		}
	}
	if noFallback > 0 {
		parts = append(parts, fmt.Sprintf("%d words have no clip at all (record them)", noFallback))
	}
	if miss > 0 && !allowMissing {
		parts = append(parts, fmt.Sprintf("%d clips missing (use --allow-missing to accept the built-in voice for them)", miss))
	}
	for _, f := range []Finding{Silent, TooShort, TooLong, Unreadable} {
		if n := r.Count(f); n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, f))
		}
	}
	return strings.Join(parts, ", ")
}

// Short is a compact Format for tables: "48 kHz stereo 24-bit".
func (f Format) Short() string {
	ch := "mono"
	if f.Channels == 2 {
		ch = "stereo"
	}
	s := fmt.Sprintf("%s kHz %s %d-bit", strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.3f", float64(f.SampleRate)/1000), "0"), "."), ch, f.Bits)
	if f.Float {
		s += " float"
	}
	return s
}

// errWriter remembers the first write error so WriteText can return it.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(b []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(b)
	e.err = err
	return n, err
}
