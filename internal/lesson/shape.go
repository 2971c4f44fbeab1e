package lesson

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A Problem is one way in which a lesson is not in the workshop's shape.
type Problem struct {
	Lesson string // the lesson's slug, or "" for the workshop as a whole
	Path   string // the file at fault, relative to the workshop
	Msg    string
}

func (p Problem) String() string {
	return p.Path + ": " + p.Msg
}

// Check proves every lesson of the workshop at root in shape, and lists
// everything that is not, all at once: the files a lesson needs, its
// lesson.json, and that the README's steps, lesson.json's steps, the
// hints, the skeleton's TODO(step N) comments and the scripts' hint
// references agree; that the top README's lesson table and the CI
// workflow for teachers (.github/classroom/classroom.yml) name every lesson; and that no
// test names its lesson by hand.
func Check(root string) []Problem {
	c := &checker{root: root}
	slugs, err := Slugs(root)
	if err != nil {
		c.add("", "lessons", "cannot list the lessons: %v", err)
		return c.problems
	}
	if len(slugs) == 0 {
		c.add("", "lessons", "no lesson folder lessons/NN-slug")
	}
	for _, slug := range slugs {
		c.lesson(slug)
	}
	c.orphans(slugs)
	c.listed(slugs, "README.md", func(slug string) string {
		return fmt.Sprintf("| [%s](lessons/%s/README.md) |", slug, slug)
	}, "a row of its lesson table")
	c.tableParts(slugs)
	c.listed(slugs, ".github/classroom/classroom.yml", func(slug string) string {
		return fmt.Sprintf(" ./lessons/%s/\n", slug)
	}, "a graded step for it (see WORKSHOP.md, Grading in GitHub Classroom)")
	return c.problems
}

type checker struct {
	root     string
	problems []Problem
}

func (c *checker) add(slug, path, format string, args ...any) {
	c.problems = append(c.problems, Problem{Lesson: slug, Path: filepath.ToSlash(path), Msg: fmt.Sprintf(format, args...)})
}

func (c *checker) exists(path string) bool {
	_, err := os.Stat(filepath.Join(c.root, path))
	return err == nil
}

func (c *checker) read(slug, path string) []byte {
	data, err := os.ReadFile(filepath.Join(c.root, path))
	if err != nil {
		c.add(slug, path, "missing: every lesson has one")
		return nil
	}
	return data
}

