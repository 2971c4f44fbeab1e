// Command client is lesson 05's echo client. It connects to the echo server
// by name, the way Python's socket.create_connection does: the name is
// resolved to its addresses, and they are tried in turn until one accepts.
// Then it reports what kind of socket it got and echoes the tutorial's
// message, like lesson 02's client. Everything it says goes to standard
// error.
//
// The server is given ready-made: it is lesson 02's echo server. So is
// sockets.DescribeSocket (internal/sockets), which tells the family, type
// and protocol of a connection's socket.
//
// Read ../README.md first; HINTS.md helps when you are stuck. Grade your
// work with: go test ./lessons/05-create-connection/
package main

import "example.com/tcpworkshop/internal/cli"

// message is what the client sends, the tutorial's message.
const message = "This is the message.  It will be repeated."

// chunkSize is how many bytes the client reads at a time.
const chunkSize = 16

// talk connects to the echo server at address, a host name or an IP
// address with a port, and has the message echoed.
func talk(address string) error {
	// TODO(step 1): connect to address with net.Dial, which resolves a name
	// and tries its addresses in turn. Return the error if every one of
	// them failed (main prints it), and close the connection when done.

	// TODO(step 2): call sockets.DescribeSocket on the connection (return its
	// error, if any) and print, on standard error, "Family  : ",
	// "Type    : " and "Protocol: " followed by the three names it
	// returns, then an empty line.

	// TODO(step 3): print `sending "..."` (format the message with %q),
	// then write the message to the connection.

	// TODO(step 4): read into a buffer of chunkSize bytes until as many
	// bytes have come back as were sent, printing `received "..."` (%q)
	// for every read. If the stream ends or fails first, return an error
	// that says "N of M bytes" came back. Then print "closing socket" and
	// close the connection.

	return nil
}

func main() {
	addr := cli.ClientFlags("client", "the echo server", "localhost", 10000)

	if err := talk(addr.String()); err != nil {
		cli.Fatal("client", err)
	}
}
