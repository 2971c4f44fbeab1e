// Command server is lesson 01's time server. Every client that connects is
// told the current time, in the format of C's ctime() followed by "\r\n",
// and the connection is closed at once.
//
// It writes one line on standard error when it is ready for clients, and one
// line on standard output for every client it serves:
//
//	Listening on 127.0.0.1:9999            (standard error)
//	Got a connection from 127.0.0.1:54597  (standard output)
package main

import (
	"fmt"
	"net"
	"os"
	"time"

	"example.com/tcpworkshop/internal/cli"
)

// ctimeLayout is the layout of C's ctime(), which Python's time.ctime()
// follows: "Wed Jan 29 19:14:15 2014", with the day padded by a space.
const ctimeLayout = "Mon Jan _2 15:04:05 2006"

// serve listens on address and tells the time to one client after another.
func serve(address string) error {
	listener, err := net.Listen("tcp", address)
	if err != nil {
		return err
	}
	defer listener.Close()
	// The kernel queues clients from here on, even before Accept.
	fmt.Fprintf(os.Stderr, "Listening on %s\n", listener.Addr())

	for {
		conn, err := listener.Accept()
		if err != nil {
			return err
		}
		fmt.Printf("Got a connection from %s\n", conn.RemoteAddr())
		if err := tellTime(conn); err != nil {
			// One client's trouble must not stop the server.
			fmt.Fprintf(os.Stderr, "server: %v\n", err)
		}
	}
}

// tellTime sends the current time to the client and hangs up.
func tellTime(conn net.Conn) error {
	defer conn.Close()
	now := time.Now().Format(ctimeLayout) + "\r\n"
	_, err := conn.Write([]byte(now))
	return err
}

func main() {
	addr := cli.ServerFlags("server", cli.Hostname(), 9999)

	if err := serve(addr.String()); err != nil {
		cli.Fatal("server", err)
	}
}
