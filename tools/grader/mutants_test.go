package grader

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"example.com/tcpworkshop/internal/lesson"
	"example.com/tcpworkshop/internal/results"
)

// A mutant is a plausible wrong solution of a lesson: a few small edits to
// the lesson's reference solution. Each lives in
// testdata/mutants/NN-slug/NAME.txtar. The archive's comment says what the
// mutant does and, on a line of its own, which reason the grader must give:
//
//	# The server serves one client, then returns: no accept loop.
//	reason: had already ended
//
// reason is a regular expression that the log of at least one failing
// script must match. Then a line names the failure that a learner with
// this mistake should read first, the one that explains it, as the
// script and its step ("# Step N: ..." comment), or the script alone when
// the failure is outside its steps:
//
//	lead: several.txtar step 3
//
// A mutant whose failing scripts depend on timing (a server that ends
// just before, or just after, the script stops it) may have a lead line
// for each failure that can come first; every one of them must explain
// the mistake.
//
// The workshop tool shows a lesson's failures in the order
// results.SortFailures gives them, and TestMutants checks that this order
// starts with the lead. Each file of the archive names a file of the
// solution and holds search-and-replace blocks:
//
//	-- server/main.go --
//	<<<
//	lines of the reference solution, exactly as they are
//	===
//	the lines to put in their place (none to delete them)
//	>>>
//
// The old lines must occur exactly once in the file, so that a mutant goes
// stale loudly, not silently, when the solution changes.
//
// A mutant whose lead the workshop tool's order cannot put first by any
// sound rule says why on a line "lead gap: WHY". Its order is still
// checked and logged, but a tool that leads with another failure is not
// a failure of the test: the gap stays documented instead of bending the
// order for one mutant.
//
// A mutant that no script can reject every time, for a reason outside the
// grader's reach, says why on a line "gap: WHY". It is still graded, and
// the verdict is logged, but it is reported as skipped, never as failed:
// the gap stays documented beside the mutants that are caught.
type mutant struct {
	name   string
	path   string
	about  string
	reason *regexp.Regexp
	leads  []lead            // the failure a learner should read first
	unled  string            // why the tool's order cannot lead with it
	gap    string            // why the lesson's scripts cannot always catch it
	files  map[string][]edit // solution file → its edits, in order
}

// A lead names one failure of a lesson: the script, and the step of the
// script that failed (0 outside the script's steps).
type lead struct {
	script string // "time.txtar"
	step   int
}

func (l lead) String() string {
	if l.step == 0 {
		return l.script
	}
	return fmt.Sprintf("%s step %d", l.script, l.step)
}

type edit struct {
	old, new string
	line     int // where the block starts in the mutant's file
}

// mutantsDir is where the mutants of every lesson live.
func mutantsDir(root string) string { return filepath.Join(root, "testdata", "mutants") }

var (
	reasonRE = regexp.MustCompile(`^(?:#\s*)?reason:\s*(.+?)\s*$`)
	gapRE    = regexp.MustCompile(`^(?:#\s*)?gap:\s*(.+?)\s*$`)
	leadRE   = regexp.MustCompile(`^(?:#\s*)?lead:\s*(.*?)\s*$`)
	unledRE  = regexp.MustCompile(`^(?:#\s*)?lead gap:\s*(.+?)\s*$`)
	leadArgs = regexp.MustCompile(`^([\w.-]+\.txtar)(?:\s+step\s+([1-9]\d*))?$`)
)

