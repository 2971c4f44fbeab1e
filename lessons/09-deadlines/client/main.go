// Command client is lesson 09's key-value client. It sends every line of
// its standard input to the server as a request and prints each reply on
// standard output. It ends with exit status 0 after the server's BYE or at
// the end of the input.
//
// Nothing makes it wait for ever: connecting and every reply each have
// -timeout. A server that accepts and never answers gets one line on
// standard error and exit status 1:
//
//	client: no reply from the server within 10s
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"example.com/tcpworkshop/internal/cli"
)

// maxReply is the longest reply line the client takes: a reply holds at
// most one request line's worth of value.
const maxReply = 2048

// run connects to the server at address and sends it the requests.
func run(address string, timeout time.Duration) error {
	// TODO(step 6): connect with a net.Dialer whose Timeout is timeout,
	// instead of net.Dial, which may wait minutes for a host that does
	// not answer.
	conn, err := net.Dial("tcp", address)
	if err != nil {
		return err
	}
	defer conn.Close()

	requests := bufio.NewScanner(os.Stdin)
	replies := bufio.NewReaderSize(conn, maxReply)
	for requests.Scan() {
		if _, err := fmt.Fprintf(conn, "%s\n", requests.Text()); err != nil {
			return fmt.Errorf("sending to the server: %w", err)
		}
		// TODO(step 6): set a read deadline, timeout from now, for this
		// reply; when the read fails with os.ErrDeadlineExceeded, return
		// an error that says "no reply from the server within TIMEOUT".
		reply, err := readReply(replies)
		if err != nil {
			return err
		}
		fmt.Println(reply)
		if strings.HasPrefix(reply, "BYE") {
			return nil
		}
	}
	return requests.Err()
}

// readReply reads one reply line and returns it without its end. It is
// given.
func readReply(r *bufio.Reader) (string, error) {
	line, err := r.ReadSlice('\n')
	switch {
	case err == nil:
		return strings.TrimSuffix(strings.TrimSuffix(string(line), "\n"), "\r"), nil
	case errors.Is(err, bufio.ErrBufferFull):
		return "", fmt.Errorf("the server sent a reply longer than %d bytes", maxReply)
	case errors.Is(err, io.EOF):
		return "", errors.New("the server closed the connection without a reply")
	}
	return "", fmt.Errorf("reading from the server: %w", err)
}

func main() {
	timeout := flag.Duration("timeout", 10*time.Second, "give up connecting, or waiting for a reply, after this long")
	addr := cli.ClientFlags("client", "the server", "localhost", 10009)
	if *timeout <= 0 {
		cli.Usage("client", "", "-timeout must be longer than 0")
	}

	if err := run(addr.String(), *timeout); err != nil {
		cli.Fatal("client", err)
	}
}
