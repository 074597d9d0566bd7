package audio

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"

	"antrean/assets"
	"antrean/shared/api"
	"antrean/shared/speech"
)

// Synth turns a phrase into WAV bytes; nil means "use the recorded clips".
type Synth func(ctx context.Context, phrase string) ([]byte, error)

// ExecPlayer plays through `aplay` (ALSA): the chime, then the phrase,
// as one WAV on aplay's stdin so nothing can slip between them.
type ExecPlayer struct {
	Template string // speech template; "" = speech.DefaultTemplate
	Synth    Synth  // nil: concatenate assets/sounds/id clips
	Aplay    string // player command, default "aplay"

	chime []byte // chime samples, read once
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
	var samples []byte
	if len(p.chime) > 0 {
		samples = append(samples, p.chime...)
		samples = append(samples, silence(200)...)
	}
	if p.Synth != nil {
		wav, err := p.Synth(ctx, speech.Phrase(p.Template, c.Number, c.CounterNumber))
		if err == nil {
			s, perr := pcm(wav)
			if perr == nil {
				return wavFile(append(samples, s...)), nil
			}
			err = perr
		}
		if ctx.Err() != nil {
			return nil, err
		}
		// fall through to the recorded clips
	}
	names, err := speech.Clips(p.Template, c.Number, c.CounterNumber)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		b, err := assets.ReadFile(speech.ClipPath(n))
		if err != nil {
			if n == speech.Pause {
				samples = append(samples, silence(250)...)
				continue
			}
			return nil, fmt.Errorf("clip %q: %w", n, err)
		}
		s, err := pcm(b)
		if err != nil {
			return nil, fmt.Errorf("clip %q: %w", n, err)
		}
		samples = append(samples, s...)
	}
	return wavFile(samples), nil
}

// Play speaks c and waits until aplay has finished.
func (p *ExecPlayer) Play(ctx context.Context, c api.Call) error {
	wav, err := p.Sound(ctx, c)
	if err != nil {
		return err
	}
	aplay := p.Aplay
	if aplay == "" {
		aplay = "aplay"
	}
	var errb bytes.Buffer
	cmd := exec.CommandContext(ctx, aplay, "-q", "-")
	cmd.Stdin = bytes.NewReader(wav)
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
