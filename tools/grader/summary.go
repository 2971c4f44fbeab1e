package grader

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// NotStarted is the test of the lessons/ folder's own package: it counts
// the lessons whose files are still the skeleton's, which go test skips,
// and says so once at the end of go test ./... in a terminal:
//
//	workshop: 7 of 10 lessons not started (04-10), so go test skipped them; see go run ./tools/workshop
//
// go test prints only "ok" for a package that passes, so the line goes
// straight to the terminal (with -v, to the log instead). Nothing is
// printed when every lesson is started, outside a terminal, with -json
// (which the workshop tool uses), or when a class report grades a
// learner's checkout.
func NotStarted(t *testing.T) {
	root := RepoRoot(t)
	if os.Getenv(LessonsEnv) != "" || os.Getenv(StrictEnv) != "" {
		t.Skip("a class report or strict grading counts the lessons itself")
	}
	slugs := lessonSlugs(root)
	waiting := notStarted(root, slugs)
	if len(waiting) == 0 {
		t.Logf("every one of the %d lessons is started, so go test grades them all", len(slugs))
		return
	}
	line := fmt.Sprintf("workshop: %d of %d lessons not started (%s), so go test skipped them; "+
		"see go run ./tools/workshop", len(waiting), len(slugs), numberRanges(waiting))
	if len(waiting) == len(slugs) {
		line = fmt.Sprintf("workshop: no lesson started yet, so go test skipped all %d; "+
			"start with lessons/%s/README.md", len(slugs), slugs[0])
	}
	t.Log(line)
	// With -v the log shows the line; with -json a program reads the
	// output (the workshop tool does), and the terminal is not its reader.
	if !testing.Verbose() {
		toTerminal(line)
	}
	printEveryTime(t, root)
}

// notStarted lists the numbers of the lessons whose files are still the
// skeleton's ("01", "02", ...).
func notStarted(root string, slugs []string) []string {
	var waiting []string
	for _, slug := range slugs {
		sources, err := ReadSources(filepath.Join(root, "lessons", slug))
		if err != nil {
			continue // the lesson's own test says what is wrong
		}
		skeleton, err := ReadSkeleton(root, slug)
		if err == nil && SameSources(sources, skeleton) {
			waiting = append(waiting, slug[:2])
		}
	}
	return waiting
}

// numberRanges shortens a sorted list of lesson numbers:
// "02", "03", "04", "07" becomes "02-04 07".
func numberRanges(numbers []string) string {
	var parts []string
	for i := 0; i < len(numbers); {
		j := i
		for j+1 < len(numbers) && atoi(numbers[j+1]) == atoi(numbers[j])+1 {
			j++
		}
		part := numbers[i]
		if j > i {
			part += "-" + numbers[j]
		}
		parts = append(parts, part)
		i = j + 1
	}
	return strings.Join(parts, " ")
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// toTerminal writes a line to the terminal that go test runs in, if any.
func toTerminal(line string) {
	name := "/dev/tty"
	if runtime.GOOS == "windows" {
		name = "CONOUT$"
	}
	tty, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return // no terminal: CI, an editor, a pipe
	}
	defer tty.Close()
	fmt.Fprintln(tty, line)
}

// printEveryTime keeps go test from replaying a cached "ok" without the
// line: go test does not cache the result of a test that opened a file
// inside the module and written in the last two seconds (its modification
// time could not tell a later change), so the test writes a stamp in the
// workshop's state folder, .workshop, and reads it back.
func printEveryTime(t *testing.T, root string) {
	stamp := filepath.Join(root, ".workshop", "go-test-stamp")
	err := os.MkdirAll(filepath.Dir(stamp), 0o755)
	if err == nil {
		err = os.WriteFile(stamp, []byte(time.Now().Format(time.RFC3339Nano)+"\n"), 0o644)
	}
	if err != nil {
		t.Logf("go test may show this package as cached: %v", err)
		return
	}
	_, _ = os.ReadFile(stamp)
}
