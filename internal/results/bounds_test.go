package results

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// endlessEvents is a go test -json stream in which one test prints lines
// for ever (n bytes in all), with a line of a megabyte and more now and
// then.
type endlessEvents struct {
	n    int64
	line int
	buf  []byte
}

func (e *endlessEvents) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	if len(e.buf) == 0 {
		e.line++
		out := "printing a lot\\n"
		if e.line%1000 == 0 {
			out = strings.Repeat("y", 3<<20)
		}
		e.buf = []byte(`{"Action":"output","Package":"example.com/tcpworkshop/lessons/01-a","Test":"TestLesson/big","Output":"` + out + `"}` + "\n")
	}
	n := copy(p, e.buf)
	e.buf = e.buf[n:]
	e.n -= int64(n)
	return n, nil
}

func TestParseTestEventsBounded(t *testing.T) {
	run, err := ParseTestEventsLimit(&endlessEvents{n: 200 << 20}, -1)
	if err != nil {
		t.Fatal(err)
	}
	out := run.Lessons["01-a"].Tests["TestLesson/big"].Output.String()
	if len(out) > keepHead+2*keepTail+100 {
		t.Errorf("kept %d bytes of one test's output; want at most %d", len(out), keepHead+2*keepTail+100)
	}
	if !strings.Contains(out, "bytes left out") {
		t.Errorf("the kept output does not say that some was left out")
	}

	run, err = ParseTestEventsLimit(&endlessEvents{n: 200 << 20}, 8<<20)
	if !errors.Is(err, ErrTooMuchOutput) {
		t.Fatalf("err = %v; want %v", err, ErrTooMuchOutput)
	}
	if run == nil {
		t.Fatal("no run")
	}
}
