// Command server is lesson 04's echo server, which listens on the address
// given on its command line:
//
//	server [-port N] HOST
//
// HOST decides who can reach the server: 127.0.0.1 (or ::1) only programs on
// this machine, one of the machine's public addresses the other hosts of
// that network, and an empty HOST every address the machine has:
//
//	server -port 10000 ''
//
// The server echoes what each client sends, reading 16 bytes at a time, and
// serves one client after another, writing everything on standard error.
//
// Read ../README.md first; HINTS.md helps when you are stuck. Grade your
// work with: go test ./lessons/04-bind-address/
package main

import (
	"example.com/tcpworkshop/internal/cli"
	"example.com/tcpworkshop/internal/sockets"
)

// chunkSize is how many bytes the server reads at a time.
const chunkSize = 16

// serve listens on host and port and echoes one client after another. It
// returns only when something goes wrong, such as a port already in use or
// an address this machine does not have.
func serve(host string, port int) error {
	// TODO(step 1): join host and port into one address with
	// net.JoinHostPort (it knows that an IPv6 address such as ::1 needs
	// brackets), listen on it with net.Listen, and return the error if it
	// fails.

	// TODO(step 2): print the ready line on standard error, after listening:
	// "starting up on HOST port PORT". HOST is the host as given; when it is
	// empty, print the host the listener really got instead (split its
	// Addr().String() with net.SplitHostPort). PORT is the listener's port.

	// TODO(step 3): loop for ever: print "waiting for a connection", accept a
	// connection, and print "client connected: ADDR", ADDR being the
	// connection's RemoteAddr(). Everything goes to standard error.

	// TODO(step 4): echo the client: read chunkSize bytes at a time, print
	// each chunk as received "..." (with %q) and send it back. At the end of
	// the stream print received "" and close the connection. If reading or
	// sending fails, print the error on one line of standard error and go
	// on serving.

	return nil
}

func main() {
	port := cli.PortFlag(10000, "TCP port to listen on")
	cli.Parse("server", "HOST")
	host := sockets.RequiredHostArgument("server", "the address to listen on: 127.0.0.1, a host name, or '' for every address")

	if err := serve(host, *port); err != nil {
		cli.Fatal("server", err)
	}
}
