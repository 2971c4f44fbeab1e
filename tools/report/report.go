// Command report grades a whole class for teachers: every learner's
// checkout is graded with the teacher's own copy of the grading files, in a
// sandbox where the system allows it, several at a time, each within a time
// limit, and the verdicts are printed as a table, learner by lesson, and
// written as JSON and Markdown on request:
//
//	go run ./tools/report [--timeout 2m] [--json FILE] [--markdown FILE] DIR...
//
// WORKSHOP.md ("For teachers") explains what it runs, how it is contained,
// and its output.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"example.com/tcpworkshop/internal/results"
	"example.com/tcpworkshop/tools/grader"
)

// checkoutResult is one learner's checkout, graded.
type checkoutResult struct {
	Dir      string
	Name     string
	Outcomes map[string]results.Outcome // by lesson slug
	Messages map[string]string
	Changed  []string // test and module files that differ from the teacher's
	Err      error    // the checkout could not be graded at all
	Elapsed  time.Duration
}

func (c *checkoutResult) score() int {
	n := 0
	for _, o := range c.Outcomes {
		if o == results.Passing {
			n++
		}
	}
	return n
}

func (a *app) run(args []string) error {
	fset := flag.NewFlagSet("report", flag.ContinueOnError)
	fset.SetOutput(a.stderr)
	fset.Usage = func() { fmt.Fprint(a.stderr, usage) }
	timeout := fset.Duration("timeout", 2*time.Minute, "time limit per checkout")
	// Grading waits a lot (programs' ready lines, peers, the lessons'
	// own timers), so twice the cores keeps them busy: on 2 cores, 30
	// checkouts over all ten lessons took 175 s one per core, 146 to
	// 150 s with three or four at a time, and 163 s with six, where the
	// checkouts' programs and builds crowd each other out.
	parallel := fset.Int("parallel", 2*runtime.GOMAXPROCS(0), "checkouts graded at a time")
	maxOutput := fset.Int("max-output", 64, "MiB of go test output per checkout")
	jsonFile := fset.String("json", "", "write JSON to FILE")
	mdFile := fset.String("markdown", "", "write Markdown to FILE")
	only := fset.String("lessons", "", "grade only these lessons, such as 1-6 or 1,2,7")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if *only != "" {
		chosen, err := chooseLessons(*only, a.lessons)
		if err != nil {
			return usageError{"report: -lessons: " + err.Error()}
		}
		a.lessons = chosen
	}
	dirs := fset.Args()
	if len(dirs) == 0 {
		return usageError{fmt.Sprintf("report: name the learners' checkouts, such as %s ../learners/*", self)}
	}
	if *parallel < 1 || *maxOutput < 1 {
		return usageError{"report: -parallel and -max-output must be at least 1"}
	}
	g, err := newClassGrader(a, *timeout, int64(*maxOutput)<<20)
	if err != nil {
		return err
	}
	defer g.close()
	for _, line := range g.warnings() {
		fmt.Fprintln(a.stderr, line)
	}
	fmt.Fprintf(a.stderr, "grading %d checkouts, %d at a time ...\n", len(dirs), min(*parallel, len(dirs)))
	results := g.gradeAll(dirs, *parallel, func(done int, r *checkoutResult) {
		what := fmt.Sprintf("%d/%d", r.score(), len(a.lessons))
		if r.Err != nil {
			what = "not graded"
		}
		fmt.Fprintf(a.stderr, "[%d/%d] %s: %s in %s\n", done, len(dirs), r.Dir, what, r.Elapsed.Round(100*time.Millisecond))
	})
	if err := g.checkTeacherFiles(); err != nil {
		return err
	}
	a.printReport(a.stdout, results)
	if *jsonFile != "" {
		var buf bytes.Buffer
		if err := writeJSON(&buf, a.reportJSON(results)); err != nil {
			return err
		}
		if err := os.WriteFile(*jsonFile, buf.Bytes(), 0o666); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "Wrote %s.\n", *jsonFile)
	}
	if *mdFile != "" {
		var buf bytes.Buffer
		a.writeMarkdown(&buf, results)
		if err := os.WriteFile(*mdFile, buf.Bytes(), 0o666); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "Wrote %s.\n", *mdFile)
	}
	return nil
}

