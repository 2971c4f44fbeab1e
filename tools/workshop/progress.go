package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	"example.com/tcpworkshop/internal/results"
)

var progressVerb = &verb{
	name:    "progress",
	args:    "[--json]",
	summary: "list the lessons, your progress and the next step",
	help: `Lists every lesson with its status, a progress bar, and the next step in
one sentence: the lesson, the file to open and the command to run.

The statuses come from the grader itself: the tool runs
"go test -json ./lessons/..." and reads each lesson's verdict. go test
remembers verdicts and re-grades a lesson as soon as one of its files
changes, so this is quick.

  not started   the files are still the skeleton's (the grader skips it)
  in progress   the lesson fails, or does not compile
  done          every script of the lesson passes

Flags:
  --json   print the same as a JSON document

Example:
  ` + self,
	run: runProgress,
}

// lessonStatus is one lesson's verdict.
type lessonStatus struct {
	Lesson  *lesson
	Outcome results.Outcome
	Run     *results.LessonRun
}

// progressReport is the verdict on every lesson.
type progressReport struct {
	Statuses []*lessonStatus
	Err      error
}

// progress grades every lesson, with go test's cache and, where the
// machine can be watched, short waits (see results.GradeAll).
func (a *app) progress(ctx context.Context) *progressReport {
	return a.progressOf(results.GradeAll(ctx, a.root, a.lessons))
}

// progressOf is the verdict on every lesson in run; a lesson missing from
// it is not started.
func (a *app) progressOf(run *results.Run) *progressReport {
	p := &progressReport{Err: run.Err}
	if run.Err == nil && len(run.Lessons) == 0 && len(a.lessons) > 0 {
		p.Err = fmt.Errorf("go test reported no lesson:\n%s", strings.TrimSpace(run.Stderr))
	}
	for _, l := range a.lessons {
		lr := run.Lessons[l.Slug]
		p.Statuses = append(p.Statuses, &lessonStatus{Lesson: l, Outcome: results.Classify(lr, false), Run: lr})
	}
	return p
}

// current is the first lesson that does not pass, or nil.
func (p *progressReport) current() *lessonStatus {
	for _, s := range p.Statuses {
		if s.Outcome != results.Passing {
			return s
		}
	}
	return nil
}

// checkTarget is the lesson that check shows when no lesson is named: the
// current one, except that a lesson just finished (the current one is not
// started yet and the one before it passes) shows its pass, which says
// what comes next; when every lesson passes, the last one.
func (p *progressReport) checkTarget() *lessonStatus {
	for i, s := range p.Statuses {
		if s.Outcome == results.Passing {
			continue
		}
		if s.Outcome == results.NotStarted && i > 0 {
			return p.Statuses[i-1]
		}
		return s
	}
	if len(p.Statuses) == 0 {
		return nil
	}
	return p.Statuses[len(p.Statuses)-1]
}

func (p *progressReport) done() int {
	n := 0
	for _, s := range p.Statuses {
		if s.Outcome == results.Passing {
			n++
		}
	}
	return n
}

// statusWord is how the progress table names an outcome.
func statusWord(o results.Outcome) string {
	switch o {
	case results.Passing:
		return "done"
	case results.NotStarted:
		return "not started"
	case results.BuildError:
		return "in progress (does not compile)"
	case results.TimedOut:
		return "in progress (timed out)"
	}
	return "in progress (failing)"
}

func statusKey(o results.Outcome) string {
	switch o {
	case results.Passing:
		return "done"
	case results.NotStarted:
		return "not_started"
	}
	return "in_progress"
}

func runProgress(a *app, v *verb, args []string) error {
	fs := a.newFlags(v)
	asJSON := fs.Bool("json", false, "print JSON")
	rest, err := a.parseFlags(v, fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return unexpectedArgs(v, rest)
	}
	p := a.progress(context.Background())
	if p.Err != nil {
		return p.Err
	}
	next := a.nextStep(p.current())
	if *asJSON {
		return a.progressJSON(p, next)
	}
	s := a.style
	fmt.Fprintf(a.stdout, "%s: %d of %d lessons done\n\n", s.bold("TCP sockets workshop"), p.done(), len(p.Statuses))
	width := 0
	for _, st := range p.Statuses {
		width = max(width, len(st.Lesson.Slug))
	}
	cur := p.current()
	for i, st := range p.Statuses {
		if heading := partHeading(p.Statuses, i); heading != "" {
			fmt.Fprint(a.stdout, s.bold(heading)+"\n")
		}
		word := statusWord(st.Outcome)
		mark := "  "
		if st == cur {
			mark = "> "
		}
		padded := fmt.Sprintf("%-30s", word)
		switch st.Outcome {
		case results.Passing:
			padded = s.green(padded)
		case results.NotStarted:
			padded = s.dim(padded)
		default:
			padded = s.yellow(padded)
		}
		fmt.Fprintf(a.stdout, "%s%-*s  %s  %s\n", mark, width, st.Lesson.Slug, padded, st.Lesson.Title)
	}
	total := len(p.Statuses)
	pct := 0
	if total > 0 {
		pct = p.done() * 100 / total
	}
	fmt.Fprintf(a.stdout, "\n  %s %d/%d (%d%%)\n\n", s.bar(p.done(), total, 30), p.done(), total, pct)
	fmt.Fprintf(a.stdout, "%s %s\n", s.bold("Next:"), next)
	return nil
}

