package grader

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"example.com/tcpworkshop/internal/lesson"
	"example.com/tcpworkshop/internal/results"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"
)

// A failed script is reported twice: as its log, for people, and as a
// results.Failure, for the tools. The grader builds the Failure itself,
// from what it knows when the script fails, so that the tools never read
// the log's sentences:
//
//   - the command that fails says what went wrong in parts (a failure):
//     its message, the transcript diff, and what the programs had printed
//     so far (each task notes the outputs it shows, see noteReport);
//   - the script file gives, for the failing line, the step, its hints,
//     its commands and the script's description;
//   - testscript's framing of the log gives the failing line ("FAIL:
//     FILE:LINE:") and what the step's commands printed ("> COMMAND",
//     "[stdout]", "[stderr]"): testscript's format, not the grader's
//     words.
//
// A failure of testscript's own commands (stdout, stderr, cmp, ...) has
// no parts: its message is the log's text after the FAIL line, as
// readableLog rewrote it.

// A failure is what a command found wrong, in parts.
type failure struct {
	message string // for people, without the diff
	legend  string // what the placeholders of the diff stand for, or ""
	diff    string // a transcript diff, lines "  - ...", "  + ...", "    ...", or ""
	early   bool   // add the programs that had ended by themselves (see endedEarly)
	hints   []int  // the hints that explain it better than its step's, or nil
}

// diffHeader introduces a transcript diff in a message for people.
const diffHeader = "\nLines the lesson expects are marked -, lines the program printed are marked +."

// forPeople is the failure as the script's log shows it.
func (f failure) forPeople() string {
	if f.diff == "" {
		return f.message + f.legend
	}
	return f.message + diffHeader + f.legend + "\n" + f.diff
}

// fatal fails the script with f: it notes f's parts for the script's
// results.Failure, then fails as ts.Fatalf does, with the same text.
func fatal(ts *testscript.TestScript, f failure) {
	human, typed := f.forPeople(), f.message+f.legend
	if f.early {
		early, mapCrash := endedEarly(ts)
		if h := state(ts).raceHint; mapCrash && h > 0 {
			f.hints = []int{h}
		}
		if early != "" {
			human += early
			if f.diff != "" {
				// For people, the diff parts the note from the message.
				typed += "\n"
			}
			typed += early
		}
	}
	st := state(ts)
	if st.failure != nil {
		n := st.failure
		n.mu.Lock()
		n.set = true
		n.message, n.outputs = cutReports(typed, st.tasks)
		n.diff = diffLines(f.diff)
		n.hints = f.hints
		n.mu.Unlock()
	}
	ts.Fatalf("%s", human)
}

// fatalf is ts.Fatalf for a message that may show what programs printed
// (see task.report): it notes the message's parts.
func fatalf(ts *testscript.TestScript, format string, args ...any) {
	fatal(ts, failure{message: fmt.Sprintf(format, args...)})
}

// failureNotes are the parts of a script's failure that its failing
// command noted, for the script's T to build the results.Failure.
type failureNotes struct {
	mu      sync.Mutex
	set     bool
	message string
	diff    []string
	hints   []int
	outputs []results.Output
	// output names whose output the script's stdout and stderr hold now,
	// for the failures of the commands that check them (see noteOutput).
	output string
}

// noteOutput notes whose output the script's stdout and stderr hold from
// now on, in words for a learner (task.owner).
func noteOutput(ts *testscript.TestScript, owner string) {
	if n := state(ts).failure; n != nil {
		n.mu.Lock()
		n.output = owner
		n.mu.Unlock()
	}
}

// outputOwner is whose output the script's stdout and stderr hold, or
// "the program" when that is not known.
func outputOwner(ts *testscript.TestScript) string {
	if owner := state(ts).failure.owner(); owner != "" {
		return owner
	}
	return "the program"
}

// owner is whose output the script's stdout and stderr hold (see
// noteOutput), or "" when that is not known.
func (n *failureNotes) owner() string {
	if n == nil {
		return ""
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.output
}

// A soFar is what a task had printed when a failure message showed it
// (task.report): the text the message holds, and the outputs.
type soFar struct {
	text           string
	stdout, stderr string
}

// maxReports bounds the reports a task keeps: a failure shows a task once
// or twice.
const maxReports = 4

// noteReport keeps the report that a failure message is about to show.
func (t *task) noteReport(text, stdout, stderr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.reports) == maxReports {
		t.reports = t.reports[1:]
	}
	t.reports = append(t.reports, soFar{text, stdout, stderr})
}

