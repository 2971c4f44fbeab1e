// Command client is lesson 06's interactive client. It connects to the
// server, then asks for lines on standard input; it sends each line (without
// its newline), waits for the server's answer and prints it:
//
//	Connected to 127.0.0.1:22222
//	Enter some data: hello
//	Got this string from server:
//	Hello, 127.0.0.1:50312. I got this from you: 'hello'
//
// Read ../README.md first; HINTS.md helps when you are stuck. Grade your
// work with: go test ./lessons/06-interactive/
package main

import (
	"io"
	"net"
	"os"

	"example.com/tcpworkshop/internal/cli"
)

// bufferSize is the most one read takes from the connection.
const bufferSize = 2048

// chat connects to the server at address, then sends it every line read
// from input and prints every answer, until input ends.
func chat(address string, input io.Reader) error {
	// TODO(step 4): connect to address with net.Dial, returning the error
	// if it fails (main then prints it on one line), and close the
	// connection when done. Print "Connected to ADDR", ADDR being the
	// connection's RemoteAddr().

	// TODO(step 5): loop: print the prompt "Enter some data: " without a
	// newline, and read one line from input (bufio.Scanner). At the end of
	// input, print a newline and "Okay. Leaving. Bye" and return nil. For an
	// empty line, print "Can't send empty string!" and
	// "Ctrl-D [or Ctrl-Z on Windows] to exit", and prompt again.

	// TODO(step 6): send every other line with exchange. If exchange fails,
	// print "Server abended. Exiting" and return its error. Otherwise print
	// "Got this string from server:", then the answer and an empty line.

	return nil
}

// exchange sends one message to the server and returns its answer: what one
// read returns, at most bufferSize bytes.
func exchange(conn net.Conn, message string) ([]byte, error) {
	// TODO(step 6): write the message as it is, without a newline. Then read
	// once into a buffer of bufferSize bytes and return what came. If the
	// server closed the connection (io.EOF) or either call failed, return an
	// error that says so.

	return nil, nil
}

func main() {
	addr := cli.ClientFlags("client", "the server", "127.0.0.1", 22222)

	if err := chat(addr.String(), os.Stdin); err != nil {
		cli.Fatal("client", err)
	}
}
