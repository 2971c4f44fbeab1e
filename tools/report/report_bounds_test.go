package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestChangedLessonFiles checks that the tamper check compares a lesson's
// test and given programs, but not the programs the learner writes nor
// the lesson's Markdown.
func TestChangedLessonFiles(t *testing.T) {
	teacher, learner := t.TempDir(), t.TempDir()
	files := map[string]string{
		"lessons/01-a/lesson_test.go": "package a\n",
		"lessons/01-a/README.md":      "# A\n",
		"lessons/01-a/server/main.go": "package main // TODO\n",
		"lessons/01-a/peer/main.go":   "package main // given\n",
		"testdata/skeletons/01-a.txtar": "-- server/main.go --\npackage main // TODO\n" +
			"-- peer/main.go --\npackage main // given\n",
	}
	for _, root := range []string{teacher, learner} {
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
	a := &app{root: teacher, lessons: []*lesson{{Slug: "01-a"}}}
	if got := a.changedTestFiles(learner); len(got) != 0 {
		t.Errorf("an identical checkout is flagged: %v", got)
	}
	for name, text := range map[string]string{
		"lessons/01-a/lesson_test.go":  "package a // lenient\n",
		"lessons/01-a/README.md":       "# A, with my notes\n",
		"lessons/01-a/server/main.go":  "package main // the learner's work\n",
		"lessons/01-a/server/extra.go": "package main\n",
		"lessons/01-a/peer/main.go":    "package main // edited\n",
	} {
		if err := os.WriteFile(filepath.Join(learner, filepath.FromSlash(name)), []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	got := strings.Join(a.changedTestFiles(learner), ", ")
	if want := "lessons/01-a/lesson_test.go (changed), lessons/01-a/peer/main.go (changed)"; got != want {
		t.Errorf("changed files = %q; want %q", got, want)
	}
}