// cutReports takes out of msg the reports of the tasks that it shows,
// and returns the rest, trimmed, and their outputs in the order msg
// shows them.
func cutReports(msg string, tasks map[string]*task) (string, []results.Output) {
	type shown struct {
		name string
		soFar
	}
	var all []shown
	for name, t := range tasks {
		t.mu.Lock()
		for _, r := range t.reports {
			all = append(all, shown{name, r})
		}
		t.mu.Unlock()
	}
	var outputs []results.Output
	used := make([]bool, len(all))
	for {
		first, at := -1, len(msg)
		for i, r := range all {
			if j := strings.Index(msg, r.text); !used[i] && j >= 0 && j < at {
				first, at = i, j
			}
		}
		if first < 0 {
			break
		}
		used[first] = true
		r := all[first]
		msg = msg[:at] + msg[at+len(r.text):]
		outputs = append(outputs,
			results.Output{From: r.name + " (so far)", Stream: "stdout", Text: asShown(r.stdout)},
			results.Output{From: r.name + " (so far)", Stream: "stderr", Text: asShown(r.stderr)})
	}
	return strings.TrimSpace(msg), outputs
}

// diffLines are the lines of a transcript diff without their indentation.
func diffLines(diff string) []string {
	var lines []string
	for _, line := range strings.Split(strings.TrimRight(diff, "\n"), "\n") {
		if line != "" {
			lines = append(lines, strings.TrimPrefix(line, "  "))
		}
	}
	return lines
}

// asShown is a program's output as a failure shows it: without the blank
// lines at its end, and without a carriage return at the end of a line.
func asShown(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimRight(s, "\r\n \t")
}

// scriptT is the testscript.T of one script. It rewrites the script's log
// for people (readableLog), builds the script's results.Failure when it
// fails, and, when results.FailureJSONEnv is set, adds the failure to the
// log as one line. A Recorder gets the failure in its Failure field, read
// back from that line.
type scriptT struct {
	testscript.T
	file    string // the script's file
	failure *failureNotes
}

// notesFor returns the failure notes of the script whose T is t.
func notesFor(t testscript.T) *failureNotes {
	if s, ok := t.(*scriptT); ok {
		return s.failure
	}
	return nil
}

func (s *scriptT) Log(args ...any) {
	log, ok := "", len(args) == 1
	if ok {
		log, ok = args[0].(string)
	}
	if !ok {
		readableT{T: s.T}.Log(args...)
		return
	}
	human := readableLogOf(log, s.failure.owner())
	if f := s.build(log, human); f != nil {
		line := results.FailureLine(f)
		if rec, ok := s.T.(*Recorder); ok {
			rec.mu.Lock()
			rec.Failure = results.ParseScriptLog("", f.Script, line)
			rec.mu.Unlock()
		}
		// Read only when a script fails: go test keys its cached results
		// on the variables a test reads, and a pass is all it caches.
		if os.Getenv(results.FailureJSONEnv) == "1" {
			if !strings.HasSuffix(human, "\n") {
				human += "\n"
			}
			human += line
		}
	}
	s.T.Log(human)
}

// timingRE matches the time that testscript adds to the last comment line
// of a part of the script once the part is over: " (0.003s)".
var timingRE = regexp.MustCompile(`^ \(\d+(?:\.\d+)?s\)$`)

// build makes the results.Failure of the script from its log as testscript
// wrote it (raw), the log for people (human), the script file, and what
// the failing command noted. It returns nil when the log shows no failure
// of a script line: the script passed, or a command panicked.
func (s *scriptT) build(raw, human string) *results.Failure {
	failAt, lineno := failLine(raw, s.file)
	if failAt < 0 {
		return nil
	}
	name := filepath.Base(s.file)
	f := &results.Failure{
		Script:   name,
		Location: "testdata/" + filepath.Base(filepath.Dir(s.file)) + "/" + name + ":" + strconv.Itoa(lineno),
	}
	step := s.stepOf(f, lineno)
	f.Outputs = stepOutputs(strings.Split(raw[:failAt], "\n"), step)
	n := s.failure
	if n != nil {
		n.mu.Lock()
		defer n.mu.Unlock()
	}
	if n != nil && n.set {
		f.Message, f.Diff = n.message, n.diff
		f.Outputs = append(f.Outputs, n.outputs...)
		if n.hints != nil {
			f.Hints = n.hints
		}
		return f
	}
	// testscript's own commands: the message is the text after the FAIL
	// line's prefix, as readableLog wrote it.
	if at, _ := failLine(human, s.file); at >= 0 {
		_, msg, _ := strings.Cut(human[at:], ": ")
		_, msg, _ = strings.Cut(msg, ": ")
		f.Message = strings.TrimSpace(msg)
	}
	return f
}

// failLine finds the line that testscript's Fatalf writes when a line of
// the script file fails, "FAIL: FILE:LINE: message", and returns its
// offset in log and LINE, or -1 when there is none.
func failLine(log, file string) (at, lineno int) {
	prefix := "FAIL: " + file + ":"
	for at = len(log); at > 0; {
		at = strings.LastIndex(log[:at], prefix)
		if at < 0 {
			break
		}
		if at == 0 || log[at-1] == '\n' {
			digits, _, ok := strings.Cut(log[at+len(prefix):], ": ")
			if n, err := strconv.Atoi(digits); ok && err == nil {
				return at, n
			}
		}
	}
	return -1, 0
}

