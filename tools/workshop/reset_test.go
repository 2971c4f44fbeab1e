package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRestoreCommand(t *testing.T) {
	const backup, lessonDir = ".workshop/backups/01-time-server-20261122-101502", "lessons/01-time-server"
	for goos, want := range map[string]string{
		"linux":   `cp -pR .workshop/backups/01-time-server-20261122-101502/. lessons/01-time-server/`,
		"darwin":  `cp -pR .workshop/backups/01-time-server-20261122-101502/. lessons/01-time-server/`,
		"windows": `Copy-Item -Recurse -Force .workshop\backups\01-time-server-20261122-101502\* lessons\01-time-server\`,
	} {
		if got := restoreCommand(backup, lessonDir, goos); got != want {
			t.Errorf("%s: %s; want %s", goos, got, want)
		}
	}
}

// The files of the small workshop that the reset tests make: the lesson's
// skeleton, and the learner's edit of it.
const (
	skeletonServer = "package main\n\n// TODO(step 1): listen\nfunc main() {}\n"
	skeletonClient = "package main\n\n// TODO(step 2): dial\nfunc main() {}\n"
	learnerServer  = "package main\n\n// the learner's server\nfunc main() {}\n"
)

// resetWorkshop makes a workshop with one lesson, 01-demo, whose server the
// learner has edited, and returns its folder and lesson.
func resetWorkshop(t *testing.T) (string, *lesson) {
	t.Helper()
	root := t.TempDir()
	l := &lesson{Slug: "01-demo", Number: 1, Name: "demo"}
	skeleton := "-- client/main.go --\n" + skeletonClient + "-- server/main.go --\n" + skeletonServer
	writeFile(t, filepath.Join(root, "testdata", "skeletons", "01-demo.txtar"), skeleton, 0o666)
	writeFile(t, filepath.Join(root, "lessons", "01-demo", "client", "main.go"), skeletonClient, 0o666)
	writeFile(t, filepath.Join(root, "lessons", "01-demo", "server", "main.go"), learnerServer, 0o666)
	return root, l
}

func writeFile(t *testing.T, path, data string, perm os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), perm); err != nil {
		t.Fatal(err)
	}
}

// reset runs "reset ARGS" in the workshop at root with the given input, and
// fails the test if it has not returned within a minute.
func reset(t *testing.T, root string, l *lesson, stdin io.Reader, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	a := &app{root: root, lessons: []*lesson{l}, stdout: &out, stderr: &out, stdin: stdin}
	done := make(chan error, 1)
	go func() { done <- runReset(a, resetVerb, args) }()
	select {
	case err := <-done:
		return out.String(), err
	case <-time.After(time.Minute):
		t.Fatalf("reset %s did not return within a minute", strings.Join(args, " "))
		return "", nil
	}
}

// learnerEditKept fails the test unless the lesson still holds the
// learner's server, untouched.
func learnerEditKept(t *testing.T, root string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "lessons", "01-demo", "server", "main.go"))
	if err != nil || string(data) != learnerServer {
		t.Errorf("the learner's server/main.go changed: %q, %v", data, err)
	}
}

// A .workshop that is a file, not a folder, ends reset at once with an
// error; it used to look for a free backup name for ever.
func TestResetStateDirIsAFile(t *testing.T) {
	root, l := resetWorkshop(t)
	writeFile(t, filepath.Join(root, ".workshop"), "not a folder\n", 0o666)
	out, err := reset(t, root, l, nil, "-y", "01")
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "nothing was changed") {
		t.Errorf("reset with .workshop a file: error %v; want one line that says nothing was changed (output %q)", err, out)
	}
	learnerEditKept(t, root)
}

// A .workshop that cannot be read ends reset at once with an error.
func TestResetStateDirUnreadable(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no permission bits that forbid reading a folder")
	}
	if os.Geteuid() == 0 {
		t.Skip("root reads every folder, whatever its permission bits")
	}
	root, l := resetWorkshop(t)
	state := filepath.Join(root, ".workshop")
	if err := os.Mkdir(state, 0o000); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(state, 0o755)
	out, err := reset(t, root, l, nil, "-y", "01")
	if err == nil || !strings.Contains(err.Error(), "nothing was changed") {
		t.Errorf("reset with an unreadable .workshop: error %v; want one that says nothing was changed (output %q)", err, out)
	}
	learnerEditKept(t, root)
}

// Two resets at the same time each save the files in a folder of their
// own: the learner's edit is in one of the backups, every time.
func TestResetConcurrent(t *testing.T) {
	const trials = 40
	lost := 0
	for range trials {
		root, l := resetWorkshop(t)
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				a := &app{root: root, lessons: []*lesson{l}, stdout: io.Discard, stderr: io.Discard}
				runReset(a, resetVerb, []string{"-y", "01"})
			}()
		}
		wg.Wait()
		backups, _ := filepath.Glob(filepath.Join(root, ".workshop", "backups", "*", "server", "main.go"))
		saved := false
		for _, b := range backups {
			if data, err := os.ReadFile(b); err == nil && string(data) == learnerServer {
				saved = true
			}
		}
		if !saved {
			lost++
		}
	}
	if lost > 0 {
		t.Errorf("two resets at once lost the learner's edit in %d of %d trials", lost, trials)
	}
}

// With /dev/null as its input, reset does not ask: /dev/null is a
// character device, but not a terminal.
func TestResetDevNullIsNotATerminal(t *testing.T) {
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Skipf("no %s here: %v", os.DevNull, err)
	}
	defer null.Close()
	if isTerminal(null) {
		t.Errorf("isTerminal(%s) = true; want false", os.DevNull)
	}
	root, l := resetWorkshop(t)
	out, err := reset(t, root, l, null, "01")
	var usage usageError
	if !errors.As(err, &usage) || !strings.Contains(err.Error(), "not a terminal") {
		t.Errorf("reset with input %s: error %v; want a usage error that says the input is not a terminal (output %q)", os.DevNull, err, out)
	}
	if strings.Contains(out, "[y/N]") {
		t.Errorf("reset asked with input %s: %q", os.DevNull, out)
	}
	learnerEditKept(t, root)
}
