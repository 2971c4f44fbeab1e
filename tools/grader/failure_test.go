package grader

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"example.com/tcpworkshop/internal/results"
)

// TestFailureData runs scripts that fail (testdata/failure) against
// lesson 01's reference programs and checks the failure that the grader
// builds for the tools: from the script file, the failing command's
// parts and testscript's framing, never from the log's sentences. With
// results.FailureJSONEnv set, the log ends with the failure's line; the
// log for people is the same either way.
func TestFailureData(t *testing.T) {
	root := RepoRoot(t)
	l, bin := referenceOf01(t, root)
	for _, withJSON := range []bool{true, false} {
		env := ""
		if withJSON {
			env = "1"
		}
		t.Setenv(results.FailureJSONEnv, env)
		p := Params(l, bin)
		p.Dir = filepath.Join("testdata", "failure")
		rec := &Recorder{}
		Run(rec, p)
		if len(rec.Scripts) != 3 {
			t.Fatalf("%d scripts ran, not 3:\n%s", len(rec.Scripts), rec.Logs())
		}
		for _, s := range rec.Scripts {
			log := s.Logs()
			if !s.Failed || s.Failure == nil {
				t.Fatalf("%s: failed %v, with the failure %+v:\n%s", s.Name, s.Failed, s.Failure, log)
			}
			human, line, found := strings.Cut(log, results.FailureMarker)
			if found != withJSON {
				t.Errorf("%s: with %s=%q, the log has the failure line: %v\n%s", s.Name, results.FailureJSONEnv, env, found, log)
			}
			if found {
				if strings.Contains(strings.TrimSpace(line), "\n") {
					t.Errorf("%s: the failure line is not the log's last line:\n%s", s.Name, log)
				}
				if got := results.ParseScriptLog(root, s.Name+".txtar", log); !reflect.DeepEqual(got, s.Failure) {
					t.Errorf("%s: the tools read\n%+v\nfrom the log, but the grader built\n%+v", s.Name, got, s.Failure)
				}
			}
			if syntax := scriptSyntaxRE.FindString(human); syntax != "" {
				t.Errorf("%s: the log for people shows %q:\n%s", s.Name, syntax, human)
			}
			checkFailure(t, s.Name, s.Failure, human)
		}
	}
}

