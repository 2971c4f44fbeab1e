package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"example.com/tcpworkshop/tools/grader"
)

// A lesson is one folder lessons/NN-slug of the workshop.
type lesson struct {
	Slug   string // "01-time-server"
	Number int    // 1
	Name   string // "time-server"
	Title  string // from the README's first heading, such as "a time server"
}

// lessonFolderRE matches the name of a lesson's folder.
var lessonFolderRE = regexp.MustCompile(`^(\d\d)-([a-z0-9][a-z0-9-]*)$`)

// findLessons lists the lessons under root/lessons, in order. Lessons are
// found by their folders, so a lesson that is still being written shows
// up as soon as its folder exists.
func findLessons(root string) ([]*lesson, error) {
	entries, err := os.ReadDir(filepath.Join(root, "lessons"))
	if err != nil {
		return nil, err
	}
	var lessons []*lesson
	for _, e := range entries {
		m := lessonFolderRE.FindStringSubmatch(e.Name())
		if !e.IsDir() || m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		l := &lesson{Slug: e.Name(), Number: n, Name: m[2]}
		l.Title = readmeTitle(filepath.Join(root, "lessons", l.Slug, "README.md"))
		if l.Title == "" {
			l.Title = strings.ReplaceAll(l.Name, "-", " ")
		}
		lessons = append(lessons, l)
	}
	sort.Slice(lessons, func(i, j int) bool { return lessons[i].Slug < lessons[j].Slug })
	return lessons, nil
}

// lessonPrefixRE is the "Lesson 01: " that starts a README's heading.
var lessonPrefixRE = regexp.MustCompile(`^(?i:lesson)\s+\d+\s*[:.-]\s*`)

// readmeTitle returns the text of a README's first heading without its
// "Lesson NN:" prefix, or "" when the README cannot be read.
func readmeTitle(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return titleOf(data)
}

func titleOf(readme []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(readme))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if title, ok := strings.CutPrefix(line, "# "); ok {
			return lessonPrefixRE.ReplaceAllString(strings.TrimSpace(title), "")
		}
	}
	return ""
}

// learnSummary sums up the README's "What you will learn" section in a few
// short items, as plain text: the bold lead-ins of its paragraphs or
// bullets ("**Read takes what is there.** ..."), or else its sub-headings,
// or else the first sentence of its first paragraph (of each item, when
// that paragraph is a list). It returns nil when the README has no such
// section.
func learnSummary(readme []byte) []string {
	const most = 4
	var (
		in, code  bool
		found     bool
		leadIns   []string
		headings  []string
		first     []string // the first paragraph, one entry per list item
		firstDone bool
		prevBlank = true
	)
	sc := bufio.NewScanner(bytes.NewReader(readme))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "```") {
			code = !code
			continue
		}
		if code {
			continue
		}
		if strings.HasPrefix(line, "## ") {
			if in {
				break
			}
			in = strings.Contains(strings.ToLower(line), "what you will learn")
			found = found || in
			continue
		}
		if !in {
			continue
		}
		if heading, ok := strings.CutPrefix(line, "### "); ok {
			headings = append(headings, plainMarkdown(strings.TrimSpace(heading)))
			firstDone = firstDone || len(first) > 0
			prevBlank = true
			continue
		}
		if line == "" {
			firstDone = firstDone || len(first) > 0
			prevBlank = true
			continue
		}
		text, item := listItem(line)
		if prevBlank || item {
			if lead := boldLeadIn(text); lead != "" {
				leadIns = append(leadIns, lead)
			}
		}
		if !firstDone {
			if item || len(first) == 0 {
				first = append(first, text)
			} else {
				first[len(first)-1] += " " + text
			}
		}
		prevBlank = false
	}
	switch {
	case !found:
		return nil
	case len(leadIns) >= 2:
		return leadIns[:min(len(leadIns), most)]
	case len(headings) >= 2:
		return headings[:min(len(headings), most)]
	}
	var out []string
	for _, text := range first[:min(len(first), most)] {
		out = append(out, firstSentences(plainMarkdown(text), 1))
	}
	return out
}

// listItem strips the marker of a Markdown list item ("- ", "* ", "1. ")
// from a line, and says whether there was one.
func listItem(line string) (string, bool) {
	for _, marker := range []string{"- ", "* ", "+ "} {
		if text, ok := strings.CutPrefix(line, marker); ok {
			return strings.TrimSpace(text), true
		}
	}
	if m := orderedItemRE.FindStringIndex(line); m != nil {
		return strings.TrimSpace(line[m[1]:]), true
	}
	return line, false
}

var orderedItemRE = regexp.MustCompile(`^\d+[.)] `)

// boldLeadIn returns the sentence in bold that starts a paragraph, such as
// "Read takes what is there." for "**Read takes what is there.** It ...",
// or "" when the paragraph starts otherwise.
func boldLeadIn(text string) string {
	rest, ok := strings.CutPrefix(text, "**")
	if !ok {
		return ""
	}
	lead, _, ok := strings.Cut(rest, "**")
	lead = strings.TrimSpace(lead)
	if !ok || lead == "" || !strings.ContainsAny(lead[len(lead)-1:], ".!?:") {
		return ""
	}
	return strings.TrimSuffix(lead, ":")
}

// plainMarkdown removes the emphasis marks of Markdown text.
func plainMarkdown(s string) string {
	s = strings.ReplaceAll(s, "**", "")
	s = strings.ReplaceAll(s, "__", "")
	return s
}

// firstSentences returns up to n sentences of text.
func firstSentences(text string, n int) string {
	end := 0
	for i := 0; i < n; i++ {
		j := sentenceEnd(text[end:])
		if j < 0 {
			return text
		}
		end += j
	}
	return strings.TrimSpace(text[:end])
}

