//go:build unix

package ui

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the process has used (all threads, the
// software renderer's included).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
