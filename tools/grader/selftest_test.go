package grader

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCommands checks the grader's own commands against lesson 01's
// reference solution. Each script in testdata/selftest starts with a line
// "# want: REGEXP": the script's log must match it, and the script must fail
// unless REGEXP is "PASS". The scripts in testdata/selftest/waits check
// what a wait says when it runs out, with waits of one second; the others
// have the learners' ten seconds, so that a busy machine cannot fail them.
func TestCommands(t *testing.T) {
	root := RepoRoot(t)
	l, bin := referenceOf01(t, root)
	for _, set := range []struct{ dir, timeout string }{
		{filepath.Join("testdata", "selftest"), "10s"},
		{filepath.Join("testdata", "selftest", "waits"), "1s"},
	} {
		t.Setenv(TimeoutEnv, set.timeout)
		p := Params(l, bin)
		p.Dir = set.dir
		rec := &Recorder{}
		Run(rec, p)
		if len(rec.Scripts) == 0 {
			t.Fatalf("no self-test ran in %s:\n%s", set.dir, rec.Logs())
		}
		for _, s := range rec.Scripts {
			checkSelfTest(t, set.dir, s)
		}
	}
}

// checkSelfTest compares a self-test's outcome with its "# want:" line.
func checkSelfTest(t *testing.T, dir string, s *Recorder) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, s.Name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(data), "\n")
	want := regexp.MustCompile(strings.TrimPrefix(first, "# want: "))
	switch {
	case want.String() == "PASS" && s.Failed:
		t.Errorf("%s failed:\n%s", s.Name, s.Logs())
	case want.String() != "PASS" && !s.Failed:
		t.Errorf("%s passed, but it should fail with %q:\n%s", s.Name, want, s.Logs())
	case want.String() != "PASS" && !want.MatchString(withoutWantLine(s.Logs())):
		t.Errorf("%s failed without %q:\n%s", s.Name, want, s.Logs())
	}
}

// withoutWantLine removes from a script's log the echo of its "# want:"
// comment, which testscript logs like every comment: the wanted words
// must come from the grader, not from the script's own first line.
func withoutWantLine(log string) string {
	return regexp.MustCompile(`(?m)^# want: .*\n`).ReplaceAllString(log, "")
}

// referenceOf01 builds lesson 01's reference programs, which the grader's
// own tests run their scripts against.
func referenceOf01(t *testing.T, root string) (Lesson, string) {
	t.Helper()
	l := Lesson{Root: root, Slug: "01-time-server", Dir: filepath.Join(root, "solutions", "01-time-server"), Who: "the reference"}
	bin, err := Build(t.TempDir(), l)
	if err != nil {
		t.Fatal(err)
	}
	return l, bin
}
