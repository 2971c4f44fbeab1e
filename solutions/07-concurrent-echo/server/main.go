// Command server is lesson 07's concurrent echo server. It sends every
// byte a client sends straight back to that client, and it serves any
// number of clients at once: each connection gets a goroutine of its own.
// When a client closes its sending half, the server finishes echoing and
// closes the connection.
//
// The ready line goes to standard error; one line per connection opened
// and per connection closed goes to standard output:
//
//	starting up on localhost port 10007            (standard error)
//	connection from 127.0.0.1:52186 (1 open)
//	connection from 127.0.0.1:52190 (2 open)
//	closed 127.0.0.1:52186 after echoing 12 bytes (1 open)
//	closed 127.0.0.1:52190 after echoing 10485760 bytes (0 open)
package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"sync/atomic"

	"example.com/tcpworkshop/internal/cli"
)

// open counts the connections being served right now. Every connection's
// goroutine changes it, so it is an atomic counter: a plain int changed by
// several goroutines at once is a data race.
var open atomic.Int64

// serve listens on host and port and echoes for every client that
// connects, each in its own goroutine. It returns only when something goes
// wrong, such as a port already in use.
func serve(host string, port int) error {
	listener, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	defer listener.Close()
	// The kernel queues clients from here on, so now it is true to say so.
	fmt.Fprintf(os.Stderr, "starting up on %s port %d\n", host, port)

	for {
		conn, err := listener.Accept()
		if err != nil {
			return err
		}
		// The loop goes straight back to Accept while the new goroutine
		// serves this client, for as long as the client needs.
		go echo(conn)
	}
}

// echo sends everything the client sends straight back, until the client
// closes its sending half; then it closes the connection. A client's
// trouble, such as a reset, costs one line on standard error.
func echo(conn net.Conn) {
	defer conn.Close()
	client := conn.RemoteAddr()
	fmt.Printf("connection from %s (%d open)\n", client, open.Add(1))

	// io.Copy reads and writes until the read says io.EOF, which is what
	// the client's CloseWrite looks like from here. Every byte read is
	// written back before the next read, so nothing is left over at the
	// end: the deferred Close only closes a connection that has delivered
	// all it had to say.
	echoed, err := io.Copy(conn, conn)
	if err != nil {
		fmt.Fprintf(os.Stderr, "server: %s: %v\n", client, err)
	}
	// Printed before the deferred Close, so that a client that waits for
	// the close sees this line already printed.
	fmt.Printf("closed %s after echoing %d bytes (%d open)\n", client, echoed, open.Add(-1))
}

func main() {
	addr := cli.ServerFlags("server", "localhost", 10007)

	if err := serve(addr.Host, addr.Port); err != nil {
		cli.Fatal("server", err)
	}
}
