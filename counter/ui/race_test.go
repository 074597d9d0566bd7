//go:build race

package ui

// raceOn: the race detector makes the software painter ~40× slower; the
// layout matrix then checks without writing PNGs (the plain run writes them).
const raceOn = true
