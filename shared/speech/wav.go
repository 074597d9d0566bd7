package speech

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"antrean/assets"
)

// The format every Antrean sound is in (see scripts/gen-voice.sh).
const (
	SampleRate = 22050
	Channels   = 1
	Bits       = 16
)

// PCM is decoded WAV audio: interleaved little-endian samples.
type PCM struct {
	SampleRate, Channels, Bits int
	Data                       []byte
}

// Duration is the length of the audio in seconds.
func (p PCM) Duration() float64 {
	bps := p.SampleRate * p.Channels * p.Bits / 8
	if bps == 0 {
		return 0
	}
	return float64(len(p.Data)) / float64(bps)
}

// ReadWAV decodes a PCM (format 1) WAV file.
func ReadWAV(b []byte) (PCM, error) {
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return PCM{}, errors.New("speech: not a RIFF/WAVE file")
	}
	var p PCM
	gotFmt := false
	for off := 12; off+8 <= len(b); {
		id := string(b[off : off+4])
		size := int(binary.LittleEndian.Uint32(b[off+4 : off+8]))
		body := off + 8
		if size < 0 || body+size > len(b) {
			if id == "data" { // tolerate a streaming writer's bogus size
				size = len(b) - body
			} else {
				return PCM{}, fmt.Errorf("speech: truncated %q chunk", id)
			}
		}
		switch id {
		case "fmt ":
			if size < 16 {
				return PCM{}, errors.New("speech: short fmt chunk")
			}
			f := b[body : body+size]
			format := binary.LittleEndian.Uint16(f[0:2])
			if format != 1 && !(format == 0xFFFE && size >= 40 && binary.LittleEndian.Uint16(f[24:26]) == 1) {
				return PCM{}, fmt.Errorf("speech: WAV format %#x is not PCM", format)
			}
			p.Channels = int(binary.LittleEndian.Uint16(f[2:4]))
			p.SampleRate = int(binary.LittleEndian.Uint32(f[4:8]))
			p.Bits = int(binary.LittleEndian.Uint16(f[14:16]))
			gotFmt = true
		case "data":
			if !gotFmt {
				return PCM{}, errors.New("speech: data before fmt chunk")
			}
			p.Data = b[body : body+size]
			return p, nil
		}
		off = body + size + size%2 // chunks are word-aligned
	}
	return PCM{}, errors.New("speech: no data chunk")
}

// WAV encodes p as a canonical 44-byte-header WAV file.
func (p PCM) WAV() []byte {
	var buf bytes.Buffer
	blockAlign := p.Channels * p.Bits / 8
	le := func(v any) { _ = binary.Write(&buf, binary.LittleEndian, v) }
	buf.WriteString("RIFF")
	le(uint32(36 + len(p.Data)))
	buf.WriteString("WAVEfmt ")
	le(uint32(16))
	le(uint16(1))
	le(uint16(p.Channels))
	le(uint32(p.SampleRate))
	le(uint32(p.SampleRate * blockAlign))
	le(uint16(blockAlign))
	le(uint16(p.Bits))
	buf.WriteString("data")
	le(uint32(len(p.Data)))
	buf.Write(p.Data)
	if len(p.Data)%2 == 1 {
		buf.WriteByte(0)
	}
	return buf.Bytes()
}

// LoadClip reads and decodes one embedded clip by name ("pause", a word).
func LoadClip(name string) (PCM, error) {
	return loadAsset(ClipPath(name))
}

func loadAsset(path string) (PCM, error) {
	b, err := assets.ReadFile(path)
	if err != nil {
		return PCM{}, fmt.Errorf("speech: %s: %w", path, err)
	}
	p, err := ReadWAV(b)
	if err != nil {
		return PCM{}, fmt.Errorf("speech: %s: %w", path, err)
	}
	return p, nil
}

// Join concatenates decoded clips of one format into one.
func Join(parts ...PCM) (PCM, error) {
	if len(parts) == 0 {
		return PCM{SampleRate: SampleRate, Channels: Channels, Bits: Bits}, nil
	}
	out := PCM{SampleRate: parts[0].SampleRate, Channels: parts[0].Channels, Bits: parts[0].Bits}
	n := 0
	for _, p := range parts {
		if p.SampleRate != out.SampleRate || p.Channels != out.Channels || p.Bits != out.Bits {
			return PCM{}, fmt.Errorf("speech: cannot join %d Hz/%dch/%dbit with %d Hz/%dch/%dbit",
				p.SampleRate, p.Channels, p.Bits, out.SampleRate, out.Channels, out.Bits)
		}
		n += len(p.Data)
	}
	out.Data = make([]byte, 0, n)
	for _, p := range parts {
		out.Data = append(out.Data, p.Data...)
	}
	return out, nil
}

// Announcement renders a whole call as one WAV file: the chime, a pause,
// then the clips of Phrase(template, ticketNumber, counterNumber). A player
// (aplay, oto…) then needs to play just one buffer.
func Announcement(template, ticketNumber string, counterNumber int) ([]byte, error) {
	names, err := Clips(template, ticketNumber, counterNumber)
	if err != nil {
		return nil, err
	}
	chime, err := loadAsset(ChimePath)
	if err != nil {
		return nil, err
	}
	parts := []PCM{chime}
	for _, n := range append([]string{Pause}, names...) {
		p, err := LoadClip(n)
		if err != nil {
			return nil, err
		}
		parts = append(parts, p)
	}
	all, err := Join(parts...)
	if err != nil {
		return nil, err
	}
	return all.WAV(), nil
}
