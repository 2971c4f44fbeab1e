package main

import (
	"fmt"
	"strings"
	"testing"

	model "example.com/tcpworkshop/internal/lesson"
	"example.com/tcpworkshop/internal/results"
)

func TestCheckTarget(t *testing.T) {
	l1, l2, l3 := &lesson{Slug: "01-a"}, &lesson{Slug: "02-b"}, &lesson{Slug: "03-c"}
	report := func(outcomes ...results.Outcome) *progressReport {
		p := &progressReport{}
		for i, o := range outcomes {
			p.Statuses = append(p.Statuses, &lessonStatus{Lesson: []*lesson{l1, l2, l3}[i], Outcome: o})
		}
		return p
	}
	for _, c := range []struct {
		name string
		p    *progressReport
		want *lesson
	}{
		{"nothing started", report(results.NotStarted, results.NotStarted, results.NotStarted), l1},
		{"first in progress", report(results.Failing, results.NotStarted, results.NotStarted), l1},
		{"first just passed", report(results.Passing, results.NotStarted, results.NotStarted), l1},
		{"second just passed", report(results.Passing, results.Passing, results.NotStarted), l2},
		{"second in progress", report(results.Passing, results.BuildError, results.NotStarted), l2},
		{"a later lesson started", report(results.Passing, results.NotStarted, results.Failing), l1},
		{"every lesson passes", report(results.Passing, results.Passing, results.Passing), l3},
	} {
		if got := c.p.checkTarget(); got == nil || got.Lesson != c.want {
			t.Errorf("%s: check shows %v; want %s", c.name, got, c.want.Slug)
		}
	}
	if got := (&progressReport{}).checkTarget(); got != nil {
		t.Errorf("no lessons: check shows %v", got)
	}
}

func TestPartHeading(t *testing.T) {
	status := func(parts ...int) []*lessonStatus {
		var st []*lessonStatus
		for i, part := range parts {
			st = append(st, &lessonStatus{Lesson: &lesson{Number: i + 1, Part: part}})
		}
		return st
	}
	var got []string
	for _, sts := range [][]*lessonStatus{status(1, 1), status(1, 1, 2, 2)} {
		for i := range sts {
			got = append(got, partHeading(sts, i))
		}
	}
	want := []string{"", "", "Part one", "", "\nPart two", ""}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("headings = %q; want %q", got, want)
	}
}

func TestStepWhere(t *testing.T) {
	l := &lesson{Slug: "01-time-server"}
	for i, file := range []string{"server", "server", "server", "server", "client", "client"} {
		l.Steps = append(l.Steps, model.Step{Number: i + 1, Files: []string{file + "/main.go"}})
	}
	a := &app{}
	for _, c := range []struct {
		name     string
		hints    []int
		commands []string
		want     string
	}{
		{"the client printed the wrong words", []int{3, 5}, []string{"run client -host 127.0.0.1 -port $PORT", "transcript stdout client.txt"},
			"step 5 in lessons/01-time-server/client/main.go"},
		{"a scripted client found the server wrong", []int{3, 4, 6}, []string{"dial 127.0.0.1:$PORT readall"},
			"steps 3 and 4 in lessons/01-time-server/server/main.go"},
		{"a scripted server found the client wrong", []int{4, 6}, []string{"listen fake 127.0.0.1:$FAKE close", "! run client"},
			"step 6 in lessons/01-time-server/client/main.go"},
		{"the checked program's steps are not named", []int{5}, []string{"shutdown server"},
			"step 5 in lessons/01-time-server/client/main.go"},
		{"no program named", []int{1, 5}, []string{"exec true"},
			"steps 1 and 5 in lessons/01-time-server/server/main.go and lessons/01-time-server/client/main.go"},
		{"no hint, but the program it checked", nil, []string{"shutdown server", "! stderr 'panic|goroutine '"},
			"lessons/01-time-server/server/main.go"},
		{"no hint and no program", nil, []string{"exec true"},
			"lessons/01-time-server/server/main.go or client/main.go"},
	} {
		f := &results.Failure{Hints: c.hints, Commands: c.commands}
		if got := a.stepWhere(l, f); got != c.want {
			t.Errorf("%s: Next names %q; want %q", c.name, got, c.want)
		}
	}
}

// TestClipLines checks that a long output shown under a failure keeps its
// start and end and says how many lines it left out, and that a short one
// is shown whole.
func TestClipLines(t *testing.T) {
	var long strings.Builder
	for i := 1; i <= 1003; i++ {
		fmt.Fprintf(&long, "line %d\n", i)
	}
	got := clipLines(long.String(), 3, 2)
	want := "line 1\nline 2\nline 3\n[... 998 lines left out ...]\nline 1002\nline 1003\n"
	if got != want {
		t.Errorf("clipLines kept %q; want %q", got, want)
	}
	for _, short := range []string{"", "one\n", "a\nb\nc\nd\ne\nf", "a\nb\nc\nd\ne\nf\n"} {
		if got := clipLines(short, 3, 2); got != short {
			t.Errorf("clipLines(%q) = %q; want it whole", short, got)
		}
	}
}
