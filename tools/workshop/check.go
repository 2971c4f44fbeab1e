package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"example.com/tcpworkshop/internal/results"
)

var checkVerb = &verb{
	name:    "check",
	args:    "[--json] [LESSON]",
	summary: "grade a lesson and explain what fails",
	help: `Grades one lesson, the current one by default (the first that does not pass;
but when that one is not started yet, the lesson you have just passed), with
"go test -json -count=1 ./lessons/LESSON/", and explains the verdict:

  fails        the script and the step that failed, the expected and actual
               transcript as a line diff (- expected, + printed), what your
               programs printed, and the hint that helps with that step
  passes       what the lesson taught, and the next lesson
  not started  which file to open first

The grading is for a learner who waits: lessons that pass come from go
test's memory of them, the grading stops at the failure to read first (or,
with no lesson named, once the current lesson's verdict is known), and on
Linux every wait of the scripts lasts 3 seconds rather than 10, so that a
program that hangs is caught quickly; a wait that ran out while the
machine was busy is graded again with the full waits before the verdict.
go test ./... always runs every script with the full waits.

The exit status is 0 only when the lesson passes.

Flags:
  --json   print the verdict as a JSON document

Examples:
  ` + self + ` check
  ` + self + ` check 01
  ` + self + ` check time-server --json`,
	run: runCheck,
}

// checkResult is the verdict on one lesson, with what explains it.
type checkResult struct {
	Lesson   *lesson
	Outcome  results.Outcome
	Run      *results.LessonRun
	Failures []*results.Failure
	Message  string // a failure outside the scripts, such as a build failure
	Stopped  bool   // the grading stopped at the failure that leads
	Regraded bool   // graded again with the full waits: the machine was busy
}

func runCheck(a *app, v *verb, args []string) error {
	fs := a.newFlags(v)
	asJSON := fs.Bool("json", false, "print JSON")
	rest, err := a.parseFlags(v, fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 1 {
		return unexpectedArgs(v, rest[1:])
	}
	var res *checkResult
	// go test runs in a process group of its own, so that it can be
	// stopped once the verdict is known; an interrupt must stop it too.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	if len(rest) == 1 {
		var l *lesson
		if l, err = a.lesson(rest[0]); err == nil {
			res, err = a.check(ctx, l)
		}
	} else {
		res, err = a.checkCurrent(ctx)
	}
	stop()
	if err != nil {
		return err
	}
	if *asJSON {
		if err := writeJSON(a.stdout, a.checkJSON(res)); err != nil {
			return err
		}
	} else {
		a.printCheck(a.stdout, res)
	}
	if res.Outcome != results.Passing {
		return exitError{exitFail}
	}
	return nil
}

// check grades a lesson afresh, for a learner who waits for the verdict:
// quickly, stopping at the failure that leads (see results.GradeLesson).
func (a *app) check(ctx context.Context, l *lesson) (*checkResult, error) {
	run := results.GradeLesson(ctx, a.root, l)
	if run.Err != nil {
		return nil, run.Err
	}
	return a.checkResultOfRun(l, run), nil
}

// checkCurrent grades the lessons up to the current one, with go test's
// cache for those that pass, and stops once the current lesson's verdict
// is known (see results.GradeToCurrent); it is what check shows when no
// lesson is named. go test never replays a failure from its cache, so the
// current lesson is graded for real.
func (a *app) checkCurrent(ctx context.Context) (*checkResult, error) {
	if len(a.lessons) == 0 {
		return nil, fmt.Errorf("the workshop has no lessons: no lessons/NN-name folder")
	}
	run := results.GradeToCurrent(ctx, a.root, a.lessons)
	p := a.progressOf(run)
	if p.Err != nil {
		return nil, p.Err
	}
	return a.checkResultOfRun(p.checkTarget().Lesson, run), nil
}

// checkResultOfRun is the verdict on lesson l in run, saying whether the
// grading stopped before the lesson's scripts all ended and whether it
// was graded again with the full waits.
func (a *app) checkResultOfRun(l *lesson, run *results.Run) *checkResult {
	res := a.checkResultOf(l, run.Lessons[l.Slug], run.TimedOut)
	// Say so only when the stop cut a script short.
	if lr := run.Lessons[l.Slug]; run.Stopped && lr != nil {
		res.Stopped = slices.ContainsFunc(lr.Scripts(), func(t *results.TestResult) bool { return t.Action == "" })
	}
	res.Regraded = run.FullWaits
	return res
}

