package layoutcheck

import "testing"

// SkipUnderRace skips a layout matrix in a -race build. A matrix renders
// dozens of screens at up to 3840×2160 on one goroutine: the race detector
// finds nothing there and makes it 4–5 times slower, which pushed the test
// command towards its time limit. scripts/test.sh runs the matrices again
// without -race, so every size is still checked on every run.
func SkipUnderRace(t testing.TB) {
	t.Helper()
	if raceDetector {
		t.Skip("layout matrix: run without -race (scripts/test.sh does)")
	}
}
