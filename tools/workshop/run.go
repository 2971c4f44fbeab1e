package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"

	"example.com/tcpworkshop/internal/results"
)

var runVerb = &verb{
	name:    "run",
	args:    "LESSON server|client [ARGS...]",
	summary: "build and run one of your programs",
	help: `Builds your server or client of a lesson with go build, then runs it with
ARGS. Its input and output are the terminal's, Ctrl-C reaches it, and the
tool exits with the program's exit status. Unlike "go run", the program you
stop is the program itself.

Examples, in two terminals:
  ` + self + ` run 01 server -host 127.0.0.1
  ` + self + ` run 01 client -host 127.0.0.1`,
	run: runRun,
}

func runRun(a *app, v *verb, args []string) error {
	if len(args) > 0 && isHelpFlag(args[0]) {
		printVerbHelp(a.stdout, v)
		return nil
	}
	if len(args) < 2 {
		return usageError{fmt.Sprintf("run: name the lesson and the program, such as %s run 01 server -host 127.0.0.1", self)}
	}
	l, err := a.lesson(args[0])
	if err != nil {
		return err
	}
	prog := args[1]
	if progs := l.AllPrograms(); !slices.Contains(progs, prog) {
		return usageError{fmt.Sprintf("run: unknown program %q; did you mean %s?", prog, closestWord(progs, prog))}
	}
	bin, err := os.MkdirTemp("", "workshop-run-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(bin)
	exe := filepath.Join(bin, prog)
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	build := exec.Command("go", "build", "-o", exe, "./"+prog)
	build.Dir = a.path(l.ProgramFolder(prog))
	var out bytes.Buffer
	build.Stdout, build.Stderr = &out, &out
	if err := build.Run(); err != nil {
		fmt.Fprintf(a.stderr, "Your %s of lesson %s does not compile:\n%s\n", prog, l.Slug,
			indent(results.PointCompilerErrors(strings.TrimSpace(out.String()), l.Slug), "  "))
		return exitError{exitFail}
	}

	cmd := exec.Command(exe, args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = a.stdin, a.stdout, a.stderr
	dieWithParent(cmd)
	// Catch interrupts before starting: from then on the tool waits for
	// the program and passes them on, so the program decides how to end.
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("cannot start your %s: %v", prog, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	interrupted := 0
	for {
		select {
		case sig := <-signals:
			interrupted++
			if interrupted > 2 || runtime.GOOS == "windows" {
				// Windows cannot pass an interrupt on; the console
				// already sent it to the program.
				_ = cmd.Process.Kill()
			} else {
				_ = cmd.Process.Signal(sig)
			}
		case err := <-done:
			return programExit(err, interrupted > 0)
		}
	}
}

// programExit passes the program's exit status on.
func programExit(err error, interrupted bool) error {
	if err == nil {
		return nil
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code := exit.ExitCode()
		if code < 0 {
			// Ended by a signal: 130 is what shells report for Ctrl-C.
			code = 130
			if !interrupted {
				code = exitFail
			}
		}
		return exitError{code}
	}
	return err
}
