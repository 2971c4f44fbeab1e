// Command short-client is lesson 02's warm-up echo client. It sends one
// short message to the echo server, reads once, and prints what came back,
// quoted the way Go writes a string.
//
// Read ../README.md first (step 11); HINTS.md helps when you are stuck.
// Grade your work with: go test ./lessons/02-echo/
package main

import (
	"flag"

	"example.com/tcpworkshop/internal/cli"
)

// bufferSize is the most the client reads, in its one Read.
const bufferSize = 1024

// echoOnce sends message to the echo server at address and returns what
// one Read brings back.
func echoOnce(address, message string) ([]byte, error) {
	// TODO(step 11): connect with net.Dial and return the error if it
	// fails; close the connection when echoOnce returns. Write the message,
	// then read once into a buffer of bufferSize bytes and return the
	// bytes that came. If none came, return an error: one that says the
	// server closed the connection for io.EOF, and one that wraps the
	// read's error (%w) otherwise.
	_, _ = address, message
	return nil, nil
}

func main() {
	message := flag.String("message", "Hello friend", "the message to send")
	addr := cli.ClientFlags("short-client", "the echo server", "127.0.0.1", 4444)

	echo, err := echoOnce(addr.String(), *message)
	if err != nil {
		cli.Fatal("short-client", err)
	}
	// TODO(step 11): print `Received "..."` on standard output, with the
	// echo formatted by %q.
	_ = echo
}
