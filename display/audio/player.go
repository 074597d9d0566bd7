package audio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"time"

	"antrean/assets"
	"antrean/shared/api"
	"antrean/shared/speech"
	"antrean/shared/voicepack"
)

// Synth turns a phrase into WAV bytes; nil means "use the recorded clips".
type Synth func(ctx context.Context, phrase string) ([]byte, error)

// Utterance is one sound ready to play: the chime and the call, or the
// chime alone (a sound check), already at the scheduled volume.
type Utterance struct {
	WAV []byte
	// Pieces are the clips it is made of, in order, and where each came
	// from (the site's pack, the built-in voice, silence); the chime is
	// the word "chime". An espeak-ng phrase appears as one piece with
	// Word "espeak-ng".
	Pieces []voicepack.Piece
	// English tells whether the English repeat is in it.
	English bool
	Gain    float64 // amplitude factor applied (1 = as recorded)
}

// Voice is what a player says a call with: a site's pack (nil = the
// built-in voice, or espeak-ng at run time), the zones that hear an
// English repeat, and the volume per time of day.
type Voice struct {
	Pack         *voicepack.Pack
	EnglishZones []string
	Volume       voicepack.Schedule
}

// ExecPlayer plays through `aplay` (ALSA): the chime, then the phrase,
// as one WAV on aplay's stdin so nothing can slip between them.
type ExecPlayer struct {
	Template string // speech template; "" = speech.DefaultTemplate
	Synth    Synth  // nil: concatenate assets/sounds/id clips (ignored when a pack is set)
	Aplay    string // player command, default "aplay"
	// Out plays one utterance; default: pipe its WAV to Aplay. Tests set
	// it to hear what would be played without a sound device.
	Out  func(ctx context.Context, u Utterance) error
	Now  func() time.Time // clock of the volume schedule; default time.Now
	Logf func(format string, args ...any)

	mu      sync.Mutex
	voice   Voice
	skipped map[string]bool // English skip reasons already logged

	chime []byte // built-in chime samples, read once
}

// NewExecPlayer picks espeak-ng (Indonesian voice, at run time) when it
// is on PATH and the recorded clips otherwise.
func NewExecPlayer(template string) (*ExecPlayer, error) {
	p := &ExecPlayer{Template: template, Aplay: "aplay"}
	if path, err := exec.LookPath("espeak-ng"); err == nil {
		p.Synth = Espeak(path)
	}
	if b, err := assets.ReadFile(speech.ChimePath); err == nil {
		if s, err := pcm(b); err == nil {
			p.chime = s
		}
	}
	return p, nil
}

// SetVoice changes the voice from the next utterance on (any goroutine).
func (p *ExecPlayer) SetVoice(v Voice) {
	p.mu.Lock()
	old := p.voice
	p.voice = v
	if old.Pack != v.Pack || fmt.Sprint(old.EnglishZones) != fmt.Sprint(v.EnglishZones) {
		p.skipped = nil // a new voice: say again what it cannot say
	}
	p.mu.Unlock()
}

func (p *ExecPlayer) currentVoice() Voice {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.voice
}

func (p *ExecPlayer) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *ExecPlayer) logf(format string, args ...any) {
	if p.Logf != nil {
		p.Logf(format, args...)
	}
}

// Espeak synthesises with `espeak-ng -v id -s 140 --stdout`.
func Espeak(path string) Synth {
	return func(ctx context.Context, phrase string) ([]byte, error) {
		var out, errb bytes.Buffer
		cmd := exec.CommandContext(ctx, path, "-v", "id", "-s", "140", "--stdout", phrase)
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("espeak-ng: %v: %s", err, strings.TrimSpace(errb.String()))
		}
		return out.Bytes(), nil
	}
}

// Sound builds the whole announcement of c as one WAV.
func (p *ExecPlayer) Sound(ctx context.Context, c api.Call) ([]byte, error) {
	u, err := p.Compose(ctx, c)
	return u.WAV, err
}

// chimeClip is the pack's chime when it has one, else the built-in one.
func (p *ExecPlayer) chimeClip(v Voice) ([]byte, voicepack.Source) {
	if v.Pack != nil {
		if c, src, ok := v.Pack.Clip(voicepack.Chime); ok {
			return c.Data, src
		}
	}
	return p.chime, voicepack.FromBuiltin
}

// Compose builds the announcement of c: chime, the Indonesian call and,
// for an English zone, the English repeat, at the volume the schedule
// gives for now.
func (p *ExecPlayer) Compose(ctx context.Context, c api.Call) (Utterance, error) {
	v := p.currentVoice()
	var u Utterance
	var samples []byte
	if ch, src := p.chimeClip(v); len(ch) > 0 {
		samples = append(append(samples, ch...), silence(200)...)
		u.Pieces = append(u.Pieces, voicepack.Piece{Word: voicepack.Chime, Source: src})
	}
	said, pieces, err := p.indonesian(ctx, v, c)
	if err != nil {
		return Utterance{}, err
	}
	samples = append(samples, said...)
	u.Pieces = append(u.Pieces, pieces...)
	if en, pieces, ok := p.english(v, c); ok {
		samples = append(append(samples, silence(500)...), en...)
		u.Pieces = append(u.Pieces, pieces...)
		u.English = true
	}
	return p.finish(u, samples, v)
}

