// Command workshop is the learner's companion for the TCP sockets
// workshop. It shows the lessons and the progress made, grades a lesson and
// explains a failure, re-grades on every save, gives hints one at a time,
// restores a lesson's skeleton, shows the reference solution once a lesson
// passes, and runs a lesson's programs. Teachers grade a whole class with
// tools/report.
//
// Run it from the top of the workshop (it finds the workshop from any folder
// inside it, by the go.mod of example.com/tcpworkshop):
//
//	go run ./tools/workshop            the lessons, the progress and the next step
//	go run ./tools/workshop check      grade the current lesson and explain a failure
//	go run ./tools/workshop watch      re-grade the current lesson on every save
//	go run ./tools/workshop hint       the next hint of the current lesson
//	go run ./tools/workshop help       every command
//
// The tool reads its verdicts from the grader itself ("go test -json
// ./lessons/..."), never from a file of its own, so it always agrees with
// "go test". It keeps only the hints already shown and reset's backups, in
// the .workshop folder at the top of the workshop.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"example.com/tcpworkshop/internal/results"
)

// self is how the learner runs this tool, for the commands it suggests.
const self = "go run ./tools/workshop"

func main() {
	os.Exit(runMain(os.Args[1:]))
}

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1 // a lesson fails, a program failed, or the tool could not do its work
	exitUsage = 2 // an unknown command, lesson or flag
)

// usageError is a mistake on the command line: it is printed as one line
// and the tool exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// exitError ends the tool with a status and nothing more to print.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// app is what every command needs: the workshop, its lessons and where to
// write.
type app struct {
	root    string
	lessons []*lesson
	stdout  io.Writer
	stderr  io.Writer
	stdin   io.Reader
	style   style

	// watching is set while watch runs: the verdicts it prints say that a
	// save grades the lesson again, rather than which command to run.
	watching bool
}

// A verb is one of the tool's commands.
type verb struct {
	name    string
	args    string // the synopsis after the verb's name
	summary string // one line, for the list of commands
	help    string // what "workshop help VERB" adds
	run     func(a *app, v *verb, args []string) error
}

var verbs []*verb

func init() {
	verbs = []*verb{
		progressVerb, checkVerb, watchVerb, hintVerb, resetVerb,
		solutionVerb, runVerb, listVerb, versionVerb, helpVerb,
	}
}

var helpVerb = &verb{
	name:    "help",
	args:    "[COMMAND]",
	summary: "show this help, or a command's",
	run: func(a *app, _ *verb, args []string) error {
		if len(args) == 0 || strings.HasPrefix(args[0], "-") {
			printUsage(a.stdout)
			return nil
		}
		v, err := findVerb(args[0])
		if err != nil {
			return err
		}
		printVerbHelp(a.stdout, v)
		return nil
	},
}

// isHelpFlag reports whether arg asks for help: -h, -help, --help (and
// --h, which the flag package accepts too).
func isHelpFlag(arg string) bool {
	switch arg {
	case "-h", "-help", "--h", "--help":
		return true
	}
	return false
}

func findVerb(name string) (*verb, error) {
	for _, v := range verbs {
		if v.name == name {
			return v, nil
		}
	}
	names := make([]string, 0, len(verbs))
	for _, v := range verbs {
		names = append(names, v.name)
	}
	return nil, usageError{fmt.Sprintf("unknown command %q; did you mean %s?", name, closestWord(names, name))}
}

func printUsage(w io.Writer) {
	fmt.Fprintf(w, `The TCP sockets workshop's tool. Run it from the top of the workshop:

  %s [COMMAND] [ARGUMENTS]

Commands:
`, self)
	for _, v := range verbs {
		synopsis := strings.TrimSpace(v.name + " " + v.args)
		if v.name == "progress" {
			synopsis = "(none)"
		}
		if len(synopsis) > 34 || 2+34+1+len(v.summary) > maxWidth {
			fmt.Fprintf(w, "  %s\n      %s\n", synopsis, v.summary)
			continue
		}
		fmt.Fprintf(w, "  %-34s %s\n", synopsis, v.summary)
	}
	fmt.Fprintf(w, `
A LESSON is its folder's name (01-time-server), its number (01 or 1) or its
name (time-server). Without one, a command works on the current lesson: the
first one that does not pass yet.

"%s help COMMAND" or
"%s COMMAND --help" explains a command. Flags are written
with two dashes, as here; one dash works too.
Colours are used on a terminal only; NO_COLOR=1 turns them off.
`, self, self)
}

func printVerbHelp(w io.Writer, v *verb) {
	name := v.name
	if v.name == "progress" {
		name = "[progress]"
	}
	help := strings.TrimSpace(v.help)
	if ww, ok := w.(*wrapWriter); ok && ww.width < maxWidth {
		// On a narrow terminal, let each paragraph wrap as a whole.
		help = joinParagraphs(help)
	}
	fmt.Fprintf(w, "usage: %s %s\n\n%s\n", self, strings.TrimSpace(name+" "+v.args), help)
}

