package results

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/txtar"

	model "example.com/tcpworkshop/internal/lesson"
)

// A Failure is what the log of one failed script says: the step that
// failed, the command, the grader's message with its transcript diff, what
// the programs printed, and the hints that the step names.
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

var (
	logPrefixRE  = regexp.MustCompile(`^(\s*)\S+\.go:\d+: (.*)$`)
	timingRE     = regexp.MustCompile(`\s*\(\d+(?:\.\d+)?s\)$`)
	stepRE       = regexp.MustCompile(`^Step (\d+)\b`)
	failLineRE   = regexp.MustCompile(`^FAIL: (\S+?:\d+): (.*)$`)
	soFarRE      = regexp.MustCompile(`^What (.+) printed so far:$`)
	soFarBlockRE = regexp.MustCompile(`^  \[(stdout|stderr)(: nothing)?\]$`)
)

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

// scriptLines are the comments and commands of a script, to tell them
// apart from program output that looks like them. Nil accepts any.
type scriptLines map[string]bool

// readScriptLines reads the lines of a script in testdata/SLUG.
func readScriptLines(root, slug, script string) scriptLines {
	a, err := txtar.ParseFile(filepath.Join(root, "testdata", slug, script))
	if err != nil {
		return nil
	}
	lines := scriptLines{}
	for _, line := range strings.Split(string(a.Comment), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			lines[line] = true
		}
	}
	return lines
}

func (s scriptLines) has(line string) bool { return s == nil || s[line] }

// parseScriptLog reads the log of a failed script.
func parseScriptLog(script, log string, known scriptLines) *Failure {
	f := &Failure{Script: script}
	lines := logLines(log)
	// With -v (which -json implies) the log starts with the environment.
	if len(lines) > 0 && strings.HasPrefix(lines[0], "WORK=") {
		for len(lines) > 0 && lines[0] != "" {
			lines = lines[1:]
		}
	}
	var (
		inStep       bool
		lastComment  bool
		block        *Output
		lastCommand  string
		stepOutputs  []Output
		messageLines []string
		failed       bool
	)
	closeBlock := func() {
		if block != nil {
			block.Text = trimBlock(block.Text)
			stepOutputs = append(stepOutputs, *block)
			block = nil
		}
	}
	for _, line := range lines {
		if failed {
			messageLines = append(messageLines, line)
			continue
		}
		switch {
		case strings.HasPrefix(line, "# ") && known.has(timingRE.ReplaceAllString(line, "")) || line == "#":
			closeBlock()
			text := strings.TrimSpace(strings.TrimPrefix(timingRE.ReplaceAllString(line, ""), "#"))
			if m := stepRE.FindStringSubmatch(text); m != nil {
				f.Step, _ = strconv.Atoi(m[1])
				f.StepText = text
				f.Commands, stepOutputs, lastCommand = nil, nil, ""
				inStep = true
			} else if lastComment && inStep {
				f.StepText += " " + text
			} else if !inStep {
				f.Description = strings.TrimSpace(f.Description + " " + text)
			} else {
				// A plain comment starts a new part of the script.
				f.Step, f.StepText, inStep = 0, text, true
				f.Commands, stepOutputs, lastCommand = nil, nil, ""
			}
			lastComment = true
			continue
		case strings.HasPrefix(line, "> ") && known.has(line[2:]):
			closeBlock()
			lastCommand = line[2:]
			f.Commands = append(f.Commands, lastCommand)
		case line == "[stdout]" || line == "[stderr]":
			closeBlock()
			block = &Output{From: lastCommand, Stream: strings.Trim(line, "[]")}
		case failLineRE.MatchString(line):
			closeBlock()
			m := failLineRE.FindStringSubmatch(line)
			f.Location, messageLines, failed = m[1], []string{m[2]}, true
			f.Command = lastCommand
		default:
			if block != nil {
				block.Text += line + "\n"
			}
		}
		lastComment = false
	}
	closeBlock()
	if f.StepText != "" {
		f.Hints = model.HintRefs(f.StepText)
	}
	f.Outputs = stepOutputs
	f.Message, f.Diff, f.Outputs = splitMessage(messageLines, f.Outputs)
	if !failed && f.Message == "" {
		// A failure outside any command, such as a setup error.
		f.Message = strings.TrimSpace(strings.Join(lines, "\n"))
	}
	return f
}

