package grader

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"regexp/syntax"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// A task is something a script started in the background: a lesson program
// (a process) or a scripted peer (see peer.go). Its standard output and
// standard error are kept for the script to check once it has ended.
type task struct {
	name string

	mu     sync.Mutex
	stdout boundedBuffer
	stderr boundedBuffer
	// wake receives a value after each write, so that a waiter can look again.
	wake chan struct{}

	done    chan struct{} // closed when the task has ended
	err     error         // why it ended; set before done is closed
	stopped bool          // the script stopped it on purpose
	awaited bool          // the script waited for it to end
	program bool          // a program, not a scripted peer
	prog    string        // the lesson's program it runs ("client"), for a program
	role    string        // "client" or "server", for a scripted peer

	kill func() // ends the task at once
	stop func() // asks the task to end

	stopping chan struct{} // closed when the script ends the task
	stopOnce sync.Once

	process *os.Process // the program's process, for signal
	stdin   *os.File    // the pipe to its standard input, with start -pipe

	reports []soFar // what failure messages showed of its output (see noteReport)
}

func newTask(name string) *task {
	return &task{name: name, wake: make(chan struct{}, 1), done: make(chan struct{}), stopping: make(chan struct{})}
}

// onStop returns f preceded by telling the task's actions that the script
// is ending it (see the peer action hold).
func (t *task) onStop(f func()) func() {
	return func() {
		t.stopOnce.Do(func() { close(t.stopping) })
		f()
	}
}

// streamWriter appends to one of a task's streams under the task's lock.
type streamWriter struct {
	t   *task
	buf *boundedBuffer
}

