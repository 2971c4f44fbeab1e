// Command short-server is lesson 02's warm-up echo server, the shortest
// one there is. It serves exactly one client: it sends back everything the
// client sends, 1024 bytes at a time, until the client closes its end, and
// then it exits.
//
// It says where it listens on standard error, and names its one client on
// standard output:
//
//	Listening on 127.0.0.1:4444
//	Connected by 127.0.0.1:47060
package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"

	"example.com/tcpworkshop/internal/cli"
)

// bufferSize is how many bytes the server asks for with each Read.
const bufferSize = 1024

// serveOnce listens on address, echoes for the first client that comes,
// and returns when that client has finished.
func serveOnce(address string) error {
	listener, err := net.Listen("tcp", address)
	if err != nil {
		return err
	}
	defer listener.Close()
	fmt.Fprintf(os.Stderr, "Listening on %s\n", listener.Addr())

	// Accept blocks until a client connects: until then the server seems
	// to hang.
	conn, err := listener.Accept()
	if err != nil {
		return err
	}
	defer conn.Close()
	fmt.Printf("Connected by %s\n", conn.RemoteAddr())

	buf := make([]byte, bufferSize)
	for {
		n, err := conn.Read(buf)
		if n > 0 {
			if _, err := conn.Write(buf[:n]); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) {
			// The client closed its end: the echo is complete.
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func main() {
	addr := cli.ServerFlags("short-server", "127.0.0.1", 4444)

	if err := serveOnce(addr.String()); err != nil {
		cli.Fatal("short-server", err)
	}
}
