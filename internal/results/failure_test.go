package results

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	model "example.com/tcpworkshop/internal/lesson"
)

// timeFailure is a failure as the grader builds it.
var timeFailure = &Failure{
	Script:      "time.txtar",
	Description: "One client asks the time server for the time.",
	Step:        2,
	StepText:    "Step 2: the client connects, reads the time and prints it (hints 5 and 6).",
	Hints:       []int{5, 6},
	Commands:    []string{"run client -host 127.0.0.1 -port $PORT", "transcript stdout client.txt"},
	Command:     "transcript stdout client.txt",
	Location:    "testdata/01-time-server/time.txtar:10",
	Message: "the program's standard output does not match the lesson's transcript client.txt.\n" +
		"Placeholders stand for what changes from run to run:\n" +
		"{{ctime}} stands for a time in C's ctime() format: Wed Jan 29 19:14:15 2014.",
	Diff: []string{
		`- "The time got from the server is {{ctime}}\r\n"`,
		`+ "The time from the server is Sun Nov 22 02:20:38 2026\r\n"`,
		`  "\n"`,
	},
	Outputs: []Output{
		{From: "run client -host 127.0.0.1 -port $PORT", Stream: "stdout", Text: "The time from the server is Sun Nov 22 02:20:38 2026 <&>\n\n> not a command, but output"},
		{From: "server (so far)", Stream: "stdout"},
		{From: "server (so far)", Stream: "stderr", Text: "Listening on 127.0.0.1:27151"},
	},
}

// goTestOutput frames a script's log as go test -json reports it: with
// -v, the environment first, and every line after the first indented.
func goTestOutput(log string) string {
	log = "WORK=$WORK\nPATH=/usr/bin:/bin\nPORT=27151\n\n" + log
	return "=== RUN   TestLesson/time\n=== PAUSE TestLesson/time\n=== CONT  TestLesson/time\n" +
		"    testscript.go:584: " + strings.ReplaceAll(strings.TrimSuffix(log, "\n"), "\n", "\n        ") +
		"\n--- FAIL: TestLesson/time (0.02s)\n"
}

// timeLog is the log for people of timeFailure, as the grader writes it.
const timeLog = `# One client asks the time server for the time.
# Step 1: the server listens, then says so on standard error (HINTS.md,
# hints 1 and 2). (0.003s)
# Step 2: the client connects, reads the time and prints it (hints 5 and 6). (0.009s)
> run client -host 127.0.0.1 -port $PORT
[stdout]
The time from the server is Sun Nov 22 02:20:38 2026 <&>

> not a command, but output

> transcript stdout client.txt
FAIL: /home/ada/tcpworkshop/testdata/01-time-server/time.txtar:10: the program's standard output does not match the lesson's transcript client.txt.
Lines the lesson expects are marked -, lines the program printed are marked +.
Placeholders stand for what changes from run to run:
{{ctime}} stands for a time in C's ctime() format: Wed Jan 29 19:14:15 2014.
  - "The time got from the server is {{ctime}}\r\n"
  + "The time from the server is Sun Nov 22 02:20:38 2026\r\n"
    "\n"
`

func TestFailureRoundTrip(t *testing.T) {
	line := FailureLine(timeFailure)
	if !strings.HasPrefix(line, FailureMarker) || !strings.HasSuffix(line, "}\n") || strings.Count(line, "\n") != 1 {
		t.Fatalf("not one line that starts with the marker: %q", line)
	}
	if !strings.Contains(line, "<&>") {
		t.Errorf("the line escapes <, & or >, which makes it hard to read: %s", line)
	}
	if got := ReadFailure("time.txtar", goTestOutput(timeLog+line)); !reflect.DeepEqual(got, timeFailure) {
		t.Errorf("read from go test's output:\n got %+v\nwant %+v", got, timeFailure)
	}
	if got := ParseScriptLog("/home/ada/tcpworkshop", "time.txtar", timeLog+line); !reflect.DeepEqual(got, timeFailure) {
		t.Errorf("read from a recorded log:\n got %+v\nwant %+v", got, timeFailure)
	}
	if got := timeFailure.Program(); got != "client" {
		t.Errorf("program = %q, want client", got)
	}
}

