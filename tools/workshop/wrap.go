package main

import (
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxWidth is the widest the tool's output gets, even on a wide terminal.
const maxWidth = 78

// outputWidth is the width to wrap at on the terminal f: its number of
// columns (or $COLUMNS when the system cannot tell), at most maxWidth.
func outputWidth(f *os.File) int {
	cols := terminalColumns(f.Fd())
	if cols <= 0 {
		cols, _ = strconv.Atoi(os.Getenv("COLUMNS"))
	}
	if cols <= 0 || cols > maxWidth {
		return maxWidth
	}
	return max(cols, 20)
}

// wrapWriter breaks the lines written to it at spaces so that none is
// wider than width columns. It leaves alone what must keep its layout:
// lines that start with a space or a tab (commands, code, tables), and
// the lines of a diff. Words are never split, so a long path stays whole.
// Colour codes take no room.
type wrapWriter struct {
	w     io.Writer
	width int
	col   int  // the column the next byte goes to
	keep  bool // the current line keeps its layout
}

func (ww *wrapWriter) Write(p []byte) (int, error) {
	var b strings.Builder
	rest := string(p)
	for rest != "" {
		line, after, newline := strings.Cut(rest, "\n")
		ww.wrapLine(&b, line)
		if newline {
			b.WriteByte('\n')
			ww.col, ww.keep = 0, false
		}
		rest = after
	}
	if _, err := io.WriteString(ww.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (ww *wrapWriter) wrapLine(b *strings.Builder, line string) {
	if ww.col == 0 && line != "" {
		ww.keep = strings.IndexAny(line[:1], " \t+-@") == 0
	}
	if ww.keep {
		b.WriteString(line)
		ww.col += visibleWidth(line)
		return
	}
	for i, word := range strings.Split(line, " ") {
		w := visibleWidth(word)
		if i > 0 {
			if ww.col > 0 && ww.col+1+w > ww.width {
				b.WriteByte('\n')
				ww.col = 0
			} else {
				b.WriteByte(' ')
				ww.col++
			}
		}
		b.WriteString(word)
		ww.col += w
	}
}

// visibleWidth counts the columns that s takes: its characters, less the
// colour codes ("\x1b[...m").
func visibleWidth(s string) int {
	n := 0
	for s != "" {
		if strings.HasPrefix(s, "\x1b[") {
			if end := strings.IndexByte(s, 'm'); end >= 0 {
				s = s[end+1:]
				continue
			}
		}
		_, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		n++
	}
	return n
}
