package queue

import (
	"math"
	"time"
)

// seedSamples is how many real samples it takes to forget the seed.
const seedSamples = 5

// EstimateWait is peopleAhead × avgMinutes ÷ max(1, openCounters), in whole
// minutes rounded up; nobody ahead means 0.
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
	if seedMinutes <= 0 {
		seedMinutes = 5
	}
	if len(recent) > MaxRecent {
		recent = recent[:MaxRecent]
	}
	sum, n := 0.0, 0
	for _, d := range recent {
		if d < 0 {
			continue // clock trouble; not a real duration
		}
		sum += d.Minutes()
		n++
	}
	if n < seedSamples {
		return (seedMinutes*float64(seedSamples-n) + sum) / seedSamples
	}
	return sum / float64(n)
}
