package results

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestTestBinaryKey checks that a kept test binary is built again when
// what it is built from changes, and only then: not when the learner
// edits a program, which the grader builds by itself.
func TestTestBinaryKey(t *testing.T) {
	root := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/w\n")
	write("tools/grader/grader.go", "package grader\n")
	write("internal/lesson/lesson.go", "package lesson\n")
	write("lessons/01-x/lesson_test.go", "package lesson\n")
	write("lessons/01-x/server/main.go", "package main\n")
	key := func() string {
		t.Helper()
		goEnv, err := goEnvKey(context.Background(), root)
		if err != nil {
			t.Fatal(err)
		}
		k, err := testBinaryKey(root, "01-x", goEnv)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	first := key()
	write("lessons/01-x/server/main.go", "package main\n\nfunc main() {}\n")
	write("tools/grader/testdata/script.txtar", "exec true\n")
	if key() != first {
		t.Error("the key changed with a learner's program or a script")
	}
	for _, name := range []string{"tools/grader/grader.go", "internal/lesson/lesson.go", "lessons/01-x/lesson_test.go", "go.mod", "go.sum"} {
		before := key()
		write(name, "package x // changed\n")
		if key() == before {
			t.Errorf("the key did not change with %s", name)
		}
	}
}

// TestKeptTest2json checks that the tool keeps a copy of the toolchain's
// test2json that turns a test binary's output into events, and copies it
// anew when the toolchain changes.
func TestKeptTest2json(t *testing.T) {
	dir := t.TempDir()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	path, err := keptTest2json(context.Background(), root, dir, []byte("go1.x\n"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(path, "-h").CombinedOutput()
	if !strings.Contains(string(out), "test2json") {
		t.Fatalf("the copy of test2json does not run as test2json: %v\n%s", err, out)
	}
	if err := os.WriteFile(path, []byte("stale"), 0o755); err != nil {
		t.Fatal(err)
	}
	if again, err := keptTest2json(context.Background(), root, dir, []byte("go1.x\n")); err != nil || again != path {
		t.Fatalf("kept copy: %q, %v; want %q", again, err, path)
	}
	if data, _ := os.ReadFile(path); string(data) != "stale" {
		t.Error("the copy was made again for the same toolchain")
	}
	if _, err := keptTest2json(context.Background(), root, dir, []byte("go1.y\n")); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) == "stale" {
		t.Error("the copy was not made again for another toolchain")
	}
}
