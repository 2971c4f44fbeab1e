// Command client is lesson 10's chat client. It does two things at once:
// it sends every line of standard input to the server, and prints every
// line from the server as soon as it arrives, so that what others say shows
// up while you are still typing.
//
//	Welcome! What is your name?
//	ann
//	* present: bob
//	[bob] hi ann
//
// At the end of standard input (Ctrl-D, or Ctrl-Z then Enter on Windows)
// it stops sending; the server sees the user leave and closes the
// connection. The client exits with status 0 when the server closes the
// connection, and with status 1 and one line on standard error when
// something fails.
package main

import (
	"bufio"
	"io"
	"net"
	"os"
	"time"

	"example.com/tcpworkshop/internal/cli"
)

// chat connects to the server at address and relays lines both ways until
// the server closes the connection.
func chat(address string) error {
	conn, err := net.Dial("tcp", address)
	if err != nil {
		return err
	}
	defer conn.Close()

	// Reading standard input waits for the person at the keyboard, and
	// reading the connection waits for the server: each needs a goroutine
	// of its own, or one wait would hold up the other.
	sent := make(chan error, 1)
	go func() { sent <- send(os.Stdin, conn.(*net.TCPConn)) }()

	// io.Copy prints what comes, as it comes, and returns nil when the
	// server closes the connection.
	received := make(chan error, 1)
	go func() {
		_, err := io.Copy(os.Stdout, conn)
		received <- err
	}()

	select {
	case err := <-received:
		return err
	case err := <-sent:
		if err != nil {
			// A write fails when the connection is broken, often because
			// the server has just closed it: then its end of the stream,
			// not the failed write, says how the chat ended.
			conn.SetReadDeadline(time.Now().Add(time.Second))
			if <-received == nil {
				return nil
			}
			return err
		}
		// Everything is sent; the server closes the connection once it
		// has seen us leave. Print what comes until then.
		return <-received
	}
}

// send sends every line of input to the server, then closes the sending
// half of the connection: the server reads the end of the stream, and the
// other half stays open for what the server still has to say.
func send(input io.Reader, conn *net.TCPConn) error {
	lines := bufio.NewScanner(input)
	for lines.Scan() {
		if _, err := io.WriteString(conn, lines.Text()+"\n"); err != nil {
			return err
		}
	}
	if err := lines.Err(); err != nil {
		return err
	}
	return conn.CloseWrite()
}

func main() {
	addr := cli.ClientFlags("client", "the chat server", "localhost", 10010)

	if err := chat(addr.String()); err != nil {
		cli.Fatal("client", err)
	}
}
