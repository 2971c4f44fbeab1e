package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rogpeppe/go-internal/diff"
)

var solutionVerb = &verb{
	name:    "solution",
	args:    "[--force] LESSON",
	summary: "compare your code with the reference solution, once the lesson passes",
	help: `Shows the reference solution of a lesson as a unified diff against your code:
lines starting with - are yours, lines starting with + the solution's.

It is shown only once the lesson passes, since reading it earlier spoils
the lesson; --force shows it anyway, after a warning.

Flags:
  --force   show the solution even though the lesson does not pass

Examples:
  ` + self + ` solution 01
  ` + self + ` solution 01 --force`,
	run: runSolution,
}

func runSolution(a *app, v *verb, args []string) error {
	fset := a.newFlags(v)
	force := fset.Bool("force", false, "show it before the lesson passes")
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
	run := goTest(context.Background(), a.root, nil, "./lessons/"+l.Slug+"/")
	if run.Err != nil {
		return run.Err
	}
	if o := classify(run.Lessons[l.Slug], false); o != passing {
		if !*force {
			fmt.Fprintf(a.stderr, "The solution of lesson %s is shown once the lesson passes, and it does not yet (%s): `%s check %s` says why, `%s hint %s` helps; `%s solution %s --force` shows it anyway.\n",
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
	sorted := sortedNames(names)
	sort.SliceStable(sorted, func(i, j int) bool { return programOrder(sorted[i]) < programOrder(sorted[j]) })
	fmt.Fprintf(a.stdout, "Reference solution of lesson %s, as a diff against your code (- yours, + the solution's):\n", l.Slug)
	for _, name := range sorted {
		oldName := "lessons/" + l.Slug + "/" + name
		newName := "solutions/" + l.Slug + "/" + name
		oldData := readOrEmpty(filepath.Join(lessonDir, filepath.FromSlash(name)))
		newData := readOrEmpty(filepath.Join(solDir, filepath.FromSlash(name)))
		d := diff.Diff(oldName, normalizeEOL(oldData), newName, normalizeEOL(newData))
		fmt.Fprintln(a.stdout)
		if d == nil {
			fmt.Fprintf(a.stdout, "%s: the same as the reference solution.\n", oldName)
			continue
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

func readOrEmpty(path string) []byte {
	data, _ := os.ReadFile(path)
	return data
}

func normalizeEOL(b []byte) []byte {
	return []byte(strings.ReplaceAll(string(b), "\r\n", "\n"))
}
