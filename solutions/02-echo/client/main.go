// Command client is lesson 02's echo client. It connects to the echo
// server, sends one message, and reads 16 bytes at a time until the whole
// message has come back.
//
// Everything it says goes to standard error:
//
//	connecting to localhost port 10000
//	sending "This is the message.  It will be repeated."
//	received "This is the mess"
//	received "age.  It will be"
//	received " repeated."
//	closing socket
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"

	"example.com/tcpworkshop/internal/cli"
)

// chunkSize is how many bytes the client reads at a time.
const chunkSize = 16

// talk sends message to the echo server at host and port and reads it back.
func talk(host string, port int, message string) error {
	conn, err := net.Dial("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	defer conn.Close()
	// Said once the connection is made, so that a refused connection
	// prints nothing but its error.
	fmt.Fprintf(os.Stderr, "connecting to %s port %d\n", host, port)

	fmt.Fprintf(os.Stderr, "sending %q\n", message)
	// Write sends every byte or returns an error.
	if _, err := conn.Write([]byte(message)); err != nil {
		return err
	}

	// The echo comes back in pieces whose sizes have nothing to do with
	// how the message was written: count bytes, not reads.
	expected := len(message)
	received := 0
	buf := make([]byte, chunkSize)
	for received < expected {
		n, err := conn.Read(buf)
		if n > 0 {
			received += n
			fmt.Fprintf(os.Stderr, "received %q\n", buf[:n])
		}
		switch {
		case received >= expected:
		case errors.Is(err, io.EOF):
			return fmt.Errorf("the server closed the connection after sending back %d of %d bytes", received, expected)
		case err != nil:
			return fmt.Errorf("the connection failed after %d of %d bytes came back: %w", received, expected, err)
		}
	}

	fmt.Fprintln(os.Stderr, "closing socket")
	return conn.Close()
}

func main() {
	message := flag.String("message", "This is the message.  It will be repeated.", "the message to send")
	addr := cli.ClientFlags("client", "the echo server", "localhost", 10000)

	if err := talk(addr.Host, addr.Port, *message); err != nil {
		cli.Fatal("client", err)
	}
}