// readMutant parses a mutant's archive.
func readMutant(path string) (*mutant, error) {
	a, err := txtar.ParseFile(path)
	if err != nil {
		return nil, err
	}
	m := &mutant{name: strings.TrimSuffix(filepath.Base(path), ".txtar"), path: path, files: map[string][]edit{}}
	var about []string
	for _, line := range strings.Split(string(a.Comment), "\n") {
		if r := reasonRE.FindStringSubmatch(line); r != nil {
			if m.reason != nil {
				return nil, fmt.Errorf("%s: more than one reason: line", path)
			}
			if m.reason, err = regexp.Compile(r[1]); err != nil {
				return nil, fmt.Errorf("%s: bad reason: %v", path, err)
			}
			continue
		}
		if l := leadRE.FindStringSubmatch(line); l != nil {
			args := leadArgs.FindStringSubmatch(l[1])
			if args == nil {
				return nil, fmt.Errorf("%s: bad lead: %q; want \"lead: SCRIPT.txtar step N\" or \"lead: SCRIPT.txtar\"", path, l[1])
			}
			step, _ := strconv.Atoi(args[2])
			m.leads = append(m.leads, lead{args[1], step})
			continue
		}
		if u := unledRE.FindStringSubmatch(line); u != nil {
			m.unled = u[1]
			continue
		}
		if g := gapRE.FindStringSubmatch(line); g != nil {
			m.gap = g[1]
			continue
		}
		if line = strings.TrimSpace(strings.TrimPrefix(line, "#")); line != "" {
			about = append(about, line)
		}
	}
	m.about = strings.Join(about, " ")
	if m.reason == nil {
		return nil, fmt.Errorf("%s: the comment has no \"reason: REGEXP\" line", path)
	}
	if len(m.leads) == 0 {
		return nil, fmt.Errorf("%s: the comment has no \"lead: SCRIPT.txtar step N\" line naming the failure a learner should read first", path)
	}
	if m.about == "" {
		return nil, fmt.Errorf("%s: the comment does not say what the mutant does", path)
	}
	if len(a.Files) == 0 {
		return nil, fmt.Errorf("%s: the mutant changes no file", path)
	}
	// Line numbers of the archive, for messages: the comment comes first.
	offset := strings.Count(string(a.Comment), "\n") + 1
	for _, f := range a.Files {
		edits, err := parseEdits(string(f.Data), offset+1)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %v", path, f.Name, err)
		}
		if len(edits) == 0 {
			return nil, fmt.Errorf("%s: %s has no <<< === >>> block", path, f.Name)
		}
		m.files[f.Name] = append(m.files[f.Name], edits...)
		offset += 1 + strings.Count(string(f.Data), "\n")
	}
	return m, nil
}

// parseEdits reads the <<< === >>> blocks of one file of a mutant. first
// is the line number of the file's first line in the archive.
func parseEdits(text string, first int) ([]edit, error) {
	var (
		edits []edit
		cur   *edit
		part  *[]string
		old   []string
		new   []string
	)
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		n := first + i
		switch {
		case line == "<<<" && cur == nil:
			cur, old, new, part = &edit{line: n}, nil, nil, &old
		case line == "===" && cur != nil && part == &old:
			part = &new
		case line == ">>>" && cur != nil && part == &new:
			if len(old) == 0 {
				return nil, fmt.Errorf("line %d: the block replaces no line", cur.line)
			}
			cur.old = strings.Join(old, "\n") + "\n"
			if len(new) > 0 {
				cur.new = strings.Join(new, "\n") + "\n"
			}
			edits = append(edits, *cur)
			cur = nil
		case cur != nil:
			*part = append(*part, line)
		case strings.TrimSpace(line) != "":
			return nil, fmt.Errorf("line %d: text outside a <<< === >>> block: %q", n, line)
		}
	}
	if cur != nil {
		return nil, fmt.Errorf("line %d: the block is not closed with === and >>>", cur.line)
	}
	return edits, nil
}

// apply returns the solution's sources with the mutant's edits made. An
// edit whose old lines do not occur exactly once makes the mutant stale.
func (m *mutant) apply(solution Sources) (Sources, error) {
	out := Sources{}
	for name, data := range solution {
		out[name] = data
	}
	for _, name := range slices.Sorted(maps.Keys(m.files)) {
		data, ok := out[name]
		if !ok {
			return nil, fmt.Errorf("mutant %s is stale: the reference solution has no file %s", m.path, name)
		}
		text := string(normalizeEOL(data))
		for _, e := range m.files[name] {
			if n := strings.Count(text, e.old); n != 1 {
				return nil, fmt.Errorf("mutant %s is stale: the lines of its block at line %d occur %d times in %s, not once:\n%s",
					m.path, e.line, n, name, e.old)
			}
			text = strings.Replace(text, e.old, e.new, 1)
		}
		out[name] = []byte(text)
	}
	return out, nil
}

// A mutantResult is how a lesson's scripts took a mutant.
type mutantResult struct {
	err     error              // the mutant could not be graded
	failed  []string           // the scripts that rejected it
	matched []string           // those whose log matches the reason
	logs    map[string]string  // every failing script's log
	order   []*results.Failure // the failures, in the order the workshop tool shows them
}