// splitMessage separates the grader's message into its text, its
// transcript diff, and the "What NAME printed so far" blocks, which are
// added to the outputs.
func splitMessage(lines []string, outputs []Output) (string, []string, []Output) {
	var text, diff []string
	var block *Output
	inDiff := false
	soFar := ""
	flush := func() {
		if block != nil {
			block.Text = trimBlock(block.Text)
			outputs = append(outputs, *block)
			block = nil
		}
	}
	for _, line := range lines {
		switch {
		case strings.HasPrefix(line, "Lines the lesson expects are marked -"):
			inDiff = true
			continue
		case inDiff && (strings.HasPrefix(line, "Placeholders stand for") || strings.HasPrefix(line, "{{")):
			// The grader's legend of the placeholders the diff shows.
			text = append(text, line)
			continue
		case inDiff && (strings.HasPrefix(line, "  - ") || strings.HasPrefix(line, "  + ") || strings.HasPrefix(line, "    ")):
			diff = append(diff, line[2:])
			continue
		case soFarRE.MatchString(line):
			flush()
			inDiff = false
			soFar = soFarRE.FindStringSubmatch(line)[1]
			continue
		case soFar != "" && soFarBlockRE.MatchString(line):
			flush()
			m := soFarBlockRE.FindStringSubmatch(line)
			block = &Output{From: soFar + " (so far)", Stream: m[1]}
			if m[2] != "" {
				flush()
			}
			continue
		case block != nil && strings.HasPrefix(line, "    "):
			block.Text += line[4:] + "\n"
			continue
		}
		flush()
		soFar, inDiff = "", false
		text = append(text, line)
	}
	flush()
	return strings.TrimSpace(strings.Join(text, "\n")), diff, outputs
}

// trimBlock removes the blank lines and carriage returns at the end of a
// block of output.
func trimBlock(s string) string {
	return strings.TrimRight(s, "\r\n \t")
}

// Failures parses every failed script of a lesson's run, in the order
// a learner should fix them: the failure whose step needs the earliest
// hint first.
func Failures(root string, l *model.Lesson, lr *LessonRun) []*Failure {
	slug := l.Slug
	files := l.StepFiles()
	var fails []*Failure
	for _, t := range lr.Scripts() {
		if t.Action != "fail" {
			continue
		}
		script := strings.TrimPrefix(t.Name, "TestLesson/") + ".txtar"
		fails = append(fails, parseScriptLog(script, t.Output.String(), readScriptLines(root, slug, script)))
	}
	for _, f := range fails {
		f.Location = relativeLocation(root, f.Location)
	}
	sortFailures(fails, files)
	return fails
}

// sortFailures orders failures by their earliest hint, then by script. A
// step without a hint comes after those with one, and so does a step whose
// hints are about another program than the one whose output was wrong
// (a server step that fails because the client prints nothing yet).
func sortFailures(fails []*Failure, files map[int][]string) {
	rank := func(f *Failure) int {
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
	for i := 1; i < len(fails); i++ {
		for j := i; j > 0; j-- {
			a, b := fails[j-1], fails[j]
			if rank(a) < rank(b) || rank(a) == rank(b) && a.Script <= b.Script {
				break
			}
			fails[j-1], fails[j] = b, a
		}
	}
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
// the one the last command that names it ran, stopped or waited for. A scripted
// client (dial) checks the server, a scripted server (listen) the client.
func (f *Failure) Program() string {
	for i := len(f.Commands) - 1; i >= 0; i-- {
		fields := strings.Fields(f.Commands[i])
		if len(fields) > 0 && fields[0] == "!" {
			fields = fields[1:]
		}
		if len(fields) == 0 {
			continue
		}
		switch fields[0] {
		case "dial":
			return "server"
		case "listen":
			return "client"
		default:
			for _, word := range fields[1:] {
				if word == "server" || word == "client" {
					return word
				}
			}
		}
	}
	return ""
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
