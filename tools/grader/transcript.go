package grader

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/testscript"
)

// A transcript is the output a program must print, line by line, as in the
// lesson's README. Text is literal except for the placeholders of the
// table placeholderDocs, which stand for values that change from run to
// run, and ${VAR}, the script's variable VAR, such as ${PORT}.
type placeholderDoc struct {
	name    string
	pattern string
	doc     string
}

var placeholderDocs = []placeholderDoc{
	{"addr", addrPattern, "an address as Go prints it: 127.0.0.1:54597 or [::1]:54597"},
	{"peer", addrPattern, "the address of the other side of the connection, as Go prints it; its port is never the server's own, so a server that prints its own address (LocalAddr) where the client's belongs (RemoteAddr) does not match"},
	{"port", `\d{1,5}`, "a port number"},
	{"host", `\S+`, "a host name or address, without spaces"},
	{"ctime", `(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 123]\d \d\d:\d\d:\d\d \d{4}`, "a time in C's ctime() format: Wed Jan 29 19:14:15 2014"},
	{"cr", `\r`, `a carriage return, the byte \r`},
	{"any", `.*`, "anything, up to the end of the line"},
}

// addrPattern matches an address as net.Addr.String() gives it.
const addrPattern = `(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.%]+\]):\d{1,5}`

// peerCheck, for {{peer}}, refuses the address whose port is the script's
// ${PORT}, the server's own. Without a ${PORT} (a README's transcript),
// any address passes.
func peerCheck(lookup func(string) (string, bool)) func(string) bool {
	return func(addr string) bool {
		port, ok := "", false
		if lookup != nil {
			port, ok = lookup("PORT")
		}
		return !ok || port == "" || !strings.HasSuffix(addr, ":"+port)
	}
}

// placeholders maps a placeholder's name to its pattern.
var placeholders = func() map[string]string {
	m := map[string]string{}
	for _, p := range placeholderDocs {
		m[p.name] = p.pattern
	}
	return m
}()

