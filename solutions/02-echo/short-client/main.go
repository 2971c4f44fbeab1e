// Command short-client is lesson 02's warm-up echo client. It sends one
// short message to the echo server, reads once, and prints what came back,
// quoted the way Go writes a string:
//
//	Received "Hello friend"
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"

	"example.com/tcpworkshop/internal/cli"
)

// bufferSize is the most the client reads, in its one Read.
const bufferSize = 1024

// echoOnce sends message to the echo server at address and returns what
// one Read brings back. On loopback a short message comes back whole; over
// a real network it may come back in pieces, and this Read would get only
// the first.
func echoOnce(address, message string) ([]byte, error) {
	conn, err := net.Dial("tcp", address)
	if err != nil {
		return nil, err
	}
	defer conn.Close()

	if _, err := conn.Write([]byte(message)); err != nil {
		return nil, err
	}
	buf := make([]byte, bufferSize)
	n, err := conn.Read(buf)
	switch {
	case n > 0:
		// Bytes count even when an error came with them.
		return buf[:n], nil
	case errors.Is(err, io.EOF):
		return nil, errors.New("the server closed the connection without echoing anything")
	default:
		return nil, fmt.Errorf("reading the echo: %w", err)
	}
}

func main() {
	message := flag.String("message", "Hello friend", "the message to send")
	addr := cli.ClientFlags("short-client", "the echo server", "127.0.0.1", 4444)

	echo, err := echoOnce(addr.String(), *message)
	if err != nil {
		cli.Fatal("short-client", err)
	}
	fmt.Printf("Received %q\n", echo)
}
