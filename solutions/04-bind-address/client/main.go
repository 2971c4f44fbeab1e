// Command client is lesson 04's echo client. It connects to the echo server
// at the host given on its command line, sends one message and reads it
// back, 16 bytes at a time:
//
//	client [-port N] HOST
//
// It writes everything on standard error:
//
//	connecting to 127.0.0.1 port 10000
//	sending "This is the message.  It will be repeated."
//	received "This is the mess"
//	received "age.  It will be"
//	received " repeated."
package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"

	"example.com/tcpworkshop/internal/cli"
	"example.com/tcpworkshop/internal/sockets"
)

// message is what the client sends; the server echoes it back. There are
// two spaces after the period.
const message = "This is the message.  It will be repeated."

// chunkSize is how many bytes the client reads at a time.
const chunkSize = 16

// echoMessage connects to the echo server at host and port, sends message
// and reads it back, 16 bytes at a time.
func echoMessage(host string, port int) error {
	fmt.Fprintf(os.Stderr, "connecting to %s port %d\n", host, port)
	conn, err := net.Dial("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	defer conn.Close()

	fmt.Fprintf(os.Stderr, "sending %q\n", message)
	if _, err := conn.Write([]byte(message)); err != nil {
		return err
	}

	// The echo comes back in pieces: count the bytes until all are back.
	buf := make([]byte, chunkSize)
	received := 0
	for received < len(message) {
		n, err := conn.Read(buf)
		if n > 0 {
			received += n
			fmt.Fprintf(os.Stderr, "received %q\n", buf[:n])
		}
		if err != nil && received < len(message) {
			if errors.Is(err, io.EOF) {
				return fmt.Errorf("the server closed the connection after sending back %d of %d bytes", received, len(message))
			}
			return fmt.Errorf("%d of %d bytes came back: %w", received, len(message), err)
		}
	}
	return nil
}

func main() {
	port := cli.PortFlag(10000, "TCP port of the echo server")
	cli.Parse("client", "HOST")
	host := sockets.RequiredHostArgument("client", "the address or name of the echo server, such as 127.0.0.1")

	if err := echoMessage(host, *port); err != nil {
		cli.Fatal("client", err)
	}
}
