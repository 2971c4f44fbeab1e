// Command server is lesson 03's sixteen-octet server. Every client sends
// exactly 16 bytes, "Hi there, server"; the server reads exactly those 16
// bytes, however many pieces they arrive in, answers with exactly 16 bytes,
// "Farewell, client", and closes the connection.
//
// Usage: server [-port N] [host]. Without a host, the server listens on
// every address of this machine.
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
	farewell    = "Farewell, client"
)

// serve listens on address and talks to one client after another. It
// returns only when something goes wrong with the listener itself, such as
// a port already in use.
func serve(address string) error {
	// TODO(step 1): listen for TCP connections on address with net.Listen,
	// return the error if it fails, and close the listener when done.

	// TODO(step 2): loop for ever. Each time round, print
	// "Listening at ADDR" on standard output (ADDR is the listener's
	// Addr(); the first one is the ready line), accept a connection, and
	// print "We have accepted a connection from ADDR" (its RemoteAddr())
	// and "Socket connects LOCAL and REMOTE" (its LocalAddr() and
	// RemoteAddr()). Return the error if Accept fails.

	// TODO(step 4): still in the loop, call converse(conn). If it returns
	// an error, print "server: " and the error on standard error, and go on
	// with the next client.

	return nil
}

// converse reads the client's 16-byte message, answers with 16 bytes of its
// own and hangs up. The connection is closed whatever happens.
func converse(conn net.Conn) error {
	// TODO(step 4): make sure conn is closed when converse returns. Read
	// the message with recvAll(conn, messageSize) and print
	// `The incoming sixteen-octet message says "..."` (the message with
	// %q). Then write farewell, close the connection, and print
	// "Reply sent, socket closed". Return the first error.

	return nil
}

// recvAll reads exactly length bytes from conn, or fails.
func recvAll(conn net.Conn, length int) ([]byte, error) {
	// TODO(step 3): call conn.Read again and again, each time asking only
	// for the bytes still missing, until length bytes have arrived. If the
	// peer closes the connection first (io.EOF), return the error
	// "socket closed N bytes into a LENGTH-byte message". Write the loop
	// yourself: io.ReadFull would do it for you, but the loop is the lesson.

	return nil, nil
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