// chooseLessons picks the lessons that spec names, in the workshop's
// order: numbers (7 or 07), ranges of numbers (1-6) and slugs
// (03-sixteen-octet), separated by commas.
func chooseLessons(spec string, all []*lesson) ([]*lesson, error) {
	chosen := map[int]bool{}
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		lo, hi, isRange := strings.Cut(item, "-")
		first, err1 := strconv.Atoi(lo)
		last, err2 := strconv.Atoi(hi)
		switch {
		case !isRange && err1 == nil:
			last = first
		case isRange && err1 == nil && err2 == nil && first <= last:
		default:
			found := false
			for _, l := range all {
				if l.Slug == item {
					chosen[l.Number], found = true, true
				}
			}
			if !found {
				return nil, fmt.Errorf("%q is neither a lesson's number, a range such as 1-6, nor a lesson's folder name", item)
			}
			continue
		}
		for n := first; n <= last; n++ {
			if !slices.ContainsFunc(all, func(l *lesson) bool { return l.Number == n }) {
				return nil, fmt.Errorf("this workshop has no lesson %02d", n)
			}
			chosen[n] = true
		}
	}
	var picked []*lesson
	for _, l := range all {
		if chosen[l.Number] {
			picked = append(picked, l)
		}
	}
	return picked, nil
}

// reportMessage says in one line why a lesson got its verdict.
func (a *app) reportMessage(l *lesson, lr *results.LessonRun, o results.Outcome, timeout time.Duration) string {
	switch o {
	case results.Passing:
		n := 0
		if lr != nil {
			n = len(lr.Scripts())
		}
		return fmt.Sprintf("all %d scripts pass", n)
	case results.NotStarted:
		return "the files are still the skeleton's"
	case results.TimedOut:
		return fmt.Sprintf("the grading did not finish within %s", timeout)
	case results.BuildError:
		if lr != nil {
			if t := lr.Tests["TestLesson"]; t != nil {
				msg := results.MessageOf(t)
				if m := results.CompilerLineRE.FindString(msg); m != "" {
					line := msg[strings.Index(msg, m):]
					return "does not compile: " + firstLine(line)
				}
			}
		}
		return "does not compile"
	}
	if lr == nil {
		return "no result"
	}
	fails := results.Failures(a.root, l, lr)
	if len(fails) == 0 {
		return firstLine(lr.Message())
	}
	var parts []string
	for _, f := range fails {
		part := f.Script
		if f.Step > 0 {
			part += fmt.Sprintf(" step %d", f.Step)
		}
		parts = append(parts, part)
	}
	return fmt.Sprintf("%d of %d scripts fail: %s", len(fails), len(lr.Scripts()), strings.Join(parts, ", "))
}

// changedTestFiles lists the files that decide a grade (see testFiles)
// that differ between the teacher's workshop and a checkout.
func (a *app) changedTestFiles(checkout string) []string {
	changed, _ := a.changedTestFilesCtx(context.Background(), checkout)
	return changed
}

// changedTestFilesCtx is changedTestFiles that gives up when ctx is done.
func (a *app) changedTestFilesCtx(ctx context.Context, checkout string) ([]string, error) {
	mine, err := a.testFiles(ctx, a.root)
	if err != nil {
		return nil, err
	}
	theirs, err := a.testFiles(ctx, checkout)
	if err != nil {
		return nil, err
	}
	var changed []string
	for _, name := range sortedKeys(mine) {
		other, ok := theirs[name]
		switch {
		case !ok:
			changed = append(changed, name+" (missing)")
		case other != mine[name]:
			changed = append(changed, name+" (changed)")
		}
	}
	for _, name := range sortedKeys(theirs) {
		if _, ok := mine[name]; !ok {
			changed = append(changed, name+" (added)")
		}
	}
	return changed, nil
}