func (a *app) checkResultOf(l *lesson, lr *results.LessonRun, ranOut bool) *checkResult {
	res := &checkResult{Lesson: l, Outcome: results.Classify(lr, ranOut), Run: lr}
	if lr == nil {
		return res
	}
	switch res.Outcome {
	case results.Failing, results.TimedOut:
		res.Failures = results.Failures(a.root, l, lr)
		if len(res.Failures) == 0 {
			res.Message = lr.Message()
		}
	case results.BuildError:
		res.Message = results.PointCompilerErrors(lr.Message(), l.Slug)
	}
	return res
}

func (a *app) printCheck(w io.Writer, res *checkResult) {
	s := a.style
	l := res.Lesson
	dir := "lessons/" + l.Slug + "/"
	switch res.Outcome {
	case results.Passing:
		var names []string
		if res.Run != nil {
			for _, t := range res.Run.Scripts() {
				names = append(names, strings.TrimPrefix(t.Name, "TestLesson/"))
			}
		}
		fmt.Fprintf(w, "%s every script passes (%s).\n", s.green("PASS  lesson "+l.Slug+":"), strings.Join(names, ", "))
		if len(l.Summary) > 0 {
			fmt.Fprintf(w, "\n%s\n%s\n", s.bold("What you learned:"), learnedText(l.Summary))
		}
		fmt.Fprintf(w, "\n%s %s\n", s.bold("Next:"), a.afterPass(l))
	case results.NotStarted:
		if res.Run == nil || res.Run.Tests["TestLesson"] == nil {
			fmt.Fprintf(w, "%s it has no grader yet (no TestLesson in lessons/%s/lesson_test.go), so there is nothing to check.\n",
				s.yellow("NOT STARTED  lesson "+l.Slug+":"), l.Slug)
			return
		}
		fmt.Fprintf(w, "%s its files are still the skeleton's, so the grader skips it.\n", s.yellow("NOT STARTED  lesson "+l.Slug+":"))
		fmt.Fprintf(w, "\n%s read %sREADME.md, write step 1 in %s%s, %s.\n",
			s.bold("Next:"), dir, dir, l.FirstFile(), a.gradeAgain(true))
	case results.BuildError:
		fmt.Fprintf(w, "%s it does not compile.\n\n", s.red("FAIL  lesson "+l.Slug+":"))
		fmt.Fprintln(w, indent(res.Message, "  "))
		fmt.Fprintf(w, "\n%s fix the first error, in %s, %s.\n", s.bold("Next:"), a.compileErrorFile(l, res.Message), a.gradeAgain(false))
	default:
		a.printFailures(w, res)
	}
}