// lesson checks one lesson.
func (c *checker) lesson(slug string) {
	lessonDir := "lessons/" + slug
	readme := c.read(slug, lessonDir+"/README.md")
	hintsMD := c.read(slug, lessonDir+"/HINTS.md")
	c.testFile(slug, lessonDir+"/lesson_test.go", "grader.Learner(t)")
	c.testFile(slug, "solutions/"+slug+"/solution_test.go", "grader.Solution(t)")
	for _, f := range []string{"testdata/" + slug + "/hostile.txtar", "testdata/skeletons/" + slug + ".txtar", "testdata/" + slug + "/lesson.json"} {
		if !c.exists(f) {
			c.add(slug, f, "missing: every lesson has one")
		}
	}
	if mutants, _ := filepath.Glob(filepath.Join(c.root, "testdata", "mutants", slug, "*.txtar")); len(mutants) == 0 {
		c.add(slug, "testdata/mutants/"+slug, "no mutant: every lesson has at least one wrong solution that its scripts reject")
	}

	f, err := ReadFacts(c.root, slug)
	if err != nil {
		c.add(slug, "testdata/"+slug+"/lesson.json", "%v", err)
	}
	facts := "testdata/" + slug + "/lesson.json"
	if c.exists(facts) {
		if f.Title == "" {
			c.add(slug, facts, `no "title"`)
		}
		if f.Part != 1 && f.Part != 2 {
			c.add(slug, facts, `"part" is %d; it is 1 or 2`, f.Part)
		}
		if len(f.Summary) == 0 {
			c.add(slug, facts, `no "summary": a few short items that say what the lesson teaches`)
		}
		if len(f.Steps) == 0 {
			c.add(slug, facts, `no "steps": the title of each step, as the README's steps name them`)
		}
		switch {
		case f.Race && (f.RaceHint < 1 || f.RaceHint > len(f.Steps)):
			c.add(slug, facts, `"race" is true but "raceHint" (%d) names no hint of the lesson: the hint that explains what its goroutines share, shown with a data race`, f.RaceHint)
		case !f.Race && f.RaceHint != 0:
			c.add(slug, facts, `"raceHint" is set but "race" is not: a data race is reported only in programs built with the race detector`)
		}
		c.scriptOrder(slug, f.Scripts)
	}
	c.given(slug, f.Given)

	// The steps, five ways.
	if readme != nil {
		got := ReadmeSteps(readme)
		if !slices.Equal(got, f.Steps) {
			c.add(slug, lessonDir+"/README.md", "its steps (%s) are not lesson.json's (%s): each step of ## Steps starts `N. **Title.**`",
				quoteAll(got), quoteAll(f.Steps))
		}
	}
	if hintsMD != nil {
		var nums []int
		for _, h := range ParseHints(hintsMD) {
			nums = append(nums, h.Number)
		}
		if want := upTo(len(f.Steps)); !slices.Equal(nums, want) {
			c.add(slug, lessonDir+"/HINTS.md", "its hints are numbered %v; with %d steps they are %v, one `## Hint N: title` per step",
				nums, len(f.Steps), want)
		}
	}
	if skeleton, err := ReadSkeleton(c.root, slug); err == nil {
		files := todoFiles(skeleton)
		var nums []int
		for n := range files {
			nums = append(nums, n)
		}
		slices.Sort(nums)
		if want := upTo(len(f.Steps)); !slices.Equal(nums, want) {
			c.add(slug, "testdata/skeletons/"+slug+".txtar", "its TODO(step N) comments are for steps %v; with %d steps they are for %v",
				nums, len(f.Steps), want)
		}
		for name := range skeleton {
			if prog, _, _ := strings.Cut(name, "/"); f.Given[prog] != "" {
				c.add(slug, "testdata/skeletons/"+slug+".txtar", "holds %s, but lesson.json gives the %s ready-made", name, prog)
			}
		}
	}
	scripts, _ := readScripts(filepath.Join(c.root, "testdata", slug))
	for _, s := range scripts {
		for _, st := range s.Steps {
			for _, h := range st.Hints {
				if h < 1 || h > len(f.Steps) {
					c.add(slug, fmt.Sprintf("testdata/%s/%s:%d", slug, s.Name, st.Line), "names hint %d; the lesson has hints 1 to %d", h, len(f.Steps))
				}
			}
		}
	}
}

// scriptOrder checks that lesson.json's "scripts" names every script of
// the lesson once, and nothing else.
func (c *checker) scriptOrder(slug string, order []string) {
	facts := "testdata/" + slug + "/lesson.json"
	if len(order) == 0 {
		c.add(slug, facts, `no "scripts": the lesson's scripts in the order a learner should read their failures, those that show the README's transcripts first, hostile.txtar last`)
		return
	}
	files, _ := filepath.Glob(filepath.Join(c.root, "testdata", slug, "*.txtar"))
	var scripts []string
	for _, file := range files {
		scripts = append(scripts, filepath.Base(file))
	}
	for i, name := range order {
		switch {
		case slices.Index(order, name) < i:
			c.add(slug, facts, `"scripts" names %s twice`, name)
		case !slices.Contains(scripts, name):
			c.add(slug, facts, `"scripts" names %s, which is not a script of testdata/%s`, name, slug)
		}
	}
	for _, name := range scripts {
		if !slices.Contains(order, name) {
			c.add(slug, facts, `"scripts" does not name %s: add it where a learner should read its failure`, name)
		}
	}
}

// testFile checks that a lesson's test names no lesson: it grades the
// lesson of its own folder.
func (c *checker) testFile(slug, path, call string) {
	data := c.read(slug, path)
	if data == nil {
		return
	}
	if !bytes.Contains(data, []byte(call)) {
		c.add(slug, path, "does not call %s: the test grades the lesson of its own folder and never names one by hand", call)
	}
	if m := regexp.MustCompile(`"\d\d-[a-z0-9-]+"`).Find(data); m != nil {
		c.add(slug, path, "names lesson %s by hand; %s finds the lesson from its folder", m, call)
	}
}

