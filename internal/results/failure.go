package results

import (
	"cmp"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	model "example.com/tcpworkshop/internal/lesson"
)

// A Failure is one failed script, as the grader reports it: the step that
// failed, the command, the grader's message with its transcript diff, what
// the programs printed, and the hints that the step names. The grader
// builds it when the script fails (tools/grader's failure.go) and, when
// FailureJSONEnv is set, writes it into the script's log as one line that
// starts with FailureMarker; the tools read that line, never the sentences
// of the log.
type Failure struct {
	Script      string   `json:"script"`                // "time.txtar"
	Description string   `json:"description,omitempty"` // the script's first comment
	Step        int      `json:"step,omitempty"`        // 0 when the script has no step comments
	StepText    string   `json:"step_text,omitempty"`   // "Step 2: the client connects ..."
	Hints       []int    `json:"hints,omitempty"`       // from "(HINTS.md, hint 5)" or "(hints 5 and 6)"
	Commands    []string `json:"commands,omitempty"`    // the step's commands up to the failing one
	Command     string   `json:"command,omitempty"`     // the command that failed
	Location    string   `json:"location,omitempty"`    // "testdata/01-time-server/time.txtar:10"
	Message     string   `json:"message"`               // the grader's message, without diff and outputs
	Diff        []string `json:"diff,omitempty"`        // the transcript diff, lines "- ...", "+ ...", "  ..."
	Outputs     []Output `json:"outputs,omitempty"`     // what the programs printed in the failing step
}

// Output is one block of a program's output in a script's log.
type Output struct {
	From   string `json:"from"`   // the command that printed it, or "server (so far)"
	Stream string `json:"stream"` // stdout or stderr
	Text   string `json:"text"`   // "" for nothing
}

const (
	// FailureJSONEnv, set to 1 in the environment of go test, makes the
	// grader add the failure of each failed script to the script's log,
	// as one line that starts with FailureMarker. The workshop tool and
	// the class report set it; a learner's own go test -v never shows
	// the line. The grader reads the variable only when a script fails,
	// so that go test's cached passes serve runs with and without it.
	FailureJSONEnv = "WORKSHOP_FAILURE_JSON"
	// FailureMarker starts the line of a script's log that holds its
	// failure as JSON.
	FailureMarker = "workshop-failure-json: "
	// MaxFailureLine bounds that line, marker included: outputs, diff and
	// message are shortened to fit (see FailureLine).
	MaxFailureLine = 32 << 10
)

// FailureLine is the line of a script's log that holds f: FailureMarker,
// f as JSON, and a newline, at most MaxFailureLine bytes. When f is too
// big, the middle of its longest texts is left out, with a line that
// says so, until it fits.
func FailureLine(f *Failure) string {
	c := *f
	c.Outputs = slices.Clone(f.Outputs)
	c.Diff = slices.Clone(f.Diff)
	for keep := MaxFailureLine / 2; keep >= 64; keep /= 2 {
		line := FailureMarker + string(encodeFailure(&c)) + "\n"
		if len(line) <= MaxFailureLine {
			return line
		}
		for i := range c.Outputs {
			c.Outputs[i].Text = shorten(c.Outputs[i].Text, keep)
		}
		c.Message = shorten(c.Message, keep)
		if n := len(c.Diff); n > 0 && keep < MaxFailureLine/4 {
			// Keep the diff's first lines: where the output parts from
			// the transcript comes first.
			lines := max(1, keep/256)
			if n > lines {
				c.Diff = append(c.Diff[:lines:lines], fmt.Sprintf("  [... %d more lines of the diff left out ...]", n-lines))
			}
			for i := range c.Diff {
				c.Diff[i] = shorten(c.Diff[i], keep/4)
			}
		}
	}
	// Too many parts for any length of each: what the failure is about,
	// without them.
	small := Failure{Script: f.Script, Step: f.Step, StepText: shorten(f.StepText, 1024), Hints: f.Hints,
		Command: shorten(f.Command, 1024), Location: f.Location, Message: shorten(f.Message, 4096)}
	return FailureMarker + string(encodeFailure(&small)) + "\n"
}

