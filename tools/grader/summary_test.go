package grader

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestNotStartedCountsSkeletons(t *testing.T) {
	root := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	skeleton := "package main\n\nfunc main() {} // TODO(step 1)\n"
	for _, slug := range []string{"01-untouched", "02-started", "03-crlf"} {
		write("testdata/skeletons/"+slug+".txtar", "-- server/main.go --\n"+skeleton)
	}
	write("lessons/01-untouched/server/main.go", skeleton)
	write("lessons/02-started/server/main.go", "package main\n\nfunc main() { println(1) }\n")
	// A checkout on Windows may have turned the line endings into \r\n.
	write("lessons/03-crlf/server/main.go", "package main\r\n\r\nfunc main() {} // TODO(step 1)\r\n")
	got := notStarted(root, lessonSlugs(root))
	if want := []string{"01", "03"}; !slices.Equal(got, want) {
		t.Errorf("not started: %q, want %q", got, want)
	}
}

func TestNumberRanges(t *testing.T) {
	for _, tt := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"03"}, "03"},
		{[]string{"02", "03", "04", "07"}, "02-04 07"},
		{[]string{"01", "03", "05", "06"}, "01 03 05-06"},
	} {
		if got := numberRanges(tt.in); got != tt.want {
			t.Errorf("numberRanges(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
