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
	countRE           = regexp.MustCompile("(?m)^(FAIL: \\S+:\\d+: )have (\\d+) matches for (`[^`]*`|\"(?:[^\"\\\\]|\\\\.)*\"), want (\\d+)$")
	conditionLineRE   = regexp.MustCompile(`(?m)^> \[[^\]]*\].*\n`)
)

// readableLog rewrites a script's log for people (see above), when it is
// not known whose output the failing check looked at.
func readableLog(log string) string { return readableLogOf(log, "") }

// readableLogOf is readableLog for a log whose failing check looked at
// the output of owner ("your client", see task.owner; "" for "the
// program").
func readableLogOf(log, owner string) string {
	if owner == "" {
		owner = "the program"
	}
	log = conditionLineRE.ReplaceAllString(log, "")
	log = unexpectedMatchRE.ReplaceAllStringFunc(log, func(line string) string {
		m := unexpectedMatchRE.FindStringSubmatch(line)
		pattern, stream := plainPattern(m[2]), streamName(m[3])
		if pattern == "`.`" {
			return m[1] + owner + " printed something on " + stream +
				", where the lesson expects nothing at all"
		}
		return m[1] + "the " + stream + " of " + owner + " holds " + strconv.Quote(m[4]) +
			", which the lesson says must not be there (it looks for text that matches " + pattern + ")"
	})
	log = replaceAllIndex(noMatchRE, log, func(at int, m []string) string {
		shown := ""
		if !outputShown(log[:at], m[3]) {
			shown = " (empty: it printed nothing there)"
		}
		return m[1] + "the " + streamName(m[3]) + " of " + owner + shown + " lacks what the lesson expects there: " +
			"text that matches " + plainPattern(m[2])
	})
	log = replaceAllIndex(countRE, log, func(at int, m []string) string {
		return m[1] + "the " + streamName(checkedStream(log[:at])) + " of " + owner + " has " + placesThatMatch(m[2]) +
			" " + plainPattern(m[3]) + ", where the lesson expects " + m[4]
	})
	return log
}

// placesThatMatch says a count of matches in words: "no place that
// matches", "1 place that matches", "7 places that match".
func placesThatMatch(count string) string {
	switch count {
	case "0":
		return "no place that matches"
	case "1":
		return "1 place that matches"
	}
	return count + " places that match"
}

// checkedStream says which stream ("stdout" or "stderr") the last check
// before a failure looked at, from its command line in the log.
func checkedStream(before string) string {
	lines := strings.Split(before, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		cmd, ok := strings.CutPrefix(strings.TrimSpace(lines[i]), "> ")
		if !ok {
			continue
		}
		if verb := strings.Fields(strings.TrimPrefix(cmd, "! ")); len(verb) > 0 && verb[0] == "stderr" {
			return "stderr"
		}
		break
	}
	return "stdout"
}

// replaceAllIndex is Regexp.ReplaceAllStringFunc with the position of
// each match and its groups.
func replaceAllIndex(re *regexp.Regexp, s string, repl func(at int, groups []string) string) string {
	var b strings.Builder
	last := 0
	for _, loc := range re.FindAllStringSubmatchIndex(s, -1) {
		groups := make([]string, len(loc)/2)
		for i := range groups {
			if loc[2*i] >= 0 {
				groups[i] = s[loc[2*i]:loc[2*i+1]]
			}
		}
		b.WriteString(s[last:loc[0]])
		b.WriteString(repl(loc[0], groups))
		last = loc[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// outputShown reports whether the log before a failing check shows the
// stream ("stdout" or "stderr") that it looked at: testscript writes a
// "[stdout]" block after a command only when the command printed
// something there. It looks back to the last command that was not a check.
func outputShown(before, stream string) bool {
	lines := strings.Split(before, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		line := strings.TrimSpace(lines[i])
		if line == "["+stream+"]" {
			return true
		}
		if cmd, ok := strings.CutPrefix(line, "> "); ok {
			verb := strings.Fields(strings.TrimPrefix(cmd, "! "))
			if len(verb) > 0 && !checkVerbs[verb[0]] {
				return false
			}
		}
	}
	return true // the log is cut: say nothing new
}

// checkVerbs are the script commands that look at the output of the
// command before them rather than print their own.
var checkVerbs = map[string]bool{"stdout": true, "stderr": true, "cmp": true, "cmpenv": true, "transcript": true, "oneline": true}

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
// and each script of the folder dir a scriptT. It counts the scripts that
// run (see scriptStarts), and refuses to start one once the process is
// stopping.
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
		if !scriptStarts() {
			t.Fatal("the grader is stopping (interrupted, or out of time): this script did not run")
		}
		defer scriptEnds()
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
