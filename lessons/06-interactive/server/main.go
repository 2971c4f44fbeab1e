// Command server is lesson 06's interactive server. It serves one client at
// a time: every message the client sends (whatever one read returns, at
// most 2048 bytes) is answered with one write that names the client and
// quotes the message back:
//
//	Hello, 127.0.0.1:50312. I got this from you: 'hello'
//
// Read ../README.md first; HINTS.md helps when you are stuck. Grade your
// work with: go test ./lessons/06-interactive/
package main

import (
	"net"

	"example.com/tcpworkshop/internal/cli"
)

// bufferSize is the most one read takes from the connection.
const bufferSize = 2048

// serve listens on address and talks with one client after another. It
// returns only when something goes wrong, such as a port already in use.
func serve(address string) error {
	// TODO(step 1): listen on address with net.Listen and return the error
	// if it fails. Then print the ready line on standard output:
	// "Listening on address ADDR. Kill server with Ctrl-C", ADDR being the
	// listener's Addr().

	// TODO(step 2): loop for ever: accept a connection, print an empty line
	// and "Connection received from ADDR" (ADDR: the connection's
	// RemoteAddr()), then talk with the client by calling converse. If
	// converse returns an error, print it on standard error, on one line,
	// and go on accepting.

	return nil
}

// converse answers every message of one client until the client ends the
// stream, then hangs up.
func converse(conn net.Conn) error {
	// TODO(step 3): close the connection when done. Loop: read once into a
	// buffer of bufferSize bytes. At the end of the stream (io.EOF) print
	// "End of file from client. Resetting" and return nil; return any other
	// error. Otherwise print "Received 'TEXT' from client" and answer with
	// one write of "Hello, ADDR. I got this from you: 'TEXT'", ADDR being
	// the client's RemoteAddr() and TEXT what the read returned.

	return nil
}

func main() {
	addr := cli.ServerFlags("server", "", 22222)

	if err := serve(addr.String()); err != nil {
		cli.Fatal("server", err)
	}
}
