package grader

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// sectionsEveryLesson are the headings that every lesson's README has,
// whatever their level: the mistakes the grader catches, by-hand sessions
// with nc and its fallbacks, and exercises beyond the graded ones.
var sectionsEveryLesson = []string{"Try it by hand", "Common mistakes", "Go further"}

// byHandTools are what every "Try it by hand" section shows, in lower
// case: nc, and the ways to do without it.
var byHandTools = []string{"nc ", "/dev/tcp/", "ncat", "powershell"}

// TestReadmeSections proves that every lesson's README has the sections
// that every lesson promises, its by-hand section with nc and the tools
// for where nc is missing among them, and that lesson 01 has the picture
// of the socket calls (ASCII, at most 78 columns) and the box of the
// errors that learners meet.
func TestReadmeSections(t *testing.T) {
	root := RepoRoot(t)
	for _, slug := range lessonFolders(t, root) {
		t.Run(slug, func(t *testing.T) {
			readme := filepath.Join(root, "lessons", slug, "README.md")
			sections, err := readmeSections(readme)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range sectionsEveryLesson {
				if _, ok := sections[want]; !ok {
					t.Errorf("%s has no section %q", readme, want)
				}
			}
			byHand := strings.ToLower(sections["Try it by hand"])
			for _, tool := range byHandTools {
				if !strings.Contains(byHand, tool) {
					t.Errorf("%s: the section %q does not show %q; it shows nc and, for where nc is missing, bash's /dev/tcp, ncat and PowerShell", readme, "Try it by hand", tool)
				}
			}
			if strings.HasPrefix(slug, "01-") {
				checkFirstLesson(t, readme, sections)
			}
		})
	}
}

// checkFirstLesson checks lesson 01's picture of the calls and its box of
// errors: the words that must be there, so that neither loses a part.
func checkFirstLesson(t *testing.T, readme string, sections map[string]string) {
	picture, ok := sections["The calls, side by side"]
	if !ok {
		t.Errorf("%s has no section %q with the picture of the socket calls", readme, "The calls, side by side")
	}
	block := firstCodeBlock(picture)
	for i, line := range strings.Split(block, "\n") {
		if len(line) > 78 {
			t.Errorf("%s: line %d of the picture of the calls is %d columns wide; at most 78 fit every terminal", readme, i+1, len(line))
		}
		for _, r := range line {
			if r < 0x20 || r > 0x7e {
				t.Errorf("%s: line %d of the picture of the calls holds %q; ASCII only, so that it looks the same in a terminal and on the web", readme, i+1, r)
				break
			}
		}
	}
	for _, word := range []string{"socket", "bind", "listen", "accept", "connect", "read", "write", "close",
		"net.Listen", "Accept()", "net.Dial", "Read(", "Write(", "Close()", "[blocks"} {
		if !strings.Contains(block, word) {
			t.Errorf("%s: the picture of the calls (the first code block of %q) does not show %q", readme, "The calls, side by side", word)
		}
	}
	errs, ok := sections["Errors you will meet"]
	if !ok {
		t.Errorf("%s has no section %q", readme, "Errors you will meet")
	}
	for _, word := range []string{"connection refused", "connection reset by peer", "broken pipe",
		"address already in use", "TIME-WAIT", "SO_REUSEADDR"} {
		if !strings.Contains(errs, word) {
			t.Errorf("%s: the section %q does not explain %q", readme, "Errors you will meet", word)
		}
	}
}

var headingRE = regexp.MustCompile(`^#{1,6}\s+(.+?)\s*#*\s*$`)

// readmeSections maps each heading of a Markdown file to the text under
// it, up to the next heading; lines in code blocks are never headings.
func readmeSections(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sections := map[string]string{}
	var (
		current string
		inCode  bool
	)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.HasPrefix(line, "```") {
			inCode = !inCode
		}
		if m := headingRE.FindStringSubmatch(line); m != nil && !inCode {
			current = m[1]
			sections[current] += ""
			continue
		}
		if current != "" {
			sections[current] += line + "\n"
		}
	}
	return sections, sc.Err()
}