// gradeMutant builds the mutant and runs the lesson's scripts against it.
func gradeMutant(root string, model *lesson.Lesson, m *mutant, workDir string) mutantResult {
	slug := model.Slug
	dir := filepath.Join(root, "solutions", slug)
	solution, err := ReadSources(dir)
	if err != nil {
		return mutantResult{err: err}
	}
	overlay, err := m.apply(solution)
	if err != nil {
		return mutantResult{err: err}
	}
	l := Lesson{Root: root, Slug: slug, Dir: dir, Overlay: overlay, Who: "the mutant's"}
	bin, err := Build(workDir, l)
	if err != nil {
		return mutantResult{err: fmt.Errorf("mutant %s does not compile, so it proves nothing: %v", m.path, err)}
	}
	rec := &Recorder{Name: slug + "/" + m.name}
	Run(rec, Params(l, bin))
	res := mutantResult{logs: map[string]string{}}
	if len(rec.Scripts) == 0 {
		res.err = fmt.Errorf("no script ran:\n%s", rec.Logs())
	}
	for _, s := range rec.Scripts {
		if s.Failed {
			res.failed = append(res.failed, s.Name)
			// What a learner reads: without the failure's line for
			// tools, which WORKSHOP_FAILURE_JSON=1 would add.
			log, _, _ := strings.Cut(s.Logs(), results.FailureMarker)
			res.logs[s.Name] = log
			if m.reason.MatchString(log) {
				res.matched = append(res.matched, s.Name)
			}
			// The failure as the grader built it, read back from its
			// line as check reads it; without one (a command panicked),
			// what the log alone tells.
			f := s.Failure
			if f == nil {
				f = results.ParseScriptLog(root, s.Name+".txtar", s.Logs())
			}
			res.order = append(res.order, f)
		}
	}
	results.SortFailures(res.order, model)
	return res
}

// mutantSlots bounds how many mutants are graded at once, over all
// lessons. Most of a mutant's time is spent waiting for a deadline, not
// computing, so a few more than the cores is right.
var mutantSlots = make(chan struct{}, 6)

// fixedPorts lets one mutant at a time use the tutorial's fixed ports: a
// program that ignores -port (hard-coded-port-server, -client) listens on
// or dials the same port as its lesson's other such mutant, and, graded
// side by side, one would reach the other.
var fixedPorts sync.Mutex

// usesFixedPort reports whether a mutant ignores -port, by its name.
func (m *mutant) usesFixedPort() bool { return strings.HasPrefix(m.name, "hard-coded-port") }

// gradeInSlot grades a mutant once a slot is free, and alone among the
// mutants that use fixed ports.
func gradeInSlot(root string, model *lesson.Lesson, m *mutant, workDir string) mutantResult {
	if m.usesFixedPort() {
		fixedPorts.Lock()
		defer fixedPorts.Unlock()
	}
	mutantSlots <- struct{}{}
	defer func() { <-mutantSlots }()
	return gradeMutant(root, model, m, workDir)
}

// TestMutants proves that every lesson's grader rejects plausible wrong
// solutions, and for the reason that teaches: see mutant. Run one lesson's
// or one mutant's with -run TestMutants/01-time-server or
// -run TestMutants/01-time-server/one-client; -v lists, per mutant, the
// scripts that rejected it.
func TestMutants(t *testing.T) {
	maintainer(t)
	// Mutants that hang wait for every deadline: a short one keeps the
	// test quick. WORKSHOP_TIMEOUT still wins when it is set.
	if os.Getenv(TimeoutEnv) == "" {
		t.Setenv(TimeoutEnv, "5s")
	}
	root := RepoRoot(t)
	procs := trackProcesses(t)
	t.Cleanup(func() { procs.checkAllEnded(t) })
	slugs := lessonSlugs(root)
	entries, err := os.ReadDir(mutantsDir(root))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && !slices.Contains(slugs, e.Name()) {
			t.Errorf("testdata/mutants/%s is not a lesson", e.Name())
		}
	}
	filter := subtestFilter(2)
	for _, slug := range slugs {
		t.Run(slug, func(t *testing.T) {
			t.Parallel()
			if err := checkScripts(filepath.Join(root, "testdata", slug)); err != nil {
				t.Fatal(err)
			}
			model, err := lesson.Read(root, slug)
			if err != nil {
				t.Fatal(err)
			}
			files, _ := filepath.Glob(filepath.Join(mutantsDir(root), slug, "*.txtar"))
			if len(files) == 0 {
				t.Skipf("lesson %s has no mutants yet: add some to testdata/mutants/%s", slug, slug)
			}
			var mutants []*mutant
			for _, file := range files {
				m, err := readMutant(file)
				if err != nil {
					t.Error(err)
					continue
				}
				if filter == nil || filter.MatchString(m.name) {
					mutants = append(mutants, m)
				}
			}
			// The reference solution, graded alongside in the same
			// conditions, must pass: then every rejection is the mutant's
			// doing, not the machine's.
			reference := &mutant{name: "reference solution", path: "(none)", reason: regexp.MustCompile(`$^`)}
			graded := make([]mutantResult, len(mutants)+1)
			var wg sync.WaitGroup
			for i, m := range append([]*mutant{reference}, mutants...) {
				work := t.TempDir()
				wg.Add(1)
				go func() {
					defer wg.Done()
					graded[i] = gradeInSlot(root, model, m, work)
				}()
			}
			wg.Wait()
			if ref := graded[0]; ref.err != nil || len(ref.failed) > 0 {
				for _, name := range ref.failed {
					t.Logf("--- %s:\n%s", name, ref.logs[name])
				}
				t.Fatalf("the reference solution of %s does not pass its own scripts here (%v; failed: %s), so the mutants prove nothing",
					slug, ref.err, strings.Join(ref.failed, ", "))
			}
			graded = graded[1:]
			for i, m := range mutants {
				t.Run(m.name, func(t *testing.T) {
					regrade := func() mutantResult { return gradeInSlot(root, model, m, t.TempDir()) }
					checkMutant(t, model, m, graded[i], regrade)
				})
			}
		})
	}
}

