package main

import (
	"os"
	"strings"
)

// style colours text when the output is a terminal. NO_COLOR (see
// no-color.org) and TERM=dumb turn colours off.
type style struct{ color bool }

func newStyle(f *os.File) style {
	return style{color: isTerminal(f) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"}
}

// isTerminal reports whether f is a terminal: a character device that the
// system also accepts as a terminal (isTTY). Being a character device is
// not enough: /dev/null is one too, and a tool whose input is /dev/null
// must not wait for an answer.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0 && isTTY(f.Fd())
}

func (s style) wrap(code, text string) string {
	if !s.color || text == "" {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

func (s style) bold(t string) string   { return s.wrap("1", t) }
func (s style) dim(t string) string    { return s.wrap("2", t) }
func (s style) red(t string) string    { return s.wrap("31", t) }
func (s style) green(t string) string  { return s.wrap("32", t) }
func (s style) yellow(t string) string { return s.wrap("33", t) }
func (s style) cyan(t string) string   { return s.wrap("36", t) }

// diffLine colours a line of a diff: "-" red, "+" green.
func (s style) diffLine(line string) string {
	switch {
	case strings.HasPrefix(line, "-"):
		return s.red(line)
	case strings.HasPrefix(line, "+"):
		return s.green(line)
	case strings.HasPrefix(line, "@@"):
		return s.cyan(line)
	}
	return line
}

// bar draws a progress bar of width cells, done of total filled.
func (s style) bar(done, total, width int) string {
	filled := 0
	if total > 0 {
		filled = done * width / total
	}
	full, empty := "#", "-"
	if s.color {
		full, empty = "█", "░"
	}
	return "[" + s.green(strings.Repeat(full, filled)) + strings.Repeat(empty, width-filled) + "]"
}

// wrapText breaks text into lines of at most width characters, each
// starting with indent.
func wrapText(text, indent string, width int) string {
	var b strings.Builder
	line := indent
	for _, word := range strings.Fields(text) {
		if len(line) > len(indent) && len(line)+1+len(word) > width {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += word
	}
	b.WriteString(line)
	return b.String()
}