var placeholderRE = regexp.MustCompile(`\{\{([a-z]+)\}\}|\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// wantLine is one expected line: its text as written, with script
// variables filled in, and the pattern that an actual line must match.
type wantLine struct {
	text    string
	pattern *regexp.Regexp
	newline bool
	parts   []linePart // text and placeholders, in order
	// checks are the parts with a check, each matched by a group of
	// pattern, in order.
	checks []linePart
}

// A linePart is a piece of an expected line: literal text, or a
// placeholder (or an unknown variable) with the pattern it stands for.
type linePart struct {
	text    string            // as written: "Got a connection from " or "{{addr}}"
	pattern *regexp.Regexp    // nil for literal text; anchored at the start
	check   func(string) bool // when not nil, what the value must also pass
}

// shown is how a part reads in a diff when no actual value fills it:
// literal text as it is, a placeholder as written, except {{cr}}, which
// is shown as the carriage return it stands for.
func (p linePart) shown() string {
	if p.text == "{{cr}}" {
		return "\r"
	}
	return p.text
}

// parseTranscript turns an expected transcript into lines. lookup gives a
// script variable's value; when it reports false, the variable matches any
// word (the README check uses that: a README shows the default port where a
// script has its own).
func parseTranscript(want string, lookup func(string) (string, bool)) ([]wantLine, error) {
	var lines []wantLine
	for _, raw := range splitLines(normalizeText(want)) {
		line, newline := strings.CutSuffix(raw, "\n")
		var re, text strings.Builder
		var parts []linePart
		literal := func(s string) {
			re.WriteString(regexp.QuoteMeta(s))
			text.WriteString(s)
			if s != "" {
				parts = append(parts, linePart{text: s})
			}
		}
		var checks []linePart
		variable := func(written, pattern string, check func(string) bool) {
			part := linePart{text: written, pattern: regexp.MustCompile(`^(?:` + pattern + `)`), check: check}
			if check != nil {
				re.WriteString("(" + pattern + ")")
				checks = append(checks, part)
			} else {
				re.WriteString("(?:" + pattern + ")")
			}
			text.WriteString(written)
			parts = append(parts, part)
		}
		re.WriteString("^")
		last := 0
		for _, m := range placeholderRE.FindAllStringSubmatchIndex(line, -1) {
			literal(line[last:m[0]])
			last = m[1]
			if m[2] >= 0 { // {{name}}
				name := line[m[2]:m[3]]
				p, ok := placeholders[name]
				if !ok {
					return nil, fmt.Errorf("unknown placeholder {{%s}} in transcript line %q", name, line)
				}
				var check func(string) bool
				if name == "peer" {
					check = peerCheck(lookup)
				}
				variable(line[m[0]:m[1]], p, check)
				continue
			}
			name := line[m[4]:m[5]]
			if v, ok := lookup(name); ok {
				literal(v)
			} else {
				variable(line[m[0]:m[1]], `\S+`, nil)
			}
		}
		literal(line[last:])
		re.WriteString("$")
		pattern, err := regexp.Compile(re.String())
		if err != nil {
			return nil, err
		}
		lines = append(lines, wantLine{text: text.String(), pattern: pattern, newline: newline, parts: parts, checks: checks})
	}
	return lines, nil
}

func (w wantLine) matches(got string) bool {
	line, newline := strings.CutSuffix(got, "\n")
	if newline != w.newline {
		return false
	}
	m := w.pattern.FindStringSubmatch(line)
	if m == nil {
		return false
	}
	for i, part := range w.checks {
		if !part.check(m[i+1]) {
			return false
		}
	}
	return true
}

// shownAgainst is how the expected line reads in a diff beside got, an
// actual line that does not match it: from the start, every placeholder
// that got fills is shown with got's value, so that only the real
// difference differs. Once the two part ways, the rest is shown as
// written ({{cr}} as the carriage return it stands for).
func (w wantLine) shownAgainst(got string) string {
	line := strings.TrimSuffix(got, "\n")
	var b strings.Builder
	pos, together := 0, true
	for _, p := range w.parts {
		switch {
		case !together:
			b.WriteString(p.shown())
		case p.pattern == nil && strings.HasPrefix(line[pos:], p.text):
			b.WriteString(p.text)
			pos += len(p.text)
		case p.pattern != nil && p.pattern.MatchString(line[pos:]) &&
			(p.check == nil || p.check(p.pattern.FindString(line[pos:]))):
			n := p.pattern.FindStringIndex(line[pos:])[1]
			b.WriteString(line[pos : pos+n])
			pos += n
		default:
			together = false
			b.WriteString(p.shown())
		}
	}
	if w.newline {
		b.WriteString("\n")
	}
	return b.String()
}

// MatchTranscript compares a program's output with an expected transcript.
// It returns "" when they match, and otherwise a line diff in which "-"
// marks an expected line and "+" a line the program printed.
func MatchTranscript(want, got string, lookup func(string) (string, bool)) (string, error) {
	lines, err := parseTranscript(want, lookup)
	if err != nil {
		return "", err
	}
	gotLines := splitLines(got)
	if len(lines) == len(gotLines) {
		same := true
		for i, w := range lines {
			if !w.matches(gotLines[i]) {
				same = false
				break
			}
		}
		if same {
			return "", nil
		}
	}
	// Show every expected line that an output line matches as that output
	// line, so that the diff shows only the lines that really differ; an
	// expected line that none matches is shown filled in from the next
	// output line, as far as the two agree.
	shown := make([]string, len(lines))
	next := 0
	for i, w := range lines {
		shown[i] = ""
		for j := next; j < len(gotLines); j++ {
			if w.matches(gotLines[j]) {
				shown[i] = gotLines[j]
				next = j + 1
				break
			}
		}
		if shown[i] == "" {
			candidate := ""
			if next < len(gotLines) {
				candidate = gotLines[next]
			}
			shown[i] = w.shownAgainst(candidate)
		}
	}
	if gotLines == nil {
		gotLines = []string{}
	}
	var r lineReporter
	cmp.Equal(shown, gotLines, cmp.Reporter(&r))
	return r.String(), nil
}

// lineReporter writes go-cmp's comparison of two slices of lines as a plain
// line diff: "  " for a line both have, "- " for an expected line and "+ "
// for an actual one. Each line is quoted, which shows spaces at its end,
// carriage returns and a missing final newline.
type lineReporter struct {
	path cmp.Path
	out  strings.Builder
}

func (r *lineReporter) PushStep(ps cmp.PathStep) { r.path = append(r.path, ps) }
func (r *lineReporter) PopStep()                 { r.path = r.path[:len(r.path)-1] }

func (r *lineReporter) Report(rs cmp.Result) {
	step, ok := r.path.Last().(cmp.SliceIndex)
	if !ok {
		return
	}
	x, y := step.Values()
	ix, iy := step.SplitKeys()
	switch {
	case rs.Equal():
		fmt.Fprintf(&r.out, "    %q\n", x.String())
	default:
		if ix >= 0 {
			fmt.Fprintf(&r.out, "  - %q\n", x.String())
		}
		if iy >= 0 {
			fmt.Fprintf(&r.out, "  + %q\n", y.String())
		}
	}
}

func (r *lineReporter) String() string { return r.out.String() }

// splitLines splits text into lines that keep their "\n", so that a
// missing final newline shows in a diff.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// normalizeText turns the CRLF line ends of a Windows checkout into LF.
// Expected carriage returns are written {{cr}}.
func normalizeText(s string) string {
	return strings.ReplaceAll(s, "\r\n", "\n")
}

func cmdTranscript(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 || !isStream(args[0]) {
		ts.Fatalf("usage: transcript stdout|stderr FILE")
	}
	got := ts.ReadFile(args[0])
	diff, err := MatchTranscript(ts.ReadFile(args[1]), got, func(name string) (string, bool) {
		return ts.Getenv(name), true
	})
	ts.Check(err)
	if diff != "" {
		fatal(ts, failure{
			message: fmt.Sprintf("the %s of %s does not match the lesson's transcript %s.", streamName(args[0]), outputOwner(ts), args[1]),
			legend:  placeholdersIn(diff),
			diff:    diff,
			early:   true,
		})
	}
}

// placeholdersIn explains the placeholders that a diff shows, each the
// first time a message names it.
func placeholdersIn(diff string) string {
	var b strings.Builder
	for _, p := range placeholderDocs {
		if strings.Contains(diff, "{{"+p.name+"}}") {
			fmt.Fprintf(&b, "\n{{%s}} stands for %s.", p.name, p.doc)
		}
	}
	if b.Len() > 0 {
		return "\nPlaceholders stand for what changes from run to run:" + b.String()
	}
	return ""
}

func streamName(s string) string {
	if s == "stdout" {
		return "standard output"
	}
	return "standard error"
}