// raceTries is how many times a mutant that only the race detector can
// catch is graded before it counts as passing every script.
const raceTries = 3

// checkMutant checks one graded mutant; regrade grades it again, for a
// lead that a loaded machine's timing may have changed.
func checkMutant(t *testing.T, model *lesson.Lesson, m *mutant, res mutantResult, regrade func() mutantResult) {
	rel := filepath.ToSlash(filepath.Join("testdata", "mutants", filepath.Base(filepath.Dir(m.path)), filepath.Base(m.path)))
	for _, l := range m.leads {
		if err := checkLeadExists(model, l); err != nil {
			t.Errorf("%s: %v", rel, err)
		}
	}
	// The race detector reports a race only when the two goroutines'
	// accesses really do overlap: every read and write on a socket puts
	// the goroutines that make them in order, as far as the detector can
	// tell. The scripts make overlaps plentiful (lesson 08's eight clients
	// at once were never missed in 400 gradings beside two CPU-bound
	// loops), but a mutant that only the detector can catch is graded up
	// to twice more before it counts as passing, as a learner whose lucky
	// run passed would see it fail on the next.
	for try := 2; try <= raceTries && res.err == nil && len(res.failed) == 0 && m.gap == "" && strings.Contains(m.reason.String(), "race detector"); try++ {
		t.Logf("%s: every script passed; the race detector sees only races that happen, so grading it again (try %d of %d)", rel, try, raceTries)
		res = regrade()
	}
	switch {
	case res.err != nil:
		t.Fatal(res.err)
	case m.gap != "":
		verdict := "this time it passed every script"
		if len(res.matched) > 0 {
			verdict = "this time " + strings.Join(res.matched, ", ") + " rejected it for the reason"
		} else if len(res.failed) > 0 {
			verdict = "this time " + strings.Join(res.failed, ", ") + " rejected it, for another reason"
		}
		if len(res.order) > 0 {
			verdict += fmt.Sprintf("; the workshop tool would lead with %s, the mutant's lead being %s", res.order[0].StepName(), m.leadNames())
		}
		t.Skipf("%s: a known gap: %s\nThe mutant: %s\n(%s)", rel, m.gap, m.about, verdict)
	case len(res.failed) == 0:
		t.Fatalf("%s: every script passes against this mutant, so the lesson's grader cannot tell it from a correct solution.\nThe mutant: %s", rel, m.about)
	case len(res.matched) == 0:
		var logs strings.Builder
		for _, name := range res.failed {
			fmt.Fprintf(&logs, "--- %s:\n%s\n", name, res.logs[name])
		}
		t.Fatalf("%s: rejected by %s, but no failing script's log matches the reason %q, so a learner would not be told why.\nThe mutant: %s\n%s",
			rel, strings.Join(res.failed, ", "), m.reason, m.about, logs.String())
	}
	for _, name := range res.failed {
		if syntax := scriptSyntaxRE.FindString(res.logs[name]); syntax != "" {
			t.Errorf("%s: the log of %s shows the learner script syntax, %q, where a sentence about the programs belongs:\n%s",
				rel, name, syntax, res.logs[name])
		}
	}
	checkLead(t, rel, m, res.order, regrade)
	t.Logf("%s: %s\n\trejected by %s; the reason %q is given by %s; the workshop tool leads with %s",
		rel, m.about, strings.Join(res.failed, ", "), m.reason, strings.Join(res.matched, ", "), res.order[0].StepName())
}