// given checks that every program a lesson gives is another lesson's
// reference program.
func (c *checker) given(slug string, given map[string]string) {
	for prog, from := range given {
		if !c.exists(filepath.Join("solutions", from, prog)) {
			c.add(slug, "testdata/"+slug+"/lesson.json", "gives the %s of lesson %s, but solutions/%s/%s does not exist", prog, from, from, prog)
		}
		for _, dir := range []string{"lessons", "solutions"} {
			if c.exists(filepath.Join(dir, slug, prog)) {
				c.add(slug, dir+"/"+slug+"/"+prog, "is a copy: lesson.json gives the %s of lesson %s", prog, from)
			}
		}
	}
}

// orphans finds the folders of lessons that do not exist.
func (c *checker) orphans(slugs []string) {
	for _, pattern := range []string{"solutions/*", "testdata/skeletons/*.txtar", "testdata/mutants/*", "testdata/*/lesson.json"} {
		matches, _ := filepath.Glob(filepath.Join(c.root, filepath.FromSlash(pattern)))
		for _, m := range matches {
			rel, _ := filepath.Rel(c.root, m)
			rel = filepath.ToSlash(rel)
			slug := strings.TrimSuffix(filepath.Base(m), ".txtar")
			if pattern == "testdata/*/lesson.json" {
				slug = filepath.Base(filepath.Dir(m))
			}
			if IsSlug(slug) && !slices.Contains(slugs, slug) {
				c.add(slug, rel, "belongs to no lesson: there is no lessons/%s", slug)
			}
		}
	}
}

// listed checks that a shared document names every lesson.
func (c *checker) listed(slugs []string, doc string, line func(string) string, what string) {
	data, err := os.ReadFile(filepath.Join(c.root, doc))
	if err != nil {
		c.add("", doc, "missing")
		return
	}
	for _, slug := range slugs {
		if !bytes.Contains(data, []byte(line(slug))) {
			c.add(slug, doc, "does not list lesson %s: add %s, %q", slug, what, line(slug))
		}
	}
}

// partWords name the parts in the top README's headings, "### Part one: ...".
var partWords = map[int]string{1: "one", 2: "two"}

// tableParts checks that the top README lists each lesson once, and, when
// its table is split by "### Part ..." headings, under its own part.
func (c *checker) tableParts(slugs []string) {
	data, err := os.ReadFile(filepath.Join(c.root, "README.md"))
	if err != nil {
		return // listed says so
	}
	for _, slug := range slugs {
		row := fmt.Sprintf("| [%s](lessons/%s/README.md) |", slug, slug)
		if n := bytes.Count(data, []byte(row)); n > 1 {
			c.add(slug, "README.md", "lists lesson %s %d times: keep one row in its lesson table", slug, n)
		}
		f, err := ReadFacts(c.root, slug)
		if err != nil || partWords[f.Part] == "" {
			continue // the lesson's own checks say so
		}
		heading := ""
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "### Part ") {
				heading = strings.TrimSpace(strings.TrimPrefix(line, "### "))
			}
			if strings.HasPrefix(line, row) && heading != "" {
				word, _, _ := strings.Cut(strings.TrimPrefix(heading, "Part "), ":")
				if word != partWords[f.Part] {
					c.add(slug, "README.md", "lists lesson %s under %q, but its lesson.json says part %d: move its row under \"### Part %s\"",
						slug, heading, f.Part, partWords[f.Part])
				}
			}
		}
	}
}

var readmeStepRE = regexp.MustCompile(`^\d+\.\s+\*\*(.+?)\*\*`)

// ReadmeSteps returns the titles of the numbered steps of a README's
// "## Steps" section, each the bold text that starts its item,
// "1. **Listen.** ...", without its final full stop.
func ReadmeSteps(readme []byte) []string {
	var steps []string
	in := false
	sc := bufio.NewScanner(bytes.NewReader(readme))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			in = strings.TrimSpace(line) == "## Steps"
			continue
		}
		if m := readmeStepRE.FindStringSubmatch(line); in && m != nil {
			steps = append(steps, strings.TrimSuffix(strings.TrimSpace(m[1]), "."))
		}
	}
	return steps
}

func upTo(n int) []int {
	var nums []int
	for i := 1; i <= n; i++ {
		nums = append(nums, i)
	}
	return nums
}

func quoteAll(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = strconv.Quote(x)
	}
	if len(q) == 0 {
		return "none"
	}
	return strings.Join(q, ", ")
}
