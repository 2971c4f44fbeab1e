package main

import (
	model "example.com/tcpworkshop/internal/lesson"
	"example.com/tcpworkshop/internal/workshoptest"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestClassroomWorkflow checks that the GitHub Classroom workflow grades
// every lesson of the workshop, one scored step each, and reports each
// step's result. (.ci/run lints it with actionlint.)
func TestClassroomWorkflow(t *testing.T) {
	root := workshoptest.Root(t)
	data, err := os.ReadFile(filepath.Join(root, ".github", "classroom", "classroom.yml"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	lessons, err := model.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	var runners []string
	for _, l := range lessons {
		id := fmt.Sprintf("lesson-%02d", l.Number)
		runners = append(runners, id)
		for _, want := range []string{
			"id: " + id + "\n",
			"test-name: " + l.Slug + "\n",
			"go test -count=1 ./lessons/" + l.Slug + "/\n",
			strings.ToUpper(id) + `_RESULTS: "${{ steps.` + id + `.outputs.result }}"`,
		} {
			if !strings.Contains(text, want) {
				t.Errorf("the workflow lacks %q for lesson %s", want, l.Slug)
			}
		}
	}
	if want := "runners: " + strings.Join(runners, ",") + "\n"; !strings.Contains(text, want) {
		t.Errorf("the workflow lacks %q", want)
	}
	if got := strings.Count(text, "uses: classroom-resources/autograding-command-grader@v1"); got != len(lessons) {
		t.Errorf("the workflow has %d graded steps for %d lessons", got, len(lessons))
	}
}
