// Command client is lesson 07's echo client. It copies its standard input
// to the echo server and what comes back to its standard output, both at
// the same time, like "nc -N". At the end of its input it closes its
// sending half, then it waits until the server has echoed everything and
// closed the connection.
//
//	$ printf 'hello\n' | client
//	hello
//
// It prints nothing else; an error is one line on standard error, with
// exit status 1.
package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"sync"

	"example.com/tcpworkshop/internal/cli"
)

// run connects to the echo server at host and port and relays standard
// input and standard output through it.
func run(host string, port int) error {
	conn, err := net.Dial("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	defer conn.Close()
	return relay(conn.(*net.TCPConn), os.Stdin, os.Stdout)
}

// relay sends everything from in to the server while it copies everything
// the server sends to out. The two directions run in goroutines of their
// own: done one after the other, a large input would fill every buffer
// between the two programs and both would wait for ever.
func relay(conn *net.TCPConn, in io.Reader, out io.Writer) error {
	var (
		wg                  sync.WaitGroup
		sent, received      int64
		sendErr, receiveErr error
	)
	wg.Add(2)
	go func() {
		defer wg.Done()
		sent, sendErr = io.Copy(conn, in)
		if sendErr == nil {
			// The end of the input: tell the server, which reads io.EOF,
			// while our receiving half stays open for the rest of the echo.
			sendErr = conn.CloseWrite()
		}
	}()
	go func() {
		defer wg.Done()
		received, receiveErr = io.Copy(out, conn)
	}()
	// Both directions are over: the input has ended and the server has
	// closed the connection. Only now may the goroutines' results be read.
	wg.Wait()

	switch {
	case receiveErr != nil:
		return fmt.Errorf("receiving, after %d bytes came back: %w", received, receiveErr)
	case sendErr != nil:
		return fmt.Errorf("sending, after %d bytes went out: %w", sent, sendErr)
	case received < sent:
		return fmt.Errorf("the server closed the connection after echoing %d of %d bytes", received, sent)
	}
	return nil
}

func main() {
	addr := cli.ClientFlags("client", "the echo server", "localhost", 10007)

	if err := run(addr.Host, addr.Port); err != nil {
		cli.Fatal("client", err)
	}
}
