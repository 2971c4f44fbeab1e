package grader

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"example.com/tcpworkshop/internal/lesson"
)

// VerdictBenchEnv, set to 1, runs TestVerdictTimes; verdict_bench.sh sets
// it.
const VerdictBenchEnv = "WORKSHOP_VERDICT_BENCH"

// TestVerdictTimes measures how long a learner waits, after saving, for
// the verdict of "workshop check LESSON": with the reference solution, and
// with each of the lesson's mutants (testdata/mutants), beside the time
// "go build" takes for the lesson's programs, which no grading can beat.
// It works in a copy of the workshop (the files git tracks), with the
// workshop tool built once. Every timed run follows a save that changes
// the files' content, as a learner's edit does, so nothing comes from a
// cache that an edit would not also find.
//
// It is a measurement, not a check: it fails only when a verdict is wrong
// (the reference solution not passing, a mutant passing). Run it with
// tools/grader/verdict_bench.sh.
func TestVerdictTimes(t *testing.T) {
	if os.Getenv(VerdictBenchEnv) != "1" {
		t.Skipf("a measurement for the workshop's maintainers: run tools/grader/verdict_bench.sh")
	}
	root := RepoRoot(t)
	work := filepath.Join(t.TempDir(), "workshop")
	copyTracked(t, root, work)
	tool := filepath.Join(t.TempDir(), "workshop-tool")
	goCmd(t, work, "build", "-o", tool, "./tools/workshop")

	only := regexp.MustCompile(os.Getenv("WORKSHOP_VERDICT_LESSONS"))
	runs := 3
	var table []verdictRow
	for _, slug := range lessonSlugs(root) {
		if !only.MatchString(slug) {
			continue
		}
		model, err := lesson.Read(root, slug)
		if err != nil {
			t.Fatal(err)
		}
		solution, err := ReadSources(filepath.Join(root, "solutions", slug))
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(work, "lessons", slug)
		save := saver(t, dir)
		row := verdictRow{slug: slug}

		// Warm the caches as a learner's earlier runs have.
		save(solution)
		checkVerdict(t, tool, work, slug)
		for range runs {
			save(solution)
			row.floor = append(row.floor, timed(func() { goBuildPrograms(t, work, slug, model) }))
			save(solution)
			var v verdict
			d := timed(func() { v = checkVerdict(t, tool, work, slug) })
			if v.Status != "pass" {
				t.Fatalf("lesson %s: the reference solution's verdict is %q, not pass:\n%s", slug, v.Status, v.out)
			}
			row.reference = append(row.reference, d)
		}
		files, _ := filepath.Glob(filepath.Join(mutantsDir(root), slug, "*.txtar"))
		for _, file := range files {
			m, err := readMutant(file)
			if err != nil {
				t.Fatal(err)
			}
			src, err := m.apply(solution)
			if err != nil {
				t.Fatal(err)
			}
			save(src)
			var v verdict
			d := timed(func() { v = checkVerdict(t, tool, work, slug) })
			switch {
			case v.Status == "pass" && m.gap != "":
				// A known gap of the graders on this machine (TestMutants
				// skips it too): its time is no verdict's.
				t.Logf("%s %-32s passes check here, a known gap: %s", slug, m.name, m.gap)
				continue
			case v.Status == "pass":
				t.Errorf("lesson %s: mutant %s passes check", slug, m.name)
			}
			if v.hang() {
				row.hangs = append(row.hangs, d)
			} else {
				row.mutants = append(row.mutants, d)
			}
			t.Logf("%s %-32s %5.2fs %s%s", slug, m.name, d.Seconds(), v.Status, map[bool]string{true: " (hang)"}[v.hang()])
		}
		save(solution)
		table = append(table, row)
	}
	fmt.Printf("\nSave-to-verdict of `workshop check LESSON`, medians (the floor: go build of the lesson's programs)\n\n")
	fmt.Printf("%-22s %7s %9s %7s %9s %7s %9s %7s\n", "lesson", "floor", "reference", "ref/fl", "mutants", "×ref", "hangs", "×ref")
	var all verdictRow
	for _, r := range append(table, all) {
		if r.slug == "" {
			if len(table) < 2 {
				break
			}
			for _, t := range table {
				r.floor = append(r.floor, t.floor...)
				r.reference = append(r.reference, t.reference...)
				r.mutants = append(r.mutants, t.mutants...)
				r.hangs = append(r.hangs, t.hangs...)
			}
			r.slug = "all lessons"
		}
		ref := median(r.reference)
		fmt.Printf("%-22s %6.2fs %8.2fs %7.1f %8.2fs %7.1f %8s %7s\n", r.slug, median(r.floor).Seconds(), ref.Seconds(),
			ratio(ref, median(r.floor)), median(r.mutants).Seconds(), ratio(median(r.mutants), ref),
			secondsOrNone(r.hangs), ratioOrNone(r.hangs, ref))
	}
	fmt.Println()
}

type verdictRow struct {
	slug                             string
	floor, reference, mutants, hangs []time.Duration
}

// verdict is what check --json says, in part.
type verdict struct {
	Status   string `json:"status"`
	Failures []struct {
		Message string `json:"message"`
	} `json:"failures"`
	out string
}

// hang reports whether the verdict came from a wait that ran out.
func (v verdict) hang() bool {
	return len(v.Failures) > 0 && regexp.MustCompile(`\bwaited\b|\bfor \d+(\.\d+)?m?s\b`).MatchString(v.Failures[0].Message)
}

func checkVerdict(t *testing.T, tool, dir, slug string) verdict {
	cmd := exec.Command(tool, "check", "--json", slug)
	cmd.Dir = dir
	out, _ := cmd.Output()
	var v verdict
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("check --json %s: %v\n%s", slug, err, out)
	}
	v.out = string(out)
	return v
}

// saver returns a function that writes a lesson's program files as an
// editor saves them, each time with content of its own (a comment that
// counts the saves), so that the build cache cannot answer for the edit.
func saver(t *testing.T, dir string) func(Sources) {
	n := 0
	return func(src Sources) {
		n++
		for name, data := range src {
			path := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(name, ".go") {
				data = fmt.Appendf(slices.Clip(data), "\n// save %d\n", n)
			}
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// goBuildPrograms builds the lesson's programs with one go build, with
// -race where the grader uses it.
func goBuildPrograms(t *testing.T, dir, slug string, model *lesson.Lesson) {
	args := []string{"build", "-o", t.TempDir() + string(filepath.Separator)}
	if model.Race {
		args = append(args, "-race")
	}
	progs, err := ProgramsIn(filepath.Join(dir, "lessons", slug))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range progs {
		args = append(args, "./lessons/"+slug+"/"+p)
	}
	goCmd(t, dir, args...)
}

func goCmd(t *testing.T, dir string, args ...string) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// copyTracked copies the files git tracks in root, and those it would
// track (not ignored), to dir.
func copyTracked(t *testing.T, root, dir string) {
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("git ls-files: %v (the measurement needs a git checkout)", err)
	}
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			continue // deleted in the working tree
		}
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func timed(f func()) time.Duration {
	start := time.Now()
	f()
	return time.Since(start)
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func secondsOrNone(ds []time.Duration) string {
	if len(ds) == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fs", median(ds).Seconds())
}

func ratioOrNone(ds []time.Duration, ref time.Duration) string {
	if len(ds) == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", ratio(median(ds), ref))
}
