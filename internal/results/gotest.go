// Package results reads what "go test -json ./lessons/..." says about the
// lessons: a verdict per lesson (Classify), and for a failed script the
// step, command, message, transcript diff, program output and hints of its
// failure (Failures). The workshop tool and the class report
// (tools/report) read their verdicts through it, so they always agree with
// the grader.
package results

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	model "example.com/tcpworkshop/internal/lesson"
)

// ModulePath is the workshop's Go module.
const ModulePath = "example.com/tcpworkshop"

// testEvent is one line of "go test -json" (see "go doc test2json").
type testEvent struct {
	Action     string
	Package    string
	ImportPath string // build-output and build-fail events
	Test       string
	Output     string
}

// Run is what one "go test -json" run said, by lesson.
type Run struct {
	Lessons  map[string]*LessonRun // by slug
	Stderr   string                // what go test printed outside the JSON stream
	Err      error                 // go test could not run, or was stopped
	TimedOut bool                  // the run's context ran out
	TooMuch  bool                  // it printed more than it may, and was stopped
	Stopped  bool                  // ended on purpose once the verdict was known (see RunGoTestUntil)
	// FullWaits says that a lesson was graded again with the full waits,
	// its short ones having run out on a busy machine (see GradeLesson).
	FullWaits bool
}

// LessonRun is what a run said about one lesson's package.
type LessonRun struct {
	Slug        string
	Action      string // the package's final action: pass, fail, skip; "" if none came
	Output      BoundedText
	BuildFailed bool
	BuildOutput BoundedText
	Tests       map[string]*TestResult
	Order       []string // test names in the order they started
}

// TestResult is one test or subtest of a lesson's package.
type TestResult struct {
	Name   string
	Action string // pass, fail, skip; "" if it never ended
	Output BoundedText
}

func (lr *LessonRun) test(name string) *TestResult {
	if lr.Tests == nil {
		lr.Tests = map[string]*TestResult{}
	}
	t, ok := lr.Tests[name]
	if !ok {
		if len(lr.Tests) >= maxTests {
			name = "(more tests)"
			if t, ok := lr.Tests[name]; ok {
				return t
			}
		}
		t = &TestResult{Name: name}
		lr.Tests[name] = t
		lr.Order = append(lr.Order, name)
	}
	return t
}

// lessonOf returns the slug of the lesson an import path belongs to:
// example.com/tcpworkshop/lessons/01-time-server/server → 01-time-server.
func lessonOf(importPath string) (slug string, own bool) {
	importPath, _, _ = strings.Cut(importPath, " ") // "pkg [pkg.test]"
	rest, ok := strings.CutPrefix(importPath, ModulePath+"/lessons/")
	if !ok {
		return "", false
	}
	slug, sub, _ := strings.Cut(rest, "/")
	return slug, sub == ""
}

// parseTestEvents reads the JSON stream of "go test -json". It keeps
// per test and per package only the start and end of what they printed
// (see BoundedText), and reads the stream one line at a time, so that its
// memory stays bounded however much a run prints.
func parseTestEvents(r io.Reader) (*Run, error) {
	return ParseTestEventsLimit(r, -1)
}

// ErrTooMuchOutput says that a run printed more than it may.
var ErrTooMuchOutput = errors.New("go test printed too much")

// ParseTestEventsLimit is parseTestEvents that stops with
// ErrTooMuchOutput after limit bytes (no limit if negative).
func ParseTestEventsLimit(r io.Reader, limit int64) (*Run, error) {
	return parseTestEventsUntil(r, limit, nil)
}

// errStopped says that the reader of a run's events asked it to stop.
var errStopped = errors.New("stopped after a verdict")

