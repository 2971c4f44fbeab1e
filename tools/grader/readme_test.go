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

// TestReadmeSections proves that every lesson's README has the sections
// that every lesson promises, and that lesson 01 has the picture of the
// socket calls and the box of the errors that learners meet.
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