// A scriptStep is the part of a script that a failing line belongs to:
// its comment lines and its commands up to the failing one, as written.
type scriptStep struct {
	comments []string
	commands []string
}

// stepOf fills in f's description, step, hints and commands from the
// script file, for the failing line lineno, and returns the lines of the
// failing step. It reads the comments as the workshop writes them (see
// testdata/README.md): the script's description first, then "# Step N:
// ..." comments, each maybe on several lines. A plain comment after some
// of a step's commands adds to the step's text, and the commands and
// outputs of the failure start after it.
func (s *scriptT) stepOf(f *results.Failure, lineno int) scriptStep {
	var step scriptStep
	a, err := txtar.ParseFile(s.file)
	if err != nil {
		return step
	}
	lines := strings.Split(string(a.Comment), "\n")
	inStep, lastComment := false, false
	for i := 0; i < lineno && i < len(lines); i++ {
		line := strings.TrimRight(lines[i], "\r")
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "#"):
			text := strings.TrimSpace(strings.TrimPrefix(line, "#"))
			if m := stepRE.FindStringSubmatch(text); m != nil {
				f.Step, _ = strconv.Atoi(m[1])
				f.StepText, inStep = text, true
				f.Commands, step = nil, scriptStep{}
			} else if lastComment && inStep {
				f.StepText += " " + text
			} else if !inStep {
				f.Description = strings.TrimSpace(f.Description + " " + text)
			} else {
				// A plain comment after a step's commands says what the
				// step checks next: the step goes on, from there.
				f.StepText += " " + text
				f.Commands, step = nil, scriptStep{}
			}
			step.comments = append(step.comments, line)
			lastComment = true
			continue
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
			// testscript neither runs nor shows such a line.
			continue
		}
		step.commands = append(step.commands, line)
		command, conditional := withoutConditions(trimmed)
		if i == lineno-1 {
			f.Command = command
			f.Commands = append(f.Commands, command)
		} else if !conditional {
			f.Commands = append(f.Commands, command)
		}
		if !conditional {
			lastComment = false
		}
	}
	if f.StepText != "" {
		f.Hints = lesson.HintRefs(f.StepText)
	}
	return step
}

// stepRE matches the comment that starts a step: "Step 2: ...".
var stepRE = regexp.MustCompile(`^Step (\d+)\b`)

// withoutConditions strips the conditions that start a script line
// ("[!windows] signal server INT"), and reports whether there were any:
// such a line may not have run.
func withoutConditions(line string) (string, bool) {
	conditional := false
	for strings.HasPrefix(line, "[") {
		end := strings.Index(line, "]")
		if end < 0 {
			break
		}
		line, conditional = strings.TrimSpace(line[end+1:]), true
	}
	return line, conditional
}

// stepOutputs finds, in the lines of a script's log before its FAIL line,
// what each command of the failing step printed: testscript shows a
// command as "> COMMAND" and its outputs after it, each after a line
// "[stdout]" or "[stderr]". The step's comment lines are found first, in
// order, so that only the step's own part of the log is read.
func stepOutputs(log []string, step scriptStep) []results.Output {
	if len(step.comments) == 0 && len(step.commands) == 0 {
		return nil
	}
	at := 0
	for _, c := range step.comments {
		for j := at; j < len(log); j++ {
			if rest, ok := strings.CutPrefix(strings.TrimRight(log[j], "\r"), c); ok && (rest == "" || timingRE.MatchString(rest)) {
				at = j + 1
				break
			}
		}
	}
	type echo struct {
		from string
		at   int
	}
	var echoes []echo
	for _, c := range step.commands {
		for j := at; j < len(log); j++ {
			if strings.TrimRight(log[j], "\r") == "> "+c {
				from, _ := withoutConditions(strings.TrimSpace(c))
				echoes = append(echoes, echo{from, j})
				at = j + 1
				break
			}
		}
	}
	var outputs []results.Output
	for i, e := range echoes {
		end := len(log)
		if i+1 < len(echoes) {
			end = echoes[i+1].at
		}
		outputs = append(outputs, outputBlocks(e.from, log[e.at+1:end])...)
	}
	return outputs
}

// outputBlocks reads testscript's "[stdout]" and "[stderr]" blocks of one
// command's log.
func outputBlocks(from string, lines []string) []results.Output {
	var outputs []results.Output
	var block *results.Output
	flush := func() {
		if block != nil {
			block.Text = asShown(block.Text)
			outputs = append(outputs, *block)
			block = nil
		}
	}
	for _, line := range lines {
		line = strings.TrimRight(line, "\r")
		if (line == "[stdout]" && block == nil) || (line == "[stderr]" && (block == nil || block.Stream == "stdout")) {
			flush()
			block = &results.Output{From: from, Stream: strings.Trim(line, "[]")}
			continue
		}
		if block != nil {
			block.Text += line + "\n"
		}
	}
	flush()
	return outputs
}