// ComposeChime is the chime alone, at the scheduled volume.
func (p *ExecPlayer) ComposeChime() (Utterance, error) {
	v := p.currentVoice()
	ch, src := p.chimeClip(v)
	if len(ch) == 0 {
		return Utterance{}, errors.New("no chime clip")
	}
	return p.finish(Utterance{Pieces: []voicepack.Piece{{Word: voicepack.Chime, Source: src}}}, ch, v)
}

func (p *ExecPlayer) finish(u Utterance, samples []byte, v Voice) (Utterance, error) {
	u.Gain = v.Volume.Gain(p.now())
	scaled, err := voicepack.ApplyGain(speech.PCM{SampleRate: SampleRate, Channels: Channels, Bits: Bits, Data: samples}, u.Gain)
	if err != nil {
		return Utterance{}, err
	}
	u.WAV = wavFile(scaled.Data)
	return u, nil
}

// indonesian says the call: from the pack (built-in clips for the words
// it lacks), else espeak-ng when present, else the built-in clips.
func (p *ExecPlayer) indonesian(ctx context.Context, v Voice, c api.Call) ([]byte, []voicepack.Piece, error) {
	if v.Pack == nil && p.Synth != nil {
		wav, err := p.Synth(ctx, speech.Phrase(p.Template, c.Number, c.CounterNumber))
		if err == nil {
			s, perr := pcm(wav)
			if perr == nil {
				return s, []voicepack.Piece{{Word: "espeak-ng", Source: voicepack.FromBuiltin}}, nil
			}
			err = perr
		}
		if ctx.Err() != nil {
			return nil, nil, err
		}
		// fall through to the recorded clips
	}
	pack := v.Pack
	if pack == nil {
		pack = voicepack.Builtin()
	}
	words := speech.Words(speech.Phrase(p.Template, c.Number, c.CounterNumber))
	out, pieces, err := pack.Render(words)
	var miss *voicepack.MissingError
	if errors.As(err, &miss) {
		// A template word no clip says (a site's own --voice-template):
		// espeak-ng says the whole call if it can, else the call is said
		// without that word rather than not at all.
		if p.Synth != nil {
			if wav, serr := p.Synth(ctx, speech.Phrase(p.Template, c.Number, c.CounterNumber)); serr == nil {
				if s, perr := pcm(wav); perr == nil {
					p.once("missing:"+strings.Join(miss.Words, ","), "display: no clip for %s, espeak-ng says the call", strings.Join(miss.Words, ", "))
					return s, []voicepack.Piece{{Word: "espeak-ng", Source: voicepack.FromBuiltin}}, nil
				}
			}
		}
		p.once("missing:"+strings.Join(miss.Words, ","), "display: no clip for %s, the call is said without it", strings.Join(miss.Words, ", "))
		skip := map[string]bool{}
		for _, w := range miss.Words {
			skip[w] = true
		}
		var kept []string
		for _, w := range words {
			if !skip[w] {
				kept = append(kept, w)
			}
		}
		out, pieces, err = pack.Render(kept)
	}
	if err != nil {
		return nil, nil, err
	}
	return out.Data, pieces, nil
}

// once logs a message the first time its key is seen (per voice).
func (p *ExecPlayer) once(key, format string, args ...any) {
	p.mu.Lock()
	if p.skipped == nil {
		p.skipped = map[string]bool{}
	}
	first := !p.skipped[key]
	p.skipped[key] = true
	p.mu.Unlock()
	if first {
		p.logf(format, args...)
	}
}

// english is the English repeat for a call in an English zone, when the
// pack can say all of it; otherwise it is skipped, logged once per reason.
func (p *ExecPlayer) english(v Voice, c api.Call) ([]byte, []voicepack.Piece, bool) {
	if !inZones(v.EnglishZones, c.Zone) {
		return nil, nil, false
	}
	out, pieces, err := v.Pack.EnglishCall("", c.Number, c.CounterNumber)
	if err != nil {
		p.once("en:"+err.Error(), "display: English announcement skipped (zone %s): %v", c.Zone, err)
		return nil, nil, false
	}
	return out.Data, pieces, true
}

func inZones(zones []string, z string) bool {
	for _, x := range zones {
		if strings.EqualFold(strings.TrimSpace(x), z) && z != "" {
			return true
		}
	}
	return false
}

// Play speaks c and waits until it has been played.
func (p *ExecPlayer) Play(ctx context.Context, c api.Call) error {
	u, err := p.Compose(ctx, c)
	if err != nil {
		return err
	}
	return p.out(ctx, u)
}

// PlayChime plays the chime alone (a sound check).
func (p *ExecPlayer) PlayChime(ctx context.Context) error {
	u, err := p.ComposeChime()
	if err != nil {
		return err
	}
	return p.out(ctx, u)
}

func (p *ExecPlayer) out(ctx context.Context, u Utterance) error {
	if p.Out != nil {
		return p.Out(ctx, u)
	}
	aplay := p.Aplay
	if aplay == "" {
		aplay = "aplay"
	}
	var errb bytes.Buffer
	cmd := exec.CommandContext(ctx, aplay, "-q", "-")
	cmd.Stdin = bytes.NewReader(u.WAV)
	cmd.Stderr = &errb
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %v: %s", aplay, err, lastLine(errb.String()))
	}
	return nil
}

// lastLine is the last non-empty line of a tool's stderr: ALSA prints its
// library noise first and aplay's own reason last.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
