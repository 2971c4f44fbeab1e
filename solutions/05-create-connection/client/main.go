// Command client is lesson 05's echo client. It connects to the echo server
// by name, the way Python's socket.create_connection does: the name is
// resolved to its addresses, and they are tried in turn until one accepts.
// Then it reports what kind of socket it got and echoes the tutorial's
// message, like lesson 02's client.
//
// Everything it says goes to standard error:
//
//	Family  : AF_INET
//	Type    : SOCK_STREAM
//	Protocol: IPPROTO_TCP
//
//	sending "This is the message.  It will be repeated."
//	received "This is the mess"
//	received "age.  It will be"
//	received " repeated."
//	closing socket
package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"

	"example.com/tcpworkshop/internal/cli"
	"example.com/tcpworkshop/internal/sockets"
)

// message is what the client sends, the tutorial's message.
const message = "This is the message.  It will be repeated."

// chunkSize is how many bytes the client reads at a time.
const chunkSize = 16

// talk connects to the echo server at address, a host name or an IP
// address with a port, and has the message echoed.
func talk(address string) error {
	// Given a name, Dial looks up every address of it and tries them until
	// one accepts the connection; it fails only if all of them fail.
	conn, err := net.Dial("tcp", address)
	if err != nil {
		return err
	}
	defer conn.Close()

	// Which address won decides the kind of socket: AF_INET for an IPv4
	// address, AF_INET6 for an IPv6 one.
	family, sockType, protocol, err := sockets.DescribeSocket(conn)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "Family  : %s\n", family)
	fmt.Fprintf(os.Stderr, "Type    : %s\n", sockType)
	fmt.Fprintf(os.Stderr, "Protocol: %s\n", protocol)
	fmt.Fprintln(os.Stderr)

	fmt.Fprintf(os.Stderr, "sending %q\n", message)
	if _, err := conn.Write([]byte(message)); err != nil {
		return err
	}

	// Count the bytes that come back, not the reads. An error matters only
	// while bytes are missing.
	received := 0
	buf := make([]byte, chunkSize)
	for received < len(message) {
		n, err := conn.Read(buf)
		if n > 0 {
			fmt.Fprintf(os.Stderr, "received %q\n", buf[:n])
			received += n
		}
		if err != nil && received < len(message) {
			if errors.Is(err, io.EOF) {
				return fmt.Errorf("the server closed the connection after sending back %d of %d bytes", received, len(message))
			}
			return fmt.Errorf("the connection failed after %d of %d bytes came back: %w", received, len(message), err)
		}
	}

	fmt.Fprintln(os.Stderr, "closing socket")
	return conn.Close()
}

func main() {
	addr := cli.ClientFlags("client", "the echo server", "localhost", 10000)

	if err := talk(addr.String()); err != nil {
		cli.Fatal("client", err)
	}
}
