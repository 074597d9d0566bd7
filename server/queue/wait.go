package queue

import (
	"math"
	"time"
)

// seedSamples is how many real samples it takes to forget the seed.
const seedSamples = 5

// EstimateWait is peopleAhead × avgMinutes ÷ max(1, openCounters), in whole
// minutes rounded up; nobody ahead means 0. openCounters are the counters
// serving the service that are open and staffed.
func EstimateWait(peopleAhead int, avgMinutes float64, openCounters int) int {
	if peopleAhead <= 0 || avgMinutes <= 0 {
		return 0
	}
	w := float64(peopleAhead) * avgMinutes / float64(max(1, openCounters))
	// The epsilon keeps 3 × 5.0 from becoming 16 through float noise.
	return int(math.Ceil(w - 1e-9))
}

// RollingAverage is the mean of the latest service durations (newest first,
// at most MaxRecent used) in minutes. With fewer than 5 samples the seed
// fills the missing ones: (seed×(5−n) + sum) / 5. seed <= 0 means 5.
func RollingAverage(seedMinutes float64, recent []time.Duration) float64 {
	if len(recent) > MaxRecent {
		recent = recent[:MaxRecent]
	}
	var sum int64
	n := 0
	for _, d := range recent {
		if d < 0 {
			continue // clock trouble; not a real duration
		}
		sum += d.Milliseconds()
		n++
	}
	return AverageMinutes(seedMinutes, sum, n)
}

// AverageMinutes is RollingAverage from the sum (in milliseconds) and the
// count of the latest n ≤ MaxRecent durations: what the store keeps.
func AverageMinutes(seedMinutes float64, sumMs int64, n int) float64 {
	if seedMinutes <= 0 {
		seedMinutes = 5
	}
	sum := float64(sumMs) / 60000
	if n < seedSamples {
		return (seedMinutes*float64(seedSamples-max(n, 0)) + sum) / seedSamples
	}
	return sum / float64(n)
}
