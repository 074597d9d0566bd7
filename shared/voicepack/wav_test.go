package voicepack

import (
	"bytes"
	"encoding/binary"
	"math"
	"strings"
	"testing"
	"time"

	"antrean/shared/speech"
)

// wavSpec describes a test WAV file.
type wavSpec struct {
	rate, channels, bits int
	float                bool
	tag                  uint16 // format tag override (0 = 1 or 3 from float)
	extensible           bool
}

// makeWAV writes a WAV of spec whose every channel is f(t) (t in
// seconds), amplitude in [-1, 1], for dur.
func makeWAV(s wavSpec, dur time.Duration, f func(t float64) float64) []byte {
	frames := int(dur.Seconds() * float64(s.rate))
	width := s.bits / 8
	data := make([]byte, 0, frames*s.channels*width)
	for i := 0; i < frames; i++ {
		v := f(float64(i) / float64(s.rate))
		if !s.float { // integer recorders clip at full scale
			v = max(-1, min(1, v))
		}
		for c := 0; c < s.channels; c++ {
			switch {
			case s.float && s.bits == 32:
				data = binary.LittleEndian.AppendUint32(data, math.Float32bits(float32(v)))
			case s.float:
				data = binary.LittleEndian.AppendUint64(data, math.Float64bits(v))
			case s.bits == 8:
				data = append(data, byte(math.Round(v*127+128)))
			case s.bits == 16:
				data = binary.LittleEndian.AppendUint16(data, uint16(int16(math.Round(v*32767))))
			case s.bits == 24:
				x := int32(math.Round(v * 8388607))
				data = append(data, byte(x), byte(x>>8), byte(x>>16))
			case s.bits == 32:
				data = binary.LittleEndian.AppendUint32(data, uint32(int32(math.Round(v*2147483647))))
			default:
				data = append(data, make([]byte, width)...)
			}
		}
	}
	return wavBytes(s, data)
}

func wavBytes(s wavSpec, data []byte) []byte {
	tag := s.tag
	if tag == 0 {
		tag = 1
		if s.float {
			tag = 3
		}
	}
	var b bytes.Buffer
	le := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) }
	fmtSize := 16
	if s.extensible {
		fmtSize = 40
	}
	b.WriteString("RIFF")
	le(uint32(4 + 8 + fmtSize + 8 + len(data)))
	b.WriteString("WAVEfmt ")
	le(uint32(fmtSize))
	if s.extensible {
		le(uint16(0xFFFE))
	} else {
		le(tag)
	}
	le(uint16(s.channels))
	le(uint32(s.rate))
	le(uint32(s.rate * s.channels * s.bits / 8))
	le(uint16(s.channels * s.bits / 8))
	le(uint16(s.bits))
	if s.extensible {
		le(uint16(22))
		le(uint16(s.bits))
		le(uint32(0))
		le(tag) // first two bytes of the sub-format GUID
		b.Write(make([]byte, 14))
	}
	b.WriteString("data")
	le(uint32(len(data)))
	b.Write(data)
	return b.Bytes()
}

func sine(freq, amp float64) func(float64) float64 {
	return func(t float64) float64 { return amp * math.Sin(2*math.Pi*freq*t) }
}

// samples16 decodes 16-bit mono PCM into floats in [-1, 1).
func samples16(p speech.PCM) []float64 {
	out := make([]float64, len(p.Data)/2)
	for i := range out {
		out[i] = float64(int16(binary.LittleEndian.Uint16(p.Data[2*i:]))) / 32768
	}
	return out
}

// toneOf measures a pure tone in the middle of x (away from the filter's
// edges): its frequency from zero crossings and its RMS amplitude × √2.
func toneOf(x []float64, rate int) (freq, amp float64) {
	mid := x[len(x)/4 : 3*len(x)/4]
	cross, sum := 0, 0.0
	for i := 1; i < len(mid); i++ {
		if (mid[i-1] < 0) != (mid[i] < 0) {
			cross++
		}
		sum += mid[i] * mid[i]
	}
	secs := float64(len(mid)) / float64(rate)
	return float64(cross) / 2 / secs, math.Sqrt(2 * sum / float64(len(mid)))
}

