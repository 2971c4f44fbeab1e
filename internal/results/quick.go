package results

import (
	"context"
	"fmt"
	"os"
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
	// ScriptsAtOnce is how many of a lesson's scripts run at once (go
	// test's -parallel, which is the number of cores by default), for the
	// workshop tool and the class report. The scripts mostly wait, for
	// programs and peers: on 2 cores, 8 scripts two at a time made a
	// learner wait for 4 rounds of waits, and the script that leads could
	// well come last. A wrong program makes every script wait out its
	// deadline: a class checkout whose lesson 02 server was another
	// lesson's took 35 s two at a time (six scripts, each waiting 10 s for
	// a ready line that never came) and 13 s all at once.
	ScriptsAtOnce = 8
)

// GradeAll grades every lesson as go test ./lessons/... does, with its
// cache, for a learner waiting for the verdicts (the workshop tool's
// progress): with short waits where the machine can be watched, and the
// lessons whose leading failure is a short wait that ran out on a busy
// machine graded again with the full waits.
func GradeAll(ctx context.Context, root string, lessons []*model.Lesson) *Run {
	args := []string{fmt.Sprintf("-parallel=%d", ScriptsAtOnce), "./lessons/..."}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cpu := quickWatch(ctx)
	if cpu == nil {
		return GoTest(ctx, root, nil, args...)
	}
	busy := busyFailures(cpu)
	// It never stops early, so go test stays in the tool's process group,
	// where an interrupt at the terminal reaches it too.
	run := runGoTest(ctx, root, []string{model.TimeoutEnv + "=" + QuickWait.String()}, false, args, func(run *Run) bool {
		for _, lr := range run.Lessons {
			busy.note(lr)
		}
		return false
	})
	if run.Err != nil {
		return run
	}
	var again []string
	for _, l := range lessons {
		if lr := run.Lessons[l.Slug]; lr != nil && busy.unconfirmed(lr, Failures(root, l, lr)) {
			again = append(again, "./lessons/"+l.Slug+"/")
		}
	}
	if len(again) > 0 {
		full := GoTest(ctx, root, nil, append([]string{"-count=1", fmt.Sprintf("-parallel=%d", ScriptsAtOnce)}, again...)...)
		if full.Err != nil {
			return full
		}
		for slug, lr := range full.Lessons {
			run.Lessons[slug] = lr
		}
	}
	return run
}

// GradeToCurrent grades the lessons in order as GradeAll does, with go
// test's cache, for a learner who asked for the current lesson's verdict:
// it stops as soon as that verdict is known, that is once every lesson
// before the current one has passed and the current one (the first that
// does not pass) has ended, or has a leading failure that can no longer
// change (see GradeLesson). The lessons it did not finish, after the
// current one, are missing from the run. Where the current lesson's lead
// is a short wait that ran out on a busy machine, that lesson is graded
// again with the full waits (Run.FullWaits).
func GradeToCurrent(ctx context.Context, root string, lessons []*model.Lesson) *Run {
	args := []string{fmt.Sprintf("-parallel=%d", ScriptsAtOnce), "./lessons/..."}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var env []string
	var busy *busyScripts
	if cpu := quickWatch(ctx); cpu != nil {
		env = []string{model.TimeoutEnv + "=" + QuickWait.String()}
		busy = busyFailures(cpu)
	}
	known := currentKnown(lessons, func(l *model.Lesson) func(*LessonRun) []*Failure { return lessonFailures(root, l) })
	run := RunGoTestUntil(ctx, root, env, args, func(run *Run) bool {
		if busy != nil {
			for _, lr := range run.Lessons {
				busy.note(lr)
			}
		}
		return known(run)
	})
	if run.Err != nil || busy == nil {
		return run
	}
	for _, l := range lessons {
		lr := run.Lessons[l.Slug]
		if lr == nil || Classify(lr, false) == Passing {
			continue
		}
		if busy.unconfirmed(lr, Failures(root, l, lr)) {
			again := regradeLesson(ctx, root, l)
			if again.Err != nil {
				return again
			}
			run.Lessons[l.Slug] = again.Lessons[l.Slug]
			run.Stopped, run.FullWaits = again.Stopped, true
		}
		break
	}
	return run
}

// currentKnown returns the stop function of GradeToCurrent: yes once the
// current lesson and its leading failure are known. failures gives, for a
// lesson, what reads its failures in the order a learner reads them
// (lessonFailures).
func currentKnown(lessons []*model.Lesson, failures func(*model.Lesson) func(*LessonRun) []*Failure) func(*Run) bool {
	return func(run *Run) bool {
		for _, l := range lessons {
			lr := run.Lessons[l.Slug]
			if lr == nil {
				return false
			}
			if t := lr.Tests["TestLesson"]; t != nil && t.Action != "" {
				if Classify(lr, false) == Passing {
					continue
				}
				return true // ended without passing: the current lesson
			}
			return leadKnown(l, failures(l))(run)
		}
		return false
	}
}