// TestFailureNotFromWords checks that the failure comes from the grader's
// line alone: the log's sentences may change, or mimic the grader's, and
// a program may print a line like the grader's, without changing what
// the tools read.
func TestFailureNotFromWords(t *testing.T) {
	line := FailureLine(timeFailure)
	reworded := strings.NewReplacer(
		"# Step 2: the client connects", "# Stage two: the client connects",
		"(hints 5 and 6)", "(hint 9)",
		"FAIL: /home/ada/tcpworkshop/testdata/01-time-server/time.txtar:10: the program's", "FAIL: other.txtar:99: your program's",
		"Lines the lesson expects", "What the lesson wants",
	).Replace(timeLog)
	if reworded == timeLog {
		t.Fatal("the rewording changed nothing")
	}
	forged := FailureMarker + `{"script":"forged.txtar","step":7,"hints":[1],"message":"all is well"}` + "\n"
	logs := map[string]string{
		"as written":                  timeLog + line,
		"reworded":                    reworded + line,
		"a program prints the marker": strings.Replace(timeLog, "> not a command", forged+"> not a command", 1) + line,
	}
	for name, log := range logs {
		f := ReadFailure("time.txtar", goTestOutput(log))
		if f.Script != "time.txtar" || f.Step != 2 || !reflect.DeepEqual(f.Hints, []int{5, 6}) ||
			f.Command != "transcript stdout client.txt" || f.Message != timeFailure.Message {
			t.Errorf("%s: script %q, step %d, hints %v, command %q, message %q", name, f.Script, f.Step, f.Hints, f.Command, f.Message)
		}
	}
}

func TestFailureLineBounded(t *testing.T) {
	big := *timeFailure
	big.Diff = slices.Clone(big.Diff)
	big.Outputs = nil
	for i := range 3 {
		big.Outputs = append(big.Outputs, Output{From: "server (so far)", Stream: "stderr",
			Text: fmt.Sprintf("first line %d\n", i) + strings.Repeat("é and \x00 and more\n", 4000) + "last line"})
	}
	for range 2000 {
		big.Diff = append(big.Diff, `+ "`+strings.Repeat("x", 100)+`\n"`)
	}
	big.Message = strings.Repeat("a long message ", 5000)
	line := FailureLine(&big)
	if len(line) > MaxFailureLine {
		t.Fatalf("the line has %d bytes, more than %d", len(line), MaxFailureLine)
	}
	f := ReadFailure("time.txtar", goTestOutput(timeLog+line))
	if f.Script != "time.txtar" || f.Step != 2 || !reflect.DeepEqual(f.Hints, []int{5, 6}) || len(f.Outputs) != 3 {
		t.Fatalf("shortened, the failure lost what it is about: %+v", f)
	}
	for i, o := range f.Outputs {
		if !strings.HasPrefix(o.Text, fmt.Sprintf("first line %d\n", i)) || !strings.HasSuffix(o.Text, "last line") ||
			!strings.Contains(o.Text, "bytes left out ...]") || !utf8.ValidString(o.Text) {
			t.Errorf("output %d keeps neither its start, its end nor a note of what was left out: %.200q", i, o.Text)
		}
	}
	many := *timeFailure
	many.Outputs = nil
	for i := range 5000 {
		many.Outputs = append(many.Outputs, Output{From: fmt.Sprintf("command %d", i), Stream: "stdout", Text: "a line"})
	}
	if line := FailureLine(&many); len(line) > MaxFailureLine {
		t.Errorf("with %d outputs, the line has %d bytes", len(many.Outputs), len(line))
	} else if f := ReadFailure("time.txtar", goTestOutput(line)); f.Step != 2 || f.Message != timeFailure.Message {
		t.Errorf("with %d outputs, the failure lost what it is about: %+v", len(many.Outputs), f)
	}
	if big.Outputs[0].Text == f.Outputs[0].Text || len(big.Diff) != len(timeFailure.Diff)+2000 {
		t.Error("FailureLine changed the failure it was given")
	}
}

// TestFallbackFailure reads the log of a script that ended without the
// grader's line: here a command panicked, and only the log is left.
func TestFallbackFailure(t *testing.T) {
	log := "# One client asks the time server for the time.\n# Step 2: the client connects (hints 5 and 6).\n> run client -port $PORT\n"
	f := ReadFailure("time.txtar", goTestOutput(log))
	want := &Failure{Script: "time.txtar", Message: strings.TrimSuffix(log, "\n")}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("got  %+v\nwant %+v", f, want)
	}
	if f := ReadFailure("time.txtar", "=== RUN   TestLesson/time\n"); f.Message == "" || f.Step != 0 {
		t.Errorf("a script with no log at all: %+v", f)
	}
}

