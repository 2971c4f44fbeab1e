// Command client is lesson 03's sixteen-octet client. It connects to the
// server, sends exactly 16 bytes, "Hi there, server", reads exactly the 16
// bytes of the answer, however many pieces they arrive in, and prints what
// it did:
//
//	Client has been assigned socket name 127.0.0.1:49607
//	The server said "Farewell, client"
//
// Usage: client [-port N] [host]. Without a host, the client connects to
// this machine, "localhost".
//
// Read ../README.md first; HINTS.md helps when you are stuck. Grade your
// work with: go test ./lessons/03-sixteen-octet/
package main

import (
	"net"
	"strconv"

	"example.com/tcpworkshop/internal/cli"
	"example.com/tcpworkshop/internal/sockets"
)

// The protocol: each side sends one message of exactly messageSize bytes.
const (
	messageSize = 16
	greeting    = "Hi there, server"
)

// talk connects to the server at address, sends the greeting and prints
// the server's answer.
func talk(address string) error {
	// TODO(step 5): connect to address with net.Dial, returning the error
	// if it fails (main then prints it on one line), and close the
	// connection when done. Print "Client has been assigned socket name
	// ADDR" on standard output, ADDR being the connection's LocalAddr().

	// TODO(step 6): write greeting to the connection, read the 16-byte
	// answer with recvAll(conn, messageSize), and print
	// `The server said "..."` (the answer with %q). Return any error.

	return nil
}

// recvAll reads exactly length bytes from conn, or fails.
func recvAll(conn net.Conn, length int) ([]byte, error) {
	// TODO(step 6): the same loop as the server's recvAll (step 3): both
	// sides of the protocol read 16 bytes that may arrive in pieces. Copy
	// yours here.

	return nil, nil
}

func main() {
	port := cli.PortFlag(1060, "TCP port of the server")
	cli.Parse("client", "[host]")
	// "localhost" is this machine, whichever of its addresses the server
	// listens on.
	host := sockets.HostArgument("client", "localhost")

	if err := talk(net.JoinHostPort(host, strconv.Itoa(*port))); err != nil {
		cli.Fatal("client", err)
	}
}
