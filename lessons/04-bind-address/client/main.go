// Command client is lesson 04's echo client. It connects to the echo server
// at the host given on its command line, sends one message and reads it
// back, 16 bytes at a time, writing everything on standard error:
//
//	client [-port N] HOST
//
// Read ../README.md first; HINTS.md helps when you are stuck. Grade your
// work with: go test ./lessons/04-bind-address/
package main

import (
	"example.com/tcpworkshop/internal/cli"
	"example.com/tcpworkshop/internal/sockets"
)

// message is what the client sends; the server echoes it back. There are
// two spaces after the period.
const message = "This is the message.  It will be repeated."

// chunkSize is how many bytes the client reads at a time.
const chunkSize = 16

// echoMessage connects to the echo server at host and port, sends message
// and reads it back, 16 bytes at a time.
func echoMessage(host string, port int) error {
	// TODO(step 5): print "connecting to HOST port PORT" on standard error,
	// then connect with net.Dial to the address that net.JoinHostPort makes
	// of host and port. Return the error if it fails (cli.Fatal then
	// explains it), and close the connection when done.

	// TODO(step 6): print sending "..." (the message, with %q) on standard
	// error and write the message to the connection.

	// TODO(step 7): read chunkSize bytes at a time, printing each chunk as
	// received "..." (with %q), until all len(message) bytes came back. If
	// the server closes the connection before that, return an error that
	// says how many of how many bytes came back, such as "16 of 42 bytes".

	return nil
}

func main() {
	port := cli.PortFlag(10000, "TCP port of the echo server")
	cli.Parse("client", "HOST")
	host := sockets.RequiredHostArgument("client", "the address or name of the echo server, such as 127.0.0.1")

	if err := echoMessage(host, *port); err != nil {
		cli.Fatal("client", err)
	}
}
