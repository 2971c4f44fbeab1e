package grader

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"
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
	module := txtar.Parse([]byte(`-- go.mod --
module example.com/warmtest

go 1.23.0
-- shared/shared.go --
package shared

// Token makes this package new to the build cache.
const Token = "TOKEN"
-- lessons/01-warm/server/main.go --
package main

import (
	"fmt"

	"example.com/warmtest/shared"
)

func main() { fmt.Println(shared.Token) }
`))
	token := fmt.Sprintf("warm-%d", time.Now().UnixNano())
	for i, f := range module.Files {
		module.Files[i].Data = bytes.ReplaceAll(f.Data, []byte("TOKEN"), []byte(token))
	}
	copies := []string{filepath.Join(t.TempDir(), "one"), filepath.Join(t.TempDir(), "two")}
	for _, root := range copies {
		if err := txtar.Write(module, root); err != nil {
			t.Fatal(err)
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
