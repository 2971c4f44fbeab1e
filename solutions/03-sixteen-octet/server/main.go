// Command server is lesson 03's sixteen-octet server. Every client sends
// exactly 16 bytes, "Hi there, server"; the server reads exactly those 16
// bytes, however many pieces they arrive in, answers with exactly 16 bytes,
// "Farewell, client", and closes the connection.
//
// It narrates what it does on standard output:
//
//	Listening at [::]:1060
//	We have accepted a connection from 127.0.0.1:49607
//	Socket connects 127.0.0.1:1060 and 127.0.0.1:49607
//	The incoming sixteen-octet message says "Hi there, server"
//	Reply sent, socket closed
//	Listening at [::]:1060
//
// A client that hangs up before its 16 bytes are complete gets one line on
// standard error, and the server goes on with the next client:
//
//	server: socket closed 10 bytes into a 16-byte message
//
// Usage: server [-port N] [host]. Without a host, the server listens on
// every address of this machine.
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

// The protocol: each side sends one message of exactly messageSize bytes.
const (
	messageSize = 16
	farewell    = "Farewell, client"
)

// serve listens on address and talks to one client after another. It
// returns only when something goes wrong with the listener itself, such as
// a port already in use.
func serve(address string) error {
	listener, err := net.Listen("tcp", address)
	if err != nil {
		return err
	}
	defer listener.Close()

	for {
		// The first time round, this is the ready line: the kernel queues
		// clients from the moment Listen returned, even before Accept.
		fmt.Printf("Listening at %s\n", listener.Addr())
		conn, err := listener.Accept()
		if err != nil {
			return err
		}
		fmt.Printf("We have accepted a connection from %s\n", conn.RemoteAddr())
		fmt.Printf("Socket connects %s and %s\n", conn.LocalAddr(), conn.RemoteAddr())
		if err := converse(conn); err != nil {
			// One client's trouble must not stop the server.
			fmt.Fprintf(os.Stderr, "server: %v\n", err)
		}
	}
}

// converse reads the client's 16-byte message, answers with 16 bytes of its
// own and hangs up. The connection is closed whatever happens.
func converse(conn net.Conn) error {
	defer conn.Close()

	message, err := recvAll(conn, messageSize)
	if err != nil {
		return err
	}
	fmt.Printf("The incoming sixteen-octet message says %q\n", message)

	// Write returns only when every byte is handed to the kernel (or an
	// error happened): it loops for us, like Python's sendall.
	if _, err := conn.Write([]byte(farewell)); err != nil {
		return err
	}
	if err := conn.Close(); err != nil {
		return err
	}
	fmt.Println("Reply sent, socket closed")
	return nil
}

// recvAll reads exactly length bytes from conn. A single Read returns what
// has arrived so far, which may be less than asked, so it reads again and
// again until the message is complete. If the peer closes the connection
// before that, the error says how far the message got.
//
// The standard library offers this loop as io.ReadFull; it is written out
// here because writing it is the point of the lesson.
func recvAll(conn net.Conn, length int) ([]byte, error) {
	message := make([]byte, length)
	received := 0
	for received < length {
		// Ask only for what is missing, so that nothing of a next message
		// is read by mistake.
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
	port := cli.PortFlag(1060, "TCP port to listen on")
	cli.Parse("server", "[host]")
	// An empty host means every address of this machine.
	host := sockets.HostArgument("server", "")

	if err := serve(net.JoinHostPort(host, strconv.Itoa(*port))); err != nil {
		cli.Fatal("server", err)
	}
}
