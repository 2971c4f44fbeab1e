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
package main

import (
	"errors"
	"fmt"
	"io"
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
	// Unlike UDP's connect, this is a real exchange of packets with the
	// server (TCP's three-way handshake), so it can fail: "connection
	// refused" when nothing listens there.
	conn, err := net.Dial("tcp", address)
	if err != nil {
		return err
	}
	defer conn.Close()
	// The operating system picked the client's port while connecting.
	fmt.Printf("Client has been assigned socket name %s\n", conn.LocalAddr())

	// Write sends all 16 bytes before it returns, or fails.
	if _, err := conn.Write([]byte(greeting)); err != nil {
		return err
	}
	reply, err := recvAll(conn, messageSize)
	if err != nil {
		return err
	}
	fmt.Printf("The server said %q\n", reply)
	return nil
}

// recvAll reads exactly length bytes from conn. A single Read returns what
// has arrived so far, which may be less than asked, so it reads again and
// again until the message is complete. If the peer closes the connection
// before that, the error says how far the message got.
//
// It is the server's recvAll, word for word: two programs, one protocol.
// The standard library offers this loop as io.ReadFull.
func recvAll(conn net.Conn, length int) ([]byte, error) {
	message := make([]byte, length)
	received := 0
	for received < length {
		// Ask only for what is missing, so that nothing more is read.
		n, err := conn.Read(message[received:])
		received += n
		if err != nil && received < length {
			if errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("socket closed %d bytes into a %d-byte message", received, length)
			}
			return nil, err
		}
	}
	return message, nil
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
