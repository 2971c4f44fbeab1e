// Command server is lesson 01's time server. Every client that connects is
// told the current time, in the format of C's ctime() followed by "\r\n",
// and the connection is closed at once.
//
// Read ../README.md first; HINTS.md helps when you are stuck. Grade your
// work with: go test ./lessons/01-time-server/
package main

import "example.com/tcpworkshop/internal/cli"

// ctimeLayout is the layout of C's ctime(), which Python's time.ctime()
// follows: "Wed Jan 29 19:14:15 2014", with the day padded by a space.
// Use it with time.Now().Format.
const ctimeLayout = "Mon Jan _2 15:04:05 2006"

// serve listens on address and tells the time to one client after another.
// It returns only when something goes wrong, such as a port already in use.
func serve(address string) error {
	// TODO(step 1): listen for TCP connections on address with net.Listen,
	// return the error if it fails, and otherwise close the listener when
	// serve returns (defer listener.Close()).

	// TODO(step 2): print the ready line on standard error, after listening:
	// "Listening on ADDR", where ADDR is the listener's Addr().

	// TODO(step 3): loop for ever: accept a connection, and print
	// "Got a connection from ADDR" on standard output, ADDR being the
	// connection's RemoteAddr().

	// TODO(step 4): send the client the current time, formatted with
	// ctimeLayout and followed by "\r\n", then close the connection. If
	// sending fails, print the error on standard error and go on serving.

	return nil
}

func main() {
	addr := cli.ServerFlags("server", cli.Hostname(), 9999)

	if err := serve(addr.String()); err != nil {
		cli.Fatal("server", err)
	}
}
