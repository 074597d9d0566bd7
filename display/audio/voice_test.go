package audio

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"antrean/assets"
	"antrean/shared/api"
	"antrean/shared/speech"
	"antrean/shared/voicepack"
)

const samplePack = "../../shared/voicepack/testdata/pack-sample"

// recorder is the player's output seam: it keeps what would be played.
type recorder struct {
	mu  sync.Mutex
	got []Utterance
}

func (r *recorder) out(_ context.Context, u Utterance) error {
	r.mu.Lock()
	r.got = append(r.got, u)
	r.mu.Unlock()
	return nil
}

func (r *recorder) list() []Utterance {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Utterance(nil), r.got...)
}

func pieceList(ps []voicepack.Piece) string {
	var b []string
	for _, p := range ps {
		b = append(b, p.Word+"="+string(p.Source))
	}
	return strings.Join(b, " ")
}

func newTestPlayer(t *testing.T, v Voice, now time.Time, rec *recorder) *ExecPlayer {
	t.Helper()
	p, err := NewExecPlayer("")
	if err != nil {
		t.Fatal(err)
	}
	p.Synth = func(context.Context, string) ([]byte, error) {
		t.Error("espeak-ng used although a pack is set")
		return nil, fmt.Errorf("no")
	}
	p.Out = rec.out
	p.Now = func() time.Time { return now }
	p.Logf = t.Logf
	p.SetVoice(v)
	return p
}

