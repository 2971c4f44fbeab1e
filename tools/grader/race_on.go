//go:build race

package grader

// raceEnabled is true when the tests run with -race; the lesson's programs
// are then built with the race detector too.
const raceEnabled = true
