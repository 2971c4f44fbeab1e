package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	model "example.com/tcpworkshop/internal/lesson"
	"example.com/tcpworkshop/internal/results"
	"example.com/tcpworkshop/internal/sandbox"
	"example.com/tcpworkshop/tools/grader"
)

// A class is graded checkout by checkout, several at a time. Each checkout
// is graded in a copy of its own: the teacher's workshop as it was when the
// report started (without .git, the mutants, and the reference solutions
// other than the programs that lessons give ready-made),
// with the learner's program folders copied into its lessons. go test runs
// in that copy, in a sandbox where the system allows one (see
// internal/sandbox), with an environment that names nothing of the class
// or the teacher.

// Paths inside the sandbox.
const (
	sandboxWorkshop = "/workshop"
	sandboxTmp      = "/tmp"
	sandboxCache    = "/gocache"
	sandboxTests    = "/tests"
)

// Limits on a learner's checkout.
const (
	maxCheckoutBytes = 32 << 20 // what the learner's program folders may hold in all
	maxCheckoutFiles = 5000     // files read from one checkout, for copying or comparing
	maxCompareBytes  = 4 << 20  // a test or module file larger than this counts as changed
)

// classGrader grades the checkouts of a class, each contained.
type classGrader struct {
	a         *app
	work      string // the report's own temporary folder
	template  string // the teacher's workshop as it was at the start
	digest    string // of the teacher's grading files at the start
	contained error  // why checkouts run without a sandbox; nil if they run in one
	overlay   bool   // the sandbox can share the build cache read-only
	testBins  string // the lessons' test binaries, built once (sandbox only)
	goEnv     map[string]string
	timeout   time.Duration
	maxOutput int64 // bytes of go test -json per checkout
	// coldLessons say why lessons' programs could not be compiled ahead
	// (see warmCache): their checkouts compile more, and take longer.
	coldLessons []string

	mu   sync.Mutex
	next int // number of the next checkout's folder
}

// newClassGrader snapshots the teacher's workshop and finds out how
// checkouts can be contained on this system.
func newClassGrader(a *app, timeout time.Duration, maxOutput int64) (*classGrader, error) {
	g := &classGrader{a: a, timeout: timeout, maxOutput: maxOutput}
	var err error
	if g.goEnv, err = readGoEnv(a.root); err != nil {
		return nil, err
	}
	if g.work, err = os.MkdirTemp("", "workshop-report-"); err != nil {
		return nil, err
	}
	g.template = filepath.Join(g.work, "template")
	if g.digest, err = snapshotGrading(a.root, g.template); err != nil {
		g.close()
		return nil, fmt.Errorf("cannot copy your workshop: %w", err)
	}
	g.contained = sandbox.Available()
	if g.contained == nil {
		g.overlay = g.probeOverlay() == nil
		if err := g.buildTests(); err != nil {
			g.close()
			return nil, err
		}
		if g.overlay {
			g.warmCache()
		}
	}
	return g, nil
}

// warmCache compiles each lesson's reference programs (the teacher's own
// code) as the grader builds a learner's, without linking them, outside
// the sandbox and with the sandbox's environment, so that what they
// compile lands in the teacher's build cache: the standard library (with
// the race detector for the lessons that use it) and the workshop's
// shared packages. The sandboxes see that cache read-only and throw their
// own additions away with the checkout; without this, every checkout
// would compile them again. A lesson whose reference programs do not
// compile is left out, with a note: its checkouts are graded all the
// same, only slower.
func (g *classGrader) warmCache() {
	dir := filepath.Join(g.work, "warm")
	home := filepath.Join(dir, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		g.coldLessons = append(g.coldLessons, err.Error())
		return
	}
	env := g.environment(home, dir, g.goEnv["GOCACHE"])
	var mu sync.Mutex
	warm := func(l *lesson) {
		src := filepath.Join(g.a.root, "solutions", l.Slug)
		if _, err := os.Stat(src); err != nil {
			src = filepath.Join(g.a.root, "lessons", l.Slug)
		}
		if err := grader.WarmCache(grader.Lesson{Root: g.a.root, Slug: l.Slug, Dir: src}, env); err != nil {
			mu.Lock()
			g.coldLessons = append(g.coldLessons, l.Slug+": "+firstLine(err.Error()))
			mu.Unlock()
		}
	}
	// Two go commands that compile the same package at once both do the
	// work: the first lesson with the race detector and the first without
	// go ahead, side by side, and the rest find most of it done.
	var first, rest []*lesson
	seen := map[bool]bool{}
	for _, l := range g.a.lessons {
		if seen[l.Race] {
			rest = append(rest, l)
		} else {
			first = append(first, l)
		}
		seen[l.Race] = true
	}
	var wg sync.WaitGroup
	for _, batch := range [][]*lesson{first, rest} {
		slot := make(chan struct{}, runtime.GOMAXPROCS(0))
		for _, l := range batch {
			wg.Add(1)
			go func() {
				defer wg.Done()
				slot <- struct{}{}
				defer func() { <-slot }()
				warm(l)
			}()
		}
		wg.Wait()
	}
	slices.Sort(g.coldLessons)
}