// checkLeadExists checks that a mutant's lead names a script of the
// lesson, and a step that the script has.
func checkLeadExists(model *lesson.Lesson, l lead) error {
	for _, s := range model.Scripts {
		if s.Name != l.script {
			continue
		}
		if l.step == 0 {
			return nil
		}
		for _, step := range s.Steps {
			if step.Number == l.step {
				return nil
			}
		}
		return fmt.Errorf("the lead %q names a step that %s does not have", l, l.script)
	}
	return fmt.Errorf("the lead %q names a script that lesson %s does not have", l, model.Slug)
}

// checkLead checks that the workshop tool, showing the mutant's failures
// in the order results.SortFailures gives, leads with the failure that
// the mutant's lead names: the one that explains the mistake. Which
// scripts fail can depend on timing (a server that ends early, a peer
// that sees a reset or a close), so a wrong lead is graded once more and
// fails the test only if it comes again.
func checkLead(t *testing.T, rel string, m *mutant, order []*results.Failure, regrade func() mutantResult) {
	t.Helper()
	if m.leadsWith(order) {
		return
	}
	first := order[0]
	if m.unled != "" {
		t.Logf("%s: a known lead gap: %s\nThe workshop tool leads with %s, the mutant's lead being %s.", rel, m.unled, first.StepName(), m.leadNames())
		return
	}
	if regrade != nil {
		again := regrade()
		if again.err == nil && len(again.order) > 0 && m.leadsWith(again.order) {
			t.Logf("%s: the first grading led with %s, the second with the mutant's lead %s: a difference of timing, not of order",
				rel, first.StepName(), m.leadNames())
			return
		}
	}
	var all strings.Builder
	for i, f := range order {
		fmt.Fprintf(&all, "\t%d. %s: %s\n", i+1, f.Where(), f.Summary())
	}
	t.Errorf("%s: the workshop tool would lead with %s, where the mutant's lead is %s (graded twice).\nThe mutant: %s\nIt leads with: %s\n%sIts failures, in the tool's order:\n%s",
		rel, first.StepName(), m.leadNames(), m.about, first.Where(), indentLines(first.Message, "\t"), all.String())
}

// leadsWith reports whether the first of a mutant's failures, in the
// tool's order, is one of its leads.
func (m *mutant) leadsWith(order []*results.Failure) bool {
	return len(order) > 0 && slices.Contains(m.leads, lead{order[0].Script, order[0].Step})
}

// leadNames names a mutant's leads: "time.txtar step 3", or "time.txtar
// step 3 or several.txtar step 2".
func (m *mutant) leadNames() string {
	var names []string
	for _, l := range m.leads {
		names = append(names, l.String())
	}
	return strings.Join(names, " or ")
}

// indentLines puts prefix before every line of text, and ends it with a
// newline.
func indentLines(text, prefix string) string {
	if text == "" {
		return ""
	}
	return prefix + strings.ReplaceAll(strings.TrimRight(text, "\n"), "\n", "\n"+prefix) + "\n"
}

// scriptSyntaxRE finds, in a failing script's log, what a learner should
// never have to read: testscript's own wording for a failed stdout or
// stderr check, a line whose condition did not apply, and a backslash
// doubled by quoting a pattern.
var scriptSyntaxRE = regexp.MustCompile("unexpected match for|no match for|have \\d+ matches for|(?m)^> \\[|matching `[^`]*\\\\\\\\")

// subtestFilter returns the -run pattern's element for the subtests at the
// given depth (1 for the lesson, 2 for the mutant), or nil for all. It lets
// "-run TestMutants/01-time-server/one-client" grade one mutant only.
func subtestFilter(depth int) *regexp.Regexp {
	f := flag.Lookup("test.run")
	if f == nil {
		return nil
	}
	parts := strings.Split(f.Value.String(), "/")
	if len(parts) <= depth || parts[depth] == "" {
		return nil
	}
	re, err := regexp.Compile(parts[depth])
	if err != nil {
		return nil
	}
	return re
}

