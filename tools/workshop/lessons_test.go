package main

import (
	"strings"
	"testing"
)

func testLessons() []*lesson {
	return []*lesson{
		{Slug: "01-time-server", Number: 1, Name: "time-server"},
		{Slug: "02-echo", Number: 2, Name: "echo"},
		{Slug: "06-interactive", Number: 6, Name: "interactive"},
	}
}

func TestFindLesson(t *testing.T) {
	lessons := testLessons()
	for _, name := range []string{"01-time-server", "01", "1", "time-server", "TIME-SERVER", "lessons/01-time-server/", " 01 "} {
		l, err := findLesson(lessons, name)
		if err != nil || l.Slug != "01-time-server" {
			t.Errorf("findLesson(%q) = %v, %v; want 01-time-server", name, l, err)
		}
	}
	if l, err := findLesson(lessons, "6"); err != nil || l.Slug != "06-interactive" {
		t.Errorf("findLesson(6) = %v, %v", l, err)
	}
	for name, want := range map[string]string{
		"01-time":        `unknown lesson "01-time"; did you mean 01-time-server?`,
		"time":           `unknown lesson "time"; did you mean 01-time-server?`,
		"ecko":           `unknown lesson "ecko"; did you mean 02-echo?`,
		"02-ehco":        `unknown lesson "02-ehco"; did you mean 02-echo?`,
		"interactiv":     `unknown lesson "interactiv"; did you mean 06-interactive?`,
		"7":              `unknown lesson "7"; did you mean 01-time-server?`,
		"07-interactive": `unknown lesson "07-interactive"; did you mean 06-interactive?`,
	} {
		_, err := findLesson(lessons, name)
		if _, ok := err.(usageError); !ok || err.Error() != want {
			t.Errorf("findLesson(%q) error = %v; want %s", name, err, want)
		}
	}
}

func TestFindVerb(t *testing.T) {
	for name, want := range map[string]string{
		"chek":   `unknown command "chek"; did you mean check?`,
		"hints":  `unknown command "hints"; did you mean hint?`,
		"wach":   `unknown command "wach"; did you mean watch?`,
		"solve":  `unknown command "solve"; did you mean solution?`,
		"rest":   `unknown command "rest"; did you mean reset?`,
		"status": `unknown command "status"; did you mean`,
	} {
		_, err := findVerb(name)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("findVerb(%q) error = %v; want %s", name, err, want)
		}
	}
	if v, err := findVerb("check"); err != nil || v != checkVerb {
		t.Errorf("findVerb(check) = %v, %v", v, err)
	}
}

func TestLearnedText(t *testing.T) {
	if got, want := learnedText([]string{"One thing to learn.", strings.Repeat("word ", 20) + "end."}),
		"  - One thing to learn.\n  - "+strings.TrimSpace(strings.Repeat("word ", 15))+"\n    "+strings.Repeat("word ", 5)+"end."; got != want {
		t.Errorf("learnedText =\n%s\nwant\n%s", got, want)
	}
}

func TestModuleOf(t *testing.T) {
	for gomod, want := range map[string]string{
		"module example.com/tcpworkshop\n\ngo 1.25.0\n":   "example.com/tcpworkshop",
		"// c\nmodule \"example.com/tcpworkshop\" // x\n": "example.com/tcpworkshop",
		"go 1.25\n":                    "",
		"modules example.com/other\n":  "",
		"module\texample.com/tabbed\n": "example.com/tabbed",
	} {
		if got := moduleOf([]byte(gomod)); got != want {
			t.Errorf("moduleOf(%q) = %q; want %q", gomod, got, want)
		}
	}
}

func TestWatchChanges(t *testing.T) {
	a := map[string]fileState{"server/main.go": {size: 1}, "client/main.go": {size: 2}}
	b := map[string]fileState{"server/main.go": {size: 3}, "client/extra.go": {size: 2}}
	got := strings.Join(changes(a, b), ", ")
	if want := "client/extra.go added, client/main.go removed, server/main.go changed"; got != want {
		t.Errorf("changes = %q; want %q", got, want)
	}
	for name, want := range map[string]bool{".main.go.swp": true, "main.go~": true, "#main.go#": true, "main.go.tmp": true, "main.go": false, "main_test.go": false} {
		if sideFile(name) != want {
			t.Errorf("sideFile(%q) = %v", name, !want)
		}
	}
}