// buildTests builds the lessons' test binaries once, from the teacher's
// files only, for every checkout to run. They hold the lesson's tests and
// the grader, not the learner's programs (the grader builds those while
// it runs), so one build serves the class and each checkout is spared the
// links. Lessons whose test files are the same but for comments and the
// package clause (the grader finds its lesson from the folder it runs in)
// share one binary.
func (g *classGrader) buildTests() error {
	g.testBins = filepath.Join(g.work, "tests")
	if err := os.MkdirAll(g.testBins, 0o755); err != nil {
		return err
	}
	built := map[string]string{} // test files' fingerprint → binary
	for _, l := range g.a.lessons {
		print, ok := testFingerprint(filepath.Join(g.template, "lessons", l.Slug))
		if !ok {
			continue // a lesson without tests yet
		}
		bin := filepath.Join(g.testBins, l.Slug+".test")
		if same, ok := built[print]; ok {
			if err := os.Link(same, bin); err != nil {
				return err
			}
			continue
		}
		// -trimpath keeps the template's temporary path out of the build
		// cache's keys, so that the next report reuses the compiled grader;
		// vet is the teacher's business, not the class's; the binaries need
		// no DWARF debugging information.
		cmd := exec.Command("go", "test", "-c", "-vet=off", "-trimpath", "-ldflags=-w", "-o", bin, "./lessons/"+l.Slug)
		cmd.Dir = g.template
		cmd.Env = results.CleanEnv()
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("cannot build your lessons' tests: %v\n%s", err, out)
		}
		built[print] = bin
	}
	if len(built) == 0 {
		return nil
	}
	// test2json turns a test binary's output into go test -json's events;
	// go builds it on demand and keeps it in the build cache.
	cmd := exec.Command("go", "tool", "-n", "test2json")
	cmd.Dir = g.template
	cmd.Env = results.CleanEnv()
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("cannot find go's test2json: %v", err)
	}
	return copyFile(strings.TrimSpace(string(out)), filepath.Join(g.testBins, "test2json"), 0o755)
}

// testFingerprint identifies the Go files of a lesson's folder (its test
// package) by their names and their lines other than comment lines (but
// directives such as build constraints) and the package clause. ok is false when the folder holds no test.
func testFingerprint(dir string) (print string, ok bool) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	sum := sha256.New()
	for _, file := range files {
		ok = ok || strings.HasSuffix(file, "_test.go")
		data, err := os.ReadFile(file)
		if err != nil {
			return "", false
		}
		fmt.Fprintf(sum, "%s\x00", filepath.Base(file))
		for _, line := range strings.Split(string(normalizeEOL(data)), "\n") {
			t := strings.TrimSpace(line)
			directive := strings.HasPrefix(t, "//go:") || strings.HasPrefix(t, "// +build")
			if strings.HasPrefix(t, "//") && !directive || strings.HasPrefix(t, "package ") {
				continue
			}
			fmt.Fprintf(sum, "%s\n", line)
		}
		sum.Write([]byte{0})
	}
	return hex.EncodeToString(sum.Sum(nil)), ok
}

// copyFile copies a file of the teacher's.
func copyFile(src, dst string, perm os.FileMode) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, perm)
}

