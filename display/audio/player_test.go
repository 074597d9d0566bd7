package audio

import (
	"context"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"antrean/assets"
	"antrean/shared/api"
	"antrean/shared/speech"
)

func TestWAVRoundTrip(t *testing.T) {
	samples := []byte{1, 0, 2, 0, 3, 0}
	got, err := pcm(wavFile(samples))
	if err != nil || string(got) != string(samples) {
		t.Fatalf("pcm(wavFile) = %v, %v", got, err)
	}
	// A streamed WAV (espeak-ng --stdout) declares a bogus data size.
	w := wavFile(samples)
	binary.LittleEndian.PutUint32(w[40:44], 0xFFFFFFFF)
	if got, err := pcm(w); err != nil || len(got) != 6 {
		t.Fatalf("streamed WAV: %v, %v", got, err)
	}
	// Wrong format is refused, not played as noise.
	bad := wavFile(samples)
	binary.LittleEndian.PutUint32(bad[24:28], 44100)
	if _, err := pcm(bad); err == nil || !strings.Contains(err.Error(), "44100") {
		t.Fatalf("44100 Hz accepted: %v", err)
	}
	if _, err := pcm([]byte("hello")); err == nil {
		t.Fatal("garbage accepted")
	}
}

func TestSoundWithSynthHasChimeAndPhrase(t *testing.T) {
	var phrase string
	p := &ExecPlayer{chime: []byte{9, 9}, Synth: func(_ context.Context, s string) ([]byte, error) {
		phrase = s
		return wavFile([]byte{7, 7, 7, 7}), nil
	}}
	wav, err := p.Sound(context.Background(), api.Call{Number: "A-001", CounterNumber: 3})
	if err != nil {
		t.Fatal(err)
	}
	if phrase != "Nomor antrean, a, nol nol satu, silakan menuju loket tiga" {
		t.Fatalf("phrase %q", phrase)
	}
	s, _ := pcm(wav)
	if len(s) != 2+len(silence(200))+4 || s[0] != 9 || s[len(s)-1] != 7 {
		t.Fatalf("chime+pause+speech not concatenated: %d bytes", len(s))
	}
}

// A player that fails (no sound device) returns an error naming aplay.
func TestPlayReportsPlayerFailure(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "aplay")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\ncat >/dev/null\necho 'audio open error: No such file or directory' >&2\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	p := &ExecPlayer{Aplay: fake, Synth: func(context.Context, string) ([]byte, error) { return wavFile(nil), nil }}
	err := p.Play(context.Background(), api.Call{Number: "A-001", CounterNumber: 1})
	if err == nil || !strings.Contains(err.Error(), "audio open error") {
		t.Fatalf("err = %v", err)
	}
}

func TestEspeakProducesPlayableWAV(t *testing.T) {
	path, err := exec.LookPath("espeak-ng")
	if err != nil {
		t.Skip("espeak-ng not installed")
	}
	wav, err := Espeak(path)(context.Background(), "Nomor antrean, a, nol nol satu")
	if err != nil {
		t.Fatal(err)
	}
	s, err := pcm(wav)
	if err != nil {
		t.Fatal(err)
	}
	if len(s) < SampleRate/2 { // at least half a second of speech
		t.Fatalf("only %d bytes of speech", len(s))
	}
}

// Without espeak-ng the phrase is made of the recorded clips, in order.
func TestSoundFromClips(t *testing.T) {
	p, err := NewExecPlayer("")
	if err != nil {
		t.Fatal(err)
	}
	p.Synth = nil
	if len(p.chime) == 0 {
		t.Fatal("chime not loaded from assets")
	}
	wav, err := p.Sound(context.Background(), api.Call{Number: "A-001", CounterNumber: 12})
	if err != nil {
		t.Fatal(err)
	}
	got, err := pcm(wav)
	if err != nil {
		t.Fatal(err)
	}
	names, err := speech.Clips("", "A-001", 12)
	if err != nil {
		t.Fatal(err)
	}
	want := len(p.chime) + len(silence(200))
	for _, n := range names {
		b, err := assets.ReadFile(speech.ClipPath(n))
		if err != nil {
			t.Fatalf("clip %q: %v", n, err)
		}
		s, err := pcm(b)
		if err != nil {
			t.Fatalf("clip %q: %v", n, err)
		}
		want += len(s)
	}
	if len(got) != want {
		t.Fatalf("announcement is %d bytes, want chime + %v = %d", len(got), names, want)
	}
	if strings.Join(names[len(names)-2:], " ") != "dua belas" {
		t.Errorf("counter 12 not spoken as \"dua belas\": %v", names)
	}
}
