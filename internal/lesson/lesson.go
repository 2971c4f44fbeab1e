// Package lesson is the workshop's one model of its lessons. Load reads
// every lesson once, each fact from one explicit place:
//
//   - the lesson's number and slug from its folder, lessons/NN-slug;
//   - its title, part, summary, steps, given programs, race setting and
//     the teaching order of its scripts from testdata/NN-slug/lesson.json;
//   - the files each step is written in from the skeleton's TODO(step N)
//     comments (testdata/skeletons/NN-slug.txtar);
//   - its hints from the "## Hint N: title" headings of its HINTS.md;
//   - its programs from the subfolders of lessons/NN-slug that hold Go
//     files, and from lesson.json's given programs;
//   - its scripts, and the hints their steps name, from the
//     "# Step N: ... (hint N)" comments of testdata/NN-slug/*.txtar.
//
// Nothing is guessed from prose. Check (shape.go) proves that these places
// agree with each other and with the lesson's README.
package lesson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/txtar"
)

// A Lesson is one lesson of the workshop, as Load reads it.
type Lesson struct {
	Number int    // 1
	Slug   string // "01-time-server", the name of its folders
	Name   string // "time-server"

	// From testdata/NN-slug/lesson.json.
	Title   string   // "a time server"
	Part    int      // 1 for the first six lessons, 2 after them
	Summary []string // what the learner learned, a few short items
	Steps   []Step
	// Given maps a program that the lesson gives ready-made to the lesson
	// whose reference program it is: {"server": "02-echo"} builds
	// solutions/02-echo/server as this lesson's server.
	Given map[string]string
	Race  bool // the programs are built with the race detector
	// ScriptOrder lists the lesson's scripts in the order a learner
	// should read their failures: those that show the lesson's own
	// transcripts first, those about errors and rude peers last.
	ScriptOrder []string

	Hints    []Hint   // from HINTS.md, in order
	Programs []string // the learner's programs, sorted: folders of lessons/NN-slug with Go files
	Scripts  []Script // testdata/NN-slug/*.txtar, by name
}

// A Step is one step of a lesson: one TODO(step N) to write.
type Step struct {
	Number int
	Title  string   // "Listen"
	Files  []string // the skeleton files with its TODOs, such as "server/main.go"
}

// A Hint is one "## Hint N: title" section of a lesson's HINTS.md.
type Hint struct {
	Number int
	Title  string
	Body   string // the section's text, without its heading
}

// A Script is one grading script of a lesson.
type Script struct {
	Name  string // "time.txtar"
	Steps []ScriptStep
}

// A ScriptStep is one "# Step N: ..." comment of a script.
type ScriptStep struct {
	Number int
	Line   int    // where the comment starts
	Text   string // the comment, its lines joined
	Hints  []int  // the hints it names: "(HINTS.md, hints 1 and 2)"
}

// Facts is the content of testdata/NN-slug/lesson.json.
type Facts struct {
	Title   string            `json:"title"`
	Part    int               `json:"part"`
	Summary []string          `json:"summary"`
	Steps   []string          `json:"steps"`
	Given   map[string]string `json:"given,omitempty"`
	Race    bool              `json:"race,omitempty"`
	// RaceHint is the hint that explains what the lesson's goroutines
	// share and how it is guarded: the one a data race points to.
	RaceHint int      `json:"raceHint,omitempty"`
	Scripts  []string `json:"scripts"`
}

// FactsPath is where a lesson's facts are kept.
func FactsPath(root, slug string) string {
	return filepath.Join(root, "testdata", slug, "lesson.json")
}

// ReadFacts reads a lesson's lesson.json; a lesson without one has no
// facts (which Check reports).
func ReadFacts(root, slug string) (Facts, error) {
	var f Facts
	data, err := os.ReadFile(FactsPath(root, slug))
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return f, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return f, fmt.Errorf("testdata/%s/lesson.json: %v", slug, err)
	}
	return f, nil
}

// SkeletonPath is where the untouched skeleton of a lesson is kept, as a
// txtar archive of the lesson's program files.
func SkeletonPath(root, slug string) string {
	return filepath.Join(root, "testdata", "skeletons", slug+".txtar")
}

// folderRE matches the name of a lesson's folder.
var folderRE = regexp.MustCompile(`^(\d\d)-([a-z0-9][a-z0-9-]*)$`)

// IsSlug reports whether name is a lesson's folder name, NN-slug.
func IsSlug(name string) bool { return folderRE.MatchString(name) }

// Slugs lists the lessons of the workshop at root, in order: the folders
// lessons/NN-slug. A lesson that is still being written counts as soon as
// its folder exists.
func Slugs(root string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(root, "lessons"))
	if err != nil {
		return nil, err
	}
	var slugs []string
	for _, e := range entries {
		if e.IsDir() && IsSlug(e.Name()) {
			slugs = append(slugs, e.Name())
		}
	}
	sort.Strings(slugs)
	return slugs, nil
}

