package voicepack

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"antrean/shared/speech"
)

// Format is how a clip was recorded, as read from its WAV header.
type Format struct {
	Float      bool // IEEE float samples (Audacity's default), else integer PCM
	SampleRate int
	Channels   int
	Bits       int
}

func (f Format) String() string {
	ch := "mono"
	switch f.Channels {
	case 1:
	case 2:
		ch = "stereo"
	default:
		ch = fmt.Sprintf("%d ch", f.Channels)
	}
	kind := "PCM"
	if f.Float {
		kind = "float"
	}
	return fmt.Sprintf("%d Hz %s %d-bit %s", f.SampleRate, ch, f.Bits, kind)
}

// Builtin reports whether f is already the built-in format
// (speech.SampleRate Hz mono 16-bit PCM), so nothing was converted.
func (f Format) Builtin() bool {
	return !f.Float && f.SampleRate == speech.SampleRate && f.Channels == speech.Channels && f.Bits == speech.Bits
}

// Sample rates a pack may be recorded at. Anything from telephone quality
// up is resampled to 22050 Hz; outside this range the file is surely not
// a voice recording.
const (
	MinSampleRate = 8000
	MaxSampleRate = 192000
)

// decodeWAV reads a RIFF/WAVE file of integer PCM (8, 16, 24 or 32 bit)
// or IEEE float (32 or 64 bit), mono or stereo, and converts it to the
// built-in format: stereo is mixed down to mono (average of the two
// channels), other rates are resampled to 22050 Hz with a windowed-sinc
// low-pass filter, samples are rounded to 16 bits. It returns the format
// found and the converted clip.
func decodeWAV(b []byte) (Format, speech.PCM, error) {
	var f Format
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return f, speech.PCM{}, errors.New("not a WAV file (no RIFF/WAVE header)")
	}
	gotFmt := false
	for off := 12; off+8 <= len(b); {
		id := string(b[off : off+4])
		size := int(binary.LittleEndian.Uint32(b[off+4 : off+8]))
		body := off + 8
		if size < 0 || size > len(b)-body {
			if id != "data" {
				return f, speech.PCM{}, fmt.Errorf("WAV is cut short inside its %q chunk", id)
			}
			size = len(b) - body // a streaming writer could not know the size
		}
		switch id {
		case "fmt ":
			if size < 16 {
				return f, speech.PCM{}, errors.New("WAV fmt chunk is too short")
			}
			c := b[body : body+size]
			tag := binary.LittleEndian.Uint16(c[0:2])
			if tag == 0xFFFE && size >= 26 { // WAVE_FORMAT_EXTENSIBLE: the sub-format GUID starts with the tag
				tag = binary.LittleEndian.Uint16(c[24:26])
			}
			f.Channels = int(binary.LittleEndian.Uint16(c[2:4]))
			f.SampleRate = int(binary.LittleEndian.Uint32(c[4:8]))
			f.Bits = int(binary.LittleEndian.Uint16(c[14:16]))
			switch tag {
			case 1:
				if f.Bits != 8 && f.Bits != 16 && f.Bits != 24 && f.Bits != 32 {
					return f, speech.PCM{}, fmt.Errorf("%d-bit PCM is not supported: save as 16-bit PCM", f.Bits)
				}
			case 3:
				f.Float = true
				if f.Bits != 32 && f.Bits != 64 {
					return f, speech.PCM{}, fmt.Errorf("%d-bit float is not supported: save as 16-bit PCM", f.Bits)
				}
			default:
				return f, speech.PCM{}, fmt.Errorf("WAV is compressed (format %#x), not PCM: save as 16-bit PCM WAV", tag)
			}
			if f.Channels != 1 && f.Channels != 2 {
				return f, speech.PCM{}, fmt.Errorf("%d channels: record in mono (or stereo)", f.Channels)
			}
			if f.SampleRate < MinSampleRate || f.SampleRate > MaxSampleRate {
				return f, speech.PCM{}, fmt.Errorf("sample rate %d Hz is outside %d–%d Hz", f.SampleRate, MinSampleRate, MaxSampleRate)
			}
			gotFmt = true
		case "data":
			if !gotFmt {
				return f, speech.PCM{}, errors.New("WAV has its data before its fmt chunk")
			}
			return f, convert(f, b[body:body+size]), nil
		}
		off = body + size + size%2 // chunks are word-aligned
	}
	return f, speech.PCM{}, errors.New("WAV has no data chunk")
}

