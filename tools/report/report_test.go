package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// writeFiles writes files (slash-separated names to contents) under root.
func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
	}
}

func TestChangedTestFiles(t *testing.T) {
	teacher, learner := t.TempDir(), t.TempDir()
	same := map[string]string{
		"go.mod":                          "module example.com/tcpworkshop\n",
		"go.sum":                          "a v1 h1:x\n",
		"lessons/01-a/lesson_test.go":     "package a\n",
		"lessons/01-a/server/main.go":     "package main\n",
		"testdata/01-a/time.txtar":        "exec true\n",
		"tools/grader/grader.go":          "package grader\n",
		"tools/grader/.hidden/ignored.go": "package x\n",
	}
	writeFiles(t, teacher, same)
	writeFiles(t, learner, same)
	if got := (&app{root: teacher}).changedTestFiles(learner); len(got) != 0 {
		t.Errorf("an identical checkout is flagged: %v", got)
	}
	writeFiles(t, learner, map[string]string{
		"go.mod":                          "module example.com/tcpworkshop\n\nreplace x => ./x\n",
		"lessons/01-a/server/main.go":     "package main // the learner's work\n",
		"testdata/01-a/time.txtar":        "exec true\r\n", // line endings do not count
		"tools/grader/.hidden/ignored.go": "package y\n",
		"tools/grader/extra.go":           "package grader\n",
	})
	if err := os.Remove(filepath.Join(learner, "go.sum")); err != nil {
		t.Fatal(err)
	}
	got := strings.Join((&app{root: teacher}).changedTestFiles(learner), ", ")
	if want := "go.mod (changed), go.sum (missing), tools/grader/extra.go (added)"; got != want {
		t.Errorf("changed files = %q; want %q", got, want)
	}
}

// TestSnapshotKeepsGivenPrograms: the copy graded for each checkout holds
// the reference programs that lessons give ready-made (lesson 05's server
// is lesson 02's), and no other reference solution.
func TestSnapshotKeepsGivenPrograms(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	if _, err := snapshotGrading(root, dst); err != nil {
		t.Fatal(err)
	}
	exists := func(rel string) bool {
		_, err := os.Stat(filepath.Join(dst, filepath.FromSlash(rel)))
		return err == nil
	}
	if !exists("solutions/02-echo/server/main.go") {
		t.Error("the copy lacks solutions/02-echo/server, which lesson 05 gives: every checkout's lesson 05 would not build")
	}
	for _, rel := range []string{"solutions/02-echo/client", "solutions/02-echo/solution_test.go", "solutions/01-time-server", "testdata/mutants"} {
		if exists(rel) {
			t.Errorf("the copy holds %s, which no lesson gives", rel)
		}
	}
	if !exists("lessons/05-create-connection/lesson_test.go") || !exists("testdata/05-create-connection/lesson.json") {
		t.Error("the copy lacks lesson 05's own grading files")
	}
}

// TestChooseLessons checks the lessons that -lessons picks, and that a
// list naming no lesson of the workshop is refused with a reason.
func TestChooseLessons(t *testing.T) {
	var all []*lesson
	for _, slug := range []string{"01-time-server", "02-echo", "03-sixteen-octet", "07-concurrent-echo", "10-chat"} {
		n, _ := strconv.Atoi(slug[:2])
		all = append(all, &lesson{Number: n, Slug: slug})
	}
	for spec, want := range map[string]string{
		"1-3":             "01-time-server 02-echo 03-sixteen-octet",
		"03,1":            "01-time-server 03-sixteen-octet",
		"10-chat, 2":      "02-echo 10-chat",
		"7-7,1-2,2":       "01-time-server 02-echo 07-concurrent-echo",
		"02-echo":         "02-echo",
		"4":               "error: this workshop has no lesson 04",
		"1-5":             "error: this workshop has no lesson 04",
		"3-1":             `error: "3-1" is neither`,
		"chat":            `error: "chat" is neither`,
		"":                `error: "" is neither`,
		"01-time-server,": `error: "" is neither`,
	} {
		picked, err := chooseLessons(spec, all)
		got := ""
		if err != nil {
			got = "error: " + err.Error()
		} else {
			var slugs []string
			for _, l := range picked {
				slugs = append(slugs, l.Slug)
			}
			got = strings.Join(slugs, " ")
		}
		if !strings.HasPrefix(got, want) {
			t.Errorf("chooseLessons(%q) = %s; want %s", spec, got, want)
		}
	}
}
