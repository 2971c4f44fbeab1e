// Command client is lesson 01's time client. It connects to the time
// server, reads what the server sends (at most 1024 bytes, in one read) and
// prints it:
//
//	The time got from the server is Wed Jan 29 19:14:15 2014
//
// Read ../README.md first; HINTS.md helps when you are stuck. Grade your
// work with: go test ./lessons/01-time-server/
package main

import "example.com/tcpworkshop/internal/cli"

// askTime connects to the time server at address and returns what it sent.
func askTime(address string) ([]byte, error) {
	// TODO(step 5): connect to address with net.Dial, returning the error if
	// it fails (cli.Fatal then explains it), and close the connection when
	// done.

	// TODO(step 6): read once into a 1024-byte buffer and return what came.
	// If nothing came before the end of the stream (io.EOF), return an error
	// that says the server closed the connection without sending the time.

	return nil, nil
}

func main() {
	addr := cli.ClientFlags("client", "the time server", cli.Hostname(), 9999)

	now, err := askTime(addr.String())
	if err != nil {
		cli.Fatal("client", err)
	}
	// TODO(step 6): print "The time got from the server is " followed by
	// what the server sent, exactly as it came, and a newline.
	_ = now
}
