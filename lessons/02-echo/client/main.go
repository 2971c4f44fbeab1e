// Command client is lesson 02's echo client. It connects to the echo
// server, sends one message, and reads 16 bytes at a time until the whole
// message has come back. Everything it says goes to standard error.
//
// Read ../README.md first; HINTS.md helps when you are stuck. Grade your
// work with: go test ./lessons/02-echo/
package main

import (
	"flag"

	"example.com/tcpworkshop/internal/cli"
)

// chunkSize is how many bytes the client reads at a time.
const chunkSize = 16

// talk sends message to the echo server at host and port and reads it back.
func talk(host string, port int, message string) error {
	// TODO(step 6): connect with net.Dial to
	// net.JoinHostPort(host, strconv.Itoa(port)) and return the error if it
	// fails (main then prints it). Once connected, print
	// "connecting to HOST port PORT", and close the connection when done.

	// TODO(step 7): print `sending "..."` (format the message with %q),
	// then write the message to the connection.

	// TODO(step 8): read into a buffer of chunkSize bytes until as many
	// bytes have come back as were sent, printing `received "..."` (%q)
	// for every read. If the stream ends or fails first, return an error
	// that says "N of M bytes" came back. Then print "closing socket" and
	// close the connection.

	return nil
}

func main() {
	message := flag.String("message", "This is the message.  It will be repeated.", "the message to send")
	addr := cli.ClientFlags("client", "the echo server", "localhost", 10000)

	if err := talk(addr.Host, addr.Port, *message); err != nil {
		cli.Fatal("client", err)
	}
}
