package grader

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// A script's log is what a learner reads when a lesson fails. testscript
// writes some of it in its own terms: "unexpected match for `.` found in
// stdout: F" from its stdout and stderr commands, and "> [!linux] skip"
// for lines whose condition did not apply. readableLog rewrites those
// parts as sentences about the programs, and the grader's tests make sure
// no script syntax is left (see TestMutants).

var (
	unexpectedMatchRE = regexp.MustCompile("(?m)^(FAIL: \\S+:\\d+: )unexpected match for (`[^`]*`|\"(?:[^\"\\\\]|\\\\.)*\") found in (stdout|stderr): (.*)$")
	noMatchRE         = regexp.MustCompile("(?m)^(FAIL: \\S+:\\d+: )no match for (`[^`]*`|\"(?:[^\"\\\\]|\\\\.)*\") found in (stdout|stderr)$")
	conditionLineRE   = regexp.MustCompile(`(?m)^> \[[^\]]*\].*\n`)
)

// readableLog rewrites a script's log for people (see above).
func readableLog(log string) string {
	log = conditionLineRE.ReplaceAllString(log, "")
	log = unexpectedMatchRE.ReplaceAllStringFunc(log, func(line string) string {
		m := unexpectedMatchRE.FindStringSubmatch(line)
		pattern, stream := plainPattern(m[2]), streamName(m[3])
		if pattern == "`.`" {
			return m[1] + "the program printed something on " + stream +
				" (shown above), where the lesson expects nothing at all"
		}
		return m[1] + "the program's " + stream + " (shown above) holds " + strconv.Quote(m[4]) +
			", which the lesson says must not be there (it looks for text that matches " + pattern + ")"
	})
	log = noMatchRE.ReplaceAllStringFunc(log, func(line string) string {
		m := noMatchRE.FindStringSubmatch(line)
		return m[1] + "the program's " + streamName(m[3]) + " (shown above) lacks what the lesson expects there: " +
			"text that matches " + plainPattern(m[2])
	})
	return log
}

// plainPattern shows a pattern as testscript quoted it, in backquotes
// and without doubled backslashes.
func plainPattern(quoted string) string {
	if strings.HasPrefix(quoted, `"`) {
		if s, err := strconv.Unquote(quoted); err == nil {
			return "`" + strings.ReplaceAll(s, "`", "'") + "`"
		}
	}
	return quoted
}

// readableT gives testscript a T whose log is rewritten by readableLog,
// and each script of the folder dir a scriptT.
type readableT struct {
	testscript.T
	dir string
}

func (r readableT) Log(args ...any) {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = readableLog(s)
		}
	}
	r.T.Log(args...)
}

func (r readableT) Run(name string, f func(testscript.T)) {
	r.T.Run(name, func(t testscript.T) {
		f(&scriptT{T: t, file: filepath.Join(r.dir, name+".txtar"), failure: &failureNotes{}})
	})
}

// testingT is testscript's T for a *testing.T, which testscript keeps to
// itself.
type testingT struct{ *testing.T }

func (t testingT) Run(name string, f func(testscript.T)) {
	t.T.Run(name, func(t *testing.T) { f(testingT{t}) })
}

func (t testingT) Verbose() bool { return testing.Verbose() }
