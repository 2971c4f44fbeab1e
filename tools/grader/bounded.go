package grader

import (
	"bytes"
	"fmt"
)

// Limits on what the grader keeps of one stream of one program: its first
// headLimit bytes and its last tailLimit bytes. A program that prints
// megabytes (a server logging every chunk of a big transfer, or a runaway
// loop) costs the grader, the test log and the workshop tool no more than
// that; the part in between is counted, not kept.
const (
	headLimit = 32 << 10
	tailLimit = 32 << 10
)

// A boundedBuffer keeps the start and the end of a stream and counts its
// lines. The zero value is an empty buffer.
type boundedBuffer struct {
	head         []byte
	tail         []byte
	lines        int64 // newlines written in all
	droppedBytes int64 // bytes between head and tail that were not kept
	droppedLines int64 // newlines among them
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	b.lines += int64(bytes.Count(p, []byte{'\n'}))
	rest := p
	if room := headLimit - len(b.head); room > 0 && len(b.tail) == 0 {
		n := min(room, len(rest))
		if n < len(rest) {
			// The head is full: end it on a whole line where there is one.
			if i := bytes.LastIndexByte(rest[:n], '\n'); i >= 0 {
				n = i + 1
			} else if len(b.head) > 0 {
				n = 0
			}
		}
		b.head = append(b.head, rest[:n]...)
		rest = rest[n:]
	}
	if len(rest) == 0 {
		return len(p), nil
	}
	b.tail = append(b.tail, rest...)
	if len(b.tail) > 2*tailLimit {
		// Keep whole lines: cut just after a newline where there is one.
		cut := len(b.tail) - tailLimit
		if i := bytes.IndexByte(b.tail[cut:], '\n'); i >= 0 && i < tailLimit/2 {
			cut += i + 1
		}
		b.droppedBytes += int64(cut)
		b.droppedLines += int64(bytes.Count(b.tail[:cut], []byte{'\n'}))
		b.tail = append(b.tail[:0:0], b.tail[cut:]...)
	}
	return len(p), nil
}

// Truncated reports whether part of the stream was left out.
func (b *boundedBuffer) Truncated() bool { return b.droppedBytes > 0 }

// String returns the stream as kept: all of it when it was short, or its
// start, a line that says how much was left out, and its end.
func (b *boundedBuffer) String() string {
	if b.droppedBytes == 0 {
		return string(b.head) + string(b.tail)
	}
	head := string(b.head)
	if head != "" && head[len(head)-1] != '\n' {
		head += "\n"
	}
	return fmt.Sprintf("%s[... %d lines (%d bytes) left out: the grader keeps the first %d KiB and the last %d KiB of what a program prints ...]\n%s",
		head, b.droppedLines, b.droppedBytes, headLimit>>10, tailLimit>>10, b.tail)
}
