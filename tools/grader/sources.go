package grader

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"example.com/tcpworkshop/internal/lesson"
	"github.com/rogpeppe/go-internal/txtar"
)

// Sources are a lesson's program files: a slash-separated path relative to
// the lesson's folder ("server/main.go") maps to the file's content.
type Sources map[string][]byte

// ReadSources reads the files of the lesson's program folders. Reading them
// from the test process is what makes "go test" re-grade after an edit
// instead of replaying a cached verdict.
func ReadSources(lessonDir string) (Sources, error) {
	progs, err := ProgramsIn(lessonDir)
	if err != nil {
		return nil, err
	}
	if len(progs) == 0 {
		return nil, fmt.Errorf("%s has no program folder (such as server/ or client/)", lessonDir)
	}
	src := Sources{}
	for _, prog := range progs {
		entries, err := os.ReadDir(filepath.Join(lessonDir, prog))
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			name := prog + "/" + e.Name()
			data, err := os.ReadFile(filepath.Join(lessonDir, prog, e.Name()))
			if err != nil {
				return nil, err
			}
			src[name] = data
		}
	}
	return src, nil
}

// ProgramsIn lists, sorted, the programs of a lesson's folder: every
// subfolder that holds Go files is one, named after its folder (server,
// client, and any others a lesson has).
func ProgramsIn(lessonDir string) ([]string, error) { return lesson.ProgramsIn(lessonDir) }

// SharedSources reads the files outside a lesson's folder that go into its
// programs: the programs it takes from another lesson (lesson.json's
// "given") and the workshop's shared packages under internal/. Reading
// them from the test process is what makes "go test" re-grade a lesson
// after one of them changed. Their paths start with the folder they are
// in, relative to the workshop ("solutions/02-echo/server/main.go").
func SharedSources(root, slug string) (Sources, error) {
	f, err := lesson.ReadFacts(root, slug)
	if err != nil {
		return nil, err
	}
	dirs := []string{filepath.Join("internal", "sockets")}
	for prog, from := range f.Given {
		dirs = append(dirs, filepath.Join("solutions", from, prog))
	}
	src := Sources{}
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(root, dir, "*.go"))
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			data, err := os.ReadFile(file)
			if err != nil {
				return nil, err
			}
			src[filepath.ToSlash(filepath.Join(dir, filepath.Base(file)))] = data
		}
	}
	return src, nil
}

func sharedSources(t testing.TB, root, slug string) Sources {
	src, err := SharedSources(root, slug)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// programsOf lists, sorted, the programs that sources hold.
func programsOf(src Sources) []string {
	var progs []string
	for name := range src {
		if prog, _, ok := strings.Cut(name, "/"); ok && !slices.Contains(progs, prog) {
			progs = append(progs, prog)
		}
	}
	sort.Strings(progs)
	return progs
}

// SkeletonPath is where the untouched skeleton of a lesson is kept, as a
// txtar archive of the lesson's program files.
func SkeletonPath(root, slug string) string { return lesson.SkeletonPath(root, slug) }

// ReadSkeleton reads the untouched skeleton of a lesson.
func ReadSkeleton(root, slug string) (Sources, error) { return lesson.ReadSkeleton(root, slug) }

// FormatSkeleton returns the archive that keeps the given sources as a
// lesson's skeleton.
func FormatSkeleton(slug string, src Sources) []byte {
	a := &txtar.Archive{Comment: []byte("The untouched skeleton of lesson " + slug +
		": the grader skips the lesson while its files are these, and\n" +
		"\"go run ./tools/workshop reset\" restores them. Regenerate with\n" +
		"\"go test ./tools/grader -run TestSkeletonArchives -update-skeletons\".\n")}
	for _, name := range slices.Sorted(maps.Keys(src)) {
		a.Files = append(a.Files, txtar.File{Name: name, Data: src[name]})
	}
	return txtar.Format(a)
}

// SameSources reports whether two sets of sources hold the same files with
// the same content, ignoring the difference between CRLF and LF line ends
// that a Windows checkout may bring.
func SameSources(a, b Sources) bool {
	if len(a) != len(b) {
		return false
	}
	for name, data := range a {
		other, ok := b[name]
		if !ok || !bytes.Equal(normalizeEOL(data), normalizeEOL(other)) {
			return false
		}
	}
	return true
}

func normalizeEOL(b []byte) []byte {
	return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
}

// filesToWrite lists, sorted, the files of a skeleton that have TODOs for
// the learner; files that a lesson gives ready-made have none.
func filesToWrite(skeleton Sources) []string {
	var names []string
	for name, data := range skeleton {
		if bytes.Contains(data, []byte("TODO")) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// overlayJSON is the file that "go build -overlay" reads.
func overlayJSON(replace map[string]string) []byte {
	data, _ := json.Marshal(struct{ Replace map[string]string }{replace})
	return data
}

// lessonSlugs lists the lessons in the repository, in order.
func lessonSlugs(root string) []string {
	slugs, _ := lesson.Slugs(root)
	return slugs
}