// parseTestEventsUntil is ParseTestEventsLimit that calls stop, when not
// nil, each time a test ends, and returns errStopped as soon as stop
// says yes.
func parseTestEventsUntil(r io.Reader, limit int64, stop func(*Run) bool) (*Run, error) {
	run := &Run{Lessons: map[string]*LessonRun{}}
	lessonRunOf := func(slug string) *LessonRun {
		lr, ok := run.Lessons[slug]
		if !ok {
			lr = &LessonRun{Slug: slug}
			run.Lessons[slug] = lr
		}
		return lr
	}
	var other BoundedText
	lines := lineReader{r: bufio.NewReaderSize(r, 64<<10)}
	for {
		line, err := lines.next()
		if limit >= 0 && lines.read > limit {
			run.Stderr = other.String()
			return run, ErrTooMuchOutput
		}
		if err != nil {
			run.Stderr = other.String()
			if err == io.EOF {
				err = nil
			}
			return run, err
		}
		var e testEvent
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			other.WriteString(string(line))
			other.WriteString("\n")
			continue
		}
		pkg := e.Package
		if pkg == "" {
			pkg = e.ImportPath
		}
		slug, own := lessonOf(pkg)
		if slug == "" {
			continue
		}
		lr := lessonRunOf(slug)
		switch e.Action {
		case "build-output":
			lr.BuildOutput.WriteString(e.Output)
			continue
		case "build-fail":
			lr.BuildFailed = true
			continue
		}
		if !own {
			// The lesson's server and client packages have no tests; their
			// build failures are reported by the grader too.
			continue
		}
		if e.Test == "" {
			switch e.Action {
			case "output":
				lr.Output.WriteString(e.Output)
			case "pass", "fail", "skip":
				lr.Action = e.Action
			}
			continue
		}
		t := lr.test(e.Test)
		switch e.Action {
		case "output":
			t.Output.WriteString(e.Output)
		case "pass", "fail", "skip":
			t.Action = e.Action
			if stop != nil && stop(run) {
				run.Stderr = other.String()
				return run, errStopped
			}
		}
	}
}

// maxLine is the longest line of a "go test -json" stream that is read;
// the rest of a longer line is skipped.
const maxLine = 1 << 20

// lineReader reads lines of at most maxLine bytes and counts the bytes.
type lineReader struct {
	r    *bufio.Reader
	buf  []byte
	read int64
}

func (l *lineReader) next() ([]byte, error) {
	l.buf = l.buf[:0]
	for {
		chunk, err := l.r.ReadSlice('\n')
		l.read += int64(len(chunk))
		if len(l.buf) < maxLine {
			l.buf = append(l.buf, chunk[:min(len(chunk), maxLine-len(l.buf))]...)
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && len(l.buf) > 0:
			return l.buf, nil
		case err != nil:
			return nil, err
		}
		return bytes.TrimRight(l.buf, "\r\n"), nil
	}
}

// Limits on what the tool keeps of what one test or package printed: its
// first and last lines. The grader already bounds what each program
// prints; these bound the rest.
const (
	keepHead = 16 << 10
	keepTail = 48 << 10
	maxTests = 1000 // per lesson; later ones share one entry
)

// BoundedText keeps the first keepHead and the last keepTail bytes written
// to it. The zero value is empty.
type BoundedText struct {
	head, tail []byte
	dropped    int64
}

func (b *BoundedText) WriteString(s string) {
	if room := keepHead - len(b.head); room > 0 && len(b.tail) == 0 {
		n := min(room, len(s))
		b.head = append(b.head, s[:n]...)
		s = s[n:]
	}
	if s == "" {
		return
	}
	b.tail = append(b.tail, s...)
	if len(b.tail) > 2*keepTail {
		cut := len(b.tail) - keepTail
		b.dropped += int64(cut)
		b.tail = append(b.tail[:0:0], b.tail[cut:]...)
	}
}

// String is what was kept, with a line in the middle where part was left
// out.
func (b *BoundedText) String() string {
	if b.dropped == 0 {
		return string(b.head) + string(b.tail)
	}
	return fmt.Sprintf("%s\n[... %d bytes left out ...]\n%s", b.head, b.dropped, b.tail)
}

// GoTest runs "go test -json ARGS..." in the workshop's root and reads its
// events. env is added to the environment; the grader's own variables are
// removed from it first, so that a learner's shell cannot change what the
// tool reports.
func GoTest(ctx context.Context, root string, env []string, args ...string) *Run {
	return RunGoTest(ctx, root, env, false, args)
}

// RunGoTest is GoTest. With group, go test runs in a process group of its
// own, which a cancelled context kills with every program it started: for
// the callers that catch interrupts themselves.
func RunGoTest(ctx context.Context, root string, env []string, group bool, args []string) *Run {
	return runGoTest(ctx, root, env, group, args, nil)
}

