// Command newlesson starts a new lesson of the workshop, for its
// maintainers:
//
//	go run ./tools/newlesson 07-broadcast
//
// It writes every file a lesson needs, in the shape that the workshop's
// shape check (internal/lesson) proves: the learner's folder
// lessons/NN-slug (README, HINTS, test, and a server and a client whose
// TODO(step N) comments are the steps), the reference solution
// solutions/NN-slug, the lesson's facts testdata/NN-slug/lesson.json, a
// grading script and the hostile script, the skeleton archive, a first
// mutant, and the lesson's row in README.md and graded step in the Classroom
// workflow. The reference solution starts as a copy of the skeleton, so
// the lesson fails until it is written: testdata/README.md walks through
// the rest.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"

	"example.com/tcpworkshop/internal/lesson"
	"example.com/tcpworkshop/tools/grader"
)

func main() {
	if len(os.Args) != 2 || !lesson.IsSlug(os.Args[1]) {
		fmt.Fprintln(os.Stderr, "usage: go run ./tools/newlesson NN-slug (such as 07-broadcast)")
		os.Exit(2)
	}
	root, err := workshopRoot()
	if err == nil {
		err = Create(root, os.Args[1])
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "newlesson: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("Lesson %s is started. Write it as testdata/README.md says, then run go test ./... and\n"+
		"WORKSHOP_MAINTAINER=1 go test ./tools/...\n", os.Args[1])
}

// workshopRoot is the nearest folder at or above the working directory
// that holds go.mod.
func workshopRoot() (string, error) {
	dir, err := os.Getwd()
	for err == nil {
		if _, serr := os.Stat(filepath.Join(dir, "go.mod")); serr == nil {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			return "", errors.New("not inside the workshop: no go.mod in this folder or above it")
		}
		dir = filepath.Dir(dir)
	}
	return "", err
}

// A lessonData is what the templates know about the new lesson.
type lessonData struct {
	Slug, Name, Title, Package, NN string
	Part, Port                     int
}

// Create writes the new lesson slug into the workshop at root.
func Create(root, slug string) error {
	if _, err := os.Stat(filepath.Join(root, "lessons", slug)); err == nil {
		return fmt.Errorf("lessons/%s already exists", slug)
	}
	n, _ := strconv.Atoi(slug[:2])
	name := slug[3:]
	d := lessonData{
		Slug: slug, Name: name, NN: slug[:2],
		Title:   strings.ReplaceAll(name, "-", " "),
		Package: strings.ReplaceAll(name, "-", ""),
		Part:    1,
		Port:    10000 + n,
	}
	if n > 6 {
		d.Part = 2
	}
	if d.Package == "" || d.Package[0] >= '0' && d.Package[0] <= '9' {
		d.Package = "lesson" + d.Package
	}
	var skeleton grader.Sources = map[string][]byte{}
	for _, f := range files {
		path := strings.ReplaceAll(f.path, "SLUG", slug)
		text, err := expand(f.path, f.text, d)
		if err != nil {
			return err
		}
		if err := write(root, path, text); err != nil {
			return err
		}
		if prog, ok := strings.CutPrefix(path, "lessons/"+slug+"/"); ok && strings.Contains(prog, "/") {
			skeleton[prog] = text
			// The reference solution starts as the skeleton.
			if err := write(root, "solutions/"+slug+"/"+prog, text); err != nil {
				return err
			}
		}
	}
	if err := write(root, "testdata/skeletons/"+slug+".txtar", grader.FormatSkeleton(slug, skeleton)); err != nil {
		return err
	}
	row := fmt.Sprintf("| [%s](lessons/%s/README.md) | TODO: what the learner writes |\n", slug, slug)
	if err := insertAfterLast(root, "README.md", "| [", row); err != nil {
		return err
	}
	return addClassroomStep(root, slug)
}

// classroomWorkflow is the teachers' GitHub Classroom workflow, one graded
// step per lesson (see WORKSHOP.md).
const classroomWorkflow = ".github/classroom/classroom.yml"

// addClassroomStep gives the lesson a graded step in the Classroom
// workflow, its result to the reporter, and its place among the runners.
func addClassroomStep(root, slug string) error {
	number, _, _ := strings.Cut(slug, "-")
	id := "lesson-" + number
	step := fmt.Sprintf(`      - name: %s
        id: %s
        uses: classroom-resources/autograding-command-grader@v1
        with:
          test-name: %s
          command: cd teacher && env -i PATH="$PATH" HOME="$HOME" WORKSHOP_STRICT=1 WORKSHOP_TIMEOUT=30s go test -count=1 ./lessons/%s/
          timeout: 5
          max-score: 1

`, slug, id, slug, slug)
	if err := insertBefore(root, classroomWorkflow, "      - name: Report the score", step); err != nil {
		return err
	}
	result := fmt.Sprintf("          %s_RESULTS: \"${{ steps.%s.outputs.result }}\"\n", strings.ToUpper(id), id)
	if err := insertAfterLast(root, classroomWorkflow, "          LESSON-", result); err != nil {
		return err
	}
	return editLine(root, classroomWorkflow, "          runners: ", func(line string) string {
		return strings.TrimSuffix(line, "\n") + "," + id + "\n"
	})
}

// insertBefore inserts text before the first line of doc that starts with
// prefix.
func insertBefore(root, doc, prefix, text string) error {
	return editLine(root, doc, prefix, func(line string) string { return text + line })
}

// editLine replaces the first line of doc that starts with prefix by what
// edit makes of it.
func editLine(root, doc, prefix string, edit func(string) string) error {
	path := filepath.Join(root, filepath.FromSlash(doc))
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	lines := strings.SplitAfter(string(data), "\n")
	for i, line := range lines {
		if strings.HasPrefix(line, prefix) {
			lines[i] = edit(line)
			return os.WriteFile(path, []byte(strings.Join(lines, "")), 0o666)
		}
	}
	return fmt.Errorf("%s has no line that starts with %q", doc, prefix)
}

func expand(name, text string, d lessonData) ([]byte, error) {
	t, err := template.New(name).Delims("[[", "]]").Parse(text)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = t.Execute(&buf, d)
	return buf.Bytes(), err
}

// write writes a new file; it never overwrites one.
func write(root, path string, data []byte) error {
	full := filepath.Join(root, filepath.FromSlash(path))
	if _, err := os.Stat(full); err == nil {
		return fmt.Errorf("%s already exists", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o777); err != nil {
		return err
	}
	return os.WriteFile(full, data, 0o666)
}

// insertAfterLast inserts text after the last line of a document that
// starts with prefix.
func insertAfterLast(root, doc, prefix, text string) error {
	path := filepath.Join(root, filepath.FromSlash(doc))
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	lines := strings.SplitAfter(string(data), "\n")
	at := -1
	for i, line := range lines {
		if strings.HasPrefix(line, prefix) {
			at = i
		}
	}
	if at < 0 {
		return fmt.Errorf("%s has no line that starts with %q to add the lesson after", doc, prefix)
	}
	out := strings.Join(lines[:at+1], "") + text + strings.Join(lines[at+1:], "")
	return os.WriteFile(path, []byte(out), 0o666)
}