// encodeFailure is f as JSON, with <, > and & as they are.
func encodeFailure(f *Failure) []byte {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		// A Failure holds strings and numbers only.
		panic(err)
	}
	return []byte(strings.TrimSuffix(b.String(), "\n"))
}

// shorten keeps the first and last keep/2 bytes of s, on whole UTF-8
// characters, with a line between them that says how much was left out.
func shorten(s string, keep int) string {
	if len(s) <= keep {
		return s
	}
	head, tail := keep/2, len(s)-keep/2
	for head > 0 && !utf8.RuneStart(s[head]) {
		head--
	}
	for tail < len(s) && !utf8.RuneStart(s[tail]) {
		tail++
	}
	return fmt.Sprintf("%s\n[... %d bytes left out ...]\n%s", s[:head], tail-head, s[tail:])
}

// ReadFailure reads the failure of a script from its output as go test
// -json reports it (see readFailure).
func ReadFailure(script, out string) *Failure {
	return readFailure(script, logLines(out))
}

// readFailure reads the failure of a script from the lines of its log:
// the last line that starts with FailureMarker, which the grader writes
// last. A log without one (see fallbackFailure) gives the failure that
// the log alone can tell.
func readFailure(script string, lines []string) *Failure {
	for i := len(lines) - 1; i >= 0; i-- {
		data, ok := strings.CutPrefix(strings.TrimLeft(lines[i], " \t"), FailureMarker)
		if !ok {
			continue
		}
		var f Failure
		if err := json.Unmarshal([]byte(data), &f); err == nil && f.Script != "" {
			return &f
		}
	}
	return fallbackFailure(script, lines)
}

// fallbackFailure is the failure of a script whose log lacks the grader's
// failure line. That happens when the script did not end the way the
// grader reports: a command panicked (a bug in the grader), or go test's
// -timeout stopped the test before testscript wrote the log. The failure
// is then the log itself, as the message, with no step: the log is shown
// as it is, and nothing is read from its sentences.
func fallbackFailure(script string, lines []string) *Failure {
	// With -v (which -json implies) the log starts with the environment.
	if len(lines) > 0 && strings.HasPrefix(lines[0], "WORK=") {
		for len(lines) > 0 && lines[0] != "" {
			lines = lines[1:]
		}
	}
	msg := strings.TrimSpace(strings.Join(lines, "\n"))
	if msg == "" {
		msg = "the script failed without a word: go test may have stopped it (its -timeout), or the grader crashed."
	}
	return &Failure{Script: script, Message: msg}
}

