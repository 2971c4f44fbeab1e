package main

// files are the files of a new lesson, as templates with [[ ]] actions.
// SLUG in a path is the lesson's folder name. The files of
// lessons/SLUG/PROGRAM/ are the skeleton, and the reference solution starts
// as a copy of them.
var files = []struct{ path, text string }{
	{"lessons/SLUG/README.md", `# Lesson [[.NN]]: [[.Title]]

TODO: one paragraph that says what the learner builds, and why.

## What you will learn

TODO: the lesson's ideas, one short section each. testdata/[[.Slug]]/lesson.json
sums them up in "summary" for the workshop tool.

## The protocol

The server greets every client with one line, ` + "`hello`" + `, then hangs up.

## Steps

Open ` + "`server/main.go` and `client/main.go`" + `. Each ` + "`TODO(step N)`" + ` is one step;
[HINTS.md](HINTS.md) has one hint per step, for when you are stuck.

1. **Listen and greet.** In the server's ` + "`serve`" + `, listen, say so, and
   greet every client.
2. **Connect and print.** In the client's ` + "`talk`" + `, connect and print what
   the server said.

## Run it

<!-- transcript: talk.txtar client.txt -->
` + "```text" + `
The server said: hello
` + "```" + `
`},
	{"lessons/SLUG/HINTS.md", `# Hints for lesson [[.NN]]

One hint per step. Read one only when you are stuck.

## Hint 1: listen and greet

TODO: a hint for step 1.

## Hint 2: connect and print

TODO: a hint for step 2.
`},
	{"lessons/SLUG/lesson_test.go", `// Package [[.Package]] grades lesson [[.NN]]:
//
//	go test ./lessons/[[.Slug]]/
package [[.Package]]

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestLesson(t *testing.T) { grader.Learner(t) }
`},
	{"solutions/SLUG/solution_test.go", `// Package [[.Package]] verifies the reference solution of lesson [[.NN]]:
//
//	go test ./solutions/[[.Slug]]/
package [[.Package]]

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestSolution(t *testing.T) { grader.Solution(t) }
`},
	{"lessons/SLUG/server/main.go", `// Command server is lesson [[.NN]]'s server. It greets every client with
// "hello" and hangs up.
//
// Read ../README.md first; HINTS.md helps when you are stuck. Grade your
// work with: go test ./lessons/[[.Slug]]/
package main

import "example.com/tcpworkshop/internal/cli"

// serve listens on address and greets one client after another.
func serve(address string) error {
	// TODO(step 1): listen on address with net.Listen, print
	// "Listening on ADDR" on standard error, then accept clients one after
	// another: send each "hello\n" and close its connection.

	return nil
}

func main() {
	addr := cli.ServerFlags("server", "127.0.0.1", [[.Port]])
	if err := serve(addr.String()); err != nil {
		cli.Fatal("server", err)
	}
}
`},
	{"lessons/SLUG/client/main.go", `// Command client is lesson [[.NN]]'s client. It prints what the server
// says.
//
// Read ../README.md first; HINTS.md helps when you are stuck. Grade your
// work with: go test ./lessons/[[.Slug]]/
package main

import "example.com/tcpworkshop/internal/cli"

// talk connects to the server at address and prints what it says.
func talk(address string) error {
	// TODO(step 2): connect to address with net.Dial, read until the
	// server hangs up, and print "The server said: " and what it sent.

	return nil
}

func main() {
	addr := cli.ClientFlags("client", "the server", "127.0.0.1", [[.Port]])
	if err := talk(addr.String()); err != nil {
		cli.Fatal("client", err)
	}
}
`},
	{"testdata/SLUG/lesson.json", `{
  "title": "[[.Title]]",
  "part": [[.Part]],
  "summary": ["TODO: what the lesson teaches, in a few short items."],
  "steps": ["Listen and greet", "Connect and print"],
  "scripts": ["talk.txtar", "hostile.txtar"]
}
`},
	{"testdata/SLUG/talk.txtar", `# One client talks to the server.

# Step 1: the server listens, then says so on standard error (HINTS.md,
# hint 1).
start server server -port $PORT
waitfor server stderr '^Listening on '

# Step 2: the client prints what the server said (hint 2).
run client -port $PORT
transcript stdout client.txt

# Step 3: the server is still serving.
shutdown server

-- client.txt --
The server said: hello
`},
	{"testdata/SLUG/hostile.txtar", `# Rude, slow and strange peers (see "Hostile peers" in testdata/README.md).

# Step 1: the server listens (HINTS.md, hint 1).
start server server -port $PORT
waitfor server stderr '^Listening on '

# Step 2: a client that hangs up at once does not stop the server: the next
# client is greeted (hints 1 and 2).
dial 127.0.0.1:$PORT close
run client -port $PORT
transcript stdout client.txt
shutdown server
! stderr 'panic|goroutine '

-- client.txt --
The server said: hello
`},
	{"testdata/mutants/SLUG/silent-server.txtar", `# The server never listens (see "Mutants" in testdata/README.md).
reason: ended before|did not print
lead: talk.txtar step 1
-- server/main.go --
<<<
	return nil
===
	return nil // the server does nothing
>>>
`},
}
