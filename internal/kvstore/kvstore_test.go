package kvstore

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestAnswer(t *testing.T) {
	s := New()
	steps := []struct {
		request, reply string
		quit           bool
	}{
		{"GET a", "NOT FOUND", false},
		{"SET a 1", "OK", false},
		{"GET a", "VALUE 1", false},
		{"SET a one two  three", "OK", false},
		{"GET a", "VALUE one two  three", false},
		{"SET b ", "OK", false},
		{"GET b", "VALUE ", false},
		{"DEL a", "DELETED", false},
		{"DEL a", "NOT FOUND", false},
		{"SET a", "ERROR usage: SET KEY VALUE", false},
		{"GET", "ERROR usage: GET KEY", false},
		{"GET a b", "ERROR usage: GET KEY", false},
		{"GET " + strings.Repeat("k", 64), "NOT FOUND", false},
		{"GET " + strings.Repeat("k", 65), "ERROR a key is 1 to 64 bytes long", false},
		{"SET a\tb 1", "ERROR a key has no spaces or control bytes", false},
		{"get a", "ERROR unknown command (use SET, GET, DEL or QUIT)", false},
		{"", "ERROR empty request", false},
		{"QUIT now", "ERROR usage: QUIT", false},
		{"QUIT", "BYE", true},
	}
	for _, step := range steps {
		reply, quit := s.Answer(step.request)
		if reply != step.reply || quit != step.quit {
			t.Errorf("Answer(%q) = %q, %v; want %q, %v", step.request, reply, quit, step.reply, step.quit)
		}
	}
}

func TestReadRequest(t *testing.T) {
	long := strings.Repeat("x", MaxLine)
	input := "SET a 1\r\nGET a\n" + long + "\n" + long + "\r\n" + long + "x\nnever read"
	r := bufio.NewReaderSize(strings.NewReader(input), 16)
	for _, want := range []string{"SET a 1", "GET a", long, long} {
		got, err := ReadRequest(r)
		if err != nil || got != want {
			t.Fatalf("ReadRequest = %.20q, %v; want %.20q", got, err, want)
		}
	}
	if _, err := ReadRequest(r); !errors.Is(err, ErrLineTooLong) {
		t.Fatalf("a line of %d bytes: err = %v, want ErrLineTooLong", MaxLine+1, err)
	}

	r = bufio.NewReader(strings.NewReader("QUIT"))
	if got, err := ReadRequest(r); got != "QUIT" || err != nil {
		t.Fatalf("a last line without \\n: %q, %v", got, err)
	}
	if _, err := ReadRequest(r); err != io.EOF {
		t.Fatalf("at the end: err = %v, want io.EOF", err)
	}
}