// logLines turns the output of a test, as go test -json reports it, into the
// lines of its log: without go test's framing lines, the "file.go:NN:"
// prefix and the indentation.
func logLines(out string) []string {
	var lines []string
	indent := -1
	for _, line := range strings.Split(strings.ReplaceAll(out, "\r\n", "\n"), "\n") {
		if strings.HasPrefix(line, "=== ") || strings.HasPrefix(line, "--- ") {
			continue
		}
		if m := logPrefixRE.FindStringSubmatch(line); m != nil && (indent < 0 || len(m[1]) < indent) {
			indent = len(m[1]) + 4
			lines = append(lines, m[2])
			continue
		}
		if indent < 0 {
			continue
		}
		n := 0
		for n < len(line) && n < indent && line[n] == ' ' {
			n++
		}
		lines = append(lines, strings.TrimRight(line[n:], "\r"))
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// logPrefixRE matches the first line of a test's log in go test's output:
// "    testscript.go:584: # the script's first comment".
var logPrefixRE = regexp.MustCompile(`^(\s*)\S+\.go:\d+: (.*)$`)

// ParseScriptLog reads the failure of a script of the workshop in root
// from its log as testscript wrote it, without go test's framing: the log
// that a grader's test records (tools/grader's Recorder), with or without
// the failure line. It reads it as Failures reads the logs of go test
// -json.
func ParseScriptLog(root, script, log string) *Failure {
	lines := strings.Split(strings.ReplaceAll(log, "\r\n", "\n"), "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	f := readFailure(script, lines)
	f.Location = relativeLocation(root, f.Location)
	return f
}

// Failures reads the failure of every failed script of a lesson's run, in the order
// a learner should fix them: the failure whose step needs the earliest
// hint first.
func Failures(root string, l *model.Lesson, lr *LessonRun) []*Failure {
	var fails []*Failure
	for _, t := range lr.Scripts() {
		if t.Action != "fail" {
			continue
		}
		script := strings.TrimPrefix(t.Name, "TestLesson/") + ".txtar"
		fails = append(fails, ReadFailure(script, t.Output.String()))
	}
	for _, f := range fails {
		f.Location = relativeLocation(root, f.Location)
	}
	SortFailures(fails, l)
	return fails
}

// SortFailures orders the failures of a lesson's scripts as a learner
// should read them: the first is the one that explains the mistake best.
// The workshop tool shows them in this order, and the grader's tests
// check with it that each wrong solution leads with the failure that
// teaches.
func SortFailures(fails []*Failure, l *model.Lesson) {
	sortFailures(fails, l)
}

// sortFailures orders failures so that the first one explains the
// mistake, by these rules, each deciding only between failures that the
// rules before it leave equal:
//
//  1. A failure that the grader explains comes before a raw network
//     error of a scripted peer ("read tcp ...: connection reset by
//     peer"), which says what broke but not why.
//  2. When a scripted client shows that the server sent the wrong bytes,
//     the failures of the client's output while the learner's own server
//     served it come after: the client may only have passed the server's
//     mistake on.
//  3. The lesson's teaching order of its scripts (lesson.json's
//     "scripts"): those that show the README's transcripts first, those
//     about errors and rude peers last.
//  4. The earliest hint of the failing step, a step whose hints are all
//     about another program than the one it found wrong coming after the
//     others.
//  5. The script's name.
func sortFailures(fails []*Failure, l *model.Lesson) {
	files := l.StepFiles()
	serverSentWrong := slices.ContainsFunc(fails, func(f *Failure) bool { return !f.RawNetworkError() && f.checkedByScriptedClient() })
	type key struct{ raw, relayed, script, hint int }
	keyOf := func(f *Failure) key {
		k := key{script: l.ScriptRank(f.Script), hint: hintRank(f, files)}
		if f.RawNetworkError() {
			k.raw = 1
		}
		if serverSentWrong && f.relaysServer() {
			k.relayed = 1
		}
		return k
	}
	slices.SortStableFunc(fails, func(a, b *Failure) int {
		ka, kb := keyOf(a), keyOf(b)
		return cmp.Or(
			cmp.Compare(ka.raw, kb.raw),
			cmp.Compare(ka.relayed, kb.relayed),
			cmp.Compare(ka.script, kb.script),
			cmp.Compare(ka.hint, kb.hint),
			cmp.Compare(a.Script, b.Script),
		)
	})
}

// hintRank is the earliest hint of a failure's step, plus a penalty when
// none of its hints is about the program whose output was wrong (a server
// step that fails because the client prints nothing yet), and more when
// the step names no hint.
func hintRank(f *Failure, files map[int][]string) int {
	best := 1 << 20
	for _, h := range f.Hints {
		best = min(best, h)
	}
	if prog := f.Program(); prog != "" && len(files) > 0 {
		about := false
		for _, h := range f.Hints {
			for _, file := range files[h] {
				about = about || strings.HasPrefix(file, prog+"/")
			}
		}
		if !about {
			best += 1 << 10
		}
	}
	return best
}

// rawNetworkErrorRE matches the error of a network operation as Go words
// it: "read tcp 127.0.0.1:5->127.0.0.1:6: read: connection reset by peer",
// "close tcp ...: shutdown: transport endpoint is not connected".
var rawNetworkErrorRE = regexp.MustCompile(`\b(?:dial|read|write|close|accept|listen) (?:tcp|udp)[46]? \S`)

// RawNetworkError reports whether a failure's message is only the raw
// error of a network operation of a scripted peer, rather than the
// grader's explanation.
func (f *Failure) RawNetworkError() bool {
	return rawNetworkErrorRE.MatchString(firstLine(strings.TrimSpace(f.Message)))
}

// checkedByScriptedClient reports whether the failing step found the
// server wrong through a scripted client (dial or connect): the server
// alone is at fault.
func (f *Failure) checkedByScriptedClient() bool {
	_, scripted := f.checked()
	return scripted
}

// relaysServer reports whether a failure is of the client's output in a
// step where no scripted server (listen) stood in for the learner's own
// server: what the client printed came from the learner's server.
func (f *Failure) relaysServer() bool {
	if f.Program() != "client" {
		return false
	}
	for _, fields := range f.commandFields() {
		if fields[0] == "listen" {
			return false
		}
	}
	return true
}

// checkCommands are the script commands that check the output of the
// command before them, rather than run or wait for a program.
var checkCommands = map[string]bool{
	"stdout": true, "stderr": true, "transcript": true, "oneline": true,
	"samebytes": true, "cmp": true, "exists": true, "grep": true,
}

// commandFields splits the failing step's commands into words, from the
// last to the first, without the "!" that negates them.
func (f *Failure) commandFields() [][]string {
	var all [][]string
	for i := len(f.Commands) - 1; i >= 0; i-- {
		fields := strings.Fields(f.Commands[i])
		if len(fields) > 0 && fields[0] == "!" {
			fields = fields[1:]
		}
		if len(fields) > 0 {
			all = append(all, fields)
		}
	}
	return all
}

// relativeLocation shows a script's path relative to the workshop's root.
func relativeLocation(root, loc string) string {
	if loc == "" {
		return ""
	}
	if rel, ok := strings.CutPrefix(filepath.ToSlash(loc), filepath.ToSlash(root)+"/"); ok {
		return rel
	}
	if i := strings.LastIndex(filepath.ToSlash(loc), "testdata/"); i >= 0 {
		return filepath.ToSlash(loc)[i:]
	}
	return loc
}

// MessageOf is the log of a test that failed outside its scripts, such
// as a build failure, without go test's framing and prefixes.
func MessageOf(t *TestResult) string {
	return strings.TrimSpace(strings.Join(logLines(t.Output.String()), "\n"))
}

// CompilerLineRE matches a compiler error about a lesson program's file.
var CompilerLineRE = regexp.MustCompile(`(?m)^((?:server|client)/[^\s:]+\.go:\d+)`)

// PointCompilerErrors makes the compiler's "server/main.go:12:3" paths
// relative to the workshop's root, so that editors can open them.
func PointCompilerErrors(msg, slug string) string {
	return CompilerLineRE.ReplaceAllString(msg, "lessons/"+slug+"/$1")
}

// Program names the lesson program that the failing step was checking:
// the one that the failing command ran, stopped or waited for, or, for a
// check such as transcript, the command whose output it read. A scripted
// client (dial, connect) checks the server, a scripted server (listen)
// the client. A name given with start in the same step stands for its
// program: "start first server" makes "waitfor first ..." about the
// server. It is "" when the command names no program that the step
// shows.
func (f *Failure) Program() string {
	prog, _ := f.checked()
	return prog
}

// checked finds the command that the failure is about, and returns the
// program it checked and whether a scripted client (dial, connect) did
// the checking.
func (f *Failure) checked() (prog string, scripted bool) {
	names := map[string]string{} // start and connect names
	peers := map[string]bool{}   // connect names
	fields := f.commandFields()
	for i := len(fields) - 1; i >= 0; i-- {
		args := withoutFlags(fields[i][1:])
		switch {
		case fields[i][0] == "start" && len(args) >= 2:
			names[args[0]] = args[1]
		case fields[i][0] == "connect" && len(args) >= 1:
			names[args[0]], peers[args[0]] = "server", true
		}
	}
	for _, fields := range fields {
		if checkCommands[fields[0]] {
			continue
		}
		args := withoutFlags(fields[1:])
		switch {
		case fields[0] == "dial" || fields[0] == "connect":
			return "server", true
		case fields[0] == "listen":
			return "client", false
		case fields[0] == "start" && len(args) >= 2:
			return args[1], false
		case len(args) == 0:
			return "", false
		case names[args[0]] != "":
			return names[args[0]], peers[args[0]]
		case isProgramName(args[0]):
			return args[0], false
		}
		return "", false
	}
	return "", false
}

// withoutFlags drops the flags that start a command's arguments, such as
// "-status 1" of run or "-pipe" of start.
func withoutFlags(args []string) []string {
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		if args[0] == "-pipe" || len(args) == 1 {
			args = args[1:]
			continue
		}
		args = args[2:]
	}
	return args
}

// isProgramName reports whether a word names a lesson's program: server,
// client, or one such as short-server.
func isProgramName(word string) bool {
	return word == "server" || word == "client" || strings.HasSuffix(word, "-server") || strings.HasSuffix(word, "-client")
}

// StepsAtFault lists the lesson's steps that a failure is about: the
// steps its script step names by their hints (hint N belongs to step N),
// but, when the failing command checked one program and some of those
// steps are written in that program's files, only those. A step of a
// script that names a server hint and a client hint, and fails because
// the client printed the wrong words, is about the client's step.
// files maps each step to its files, as Lesson.StepFiles does.
func (f *Failure) StepsAtFault(files map[int][]string) []int {
	prog := f.Program()
	if prog == "" {
		return f.Hints
	}
	var steps []int
	for _, h := range f.Hints {
		if slices.ContainsFunc(files[h], func(file string) bool { return strings.HasPrefix(file, prog+"/") }) {
			steps = append(steps, h)
		}
	}
	if len(steps) == 0 {
		return f.Hints
	}
	return steps
}

// Where names the place of a failure in its script: "wire.txtar:30, step 4".
func (f *Failure) Where() string {
	place := f.Script
	if _, line, ok := strings.Cut(f.Location, ".txtar:"); ok {
		place += ":" + line
	}
	if f.Step > 0 {
		place += fmt.Sprintf(", step %d", f.Step)
	}
	return place
}

// Summary says in one line what went wrong: the grader's message rather
// than the step's title, since the title says what the step checks, which
// may not be what failed.
func (f *Failure) Summary() string {
	if msg := strings.TrimSpace(firstLine(strings.TrimSpace(f.Message))); msg != "" {
		return msg
	}
	if f.Command != "" {
		return "> " + f.Command
	}
	return f.StepText
}

// Message is what the lesson's test said outside its scripts.
func (lr *LessonRun) Message() string {
	if t := lr.Tests["TestLesson"]; t != nil {
		if msg := MessageOf(t); msg != "" {
			return msg
		}
	}
	msg := strings.TrimSpace(lr.BuildOutput.String() + lr.Output.String())
	if msg == "" {
		msg = "go test reported the lesson as failed without saying why."
	}
	return msg
}

// firstLine is the first line of s.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// StepName names the failing step: "step 2 of time.txtar".
func (f *Failure) StepName() string {
	if f.Step > 0 {
		return fmt.Sprintf("step %d of %s", f.Step, f.Script)
	}
	return f.Script
}
