package speech

import (
	"bytes"
	"errors"
	"io/fs"
	"math"
	"path"
	"strings"
	"testing"

	"antrean/assets"
)

// Every embedded sound is 22050 Hz mono 16-bit PCM, of a sensible length,
// and not silent (except the pause, which must be silent and 250 ms).
func TestEmbeddedSoundsFormat(t *testing.T) {
	total := 0
	err := fs.WalkDir(assets.FS(), "sounds", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".wav" {
			return err
		}
		b, err := assets.ReadFile(p)
		if err != nil {
			return err
		}
		total += len(b)
		pcm, err := ReadWAV(b)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		if pcm.SampleRate != SampleRate || pcm.Channels != Channels || pcm.Bits != Bits {
			t.Errorf("%s: %d Hz %d ch %d bit", p, pcm.SampleRate, pcm.Channels, pcm.Bits)
		}
		peak := peakOf(pcm)
		switch name := path.Base(p); {
		case name == "pause.wav":
			if math.Abs(pcm.Duration()-0.25) > 0.005 || peak != 0 {
				t.Errorf("pause: %.3fs peak %d", pcm.Duration(), peak)
			}
		case name == "chime.wav":
			if pcm.Duration() < 0.8 || pcm.Duration() > 2 || peak < 8000 {
				t.Errorf("chime: %.3fs peak %d", pcm.Duration(), peak)
			}
		default:
			if pcm.Duration() < 0.1 || pcm.Duration() > 1.5 || peak < 3000 {
				t.Errorf("%s: %.3fs peak %d", p, pcm.Duration(), peak)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if total == 0 || total > 3<<20 {
		t.Errorf("sounds total %d bytes, want (0, 3 MiB]", total)
	}
}

func peakOf(p PCM) int {
	peak := 0
	for i := 0; i+1 < len(p.Data); i += 2 {
		v := int(int16(uint16(p.Data[i]) | uint16(p.Data[i+1])<<8))
		if v < 0 {
			v = -v
		}
		peak = max(peak, v)
	}
	return peak
}

func TestWAVRoundTrip(t *testing.T) {
	in := PCM{SampleRate: 8000, Channels: 2, Bits: 16, Data: []byte{1, 2, 3, 4, 5, 6, 7, 8}}
	b := in.WAV()
	if len(b) != 44+8 || string(b[:4]) != "RIFF" || string(b[36:40]) != "data" {
		t.Fatalf("bad header % x", b[:44])
	}
	out, err := ReadWAV(b)
	if err != nil {
		t.Fatal(err)
	}
	if out.SampleRate != 8000 || out.Channels != 2 || out.Bits != 16 || !bytes.Equal(out.Data, in.Data) {
		t.Errorf("round trip: %+v", out)
	}
	if d := out.Duration(); math.Abs(d-8.0/32000) > 1e-9 {
		t.Errorf("duration %v", d)
	}
	// An extra chunk before data is skipped.
	withList := append([]byte{}, b[:36]...)
	withList = append(withList, []byte("LIST\x03\x00\x00\x00abc\x00")...)
	withList = append(withList, b[36:]...)
	if out, err := ReadWAV(withList); err != nil || !bytes.Equal(out.Data, in.Data) {
		t.Errorf("LIST chunk: %v %v", out, err)
	}
	for _, bad := range [][]byte{nil, []byte("RIFF0000WAVX"), b[:30], append(append([]byte{}, b[:20]...), 3, 0)} {
		if _, err := ReadWAV(bad); err == nil {
			t.Errorf("ReadWAV(% x) succeeded", bad)
		}
	}
}

func TestJoin(t *testing.T) {
	a := PCM{SampleRate: 22050, Channels: 1, Bits: 16, Data: []byte{1, 0}}
	b := PCM{SampleRate: 22050, Channels: 1, Bits: 16, Data: []byte{2, 0, 3, 0}}
	j, err := Join(a, b)
	if err != nil || !bytes.Equal(j.Data, []byte{1, 0, 2, 0, 3, 0}) {
		t.Errorf("Join = %v, %v", j.Data, err)
	}
	if _, err := Join(a, PCM{SampleRate: 44100, Channels: 1, Bits: 16}); err == nil {
		t.Error("joining different rates should fail")
	}
}

func TestAnnouncement(t *testing.T) {
	b, err := Announcement("", "A-001", 3)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadWAV(b)
	if err != nil {
		t.Fatal(err)
	}
	// Expected length: chime + pause + each clip.
	names, _ := Clips("", "A-001", 3)
	chime, _ := loadAsset(ChimePath)
	want := len(chime.Data)
	for _, n := range append([]string{Pause}, names...) {
		p, err := LoadClip(n)
		if err != nil {
			t.Fatal(err)
		}
		want += len(p.Data)
	}
	if len(got.Data) != want || got.SampleRate != SampleRate {
		t.Errorf("announcement %d bytes @%d Hz, want %d", len(got.Data), got.SampleRate, want)
	}
	if !bytes.Equal(got.Data[:len(chime.Data)], chime.Data) {
		t.Error("announcement should start with the chime")
	}
	_, err = Announcement("Mohon {nomor}", "A-1", 1)
	var mc *MissingClipError
	if !errors.As(err, &mc) || mc.Word != "mohon" || !strings.Contains(err.Error(), "mohon") {
		t.Errorf("err = %v, want missing clip mohon", err)
	}
}
