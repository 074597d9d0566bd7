//go:build !unix

package ui

import "time"

// processCPU is not measured here: the running text stays paged.
func processCPU() time.Duration { return 0 }
