package voicepack

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
)

func rowOf(t *testing.T, r Report, lang, word string) ClipReport {
	t.Helper()
	for _, c := range r.Clips {
		if c.Lang == lang && c.Word == word {
			return c
		}
	}
	t.Fatalf("no %s row for %q", lang, word)
	return ClipReport{}
}

// The bad fixture: the checker finds the silent, too long and too short
// clips, the misspelt file and the readme, and fails even with
// --allow-missing.
func TestCheckFindsBadClips(t *testing.T) {
	r := Check(mustLoad(t, "testdata/pack-bad"), CheckOptions{})
	cases := map[string]Finding{"silakan": Silent, "loket": TooLong, "satu": TooShort, "nomor": Missing, "be": Missing}
	for w, want := range cases {
		c := rowOf(t, r, "id", w)
		if c.Finding != want {
			t.Errorf("%s: %q (%s), want %q", w, c.Finding, c.Detail, want)
		}
		if c.Source != FromBuiltin {
			t.Errorf("%s plays %s, want the built-in clip", w, c.Source)
		}
	}
	if c := rowOf(t, r, "id", "silakan"); c.Stats.PeakDBFS > -70 || c.Stats.Duration < 590*time.Millisecond {
		t.Errorf("silakan stats %+v", c.Stats)
	}
	if c := rowOf(t, r, "id", "loket"); c.Format.SampleRate != 8000 || c.Format.Bits != 8 || c.Stats.Duration != 4*time.Second {
		t.Errorf("loket: %v %v", c.Format, c.Stats.Duration)
	}
	if c := rowOf(t, r, "id", "nomer"); !c.Unused || c.Suggest != "nomor" {
		t.Errorf("nomer: %+v", c)
	}
	if r.Count(Silent) != 1 || r.Count(TooLong) != 1 || r.Count(TooShort) != 1 || r.Count(Missing) != 44 {
		t.Errorf("counts: silent %d long %d short %d missing %d", r.Count(Silent), r.Count(TooLong), r.Count(TooShort), r.Count(Missing))
	}
	if !r.Failed(false) || !r.Failed(true) {
		t.Error("a pack with a silent clip fails, --allow-missing or not")
	}
	var out bytes.Buffer
	if err := r.WriteText(&out, true); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"LANG  WORD      FILE         PLAYS    RECORDED AS",
		"silakan.wav  builtin  22.05 kHz mono 16-bit  0.60 s  -78.3 dB  -88.2 dB  SILENT: peak -78.3 dB",
		"loket.wav    builtin  8 kHz mono 8-bit       4.00 s",
		"TOO LONG: 4.00 s; at most 3.00 s; the built-in voice says it",
		"TOO SHORT: 0.04 s; at least 0.08 s",
		"not used by the template (did you mean nomor.wav?)",
		"readme.txt: not a .wav file",
		"Indonesian: 47 words needed, 0 said by the pack, 44 missing, 1 silent, 1 too short, 1 too long, 0 unreadable; 1 not used by the template",
		"Result: FAIL — 1 silent, 1 too short, 1 too long\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestCheckSampleAndBuiltin(t *testing.T) {
	r := Check(mustLoad(t, samplePack), CheckOptions{})
	if !r.Failed(false) || r.Failed(true) {
		t.Errorf("sample pack: Failed(false)=%v Failed(true)=%v, want true, false", r.Failed(false), r.Failed(true))
	}
	for _, w := range sampleWords {
		if c := rowOf(t, r, "id", w); c.Finding != "" || c.Source != FromPack || len(c.Warnings) != 0 {
			t.Errorf("%s: %+v", w, c)
		}
	}
	if c := rowOf(t, r, "id", "pause"); !c.Optional || c.Finding != "" || c.Source != FromBuiltin {
		t.Errorf("pause: %+v", c)
	}
	var out bytes.Buffer
	r.WriteText(&out, false)
	if !strings.Contains(out.String(), "Result: FAIL — 41 clips missing (use --allow-missing to accept the built-in voice for them)") {
		t.Errorf("report:\n%s", out.String())
	}
	out.Reset()
	r.WriteText(&out, true)
	if !strings.HasSuffix(out.String(), "Result: OK\n") {
		t.Errorf("report with --allow-missing:\n%s", out.String())
	}

	b := Check(Builtin(), CheckOptions{})
	if b.Failed(false) || b.Warnings() != 0 || b.Count(Missing) != 0 {
		t.Errorf("built-in voice: failed %v, %d warnings, %d missing", b.Failed(false), b.Warnings(), b.Count(Missing))
	}
}

// A custom template word with no clip anywhere cannot be spoken: it fails
// even with --allow-missing. Recording it fixes that.
func TestCheckCustomTemplate(t *testing.T) {
	tmpl := "Nomor {nomor}, harap ke loket {loket}"
	dir := t.TempDir()
	writePack(t, dir, map[string][]byte{"nomor.wav": voiceWAV(400 * time.Millisecond)})
	r := Check(mustLoad(t, dir), CheckOptions{Template: tmpl})
	if c := rowOf(t, r, "id", "harap"); c.Finding != Missing || c.Source != "" {
		t.Errorf("harap: %+v", c)
	}
	if !r.Failed(true) {
		t.Error("a word nothing can say must fail even with --allow-missing")
	}
	var out bytes.Buffer
	r.WriteText(&out, true)
	for _, want := range []string{"nothing", "MISSING: no built-in clip either", "2 words have no clip at all (record them)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	writePack(t, dir, map[string][]byte{"harap.wav": voiceWAV(400 * time.Millisecond), "ke.wav": voiceWAV(300 * time.Millisecond)})
	if r := Check(mustLoad(t, dir), CheckOptions{Template: tmpl}); r.Failed(true) {
		t.Error("with harap.wav and ke.wav recorded the pack passes with --allow-missing")
	}
}

// Warnings: silence at the ends, clipping, a word much quieter than the
// others, a low sample rate. They do not fail the check.
func TestCheckWarnings(t *testing.T) {
	spec := wavSpec{rate: 22050, channels: 1, bits: 16}
	padded := func(t float64) float64 {
		if t < 0.5 {
			return 0
		}
		return 0.4 * math.Sin(2*math.Pi*300*t)
	}
	dir := t.TempDir()
	writePack(t, dir, map[string][]byte{
		"nomor.wav":   voiceWAV(400 * time.Millisecond),
		"antrean.wav": voiceWAV(500 * time.Millisecond),
		"loket.wav":   voiceWAV(400 * time.Millisecond),
		"tiga.wav":    makeWAV(spec, 900*time.Millisecond, padded),
		"satu.wav":    makeWAV(spec, 400*time.Millisecond, sine(300, 1.2)),
		"dua.wav":     makeWAV(spec, 400*time.Millisecond, sine(300, 0.02)),
		"lima.wav":    makeWAV(wavSpec{rate: 8000, channels: 1, bits: 16}, 400*time.Millisecond, sine(300, 0.4)),
	})
	r := Check(mustLoad(t, dir), CheckOptions{})
	want := map[string]string{
		"tiga": "starts with 0.50 s of silence: trim it",
		"satu": "clipped (distorted) in",
		"dua":  "dB quieter than the other words",
		"lima": "recorded at 8000 Hz, sounds muffled",
	}
	for w, s := range want {
		c := rowOf(t, r, "id", w)
		if c.Finding != "" || !strings.Contains(strings.Join(c.Warnings, "; "), s) {
			t.Errorf("%s: finding %q, warnings %q, want %q", w, c.Finding, c.Warnings, s)
		}
	}
	if c := rowOf(t, r, "id", "nomor"); len(c.Warnings) != 0 {
		t.Errorf("nomor: %q", c.Warnings)
	}
	if r.Failed(true) {
		t.Error("warnings alone do not fail")
	}
	var out bytes.Buffer
	r.WriteText(&out, true)
	if !strings.Contains(out.String(), "Result: OK with 4 warnings") {
		t.Errorf("report:\n%s", out.String())
	}
}

func TestCheckEnglish(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{}
	for _, w := range EnglishVocabulary() {
		if w != "twelve" {
			files["en/"+w+".wav"] = voiceWAV(300 * time.Millisecond)
		}
	}
	files["en/numbre.wav"] = voiceWAV(300 * time.Millisecond)
	writePack(t, dir, files)
	r := Check(mustLoad(t, dir), CheckOptions{})
	if !r.English {
		t.Fatal("English not checked")
	}
	if c := rowOf(t, r, "en", "twelve"); c.Finding != Missing || c.Source != "" || !strings.Contains(c.Detail, "English announcement is skipped") {
		t.Errorf("twelve: %+v", c)
	}
	if c := rowOf(t, r, "en", "numbre"); !c.Unused || c.Suggest != "number" {
		t.Errorf("numbre: %+v", c)
	}
	if c := rowOf(t, r, "en", "pause"); c.Source != FromSilence || c.Finding != "" || c.result() != "250 ms of silence (optional)" {
		t.Errorf("English pause: %+v %q", c, c.result())
	}
	if !r.Failed(false) || r.Failed(true) {
		t.Errorf("Failed(false)=%v Failed(true)=%v", r.Failed(false), r.Failed(true))
	}
	var out bytes.Buffer
	r.WriteText(&out, true)
	for _, want := range []string{`English template: "Number {nomor}, please go to counter {loket}"`,
		"English: 60 words needed, 59 said by the pack, 1 missing"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestFormatShort(t *testing.T) {
	cases := map[Format]string{
		{SampleRate: 22050, Channels: 1, Bits: 16}:              "22.05 kHz mono 16-bit",
		{SampleRate: 44100, Channels: 2, Bits: 24}:              "44.1 kHz stereo 24-bit",
		{SampleRate: 48000, Channels: 1, Bits: 32, Float: true}: "48 kHz mono 32-bit float",
	}
	for f, want := range cases {
		if got := f.Short(); got != want {
			t.Errorf("%v.Short() = %q, want %q", f, got, want)
		}
	}
}
