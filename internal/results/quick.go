package results

import (
	"context"
	"regexp"
	"strings"
	"time"

	model "example.com/tcpworkshop/internal/lesson"
)

// A learner who has just saved a file waits for the verdict. Two things
// make a wrong program's verdict as quick as a right one's:
//
//   - The grading stops as soon as the failure that leads is known: the
//     scripts that come before it in the lesson's teaching order have
//     ended, and nothing still running could come before it (see
//     sortFailures).
//   - Where the tool can watch the machine's processors (Linux, outside a
//     container with a CPU limit), every wait of the scripts lasts
//     QuickWait rather than the grader's 10 seconds, so that a program
//     that hangs is caught in seconds. A wait that runs out is believed
//     only when processors stood free meanwhile (minFreeCores): then
//     nothing kept the program from running. Otherwise the machine was
//     busy, and the lesson is graded again with the full waits before the
//     verdict, as go test ./... grades it. A short wait can only make a
//     script fail, never pass, so a passing verdict needs no second look.
const (
	QuickWait    = 3 * time.Second
	minFreeCores = 0.5
)

// GradeLesson grades one lesson, afresh, for a learner waiting for the
// verdict (the workshop tool's check and watch). The run it returns is
// Stopped when it ended at its leading failure.
func GradeLesson(ctx context.Context, root string, l *model.Lesson) *Run {
	args := []string{"-count=1", "./lessons/" + l.Slug + "/"}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cpu := WatchCPU(ctx)
	failures := func(lr *LessonRun) []*Failure { return Failures(root, l, lr) }
	grade := func(env []string, stop func(*Run) bool) *Run {
		bin, err := lessonTestBinary(ctx, root, l.Slug)
		if err != nil {
			// go test says what keeps the grader from building, its way.
			return RunGoTestUntil(ctx, root, env, args, stop)
		}
		return runEvents(ctx, testBinaryCommand(ctx, root, l.Slug, bin, nil), env, true, stop)
	}
	if cpu == nil {
		return grade(nil, leadKnown(l, failures, nil))
	}
	busy := map[string]bool{} // scripts that failed while no processor stood free
	run := grade([]string{model.TimeoutEnv + "=" + QuickWait.String()},
		leadKnown(l, failures, func(script string) {
			// The span covers the wait that ran out, if one did.
			if free, ok := cpu.FreeCores(QuickWait); !ok || free < minFreeCores {
				busy[script] = true
			}
		}))
	if lr := run.Lessons[l.Slug]; lr != nil && run.Err == nil {
		if fails := Failures(root, l, lr); len(fails) > 0 && busy[fails[0].Script] && fails[0].ranOut(QuickWait) {
			return grade(nil, leadKnown(l, failures, nil))
		}
	}
	return run
}

// ranOut reports whether the failure is a wait of d that ran out: the
// grader's message names how long it waited ("waited 3s for ...",
// "nothing more for 3s").
func (f *Failure) ranOut(d time.Duration) bool {
	return regexp.MustCompile(`(?:^|[^\w.])` + regexp.QuoteMeta(d.String()) + `\b`).MatchString(f.Message)
}

// leadKnown returns the stop function of GradeLesson: yes once the lesson's
// leading failure can no longer change. failures reads a lesson's failures
// in the order a learner reads them (Failures). It tells failed, when not
// nil, of each script that fails, as it fails.
func leadKnown(l *model.Lesson, failures func(*LessonRun) []*Failure, failed func(script string)) func(*Run) bool {
	told := map[string]bool{}
	return func(run *Run) bool {
		lr := run.Lessons[l.Slug]
		if lr == nil {
			return false
		}
		newFailure := false
		for _, t := range lr.Scripts() {
			if t.Action == "fail" && !told[t.Name] {
				told[t.Name] = true
				newFailure = true
				if failed != nil {
					failed(strings.TrimPrefix(t.Name, "TestLesson/") + ".txtar")
				}
			}
		}
		if !newFailure {
			return false
		}
		fails := failures(lr)
		if len(fails) == 0 {
			return false
		}
		lead := fails[0]
		// A raw network error, or a client's output that only passes on
		// what the server sent, gives way to a failure that may still come.
		if lead.RawNetworkError() || lead.relaysServer() {
			return false
		}
		rank := l.ScriptRank(lead.Script)
		if rank >= len(l.ScriptOrder) {
			// A script outside the teaching order: wait for every script.
			return false
		}
		for _, script := range l.ScriptOrder[:rank] {
			t := lr.Tests["TestLesson/"+strings.TrimSuffix(script, ".txtar")]
			if t == nil || t.Action == "" {
				return false // still running
			}
		}
		return true
	}
}