// convert turns raw samples of format f into the built-in format.
func convert(f Format, data []byte) speech.PCM {
	out := speech.PCM{SampleRate: speech.SampleRate, Channels: speech.Channels, Bits: speech.Bits}
	if f.Builtin() {
		out.Data = data[:len(data)&^1]
		return out
	}
	width := f.Bits / 8
	frames := len(data) / (width * f.Channels)
	mono := make([]float64, frames)
	for i := range mono {
		sum := 0.0
		for c := 0; c < f.Channels; c++ {
			sum += sample(f, data[(i*f.Channels+c)*width:])
		}
		mono[i] = sum / float64(f.Channels)
	}
	mono = resample(mono, f.SampleRate, speech.SampleRate)
	out.Data = make([]byte, 2*len(mono))
	for i, v := range mono {
		binary.LittleEndian.PutUint16(out.Data[2*i:], uint16(toInt16(v)))
	}
	return out
}

// sample reads one sample at the start of b as a value in [-1, 1).
func sample(f Format, b []byte) float64 {
	switch {
	case f.Float && f.Bits == 32:
		return float64(math.Float32frombits(binary.LittleEndian.Uint32(b)))
	case f.Float:
		return math.Float64frombits(binary.LittleEndian.Uint64(b))
	case f.Bits == 8: // unsigned, 128 is zero
		return (float64(b[0]) - 128) / 128
	case f.Bits == 16:
		return float64(int16(binary.LittleEndian.Uint16(b))) / (1 << 15)
	case f.Bits == 24:
		v := int32(uint32(b[0])<<8|uint32(b[1])<<16|uint32(b[2])<<24) >> 8
		return float64(v) / (1 << 23)
	default: // 32
		return float64(int32(binary.LittleEndian.Uint32(b))) / (1 << 31)
	}
}

// toInt16 rounds v in [-1, 1) to a 16-bit sample, saturating.
func toInt16(v float64) int16 {
	s := math.Round(v * (1 << 15))
	switch {
	case s > math.MaxInt16:
		return math.MaxInt16
	case s < math.MinInt16:
		return math.MinInt16
	case math.IsNaN(s):
		return 0
	}
	return int16(s)
}

// resample converts x from one sample rate to another with a
// Blackman-windowed sinc low-pass at 95% of the lower Nyquist frequency,
// 16 zero crossings each side. Rates that are whole-number related (all
// the usual ones: 8, 11.025, 16, 32, 44.1, 48, 96 kHz) use a precomputed
// polyphase table, so a pack of a few dozen 48 kHz clips converts in well
// under a second.
func resample(x []float64, from, to int) []float64 {
	if from == to || len(x) == 0 {
		return x
	}
	g := gcd(from, to)
	up, down := to/g, from/g // output i sits at input position i*down/up
	fc := 0.5 * 0.95 * math.Min(1, float64(to)/float64(from))
	const zeros = 16
	half := zeros / (2 * fc) // filter half-width, in input samples
	reach := int(math.Ceil(half))

	// taps for one output position: frac in [0,1) past input sample base,
	// weights for inputs base-reach+1 … base+reach, summing to 1 so that
	// a constant stays exactly constant.
	taps := func(frac float64) []float64 {
		w := make([]float64, 2*reach)
		sum := 0.0
		for j := range w {
			u := frac - float64(j-reach+1) // distance from this input sample
			v := 0.0
			if math.Abs(u) < half {
				v = 2 * fc * sinc(2*fc*u) * blackman(u/half)
			}
			w[j] = v
			sum += v
		}
		if sum != 0 {
			for j := range w {
				w[j] /= sum
			}
		}
		return w
	}
	var table [][]float64
	if up <= 4096 {
		table = make([][]float64, up)
		for p := range table {
			table[p] = taps(float64(p) / float64(up))
		}
	}

	n := int((int64(len(x))*int64(up) + int64(down) - 1) / int64(down))
	out := make([]float64, n)
	for i := range out {
		pos := int64(i) * int64(down)
		base, phase := int(pos/int64(up)), int(pos%int64(up))
		var w []float64
		if table != nil {
			w = table[phase]
		} else {
			w = taps(float64(phase) / float64(up))
		}
		acc := 0.0
		for j, wj := range w {
			if k := base - reach + 1 + j; k >= 0 && k < len(x) {
				acc += wj * x[k]
			}
		}
		out[i] = acc
	}
	return out
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

// blackman is the Blackman window on [-1, 1].
func blackman(x float64) float64 {
	return 0.42 + 0.5*math.Cos(math.Pi*x) + 0.08*math.Cos(2*math.Pi*x)
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