// TestMutantFormat checks the parser of mutants on small examples, so that
// a malformed mutant is reported as such and never silently graded as the
// reference solution.
func TestMutantFormat(t *testing.T) {
	solution := Sources{"server/main.go": []byte("a\nb\nc\nb\n")}
	tests := []struct {
		name, archive, want, err string
	}{
		{"replace", "# x\nreason: r\nlead: time.txtar step 2\n-- server/main.go --\n<<<\na\n===\nA\nA2\n>>>\n", "A\nA2\nb\nc\nb\n", ""},
		{"delete", "# x\nreason: r\nlead: time.txtar step 2\n-- server/main.go --\n<<<\nc\n===\n>>>\n", "a\nb\nb\n", ""},
		{"two blocks", "# x\nreason: r\nlead: time.txtar step 2\n-- server/main.go --\n<<<\na\n===\n>>>\n\n<<<\nc\n===\nC\n>>>\n", "b\nC\nb\n", ""},
		{"ambiguous", "# x\nreason: r\nlead: time.txtar step 2\n-- server/main.go --\n<<<\nb\n===\nB\n>>>\n", "", "occur 2 times"},
		{"stale", "# x\nreason: r\nlead: time.txtar step 2\n-- server/main.go --\n<<<\nz\n===\nZ\n>>>\n", "", "stale: the lines of its block at line 5 occur 0 times"},
		{"no such file", "# x\nreason: r\nlead: time.txtar step 2\n-- client/main.go --\n<<<\na\n===\n>>>\n", "", "has no file client/main.go"},
		{"no reason", "# x\n-- server/main.go --\n<<<\na\n===\n>>>\n", "", "no \"reason: REGEXP\""},
		{"no prose", "reason: r\nlead: time.txtar step 2\n-- server/main.go --\n<<<\na\n===\n>>>\n", "", "does not say what"},
		{"stray text", "# x\nreason: r\nlead: time.txtar step 2\n-- server/main.go --\nhello\n", "", "text outside"},
		{"unclosed", "# x\nreason: r\nlead: time.txtar step 2\n-- server/main.go --\n<<<\na\n===\n", "", "not closed"},
		{"no block", "# x\nreason: r\nlead: time.txtar step 2\n-- server/main.go --\n", "", "no <<< === >>> block"},
		{"lead gap", "# x\nreason: r\nlead: time.txtar step 2\nlead gap: why\n-- server/main.go --\n<<<\na\n===\nA\nA2\n>>>\n", "A\nA2\nb\nc\nb\n", ""},
		{"no lead", "# x\nreason: r\n-- server/main.go --\n<<<\na\n===\n>>>\n", "", "no \"lead: SCRIPT.txtar step N\""},
		{"bad lead", "# x\nreason: r\nlead: time step 2\n-- server/main.go --\n<<<\na\n===\n>>>\n", "", "bad lead"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "m.txtar")
			if err := os.WriteFile(path, []byte(tt.archive), 0o666); err != nil {
				t.Fatal(err)
			}
			m, err := readMutant(path)
			var got Sources
			if err == nil {
				got, err = m.apply(solution)
			}
			switch {
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Fatalf("error %v, want one that says %q", err, tt.err)
			case tt.err == "" && err != nil:
				t.Fatal(err)
			case tt.err == "" && string(got["server/main.go"]) != tt.want:
				t.Fatalf("got %q, want %q", got["server/main.go"], tt.want)
			}
			if tt.name == "lead gap" && m.unled != "why" {
				t.Errorf("lead gap %q, want \"why\"", m.unled)
			}
			if tt.err == "" && !slices.Equal(m.leads, []lead{{"time.txtar", 2}}) {
				t.Errorf("leads %q, want \"time.txtar step 2\"", m.leads)
			}
		})
	}
	t.Run("two leads, one without a step", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "m.txtar")
		if err := os.WriteFile(path, []byte("# x\nreason: r\nlead: time.txtar step 2\nlead: errors.txtar\n-- server/main.go --\n<<<\na\n===\n>>>\n"), 0o666); err != nil {
			t.Fatal(err)
		}
		m, err := readMutant(path)
		if err != nil {
			t.Fatal(err)
		}
		if want := []lead{{"time.txtar", 2}, {"errors.txtar", 0}}; !slices.Equal(m.leads, want) || m.leadNames() != "time.txtar step 2 or errors.txtar" {
			t.Errorf("leads %+v (%s), want %+v", m.leads, m.leadNames(), want)
		}
	})
}