// lessonJobs run, in the sandbox, the test binary of each lesson to grade
// in the lesson's folder, as go test would, with its output turned into go
// test -json's events. The lessons whose programs take longest to build
// and grade (those built with the race detector, then the later ones) come
// first, so that the short ones fill the gaps at the end.
func (g *classGrader) lessonJobs(grade []*lesson) []sandbox.Job {
	var jobs []sandbox.Job
	for _, l := range costlyFirst(grade) {
		if _, err := os.Stat(filepath.Join(g.testBins, l.Slug+".test")); err != nil {
			continue // a lesson without tests yet
		}
		jobs = append(jobs, sandbox.Job{
			Dir: sandboxWorkshop + "/lessons/" + l.Slug,
			Args: []string{sandboxTests + "/test2json", "-p", results.ModulePath + "/lessons/" + l.Slug,
				sandboxTests + "/" + l.Slug + ".test", "-test.v=test2json", "-test.paniconexit0", "-test.parallel=" + strconv.Itoa(results.ScriptsAtOnce), "-test.timeout=" + g.timeout.String()},
		})
	}
	return jobs
}

// costlyFirst orders lessons by how long grading them takes, longest
// first: those built with the race detector, then the later ones.
func costlyFirst(lessons []*lesson) []*lesson {
	sorted := slices.Clone(lessons)
	slices.SortStableFunc(sorted, func(a, b *lesson) int {
		if a.Race != b.Race {
			if a.Race {
				return -1
			}
			return 1
		}
		return strings.Compare(b.Slug, a.Slug)
	})
	return sorted
}

// untouched tells, for a prepared copy, which lessons still hold their
// skeleton's files. The grader would only say that they are not started
// (in strict mode, as a failure) after building nothing; the report says
// it without starting their tests, with the grader's own comparison.
func (g *classGrader) untouched(ws string) map[string]bool {
	fresh := map[string]bool{}
	for _, l := range g.a.lessons {
		src, err := grader.ReadSources(filepath.Join(ws, "lessons", l.Slug))
		if err != nil {
			continue // the grader says what is wrong
		}
		if skeleton, err := grader.ReadSkeleton(g.template, l.Slug); err == nil && grader.SameSources(src, skeleton) {
			fresh[l.Slug] = true
		}
	}
	return fresh
}

// close removes the report's temporary folder.
func (g *classGrader) close() {
	if err := os.RemoveAll(g.work); err != nil {
		// The overlay's work folder is left without permissions.
		_ = filepath.WalkDir(g.work, func(path string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				_ = os.Chmod(path, 0o700)
			}
			return nil
		})
		_ = os.RemoveAll(g.work)
	}
}

// warnings says what is not contained on this system, for the teacher.
func (g *classGrader) warnings() []string {
	if g.contained != nil {
		return []string{
			"WARNING: the learners' programs run with your rights: " + g.contained.Error() + ".",
			"  Each checkout is graded in a temporary copy, with a clean environment and its processes ended",
			"  afterwards, but its programs can read and write your files and reach the network.",
			"  Grade untrusted checkouts in CI (see WORKSHOP.md, For teachers) or in a container.",
		}
	}
	if !g.overlay {
		return []string{"note: this system cannot share your build cache read-only with the sandbox;" +
			" each checkout builds with a cache of its own, which is slower."}
	}
	var notes []string
	for _, why := range g.coldLessons {
		notes = append(notes, "note: could not compile the reference programs ahead of grading, so checkouts compile more and take longer: "+why)
	}
	return notes
}

// readGoEnv asks the teacher's go command where its toolchain and caches
// are.
func readGoEnv(root string) (map[string]string, error) {
	cmd := exec.Command("go", "env", "-json", "GOROOT", "GOMODCACHE", "GOCACHE", "CGO_ENABLED")
	cmd.Dir = root
	cmd.Env = results.CleanEnv()
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("cannot run go env: %w", err)
	}
	env := map[string]string{}
	if err := json.Unmarshal(out, &env); err != nil {
		return nil, fmt.Errorf("cannot read go env: %w", err)
	}
	for _, name := range []string{"GOROOT", "GOMODCACHE", "GOCACHE"} {
		if env[name] == "" || env[name] == "off" {
			return nil, fmt.Errorf("go env %s is not set: the report needs the Go toolchain and its caches", name)
		}
	}
	return env, nil
}

// gradingTops are the files and folders of the teacher's workshop that
// grading needs: the module, the lessons, their scripts and the grader.
var gradingTops = []string{"go.mod", "go.sum", "lessons", "testdata", "tools", "internal"}

// gradingFile says whether a file or folder of the teacher's workshop is
// copied for grading: those under gradingTops, but not hidden folders or
// the mutants (wrong programs), and the reference programs that a lesson
// gives ready-made (lesson 05's server is lesson 02's: given lists
// "solutions/02-echo/server"). No other reference solution is among them:
// a learner's program must not be able to run one in its place.
func gradingFile(rel string, dir bool, given []string) bool {
	rel = filepath.ToSlash(rel)
	top, _, _ := strings.Cut(rel, "/")
	if top == "solutions" {
		for _, g := range given {
			if rel == g || strings.HasPrefix(rel, g+"/") || dir && strings.HasPrefix(g, rel+"/") {
				return true
			}
		}
		return false
	}
	if !slices.Contains(gradingTops, top) {
		return false
	}
	if dir && strings.HasPrefix(filepath.Base(rel), ".") {
		return false
	}
	return rel != "testdata/mutants"
}

// givenPrograms lists the folders of the reference programs that lessons
// give ready-made, such as "solutions/02-echo/server".
func givenPrograms(root string) []string {
	lessons, _ := model.Load(root)
	var given []string
	for _, l := range lessons {
		for prog, from := range l.Given {
			given = append(given, "solutions/"+from+"/"+prog)
		}
	}
	slices.Sort(given)
	return given
}

// snapshotGrading copies the teacher's grading files into dst (if not empty) and
// returns their digest.
func snapshotGrading(root, dst string) (string, error) {
	sum := sha256.New()
	given := givenPrograms(root)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if rel != "." && !gradingFile(rel, d.IsDir(), given) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if dst != "" {
				return os.MkdirAll(filepath.Join(dst, rel), 0o755)
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(sum, "%s\x00%d\x00", filepath.ToSlash(rel), len(data))
		sum.Write(data)
		if dst != "" {
			return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
		}
		return nil
	})
	return hex.EncodeToString(sum.Sum(nil)), err
}

// checkTeacherFiles fails if the teacher's grading files changed since the
// report started: the results would then not be those of one set of tests.
func (g *classGrader) checkTeacherFiles() error {
	digest, err := snapshotGrading(g.a.root, "")
	if err != nil {
		return fmt.Errorf("cannot read your grading files again: %w", err)
	}
	if digest != g.digest {
		return errors.New("your grading files (testdata/, tools/, lessons/, go.mod, ...) changed while the report ran: " +
			"its results are not those of one set of tests. Find out what changed them (git status), restore them and grade again")
	}
	return nil
}

// probeOverlay checks that a sandbox can mount the build cache under a
// writable layer of its own.
func (g *classGrader) probeOverlay() error {
	dir, err := os.MkdirTemp(g.work, "probe-")
	if err != nil {
		return err
	}
	spec := sandbox.Spec{Dir: "/", Scratch: filepath.Join(dir, "scratch"), Overlay: g.cacheOverlay(dir)}
	for _, d := range []string{spec.Scratch, spec.Overlay.Upper, spec.Overlay.Work} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	cmd, err := sandbox.Command(context.Background(), spec)
	if err != nil {
		return err
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%v: %s", err, out)
	}
	return nil
}

func (g *classGrader) cacheOverlay(dir string) *sandbox.Overlay {
	return &sandbox.Overlay{
		Lower:  g.goEnv["GOCACHE"],
		Upper:  filepath.Join(dir, "cache"),
		Work:   filepath.Join(dir, "cache-work"),
		Target: sandboxCache,
	}
}

// grade grades one checkout. All of its work, copying included, counts
// against the time limit.
func (g *classGrader) grade(dir string) *checkoutResult {
	res := &checkoutResult{Dir: dir, Name: filepath.Base(filepath.Clean(dir)), Outcomes: map[string]results.Outcome{}, Messages: map[string]string{}}
	start := time.Now()
	defer func() { res.Elapsed = time.Since(start) }()
	ctx, cancel := context.WithTimeout(context.Background(), g.timeout)
	defer cancel()
	abs, err := filepath.Abs(dir)
	if err != nil {
		res.Err = err
		return res
	}
	if st, err := os.Lstat(filepath.Join(abs, "lessons")); err != nil || !st.IsDir() {
		res.Err = fmt.Errorf("%s has no lessons folder: is it a checkout of the workshop?", dir)
		return res
	}
	g.mu.Lock()
	g.next++
	base := filepath.Join(g.work, fmt.Sprintf("checkout-%03d", g.next))
	g.mu.Unlock()
	defer os.RemoveAll(base)
	ws, tmp := filepath.Join(base, "workshop"), filepath.Join(base, "tmp")
	if res.Changed, err = g.a.changedTestFilesCtx(ctx, abs); err == nil {
		err = g.prepare(ctx, abs, ws, tmp)
	}
	if err != nil {
		if ctx.Err() != nil {
			g.markTimedOut(res)
			return res
		}
		res.Err = err
		return res
	}
	fresh := g.untouched(ws)
	var started []*lesson
	for _, l := range g.a.lessons {
		if !fresh[l.Slug] {
			started = append(started, l)
		}
	}
	run := &results.Run{}
	if len(started) > 0 {
		run = g.goTest(ctx, base, ws, tmp, started)
	}
	g.verdicts(res, run, fresh)
	return res
}

// prepare copies the template and the learner's program folders into ws.
func (g *classGrader) prepare(ctx context.Context, checkout, ws, tmp string) error {
	if err := copyFolder(ctx, g.template, ws, nil); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(tmp, "home"), 0o755); err != nil {
		return err
	}
	budget := &copyBudget{bytes: maxCheckoutBytes, files: maxCheckoutFiles}
	for _, l := range g.a.lessons {
		src := filepath.Join(checkout, "lessons", l.Slug)
		if st, err := os.Lstat(src); err != nil || !st.IsDir() {
			continue // not in this checkout: the teacher's copy stays
		}
		progs, err := grader.ProgramsIn(src)
		if err != nil {
			return err
		}
		for _, prog := range progs {
			if st, err := os.Lstat(filepath.Join(src, prog)); err != nil || !st.IsDir() {
				continue
			}
			dst := filepath.Join(ws, "lessons", l.Slug, prog)
			if err := os.RemoveAll(dst); err != nil {
				return err
			}
			if err := copyFolder(ctx, filepath.Join(src, prog), dst, budget); err != nil {
				return err
			}
		}
	}
	return nil
}

// copyBudget bounds what is copied from a learner's checkout.
type copyBudget struct{ bytes, files int64 }

// copyFolder copies the regular files and folders of src into dst;
// symbolic links and other special files are left out, so that a checkout
// cannot make the report copy a file from outside it.
func copyFolder(ctx context.Context, src, dst string, budget *copyBudget) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
		if err != nil {
			return err
		}
		var r io.Reader = in
		if budget != nil {
			budget.files--
			if budget.files < 0 {
				out.Close()
				return errors.New("its lessons hold too many files to grade")
			}
			r = io.LimitReader(in, budget.bytes+1)
		}
		n, err := io.Copy(out, r)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if budget != nil {
			budget.bytes -= n
			if budget.bytes < 0 {
				return fmt.Errorf("its lessons' programs hold more than %d MiB", maxCheckoutBytes>>20)
			}
		}
		return err
	})
}

// environment is go test's whole environment: the toolchain, caches that
// the sandbox provides, a temporary home, and the grader's settings.
func (g *classGrader) environment(home, tmp, cache string) []string {
	env := []string{
		"PATH=" + filepath.Join(g.goEnv["GOROOT"], "bin") + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + home,
		"TMPDIR=" + tmp,
		"GOCACHE=" + cache,
		"GOMODCACHE=" + g.goEnv["GOMODCACHE"],
		"GOTOOLCHAIN=local",
		"GOPROXY=off",
		"GOENV=off",
		"GOFLAGS=-buildvcs=false",
		"CGO_ENABLED=" + g.goEnv["CGO_ENABLED"],
		grader.StrictEnv + "=1",
		results.FailureJSONEnv + "=1",
	}
	if g.contained == nil {
		env[0] = "PATH=" + filepath.Join(g.goEnv["GOROOT"], "bin") + ":/usr/local/bin:/usr/bin:/bin"
	}
	for _, name := range []string{grader.TimeoutEnv, "SYSTEMROOT", "COMSPEC", "PATHEXT", "USERPROFILE", "LOCALAPPDATA", "APPDATA"} {
		if v, ok := os.LookupEnv(name); ok {
			env = append(env, name+"="+v)
		}
	}
	return env
}

// goTest runs "go test -json" over the copy's lessons to grade, in a
// sandbox where there is one, and reads its stream with a bound on its size.
func (g *classGrader) goTest(ctx context.Context, base, ws, tmp string, grade []*lesson) *results.Run {
	args := []string{"go", "test", "-json", "-count=1", "-parallel=" + strconv.Itoa(results.ScriptsAtOnce)}
	for _, l := range costlyFirst(grade) {
		args = append(args, "./lessons/"+l.Slug)
	}
	var cmd *exec.Cmd
	if g.contained == nil {
		spec := sandbox.Spec{
			Jobs:     g.lessonJobs(grade),
			Parallel: runtime.GOMAXPROCS(0),
			Dir:      sandboxWorkshop,
			Env:      g.environment(sandboxTmp+"/home", sandboxTmp, sandboxCache),
			Scratch:  filepath.Join(base, "scratch"),
			Mounts: []sandbox.Mount{
				{Source: ws, Target: sandboxWorkshop, Writable: true},
				{Source: tmp, Target: sandboxTmp, Writable: true},
				{Source: g.goEnv["GOROOT"]},
				{Source: g.goEnv["GOMODCACHE"]},
				{Source: g.testBins, Target: sandboxTests},
			},
		}
		if err := os.MkdirAll(spec.Scratch, 0o755); err != nil {
			return &results.Run{Err: err}
		}
		if g.overlay {
			spec.Overlay = g.cacheOverlay(base)
			for _, d := range []string{spec.Overlay.Upper, spec.Overlay.Work} {
				if err := os.MkdirAll(d, 0o755); err != nil {
					return &results.Run{Err: err}
				}
			}
		} else {
			cache := filepath.Join(base, "cache")
			if err := os.MkdirAll(cache, 0o755); err != nil {
				return &results.Run{Err: err}
			}
			spec.Mounts = append(spec.Mounts, sandbox.Mount{Source: cache, Target: sandboxCache, Writable: true})
		}
		var err error
		if cmd, err = sandbox.Command(ctx, spec); err != nil {
			return &results.Run{Err: err}
		}
	} else {
		cmd = exec.CommandContext(ctx, args[0], args[1:]...)
		cmd.Dir = ws
		cmd.Env = g.environment(filepath.Join(tmp, "home"), tmp, g.goEnv["GOCACHE"])
		// Without a network of its own, each checkout's scripts take ports
		// from the loopback that all share: their claims must be shared
		// too, or two checkouts graded side by side may pick the same port.
		cmd.Env = append(cmd.Env, grader.PortsEnv+"="+grader.PortClaims())
		results.SetProcessGroup(cmd)
		cmd.Cancel = func() error { return results.KillProcessGroup(cmd) }
		cmd.WaitDelay = 5 * time.Second
	}
	var stderr results.BoundedText
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return &results.Run{Err: err}
	}
	if err := cmd.Start(); err != nil {
		return &results.Run{Err: fmt.Errorf("cannot run go test: %w", err)}
	}
	run, parseErr := results.ParseTestEventsLimit(stdout, g.maxOutput)
	if parseErr != nil {
		// Stop it: killing the sandbox's first process ends them all.
		_ = cmd.Cancel()
	}
	waitErr := cmd.Wait()
	if g.contained != nil {
		// Whatever it left in its process group ends with the grading.
		_ = results.KillProcessGroup(cmd)
	}
	run.Stderr += stderr.String()
	run.Conclude(ctx, parseErr, waitErr)
	return run
}

// markTimedOut marks every lesson of a checkout that ran out of time.
func (g *classGrader) markTimedOut(res *checkoutResult) {
	for _, l := range g.a.lessons {
		res.Outcomes[l.Slug] = results.TimedOut
		res.Messages[l.Slug] = fmt.Sprintf("the grading did not finish within %s", g.timeout)
	}
}

// leftOutRE matches the grader's note that it kept only the start and end
// of what a program printed.
var leftOutRE = regexp.MustCompile(`\[\.\.\. \d+ lines \((\d+) bytes\) left out: the grader keeps`)

// printedTooMuch is how much a program may print beyond what the grader
// keeps before its lesson's verdict says so.
const printedTooMuch = 1 << 20

// verdicts turns a run into the checkout's verdicts; the lessons in fresh
// are still their skeletons and were not run.
func (g *classGrader) verdicts(res *checkoutResult, run *results.Run, fresh map[string]bool) {
	if run.Err != nil && !run.TimedOut {
		res.Err = run.Err
		return
	}
	for _, l := range g.a.lessons {
		if fresh[l.Slug] {
			res.Outcomes[l.Slug] = results.NotStarted
			res.Messages[l.Slug] = g.a.reportMessage(l, nil, results.NotStarted, g.timeout)
			continue
		}
		lr := run.Lessons[l.Slug]
		o := results.Classify(lr, run.TimedOut)
		if run.TimedOut && (lr == nil || lr.Action == "") {
			o = results.TimedOut
		}
		if run.TooMuch && (lr == nil || lr.Action == "") {
			res.Outcomes[l.Slug] = results.TooMuchOutput
			res.Messages[l.Slug] = fmt.Sprintf("printed too much: go test's output passed %d MiB and the grading was stopped", g.maxOutput>>20)
			continue
		}
		if o == results.Failing || o == results.TimedOut {
			if n := leftOut(lr); n > printedTooMuch {
				res.Outcomes[l.Slug] = results.TooMuchOutput
				res.Messages[l.Slug] = fmt.Sprintf("printed too much: a program printed %d MB more than the grader keeps", n>>20)
				continue
			}
		}
		res.Outcomes[l.Slug] = o
		res.Messages[l.Slug] = g.a.reportMessage(l, lr, o, g.timeout)
	}
}

// leftOut is the most that the grader left out of one program's output in
// the lesson.
func leftOut(lr *results.LessonRun) int64 {
	if lr == nil {
		return 0
	}
	var most int64
	for _, t := range lr.Tests {
		for _, m := range leftOutRE.FindAllStringSubmatch(t.Output.String(), -1) {
			if n, err := strconv.ParseInt(m[1], 10, 64); err == nil {
				most = max(most, n)
			}
		}
	}
	return most
}

// gradeAll grades the checkouts, parallel at a time, those with the most
// work first, and returns their results in the order given. progress is told of each as it ends.
func (g *classGrader) gradeAll(dirs []string, parallel int, progress func(done int, r *checkoutResult)) []*checkoutResult {
	results := make([]*checkoutResult, len(dirs))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range max(1, min(parallel, len(dirs))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				r := g.grade(dirs[i])
				mu.Lock()
				results[i] = r
				done++
				progress(done, r)
				mu.Unlock()
			}
		}()
	}
	for _, i := range g.longestFirst(dirs) {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return results
}

// longestFirst orders the checkouts (by index) with those that take longest
// to grade first, so that the quick ones fill the gaps at the end instead
// of a long one running alone. A checkout's work is guessed from the names
// and sizes of its program files: each lesson that differs from its
// skeleton counts, one with the race detector twice.
func (g *classGrader) longestFirst(dirs []string) []int {
	skeletons := map[string]grader.Sources{}
	for _, l := range g.a.lessons {
		skeletons[l.Slug], _ = grader.ReadSkeleton(g.template, l.Slug)
	}
	work := make([]int, len(dirs))
	for i, dir := range dirs {
		for _, l := range g.a.lessons {
			if sameSizes(filepath.Join(dir, "lessons", l.Slug), skeletons[l.Slug]) {
				continue
			}
			work[i]++
			if l.Race {
				work[i]++
			}
		}
	}
	order := make([]int, len(dirs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return work[b] - work[a] })
	return order
}

// sameSizes reports whether a lesson folder's program files have the
// skeleton's names and sizes, without reading them.
func sameSizes(lessonDir string, skeleton grader.Sources) bool {
	progs, err := grader.ProgramsIn(lessonDir)
	if err != nil {
		return false
	}
	n := 0
	for _, prog := range progs {
		entries, err := os.ReadDir(filepath.Join(lessonDir, prog))
		if err != nil {
			return false
		}
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			info, err := e.Info()
			data, ok := skeleton[prog+"/"+e.Name()]
			if err != nil || !ok || info.Size() != int64(len(data)) {
				return false
			}
			n++
		}
	}
	return n == len(skeleton)
}

// sortedKeys lists a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