// Load reads every lesson of the workshop at root, in order. A lesson
// whose files cannot be read is an error; a lesson whose facts are missing
// or disagree loads with what there is (Check says what is wrong).
func Load(root string) ([]*Lesson, error) {
	slugs, err := Slugs(root)
	if err != nil {
		return nil, err
	}
	lessons := make([]*Lesson, 0, len(slugs))
	for _, slug := range slugs {
		l, err := Read(root, slug)
		if err != nil {
			return nil, err
		}
		lessons = append(lessons, l)
	}
	return lessons, nil
}

// Read reads one lesson.
func Read(root, slug string) (*Lesson, error) {
	m := folderRE.FindStringSubmatch(slug)
	if m == nil {
		return nil, fmt.Errorf("%q is not a lesson's folder name (NN-slug)", slug)
	}
	n, _ := strconv.Atoi(m[1])
	l := &Lesson{Number: n, Slug: slug, Name: m[2]}
	f, err := ReadFacts(root, slug)
	if err != nil {
		return nil, err
	}
	l.Title, l.Part, l.Summary, l.Given, l.Race, l.ScriptOrder = f.Title, f.Part, f.Summary, f.Given, f.Race, f.Scripts
	if l.Title == "" {
		l.Title = strings.ReplaceAll(l.Name, "-", " ")
	}
	files := stepFiles(root, slug)
	for i, title := range f.Steps {
		l.Steps = append(l.Steps, Step{Number: i + 1, Title: title, Files: files[i+1]})
	}
	if data, err := os.ReadFile(filepath.Join(root, "lessons", slug, "HINTS.md")); err == nil {
		l.Hints = ParseHints(data)
	}
	if l.Programs, err = ProgramsIn(filepath.Join(root, "lessons", slug)); err != nil {
		return nil, err
	}
	l.Scripts, err = readScripts(filepath.Join(root, "testdata", slug))
	return l, err
}

// Hint returns the hint numbered n.
func (l *Lesson) Hint(n int) (Hint, bool) {
	for _, h := range l.Hints {
		if h.Number == n {
			return h, true
		}
	}
	return Hint{}, false
}

// StepFiles maps each step to the files its TODOs are in.
func (l *Lesson) StepFiles() map[int][]string {
	files := map[int][]string{}
	for _, s := range l.Steps {
		files[s.Number] = s.Files
	}
	return files
}

// ScriptRank is where a script comes in the lesson's teaching order
// (0 for the first); a script that the order does not name comes after
// those it names.
func (l *Lesson) ScriptRank(script string) int {
	if i := slices.Index(l.ScriptOrder, script); i >= 0 {
		return i
	}
	return len(l.ScriptOrder)
}

// FirstFile is the file that holds the lesson's first step: where a
// learner starts.
func (l *Lesson) FirstFile() string {
	for _, s := range l.Steps {
		if len(s.Files) > 0 {
			return s.Files[0]
		}
	}
	if len(l.Programs) > 0 {
		return l.Programs[0] + "/main.go"
	}
	return "server/main.go"
}

// AllPrograms lists, sorted, every program the lesson runs: the learner's
// and those it is given.
func (l *Lesson) AllPrograms() []string {
	progs := slices.Clone(l.Programs)
	for prog := range l.Given {
		if !slices.Contains(progs, prog) {
			progs = append(progs, prog)
		}
	}
	slices.Sort(progs)
	return progs
}

// ProgramFolder is the folder, relative to the workshop, from which a
// program of the lesson is built: lessons/NN-slug for the learner's
// programs, the other lesson's solution for a given one.
func (l *Lesson) ProgramFolder(prog string) string {
	if from, ok := l.Given[prog]; ok {
		return filepath.Join("solutions", from)
	}
	return filepath.Join("lessons", l.Slug)
}

// ProgramsIn lists, sorted, the programs of a lesson's folder: every
// subfolder that holds Go files is one, named after its folder.
func ProgramsIn(lessonDir string) ([]string, error) {
	entries, err := os.ReadDir(lessonDir)
	if err != nil {
		return nil, err
	}
	var progs []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if goFiles, _ := filepath.Glob(filepath.Join(lessonDir, e.Name(), "*.go")); len(goFiles) > 0 {
			progs = append(progs, e.Name())
		}
	}
	return progs, nil
}

// ReadSkeleton reads the files of a lesson's skeleton archive: a
// slash-separated path ("server/main.go") maps to the file's content.
func ReadSkeleton(root, slug string) (map[string][]byte, error) {
	a, err := txtar.ParseFile(SkeletonPath(root, slug))
	if err != nil {
		return nil, err
	}
	src := map[string][]byte{}
	for _, f := range a.Files {
		src[f.Name] = f.Data
	}
	return src, nil
}

var todoStepRE = regexp.MustCompile(`TODO\(step (\d+)\)`)