// The sample pack (six words at another pitch) speaks its words; every
// other word of the call comes from the built-in voice, in order, and the
// bytes heard are the pack's own recording.
func TestPackSpeaksItsWordsAndFallsBack(t *testing.T) {
	pack, err := voicepack.Load(samplePack)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	p := newTestPlayer(t, Voice{Pack: pack}, time.Now(), rec)
	a := New(p, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go a.Run(ctx)
	a.Enqueue(api.Call{Number: "A-001", CounterNumber: 3})
	waitFor(t, "one play", func() bool { return len(rec.list()) == 1 })
	u := rec.list()[0]
	want := "chime=builtin nomor=pack antrean=pack pause=builtin a=builtin pause=builtin nol=builtin nol=builtin satu=builtin pause=builtin silakan=pack menuju=pack loket=pack tiga=pack"
	if got := pieceList(u.Pieces); got != want {
		t.Fatalf("pieces\n got %s\nwant %s", got, want)
	}
	// What is heard: the built-in chime, then the pack's "nomor", and
	// the built-in "satu" somewhere after it.
	s, err := pcm(u.WAV)
	if err != nil {
		t.Fatal(err)
	}
	nomor, _, _ := pack.Clip("nomor")
	off := len(p.chime) + len(silence(200))
	if !bytes.Equal(s[off:off+len(nomor.Data)], nomor.Data) {
		t.Fatal("the word after the chime is not the pack's recording of nomor")
	}
	builtinNomor, _ := speech.LoadClip("nomor")
	if bytes.Equal(nomor.Data, builtinNomor.Data) {
		t.Fatal("fixture: the pack's nomor is the built-in clip")
	}
	satu, _ := speech.LoadClip("satu")
	if !bytes.Contains(s, satu.Data) {
		t.Fatal("the built-in satu is not in the announcement")
	}
	if u.Gain != 1 || u.English {
		t.Fatalf("gain %v english %v", u.Gain, u.English)
	}
}

// Without a pack and without espeak-ng the whole call is built-in.
func TestBuiltinVoiceWithoutPack(t *testing.T) {
	rec := &recorder{}
	p := newTestPlayer(t, Voice{}, time.Now(), rec)
	p.Synth = nil
	if err := p.Play(context.Background(), api.Call{Number: "B-012", CounterNumber: 2}); err != nil {
		t.Fatal(err)
	}
	for _, pc := range rec.list()[0].Pieces {
		if pc.Source != voicepack.FromBuiltin {
			t.Fatalf("piece %v not built-in", pc)
		}
	}
}

func peak(t *testing.T, wav []byte) int {
	t.Helper()
	s, err := pcm(wav)
	if err != nil {
		t.Fatal(err)
	}
	m := 0
	for i := 0; i+1 < len(s); i += 2 {
		v := int(int16(uint16(s[i]) | uint16(s[i+1])<<8))
		m = max(m, v, -v)
	}
	return m
}

// The volume schedule scales chime and voice by the clock time of the call.
func TestVolumeScheduleByClock(t *testing.T) {
	sched, err := voicepack.ParseSchedule("07:00-12:00=100,12:00-16:00=50,16:00-07:00=-12dB")
	if err != nil {
		t.Fatal(err)
	}
	wib := time.FixedZone("WIB", 7*3600)
	call := api.Call{Number: "A-001", CounterNumber: 3}
	levels := map[string]float64{}
	for _, tc := range []struct {
		clock string
		gain  float64
	}{{"09:30", 1}, {"12:00", 0.125}, {"15:59", 0.125}, {"16:00", 0.2512}, {"06:59", 0.2512}} {
		var hh, mm int
		fmt.Sscanf(tc.clock, "%d:%d", &hh, &mm)
		now := time.Date(2026, 12, 2, hh, mm, 0, 0, wib)
		rec := &recorder{}
		p := newTestPlayer(t, Voice{Volume: sched}, now, rec)
		p.Synth = nil
		if err := p.Play(context.Background(), call); err != nil {
			t.Fatal(err)
		}
		if err := p.PlayChime(context.Background()); err != nil {
			t.Fatal(err)
		}
		u, ch := rec.list()[0], rec.list()[1]
		if d := u.Gain - tc.gain; d > 0.001 || d < -0.001 {
			t.Errorf("%s: gain %v, want %v", tc.clock, u.Gain, tc.gain)
		}
		if ch.Gain != u.Gain {
			t.Errorf("%s: chime gain %v, call gain %v", tc.clock, ch.Gain, u.Gain)
		}
		levels[tc.clock] = float64(peak(t, u.WAV))
		levels[tc.clock+" chime"] = float64(peak(t, ch.WAV))
	}
	for _, k := range []string{"12:00", "16:00", "12:00 chime", "16:00 chime"} {
		full := levels["09:30"]
		if strings.HasSuffix(k, "chime") {
			full = levels["09:30 chime"]
		}
		want := full * map[string]float64{"12:00": 0.125, "16:00": 0.2512}[strings.Fields(k)[0]]
		if d := levels[k] - want; d > 2 || d < -2 {
			t.Errorf("%s: peak %v, want %v (full %v)", k, levels[k], want, full)
		}
	}
}

// englishPack is the sample pack plus an en/ folder that says every word
// of "Number b, zero zero seven, please go to counter three" (built-in
// clips under English names: the bytes do not matter here).
func englishPack(t *testing.T) *voicepack.Pack {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(samplePack)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(samplePack, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "en"), 0o755); err != nil {
		t.Fatal(err)
	}
	wav, err := assets.ReadFile(speech.ClipPath("menuju"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range voicepack.EnglishWords(voicepack.EnglishPhrase("", "B-007", 3)) {
		if w == speech.Pause {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, "en", w+".wav"), wav, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := voicepack.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if p.English() == nil {
		t.Fatal("fixture: no English sub-pack")
	}
	return p
}

// A call in an English zone is repeated in English from the pack's en/
// clips; other zones hear Indonesian only.
func TestEnglishRepeatForSelectedZones(t *testing.T) {
	rec := &recorder{}
	p := newTestPlayer(t, Voice{Pack: englishPack(t), EnglishZones: []string{"B"}}, time.Now(), rec)
	if err := p.Play(context.Background(), api.Call{Number: "B-007", CounterNumber: 3, Zone: "B"}); err != nil {
		t.Fatal(err)
	}
	if err := p.Play(context.Background(), api.Call{Number: "B-007", CounterNumber: 3, Zone: "A"}); err != nil {
		t.Fatal(err)
	}
	got := rec.list()
	if !got[0].English || got[1].English {
		t.Fatalf("English: zone B %v, zone A %v", got[0].English, got[1].English)
	}
	ps := pieceList(got[0].Pieces)
	if !strings.HasSuffix(ps, "number=pack b=pack pause=silence zero=pack zero=pack seven=pack pause=silence please=pack go=pack to=pack counter=pack three=pack") {
		t.Fatalf("English pieces: %s", ps)
	}
	if len(got[0].WAV) <= len(got[1].WAV) {
		t.Fatal("the English repeat adds no sound")
	}
}

// Without English clips the repeat is skipped (one log line), and the
// Indonesian call is still spoken.
func TestEnglishSkippedWithoutEnglishClips(t *testing.T) {
	pack, err := voicepack.Load(samplePack)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	var logs []string
	p := newTestPlayer(t, Voice{Pack: pack, EnglishZones: []string{"B"}}, time.Now(), rec)
	p.Logf = func(f string, a ...any) { logs = append(logs, fmt.Sprintf(f, a...)) }
	for i := 0; i < 3; i++ {
		p.SetVoice(Voice{Pack: pack, EnglishZones: []string{"B"}}) // the 10-minute refresh, unchanged
		if err := p.Play(context.Background(), api.Call{Number: "B-007", CounterNumber: 3, Zone: "B"}); err != nil {
			t.Fatal(err)
		}
	}
	if len(rec.list()) != 3 || rec.list()[0].English {
		t.Fatalf("plays %d, english %v", len(rec.list()), rec.list()[0].English)
	}
	if len(logs) != 1 || !strings.Contains(logs[0], "English announcement skipped") {
		t.Fatalf("logs %q", logs)
	}
}

// A site template word that no clip says does not silence the call: it
// is said without the word (one log line), or by espeak-ng when present.
func TestTemplateWordWithoutClip(t *testing.T) {
	pack, err := voicepack.Load(samplePack)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	var logs []string
	p := newTestPlayer(t, Voice{Pack: pack}, time.Now(), rec)
	p.Template = "Nomor {nomor} ke loket {loket}"
	p.Synth = nil
	p.Logf = func(f string, a ...any) { logs = append(logs, fmt.Sprintf(f, a...)) }
	for i := 0; i < 2; i++ {
		if err := p.Play(context.Background(), api.Call{Number: "A-001", CounterNumber: 3}); err != nil {
			t.Fatal(err)
		}
	}
	if got := pieceList(rec.list()[0].Pieces); got != "chime=builtin nomor=pack a=builtin pause=builtin nol=builtin nol=builtin satu=builtin loket=pack tiga=pack" {
		t.Fatalf("pieces %s", got)
	}
	if len(logs) != 1 || !strings.Contains(logs[0], `no clip for ke`) {
		t.Fatalf("logs %q", logs)
	}
	var phrase string
	p.Synth = func(_ context.Context, s string) ([]byte, error) { phrase = s; return wavFile([]byte{1, 0}), nil }
	if err := p.Play(context.Background(), api.Call{Number: "A-001", CounterNumber: 3}); err != nil {
		t.Fatal(err)
	}
	if phrase != "Nomor a, nol nol satu ke loket tiga" || pieceList(rec.list()[2].Pieces) != "chime=builtin espeak-ng=builtin" {
		t.Fatalf("espeak phrase %q, pieces %s", phrase, pieceList(rec.list()[2].Pieces))
	}
}
