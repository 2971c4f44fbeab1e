// Command server is lesson 06's interactive server. It serves one client at
// a time: every message the client sends (whatever one read returns, at
// most 2048 bytes) is answered with one write that names the client and
// quotes the message back:
//
//	Hello, 127.0.0.1:50312. I got this from you: 'hello'
//
// Everything it says goes to standard output, and the trouble of one client
// to standard error, on one line:
//
//	Listening on address [::]:22222. Kill server with Ctrl-C
//
//	Connection received from 127.0.0.1:50312
//	Received 'hello' from client
//	End of file from client. Resetting
package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"

	"example.com/tcpworkshop/internal/cli"
)

// bufferSize is the most one read takes from the connection.
const bufferSize = 2048

// serve listens on address and talks with one client after another. It
// returns only when something goes wrong, such as a port already in use.
func serve(address string) error {
	listener, err := net.Listen("tcp", address)
	if err != nil {
		return err
	}
	defer listener.Close()
	// The kernel queues clients from here on, even before Accept. With an
	// empty host the address is the "any" address, printed as [::]:22222.
	fmt.Printf("Listening on address %s. Kill server with Ctrl-C\n", listener.Addr())

	for {
		conn, err := listener.Accept()
		if err != nil {
			return err
		}
		fmt.Printf("\nConnection received from %s\n", conn.RemoteAddr())
		// One client at a time: the next one waits in the kernel's queue
		// until this conversation is over.
		if err := converse(conn); err != nil {
			// One client's trouble must not stop the server.
			fmt.Fprintf(os.Stderr, "server: %v\n", err)
		}
	}
}

// converse answers every message of one client until the client ends the
// stream, then hangs up.
func converse(conn net.Conn) error {
	defer conn.Close()
	buf := make([]byte, bufferSize)
	for {
		// One read returns whatever has arrived, from 1 to 2048 bytes: TCP
		// keeps no message boundaries. This server treats it as a message.
		n, err := conn.Read(buf)
		if errors.Is(err, io.EOF) {
			fmt.Println("End of file from client. Resetting")
			return nil
		}
		if err != nil {
			return err
		}
		message := buf[:n]
		fmt.Printf("Received '%s' from client\n", message)

		// One write per read: the answer goes out as one piece.
		answer := fmt.Sprintf("Hello, %s. I got this from you: '%s'", conn.RemoteAddr(), message)
		if _, err := conn.Write([]byte(answer)); err != nil {
			return err
		}
	}
}

func main() {
	addr := cli.ServerFlags("server", "", 22222)

	if err := serve(addr.String()); err != nil {
		cli.Fatal("server", err)
	}
}
