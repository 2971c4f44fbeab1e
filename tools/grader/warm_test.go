package grader

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWarmCacheServesOtherCopies checks what the class report relies on:
// after WarmCache in one copy of a workshop, the grader's build of the same
// programs in another copy, at another path, compiles nothing but finds
// every package in the build cache. The shared package carries a token
// of its own, so that no earlier build can have put it there.
func TestWarmCacheServesOtherCopies(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a small module twice")
	}
	token := fmt.Sprintf("warm-%d", time.Now().UnixNano())
	files := map[string]string{
		"go.mod":                         "module example.com/warmtest\n\ngo 1.23.0\n",
		"shared/shared.go":               "package shared\n\n// Token makes this package new to the build cache.\nconst Token = \"" + token + "\"\n",
		"lessons/01-warm/server/main.go": "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/warmtest/shared\"\n)\n\nfunc main() { fmt.Println(shared.Token) }\n",
	}
	copies := []string{filepath.Join(t.TempDir(), "one"), filepath.Join(t.TempDir(), "two")}
	for _, root := range copies {
		for name, text := range files {
			path := filepath.Join(root, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	lessonIn := func(root string) Lesson {
		return Lesson{Root: root, Slug: "01-warm", Dir: filepath.Join(root, "lessons", "01-warm")}
	}
	if err := WarmCache(lessonIn(copies[0]), nil); err != nil {
		t.Fatal(err)
	}
	other := lessonIn(copies[1])
	args := buildArgs(filepath.Join(t.TempDir(), "bin")+string(filepath.Separator), "", false, "./server")
	out, err := runGoBuild(other.Dir, append([]string{args[0], "-x"}, args[1:]...))
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		// The compiler's, assembler's and cgo's command lines name the
		// package they work on with -p.
		if strings.Contains(line, " -p ") && strings.Contains(line, "compile") {
			t.Errorf("the build in the second copy compiled a package that WarmCache had compiled in the first:\n%s", line)
		}
	}
}