// firstCodeBlock returns the text of the first fenced code block in text.
func firstCodeBlock(text string) string {
	_, rest, ok := strings.Cut(text, "```")
	if !ok {
		return ""
	}
	_, rest, _ = strings.Cut(rest, "\n")
	block, _, _ := strings.Cut(rest, "```")
	return block
}

// conceptPlaces says where each idea of the tutorials is explained: in the
// lesson that retells the tutorial that raises it, in Go terms. Each row
// names a heading of that lesson's README or a phrase of its text (the
// lesson's own words; line breaks and runs of spaces count as one space).
var conceptPlaces = []struct{ concept, lesson, phrase string }{
	{"Accept, Dial and Read block: a program that seems to hang", "01-time-server", "the program seems to hang while it does"},
	{"Accept blocks: the warm-up server appears to hang", "02-echo", "it seems to hang: it waits in `Accept`"},
	{"Read blocks until bytes come or the stream ends", "03-sixteen-octet", "A Read that waits, and one that ends"},
	{"the listen backlog, for which Go has no argument", "01-time-server", "The queue of clients waiting to be accepted"},
	{"the listen backlog, for which Go has no argument", "06-interactive", "Go asks for the system's maximum"},
	{"why ss shows 4096 for a Go listener", "04-bind-address", "The `4096` in the `Send-Q` column of a listening socket is not data"},
	{"privileged ports below 1024", "01-time-server", "Ports below 1024 are **privileged**"},
	{"privileged ports below 1024", "02-echo", "ports below 1024 are kept for the administrator"},
	{"privileged ports below 1024", "06-interactive", "ports up to 1023 are kept for the administrator"},
	{"SO_REUSEADDR and TIME-WAIT", "01-time-server", "Errors you will meet"},
	{"SO_REUSEADDR and TIME-WAIT", "03-sixteen-octet", "Restarting on the same port"},
	{"SO_REUSEADDR and TIME-WAIT", "06-interactive", "Go sets `SO_REUSEADDR` on its listening sockets on Linux and macOS by itself"},
	{"accepted connections share the server's port, told apart by the address pair", "01-time-server", "uses the **same port** as the listening socket"},
	{"accepted connections share the server's port, told apart by the address pair", "02-echo", "One port, many connections"},
	{"bytes versus text: []byte(s) is Python's encode", "01-time-server", "Bytes, not text"},
	{"bytes versus text: []byte(s) is Python's encode", "06-interactive", "`[]byte(line)` to send"},
	{"when %q and when %s", "02-echo", "Printing bytes the Go way"},
	{"CloseWrite, the half-close", "02-echo", "Closing one direction"},
	{"CloseWrite, the half-close", "03-sixteen-octet", "conn.(*net.TCPConn).CloseWrite()"},
	{"Read may return data together with io.EOF", "02-echo", "a `Read` may return some bytes *and* an error in the same call"},
	{"Read may return data together with io.EOF", "03-sixteen-octet", "A `Read` may return bytes and an error in the same call"},
	{"why lesson 02's client says `connecting to` after Dial", "02-echo", "Lesson 04's client prints it *before* dialing"},
	{"why lesson 04's client says `connecting to` before Dial", "04-bind-address", "The line comes *before* `Dial` here, as in the tutorial"},
	{"the client's error line includes the underlying error", "02-echo", "that error must be part of your line too, wrapped with `%w`"},
	{"connecting is a network operation that can fail", "03-sixteen-octet", "Connecting can fail"},
}

// TestReadmeConcepts proves that each idea of the tutorials keeps its
// place in the lesson that retells the tutorial, so that rewording a
// README cannot drop one unnoticed.
func TestReadmeConcepts(t *testing.T) {
	root := RepoRoot(t)
	for _, c := range conceptPlaces {
		rel := "lessons/" + c.lesson + "/README.md"
		readme := filepath.Join(root, filepath.FromSlash(rel))
		data, err := os.ReadFile(readme)
		if err != nil {
			t.Errorf("concept %q: %v", c.concept, err)
			continue
		}
		sections, err := readmeSections(readme)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := sections[c.phrase]; ok {
			continue
		}
		if !strings.Contains(oneSpaced(string(data)), oneSpaced(c.phrase)) {
			t.Errorf("concept %q is no longer explained in %s: it has neither a heading nor the words %q (explain it there again, or change the table in readme_test.go)",
				c.concept, rel, c.phrase)
		}
	}
}