func (a *app) printFailures(w io.Writer, res *checkResult) {
	s := a.style
	l := res.Lesson
	scripts := 0
	if res.Run != nil {
		scripts = len(res.Run.Scripts())
	}
	verdict := "FAIL  lesson " + l.Slug + ":"
	if res.Outcome == results.TimedOut {
		verdict = "TIMEOUT  lesson " + l.Slug + ":"
	}
	if len(res.Failures) == 0 {
		fmt.Fprintf(w, "%s\n\n%s\n", s.red(verdict), indent(res.Message, "  "))
		fmt.Fprintf(w, "\n%s fix what the message says in lessons/%s/, %s.\n", s.bold("Next:"), l.Slug, a.gradeAgain(false))
		return
	}
	if res.Stopped {
		fmt.Fprintf(w, "%s %s fails.\n%s\n\n", s.red(verdict), res.Failures[0].Script,
			s.dim(fmt.Sprintf("(Grading stopped here; `go test ./lessons/%s/` runs all scripts.)", l.Slug)))
	} else {
		fmt.Fprintf(w, "%s %d of %d scripts fail.\n\n", s.red(verdict), len(res.Failures), scripts)
	}
	if res.Regraded {
		fmt.Fprintf(w, "%s\n\n", s.dim("(The machine was busy, so the lesson was graded again with the full waits, as go test grades it, before this verdict.)"))
	}
	f := res.Failures[0]
	title := f.Script
	if f.Description != "" {
		title += ": " + f.Description
	}
	fmt.Fprintln(w, s.bold(title))
	if f.StepText != "" {
		fmt.Fprintln(w, wrapText(f.StepText, "", 78))
	}
	if len(f.Commands) > 0 {
		fmt.Fprintln(w)
		for i, c := range f.Commands {
			line := "  > " + c
			if i == len(f.Commands)-1 && c == f.Command {
				line = s.red(line) + "   " + s.dim("<- failed here ("+f.Location+")")
			}
			fmt.Fprintln(w, line)
		}
	}
	if f.Message != "" {
		fmt.Fprintf(w, "\n%s\n", indent(f.Message, "  "))
	}
	if len(f.Diff) > 0 {
		fmt.Fprintf(w, "\n%s\n", s.bold("Transcript: - what the lesson expects, + what your program printed"))
		for _, line := range f.Diff {
			fmt.Fprintln(w, "  "+s.diffLine(line))
		}
		fmt.Fprintln(w, s.dim("  (Lines are quoted, so that spaces, \\r and missing newlines show.)"))
	}
	fmt.Fprintf(w, "\n%s\n", s.bold("What the programs printed in this step:"))
	if len(f.Outputs) == 0 {
		fmt.Fprintln(w, "  (nothing)")
	}
	for _, o := range f.Outputs {
		from := o.From
		if from == "" {
			from = "the script"
		}
		if o.Text == "" {
			fmt.Fprintf(w, "  %s %s\n", s.cyan(from), s.dim("["+o.Stream+": nothing]"))
			continue
		}
		fmt.Fprintf(w, "  %s %s\n%s\n", s.cyan(from), s.dim("["+o.Stream+"]"), indent(clipLines(o.Text, shownHead, shownTail), "    "))
	}
	a.printHintRefs(w, l, f.Hints, f.StepsAtFault(l.StepFiles()))
	if len(res.Failures) > 1 {
		fmt.Fprintf(w, "\n%s\n", s.bold("Also failing:"))
		for _, other := range res.Failures[1:] {
			fmt.Fprintf(w, "  %s %s\n", s.red(other.Where()+":"), other.Summary())
		}
	}
	fmt.Fprintf(w, "\n%s fix %s, %s.\n", s.bold("Next:"), a.stepWhere(l, f), a.gradeAgain(true))
}

// An output shown under a failure keeps its first shownHead and last
// shownTail lines: a thousand replies or a crash's goroutine dump would
// push the failure itself off the screen. --json keeps them all.
const shownHead, shownTail = 20, 10

// clipLines keeps the first head and last tail lines of text, with a line
// between them that says how many were left out.
func clipLines(text string, head, tail int) string {
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) <= head+tail+1 {
		return text
	}
	left := len(lines) - head - tail
	return strings.Join(lines[:head], "") + fmt.Sprintf("[... %d lines left out ...]\n", left) + strings.Join(lines[len(lines)-tail:], "")
}

// gradeAgain ends a "Next:" sentence: how to have the lesson graded again.
// Within watch, saving is enough.
func (a *app) gradeAgain(orWatch bool) string {
	switch {
	case a.watching:
		return "and save: watch grades the lesson again"
	case orWatch:
		return fmt.Sprintf("then run `%s check` again (or `%s watch` to re-grade on every save)", self, self)
	}
	return fmt.Sprintf("then run `%s check` again", self)
}

// printHintRefs names the hints that a failing step points to, with the
// command that shows the first of those about the failing program
// (atFault, see results.Failure.StepsAtFault).
func (a *app) printHintRefs(w io.Writer, l *lesson, refs, atFault []int) {
	if len(refs) == 0 {
		fmt.Fprintf(w, "\n%s this step names no hint; `%s hint %s` shows the next one.\n", a.style.bold("Hint:"), self, l.Slug)
		return
	}
	var names []string
	for _, n := range refs {
		name := fmt.Sprintf("hint %d", n)
		if h, ok := l.Hint(n); ok && h.Title != "" {
			name += fmt.Sprintf(" (%s)", h.Title)
		}
		names = append(names, name)
	}
	first := refs[0]
	if len(atFault) > 0 {
		first = atFault[0]
	}
	fmt.Fprintf(w, "\n%s %s of lessons/%s/HINTS.md: run `%s hint %s %d`.\n",
		a.style.bold("Hint:"), joinAnd(names), l.Slug, self, l.Slug, first)
}

