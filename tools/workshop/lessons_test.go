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

const hintsMD = `# Hints for lesson 01

One hint per step.

## Hint 1: listen

` + "`net.Listen`" + ` takes a network.

Second paragraph.

## Hint 2: the ready line

Print it after Listen.
## Hint 10 - a late one
Body.

# Another top heading

Not a hint.
`

func TestParseHints(t *testing.T) {
	hints := parseHints([]byte(strings.ReplaceAll(hintsMD, "\n", "\r\n")))
	if len(hints) != 3 {
		t.Fatalf("got %d hints: %+v", len(hints), hints)
	}
	want := []hint{
		{1, "listen", "`net.Listen` takes a network.\n\nSecond paragraph."},
		{2, "the ready line", "Print it after Listen."},
		{10, "a late one", "Body."},
	}
	for i, h := range hints {
		if h != want[i] {
			t.Errorf("hint %d = %+v; want %+v", i, h, want[i])
		}
	}
	if h, ok := hintByNumber(hints, 10); !ok || h.Title != "a late one" {
		t.Errorf("hintByNumber(10) = %+v, %v", h, ok)
	}
}

const readmeMD = `# Lesson 01: a time server

Intro.

## What you will learn

A **socket** is the program's end of a conversation: something it
can write into. A TCP socket has an address and a **port**, such as
` + "`127.0.0.1:9999`" + `. A third sentence. And a fourth.

Second paragraph.

## The protocol
`

func TestReadme(t *testing.T) {
	if got := titleOf([]byte(readmeMD)); got != "a time server" {
		t.Errorf("title = %q", got)
	}
	if got := titleOf([]byte("Text\n# Echo server\n")); got != "Echo server" {
		t.Errorf("title without a lesson number = %q", got)
	}
	for _, c := range []struct {
		name, readme string
		want         []string
	}{
		{"first sentence", readmeMD, []string{"A socket is the program's end of a conversation: something it can write into."}},
		{"no section", "# T\n\n## Steps\n\nNo summary here.\n", nil},
		{"bold lead-ins", "## What you will learn\n\nIntro text.\n\n**`Read` takes what is there.** It waits.\n\n" +
			"**Write sends everything.** Really.\nA **word** in bold.\n\n```go\n**not.** code\n```\n\n" +
			"- **The end of the stream:** EOF.\n- **One.** Two.\n- **Three.** 3.\n\n## Steps\n\n**Not this.** x\n",
			[]string{"`Read` takes what is there.", "Write sends everything.", "The end of the stream", "One."}},
		{"sub-headings", "## What you will learn\n\n### TCP is a stream\n\nText.\n\n### Why **sixteen** octets\n\nMore.\n",
			[]string{"TCP is a stream", "Why sixteen octets"}},
		{"a list", "## What you will learn\n\n- The server **binds**. Then more.\n- The client\n  connects. Then.\n\nLater.\n",
			[]string{"The server binds.", "The client connects."}},
		{"a bold word is no lead-in", "## What you will learn\n\n- **Loopback**, `127.0.0.1`. More.\n- **Any**, `::`. More.\n",
			[]string{"Loopback, `127.0.0.1`.", "Any, `::`."}},
	} {
		got := learnSummary([]byte(c.readme))
		if strings.Join(got, "|") != strings.Join(c.want, "|") || (got == nil) != (c.want == nil) {
			t.Errorf("%s: summary =\n%q\nwant\n%q", c.name, got, c.want)
		}
	}
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