// testFiles sums the files that decide a grade: go.mod and go.sum, since
// the learner's programs are built in the learner's module; everything
// under testdata/, tools/ and internal/; and in each lesson's folder every
// file but the Markdown and the folders of the programs that the learner
// writes (those whose skeleton has a TODO): the lesson's test, and any
// program or file the lesson gives. Only regular files count; a file is
// summed with its line endings made Unix ones, and one larger than
// maxCompareBytes by its size only.
func (a *app) testFiles(ctx context.Context, root string) (map[string]string, error) {
	files := map[string]string{}
	add := func(path string, d fs.DirEntry) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if len(files) >= maxCheckoutFiles {
			return errors.New("it holds too many files to compare with yours")
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		info, err := d.Info()
		if err != nil {
			return nil
		}
		if info.Size() > maxCompareBytes {
			files[rel] = fmt.Sprintf("size %d", info.Size())
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		sum := sha256.Sum256(normalizeEOL(data))
		files[rel] = hex.EncodeToString(sum[:])
		return nil
	}
	walk := func(base string, skip func(rel string, dir bool) bool) error {
		err := filepath.WalkDir(base, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			rel, _ := filepath.Rel(base, path)
			if d.IsDir() {
				if path != base && (strings.HasPrefix(d.Name(), ".") || skip(rel, true)) {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() || skip(rel, false) {
				return nil
			}
			return add(path, d)
		})
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	none := func(string, bool) bool { return false }
	for _, name := range []string{"go.mod", "go.sum"} {
		path := filepath.Join(root, name)
		if fi, err := os.Lstat(path); err == nil && fi.Mode().IsRegular() {
			if err := add(path, fs.FileInfoToDirEntry(fi)); err != nil {
				return nil, err
			}
		}
	}
	for _, top := range []string{"testdata", "tools", "internal"} {
		if fi, err := os.Lstat(filepath.Join(root, top)); err != nil || !fi.IsDir() {
			continue
		}
		if err := walk(filepath.Join(root, top), none); err != nil {
			return nil, err
		}
	}
	for _, l := range a.lessons {
		dir := filepath.Join(root, "lessons", l.Slug)
		if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
			continue
		}
		learners := a.learnerFolders(l.Slug)
		err := walk(dir, func(rel string, isDir bool) bool {
			first, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
			if isDir {
				return learners[first]
			}
			return learners[first] || strings.HasSuffix(rel, ".md")
		})
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// learnerFolders names the program folders of a lesson that the learner
// writes: those with a file that has a TODO in the lesson's skeleton.
func (a *app) learnerFolders(slug string) map[string]bool {
	folders := map[string]bool{}
	skeleton, err := grader.ReadSkeleton(a.root, slug)
	if err != nil {
		// Without a skeleton, every program folder is the learner's.
		progs, _ := grader.ProgramsIn(filepath.Join(a.root, "lessons", slug))
		for _, p := range progs {
			folders[p] = true
		}
		return folders
	}
	for name, data := range skeleton {
		if prog, _, ok := strings.Cut(name, "/"); ok && bytes.Contains(data, []byte("TODO")) {
			folders[prog] = true
		}
	}
	return folders
}

// cell is how the table shows an results.Outcome.
func cell(o results.Outcome) string { return o.String() }

func (a *app) printReport(w io.Writer, checkouts []*checkoutResult) {
	nameWidth := len("learner")
	for _, r := range checkouts {
		nameWidth = max(nameWidth, len(r.Dir))
	}
	colWidth := len(results.TooMuchOutput.String())
	for _, l := range a.lessons {
		colWidth = max(colWidth, len(shortSlug(l)))
	}
	fmt.Fprintf(w, "%-*s", nameWidth, "learner")
	for _, l := range a.lessons {
		fmt.Fprintf(w, "  %-*s", colWidth, shortSlug(l))
	}
	fmt.Fprintf(w, "  score\n")
	for _, r := range checkouts {
		fmt.Fprintf(w, "%-*s", nameWidth, r.Dir)
		if r.Err != nil {
			fmt.Fprintf(w, "  %s\n", "not graded: "+r.Err.Error())
			continue
		}
		for _, l := range a.lessons {
			o := r.Outcomes[l.Slug]
			text := fmt.Sprintf("%-*s", colWidth, cell(o))
			fmt.Fprintf(w, "  %s", text)
		}
		fmt.Fprintf(w, "  %d/%d\n", r.score(), len(a.lessons))
	}
	for _, r := range checkouts {
		if len(r.Changed) > 0 {
			fmt.Fprintf(w, "\n%s %s: its test or module files differ from yours (graded with your tests all the same): %s\n",
				"FLAGGED", r.Dir, summarizeList(r.Changed, 5))
		}
	}
	fmt.Fprintln(w)
}

// shortSlug is a lesson's column heading: its folder name.
func shortSlug(l *lesson) string { return l.Slug }

// summarizeList shows at most n items and how many more there are.
func summarizeList(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}

// reportJSON is the report as one JSON document. Each checkout has the
// shape of a classroom autograder's result (version, status, max_score,
// tests with name, status, score, max_score and message).
func (a *app) reportJSON(checkouts []*checkoutResult) any {
	type testJSON struct {
		Name     string `json:"name"`
		Status   string `json:"status"` // pass, fail, error
		Outcome  string `json:"outcome"`
		Score    int    `json:"score"`
		MaxScore int    `json:"max_score"`
		Message  string `json:"message"`
	}
	type checkoutJSON struct {
		Checkout     string     `json:"checkout"`
		Version      int        `json:"version"`
		Status       string     `json:"status"` // pass, fail, error
		Score        int        `json:"score"`
		MaxScore     int        `json:"max_score"`
		Tampered     bool       `json:"tampered"`
		ChangedFiles []string   `json:"changed_files"`
		Error        string     `json:"error,omitempty"`
		Tests        []testJSON `json:"tests"`
	}
	doc := struct {
		Version   int            `json:"version"`
		Generated string         `json:"generated"`
		Lessons   []string       `json:"lessons"`
		Checkouts []checkoutJSON `json:"checkouts"`
	}{Version: 1, Generated: time.Now().UTC().Format(time.RFC3339), Lessons: []string{}, Checkouts: []checkoutJSON{}}
	for _, l := range a.lessons {
		doc.Lessons = append(doc.Lessons, l.Slug)
	}
	for _, r := range checkouts {
		c := checkoutJSON{Checkout: r.Dir, Version: 1, Status: "pass", MaxScore: len(a.lessons),
			Score: r.score(), Tampered: len(r.Changed) > 0, ChangedFiles: r.Changed, Tests: []testJSON{}}
		if c.ChangedFiles == nil {
			c.ChangedFiles = []string{}
		}
		if r.Err != nil {
			c.Status, c.Error = "error", r.Err.Error()
		}
		for _, l := range a.lessons {
			o, ok := r.Outcomes[l.Slug]
			t := testJSON{Name: l.Slug, Status: "fail", Outcome: o.Key(), MaxScore: 1, Message: r.Messages[l.Slug]}
			switch {
			case !ok:
				t.Status, t.Outcome, t.Message = "error", "error", "not graded"
			case o == results.Passing:
				t.Status, t.Score = "pass", 1
			case o == results.TimedOut:
				t.Status = "error"
			}
			if t.Status != "pass" && c.Status == "pass" {
				c.Status = "fail"
			}
			c.Tests = append(c.Tests, t)
		}
		doc.Checkouts = append(doc.Checkouts, c)
	}
	return doc
}

func (a *app) writeMarkdown(w io.Writer, checkouts []*checkoutResult) {
	fmt.Fprintf(w, "# Workshop report\n\nGraded %s with the teacher's tests (WORKSHOP_STRICT=1).\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprint(w, "| learner |")
	for _, l := range a.lessons {
		fmt.Fprintf(w, " %s |", l.Slug)
	}
	fmt.Fprint(w, " score | flagged |\n|---|")
	for range a.lessons {
		fmt.Fprint(w, "---|")
	}
	fmt.Fprint(w, "---|---|\n")
	for _, r := range checkouts {
		fmt.Fprintf(w, "| %s |", markdownEscape(r.Dir))
		if r.Err != nil {
			for range a.lessons {
				fmt.Fprint(w, " not graded |")
			}
			fmt.Fprintf(w, " 0/%d | %s |\n", len(a.lessons), markdownEscape(r.Err.Error()))
			continue
		}
		for _, l := range a.lessons {
			fmt.Fprintf(w, " %s |", cell(r.Outcomes[l.Slug]))
		}
		flag := ""
		if len(r.Changed) > 0 {
			flag = "files changed"
		}
		fmt.Fprintf(w, " %d/%d | %s |\n", r.score(), len(a.lessons), flag)
	}
	var details []string
	for _, r := range checkouts {
		if len(r.Changed) > 0 {
			details = append(details, fmt.Sprintf("- **%s**: %s", markdownEscape(r.Dir), markdownEscape(strings.Join(r.Changed, ", "))))
		}
	}
	if len(details) > 0 {
		fmt.Fprintf(w, "\n## Flagged checkouts\n\nTheir test or module files (go.mod, go.sum) differ from the teacher's; they were graded with the teacher's tests all the same.\n\n%s\n", strings.Join(details, "\n"))
	}
	fmt.Fprint(w, "\n## Details\n\n")
	for _, r := range checkouts {
		if r.Err != nil {
			continue
		}
		fmt.Fprintf(w, "- **%s**\n", markdownEscape(r.Dir))
		for _, l := range a.lessons {
			fmt.Fprintf(w, "  - %s: %s (%s)\n", l.Slug, cell(r.Outcomes[l.Slug]), markdownEscape(r.Messages[l.Slug]))
		}
	}
}

func markdownEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
