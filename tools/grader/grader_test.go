package grader

import (
	"bufio"
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"example.com/tcpworkshop/internal/lesson"
	"github.com/rogpeppe/go-internal/txtar"
)

// MaintainerEnv, set to 1, runs the checks that prove the graders: they
// build every skeleton and grade it, which takes a while. CI sets it.
const MaintainerEnv = "WORKSHOP_MAINTAINER"

var updateSkeletons = flag.Bool("update-skeletons", false, "rewrite testdata/skeletons from lessons/")

func maintainer(t *testing.T) {
	t.Helper()
	if os.Getenv(MaintainerEnv) != "1" && !*updateSkeletons {
		t.Skipf("a check for the workshop's maintainers: set %s=1 to run it", MaintainerEnv)
	}
}

// TestSkeletonArchives checks that lessons/ holds exactly the skeletons
// that the grader recognises as not started, and that reset restores.
func TestSkeletonArchives(t *testing.T) {
	maintainer(t)
	root := RepoRoot(t)
	slugs := lessonFolders(t, root)
	for _, slug := range slugs {
		t.Run(slug, func(t *testing.T) {
			src, err := ReadSources(filepath.Join(root, "lessons", slug))
			if err != nil {
				t.Fatal(err)
			}
			if *updateSkeletons {
				if err := os.WriteFile(SkeletonPath(root, slug), FormatSkeleton(slug, src), 0o666); err != nil {
					t.Fatal(err)
				}
				return
			}
			skeleton, err := ReadSkeleton(root, slug)
			if err != nil {
				t.Fatalf("lesson %s has no skeleton archive: %v (run with -update-skeletons)", slug, err)
			}
			if !SameSources(src, skeleton) {
				t.Errorf("lessons/%s differs from %s: run go test ./tools/grader -run TestSkeletonArchives/%s -update-skeletons",
					slug, SkeletonPath(root, slug), slug)
			}
		})
	}
	if got := lessonSlugs(root); !*updateSkeletons && strings.Join(got, " ") != strings.Join(slugs, " ") {
		t.Errorf("skeleton archives %v do not match the lessons %v", got, slugs)
	}
}

// TestSkeletonsFail proves every grader able to fail: each script of each
// lesson must fail against the lesson's untouched skeleton.
func TestSkeletonsFail(t *testing.T) {
	maintainer(t)
	root := RepoRoot(t)
	for _, slug := range lessonSlugs(root) {
		t.Run(slug, func(t *testing.T) {
			t.Parallel()
			skeleton, err := ReadSkeleton(root, slug)
			if err != nil {
				t.Fatal(err)
			}
			rec := &Recorder{Name: slug}
			l := Lesson{Root: root, Slug: slug, Dir: filepath.Join(root, "lessons", slug), Overlay: skeleton, Who: "the skeleton's"}
			GradeT(t, l, rec)
			if len(rec.Scripts) == 0 {
				t.Fatalf("no script ran:\n%s", rec.Logs())
			}
			for _, s := range rec.Scripts {
				if s.Skipped {
					// A script may not apply here, such as one that needs 127.0.0.2.
					t.Logf("script %s skipped itself: %s", s.Name, strings.TrimSpace(s.Logs()))
					continue
				}
				if !s.Failed {
					t.Errorf("script %s passes against the untouched skeleton: it cannot tell finished work from unfinished", s.Name)
				}
			}
		})
	}
}

// TestReadmeTranscripts proves that the transcripts the lessons' READMEs
// show are those the scripts check. A README marks a transcript with a
// comment naming the script and the file in it, just before a code block:
//
//	<!-- transcript: time.txtar server.txt -->
func TestReadmeTranscripts(t *testing.T) {
	root := RepoRoot(t)
	for _, slug := range lessonFolders(t, root) {
		t.Run(slug, func(t *testing.T) { checkReadme(t, root, slug) })
	}
}

func checkReadme(t *testing.T, root, slug string) {
	readme := filepath.Join(root, "lessons", slug, "README.md")
	blocks, err := readmeTranscripts(readme)
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) == 0 {
		t.Errorf("%s shows no transcript marked <!-- transcript: SCRIPT FILE -->", readme)
	}
	for _, b := range blocks {
		a, err := txtar.ParseFile(filepath.Join(root, "testdata", slug, b.script))
		if err != nil {
			t.Errorf("%s:%d: %v", readme, b.line, err)
			continue
		}
		want, ok := archiveFile(a, b.file)
		if !ok {
			t.Errorf("%s:%d: %s has no file %s", readme, b.line, b.script, b.file)
			continue
		}
		// A README cannot show a carriage return.
		want = strings.ReplaceAll(want, "{{cr}}", "")
		diff, err := MatchTranscript(want, b.text, func(string) (string, bool) { return "", false })
		if err != nil {
			t.Errorf("%s:%d: %v", readme, b.line, err)
		} else if diff != "" {
			t.Errorf("%s:%d: the transcript differs from %s in %s (- script, + README):\n%s", readme, b.line, b.file, b.script, diff)
		}
	}
}

type readmeBlock struct {
	script, file, text string
	line               int
}

var markerRE = regexp.MustCompile(`^<!-- transcript: (\S+) (\S+) -->$`)

// readmeTranscripts finds the marked code blocks of a README.
func readmeTranscripts(path string) ([]readmeBlock, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var (
		blocks  []readmeBlock
		pending *readmeBlock
		inBlock bool
		text    strings.Builder
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		switch {
		case inBlock && strings.HasPrefix(line, "```"):
			inBlock = false
			if pending != nil {
				pending.text = text.String()
				blocks = append(blocks, *pending)
				pending = nil
			}
		case inBlock:
			text.WriteString(line + "\n")
		case strings.HasPrefix(line, "```"):
			inBlock = true
			text.Reset()
		case markerRE.MatchString(line):
			m := markerRE.FindStringSubmatch(line)
			pending = &readmeBlock{script: m[1], file: m[2], line: n}
		}
	}
	return blocks, sc.Err()
}

func archiveFile(a *txtar.Archive, name string) (string, bool) {
	for _, f := range a.Files {
		if f.Name == name {
			return string(f.Data), true
		}
	}
	return "", false
}

// lessonFolders lists the lessons under lessons/.
func lessonFolders(t *testing.T, root string) []string {
	slugs, err := lesson.Slugs(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(slugs) == 0 {
		t.Fatal("no lessons found")
	}
	return slugs
}