// checkFailure checks the failure that a script of testdata/failure gives.
func checkFailure(t *testing.T, name string, f *results.Failure, log string) {
	t.Helper()
	want := map[string]*results.Failure{
		"transcript": {
			Script:      "transcript.txtar",
			Description: "A transcript that differs, after a program that printed.",
			Step:        2,
			StepText:    "Step 2: the client prints the time, which the transcript does not expect (hints 5 and 6).",
			Hints:       []int{5, 6},
			Commands:    []string{"run client -host 127.0.0.1 -port $PORT", "transcript stdout want.txt"},
			Command:     "transcript stdout want.txt",
			Location:    "testdata/failure/transcript.txtar:8",
			Message:     "the standard output of your client does not match the lesson's transcript want.txt.",
		},
		"wait": {
			Script:      "wait.txtar",
			Description: "A wait for a line that never comes.",
			Step:        3,
			StepText:    "Step 3: the client never prints this (hint 2).",
			Hints:       []int{2},
			Commands: []string{"start server server -host 127.0.0.1 -port $PORT", "waitfor server stderr '^Listening on '",
				"start client client -host 127.0.0.1 -port $PORT", "waitfor client stdout 'never printed'"},
			Command:  "waitfor client stdout 'never printed'",
			Location: "testdata/failure/wait.txtar:7",
		},
		"builtin": {
			Script:      "builtin.txtar",
			Description: "A check of testscript's own.",
			Step:        1,
			StepText:    "Step 1: the server listens (hint 1). The client must print nothing, which it does not.",
			Hints:       []int{1},
			Commands:    []string{"run client -host 127.0.0.1 -port $PORT", "! stdout ."},
			Command:     "! stdout .",
			Location:    "testdata/failure/builtin.txtar:7",
			Message:     "your client printed something on standard output, where the lesson expects nothing at all",
		},
	}[name]
	if want == nil {
		t.Fatalf("no failure is expected of %s", name)
	}
	// What the programs printed and the wait's words vary: checked below.
	got := *f
	got.Diff, got.Outputs = nil, nil
	if name == "wait" {
		got.Message = ""
	}
	if !reflect.DeepEqual(&got, want) {
		t.Errorf("%s: the failure is\n%+v\nwant\n%+v", name, &got, want)
	}
	if !strings.Contains(log, f.Message) {
		t.Errorf("%s: the message %q is not the log's:\n%s", name, f.Message, log)
	}
	outputs := func() []string {
		var s []string
		for _, o := range f.Outputs {
			first, _, _ := strings.Cut(o.Text, " ")
			s = append(s, o.From+" "+o.Stream+" "+first)
		}
		return s
	}
	switch name {
	case "transcript":
		if len(f.Diff) < 2 || f.Diff[0] != `- "Not the time\n"` || !strings.HasPrefix(f.Diff[1], `+ "The time`) {
			t.Errorf("transcript: the diff is %q", f.Diff)
		}
		if got, want := outputs(), []string{"run client -host 127.0.0.1 -port $PORT stdout The"}; !reflect.DeepEqual(got, want) {
			t.Errorf("transcript: the outputs are %q, want %q", got, want)
		}
	case "wait":
		if f.Message == "" || strings.Contains(f.Message, "printed so far") || strings.Contains(f.Message, "The time") {
			t.Errorf("wait: the message holds more than the grader's words: %q", f.Message)
		}
		if got, want := outputs(), []string{"client (so far) stdout The", "client (so far) stderr "}; !reflect.DeepEqual(got, want) {
			t.Errorf("wait: the outputs are %q, want %q", got, want)
		}
	case "builtin":
		if got, want := outputs(), []string{"run client -host 127.0.0.1 -port $PORT stdout The"}; !reflect.DeepEqual(got, want) {
			t.Errorf("builtin: the outputs are %q, want %q", got, want)
		}
	}
}

// TestFailureNotFromWords checks that the grader takes a failure's step,
// hints and command from the script file and the failing line, whatever
// the log's sentences say.
func TestFailureNotFromWords(t *testing.T) {
	s := &scriptT{file: filepath.Join("testdata", "failure", "transcript.txtar"), failure: &failureNotes{}}
	raw := "# A transcript that differs, after a program that printed.\n" +
		"# Step 1: the server listens (HINTS.md, hint 1). (0.010s)\n" +
		"# Step 2: the client prints the time, which the\n# transcript does not expect (hints 5 and 6). (0.020s)\n" +
		"> run client -host 127.0.0.1 -port $PORT\n[stdout]\nThe time\n\n> transcript stdout want.txt\n" +
		"FAIL: " + s.file + ":8: WORDS\n"
	var first *results.Failure
	for _, words := range []string{
		"the standard output of your client does not match the lesson's transcript want.txt.",
		"# Step 9: (hint 1)\nFAIL: other.txtar:1: anything else, in other words (hints 7 and 8)",
	} {
		log := strings.Replace(raw, "WORDS", words, 1)
		f := s.build(log, log)
		if f.Message != words {
			t.Errorf("the message of testscript's own command is %q, want %q", f.Message, words)
		}
		f.Message = ""
		if first == nil {
			first = f
		} else if !reflect.DeepEqual(f, first) {
			t.Errorf("other words, another failure:\n%+v\n%+v", f, first)
		}
	}
	if first.Step != 2 || !reflect.DeepEqual(first.Hints, []int{5, 6}) || first.Command != "transcript stdout want.txt" ||
		len(first.Outputs) != 1 || first.Outputs[0].Text != "The time" {
		t.Errorf("the failure is %+v", first)
	}
	s.failure.set, s.failure.message = true, "noted by the command"
	if f := s.build(raw, raw); f.Message != "noted by the command" || f.Step != 2 {
		t.Errorf("with notes, the failure is %+v", f)
	}
}