func (w streamWriter) Write(p []byte) (int, error) {
	w.t.mu.Lock()
	w.buf.Write(p)
	w.t.mu.Unlock()
	select {
	case w.t.wake <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (t *task) stdoutWriter() io.Writer { return streamWriter{t, &t.stdout} }
func (t *task) stderrWriter() io.Writer { return streamWriter{t, &t.stderr} }

// output returns what the task has written so far, with the middle of a
// very long stream left out (see boundedBuffer).
func (t *task) output() (stdout, stderr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.stdout.String(), t.stderr.String()
}

// stream returns one stream's output so far and how many lines it has had.
func (t *task) stream(name string) (text string, lines int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	buf := &t.stderr
	if name == "stdout" {
		buf = &t.stdout
	}
	return buf.String(), buf.lines
}

func (t *task) finish(err error) {
	t.err = err
	close(t.done)
}

func (t *task) exited() bool {
	select {
	case <-t.done:
		return true
	default:
		return false
	}
}

// waitFor waits until the task's stream matches re, the task ends, or the
// timeout passes. It returns the match's submatches. With strict, a match
// on the other stream fails at once: the line was printed on the wrong one.
func (t *task) waitFor(stream string, re *regexp.Regexp, timeout time.Duration, strict bool) ([]string, error) {
	var m []string
	what := describeLine(re)
	err := t.waitUntil(stream, what, timeout, func(text string, _ int64) bool {
		m = re.FindStringSubmatch(text)
		return m != nil
	}, func(other string) bool { return strict && re.MatchString(other) })
	return m, err
}

// describeLine says in words which line re looks for: `the line "hello"`
// for ^hello$, `a line starting with "Listening on "` for ^Listening on ,
// and the pattern itself, `a line matching ...`, for any other.
func describeLine(re *regexp.Regexp) string {
	pattern := strings.TrimPrefix(re.String(), "(?m)")
	parsed, err := syntax.Parse(pattern, syntax.Perl)
	if err == nil {
		parsed = parsed.Simplify()
	}
	if err == nil && parsed.Op == syntax.OpConcat && len(parsed.Sub) >= 2 && len(parsed.Sub) <= 3 {
		begin, text := parsed.Sub[0], parsed.Sub[1]
		plain := text.Op == syntax.OpLiteral && text.Flags&syntax.FoldCase == 0 &&
			(begin.Op == syntax.OpBeginLine || begin.Op == syntax.OpBeginText)
		switch {
		case plain && len(parsed.Sub) == 2:
			return fmt.Sprintf("a line starting with %q", string(text.Rune))
		case plain && (parsed.Sub[2].Op == syntax.OpEndLine || parsed.Sub[2].Op == syntax.OpEndText):
			return fmt.Sprintf("the line %q", string(text.Rune))
		}
	}
	return fmt.Sprintf("a line matching `%s`", pattern)
}

// waitLines waits until the task has printed at least n whole lines on
// the stream, whatever they say.
func (t *task) waitLines(stream string, n int64, timeout time.Duration) error {
	return t.waitUntil(stream, fmt.Sprintf("%d whole lines", n), timeout,
		func(_ string, lines int64) bool { return lines >= n }, nil)
}

// waitUntil waits until done says yes to the stream's output, the task
// ends, or the timeout passes; what says in words what is awaited. When
// misplaced says yes to the other stream's output, it fails at once.
func (t *task) waitUntil(stream, what string, timeout time.Duration, done func(text string, lines int64) bool, misplaced func(other string) bool) error {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	other := map[string]string{"stdout": "stderr", "stderr": "stdout"}[stream]
	for {
		if done(t.stream(stream)) {
			return nil
		}
		if otherText, _ := t.stream(other); misplaced != nil && misplaced(otherText) {
			return fmt.Errorf("%s printed %s on %s, but it belongs on %s.\n%s",
				t.name, what, streamName(other), streamName(stream), t.report())
		}
		select {
		case <-t.wake:
		case <-t.done:
			// Output may have come in just before the end.
			if done(t.stream(stream)) {
				return nil
			}
			return fmt.Errorf("%s ended (%s) before it printed %s on %s.\n%s",
				t.name, describeExit(t.err), what, stream, t.report())
		case <-deadline.C:
			return fmt.Errorf("waited %s for %s to print %s on %s, but it did not.\n%s",
				timeout, t.name, what, stream, t.report())
		}
	}
}

// wakeWriter wakes the task's waiters after each write, for output that
// goes elsewhere than the task.
type wakeWriter struct{ t *task }

func (w wakeWriter) Write(p []byte) (int, error) {
	select {
	case w.t.wake <- struct{}{}:
	default:
	}
	return len(p), nil
}

// waitProgress waits until the task ends. Without a file, that is wait.
// With one, the task's output goes to the file, and the wait fails only
// once the task has printed nothing for the whole timeout: a program
// that keeps moving data may take as long as a big transfer needs on a
// busy machine, up to ten timeouts, while one that stalls is caught. One
// that prints more than the file takes is ended at once.
func (t *task) waitProgress(timeout time.Duration, file *cappedFile) error {
	if file == nil {
		return t.wait(timeout)
	}
	stall := time.NewTimer(timeout)
	defer stall.Stop()
	ceiling := time.NewTimer(10 * timeout)
	defer ceiling.Stop()
	for {
		select {
		case <-t.done:
			return nil
		case <-t.wake:
			if file.full() {
				t.end()
				return nil
			}
			stall.Reset(timeout)
		case <-stall.C:
			return fmt.Errorf("waited %s for %s to finish, but it was still running and printed nothing more.\n%s", timeout, t.name, t.report())
		case <-ceiling.C:
			return fmt.Errorf("waited %s for %s to finish, but it was still running.\n%s", 10*timeout, t.name, t.report())
		}
	}
}

// wait waits until the task ends or the timeout passes.
func (t *task) wait(timeout time.Duration) error {
	select {
	case <-t.done:
		return nil
	case <-time.After(timeout):
		return fmt.Errorf("waited %s for %s to finish, but it was still running.\n%s", timeout, t.name, t.report())
	}
}

// end stops the task if it still runs and waits until it has ended.
func (t *task) end() {
	if t.exited() {
		return
	}
	t.stopped = true
	if t.stop != nil {
		t.stop()
		select {
		case <-t.done:
			return
		case <-time.After(5 * time.Second):
		}
	}
	t.kill()
	<-t.done
}

// report shows the task's output so far, for a failure message.
func (t *task) report() string {
	out, errOut := t.output()
	text := fmt.Sprintf("What %s printed so far:\n%s%s", t.name, indentBlock("stdout", out), indentBlock("stderr", errOut))
	t.noteReport(text, out, errOut)
	return text
}

func indentBlock(label, text string) string {
	if text == "" {
		return fmt.Sprintf("  [%s: nothing]\n", label)
	}
	text = strings.TrimSuffix(text, "\n")
	return fmt.Sprintf("  [%s]\n    %s\n", label, strings.ReplaceAll(text, "\n", "\n    "))
}

func describeExit(err error) string {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return "exit status 0"
	case errors.As(err, &exit):
		return exit.ProcessState.String()
	default:
		return err.Error()
	}
}

// processStarted, when not nil, is told the process ID of every program
// that a script starts. Only the grader's own tests set it, to check that
// no program outlives its script (see leak_test.go).
var processStarted func(pid int, path string)

// owner names the task for a learner, as the one whose output a failure
// shows: "your server", "ann (your client)", "obs (the grader's scripted
// client)", "the lesson's ready-made server" (given names the programs
// that the lesson gives).
func (t *task) owner(given []string) string {
	whose := "your "
	if slices.Contains(given, t.prog) {
		whose = "the lesson's ready-made "
	}
	switch {
	case t.program && (t.prog == "" || t.prog == t.name):
		return whose + t.name
	case t.program:
		return t.name + " (" + whose + t.prog + ")"
	case t.role != "":
		return t.name + " (the grader's scripted " + t.role + ")"
	}
	return t.name
}

// startProcess starts a program in the background with its output kept in
// a task. stdin, if not nil, is its standard input.
func startProcess(name, path string, args []string, dir string, env []string, stdin io.Reader) (*task, error) {
	return startProcessTo(name, path, args, dir, env, stdin, nil)
}

// startProcessTo is startProcess with the program's standard output going
// to stdout instead of the task, when stdout is not nil.
func startProcessTo(name, path string, args []string, dir string, env []string, stdin io.Reader, stdout io.Writer) (*task, error) {
	t := newTask(name)
	t.program = true
	cmd := exec.Command(path, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdin = stdin
	if stdin == pipeStdin {
		r, w, err := os.Pipe()
		if err != nil {
			return nil, err
		}
		defer r.Close()
		cmd.Stdin, t.stdin = r, w
	}
	cmd.Stdout = t.stdoutWriter()
	if stdout != nil {
		cmd.Stdout = io.MultiWriter(stdout, wakeWriter{t})
	}
	cmd.Stderr = t.stderrWriter()
	cmd.SysProcAttr = dieWithParent()
	// A program that leaves a child holding its output open must not hang
	// the script after it has ended.
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Start(); err != nil {
		if t.stdin != nil {
			t.stdin.Close()
		}
		return nil, err
	}
	if !track(cmd.Process) {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, errors.New("the grader is stopping")
	}
	if processStarted != nil {
		processStarted(cmd.Process.Pid, path)
	}
	t.process = cmd.Process
	t.kill = func() { _ = cmd.Process.Kill() }
	t.stop = func() {
		// Windows has no interrupt to send to another process.
		if runtime.GOOS == "windows" || cmd.Process.Signal(os.Interrupt) != nil {
			_ = cmd.Process.Kill()
		}
	}
	go func() {
		err := cmd.Wait()
		untrack(cmd.Process)
		if t.stdin != nil {
			t.stdin.Close()
		}
		t.finish(err)
	}()
	return t, nil
}
