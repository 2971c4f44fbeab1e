// Command short-server is lesson 02's warm-up echo server, the shortest
// one there is. It serves exactly one client: it sends back everything the
// client sends, 1024 bytes at a time, until the client closes its end, and
// then it exits.
//
// Read ../README.md first (steps 9 to 11); HINTS.md helps when you are
// stuck. Grade your work with: go test ./lessons/02-echo/
package main

import "example.com/tcpworkshop/internal/cli"

// bufferSize is how many bytes the server asks for with each Read.
const bufferSize = 1024

// serveOnce listens on address, echoes for the first client that comes,
// and returns when that client has finished.
func serveOnce(address string) error {
	// TODO(step 9): listen on address with net.Listen, return the error if
	// it fails, close the listener when serveOnce returns, and print
	// "Listening on ADDR" on standard error, ADDR being the listener's
	// Addr().

	// TODO(step 10): accept one client (no loop: this server serves one),
	// close the connection when serveOnce returns, and print
	// "Connected by ADDR" on standard output, ADDR being the connection's
	// RemoteAddr(). Then read into a buffer of bufferSize bytes again and
	// again, writing back what each Read brought, until the Read says
	// io.EOF: then return nil. Return any other error.

	return nil
}

func main() {
	addr := cli.ServerFlags("short-server", "127.0.0.1", 4444)

	if err := serveOnce(addr.String()); err != nil {
		cli.Fatal("short-server", err)
	}
}
