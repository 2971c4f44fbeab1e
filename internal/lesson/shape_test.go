package lesson

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestWorkshopShape is the workshop's own shape check: it runs with every
// "go test ./..." and lists everything that is out of shape at once.
func TestWorkshopShape(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Check(root) {
		t.Errorf("%s", p)
	}
}

// TestCheckFindsEachMismatch runs Check on small synthetic workshops: each
// testdata/shape/*.txtar changes testdata/shape/base/ (a workshop of one
// lesson in shape) in one way, and lists the problems Check must report,
// one regular expression per "want:" line. "delete: PATH" removes a file
// of the base. A line ">-- NAME --" in a file is written "-- NAME --", for
// the archives of the synthetic workshop.
func TestCheckFindsEachMismatch(t *testing.T) {
	cases, _ := filepath.Glob(filepath.Join("testdata", "shape", "*.txtar"))
	if len(cases) == 0 {
		t.Fatal("no cases in testdata/shape")
	}
	for _, file := range cases {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			root := t.TempDir()
			if err := os.CopyFS(root, os.DirFS(filepath.Join("testdata", "shape", "base"))); err != nil {
				t.Fatal(err)
			}
			var wants []*regexp.Regexp
			for _, line := range strings.Split(string(a.Comment), "\n") {
				if want, ok := strings.CutPrefix(line, "want: "); ok {
					wants = append(wants, regexp.MustCompile(want))
				}
				if del, ok := strings.CutPrefix(line, "delete: "); ok {
					if err := os.RemoveAll(filepath.Join(root, filepath.FromSlash(del))); err != nil {
						t.Fatal(err)
					}
				}
			}
			for _, f := range a.Files {
				path := filepath.Join(root, filepath.FromSlash(f.Name))
				if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
					t.Fatal(err)
				}
				data := strings.ReplaceAll(string(f.Data), "\n>-- ", "\n-- ")
				if strings.HasPrefix(data, ">-- ") {
					data = data[1:]
				}
				if err := os.WriteFile(path, []byte(data), 0o666); err != nil {
					t.Fatal(err)
				}
			}
			var got []string
			for _, p := range Check(root) {
				got = append(got, p.String())
			}
			if len(got) != len(wants) {
				t.Errorf("Check found %d problems, want %d:\n%s", len(got), len(wants), strings.Join(got, "\n"))
			}
			for _, want := range wants {
				found := false
				for _, g := range got {
					found = found || want.MatchString(g)
				}
				if !found {
					t.Errorf("no problem matches %q; Check found:\n%s", want, strings.Join(got, "\n"))
				}
			}
		})
	}
}