// oneSpaced turns every run of white space, line breaks included, into
// one space, and drops the "> " of a quoted block's lines.
func oneSpaced(s string) string {
	s = strings.ReplaceAll(s, "\n> ", "\n")
	return strings.Join(strings.Fields(s), " ")
}

var (
	lessonLinkRE   = regexp.MustCompile(`\(lessons/(\d\d-[a-z0-9-]+)/README\.md\)`)
	lessonNumberRE = regexp.MustCompile(`lesson (\d\d)'s`)
	scriptFilesRE  = regexp.MustCompile("`([a-z0-9-]+\\.txtar)`: ((?:`[a-z0-9-]+\\.txt`(?:, )?)+)")
	backquotedRE   = regexp.MustCompile("`([^`]+)`")
)

// TestTutorialTable proves that each program of the tutorials, as the
// table in WORKSHOP.md's "Where the lessons come from" lists it, has its
// transcript in its lesson's README, marked for TestReadmeTranscripts and
// so graded by the script named in the table.
func TestTutorialTable(t *testing.T) {
	root := RepoRoot(t)
	sections, err := readmeSections(filepath.Join(root, "WORKSHOP.md"))
	if err != nil {
		t.Fatal(err)
	}
	table, ok := sections["Where the lessons come from"]
	if !ok {
		t.Fatal(`WORKSHOP.md has no section "Where the lessons come from"`)
	}
	readmes := map[string]string{}
	readme := func(slug string) string {
		if _, ok := readmes[slug]; !ok {
			data, err := os.ReadFile(filepath.Join(root, "lessons", slug, "README.md"))
			if err != nil {
				t.Fatal(err)
			}
			readmes[slug] = string(data)
		}
		return readmes[slug]
	}
	rows := 0
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) != 6 || strings.HasPrefix(strings.TrimSpace(cells[1]), "---") || strings.TrimSpace(cells[2]) == "its program" {
			continue
		}
		rows++
		program, where, graded := strings.TrimSpace(cells[2]), cells[3], cells[4]
		link := lessonLinkRE.FindStringSubmatch(where)
		if link == nil {
			t.Errorf("WORKSHOP.md: the tutorials' program %s has no lesson in the table", program)
			continue
		}
		groups := strings.Split(graded, ";")
		found := 0
		for _, group := range groups {
			slug := link[1]
			if n := lessonNumberRE.FindStringSubmatch(group); n != nil {
				slug = lessonSlug(t, root, n[1])
			}
			for _, m := range scriptFilesRE.FindAllStringSubmatch(group, -1) {
				for _, file := range backquotedRE.FindAllStringSubmatch(m[2], -1) {
					found++
					marker := "<!-- transcript: " + m[1] + " " + file[1] + " -->"
					if !strings.Contains(readme(slug), marker) {
						t.Errorf("WORKSHOP.md: the transcript of the tutorials' program %s is %s of %s, but lessons/%s/README.md does not show it (no %s)",
							program, file[1], m[1], slug, marker)
					}
				}
			}
		}
		if found == 0 {
			t.Errorf("WORKSHOP.md: the tutorials' program %s names no transcript and script that grade it", program)
		}
	}
	if rows == 0 {
		t.Error(`WORKSHOP.md: the section "Where the lessons come from" has no table of the tutorials' programs`)
	}
}

// lessonSlug returns the folder of lesson number nn ("05").
func lessonSlug(t *testing.T, root, nn string) string {
	for _, slug := range lessonFolders(t, root) {
		if strings.HasPrefix(slug, nn+"-") {
			return slug
		}
	}
	t.Fatalf("no lesson %s", nn)
	return ""
}