// RunGoTestUntil is RunGoTest in a process group of its own, that calls
// stop each time a test ends, with what the run has said so far. When stop
// says yes, go test and everything it started are asked to end (the
// grader then ends its programs and releases its ports), and the run is
// returned as it stands, with Stopped set: tests still running have no
// verdict.
func RunGoTestUntil(ctx context.Context, root string, env []string, args []string, stop func(*Run) bool) *Run {
	return runGoTest(ctx, root, env, true, args, stop)
}

func runGoTest(ctx context.Context, root string, env []string, group bool, args []string, stop func(*Run) bool) *Run {
	cmd := exec.CommandContext(ctx, "go", append([]string{"test", "-json"}, args...)...)
	cmd.Dir = root
	return runEvents(ctx, cmd, env, group, stop)
}

// runEvents runs a command that prints go test's JSON events (go test
// -json, or go tool test2json) and reads them, as runGoTest describes.
func runEvents(ctx context.Context, cmd *exec.Cmd, env []string, group bool, stop func(*Run) bool) *Run {
	// Each failed script's log then carries its failure as data.
	cmd.Env = append(append(CleanEnv(), FailureJSONEnv+"=1"), env...)
	var stderr BoundedText
	cmd.Stderr = &stderr
	if group {
		SetProcessGroup(cmd)
	}
	cmd.Cancel = func() error { return KillProcessGroup(cmd) }
	cmd.WaitDelay = 5 * time.Second
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return &Run{Err: err}
	}
	if err := cmd.Start(); err != nil {
		return &Run{Err: fmt.Errorf("cannot run go test: %w", err)}
	}
	slow := time.AfterFunc(slowAfter, sayGradingIsSlow)
	defer slow.Stop()
	run, parseErr := parseTestEventsUntil(stdout, -1, stop)
	switch {
	case errors.Is(parseErr, errStopped):
		run.Stopped = true
		parseErr = nil
		_ = EndProcessGroup(cmd)
	case parseErr != nil:
		_ = KillProcessGroup(cmd)
	}
	waitErr := cmd.Wait()
	run.Stderr += stderr.String()
	run.Conclude(ctx, parseErr, waitErr)
	return run
}

// Conclude records how a run of go test ended, given the context it ran
// in, the error of reading its JSON stream and the error of waiting for
// it: stopped for printing too much, out of time, unreadable, or failed
// without a word about any lesson.
func (run *Run) Conclude(ctx context.Context, parseErr, waitErr error) {
	switch {
	case errors.Is(parseErr, ErrTooMuchOutput):
		run.TooMuch = true
	case ctx.Err() != nil:
		run.TimedOut = errors.Is(ctx.Err(), context.DeadlineExceeded)
		run.Err = ctx.Err()
	case parseErr != nil:
		run.Err = parseErr
	case waitErr != nil && len(run.Lessons) == 0:
		// go test fails when a test fails; that is news only when it
		// said nothing about any lesson.
		run.Err = fmt.Errorf("go test failed: %v\n%s", waitErr, strings.TrimSpace(run.Stderr))
	}
}

// SlowNotice, when not nil, is told once that go test takes a while: the
// first run compiles the grader and every lesson's tests, for about a
// minute, in silence. runMain sets it to a terminal's standard error.
var (
	SlowNotice     io.Writer
	slowNoticeOnce sync.Once
)

// slowAfter is how long go test may run before SlowNotice is told.
const slowAfter = 3 * time.Second

func sayGradingIsSlow() {
	if SlowNotice == nil {
		return
	}
	slowNoticeOnce.Do(func() {
		fmt.Fprintln(SlowNotice, "Grading with go test. The first run compiles the grader and the lessons' tests, which takes about a minute; later runs take seconds.")
	})
}

// CleanEnv is the tool's environment without the grader's variables.
func CleanEnv() []string {
	var env []string
	exe, _ := os.Executable()
	for _, kv := range os.Environ() {
		name, value, _ := strings.Cut(kv, "=")
		switch strings.ToUpper(name) {
		case model.StrictEnv, model.LessonsEnv:
			continue
		case "PATH":
			kv = name + "=" + shellPATH(value, runtime.GOROOT(), exe)
		}
		env = append(env, kv)
	}
	return env
}