// Every supported recording format comes out as 22050 Hz mono 16-bit with
// the same length, pitch and loudness.
func TestDecodeConvertsFormats(t *testing.T) {
	cases := []struct {
		name string
		spec wavSpec
	}{
		{"builtin", wavSpec{rate: 22050, channels: 1, bits: 16}},
		{"44.1k stereo 16", wavSpec{rate: 44100, channels: 2, bits: 16}},
		{"48k stereo 24", wavSpec{rate: 48000, channels: 2, bits: 24}},
		{"48k mono float32", wavSpec{rate: 48000, channels: 1, bits: 32, float: true}},
		{"96k mono float64", wavSpec{rate: 96000, channels: 1, bits: 64, float: true}},
		{"32k mono int32", wavSpec{rate: 32000, channels: 1, bits: 32}},
		{"16k mono 16", wavSpec{rate: 16000, channels: 1, bits: 16}},
		{"11025 mono 8", wavSpec{rate: 11025, channels: 1, bits: 8}},
		{"8k mono 16", wavSpec{rate: 8000, channels: 1, bits: 16}},
		{"44.1k stereo 24 extensible", wavSpec{rate: 44100, channels: 2, bits: 24, extensible: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := makeWAV(c.spec, 800*time.Millisecond, sine(440, 0.5))
			f, pcm, err := decodeWAV(b)
			if err != nil {
				t.Fatal(err)
			}
			if f.SampleRate != c.spec.rate || f.Channels != c.spec.channels || f.Bits != c.spec.bits || f.Float != c.spec.float {
				t.Errorf("format read as %v", f)
			}
			if f.Builtin() != (c.name == "builtin") {
				t.Errorf("Builtin() = %v", f.Builtin())
			}
			if pcm.SampleRate != 22050 || pcm.Channels != 1 || pcm.Bits != 16 {
				t.Fatalf("converted to %d Hz %d ch %d bit", pcm.SampleRate, pcm.Channels, pcm.Bits)
			}
			if d := pcm.Duration(); math.Abs(d-0.8) > 0.001 {
				t.Errorf("duration %.4f s, want 0.8", d)
			}
			freq, amp := toneOf(samples16(pcm), 22050)
			if math.Abs(freq-440) > 3 {
				t.Errorf("tone at %.1f Hz, want 440", freq)
			}
			tol := 0.01
			if c.spec.bits == 8 {
				tol = 0.02 // 8-bit quantisation
			}
			if math.Abs(amp-0.5) > tol {
				t.Errorf("amplitude %.4f, want 0.5", amp)
			}
		})
	}
}

// Stereo is the average of the two channels: a tone on the left only
// comes out at half amplitude, opposite channels cancel.
func TestDecodeStereoMixdown(t *testing.T) {
	spec := wavSpec{rate: 22050, channels: 2, bits: 16}
	var data []byte
	for i := 0; i < 22050/2; i++ {
		l := int16(math.Round(16000 * math.Sin(2*math.Pi*300*float64(i)/22050)))
		data = binary.LittleEndian.AppendUint16(data, uint16(l))
		data = binary.LittleEndian.AppendUint16(data, 0)
	}
	_, pcm, err := decodeWAV(wavBytes(spec, data))
	if err != nil {
		t.Fatal(err)
	}
	if _, amp := toneOf(samples16(pcm), 22050); math.Abs(amp-16000.0/32768/2) > 0.005 {
		t.Errorf("left-only tone mixed to %.4f, want %.4f", amp, 16000.0/32768/2)
	}
}

// Resampling low-passes: a 15 kHz tone recorded at 48 kHz is above the
// built-in 11 kHz Nyquist and must not fold back as an audible alias.
func TestResampleRejectsAliases(t *testing.T) {
	b := makeWAV(wavSpec{rate: 48000, channels: 1, bits: 16}, time.Second, sine(15000, 0.8))
	_, pcm, err := decodeWAV(b)
	if err != nil {
		t.Fatal(err)
	}
	_, amp := toneOf(samples16(pcm), 22050)
	if db := 20 * math.Log10(amp/0.8); db > -50 {
		t.Errorf("15 kHz tone leaks at %.1f dB after resampling, want below -50 dB", db)
	}
}

