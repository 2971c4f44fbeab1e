// Command server is lesson 04's echo server, which listens on the address
// given on its command line:
//
//	server [-port N] HOST
//
// HOST decides who can reach the server: 127.0.0.1 (or ::1) only programs on
// this machine, one of the machine's public addresses the other hosts of
// that network, and an empty HOST every address the machine has:
//
//	server -port 10000 ''
//
// The server echoes what each client sends, reading 16 bytes at a time, and
// serves one client after another. It writes everything on standard error:
//
//	starting up on 127.0.0.1 port 10000
//	waiting for a connection
//	client connected: 127.0.0.1:57471
//	received "This is the mess"
//	received "age.  It will be"
//	received " repeated."
//	received ""
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
	"example.com/tcpworkshop/internal/sockets"
)

// chunkSize is how many bytes the server reads at a time.
const chunkSize = 16

// serve listens on host and port and echoes one client after another. It
// returns only when something goes wrong, such as a port already in use or
// an address this machine does not have.
func serve(host string, port int) error {
	// JoinHostPort puts an IPv6 address in brackets ("[::1]:10000"), and
	// an empty host gives ":10000", which means every address.
	listener, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	defer listener.Close()

	// Ask the listener where it really listens, as Python's getsockname()
	// does. With an empty host it is "::" (every IPv6 and IPv4 address),
	// or "0.0.0.0" on a machine without IPv6; with -port 0 it is the port
	// the system picked.
	gotHost, gotPort, err := net.SplitHostPort(listener.Addr().String())
	if err != nil {
		return err
	}
	if host == "" {
		host = gotHost
	}
	// The kernel queues clients from here on, even before Accept.
	fmt.Fprintf(os.Stderr, "starting up on %s port %s\n", host, gotPort)

	for {
		fmt.Fprintln(os.Stderr, "waiting for a connection")
		conn, err := listener.Accept()
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "client connected: %s\n", conn.RemoteAddr())
		if err := echo(conn); err != nil {
			// One client's trouble must not stop the server.
			fmt.Fprintf(os.Stderr, "server: %v\n", err)
		}
	}
}

// echo sends back everything the client sends, 16 bytes at a time, until
// the client closes its end; then it closes the connection.
func echo(conn net.Conn) error {
	defer conn.Close()
	buf := make([]byte, chunkSize)
	for {
		n, err := conn.Read(buf)
		if n > 0 {
			fmt.Fprintf(os.Stderr, "received %q\n", buf[:n])
			if _, err := conn.Write(buf[:n]); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) {
			// The client closed its end: nothing more will come.
			fmt.Fprintf(os.Stderr, "received %q\n", "")
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func main() {
	port := cli.PortFlag(10000, "TCP port to listen on")
	cli.Parse("server", "HOST")
	host := sockets.RequiredHostArgument("server", "the address to listen on: 127.0.0.1, a host name, or '' for every address")

	if err := serve(host, *port); err != nil {
		cli.Fatal("server", err)
	}
}
