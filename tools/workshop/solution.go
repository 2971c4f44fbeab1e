package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/rogpeppe/go-internal/diff"

	"example.com/tcpworkshop/internal/results"
)

var solutionVerb = &verb{
	name:    "solution",
	args:    "[--force] [--code] LESSON",
	summary: "compare your code with the reference solution, once the lesson passes",
	help: `Shows the reference solution of a lesson as a unified diff against your code:
lines starting with - are yours, lines starting with + the solution's. Each
file's diff starts with how many lines differ, and how many of them are only
comments or blank lines; --code leaves those out, to compare the code alone
(the line numbers of its diff then count only the lines left).

It is shown only once the lesson passes, since reading it earlier spoils
the lesson; --force shows it anyway, after a warning.

Flags:
  --code    leave out comment lines and blank lines on both sides
  --force   show the solution even though the lesson does not pass

Examples:
  ` + self + ` solution 01
  ` + self + ` solution --code 01
  ` + self + ` solution --force 01`,
	run: runSolution,
}

func runSolution(a *app, v *verb, args []string) error {
	fset := a.newFlags(v)
	force := fset.Bool("force", false, "show it before the lesson passes")
	codeOnly := fset.Bool("code", false, "leave out comments and blank lines")
	rest, err := a.parseFlags(v, fset, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usageError{fmt.Sprintf("solution: name the lesson, such as %s solution 01", self)}
	}
	if len(rest) > 1 {
		return unexpectedArgs(v, rest[1:])
	}
	l, err := a.lesson(rest[0])
	if err != nil {
		return err
	}
	solDir := a.path("solutions", l.Slug)
	if _, err := os.Stat(solDir); err != nil {
		return fmt.Errorf("lesson %s has no reference solution in solutions/%s", l.Slug, l.Slug)
	}
	// go test replays a pass from its cache, so this is quick once the
	// lesson passes.
	run := results.GoTest(context.Background(), a.root, nil, "./lessons/"+l.Slug+"/")
	if run.Err != nil {
		return run.Err
	}
	if o := results.Classify(run.Lessons[l.Slug], false); o != results.Passing {
		if !*force {
			fmt.Fprintf(a.stderr, "The solution of lesson %s is shown once the lesson passes, and it does not yet (%s): `%s check %s` says why, `%s hint %s` helps; `%s solution --force %s` shows it anyway.\n",
				l.Slug, o, self, l.Slug, self, l.Slug, self, l.Slug)
			return exitError{exitFail}
		}
		fmt.Fprintln(a.stdout, a.style.yellow(fmt.Sprintf("warning: lesson %s does not pass yet (%s): the solution below spoils what is left of it.", l.Slug, o)))
	}
	lessonDir := a.path("lessons", l.Slug)
	mine, err := programFilesOf(lessonDir)
	if err != nil {
		return err
	}
	theirs, err := programFilesOf(solDir)
	if err != nil {
		return err
	}
	names := map[string]bool{}
	for _, n := range append(mine, theirs...) {
		names[n] = true
	}
	sorted := slices.Sorted(maps.Keys(names))
	sort.SliceStable(sorted, func(i, j int) bool { return programOrder(sorted[i]) < programOrder(sorted[j]) })
	what := "your code"
	if *codeOnly {
		what = "your code, comment lines and blank lines left out"
	}
	fmt.Fprintf(a.stdout, "Reference solution of lesson %s, as a diff against %s (- yours, + the solution's):\n", l.Slug, what)
	for _, name := range sorted {
		oldName := "lessons/" + l.Slug + "/" + name
		newName := "solutions/" + l.Slug + "/" + name
		oldData := readOrEmpty(filepath.Join(lessonDir, filepath.FromSlash(name)))
		newData := readOrEmpty(filepath.Join(solDir, filepath.FromSlash(name)))
		oldData, newData = normalizeEOL(oldData), normalizeEOL(newData)
		if *codeOnly {
			oldData, newData = codeLines(oldData), codeLines(newData)
		}
		d := diff.Diff(oldName, oldData, newName, newData)
		fmt.Fprintln(a.stdout)
		if d == nil {
			if *codeOnly {
				fmt.Fprintf(a.stdout, "%s: the same code as the reference solution.\n", oldName)
			} else {
				fmt.Fprintf(a.stdout, "%s: the same as the reference solution.\n", oldName)
			}
			continue
		}
		changed, comments := diffCounts(d)
		fmt.Fprintf(a.stdout, "%s: %d lines differ", oldName, changed)
		switch {
		case *codeOnly:
			fmt.Fprintln(a.stdout, ".")
		case comments*2 >= changed:
			fmt.Fprintf(a.stdout, ", mostly comments or blank lines (%d of them): `%s solution --code %s` compares the code alone.\n", comments, self, l.Slug)
		default:
			fmt.Fprintf(a.stdout, ", %d of them comments or blank lines.\n", comments)
		}
		for _, line := range strings.SplitAfter(string(d), "\n") {
			if line == "" {
				continue
			}
			fmt.Fprint(a.stdout, a.style.diffLine(strings.TrimSuffix(line, "\n"))+"\n")
		}
	}
	return nil
}

// diffCounts counts the lines of a unified diff that differ (those starting
// with - or +), and how many of them are only a comment or blank.
func diffCounts(d []byte) (changed, comments int) {
	for _, line := range strings.Split(string(d), "\n") {
		if strings.HasPrefix(line, "---") || strings.HasPrefix(line, "+++") {
			continue
		}
		if !strings.HasPrefix(line, "-") && !strings.HasPrefix(line, "+") {
			continue
		}
		changed++
		if !isCodeLine(line[1:]) {
			comments++
		}
	}
	return changed, comments
}

// codeLines leaves out the lines of Go source that hold only a comment, or
// nothing.
func codeLines(src []byte) []byte {
	var b strings.Builder
	for _, line := range strings.SplitAfter(string(src), "\n") {
		if isCodeLine(line) {
			b.WriteString(line)
		}
	}
	return []byte(b.String())
}

// isCodeLine reports whether a line of Go source holds more than a comment.
func isCodeLine(line string) bool {
	text := strings.TrimSpace(line)
	return text != "" && !strings.HasPrefix(text, "//")
}

func readOrEmpty(path string) []byte {
	data, _ := os.ReadFile(path)
	return data
}

func normalizeEOL(b []byte) []byte {
	return []byte(strings.ReplaceAll(string(b), "\r\n", "\n"))
}
