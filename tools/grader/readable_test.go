package grader

import (
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
		"FAIL: errors.txtar:7: the program printed something on standard output (shown above), where the lesson expects nothing at all",
		"FAIL: errors.txtar:9: the program's standard error (shown above) holds \"xy\", which the lesson says must not be there (it looks for text that matches `^x`)",
		"FAIL: wire.txtar:3: the program's standard output (shown above) lacks what the lesson expects there: text that matches `^a\\x00'`",
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
