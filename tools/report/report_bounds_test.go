package main

import (
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
	writeFiles(t, teacher, files)
	writeFiles(t, learner, files)
	a := &app{root: teacher, lessons: []*lesson{{Slug: "01-a"}}}
	if got := a.changedTestFiles(learner); len(got) != 0 {
		t.Errorf("an identical checkout is flagged: %v", got)
	}
	writeFiles(t, learner, map[string]string{
		"lessons/01-a/lesson_test.go":  "package a // lenient\n",
		"lessons/01-a/README.md":       "# A, with my notes\n",
		"lessons/01-a/server/main.go":  "package main // the learner's work\n",
		"lessons/01-a/server/extra.go": "package main\n",
		"lessons/01-a/peer/main.go":    "package main // edited\n",
	})
	got := strings.Join(a.changedTestFiles(learner), ", ")
	if want := "lessons/01-a/lesson_test.go (changed), lessons/01-a/peer/main.go (changed)"; got != want {
		t.Errorf("changed files = %q; want %q", got, want)
	}
}
