// Command server is lesson 07's concurrent echo server. It sends every
// byte a client sends straight back to that client, and it serves any
// number of clients at once: each connection gets a goroutine of its own.
// When a client closes its sending half, the server finishes echoing and
// closes the connection.
//
// Read ../README.md first; HINTS.md helps when you are stuck. Grade your
// work with: go test ./lessons/07-concurrent-echo/
package main

import (
	"net"
	"sync/atomic"

	"example.com/tcpworkshop/internal/cli"
)

// open counts the connections being served right now. Every connection's
// goroutine changes it, so it is an atomic counter: open.Add(1) adds one
// and returns the new count, open.Add(-1) takes one away.
var open atomic.Int64

// serve listens on host and port and echoes for every client that
// connects, each in its own goroutine. It returns only when something goes
// wrong, such as a port already in use.
func serve(host string, port int) error {
	// TODO(step 1): listen with net.Listen on
	// net.JoinHostPort(host, strconv.Itoa(port)) and return the error if it
	// fails. Then print the ready line on standard error:
	// "starting up on HOST port PORT", with host and port as given.

	// TODO(step 2): loop for ever: accept a connection (return the error
	// if Accept fails) and hand it to echo in a goroutine of its own, so
	// that the loop is back at Accept at once.

	return nil
}

// echo sends everything the client sends straight back, until the client
// closes its sending half; then it closes the connection.
func echo(conn net.Conn) {
	// TODO(step 3): close the connection when echo returns. Count it in
	// open and print, on standard output, "connection from ADDR (N open)",
	// ADDR being conn.RemoteAddr() and N the count after adding this one.

	// TODO(step 4): copy everything from the connection back to it until
	// the client's end of stream, counting the bytes (io.Copy does both).
	// If that fails, print "server: ADDR: ERROR" on standard error. Then
	// take the connection out of the count and print, on standard output,
	// "closed ADDR after echoing BYTES bytes (N open)", before the
	// connection is closed.
}

func main() {
	addr := cli.ServerFlags("server", "localhost", 10007)

	if err := serve(addr.Host, addr.Port); err != nil {
		cli.Fatal("server", err)
	}
}