// afterPass says what comes after a lesson that passes.
func (a *app) afterPass(l *lesson) string {
	next := a.lessonAfter(l)
	if next == nil {
		return fmt.Sprintf("that was the last lesson: run `%s` to see your progress.", self)
	}
	dir := "lessons/" + next.Slug + "/"
	return fmt.Sprintf("lesson %s (%s): read %sREADME.md, write step 1 in %s%s, then run `%s check`.",
		next.Slug, next.Title, dir, dir, next.FirstFile(), self)
}

func (a *app) checkJSON(res *checkResult) any {
	type scriptJSON struct {
		Name   string `json:"name"`
		Status string `json:"status"`
	}
	type hintJSON struct {
		Number  int    `json:"number"`
		Title   string `json:"title"`
		Command string `json:"command"`
	}
	doc := struct {
		Lesson   string             `json:"lesson"`
		Title    string             `json:"title"`
		Status   string             `json:"status"`  // pass, fail, not_started, build_error, timeout
		Scripts  []scriptJSON       `json:"scripts"` // status "" for a script stopped before its verdict
		Stopped  bool               `json:"stopped,omitempty"`
		Regraded bool               `json:"regraded,omitempty"` // graded again with the full waits: the machine was busy
		Failures []*results.Failure `json:"failures,omitempty"`
		Message  string             `json:"message,omitempty"`
		Hints    []hintJSON         `json:"hints,omitempty"`
		Learned  string             `json:"learned,omitempty"`
		Next     string             `json:"next"`
	}{Lesson: res.Lesson.Slug, Title: res.Lesson.Title, Status: res.Outcome.Key(), Scripts: []scriptJSON{},
		Failures: res.Failures, Message: res.Message, Stopped: res.Stopped, Regraded: res.Regraded}
	if res.Run != nil {
		for _, t := range res.Run.Scripts() {
			doc.Scripts = append(doc.Scripts, scriptJSON{strings.TrimPrefix(t.Name, "TestLesson/"), t.Action})
		}
	}
	l := res.Lesson
	dir := "lessons/" + l.Slug + "/"
	switch res.Outcome {
	case results.Passing:
		doc.Learned = strings.Join(l.Summary, "\n")
		doc.Next = a.afterPass(l)
	case results.NotStarted:
		doc.Next = fmt.Sprintf("read %sREADME.md, write step 1 in %s%s, then run `%s check`.", dir, dir, l.FirstFile(), self)
	case results.BuildError:
		doc.Next = fmt.Sprintf("fix the first error, in %s, then run `%s check`.", a.compileErrorFile(l, res.Message), self)
	default:
		if len(res.Failures) > 0 {
			f := res.Failures[0]
			for _, n := range f.Hints {
				h, _ := l.Hint(n)
				doc.Hints = append(doc.Hints, hintJSON{n, h.Title, fmt.Sprintf("%s hint %s %d", self, l.Slug, n)})
			}
			doc.Next = fmt.Sprintf("fix %s, then run `%s check`.", a.stepWhere(l, f), self)
		} else {
			doc.Next = fmt.Sprintf("fix what the message says in %s, then run `%s check`.", dir, self)
		}
	}
	return doc
}

// learnedText shows the items of a lesson's summary: one as a paragraph,
// several as a list.
func learnedText(items []string) string {
	if len(items) == 1 {
		return wrapText(items[0], "  ", 78)
	}
	lines := make([]string, len(items))
	for i, item := range items {
		lines[i] = "  -" + wrapText(item, "    ", 78)[3:]
	}
	return strings.Join(lines, "\n")
}

// indent puts prefix before every line of text.
func indent(text, prefix string) string {
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		if line != "" {
			lines[i] = prefix + line
		}
	}
	return strings.Join(lines, "\n")
}

// compileErrorFile is where the first compiler error of a message points,
// such as "lessons/01-time-server/server/main.go:3", or the file of the
// lesson's first step when the message names none.
func (a *app) compileErrorFile(l *lesson, msg string) string {
	dir := "lessons/" + l.Slug + "/"
	if m := results.CompilerLineRE.FindString(strings.ReplaceAll(msg, dir, "")); m != "" {
		return dir + m
	}
	return dir + l.FirstFile()
}
