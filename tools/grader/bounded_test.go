package grader

import (
	"fmt"
	"strings"
	"testing"
)

func TestBoundedBufferKeepsShortStreams(t *testing.T) {
	var b boundedBuffer
	fmt.Fprint(&b, "one\ntwo\n")
	fmt.Fprint(&b, "three")
	if got := b.String(); got != "one\ntwo\nthree" || b.lines != 2 || b.Truncated() {
		t.Errorf("got %q, %d lines, truncated %v", got, b.lines, b.Truncated())
	}
}

func TestBoundedBufferKeepsHeadAndTail(t *testing.T) {
	var b boundedBuffer
	const n = 100000
	for i := range n {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	got := b.String()
	if len(got) > headLimit+2*tailLimit+200 {
		t.Errorf("kept %d bytes of a long stream, more than the limits allow", len(got))
	}
	if b.lines != n {
		t.Errorf("counted %d lines, want %d", b.lines, n)
	}
	if !strings.HasPrefix(got, "line 0\nline 1\n") || !strings.HasSuffix(got, fmt.Sprintf("line %d\n", n-1)) {
		t.Errorf("the start or the end of the stream is missing")
	}
	if !strings.Contains(got, "lines (") || !b.Truncated() {
		t.Errorf("no line says what was left out")
	}
	// The tail starts on a whole line.
	_, tail, _ := strings.Cut(got, "...]\n")
	if !strings.HasPrefix(tail, "line ") {
		t.Errorf("the kept end starts mid-line: %q", tail[:20])
	}
	// What was kept and what was left out add up to every line.
	kept := strings.Count(got, "\n") - 1 // the line that says what was left out
	if int64(kept)+b.droppedLines != n {
		t.Errorf("kept %d lines and left out %d, but %d were written", kept, b.droppedLines, n)
	}
}
