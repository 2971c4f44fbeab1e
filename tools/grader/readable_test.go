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
		"FAIL: wire.txtar:3: no match for \"^a\\\\x00`\" found in stdout\n" +
		"> stdout -count=8 '^BYE$'\n" +
		"FAIL: shared.txtar:37: have 7 matches for `^BYE$`, want 8\n" +
		"> stderr -count=1 '^short-server: '\n" +
		"FAIL: short-errors.txtar:38: have 0 matches for `^short-server: `, want 1\n"
	got := readableLog(log)
	for _, want := range []string{
		"FAIL: errors.txtar:7: the program printed something on standard output, where the lesson expects nothing at all",
		"FAIL: errors.txtar:9: the standard error of the program holds \"xy\", which the lesson says must not be there (it looks for text that matches `^x`)",
		"FAIL: wire.txtar:3: the standard output of the program lacks what the lesson expects there: text that matches `^a\\x00'`",
		"FAIL: shared.txtar:37: the standard output of the program has 7 places that match `^BYE$`, where the lesson expects 8",
		"FAIL: short-errors.txtar:38: the standard error of the program has no place that matches `^short-server: `, where the lesson expects 1",
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

// TestCrashLine checks that a program that Go's runtime stopped is named
// by the line that says why, and that a map used by goroutines at once is
// explained.
func TestCrashLine(t *testing.T) {
	for stderr, want := range map[string]string{
		"starting up\nfatal error: concurrent map writes\n\ngoroutine 7 [running]:\n":    "fatal error: concurrent map writes",
		"panic: runtime error: index out of range [3] with length 3\r\n\ngoroutine 1:\n": "panic: runtime error: index out of range [3] with length 3",
		"server: listen tcp: address already in use\n":                                   "",
		"the word panic: inside a line\n":                                                "",
	} {
		if got := crashLine(stderr); got != want {
			t.Errorf("crashLine(%q) = %q; want %q", stderr, got, want)
		}
	}
	if advice := crashAdvice("fatal error: concurrent map read and map write"); !strings.Contains(advice, "lock") {
		t.Errorf("a concurrent map crash is not explained: %q", advice)
	}
	if advice := crashAdvice("panic: boom"); advice != "" {
		t.Errorf("a plain panic gets advice: %q", advice)
	}
}
