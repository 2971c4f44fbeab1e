package grader

import (
	"strings"
	"testing"
)

func TestMatchTranscript(t *testing.T) {
	vars := func(name string) (string, bool) { return map[string]string{"PORT": "23456"}[name], true }
	tests := []struct {
		name, want, got string
		match           bool
	}{
		{"literal", "waiting for a connection\n", "waiting for a connection\n", true},
		{"addr v4", "connection from {{addr}}\n", "connection from 127.0.0.1:52186\n", true},
		{"addr v6", "connection from {{addr}}\n", "connection from [::1]:52186\n", true},
		{"addr is not a python tuple", "connection from {{addr}}\n", "connection from ('127.0.0.1', 52186)\n", false},
		{"variable", "starting up on localhost port ${PORT}\n", "starting up on localhost port 23456\n", true},
		{"wrong port", "starting up on localhost port ${PORT}\n", "starting up on localhost port 10000\n", false},
		{"ctime and cr", "is {{ctime}}{{cr}}\n\n", "is Wed Jan  9 19:14:15 2014\r\n\n", true},
		{"missing cr", "is {{ctime}}{{cr}}\n", "is Wed Jan  9 19:14:15 2014\n", false},
		{"missing final newline", "a\nb\n", "a\nb", false},
		{"extra line", "a\n", "a\nb\n", false},
		{"nothing printed", "a\n", "", false},
		{"regexp characters are literal", "received \"(x)\"\n", "received \"(x)\"\n", true},
		{"windows checkout", "a\r\nb\r\n", "a\nb\n", true},
	}
	for _, tt := range tests {
		diff, err := MatchTranscript(tt.want, tt.got, vars)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if (diff == "") != tt.match {
			t.Errorf("%s: match = %v, want %v; diff:\n%s", tt.name, diff == "", tt.match, diff)
		}
	}
}

// TestTranscriptDiff checks that a diff shows only the lines that differ,
// with placeholders resolved where the output matched them.
func TestTranscriptDiff(t *testing.T) {
	want := "starting up on localhost port ${PORT}\nwaiting for a connection\nconnection from {{addr}}\n"
	got := "starting up on localhost port 23456\nwaiting for connection\nconnection from 127.0.0.1:5\n"
	diff, err := MatchTranscript(want, got, func(string) (string, bool) { return "23456", true })
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"waiting for a connection\n"`, `"waiting for connection\n"`} {
		if !strings.Contains(diff, s) {
			t.Errorf("diff lacks %s:\n%s", s, diff)
		}
	}
	if strings.Contains(diff, "{{addr}}") {
		t.Errorf("diff shows a placeholder that the output matched:\n%s", diff)
	}
}

func TestUnknownPlaceholder(t *testing.T) {
	if _, err := MatchTranscript("{{nope}}\n", "x\n", nil); err == nil {
		t.Error("an unknown placeholder was accepted")
	}
}

// TestTranscriptDiffFillsPlaceholders checks that an expected line shows the
// learner's own values as far as the two lines agree, and {{cr}} as "\r".
func TestTranscriptDiffFillsPlaceholders(t *testing.T) {
	tests := []struct{ want, got, wantShown string }{
		{"{{ctime}}{{cr}}\n", "Fri Dec  4 02:06:32 2026\n", `- "Fri Dec  4 02:06:32 2026\r\n"`},
		{"connection from {{addr}} closed\n", "connection from 127.0.0.1:5 close\n", `- "connection from 127.0.0.1:5 closed\n"`},
		{"Got a connection from {{addr}}\n", "Got connection from 127.0.0.1:35214\n", `- "Got a connection from {{addr}}\n"`},
	}
	for _, tt := range tests {
		diff, err := MatchTranscript(tt.want, tt.got, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(diff, tt.wantShown) {
			t.Errorf("diff of %q against %q lacks %s:\n%s", tt.want, tt.got, tt.wantShown, diff)
		}
	}
	if got := placeholdersIn(`- "Got a connection from {{addr}}\n"`); !strings.Contains(got, "{{addr}} stands for an address") {
		t.Errorf("the placeholder is not explained: %q", got)
	}
}

// TestPeerPlaceholder checks that {{peer}} refuses the server's own address.
func TestPeerPlaceholder(t *testing.T) {
	vars := func(name string) (string, bool) { return map[string]string{"PORT": "23456"}[name], true }
	want := "connection from {{peer}}\n"
	if diff, _ := MatchTranscript(want, "connection from 127.0.0.1:40100\n", vars); diff != "" {
		t.Errorf("a client's address does not match {{peer}}:\n%s", diff)
	}
	diff, _ := MatchTranscript(want, "connection from 127.0.0.1:23456\n", vars)
	if !strings.Contains(diff, `- "connection from {{peer}}\n"`) || !strings.Contains(placeholdersIn(diff), "LocalAddr") {
		t.Errorf("the server's own address matched {{peer}}, or the diff does not say why:\n%s", diff)
	}
	if diff, _ := MatchTranscript(want, "connection from 127.0.0.1:10000\n", func(string) (string, bool) { return "", false }); diff != "" {
		t.Errorf("without a ${PORT}, {{peer}} must take any address:\n%s", diff)
	}
}
