package main

import (
	"strings"
	"testing"

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