// shellPATH undoes what "go run" does to PATH. The go command puts
// GOROOT/bin first in the PATH of the programs it runs, so the workshop
// tool, run with go run, sees a PATH that the learner's shell does not
// have. go test keys its cached results on PATH (testscript reads it), so
// the tool run with go run would not reuse the results of the same tool
// built with go build, nor they its: every lesson would be graded afresh
// each time. (go test -json, which the tool runs, and a plain go test keep
// results of their own in any case.) The first entry goes when it is GOROOT/bin and the tool was
// built by go run (its program lies in a go-build folder), or PATH has
// that entry again later on.
func shellPATH(path, goroot, exe string) string {
	if goroot == "" {
		return path
	}
	sep := string(os.PathListSeparator)
	first, rest, ok := strings.Cut(path, sep)
	if !ok || filepath.Clean(first) != filepath.Join(goroot, "bin") {
		return path
	}
	again := slices.ContainsFunc(filepath.SplitList(rest), func(p string) bool {
		return p != "" && filepath.Clean(p) == filepath.Join(goroot, "bin")
	})
	if again || builtByGoRun(exe) {
		return rest
	}
	return path
}

// builtByGoRun says whether a program's file is one that go run built: it
// lies in a temporary go-build folder or in the build cache.
func builtByGoRun(exe string) bool {
	for _, part := range strings.Split(filepath.ToSlash(exe), "/") {
		if strings.HasPrefix(part, "go-build") {
			return true
		}
	}
	return false
}

// Outcome is the verdict on one lesson.
type Outcome int

const (
	NotStarted    Outcome = iota // the files are still the skeleton's
	Failing                      // a script fails
	BuildError                   // a program or the lesson's test does not compile
	TimedOut                     // the grading did not finish in time
	Passing                      // every script passes
	TooMuchOutput                // a program, or the run, printed too much
)

func (o Outcome) String() string {
	return [...]string{"not started", "fail", "build error", "timeout", "pass", "printed too much"}[o]
}

// Key is the outcome's name in JSON documents.
func (o Outcome) Key() string {
	return [...]string{"not_started", "fail", "build_error", "timeout", "pass", "too_much_output"}[o]
}

// OutOfTime starts what the grader prints when its test process is about
// to reach go test's -timeout: it stops every program then, so that
// nothing outlives the process, and the scripts still running fail.
const OutOfTime = "grader: the test run is about to exceed -timeout"

// ranOutOfTime reports whether the grader stopped the lesson's tests for
// -timeout (see OutOfTime): its scripts then fail, but the verdict is
// that the time ran out.
func ranOutOfTime(lr *LessonRun) bool {
	if strings.Contains(lr.Output.String(), OutOfTime) {
		return true
	}
	for _, t := range lr.Tests {
		if strings.Contains(t.Output.String(), OutOfTime) {
			return true
		}
	}
	return false
}

// Classify turns what go test said about a lesson into a verdict. The
// grader skips a lesson that is not started, fails it in strict mode with
// a message that says so, and says "does not compile" for a build failure.
func Classify(lr *LessonRun, ranOut bool) Outcome {
	if lr == nil {
		if ranOut {
			return TimedOut
		}
		return NotStarted
	}
	if t := lr.Tests["TestLesson"]; t != nil {
		out := t.Output.String()
		switch t.Action {
		case "pass":
			return Passing
		case "skip":
			return NotStarted
		case "fail":
			switch {
			case strings.Contains(out, "is not started yet"):
				return NotStarted
			case strings.Contains(out, "does not compile"):
				return BuildError
			case strings.Contains(out, "panic: test timed out"), ranOutOfTime(lr):
				return TimedOut
			}
			return Failing
		}
		if ranOut {
			return TimedOut
		}
		return Failing
	}
	switch {
	case lr.BuildFailed || strings.Contains(lr.Output.String(), "[build failed]"):
		return BuildError
	case lr.Action == "fail":
		return Failing
	case lr.Action == "" && ranOut:
		return TimedOut
	}
	// No test ran: a lesson folder without a grader yet.
	return NotStarted
}

// Scripts lists the lesson's scripts (TestLesson/NAME) with their
// verdicts, sorted by name.
func (lr *LessonRun) Scripts() []*TestResult {
	var out []*TestResult
	for _, name := range lr.Order {
		if strings.HasPrefix(name, "TestLesson/") {
			out = append(out, lr.Tests[name])
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Write makes a BoundedText an io.Writer.
func (b *BoundedText) Write(p []byte) (int, error) {
	b.WriteString(string(p))
	return len(p), nil
}
