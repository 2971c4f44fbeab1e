package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	model "example.com/tcpworkshop/internal/lesson"
	"example.com/tcpworkshop/internal/sandbox"
)

// self is how a teacher runs this tool.
const self = "go run ./tools/report"

const usage = `usage: ` + self + ` [FLAGS] DIR...

Grades every learner's checkout DIR with YOUR copy of the tests. This
runs the learners' programs: read "For teachers" in WORKSHOP.md first.

For each DIR it makes a temporary copy of your workshop's grading files
(go.mod, go.sum, lessons/, testdata/, tools/, internal/), copies in the
learner's program folders only, and runs there

  WORKSHOP_STRICT=1 go test -json -count=1 ./lessons/...

so that a learner cannot pass by editing a test, and a lesson that was
never started counts as failed. On Linux this runs in a sandbox: no access
to your files or other checkouts, loopback network only, and every process
ended when the checkout's grading ends. Where the system has no sandbox, a
warning says so.

It prints a table, learner by lesson: pass, fail, not started, timeout,
build error or printed too much, and a score. A checkout whose test files
(lesson tests and given programs, testdata/, tools/, internal/, go.mod,
go.sum) differ from yours is flagged; it is graded with your files all the
same. If your own grading files change while it runs, it stops with an
error.

Flags:
  --timeout D       time limit per checkout, for all of its work
                    (default 2m)
  --parallel N      checkouts graded at a time (default: twice the cores)
  --max-output MiB  stop a checkout whose go test output passes this
                    (default 64)
  --json FILE       also write the results as JSON, one document for all
                    checkouts, each in the score-per-test shape of
                    classroom autograders:
                    {"version":1,"status":"pass","max_score":6,"tests":[...]}
  --markdown FILE   also write the table as Markdown
  --lessons LIST    grade only these lessons: numbers, ranges and folder
                    names, such as 1-6 (part one) or 1,2,10-chat

Example:
  ` + self + ` --json class.json ../learners/*
  ` + self + ` --markdown class.md ../learners/*
`

// lesson is one lesson of the workshop, as internal/lesson reads it.
type lesson = model.Lesson

// app is the teacher's workshop and where the report goes.
type app struct {
	root           string
	lessons        []*lesson
	stdout, stderr io.Writer
}

// usageError is a mistake on the command line: one line, exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	// In the sandbox, the report runs again as its first process: Init
	// takes over there and never returns.
	sandbox.Init()
	os.Exit(runMain(os.Args[1:]))
}

// runMain runs the report and returns the exit status: 0 when every
// checkout was graded, 1 when the report could not be made, 2 for a
// mistake on the command line.
func runMain(args []string) int {
	a := &app{stdout: os.Stdout, stderr: os.Stderr}
	err := a.load()
	if err == nil {
		err = a.run(args)
	}
	var usage usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &usage):
		fmt.Fprintln(a.stderr, usage.msg)
		return 2
	case strings.HasPrefix(err.Error(), "flag provided but not defined"), strings.HasPrefix(err.Error(), "invalid value"):
		return 2
	default:
		fmt.Fprintf(a.stderr, "report: %v\n", err)
		return 1
	}
}

// load finds the teacher's workshop, at or above the working directory,
// and reads its lessons.
func (a *app) load() error {
	dir, err := os.Getwd()
	if err != nil {
		return err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		if filepath.Dir(dir) == dir {
			return errors.New("not inside the workshop: no go.mod in this folder or above it")
		}
		dir = filepath.Dir(dir)
	}
	a.root = dir
	a.lessons, err = model.Load(dir)
	return err
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func normalizeEOL(b []byte) []byte {
	return []byte(strings.ReplaceAll(string(b), "\r\n", "\n"))
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
