package lesson

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

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
	hints := ParseHints([]byte(strings.ReplaceAll(hintsMD, "\n", "\r\n")))
	want := []Hint{
		{1, "listen", "`net.Listen` takes a network.\n\nSecond paragraph."},
		{2, "the ready line", "Print it after Listen."},
		{10, "a late one", "Body."},
	}
	if !slices.Equal(hints, want) {
		t.Errorf("hints = %+v; want %+v", hints, want)
	}
	l := &Lesson{Hints: hints}
	if h, ok := l.Hint(10); !ok || h.Title != "a late one" {
		t.Errorf("Hint(10) = %+v, %v", h, ok)
	}
}

func TestHintRefs(t *testing.T) {
	for text, want := range map[string][]int{
		"Step 1: no server (HINTS.md, hint 5).":                     {5},
		"Step 2: the client (hints 5 and 6).":                       {5, 6},
		"Step 1: listens (HINTS.md, hints 1, 2 and 3).":             {1, 2, 3},
		"Step 4: (HINTS.md, hint 4) and more (hint 7).":             {4, 7},
		"Step 3: no hint here.":                                     nil,
		"Step 2: (hints 5, 6 and 7; the server: hints 2, 3 and 4).": {5, 6, 7, 2, 3, 4},
		"Step 2: the default host (hints 9 to 11).":                 {9, 10, 11},
		"Step 5: every address (hints 1 to 3, 6 and 4).":            {1, 2, 3, 6, 4},
		"Step 6: typed twice (hints 6 and 7) and (hint 6).":         {6, 7},
		"Step 7: the room (hints 2 and\n3).":                        {2, 3},
	} {
		if got := HintRefs(text); !slices.Equal(got, want) {
			t.Errorf("HintRefs(%q) = %v; want %v", text, got, want)
		}
	}
}

func TestParseScriptSteps(t *testing.T) {
	script := "# One client.\n\n# Step 1: the server listens (HINTS.md,\n# hints 1 and 2).\nstart server\n\n# Step 2: done.\nrun client\n"
	steps := ParseScriptSteps([]byte(script))
	if len(steps) != 2 || steps[0].Line != 3 || !slices.Equal(steps[0].Hints, []int{1, 2}) || steps[1].Hints != nil {
		t.Errorf("steps = %+v", steps)
	}
}

// TestLoad reads the workshop's own lessons: every fact from its place.
func TestLoad(t *testing.T) {
	lessons, err := Load(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if len(lessons) < 6 {
		t.Fatalf("%d lessons", len(lessons))
	}
	l := lessons[0]
	if l.Slug != "01-time-server" || l.Number != 1 || l.Name != "time-server" || l.Title != "a time server" || l.Part != 1 {
		t.Errorf("lesson 01 = %+v", l)
	}
	if got := l.StepFiles(); !slices.Equal(got[1], []string{"server/main.go"}) || !slices.Equal(got[5], []string{"client/main.go"}) {
		t.Errorf("step files = %v", got)
	}
	if l.FirstFile() != "server/main.go" || len(l.Hints) != len(l.Steps) || !slices.Equal(l.Programs, []string{"client", "server"}) {
		t.Errorf("first file %s, %d hints, %d steps, programs %v", l.FirstFile(), len(l.Hints), len(l.Steps), l.Programs)
	}
	if five := lessons[4]; five.Given["server"] != "02-echo" || !slices.Equal(five.Programs, []string{"client"}) || five.FirstFile() != "client/main.go" {
		t.Errorf("lesson 05 = %+v", five)
	}
}
