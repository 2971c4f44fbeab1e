package lesson

// Environment variables that change which lessons the grader grades and
// how. The grader (tools/grader) reads them; the tools that run go test
// for a learner leave them out of its environment. They are named here,
// beside the lesson model, so that both can name them without one
// depending on the other.
const (
	// StrictEnv, set to 1, makes a lesson that was not started fail
	// instead of being skipped.
	StrictEnv = "WORKSHOP_STRICT"
	// LessonsEnv names another folder of lessons to grade instead of the
	// repository's lessons/ folder, for example a learner's checkout.
	LessonsEnv = "WORKSHOP_LESSONS"
	// TimeoutEnv sets how long every wait of a script may last, as a Go
	// duration such as "30s" (default 10s). Slow machines may need more.
	TimeoutEnv = "WORKSHOP_TIMEOUT"
)
