package reports

import (
	"encoding/binary"
	"errors"
	"math"
	"sort"
)

// Hist counts values in whole units: the store keeps waiting and service
// times as seconds rounded up (CeilDiv(ms, 1000)), so a year of days can be
// merged without keeping every ticket. Because rounding up is monotone,
// the nearest-rank percentile of the rounded values is the exact
// percentile rounded up to the unit: never below, less than one unit
// above. A count "at most k units" is exact for any whole k (a target of
// whole minutes is a whole number of seconds).
type Hist map[int64]int64

// CeilDiv is a/b rounded up (towards +∞) for b > 0, negative a included.
func CeilDiv(a, b int64) int64 {
	if a >= 0 {
		return (a + b - 1) / b
	}
	return -((-a) / b)
}

// Add counts one value of k units.
func (h Hist) Add(k int64) { h[k]++ }

// Merge adds o's counts to h.
func (h Hist) Merge(o Hist) {
	for k, n := range o {
		h[k] += n
	}
}

// N is the number of values.
func (h Hist) N() int64 {
	var n int64
	for _, c := range h {
		n += c
	}
	return n
}

// AtMost counts the values of at most k units.
func (h Hist) AtMost(k int64) int64 {
	var n int64
	for v, c := range h {
		if v <= k {
			n += c
		}
	}
	return n
}

func (h Hist) keys() []int64 {
	ks := make([]int64, 0, len(h))
	for k := range h {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool { return ks[i] < ks[j] })
	return ks
}

// Percentile is the nearest-rank percentile p (0 < p ≤ 100), the same rank
// rule as Percentile; ok is false for no values.
func (h Hist) Percentile(p float64) (int64, bool) {
	n := h.N()
	if n == 0 || p <= 0 || p > 100 {
		return 0, false
	}
	rank := int64(math.Ceil(math.Round(p*float64(n)*100) / 10000))
	rank = min(max(rank, 1), n)
	var seen int64
	for _, k := range h.keys() {
		seen += h[k]
		if seen >= rank {
			return k, true
		}
	}
	return 0, false // unreachable: seen reaches n
}

// AppendBinary appends h as varints: its length, then (key delta, count)
// in key order.
func (h Hist) AppendBinary(b []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(h)))
	prev := int64(0)
	for _, k := range h.keys() {
		b = binary.AppendVarint(b, k-prev)
		b = binary.AppendUvarint(b, uint64(h[k]))
		prev = k
	}
	return b
}

var errShort = errors.New("reports: truncated histogram")

// ReadBinary decodes what AppendBinary wrote, adding it to h, and returns
// the rest of b.
func (h Hist) ReadBinary(b []byte) ([]byte, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 {
		return nil, errShort
	}
	b = b[k:]
	prev := int64(0)
	for i := uint64(0); i < n; i++ {
		d, k := binary.Varint(b)
		if k <= 0 {
			return nil, errShort
		}
		b = b[k:]
		c, k := binary.Uvarint(b)
		if k <= 0 {
			return nil, errShort
		}
		b = b[k:]
		prev += d
		h[prev] += int64(c)
	}
	return b, nil
}
