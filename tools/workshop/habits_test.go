package main

import (
	"bytes"
	"strings"
	"testing"
)

// -h, -help and --help, alone, print the list of commands, not the help of
// progress (the command that runs when none is named).
func TestHelpFlagsListCommands(t *testing.T) {
	for _, arg := range []string{"-h", "-help", "--help", "--h"} {
		var out bytes.Buffer
		a := &app{stdout: &out, stderr: &out}
		if err := a.dispatch([]string{arg}); err != nil {
			t.Errorf("%s: %v", arg, err)
		}
		if !strings.Contains(out.String(), "Commands:") || strings.Contains(out.String(), "usage: "+self+" [progress]") {
			t.Errorf("%s printed %q; want the list of commands", arg, out.String())
		}
	}
}

// Every line of help fits in 78 columns, and flags are spelled with two
// dashes.
func TestHelpWidthAndFlagSpelling(t *testing.T) {
	var out bytes.Buffer
	printUsage(&out)
	for _, v := range verbs {
		printVerbHelp(&out, v)
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if visibleWidth(line) > maxWidth {
			t.Errorf("help line of %d columns, more than %d: %q", visibleWidth(line), maxWidth, line)
		}
		if strings.Contains(line, "go test") {
			continue // go test's own flags have one dash
		}
		for _, word := range strings.Fields(line) {
			name, _, _ := strings.Cut(strings.Trim(word, "[]`(),.;:\""), "=")
			switch name {
			case "-yes", "-json", "-all", "-code", "-force", "-timeout", "-markdown", "-help":
				t.Errorf("flag %q written with one dash in %q", name, line)
			}
		}
	}
}

func TestListAndVersion(t *testing.T) {
	var out bytes.Buffer
	a := &app{stdout: &out, stderr: &out, lessons: testLessons()}
	if err := listVerb.run(a, listVerb, nil); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != len(a.lessons) {
		t.Fatalf("list printed %d lines for %d lessons: %q", len(lines), len(a.lessons), out.String())
	}
	for i, l := range a.lessons {
		if !strings.HasPrefix(lines[i], l.Slug+" ") || !strings.HasSuffix(lines[i], l.Title) {
			t.Errorf("list line %d: %q; want %s and its title %q", i+1, lines[i], l.Slug, l.Title)
		}
	}
	out.Reset()
	if err := versionVerb.run(a, versionVerb, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "workshop ") || !strings.Contains(out.String(), "built with go") {
		t.Errorf("version printed %q", out.String())
	}
}

func TestWrapWriter(t *testing.T) {
	var out bytes.Buffer
	ww := &wrapWriter{w: &out, width: 20}
	// Written in pieces, as Fprintf calls do, with a prompt left open.
	for _, piece := range []string{
		"Next: read lessons/01-time-server/README.md and ",
		"start again at step 1.\n",
		"  cp -R a/very/long/path/that/stays/whole b/\n",
		"-a diff line that is long and keeps its layout\n",
		"\x1b[1mbold\x1b[0m words count without their codes\n",
		"Reset? [y/N] ",
	} {
		ww.Write([]byte(piece))
	}
	want := "Next: read\n" +
		"lessons/01-time-server/README.md\n" +
		"and start again at\n" +
		"step 1.\n" +
		"  cp -R a/very/long/path/that/stays/whole b/\n" +
		"-a diff line that is long and keeps its layout\n" +
		"\x1b[1mbold\x1b[0m words count\n" +
		"without their codes\n" +
		"Reset? [y/N] "
	if out.String() != want {
		t.Errorf("wrapped:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestJoinParagraphs(t *testing.T) {
	got := joinParagraphs("One paragraph\non two lines.\n\n  a command\n  another\nText after.\nMore.")
	want := "One paragraph on two lines.\n\n  a command\n  another\nText after. More."
	if got != want {
		t.Errorf("joinParagraphs: %q; want %q", got, want)
	}
}