// sentenceEnd returns the index just after the first ". ", "! " or "? "
// followed by a capital letter or a backquote, or -1.
func sentenceEnd(s string) int {
	for i := 0; i+2 < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i+1] == ' ' {
			c := s[i+2]
			if c >= 'A' && c <= 'Z' || c == '`' {
				return i + 1
			}
		}
	}
	return -1
}

// findLesson resolves a name given on the command line: the full slug,
// its number ("01" or "1") or its name ("time-server"), in any case.
func findLesson(lessons []*lesson, name string) (*lesson, error) {
	want := strings.ToLower(strings.TrimSpace(name))
	want = strings.TrimSuffix(strings.TrimPrefix(want, "lessons/"), "/")
	for _, l := range lessons {
		if want == l.Slug || want == l.Name {
			return l, nil
		}
		if n, err := strconv.Atoi(want); err == nil && n == l.Number {
			return l, nil
		}
	}
	msg := fmt.Sprintf("unknown lesson %q", name)
	if best := closestLesson(lessons, want); best != nil {
		msg += fmt.Sprintf("; did you mean %s?", best.Slug)
	} else if len(lessons) == 0 {
		msg += "; the workshop has no lessons/NN-name folders"
	}
	return nil, usageError{msg}
}

// closestLesson returns the lesson whose slug, name or number is nearest
// to want, preferring a lesson whose slug starts with it.
func closestLesson(lessons []*lesson, want string) *lesson {
	var best *lesson
	bestDist := 1 << 30
	for _, l := range lessons {
		if want != "" && (strings.HasPrefix(l.Slug, want) || strings.HasPrefix(l.Name, want)) {
			return l
		}
		for _, form := range []string{l.Slug, l.Name, fmt.Sprintf("%02d", l.Number)} {
			if d := editDistance(want, form); d < bestDist {
				best, bestDist = l, d
			}
		}
	}
	return best
}

// closestWord returns the word of words nearest to w.
func closestWord(words []string, w string) string {
	best, bestDist := "", 1<<30
	for _, cand := range words {
		d := editDistance(w, cand)
		// A word typed short or misspelt near its end ("solve" for
		// "solution") is close to the candidate's beginning.
		if prefix := cand[:min(len(cand), len(w))]; editDistance(w, prefix)+1 < d {
			d = editDistance(w, prefix) + 1
		}
		if strings.HasPrefix(cand, w) && w != "" {
			d = 0
		}
		if d < bestDist {
			best, bestDist = cand, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// A hint is one "## Hint N: title" section of a lesson's HINTS.md.
type hint struct {
	Number int
	Title  string
	Body   string // the section's text, without its heading
}

var hintHeadingRE = regexp.MustCompile(`^##\s+Hint\s+(\d+)\s*[:.-]?\s*(.*?)\s*$`)

// parseHints reads the hints of a HINTS.md file, in order.
func parseHints(data []byte) []hint {
	var hints []hint
	var body []string
	inHint := false
	flush := func() {
		if inHint && len(hints) > 0 {
			hints[len(hints)-1].Body = strings.Trim(strings.Join(body, "\n"), "\n")
		}
		body = nil
	}
	for _, line := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
		if m := hintHeadingRE.FindStringSubmatch(line); m != nil {
			flush()
			n, _ := strconv.Atoi(m[1])
			hints = append(hints, hint{Number: n, Title: m[2]})
			inHint = true
			continue
		}
		if strings.HasPrefix(line, "# ") || strings.HasPrefix(line, "## ") {
			// Another heading ends the hint.
			flush()
			inHint = false
			continue
		}
		if inHint {
			body = append(body, line)
		}
	}
	flush()
	return hints
}

func readHints(root string, l *lesson) ([]hint, error) {
	data, err := os.ReadFile(filepath.Join(root, "lessons", l.Slug, "HINTS.md"))
	if err != nil {
		return nil, err
	}
	return parseHints(data), nil
}

func hintByNumber(hints []hint, n int) (hint, bool) {
	for _, h := range hints {
		if h.Number == n {
			return h, true
		}
	}
	return hint{}, false
}

var todoStepRE = regexp.MustCompile(`TODO\(step (\d+)\)`)

// stepFiles maps each step of a lesson to the program files whose skeleton
// has a TODO for it, such as 5 → ["client/main.go"]. A step's hint has the
// step's number, so this says which file a hint is about.
func stepFiles(root string, l *lesson) map[int][]string {
	src, err := grader.ReadSkeleton(root, l.Slug)
	if err != nil {
		return nil
	}
	files := map[int][]string{}
	names := make([]string, 0, len(src))
	for name := range src {
		names = append(names, name)
	}
	// The server comes before the client, as in the lessons' steps.
	sort.Slice(names, func(i, j int) bool { return programOrder(names[i]) < programOrder(names[j]) })
	for _, name := range names {
		for _, m := range todoStepRE.FindAllSubmatch(src[name], -1) {
			n, _ := strconv.Atoi(string(m[1]))
			if len(files[n]) == 0 || files[n][len(files[n])-1] != name {
				files[n] = append(files[n], name)
			}
		}
	}
	return files
}

func programOrder(name string) string {
	if strings.HasPrefix(name, "server/") {
		return "0" + name
	}
	return "1" + name
}

// firstStepFile is the file that holds a lesson's first step: where a
// learner starts.
func firstStepFile(root string, l *lesson) string {
	files := stepFiles(root, l)
	first := -1
	for n := range files {
		if first < 0 || n < first {
			first = n
		}
	}
	if first >= 0 {
		return files[first][0]
	}
	return "server/main.go"
}