// partHeading is the heading that comes before the i-th lesson of the
// progress, "Part two" for the first lesson of part two, or "". A workshop
// of one part has no headings.
func partHeading(statuses []*lessonStatus, i int) string {
	first, last := statuses[0].Lesson.Part, statuses[len(statuses)-1].Lesson.Part
	part := statuses[i].Lesson.Part
	if first == last || (i > 0 && statuses[i-1].Lesson.Part == part) {
		return ""
	}
	name := map[int]string{1: "Part one", 2: "Part two"}[part]
	if name == "" {
		name = fmt.Sprintf("Part %d", part)
	}
	if i > 0 {
		name = "\n" + name
	}
	return name
}

func (a *app) progressJSON(p *progressReport, next string) error {
	type lessonJSON struct {
		Slug   string `json:"slug"`
		Number int    `json:"number"`
		Title  string `json:"title"`
		Part   int    `json:"part"`
		Status string `json:"status"` // not_started, in_progress, done
		Result string `json:"result"` // not_started, fail, build_error, timeout, pass
		Readme string `json:"readme"`
	}
	doc := struct {
		Root    string       `json:"root"`
		Done    int          `json:"done"`
		Total   int          `json:"total"`
		Current string       `json:"current,omitempty"`
		Next    string       `json:"next"`
		Lessons []lessonJSON `json:"lessons"`
	}{Root: a.root, Done: p.done(), Total: len(p.Statuses), Next: next, Lessons: []lessonJSON{}}
	if cur := p.current(); cur != nil {
		doc.Current = cur.Lesson.Slug
	}
	for _, st := range p.Statuses {
		doc.Lessons = append(doc.Lessons, lessonJSON{
			Slug: st.Lesson.Slug, Number: st.Lesson.Number, Title: st.Lesson.Title, Part: st.Lesson.Part,
			Status: statusKey(st.Outcome), Result: st.Outcome.Key(),
			Readme: "lessons/" + st.Lesson.Slug + "/README.md",
		})
	}
	return writeJSON(a.stdout, doc)
}

// nextStep says in one sentence what to do next about the current lesson:
// the lesson, the file to open and the command to run.
func (a *app) nextStep(st *lessonStatus) string {
	if st == nil {
		return fmt.Sprintf("every lesson passes, well done: try the \"Things to try\" of each lesson's README, or run `%s solution LESSON` to compare your code with the reference solutions.", self)
	}
	l := st.Lesson
	dir := "lessons/" + l.Slug + "/"
	switch st.Outcome {
	case results.NotStarted:
		return fmt.Sprintf("read %sREADME.md, write step 1 in %s%s, then run `%s check` (or `%s watch` to re-grade on every save).",
			dir, dir, l.FirstFile(), self, self)
	case results.BuildError:
		msg := ""
		if st.Run != nil {
			msg = st.Run.Message()
		}
		return fmt.Sprintf("lesson %s does not compile: fix %s, then run `%s check`.", l.Slug, a.compileErrorFile(l, msg), self)
	}
	if st.Run != nil {
		if fails := results.Failures(a.root, l, st.Run); len(fails) > 0 {
			f := fails[0]
			where := a.stepWhere(l, f)
			return fmt.Sprintf("lesson %s fails at %s: fix %s, then run `%s check` to see what your programs printed.",
				l.Slug, f.StepName(), where, self)
		}
	}
	return fmt.Sprintf("lesson %s fails: run `%s check %s` to see why, and fix %s%s.", l.Slug, self, l.Slug, dir, l.FirstFile())
}

// stepWhere names the steps that a failure is about and the files they
// are written in, such as "step 5 in lessons/01-time-server/client/main.go":
// only the failing program's steps when the failure checked one program
// (see results.Failure.StepsAtFault). A step that names no hint points
// to the files of the program it checked.
func (a *app) stepWhere(l *lesson, f *results.Failure) string {
	files := l.StepFiles()
	steps := f.StepsAtFault(files)
	var where, numbers []string
	for _, n := range steps {
		numbers = append(numbers, fmt.Sprint(n))
		for _, file := range files[n] {
			if path := "lessons/" + l.Slug + "/" + file; !slices.Contains(where, path) {
				where = append(where, path)
			}
		}
	}
	if len(where) == 0 {
		// A step that names no hint: the files of the program it checked.
		if prog := f.Program(); prog != "" {
			for _, s := range l.Steps {
				for _, file := range s.Files {
					if path := "lessons/" + l.Slug + "/" + file; strings.HasPrefix(file, prog+"/") && !slices.Contains(where, path) {
						where = append(where, path)
					}
				}
			}
		}
		if len(where) > 0 {
			return joinAnd(where)
		}
		return "lessons/" + l.Slug + "/server/main.go or client/main.go"
	}
	word := "step"
	if len(numbers) > 1 {
		word = "steps"
	}
	return fmt.Sprintf("%s %s in %s", word, joinAnd(numbers), joinAnd(where))
}

// joinAnd joins words as English does: "a", "a and b", "a, b and c".
func joinAnd(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

func writeJSON(w interface{ Write([]byte) (int, error) }, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func unexpectedArgs(v *verb, args []string) error {
	return usageError{fmt.Sprintf("%s: unexpected argument %q (see %s help %s)", v.name, args[0], self, v.name)}
}

// writeFileAtomic writes a file by renaming a temporary file over it.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o666); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