func TestHintRefs(t *testing.T) {
	for text, want := range map[string][]int{
		"Step 1: no server (HINTS.md, hint 5).":            {5},
		"Step 2: the client (hints 5 and 6).":              {5, 6},
		"Step 1: listens (HINTS.md, hints 1, 2 and 3).":    {1, 2, 3},
		"Step 4: (HINTS.md,\nhint 4) and more (hint 7).":   {4, 7},
		"Step 2: bad flags are refused with exit status 2": nil,
		"Step 3: (see hint)":                               nil,
	} {
		if got := model.HintRefs(strings.ReplaceAll(text, "\n", " ")); !reflect.DeepEqual(got, want) {
			t.Errorf("HintRefs(%q) = %v; want %v", text, got, want)
		}
	}
}

func TestSortFailures(t *testing.T) {
	l := &model.Lesson{ScriptOrder: []string{"time.txtar", "several.txtar", "wire.txtar", "errors.txtar", "hostile.txtar"}}
	for i, prog := range []string{"server", "server", "server", "server", "client", "client"} {
		l.Steps = append(l.Steps, model.Step{Number: i + 1, Files: []string{prog + "/main.go"}})
	}
	order := func(fails ...*Failure) string {
		sortFailures(fails, l)
		var got []string
		for _, f := range fails {
			got = append(got, f.Script)
		}
		return strings.Join(got, " ")
	}
	clientWrong := []string{"run client -host 127.0.0.1 -port $PORT", "transcript stdout client.txt"}
	serverWrong := []string{"dial 127.0.0.1:$PORT readall", "transcript stdout wire.txt"}
	reset := "dial 127.0.0.1:5: readall: read tcp 127.0.0.1:6->127.0.0.1:5: read: connection reset by peer"
	for _, c := range []struct {
		name  string
		fails []*Failure
		want  string
	}{
		{"the teaching order of the scripts, hostile.txtar last, whatever their hints",
			[]*Failure{
				{Script: "hostile.txtar", Hints: []int{1, 2}, Commands: []string{"waitfor server stderr '^Listening on '"}},
				{Script: "errors.txtar", Commands: []string{"shutdown server"}},
				{Script: "time.txtar", Hints: []int{5, 6}, Commands: clientWrong},
			},
			"time.txtar errors.txtar hostile.txtar"},
		{"a raw error of closing the connection is no explanation either",
			[]*Failure{
				{Script: "time.txtar", Hints: []int{5, 6}, Commands: clientWrong},
				{Script: "hostile.txtar", Hints: []int{3, 4}, Commands: []string{"dial 127.0.0.1:$PORT trickle x closewrite"},
					Message: "dial 127.0.0.1:5: closewrite: close tcp 127.0.0.1:6->127.0.0.1:5: shutdown: transport endpoint is not connected"},
			},
			"time.txtar hostile.txtar"},
		{"an explanation before a raw network error",
			[]*Failure{
				{Script: "time.txtar", Hints: []int{3}, Commands: []string{"dial 127.0.0.1:$PORT readall"}, Message: reset},
				{Script: "several.txtar", Hints: []int{3}, Commands: []string{"shutdown server"}, Message: "server had already ended (exit status 0) before the script stopped it"},
			},
			"several.txtar time.txtar"},
		{"the server's wrong bytes before the client that printed them",
			[]*Failure{
				{Script: "time.txtar", Hints: []int{5, 6}, Commands: clientWrong},
				{Script: "hostile.txtar", Hints: []int{3, 4}, Commands: serverWrong},
				{Script: "wire.txtar", Hints: []int{4}, Commands: serverWrong},
			},
			"wire.txtar hostile.txtar time.txtar"},
		{"a client facing a scripted server is not the server's relay",
			[]*Failure{
				{Script: "wire.txtar", Hints: []int{4}, Commands: serverWrong},
				{Script: "time.txtar", Hints: []int{6}, Commands: []string{"listen fake 127.0.0.1:$FAKE send hi", "run client -port $FAKE"}},
			},
			"time.txtar wire.txtar"},
		{"a raw error of the server does not show it sent wrong bytes",
			[]*Failure{
				{Script: "wire.txtar", Hints: []int{4}, Commands: serverWrong, Message: reset},
				{Script: "time.txtar", Hints: []int{5, 6}, Commands: clientWrong},
			},
			"time.txtar wire.txtar"},
		{"scripts the order leaves out: by hint, a step about another program after",
			[]*Failure{
				{Script: "b.txtar", Hints: []int{3}, Commands: clientWrong},
				{Script: "c.txtar"},
				{Script: "d.txtar", Hints: []int{6}, Commands: []string{"listen fake 127.0.0.1:$FAKE close"}},
				{Script: "a.txtar", Hints: []int{5, 6}, Commands: []string{"! run client"}},
			},
			"a.txtar d.txtar b.txtar c.txtar"},
	} {
		if got := order(c.fails...); got != c.want {
			t.Errorf("%s: order %s; want %s", c.name, got, c.want)
		}
	}
}

