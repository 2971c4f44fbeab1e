// Command client is lesson 10's chat client. It does two things at once:
// it sends every line of standard input to the server, and prints every
// line from the server as soon as it arrives. At the end of standard input
// it stops sending and waits for the server to close the connection.
//
// Read ../README.md first; HINTS.md helps when you are stuck. Grade your
// work with: go test ./lessons/10-chat/
package main

import (
	"io"
	"net"

	"example.com/tcpworkshop/internal/cli"
)

// chat connects to the server at address and relays lines both ways until
// the server closes the connection.
func chat(address string) error {
	// TODO(step 8): connect with net.Dial and return the error if it
	// fails. Start send(os.Stdin, conn.(*net.TCPConn)) in a goroutine of
	// its own, reporting its error on a channel, and copy the connection
	// to standard output (io.Copy) in another.

	// TODO(step 9): return when the copy ends: nil when the server closed
	// the connection, or its error. If send fails first, return its error.

	return nil
}

// send sends every line of input to the server, then closes the sending
// half of the connection.
func send(input io.Reader, conn *net.TCPConn) error {
	// TODO(step 10): read input with a bufio.Scanner and write each line
	// with "\n". At the end of the input, return conn.CloseWrite(): the
	// server reads the end of the stream, and sees you leave.

	return nil
}

func main() {
	addr := cli.ClientFlags("client", "the chat server", "localhost", 10010)

	if err := chat(addr.String()); err != nil {
		cli.Fatal("client", err)
	}
}
