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
// unless REGEXP is "PASS".
func TestCommands(t *testing.T) {
	t.Setenv(TimeoutEnv, "1s")
	root := RepoRoot(t)
	dir := filepath.Join("testdata", "selftest")
	l := Lesson{Root: root, Slug: "01-time-server", Dir: filepath.Join(root, "solutions", "01-time-server"), Who: "the reference"}
	bin, err := Build(t.TempDir(), l)
	if err != nil {
		t.Fatal(err)
	}
	p := Params(l, bin)
	p.Dir = dir
	rec := &Recorder{}
	Run(rec, p)
	if len(rec.Scripts) == 0 {
		t.Fatalf("no self-test ran:\n%s", rec.Logs())
	}
	for _, s := range rec.Scripts {
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
}

// withoutWantLine removes from a script's log the echo of its "# want:"
// comment, which testscript logs like every comment: the wanted words
// must come from the grader, not from the script's own first line.
func withoutWantLine(log string) string {
	return regexp.MustCompile(`(?m)^# want: .*\n`).ReplaceAllString(log, "")
}
