package charts

import "math"

// scale is a linear axis: its ticks and how to label them.
type scale struct {
	lo, hi float64   // the axis range, a whole number of steps
	step   float64   // 1, 2 or 5 × 10^k
	ticks  []float64 // lo, lo+step, …, hi
	unit   float64   // tick labels are divided by unit (1, 1e3, 1e6, …)
	word   string    // and followed by its word ("rb", "jt", …)
	dec    int       // decimals of a tick label
}

// maxAbs bounds every value drawn: beyond 1e15 float64 stops counting in
// ones and the labels would lie.
const maxAbs = 1e15

// niceScale covers [lo, hi] with about n ticks at 1-2-5 steps. integer
// keeps steps ≥ 1 (counts). An empty range is widened around its value.
func niceScale(lo, hi float64, n int, integer bool) scale {
	lo, hi = clampAbs(lo), clampAbs(hi)
	if lo > hi {
		lo, hi = hi, lo
	}
	if n < 1 {
		n = 1
	}
	if hi == lo {
		switch {
		case hi == 0:
			hi = 1
		case hi > 0:
			lo = 0
		default:
			hi = 0
		}
	}
	step := niceStep((hi - lo) / float64(n))
	if integer && step < 1 {
		step = 1
	}
	s := scale{step: step}
	s.lo = math.Floor(lo/step+1e-9) * step
	s.hi = math.Ceil(hi/step-1e-9) * step
	if s.hi <= s.lo {
		s.hi = s.lo + step
	}
	s.dec = decimals(step)
	k := int(math.Round((s.hi - s.lo) / step))
	for i := 0; i <= k; i++ {
		v := s.lo + float64(i)*step
		// Round to the step's decimals so 0.1+0.2 prints as 0,3.
		p := math.Pow(10, float64(s.dec))
		s.ticks = append(s.ticks, math.Round(v*p)/p)
	}
	s.unit = 1
	top := math.Max(math.Abs(s.lo), math.Abs(s.hi))
	for _, u := range []struct {
		v, from float64
		word    string
	}{{1e12, 1e12, "T"}, {1e9, 1e9, "M"}, {1e6, 1e6, "jt"}, {1e3, 1e5, "rb"}} {
		// Short words only where the numbers get long (six digits), and
		// only when the step survives the division (no two ticks alike).
		if top >= u.from && step >= u.v/1000 {
			s.unit, s.word = u.v, u.word
			s.dec = decimals(step / u.v)
			break
		}
	}
	return s
}

// niceStep is the 1-2-5 step nearest to raw (on a log scale, so a raw 25
// gives 20, not 50: the tick count stays close to the one asked for).
func niceStep(raw float64) float64 {
	if !(raw > 0) || math.IsInf(raw, 0) {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	best, dist := mag, math.Inf(1)
	for _, m := range []float64{1, 2, 5, 10} {
		if d := math.Abs(math.Log(raw / (m * mag))); d < dist-1e-12 {
			best, dist = m*mag, d
		}
	}
	return best
}

// decimals is how many decimals a multiple of step needs (0 for ≥ 1).
func decimals(step float64) int {
	if step >= 1 || step <= 0 {
		return 0
	}
	d := int(math.Ceil(-math.Log10(step) - 1e-9))
	if d > 6 {
		d = 6
	}
	return d
}

// label is a tick's text: "1.250", "0,5", "150 rb", "2,5 jt"; zero is
// always "0".
func (s scale) label(v float64) string {
	if v == 0 {
		return "0"
	}
	if s.word != "" {
		return Number(v/s.unit, s.dec) + " " + s.word
	}
	return Number(v, s.dec)
}

// pos maps v to a pixel between a (at lo) and b (at hi).
func (s scale) pos(v, a, b float64) float64 {
	if s.hi == s.lo {
		return a
	}
	v = math.Max(s.lo, math.Min(s.hi, clampAbs(v)))
	return a + (v-s.lo)/(s.hi-s.lo)*(b-a)
}

func clampAbs(v float64) float64 {
	switch {
	case math.IsNaN(v):
		return 0
	case v > maxAbs:
		return maxAbs
	case v < -maxAbs:
		return -maxAbs
	}
	return v
}

// finite reports a value that can be drawn (not NaN nor ±Inf).
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
