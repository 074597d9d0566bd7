package voicepack

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"antrean/shared/speech"
)

const samplePack = "testdata/pack-sample"

// sampleWords are the words recorded in testdata/pack-sample.
var sampleWords = []string{"antrean", "loket", "menuju", "nomor", "silakan", "tiga"}

func mustLoad(t *testing.T, path string) *Pack {
	t.Helper()
	p, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// fileClip is a fixture file's samples (already in the built-in format).
func fileClip(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := speech.ReadWAV(b)
	if err != nil {
		t.Fatal(err)
	}
	return p.Data
}

func builtinClip(t *testing.T, word string) []byte {
	t.Helper()
	p, err := speech.LoadClip(word)
	if err != nil {
		t.Fatal(err)
	}
	return p.Data
}

// The acceptance case: a call spoken from the sample pack uses the
// pack's recordings for the words it has and the built-in clips for the
// rest, byte for byte, in order.
func TestCallFallsBackPerWord(t *testing.T) {
	p := mustLoad(t, samplePack)
	if got := p.Words(); !reflect.DeepEqual(got, sampleWords) {
		t.Fatalf("Words() = %q, want %q", got, sampleWords)
	}
	pcm, pieces, err := p.Call("", "B-013", 3)
	if err != nil {
		t.Fatal(err)
	}
	wantWords := strings.Fields("nomor antrean pause be pause nol satu tiga pause silakan menuju loket tiga")
	var gotWords []string
	var want []byte
	for _, pc := range pieces {
		gotWords = append(gotWords, pc.Word)
		wantSrc := FromBuiltin
		if slices.Contains(sampleWords, pc.Word) {
			wantSrc = FromPack
			want = append(want, fileClip(t, filepath.Join(samplePack, pc.Word+".wav"))...)
		} else {
			want = append(want, builtinClip(t, pc.Word)...)
		}
		if pc.Source != wantSrc {
			t.Errorf("%q came from %s, want %s", pc.Word, pc.Source, wantSrc)
		}
	}
	if !reflect.DeepEqual(gotWords, wantWords) {
		t.Errorf("words %q, want %q", gotWords, wantWords)
	}
	if pcm.SampleRate != speech.SampleRate || pcm.Channels != 1 || pcm.Bits != 16 {
		t.Errorf("rendered as %d Hz %d ch %d bit", pcm.SampleRate, pcm.Channels, pcm.Bits)
	}
	if !bytes.Equal(pcm.Data, want) {
		t.Errorf("rendered %d bytes, not the expected concatenation of %d", len(pcm.Data), len(want))
	}
	// The pack's voice really differs from the built-in one.
	if bytes.Equal(fileClip(t, filepath.Join(samplePack, "nomor.wav")), builtinClip(t, "nomor")) {
		t.Error("fixture nomor.wav is the built-in clip")
	}
}

func TestClipSourcesAndMissing(t *testing.T) {
	p := mustLoad(t, samplePack)
	if _, src, ok := p.Clip("nomor"); !ok || src != FromPack {
		t.Errorf("nomor: %s %v", src, ok)
	}
	if _, src, ok := p.Clip("ka"); !ok || src != FromBuiltin {
		t.Errorf("ka: %s %v", src, ok)
	}
	if _, src, ok := p.Clip(Chime); !ok || src != FromBuiltin {
		t.Errorf("chime: %s %v", src, ok)
	}
	if _, _, ok := p.Clip("harap"); ok {
		t.Error("harap has no clip anywhere")
	}
	miss := p.Missing()
	if len(miss) != len(Vocabulary())-len(sampleWords) {
		t.Errorf("%d missing, want %d", len(miss), len(Vocabulary())-len(sampleWords))
	}
	for _, w := range sampleWords {
		if slices.Contains(miss, w) {
			t.Errorf("%q listed as missing", w)
		}
	}
	if !slices.Contains(miss, "be") || !slices.Contains(miss, "sembilan") {
		t.Errorf("missing should list be and sembilan: %q", miss)
	}
	if p.English() != nil {
		t.Error("sample pack has no en/")
	}
	if _, _, err := p.EnglishCall("", "A-001", 1); !errors.Is(err, ErrNoEnglish) {
		t.Errorf("EnglishCall without en/: %v", err)
	}
	s := p.Summary()
	for _, want := range []string{samplePack, "6 of 47 words recorded", "built-in voice for a, be"} {
		if !strings.Contains(s, want) {
			t.Errorf("Summary() = %q, lacks %q", s, want)
		}
	}
}

func TestBuiltinPack(t *testing.T) {
	b := Builtin()
	if len(b.Missing()) != 0 {
		t.Errorf("built-in voice lacks %q", b.Missing())
	}
	pcm, src, ok := b.Clip("nomor")
	if !ok || src != FromBuiltin || !bytes.Equal(pcm.Data, builtinClip(t, "nomor")) {
		t.Errorf("builtin nomor: %s %v", src, ok)
	}
	if _, src, ok := b.Clip(Chime); !ok || src != FromBuiltin {
		t.Error("builtin chime")
	}
	if b.Summary() != "voice: built-in" || b.Kind() != "builtin" {
		t.Errorf("Summary %q Kind %q", b.Summary(), b.Kind())
	}
	// The same call rendered by the built-in pack equals speech's own clips.
	pcm, _, err := b.Call("", "A-001", 12)
	if err != nil {
		t.Fatal(err)
	}
	names, _ := speech.Clips("", "A-001", 12)
	var want []byte
	for _, n := range names {
		want = append(want, builtinClip(t, n)...)
	}
	if !bytes.Equal(pcm.Data, want) {
		t.Error("builtin render differs from speech.Clips")
	}
}

// Clips that fail the checks are not spoken: their words fall back.
func TestRejectedClipsFallBack(t *testing.T) {
	p := mustLoad(t, "testdata/pack-bad")
	for _, w := range []string{"silakan", "loket", "satu"} {
		pcm, src, ok := p.Clip(w)
		if !ok || src != FromBuiltin || !bytes.Equal(pcm.Data, builtinClip(t, w)) {
			t.Errorf("%s: %s %v, want the built-in clip", w, src, ok)
		}
	}
	if _, src, _ := p.Clip("nomer"); src != FromPack {
		t.Error("an unused but good clip is still in the pack")
	}
	if got := p.Words(); !reflect.DeepEqual(got, []string{"nomer"}) {
		t.Errorf("Words() = %q", got)
	}
	if ig := p.Ignored(); len(ig) != 1 || ig[0].File != "readme.txt" {
		t.Errorf("Ignored() = %+v", ig)
	}
	s := p.Summary()
	for _, want := range []string{"silakan.wav (silent", "loket.wav (too long", "satu.wav (too short", "1 other files ignored"} {
		if !strings.Contains(s, want) {
			t.Errorf("Summary() = %q, lacks %q", s, want)
		}
	}
}

func TestRenderMissingAndPause(t *testing.T) {
	p := mustLoad(t, samplePack)
	_, pieces, err := p.Render([]string{"nomor", "harap", "pause", "tunggu"})
	var me *MissingError
	if !errors.As(err, &me) || !reflect.DeepEqual(me.Words, []string{"harap", "tunggu"}) || me.Lang != "id" {
		t.Fatalf("err = %v, want missing harap, tunggu", err)
	}
	if !strings.Contains(err.Error(), `"harap", "tunggu"`) {
		t.Errorf("message %q", err)
	}
	if len(pieces) != 2 {
		t.Errorf("pieces %+v", pieces)
	}
	// An English pack without pause.wav pauses with silence.
	dir := t.TempDir()
	writePack(t, dir, map[string][]byte{"en/number.wav": voiceWAV(400 * time.Millisecond)})
	en := mustLoad(t, dir).English()
	pcm, pieces, err := en.Render([]string{"number", "pause", "number"})
	if err != nil {
		t.Fatal(err)
	}
	if pieces[1].Source != FromSilence || pieces[0].Source != FromPack {
		t.Errorf("pieces %+v", pieces)
	}
	if want := 2*400*time.Millisecond + DefaultPause*time.Millisecond; absDur(durationOf(pcm)-want) > 2*time.Millisecond {
		t.Errorf("rendered %v, want %v", durationOf(pcm), want)
	}
	if _, _, ok := en.Clip("nomor"); ok {
		t.Error("the English sub-pack has no built-in fallback")
	}
}

func TestEnglishSubPack(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{"nomor.wav": voiceWAV(500 * time.Millisecond)}
	for _, w := range EnglishVocabulary() {
		files["en/"+w+".wav"] = voiceWAV(300 * time.Millisecond)
	}
	writePack(t, dir, files)
	p := mustLoad(t, dir)
	en := p.English()
	if en == nil || en.Lang() != "en" {
		t.Fatal("no English sub-pack")
	}
	if len(en.Missing()) != 0 {
		t.Errorf("English missing %q", en.Missing())
	}
	_, pieces, err := p.EnglishCall("", "KA-012", 115)
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, pc := range pieces {
		words = append(words, pc.Word)
		if pc.Source != FromPack && pc.Source != FromSilence {
			t.Errorf("%q from %s", pc.Word, pc.Source)
		}
	}
	if want := strings.Fields("number k a pause zero one two pause please go to counter one hundred fifteen"); !reflect.DeepEqual(words, want) {
		t.Errorf("English words %q\nwant %q", words, want)
	}
	// Without one word the English call fails whole (no Indonesian mix-in).
	if err := os.Remove(filepath.Join(dir, "en", "fifteen.wav")); err != nil {
		t.Fatal(err)
	}
	_, _, err = mustLoad(t, dir).EnglishCall("", "KA-012", 115)
	var me *MissingError
	if !errors.As(err, &me) || me.Lang != "en" || !reflect.DeepEqual(me.Words, []string{"fifteen"}) {
		t.Errorf("err = %v", err)
	}
	if !strings.Contains(mustLoad(t, dir).Summary(), "English: 59 of 60 words (missing fifteen)") {
		t.Errorf("Summary = %q", mustLoad(t, dir).Summary())
	}
}

// voiceWAV is a speech-like test clip: a loud tone with short fades, in
// the built-in format.
func voiceWAV(d time.Duration) []byte {
	return makeWAV(wavSpec{rate: 22050, channels: 1, bits: 16}, d, sine(330, 0.4))
}

func writePack(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	for name, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func durationOf(p speech.PCM) time.Duration {
	return time.Duration(p.Duration() * float64(time.Second))
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