func TestDecodeRefusesClearly(t *testing.T) {
	good := makeWAV(wavSpec{rate: 22050, channels: 1, bits: 16}, 100*time.Millisecond, sine(440, 0.5))
	cases := []struct {
		name string
		b    []byte
		want string
	}{
		{"not riff", []byte("ID3\x04 this is an mp3"), "not a WAV"},
		{"3 channels", makeWAV(wavSpec{rate: 22050, channels: 3, bits: 16}, 50*time.Millisecond, sine(440, .5)), "3 channels"},
		{"12-bit", makeWAV(wavSpec{rate: 22050, channels: 1, bits: 12}, 50*time.Millisecond, sine(440, .5)), "12-bit PCM"},
		{"adpcm", wavBytes(wavSpec{rate: 22050, channels: 1, bits: 4, tag: 2}, make([]byte, 100)), "compressed"},
		{"16-bit float", wavBytes(wavSpec{rate: 22050, channels: 1, bits: 16, float: true}, make([]byte, 100)), "16-bit float"},
		{"4 kHz", makeWAV(wavSpec{rate: 4000, channels: 1, bits: 16}, 50*time.Millisecond, sine(440, .5)), "4000 Hz is outside"},
		{"384 kHz", makeWAV(wavSpec{rate: 384000, channels: 1, bits: 16}, 10*time.Millisecond, sine(440, .5)), "outside"},
		{"no data", good[:36], "no data chunk"},
		{"cut fmt", good[:24], "cut short"},
		{"data first", append(append([]byte("RIFF\x00\x00\x00\x00WAVE"), good[36:44]...), good[12:36]...), "data before its fmt"},
	}
	for _, c := range cases {
		_, _, err := decodeWAV(c.b)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
}

// A streaming writer's data chunk claims more bytes than the file has:
// the samples present are kept.
func TestDecodeToleratesStreamedSize(t *testing.T) {
	b := makeWAV(wavSpec{rate: 22050, channels: 1, bits: 16}, 100*time.Millisecond, sine(440, 0.5))
	binary.LittleEndian.PutUint32(b[40:44], 0xFFFFFFFF)
	_, pcm, err := decodeWAV(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(pcm.Data) != len(b)-44 {
		t.Errorf("kept %d bytes, want %d", len(pcm.Data), len(b)-44)
	}
}

func TestMeasure(t *testing.T) {
	// 0.2 s silence, 0.5 s of a half-scale tone, 0.1 s silence.
	f := func(t float64) float64 {
		if t < 0.2 || t >= 0.7 {
			return 0
		}
		return 0.5 * math.Sin(2*math.Pi*500*t)
	}
	_, pcm, err := decodeWAV(makeWAV(wavSpec{rate: 22050, channels: 1, bits: 16}, 800*time.Millisecond, f))
	if err != nil {
		t.Fatal(err)
	}
	st := Measure(pcm)
	if d := st.Duration - 800*time.Millisecond; d < -time.Millisecond || d > time.Millisecond {
		t.Errorf("duration %v", st.Duration)
	}
	if math.Abs(st.PeakDBFS-(-6.02)) > 0.1 {
		t.Errorf("peak %.2f dBFS, want -6.02", st.PeakDBFS)
	}
	// RMS of a sine is amplitude/√2, over 5/8 of the clip.
	if want := 20 * math.Log10(0.5/math.Sqrt2*math.Sqrt(5.0/8)); math.Abs(st.RMSDBFS-want) > 0.1 {
		t.Errorf("RMS %.2f dBFS, want %.2f", st.RMSDBFS, want)
	}
	if d := st.Lead - 200*time.Millisecond; d < -2*time.Millisecond || d > 2*time.Millisecond {
		t.Errorf("lead %v, want 200ms", st.Lead)
	}
	if d := st.Trail - 100*time.Millisecond; d < -2*time.Millisecond || d > 2*time.Millisecond {
		t.Errorf("trail %v, want 100ms", st.Trail)
	}
	if st.Clipped != 0 {
		t.Errorf("clipped %d", st.Clipped)
	}
	// A square wave at full scale clips once per half period.
	sq := func(t float64) float64 {
		if math.Sin(2*math.Pi*100*t) >= 0 {
			return 1.5
		}
		return -1.5
	}
	_, pcm, _ = decodeWAV(makeWAV(wavSpec{rate: 22050, channels: 1, bits: 32, float: true}, 100*time.Millisecond, sq))
	if st := Measure(pcm); st.Clipped < 15 || st.PeakDBFS < -0.01 {
		t.Errorf("square: clipped %d, peak %.2f", st.Clipped, st.PeakDBFS)
	}
	if st := Measure(silence(300)); !math.IsInf(st.PeakDBFS, -1) || !math.IsInf(st.RMSDBFS, -1) || st.Lead != st.Duration {
		t.Errorf("silence: %+v", st)
	}
}

// Converting a 3 s clip recorded at 48 kHz stereo 24-bit (the slowest
// common case: 147 filter phases) — the per-clip cost of loading a pack.
func BenchmarkDecode48kStereo24(b *testing.B) {
	wav := makeWAV(wavSpec{rate: 48000, channels: 2, bits: 24}, 3*time.Second, sine(440, 0.5))
	b.SetBytes(int64(len(wav)))
	for b.Loop() {
		if _, _, err := decodeWAV(wav); err != nil {
			b.Fatal(err)
		}
	}
}
