package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"example.com/tcpworkshop/internal/lesson"
)

// TestNewLesson follows testdata/README.md's walk through a new lesson in
// a copy of the workshop: the new lesson is in shape at once; then, with
// WORKSHOP_MAINTAINER=1, its skeleton is skipped by the learner's go test,
// every script fails against the skeleton, and the reference solution
// fails until it is written.
func TestNewLesson(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	for _, name := range []string{"go.mod", "go.sum", "README.md", "WORKSHOP.md", ".github", "lessons", "solutions", "testdata", "tools", "internal"} {
		if err := copyPath(filepath.Join(root, name), filepath.Join(work, name)); err != nil {
			t.Fatal(err)
		}
	}
	const slug = "99-throwaway"
	if err := Create(work, slug); err != nil {
		t.Fatal(err)
	}
	if err := Create(work, slug); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("creating the lesson twice: %v", err)
	}
	for _, p := range lesson.Check(work) {
		t.Errorf("the new lesson is out of shape: %s", p)
	}
	l, err := lesson.Read(work, slug)
	if err != nil {
		t.Fatal(err)
	}
	if l.Part != 2 || l.Title != "throwaway" || len(l.Steps) != 2 || l.FirstFile() != "server/main.go" {
		t.Errorf("the new lesson reads as %+v", l)
	}

	if os.Getenv("WORKSHOP_MAINTAINER") != "1" {
		t.Skip("the rest grades the new lesson with nested go commands: set WORKSHOP_MAINTAINER=1 to run it")
	}
	goTest := func(env string, args ...string) (string, error) {
		cmd := exec.Command("go", append([]string{"test", "-count=1"}, args...)...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), env)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := goTest("WORKSHOP_STRICT=", "-v", "./lessons/"+slug+"/"); err != nil || !strings.Contains(out, "--- SKIP: TestLesson") {
		t.Errorf("the learner's go test does not skip the untouched lesson (%v):\n%s", err, out)
	}
	if out, err := goTest("WORKSHOP_MAINTAINER=1", "./tools/grader", "-run", "TestSkeletonsFail|TestReadmeTranscripts/"+slug); err != nil {
		t.Errorf("a script of the new lesson passes against its skeleton, or its README drifted from its script (%v):\n%s", err, out)
	}
	if out, err := goTest("", "./solutions/"+slug+"/"); err == nil {
		t.Errorf("the unwritten reference solution passes:\n%s", out)
	}
}

// copyPath copies a file or a folder.
func copyPath(from, to string) error {
	st, err := os.Stat(from)
	if err != nil {
		return err
	}
	if st.IsDir() {
		return os.CopyFS(to, os.DirFS(from))
	}
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o666)
}
