package results

import (
	"context"
	"os"
	"path/filepath"
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
		k, err := testBinaryKey(context.Background(), root, "01-x")
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
