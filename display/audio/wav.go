package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// The one PCM format every clip is in (assets/sounds, espeak-ng --stdout).
const (
	SampleRate = 22050
	Channels   = 1
	Bits       = 16
)

// pcm extracts the samples of a 22050 Hz mono s16 WAV. It accepts a data
// chunk whose declared size is wrong (espeak-ng --stdout streams and
// cannot know it), taking everything up to the end of the file.
func pcm(wav []byte) ([]byte, error) {
	if len(wav) < 12 || string(wav[0:4]) != "RIFF" || string(wav[8:12]) != "WAVE" {
		return nil, errors.New("not a WAV file")
	}
	var fmtOK bool
	p := 12
	for p+8 <= len(wav) {
		id := string(wav[p : p+4])
		size := int(binary.LittleEndian.Uint32(wav[p+4 : p+8]))
		body := p + 8
		switch id {
		case "fmt ":
			if body+16 > len(wav) {
				return nil, errors.New("short fmt chunk")
			}
			f := wav[body:]
			format := binary.LittleEndian.Uint16(f[0:2])
			ch := binary.LittleEndian.Uint16(f[2:4])
			rate := binary.LittleEndian.Uint32(f[4:8])
			bits := binary.LittleEndian.Uint16(f[14:16])
			if format != 1 || ch != Channels || rate != SampleRate || bits != Bits {
				return nil, fmt.Errorf("WAV is format %d, %d ch, %d Hz, %d bit; want PCM mono %d Hz 16 bit", format, ch, rate, bits, SampleRate)
			}
			fmtOK = true
		case "data":
			if !fmtOK {
				return nil, errors.New("WAV data before fmt")
			}
			end := body + size
			if size <= 0 || end > len(wav) || end < body {
				end = len(wav)
			}
			data := wav[body:end]
			return data[:len(data)&^1], nil
		}
		if size < 0 || body+size > len(wav) {
			break
		}
		p = body + size + size&1
	}
	return nil, errors.New("WAV has no data chunk")
}

// silence is d milliseconds of zero samples.
func silence(ms int) []byte { return make([]byte, SampleRate*ms/1000*2) }

// wavFile wraps s16 mono samples in a WAV header.
func wavFile(samples []byte) []byte {
	var b bytes.Buffer
	b.Grow(44 + len(samples))
	w := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	w(uint32(36 + len(samples)))
	b.WriteString("WAVEfmt ")
	w(uint32(16))
	w(uint16(1))
	w(uint16(Channels))
	w(uint32(SampleRate))
	w(uint32(SampleRate * Channels * Bits / 8))
	w(uint16(Channels * Bits / 8))
	w(uint16(Bits))
	b.WriteString("data")
	w(uint32(len(samples)))
	b.Write(samples)
	return b.Bytes()
}
