package grader

import (
	"errors"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// pipeStdin asks launch for a pipe as the program's standard input.
var pipeStdin = &struct{ *os.File }{}

func cmdWrite(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: write NAME TEXT")
	}
	t := lookup(ts, args[0])
	if t.stdin == nil {
		ts.Fatalf("%s was not started with start -pipe, so nothing can be written to its standard input", t.name)
	}
	text, err := strconv.Unquote(`"` + args[1] + `"`)
	if err != nil {
		ts.Fatalf("bad text %q: %v", args[1], err)
	}
	// A program that does not read its input must not hang the script.
	_ = t.stdin.SetWriteDeadline(time.Now().Add(timeout()))
	if _, err := t.stdin.Write([]byte(text)); err != nil {
		if t.exited() {
			fail(ts, "%s had already ended (%s) when the script typed %q.\n%s", t.name, describeExit(t.err), text, t.report())
		}
		fail(ts, "%s did not read its standard input: typing %q failed (%v).\n%s", t.name, text, err, t.report())
	}
}

func cmdCloseIn(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: closein NAME")
	}
	t := lookup(ts, args[0])
	if t.stdin == nil {
		ts.Fatalf("%s was not started with start -pipe", t.name)
	}
	t.stdin.Close()
}

// signals are the signals that scripts can send by name.
var signals = map[string]os.Signal{"INT": os.Interrupt, "TERM": syscall.SIGTERM}

func cmdSignal(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 || signals[args[1]] == nil {
		ts.Fatalf("usage: signal NAME INT|TERM")
	}
	if runtime.GOOS == "windows" {
		ts.Fatalf("signal: Windows cannot send a signal to another program; guard this step with [windows] skip")
	}
	t := lookup(ts, args[0])
	if t.process == nil {
		ts.Fatalf("%s is a scripted peer, not a program: signal only programs", t.name)
	}
	if t.exited() {
		fail(ts, "%s had already ended (%s) before the script sent it SIG%s.\n%s", t.name, describeExit(t.err), args[1], t.report())
	}
	if err := t.process.Signal(signals[args[1]]); err != nil && !errors.Is(err, os.ErrProcessDone) {
		ts.Fatalf("signal %s: %v", t.name, err)
	}
}