// busyScripts records, per lesson and script, the failures that came while
// no processor stood free: a short wait that ran out then proves nothing.
type busyScripts struct {
	cpu  *CPUWatch
	seen map[string]bool // "slug/TestLesson/script" of every failure noted
	busy map[string]bool // those that failed while the machine was busy
}

func busyFailures(cpu *CPUWatch) *busyScripts {
	return &busyScripts{cpu: cpu, seen: map[string]bool{}, busy: map[string]bool{}}
}

// note looks for scripts of the lesson that have failed since the last
// look, and reports whether there were any.
func (b *busyScripts) note(lr *LessonRun) bool {
	found := false
	for _, t := range lr.Scripts() {
		key := lr.Slug + "/" + t.Name
		if t.Action != "fail" || b.seen[key] {
			continue
		}
		b.seen[key], found = true, true
		// The span covers the wait that ran out, if one did.
		if free, ok := b.cpu.FreeCores(QuickWait); !ok || free < minFreeCores {
			b.busy[key] = true
		}
	}
	return found
}

// unconfirmed reports whether the lesson's leading failure is a short wait
// that ran out while the machine was busy.
func (b *busyScripts) unconfirmed(lr *LessonRun, fails []*Failure) bool {
	if len(fails) == 0 {
		return false
	}
	lead := fails[0]
	return b.busy[lr.Slug+"/TestLesson/"+strings.TrimSuffix(lead.Script, ".txtar")] && lead.ranOut(QuickWait)
}

// GradeLesson grades one lesson, afresh, for a learner waiting for the
// verdict (the workshop tool's check and watch). The run it returns is
// Stopped when it ended at its leading failure.
func GradeLesson(ctx context.Context, root string, l *model.Lesson) *Run {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cpu := quickWatch(ctx)
	lead := leadKnown(l, lessonFailures(root, l))
	if cpu == nil {
		return gradeLesson(ctx, root, l, nil, lead)
	}
	busy := busyFailures(cpu)
	run := gradeLesson(ctx, root, l, []string{model.TimeoutEnv + "=" + QuickWait.String()}, func(run *Run) bool {
		if lr := run.Lessons[l.Slug]; lr != nil {
			busy.note(lr)
		}
		return lead(run)
	})
	if lr := run.Lessons[l.Slug]; lr != nil && run.Err == nil && busy.unconfirmed(lr, Failures(root, l, lr)) {
		return regradeLesson(ctx, root, l)
	}
	return run
}

// gradeLesson runs one lesson's tests afresh with env, from the tool's
// kept test binary where it can build one, stopping when stop says yes.
func gradeLesson(ctx context.Context, root string, l *model.Lesson, env []string, stop func(*Run) bool) *Run {
	tb, err := lessonTestBinary(ctx, root, l.Slug)
	if err != nil {
		// go test says what keeps the grader from building, its way.
		args := []string{"-count=1", fmt.Sprintf("-parallel=%d", ScriptsAtOnce), "./lessons/" + l.Slug + "/"}
		return RunGoTestUntil(ctx, root, env, args, stop)
	}
	return runEvents(ctx, testBinaryCommand(ctx, root, l.Slug, tb, []string{"-test.count=1", fmt.Sprintf("-test.parallel=%d", ScriptsAtOnce)}), env, true, stop)
}

// regradeLesson grades a lesson again with the full waits, for a leading
// failure that was a short wait run out on a busy machine, and stops at
// its leading failure.
func regradeLesson(ctx context.Context, root string, l *model.Lesson) *Run {
	run := gradeLesson(ctx, root, l, nil, leadKnown(l, lessonFailures(root, l)))
	run.FullWaits = true
	return run
}

// lessonFailures reads lesson l's failures in a run, in the order a
// learner reads them (Failures).
func lessonFailures(root string, l *model.Lesson) func(*LessonRun) []*Failure {
	return func(lr *LessonRun) []*Failure { return Failures(root, l, lr) }
}

// quickWatch watches the processors for short waits, or returns nil for
// the full waits: where the machine cannot be watched, or when the
// learner has set WORKSHOP_TIMEOUT (for a slow machine), which then wins.
func quickWatch(ctx context.Context) *CPUWatch {
	if os.Getenv(model.TimeoutEnv) != "" {
		return nil
	}
	return WatchCPU(ctx)
}

// ranOut reports whether the failure is a wait of d that ran out: the
// grader's message names how long it waited ("waited 3s for ...",
// "nothing more for 3s").
func (f *Failure) ranOut(d time.Duration) bool {
	return regexp.MustCompile(`(?:^|[^\w.])` + regexp.QuoteMeta(d.String()) + `\b`).MatchString(f.Message)
}

// leadKnown returns the stop function of GradeLesson: yes once the lesson's
// leading failure can no longer change. failures reads a lesson's failures
// in the order a learner reads them (Failures).
func leadKnown(l *model.Lesson, failures func(*LessonRun) []*Failure) func(*Run) bool {
	return func(run *Run) bool {
		lr := run.Lessons[l.Slug]
		if lr == nil {
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