// stepFiles maps each step of a lesson to the skeleton files with a TODO
// for it, the server's before the client's, as the lessons' steps go.
func stepFiles(root, slug string) map[int][]string {
	src, err := ReadSkeleton(root, slug)
	if err != nil {
		return nil
	}
	return todoFiles(src)
}

func todoFiles(src map[string][]byte) map[int][]string {
	names := make([]string, 0, len(src))
	for name := range src {
		names = append(names, name)
	}
	order := func(name string) string {
		if strings.HasPrefix(name, "server/") {
			return "0" + name
		}
		return "1" + name
	}
	sort.Slice(names, func(i, j int) bool { return order(names[i]) < order(names[j]) })
	files := map[int][]string{}
	for _, name := range names {
		for _, m := range todoStepRE.FindAllSubmatch(src[name], -1) {
			n, _ := strconv.Atoi(string(m[1]))
			if !slices.Contains(files[n], name) {
				files[n] = append(files[n], name)
			}
		}
	}
	return files
}

var hintHeadingRE = regexp.MustCompile(`^##\s+Hint\s+(\d+)\s*[:.-]?\s*(.*?)\s*$`)

// ParseHints reads the hints of a HINTS.md file, in order.
func ParseHints(data []byte) []Hint {
	var hints []Hint
	var body []string
	inHint := false
	flush := func() {
		if inHint && len(hints) > 0 {
			hints[len(hints)-1].Body = strings.Trim(strings.Join(body, "\n"), "\n")
		}
		body = nil
	}
	for _, line := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
		if m := hintHeadingRE.FindStringSubmatch(line); m != nil {
			flush()
			n, _ := strconv.Atoi(m[1])
			hints = append(hints, Hint{Number: n, Title: m[2]})
			inHint = true
			continue
		}
		if strings.HasPrefix(line, "# ") || strings.HasPrefix(line, "## ") {
			// Another heading ends the hint.
			flush()
			inHint = false
			continue
		}
		if inHint {
			body = append(body, line)
		}
	}
	flush()
	return hints
}

var (
	scriptStepRE = regexp.MustCompile(`^#\s*Step\s+(\d+)\s*[:.]`)
	// A step names its hints in parentheses: "(HINTS.md, hint 5)",
	// "(hints 5, 6 and 7; the server: hints 2 to 4)".
	hintGroupRE = regexp.MustCompile(`\(([^()]*)\)`)
	hintListRE  = regexp.MustCompile(`\bhints?\s+([0-9]+(?:\s*(?:,\s*and|,|and|to)\s*[0-9]+)*)`)
	hintTermRE  = regexp.MustCompile(`[0-9]+|\bto\b`)
)

// HintRefs reads the hint numbers that a script's step comment names,
// each once, in the order named: "(HINTS.md, hint 5)", "(hints 5 and 6)",
// "(hints 1, 2 and 3)", "(hints 3 to 7)", "(hints 5 and 6; the server:
// hints 2 to 4)".
func HintRefs(text string) []int {
	var hints []int
	add := func(k int) {
		if !slices.Contains(hints, k) {
			hints = append(hints, k)
		}
	}
	for _, group := range hintGroupRE.FindAllStringSubmatch(text, -1) {
		for _, list := range hintListRE.FindAllStringSubmatch(group[1], -1) {
			terms := hintTermRE.FindAllString(list[1], -1)
			for i := 0; i < len(terms); i++ {
				k, err := strconv.Atoi(terms[i])
				if err != nil {
					continue
				}
				// "3 to 7" names 3, 4, 5, 6 and 7.
				if i+2 < len(terms) && terms[i+1] == "to" {
					if last, err := strconv.Atoi(terms[i+2]); err == nil && last >= k && last-k < 50 {
						for j := k; j <= last; j++ {
							add(j)
						}
						i += 2
						continue
					}
				}
				add(k)
			}
		}
	}
	return hints
}

// readScripts reads the step comments of the scripts in dir.
func readScripts(dir string) ([]Script, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil {
		return nil, err
	}
	var scripts []Script
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		scripts = append(scripts, Script{Name: filepath.Base(name), Steps: ParseScriptSteps(txtar.Parse(data).Comment)})
	}
	return scripts, nil
}

// ParseScriptSteps reads the "# Step N: ..." comments of a script, each
// with the comment lines that follow it.
func ParseScriptSteps(script []byte) []ScriptStep {
	var steps []ScriptStep
	in := false
	for i, line := range strings.Split(strings.ReplaceAll(string(script), "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if m := scriptStepRE.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[1])
			steps = append(steps, ScriptStep{Number: n, Line: i + 1, Text: strings.TrimSpace(strings.TrimPrefix(line, "#"))})
			in = true
			continue
		}
		if in && strings.HasPrefix(line, "#") {
			last := &steps[len(steps)-1]
			last.Text += " " + strings.TrimSpace(strings.TrimPrefix(line, "#"))
			continue
		}
		in = false
	}
	for i := range steps {
		steps[i].Hints = HintRefs(steps[i].Text)
	}
	return steps
}
