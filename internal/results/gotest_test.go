package results

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// events writes a go test -json stream: each event is action, package
// (relative to the module, "" for none), test and output.
func events(evs ...[4]string) string {
	var b strings.Builder
	for _, e := range evs {
		m := map[string]string{"Action": e[0]}
		if e[1] != "" {
			pkg := ModulePath + "/" + e[1]
			if e[0] == "build-output" || e[0] == "build-fail" {
				m["ImportPath"] = pkg
			} else {
				m["Package"] = pkg
			}
		}
		if e[2] != "" {
			m["Test"] = e[2]
		}
		if e[3] != "" {
			m["Output"] = e[3]
		}
		data, _ := json.Marshal(m)
		b.Write(data)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestClassify(t *testing.T) {
	stream := events(
		// A lesson that passes, with its program packages.
		[4]string{"start", "lessons/01-time-server", "", ""},
		[4]string{"run", "lessons/01-time-server", "TestLesson", ""},
		[4]string{"run", "lessons/01-time-server", "TestLesson/time", ""},
		[4]string{"pass", "lessons/01-time-server", "TestLesson/time", ""},
		[4]string{"pass", "lessons/01-time-server", "TestLesson", ""},
		[4]string{"pass", "lessons/01-time-server", "", ""},
		[4]string{"output", "lessons/01-time-server/client", "", "?   \tx\t[no test files]\n"},
		[4]string{"skip", "lessons/01-time-server/client", "", ""},
		// Not started: the grader skips it (and go test says the package passed).
		[4]string{"run", "lessons/02-echo", "TestLesson", ""},
		[4]string{"output", "lessons/02-echo", "TestLesson", "    grader.go:81: lesson 02-echo is not started yet: read ...\n"},
		[4]string{"skip", "lessons/02-echo", "TestLesson", ""},
		[4]string{"pass", "lessons/02-echo", "", ""},
		// A script fails.
		[4]string{"run", "lessons/03-sixteen-octet", "TestLesson", ""},
		[4]string{"fail", "lessons/03-sixteen-octet", "TestLesson/echo", ""},
		[4]string{"fail", "lessons/03-sixteen-octet", "TestLesson", ""},
		[4]string{"fail", "lessons/03-sixteen-octet", "", ""},
		// The learner's server does not compile: go build says so for the
		// server package, and the grader for the lesson.
		[4]string{"build-output", "lessons/04-bind-address/server", "", "server/main.go:3:1: syntax error\n"},
		[4]string{"build-fail", "lessons/04-bind-address/server", "", ""},
		[4]string{"run", "lessons/04-bind-address", "TestLesson", ""},
		[4]string{"output", "lessons/04-bind-address", "TestLesson", "    grader.go:127: your server of lesson 04-bind-address does not compile (go build: exit status 1):\n"},
		[4]string{"fail", "lessons/04-bind-address", "TestLesson", ""},
		[4]string{"fail", "lessons/04-bind-address", "", ""},
		// Strict mode: a lesson not started fails, and says so.
		[4]string{"output", "lessons/05-create-connection", "TestLesson", "    grader.go:79: lesson 05-create-connection is not started yet: ... (WORKSHOP_STRICT=1 makes a lesson that was not started fail)\n"},
		[4]string{"fail", "lessons/05-create-connection", "TestLesson", ""},
		[4]string{"fail", "lessons/05-create-connection", "", ""},
		// A lesson folder whose grader is not written yet.
		[4]string{"output", "lessons/06-interactive", "", "?   \tx\t[no test files]\n"},
		[4]string{"skip", "lessons/06-interactive", "", ""},
		// The lesson's own test does not compile.
		[4]string{"build-fail", "lessons/07-broken", "", ""},
		[4]string{"output", "lessons/07-broken", "", "FAIL\tx [build failed]\n"},
		[4]string{"fail", "lessons/07-broken", "", ""},
		// A run stopped before the lesson ended.
		[4]string{"run", "lessons/08-slow", "TestLesson", ""},
		// The grader stopped its programs just before go test's -timeout:
		// the scripts failed, but the time ran out.
		[4]string{"run", "lessons/09-stopped", "TestLesson", ""},
		[4]string{"run", "lessons/09-stopped", "TestLesson/echo", ""},
		[4]string{"output", "lessons/09-stopped", "TestLesson/echo", OutOfTime + " 3s: stopping every program\n"},
		[4]string{"fail", "lessons/09-stopped", "TestLesson/echo", ""},
		[4]string{"fail", "lessons/09-stopped", "TestLesson", ""},
		[4]string{"fail", "lessons/09-stopped", "", ""},
		// Other packages are ignored.
		[4]string{"pass", "tools/grader", "", ""},
	) + "go: some message that is not JSON\n"
	run, err := parseTestEvents(strings.NewReader(stream))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(run.Stderr, "not JSON") {
		t.Errorf("the line that is not JSON is lost: %q", run.Stderr)
	}
	for slug, want := range map[string]Outcome{
		"01-time-server":       Passing,
		"02-echo":              NotStarted,
		"03-sixteen-octet":     Failing,
		"04-bind-address":      BuildError,
		"05-create-connection": NotStarted,
		"06-interactive":       NotStarted,
		"07-broken":            BuildError,
		"09-stopped":           TimedOut,
		"10-missing":           NotStarted,
	} {
		if got := Classify(run.Lessons[slug], false); got != want {
			t.Errorf("%s: %s, want %s", slug, got, want)
		}
	}
	if got := Classify(run.Lessons["08-slow"], true); got != TimedOut {
		t.Errorf("08-slow, out of time: %s, want timeout", got)
	}
	if got := Classify(nil, true); got != TimedOut {
		t.Errorf("a lesson never reached, out of time: %s, want timeout", got)
	}
	if _, ok := run.Lessons["tools/grader"]; ok || len(run.Lessons) != 9 {
		t.Errorf("lessons: %v", slices.Sorted(maps.Keys(run.Lessons)))
	}
	if scripts := run.Lessons["03-sixteen-octet"].Scripts(); len(scripts) != 1 || scripts[0].Name != "TestLesson/echo" || scripts[0].Action != "fail" {
		t.Errorf("scripts of 03: %+v", scripts)
	}
	if !run.Lessons["04-bind-address"].BuildFailed {
		t.Error("the build failure of 04's server is not attributed to lesson 04")
	}
}

func TestLessonOf(t *testing.T) {
	for path, want := range map[string][2]any{
		ModulePath + "/lessons/01-time-server":                                                  {"01-time-server", true},
		ModulePath + "/lessons/01-time-server/server":                                           {"01-time-server", false},
		ModulePath + "/lessons/01-time-server [" + ModulePath + "/lessons/01-time-server.test]": {"01-time-server", true},
		ModulePath + "/solutions/01-time-server":                                                {"", false},
		"other.org/lessons/01-time-server":                                                      {"", false},
	} {
		slug, own := lessonOf(path)
		if slug != want[0] || own != want[1] {
			t.Errorf("lessonOf(%q) = %q, %v; want %v", path, slug, own, want)
		}
	}
}

func TestShellPATH(t *testing.T) {
	sep := string(os.PathListSeparator)
	goroot := filepath.Join(string(filepath.Separator)+"usr", "local", "go")
	bin := filepath.Join(goroot, "bin")
	other := filepath.Join(string(filepath.Separator)+"usr", "bin")
	goRun := filepath.Join(os.TempDir(), "go-build123", "b001", "exe", "workshop")
	cached := filepath.Join(string(filepath.Separator)+"home", "ada", ".cache", "go-build", "5e", "5e59-d", "workshop")
	built := filepath.Join(string(filepath.Separator)+"home", "ada", "workshop")
	for _, tt := range []struct {
		name, path, exe, want string
	}{
		{"go run added GOROOT/bin", bin + sep + other, goRun, other},
		{"go run from the cache", bin + sep + other, cached, other},
		{"go run, GOROOT/bin also in the shell's PATH", bin + sep + bin + sep + other, goRun, bin + sep + other},
		{"a built tool, PATH as the shell has it", bin + sep + other, built, bin + sep + other},
		{"a built tool, GOROOT/bin twice", bin + sep + other + sep + bin, built, other + sep + bin},
		{"GOROOT/bin not first", other + sep + bin, goRun, other + sep + bin},
		{"one entry", bin, goRun, bin},
	} {
		if got := shellPATH(tt.path, goroot, tt.exe); got != tt.want {
			t.Errorf("%s: shellPATH(%q) = %q, want %q", tt.name, tt.path, got, tt.want)
		}
	}
	if got := shellPATH(bin+sep+other, "", goRun); got != bin+sep+other {
		t.Errorf("without a GOROOT, PATH changed to %q", got)
	}
}
