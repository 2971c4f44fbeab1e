// Command server is lesson 02's echo server. It serves one client after
// another: it reads what the client sends, 16 bytes at a time, and sends
// every piece straight back, until the client closes its end.
//
// Everything it says goes to standard error, one line per event:
//
//	starting up on localhost port 10000
//	waiting for a connection
//	connection from 127.0.0.1:52186
//	received "This is the mess"
//	sending data back to the client
//	...
//	received ""
//	no more data from 127.0.0.1:52186
//	waiting for a connection
package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"

	"example.com/tcpworkshop/internal/cli"
)

// chunkSize is how many bytes the server reads at a time. It is tiny on
// purpose, so that the transcript shows the stream arriving in pieces.
const chunkSize = 16

// serve listens on host and port and echoes for one client after another.
// It returns only when something goes wrong, such as a port already in use.
func serve(host string, port int) error {
	listener, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	defer listener.Close()
	// The kernel queues clients from here on, so now it is true to say so.
	// The line names the host as it was given, like the tutorial's server,
	// and the port the listener really got (-port 0 lets the system pick).
	host, port = listeningOn(host, listener.Addr())
	fmt.Fprintf(os.Stderr, "starting up on %s port %d\n", host, port)

	for {
		fmt.Fprintln(os.Stderr, "waiting for a connection")
		conn, err := listener.Accept()
		if err != nil {
			return err
		}
		if err := echo(conn); err != nil {
			// One client's trouble must not stop the server.
			fmt.Fprintf(os.Stderr, "server: %v\n", err)
		}
	}
}

// echo sends everything the client sends straight back, chunk by chunk,
// until the client closes its end of the connection; then it closes ours.
func echo(conn net.Conn) error {
	defer conn.Close()
	client := conn.RemoteAddr()
	fmt.Fprintf(os.Stderr, "connection from %s\n", client)

	buf := make([]byte, chunkSize)
	for {
		// Read returns as soon as some bytes are there: from 1 to 16 of
		// them, however the client wrote them.
		n, err := conn.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			fmt.Fprintf(os.Stderr, "received %q\n", chunk)
			fmt.Fprintln(os.Stderr, "sending data back to the client")
			// Write sends the whole chunk or returns an error.
			if _, err := conn.Write(chunk); err != nil {
				return err
			}
		}
		switch {
		case errors.Is(err, io.EOF):
			// The client closed its end: there is nothing more to read.
			fmt.Fprintf(os.Stderr, "received %q\n", "")
			fmt.Fprintf(os.Stderr, "no more data from %s\n", client)
			return nil
		case err != nil:
			return err
		}
	}
}

// listeningOn returns the host and port that the ready line names: the
// host as it was given or, when it is empty (every address), the address
// the listener has, such as "::"; and the port the listener got, which the
// system picked when the port asked for was 0.
func listeningOn(host string, addr net.Addr) (string, int) {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return host, 0
	}
	if host == "" {
		host = tcp.IP.String()
	}
	return host, tcp.Port
}

func main() {
	addr := cli.ServerFlags("server", "localhost", 10000)

	if err := serve(addr.Host, addr.Port); err != nil {
		cli.Fatal("server", err)
	}
}
