//go:build race

package layoutcheck

const raceDetector = true
