package voicepack

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"

	"antrean/shared/speech"
)

// The rules a clip must pass to be spoken. A clip that breaks one is not
// used (the word falls back to the built-in voice) and Check reports it.
const (
	MinWordDuration = 80 * time.Millisecond // shorter is a cut-off recording
	MaxWordDuration = 3 * time.Second       // longer is a recording left running
	MaxChimeLength  = 5 * time.Second
	MinChimeLength  = 200 * time.Millisecond
	MinPauseLength  = 50 * time.Millisecond
	MaxPauseLength  = 1500 * time.Millisecond

	// SilentPeakDBFS: a word whose loudest sample is below this is silent
	// (-40 dBFS is 1% of full scale; speech is recorded 30 dB above).
	SilentPeakDBFS = -40.0
	// SilentRMSDBFS: a word whose average level is below this is silent
	// even with a click or two above SilentPeakDBFS.
	SilentRMSDBFS = -60.0
	// EdgeSilenceDBFS is the level under which the start and end of a clip
	// count as silence (see Stats.Lead, Stats.Trail).
	EdgeSilenceDBFS = -40.0
)

// Advice thresholds: Check warns but the clip is still used.
const (
	MaxEdgeSilence  = 300 * time.Millisecond // more makes the call sound halting
	QuietVsMedianDB = 10.0                   // a word this much quieter than the pack's median stands out
	LowSampleRate   = 16000                  // below this a recording sounds muffled in a hall
)

// Stats describe a clip as it will be played (built-in format).
type Stats struct {
	Duration time.Duration
	PeakDBFS float64 // loudest sample; -Inf for digital silence
	RMSDBFS  float64 // average level over the whole clip (full-scale square = 0 dBFS)
	Lead     time.Duration
	Trail    time.Duration // silence at the start and the end
	Clipped  int           // runs of 3+ samples at full scale (distortion)
}

// Measure computes the Stats of a 16-bit clip (as every pack clip is).
func Measure(p speech.PCM) Stats {
	if p.Bits != 16 || p.Channels < 1 || p.SampleRate <= 0 {
		return Stats{PeakDBFS: math.Inf(-1), RMSDBFS: math.Inf(-1)}
	}
	n := len(p.Data) / 2
	st := Stats{Duration: time.Duration(float64(n/p.Channels) / float64(p.SampleRate) * float64(time.Second))}
	edge := int(math.Round(math.Pow(10, EdgeSilenceDBFS/20) * (1 << 15)))
	peak, sum := 0, 0.0
	first, last := -1, -1
	run := 0
	for i := 0; i < n; i++ {
		v := int(int16(binary.LittleEndian.Uint16(p.Data[2*i:])))
		a := v
		if a < 0 {
			a = -a
		}
		peak = max(peak, a)
		sum += float64(v) * float64(v)
		if a >= edge {
			if first < 0 {
				first = i
			}
			last = i
		}
		switch { // a run of 3+ samples pinned at the same rail
		case v >= math.MaxInt16 && run >= 0:
			run++
		case v <= -math.MaxInt16 && run <= 0:
			run--
		case v >= math.MaxInt16:
			run = 1
		case v <= -math.MaxInt16:
			run = -1
		default:
			run = 0
		}
		if run == 3 || run == -3 {
			st.Clipped++
		}
	}
	st.PeakDBFS = dbfs(float64(peak))
	st.RMSDBFS = math.Inf(-1)
	if n > 0 {
		st.RMSDBFS = dbfs(math.Sqrt(sum / float64(n)))
	}
	frame := func(samples int) time.Duration {
		return time.Duration(float64(samples/p.Channels) / float64(p.SampleRate) * float64(time.Second))
	}
	if first < 0 {
		st.Lead, st.Trail = st.Duration, st.Duration
	} else {
		st.Lead, st.Trail = frame(first), frame(n-1-last)
	}
	return st
}

func dbfs(amplitude float64) float64 {
	if amplitude <= 0 {
		return math.Inf(-1)
	}
	return 20 * math.Log10(amplitude/(1<<15))
}

// Finding is what is wrong with a clip; "" means nothing.
type Finding string

// Findings that stop a clip from being spoken (the word falls back).
const (
	Missing    Finding = "missing"    // the pack has no file for the word
	Silent     Finding = "silent"     // peak or average below the silence thresholds
	TooShort   Finding = "too short"  // cut off
	TooLong    Finding = "too long"   // recording left running
	Unreadable Finding = "unreadable" // not a WAV we can play, or too big
)

// judge says why a clip named word with stats st must not be spoken
// (finding and a readable detail), or "" when it may.
func judge(word string, st Stats) (Finding, string) {
	minD, maxD, loud := MinWordDuration, MaxWordDuration, true
	switch word {
	case speech.Pause:
		minD, maxD, loud = MinPauseLength, MaxPauseLength, false
	case Chime:
		minD, maxD = MinChimeLength, MaxChimeLength
	}
	switch {
	case loud && (st.PeakDBFS < SilentPeakDBFS || st.RMSDBFS < SilentRMSDBFS):
		return Silent, fmt.Sprintf("peak %s, RMS %s; a word needs a peak above %.0f dB and RMS above %.0f dB",
			DB(st.PeakDBFS), DB(st.RMSDBFS), SilentPeakDBFS, SilentRMSDBFS)
	case st.Duration < minD:
		return TooShort, fmt.Sprintf("%s; at least %s", Secs(st.Duration), Secs(minD))
	case st.Duration > maxD:
		return TooLong, fmt.Sprintf("%s; at most %s", Secs(st.Duration), Secs(maxD))
	}
	return "", ""
}

// DB formats a dBFS level: "-12.3 dB", "-inf dB".
func DB(v float64) string {
	if math.IsInf(v, -1) {
		return "-inf dB"
	}
	return fmt.Sprintf("%.1f dB", v)
}

// Secs formats a duration as seconds: "0.61 s".
func Secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }
