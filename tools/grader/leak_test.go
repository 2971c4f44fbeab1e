package grader

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// A processLog keeps every program that scripts started while a test ran.
type processLog struct {
	mu    sync.Mutex
	procs []startedProcess
}

type startedProcess struct {
	pid  int
	path string
}

// trackProcesses records every program that scripts start until the test
// ends. Tests that use it must not run in parallel with other tests.
func trackProcesses(t *testing.T) *processLog {
	log := &processLog{}
	processStarted = func(pid int, path string) {
		log.mu.Lock()
		defer log.mu.Unlock()
		log.procs = append(log.procs, startedProcess{pid, path})
	}
	t.Cleanup(func() { processStarted = nil })
	return log
}

func (l *processLog) started() []startedProcess {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]startedProcess(nil), l.procs...)
}

// checkAllEnded fails the test for every recorded program that still
// exists: each script must end, and wait for, every program it started,
// whether it passed, failed half-way or ran out of time.
func (l *processLog) checkAllEnded(t *testing.T) {
	t.Helper()
	if !canCheckProcesses {
		t.Logf("cannot check for leftover programs on %s: the check needs kill(pid, 0)", runtime.GOOS)
		return
	}
	procs := l.started()
	left := 0
	for _, p := range procs {
		if ok, why := processLeft(p.pid, p.path); ok {
			left++
			t.Errorf("%s (process %d) outlived its script: %s", p.path, p.pid, why)
		}
	}
	t.Logf("%d programs were started; %d outlived their scripts", len(procs), left)
}

// TestLeaks proves that no program outlives its script, however the script
// ends. The scripts in testdata/leak/reference run against lesson 01's
// reference solution; they fail half-way with programs running, run out of
// time in run, await and waitfor, and pass without stopping what they
// started. Those in testdata/leak/stubborn run against a server that never
// prints its ready line and ignores interrupts, which the grader must kill.
// Every wait lasts 500ms. Each script's first line says how it must end,
// "# want: REGEXP" matching its log, or "# want: PASS".
func TestLeaks(t *testing.T) {
	maintainer(t)
	if !canCheckProcesses {
		t.Skipf("the check needs kill(pid, 0), which %s does not have", runtime.GOOS)
	}
	t.Setenv(TimeoutEnv, "500ms")
	root := RepoRoot(t)
	procs := trackProcesses(t)
	slug := "01-time-server"
	dir := filepath.Join(root, "solutions", slug)
	solution, err := ReadSources(dir)
	if err != nil {
		t.Fatal(err)
	}
	stubborn, err := readMutant(filepath.Join("testdata", "leak", "stubborn-server.mutant"))
	if err != nil {
		t.Fatal(err)
	}
	stubbornSources, err := stubborn.apply(solution)
	if err != nil {
		t.Fatal(err)
	}
	variants := []struct {
		name    string
		overlay Sources
	}{
		{"reference", nil},
		{"stubborn", stubbornSources},
	}
	t.Run("scripts", func(t *testing.T) {
		for _, v := range variants {
			t.Run(v.name, func(t *testing.T) {
				t.Parallel()
				l := Lesson{Root: root, Slug: slug, Dir: dir, Overlay: v.overlay, Who: "the " + v.name}
				bin, err := Build(t.TempDir(), l)
				if err != nil {
					t.Fatal(err)
				}
				p := Params(l, bin)
				p.Dir = filepath.Join("testdata", "leak", v.name)
				rec := &Recorder{}
				Run(rec, p)
				if len(rec.Scripts) == 0 {
					t.Fatalf("no script ran:\n%s", rec.Logs())
				}
				for _, s := range rec.Scripts {
					checkWant(t, filepath.Join(p.Dir, s.Name+".txtar"), s)
				}
			})
		}
	})
	procs.checkAllEnded(t)
	if n := len(procs.started()); n < 8 {
		t.Errorf("only %d programs were recorded: is processStarted still called by startProcess?", n)
	}
}

// checkWant checks a script's verdict against its "# want:" line.
func checkWant(t *testing.T, file string, s *Recorder) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(data), "\n")
	want := strings.TrimSpace(strings.TrimPrefix(first, "# want:"))
	switch re := regexp.MustCompile(want); {
	case want == "PASS" && s.Failed:
		t.Errorf("%s failed:\n%s", s.Name, s.Logs())
	case want != "PASS" && !s.Failed:
		t.Errorf("%s passed, but it should fail with %q:\n%s", s.Name, want, s.Logs())
	case want != "PASS" && !re.MatchString(s.Logs()):
		t.Errorf("%s failed without %q:\n%s", s.Name, want, s.Logs())
	}
}
