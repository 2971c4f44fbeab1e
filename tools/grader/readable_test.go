package grader

import (
	"regexp"
	"strings"
	"testing"
)

func TestReadableLog(t *testing.T) {
	log := "> [!linux] skip 'only on Linux'\n" +
		"> ! stdout .\n" +
		"FAIL: errors.txtar:7: unexpected match for `.` found in stdout: c\n" +
		"FAIL: errors.txtar:9: unexpected match for `^x` found in stderr: xy\n" +
		"FAIL: wire.txtar:3: no match for \"^a\\\\x00`\" found in stdout\n"
	got := readableLog(log)
	for _, want := range []string{
		"FAIL: errors.txtar:7: the program printed something on standard output, where the lesson expects nothing at all",
		"FAIL: errors.txtar:9: the standard error of the program holds \"xy\", which the lesson says must not be there (it looks for text that matches `^x`)",
		"FAIL: wire.txtar:3: the standard output of the program lacks what the lesson expects there: text that matches `^a\\x00'`",
		"> ! stdout .",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the readable log lacks %q:\n%s", want, got)
		}
	}
	if syntax := scriptSyntaxRE.FindString(got); syntax != "" {
		t.Errorf("the readable log still shows %q:\n%s", syntax, got)
	}
}

// TestReadableLogOwner checks that a failing check names whose output it
// looked at, and says so when that output was empty rather than pointing
// at an output that is not there.
func TestReadableLogOwner(t *testing.T) {
	log := "> dial 127.0.0.1:1 send 'x' readall\n" +
		"> stdout '^OK$'\n" +
		"FAIL: store.txtar:4: no match for `^OK$` found in stdout\n"
	got := readableLogOf(log, "the grader's scripted client (dial)")
	want := "FAIL: store.txtar:4: the standard output of the grader's scripted client (dial) (empty: it printed nothing there) lacks what the lesson expects there: text that matches `^OK$`"
	if !strings.Contains(got, want) {
		t.Errorf("the readable log lacks %q:\n%s", want, got)
	}
	log = "> run client\n[stdout]\nKO\n> stdout '^OK$'\n" +
		"FAIL: store.txtar:4: no match for `^OK$` found in stdout\n"
	got = readableLogOf(log, "your client")
	want = "FAIL: store.txtar:4: the standard output of your client lacks"
	if !strings.Contains(got, want) {
		t.Errorf("the readable log lacks %q:\n%s", want, got)
	}
}

// TestDescribeLine checks that a wait for a plain line says the line in
// words, and shows a pattern only where the line is not plain text.
func TestDescribeLine(t *testing.T) {
	for re, want := range map[string]string{
		`^hello$`:                               `the line "hello"`,
		`(?m)^Listening on `:                    `a line starting with "Listening on "`,
		`^\* bob has left$`:                     `the line "* bob has left"`,
		`^readflood: 2000 of 4000 flood lines$`: `the line "readflood: 2000 of 4000 flood lines"`,
		`^closed \S+ after echoing`:             "a line matching `^closed \\S+ after echoing`",
		`(?i)^hello$`:                           "a line matching `(?i)^hello$`",
		`hello`:                                 "a line matching `hello`",
	} {
		if got := describeLine(regexp.MustCompile(re)); got != want {
			t.Errorf("describeLine(%s) = %s; want %s", re, got, want)
		}
	}
}
