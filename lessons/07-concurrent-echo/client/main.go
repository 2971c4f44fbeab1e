// Command client is lesson 07's echo client. It copies its standard input
// to the echo server and what comes back to its standard output, both at
// the same time, like "nc -N". At the end of its input it closes its
// sending half, then it waits until the server has echoed everything and
// closed the connection.
//
// Read ../README.md first; HINTS.md helps when you are stuck. Grade your
// work with: go test ./lessons/07-concurrent-echo/
package main

import (
	"io"
	"net"

	"example.com/tcpworkshop/internal/cli"
)

// run connects to the echo server at host and port and relays standard
// input and standard output through it.
func run(host string, port int) error {
	// TODO(step 5): connect with net.Dial to
	// net.JoinHostPort(host, strconv.Itoa(port)) and return the error if it
	// fails. Close the connection when run returns, and hand it to relay
	// as a *net.TCPConn, with os.Stdin and os.Stdout.

	return nil
}

// relay sends everything from in to the server while it copies everything
// the server sends to out, and returns once both directions are over.
func relay(conn *net.TCPConn, in io.Reader, out io.Writer) error {
	// TODO(step 6): start two goroutines and wait for both with a
	// sync.WaitGroup. One copies in to conn, counting the bytes sent, and
	// at the end of the input closes the sending half: conn.CloseWrite().
	// The other copies conn to out, counting the bytes received, until
	// the server closes the connection. Each keeps its own error.

	// TODO(step 7): once both are done, return an error if receiving
	// failed, else if sending failed (say how many bytes got through),
	// else if fewer bytes came back than were sent: "the server closed
	// the connection after echoing N of M bytes". Otherwise return nil.

	return nil
}

func main() {
	addr := cli.ClientFlags("client", "the echo server", "localhost", 10007)

	if err := run(addr.Host, addr.Port); err != nil {
		cli.Fatal("client", err)
	}
}
