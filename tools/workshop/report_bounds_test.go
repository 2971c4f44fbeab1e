package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// endlessEvents is a go test -json stream in which one test prints lines
// for ever (n bytes in all), with a line of a megabyte and more now and
// then.
type endlessEvents struct {
	n    int64
	line int
	buf  []byte
}

func (e *endlessEvents) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	if len(e.buf) == 0 {
		e.line++
		out := "printing a lot\\n"
		if e.line%1000 == 0 {
			out = strings.Repeat("y", 3<<20)
		}
		e.buf = []byte(`{"Action":"output","Package":"example.com/tcpworkshop/lessons/01-a","Test":"TestLesson/big","Output":"` + out + `"}` + "\n")
	}
	n := copy(p, e.buf)
	e.buf = e.buf[n:]
	e.n -= int64(n)
	return n, nil
}

func TestParseTestEventsBounded(t *testing.T) {
	run, err := parseTestEvents(&endlessEvents{n: 200 << 20})
	if err != nil {
		t.Fatal(err)
	}
	out := run.Lessons["01-a"].Tests["TestLesson/big"].Output.String()
	if len(out) > keepHead+2*keepTail+100 {
		t.Errorf("kept %d bytes of one test's output; want at most %d", len(out), keepHead+2*keepTail+100)
	}
	if !strings.Contains(out, "bytes left out") {
		t.Errorf("the kept output does not say that some was left out")
	}

	run, err = parseTestEventsLimit(&endlessEvents{n: 200 << 20}, 8<<20)
	if !errors.Is(err, errTooMuchOutput) {
		t.Fatalf("err = %v; want %v", err, errTooMuchOutput)
	}
	if run == nil {
		t.Fatal("no run")
	}
}

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