func TestProgram(t *testing.T) {
	for _, c := range []struct {
		commands []string
		want     string
	}{
		{[]string{"run client -port $PORT", "stdout '^The server said'"}, "client"},
		{[]string{"run -status 1 short-client -port $PORT", "oneline stderr"}, "short-client"},
		{[]string{"start first server -port $PORT 127.0.0.1", "waitfor first stderr '^starting up on '"}, "server"},
		{[]string{"start server short-server -port $PORT"}, "short-server"},
		{[]string{"start -pipe bob client -port $PORT", "write bob 'hi\\n'", "waitfor bob stdout hi"}, "client"},
		{[]string{"connect watcher 127.0.0.1:$PORT readline", "waitfor watcher stdout 'joined'"}, "server"},
		{[]string{"listen fake 127.0.0.1:$FAKE close", "! run client -port $FAKE"}, "client"},
		{[]string{"dial 127.0.0.1:$PORT readall", "transcript stdout wire.txt"}, "server"},
		{[]string{"shutdown server", "! stderr 'panic|goroutine '"}, "server"},
		{[]string{"waitlines bob stdout 3"}, ""},
		{[]string{"dial 127.0.0.1:$PORT send 'GET x\\n' readline", "closein alice", "await alice"}, ""},
	} {
		if got := (&Failure{Commands: c.commands}).Program(); got != c.want {
			t.Errorf("Program of %q = %q; want %q", c.commands, got, c.want)
		}
	}
}

func TestStepsAtFault(t *testing.T) {
	files := map[int][]string{3: {"server/main.go"}, 4: {"server/main.go"}, 5: {"client/main.go"}, 6: {"client/main.go"}}
	for _, c := range []struct {
		hints    []int
		commands []string
		want     []int
	}{
		{[]int{3, 5}, []string{"run client", "transcript stdout client.txt"}, []int{5}},
		{[]int{3, 4, 6}, []string{"dial 127.0.0.1:$PORT readall"}, []int{3, 4}},
		{[]int{5}, []string{"shutdown server"}, []int{5}},
		{[]int{3, 5}, nil, []int{3, 5}},
	} {
		if got := (&Failure{Hints: c.hints, Commands: c.commands}).StepsAtFault(files); !reflect.DeepEqual(got, c.want) {
			t.Errorf("steps at fault of hints %v, commands %q: %v; want %v", c.hints, c.commands, got, c.want)
		}
	}
}

func TestCompilerErrors(t *testing.T) {
	msg := "your server of lesson 01-time-server does not compile (go build: exit status 1):\n# example.com/x\nserver/main.go:42:17: undefined: thing\nclient/main.go:3:1: syntax error"
	got := PointCompilerErrors(msg, "01-time-server")
	for _, want := range []string{"\nlessons/01-time-server/server/main.go:42:17: undefined", "\nlessons/01-time-server/client/main.go:3:1: syntax"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q does not contain %q", got, want)
		}
	}
}

func TestLogLines(t *testing.T) {
	out := "=== RUN   TestLesson\n    grader.go:73: cannot read lesson 01: open x: no such file\n        second line\n--- FAIL: TestLesson (0.00s)\n"
	if got := strings.Join(logLines(out), "|"); got != "cannot read lesson 01: open x: no such file|second line" {
		t.Errorf("logLines = %q", got)
	}
}

func TestFailureSummary(t *testing.T) {
	f := &Failure{Script: "wire.txtar", Step: 3, StepText: "Step 3: the server loops (hint 3).",
		Command: "transcript stdout client.txt", Location: "testdata/01-time-server/wire.txtar:24",
		Message: "\nthe program's standard output does not match the lesson's transcript client.txt.\nmore"}
	if got, want := f.Where(), "wire.txtar:24, step 3"; got != want {
		t.Errorf("where = %q; want %q", got, want)
	}
	if got, want := f.Summary(), "the program's standard output does not match the lesson's transcript client.txt."; got != want {
		t.Errorf("summary = %q; want %q", got, want)
	}
	f = &Failure{Script: "x.txtar", StepText: "the step", Command: "run client"}
	if got, want := f.Where()+" "+f.Summary(), "x.txtar > run client"; got != want {
		t.Errorf("without a message or a location: %q; want %q", got, want)
	}
	f.Command = ""
	if got := f.Summary(); got != "the step" {
		t.Errorf("with the step only: %q", got)
	}
}