// joinParagraphs puts each paragraph of text on one line, leaving indented
// lines (commands, tables) and blank lines as they are.
func joinParagraphs(text string) string {
	lines := strings.Split(text, "\n")
	var out []string
	for _, line := range lines {
		prev := len(out) - 1
		if prev >= 0 && line != "" && out[prev] != "" && !strings.HasPrefix(line, " ") && !strings.HasPrefix(out[prev], " ") {
			out[prev] += " " + line
			continue
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// runMain runs the tool with the command line's arguments and returns the
// exit status.
func runMain(args []string) int {
	a := &app{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin}
	a.style = newStyle(os.Stdout)
	// On a terminal, sentences wrap at its width (at most 78 columns),
	// and a slow first grading says what it is doing. Into a pipe or a
	// file, every message stays on one line, for scripts.
	if isTerminal(os.Stdout) {
		a.stdout = &wrapWriter{w: os.Stdout, width: outputWidth(os.Stdout)}
	}
	if isTerminal(os.Stderr) {
		a.stderr = &wrapWriter{w: os.Stderr, width: outputWidth(os.Stderr)}
		results.SlowNotice = a.stderr
	}
	err := a.dispatch(args)
	var exit exitError
	var usage usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &exit):
		return exit.code
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &usage):
		fmt.Fprintln(a.stderr, usage.msg)
		return exitUsage
	default:
		fmt.Fprintf(a.stderr, "workshop: %v\n", err)
		return exitFail
	}
}

func (a *app) dispatch(args []string) error {
	name := "progress"
	switch {
	case len(args) > 0 && isHelpFlag(args[0]):
		// "workshop --help" asks for the list of commands, not for the
		// help of progress, the command that runs without a name.
		name, args = "help", nil
	case len(args) > 0 && !strings.HasPrefix(args[0], "-"):
		name, args = args[0], args[1:]
	}
	v, err := findVerb(name)
	if err != nil {
		// "workshop 01" most likely means "workshop check 01".
		if root, rerr := findRoot(); rerr == nil {
			if lessons, lerr := findLessons(root); lerr == nil {
				if l, lerr := findLesson(lessons, name); lerr == nil {
					return usageError{fmt.Sprintf("unknown command %q; did you mean check %s?", name, l.Slug)}
				}
			}
		}
		return err
	}
	if v.name != "help" && v.name != "version" {
		if a.root, err = findRoot(); err != nil {
			return err
		}
		if a.lessons, err = findLessons(a.root); err != nil {
			return fmt.Errorf("cannot read the lessons: %v", err)
		}
	}
	return v.run(a, v, args)
}

// newFlags returns the flag set of a verb, which prints the verb's help
// for --help (or -h).
func (a *app) newFlags(v *verb) *flag.FlagSet {
	fs := flag.NewFlagSet(v.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses a verb's flags, which may come before or after its
// arguments, and returns the arguments.
func (a *app) parseFlags(v *verb, fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printVerbHelp(a.stdout, v)
				return nil, err
			}
			return nil, usageError{fmt.Sprintf("%s: %v (see %s help %s)", v.name, err, self, v.name)}
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

// lessonArg returns the lesson named on the command line, or the current
// lesson when none is.
func (a *app) lessonArg(ctx context.Context, args []string) (*lesson, error) {
	if len(args) > 0 {
		return a.lesson(args[0])
	}
	if len(a.lessons) == 0 {
		return nil, errors.New("the workshop has no lessons: no lessons/NN-name folder")
	}
	p := a.progress(ctx)
	if p.Err != nil {
		return nil, p.Err
	}
	if cur := p.current(); cur != nil {
		return cur.Lesson, nil
	}
	return a.lessons[len(a.lessons)-1], nil
}

func (a *app) lesson(name string) (*lesson, error) {
	return findLesson(a.lessons, name)
}

// lessonAfter returns the lesson that follows l, or nil.
func (a *app) lessonAfter(l *lesson) *lesson {
	for i, other := range a.lessons {
		if other == l && i+1 < len(a.lessons) {
			return a.lessons[i+1]
		}
	}
	return nil
}

func (a *app) path(parts ...string) string {
	return filepath.Join(append([]string{a.root}, parts...)...)
}

// findRoot finds the workshop: the nearest folder at or above the working
// directory whose go.mod declares the workshop's module.
func findRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && moduleOf(data) == results.ModulePath {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("not inside the workshop: no go.mod of module %s in this folder or above it; cd into your clone of the workshop", results.ModulePath)
		}
		dir = parent
	}
}

// moduleOf returns the module path that a go.mod file declares.
func moduleOf(gomod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "module"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			rest, _, _ = strings.Cut(rest, "//")
			return strings.Trim(strings.TrimSpace(rest), `"`+"`")
		}
	}
	return ""
}

// relPath shows a path relative to the workshop, with slashes.
func (a *app) relPath(path string) string {
	if rel, err := filepath.Rel(a.root, path); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return path
}
