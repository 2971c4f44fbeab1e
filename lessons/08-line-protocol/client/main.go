// Command client is lesson 08's client for the key-value server. It sends
// each line of standard input to the server as a request and prints each
// reply on standard output, one line for one line:
//
//	$ printf 'SET greeting hello world\nGET greeting\n' | client
//	OK
//	VALUE hello world
//
// Read ../README.md first; HINTS.md helps when you are stuck. Grade your
// work with: go test ./lessons/08-line-protocol/
package main

import (
	"io"
	"os"

	"example.com/tcpworkshop/internal/cli"
)

// talk connects to the server, sends it every line of input and prints
// every reply, until the reply BYE or the end of input.
func talk(host string, port int, input io.Reader) error {
	// TODO(step 6): connect with net.Dial to
	// net.JoinHostPort(host, strconv.Itoa(port)), return the error if it
	// fails, and close the connection when talk returns.

	// TODO(step 7): read input line by line with a bufio.Scanner, and the
	// connection with another. For each input line: send it with a "\n",
	// read one reply line and print it on standard output. If no reply
	// comes (the server closed the connection), return an error that says
	// so. Return nil after the reply BYE, or when the input ends.

	return nil
}

func main() {
	addr := cli.ClientFlags("client", "the server", "localhost", 10008)

	if err := talk(addr.Host, addr.Port, os.Stdin); err != nil {
		cli.Fatal("client", err)
	}
}
