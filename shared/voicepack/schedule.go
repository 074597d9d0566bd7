package voicepack

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"antrean/shared/speech"
)

// A Schedule sets the announcement volume by time of day, e.g.
// "07:00-12:00=80,12:00-16:00=100,16:00-07:00=60": from 07:00 up to (not
// including) 12:00 at 80%, … A span may cross midnight (16:00-07:00).
// Times not covered play at full volume. The zero Schedule is always
// full volume.
//
// Volumes are percentages on a loudness scale like a TV's or a desktop
// volume slider (the amplitude is the cube of the fraction, as in
// PulseAudio: 50% ≈ -18 dB, 80% ≈ -6 dB), so 50% sounds about half as
// loud. A level can also be given in decibels: "16:00-07:00=-12dB".
// Nothing is made louder than recorded (at most 100% or 0 dB): more
// volume is the amplifier's job, and boosting would clip.
type Schedule struct {
	spans []span
}

type span struct {
	from, to int     // minutes since midnight; to may be ≤ from (crosses midnight); 1440 = 24:00
	gain     float64 // linear amplitude factor
	text     string  // as written, for String
}

// ParseSchedule reads "HH:MM-HH:MM=LEVEL,…" (LEVEL: 0–100 percent, or
// -60–0 dB with a "dB" suffix). Spans must not overlap. "" is the zero
// Schedule.
func ParseSchedule(s string) (Schedule, error) {
	var sc Schedule
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		times, level, ok := strings.Cut(item, "=")
		if !ok {
			return Schedule{}, fmt.Errorf("volume schedule %q: want HH:MM-HH:MM=PERCENT", item)
		}
		a, b, ok := strings.Cut(strings.TrimSpace(times), "-")
		if !ok {
			return Schedule{}, fmt.Errorf("volume schedule %q: want HH:MM-HH:MM=PERCENT", item)
		}
		from, err := clock(a, false)
		if err != nil {
			return Schedule{}, fmt.Errorf("volume schedule %q: %w", item, err)
		}
		to, err := clock(b, true)
		if err != nil {
			return Schedule{}, fmt.Errorf("volume schedule %q: %w", item, err)
		}
		if from == to {
			return Schedule{}, fmt.Errorf("volume schedule %q: a span cannot start where it ends (whole day: 00:00-24:00)", item)
		}
		gain, err := parseLevel(strings.TrimSpace(level))
		if err != nil {
			return Schedule{}, fmt.Errorf("volume schedule %q: %w", item, err)
		}
		n := span{from: from, to: to, gain: gain, text: item}
		for _, o := range sc.spans {
			if overlap(n, o) {
				return Schedule{}, fmt.Errorf("volume schedule: %q overlaps %q", item, o.text)
			}
		}
		sc.spans = append(sc.spans, n)
	}
	return sc, nil
}

// clock parses "HH:MM" (or "H:MM"); "24:00" only as an end.
func clock(s string, end bool) (int, error) {
	s = strings.TrimSpace(s)
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(m) != 2 || len(h) < 1 || len(h) > 2 ||
		hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && (mm != 0 || !end)) {
		return 0, fmt.Errorf("%q is not a time of day (HH:MM)", s)
	}
	return hh*60 + mm, nil
}

func parseLevel(s string) (float64, error) {
	if db, ok := cutSuffixFold(s, "db"); ok {
		v, err := strconv.ParseFloat(strings.TrimSpace(db), 64)
		if err != nil || v > 0 || v < -60 {
			return 0, fmt.Errorf("%q: a level in dB is from -60dB to 0dB", s)
		}
		return math.Pow(10, v/20), nil
	}
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil || v < 0 || v > 100 {
		return 0, fmt.Errorf("%q: a volume is a percentage from 0 to 100", s)
	}
	f := v / 100
	return f * f * f, nil
}

// ranges lists the half-open minute ranges of a span within one day.
func (s span) ranges() [][2]int {
	if s.to > s.from {
		return [][2]int{{s.from, s.to}}
	}
	return [][2]int{{s.from, 1440}, {0, s.to}}
}

func overlap(a, b span) bool {
	for _, x := range a.ranges() {
		for _, y := range b.ranges() {
			if x[0] < y[1] && y[0] < x[1] {
				return true
			}
		}
	}
	return false
}

// Gain is the amplitude factor (0–1) for t's clock time in t's location:
// pass time.Now() on a display set to the site's zone (or t.In(loc)).
func (sc Schedule) Gain(t time.Time) float64 {
	m := t.Hour()*60 + t.Minute()
	for _, s := range sc.spans {
		for _, r := range s.ranges() {
			if m >= r[0] && m < r[1] {
				return s.gain
			}
		}
	}
	return 1
}

// String is the schedule as parsed ("" for the zero Schedule).
func (sc Schedule) String() string {
	parts := make([]string, len(sc.spans))
	for i, s := range sc.spans {
		parts[i] = s.text
	}
	return strings.Join(parts, ",")
}

// ApplyGain returns p with every sample multiplied by gain (rounded,
// saturating at full scale). Gain 1 returns p itself; any other gain
// returns a new buffer, so a pack's clips are never changed. Only 16-bit
// PCM (the built-in format) can be scaled.
func ApplyGain(p speech.PCM, gain float64) (speech.PCM, error) {
	if p.Bits != 16 {
		return speech.PCM{}, fmt.Errorf("voicepack: ApplyGain needs 16-bit samples, not %d-bit", p.Bits)
	}
	if gain < 0 || math.IsNaN(gain) || math.IsInf(gain, 0) {
		return speech.PCM{}, fmt.Errorf("voicepack: gain %v is not a volume", gain)
	}
	if gain == 1 {
		return p, nil
	}
	out := p
	out.Data = make([]byte, len(p.Data)&^1)
	for i := 0; i+1 < len(p.Data); i += 2 {
		v := float64(int16(binary.LittleEndian.Uint16(p.Data[i:])))
		binary.LittleEndian.PutUint16(out.Data[i:], uint16(toInt16(v*gain/(1<<15))))
	}
	return out, nil
}
