package grader

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"runtime"
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
	stdout bytes.Buffer
	stderr bytes.Buffer
	// wake receives a value after each write, so that a waiter can look again.
	wake chan struct{}

	done    chan struct{} // closed when the task has ended
	err     error         // why it ended; set before done is closed
	stopped bool          // the script stopped it on purpose
	awaited bool          // the script waited for it to end
	program bool          // a program, not a scripted peer

	kill func() // ends the task at once
	stop func() // asks the task to end
}

func newTask(name string) *task {
	return &task{name: name, wake: make(chan struct{}, 1), done: make(chan struct{})}
}

// streamWriter appends to one of a task's streams under the task's lock.
type streamWriter struct {
	t   *task
	buf *bytes.Buffer
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

// output returns what the task has written so far.
func (t *task) output() (stdout, stderr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.stdout.String(), t.stderr.String()
}

func (t *task) stream(name string) string {
	out, errOut := t.output()
	if name == "stdout" {
		return out
	}
	return errOut
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
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	other := map[string]string{"stdout": "stderr", "stderr": "stdout"}[stream]
	for {
		if m := re.FindStringSubmatch(t.stream(stream)); m != nil {
			return m, nil
		}
		if strict && re.MatchString(t.stream(other)) {
			return nil, fmt.Errorf("%s printed %s on %s, but it belongs on %s.\n%s",
				t.name, describeWait(re), streamName(other), streamName(stream), t.report())
		}
		select {
		case <-t.wake:
		case <-t.done:
			// Output may have come in just before the end.
			if m := re.FindStringSubmatch(t.stream(stream)); m != nil {
				return m, nil
			}
			return nil, fmt.Errorf("%s ended (%s) before it printed %s on %s.\n%s",
				t.name, describeExit(t.err), describeWait(re), stream, t.report())
		case <-deadline.C:
			return nil, fmt.Errorf("waited %s for %s to print %s on %s, but it did not.\n%s",
				timeout, t.name, describeWait(re), stream, t.report())
		}
	}
}

// describeWait says what a wait's pattern waits for, in words.
func describeWait(re *regexp.Regexp) string {
	if m := lineCountRE.FindStringSubmatch(re.String()); m != nil {
		return m[1] + " whole lines"
	}
	return fmt.Sprintf("a line matching %q", strings.TrimPrefix(re.String(), "(?m)"))
}

var lineCountRE = regexp.MustCompile(`^\\A\(\?:\.\*\\n\)\{(\d+)\}$`)

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
	return fmt.Sprintf("What %s printed so far:\n%s%s", t.name, indentBlock("stdout", out), indentBlock("stderr", errOut))
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

// startProcess starts a program in the background with its output kept in
// a task. stdin, if not nil, is its standard input.
func startProcess(name, path string, args []string, dir string, env []string, stdin io.Reader) (*task, error) {
	t := newTask(name)
	t.program = true
	cmd := exec.Command(path, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdin = stdin
	cmd.Stdout = t.stdoutWriter()
	cmd.Stderr = t.stderrWriter()
	cmd.SysProcAttr = dieWithParent()
	// A program that leaves a child holding its output open must not hang
	// the script after it has ended.
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	if processStarted != nil {
		processStarted(cmd.Process.Pid, path)
	}
	t.kill = func() { _ = cmd.Process.Kill() }
	t.stop = func() {
		// Windows has no interrupt to send to another process.
		if runtime.GOOS == "windows" || cmd.Process.Signal(os.Interrupt) != nil {
			_ = cmd.Process.Kill()
		}
	}
	go func() { t.finish(cmd.Wait()) }()
	return t, nil
}
