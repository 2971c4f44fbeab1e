// Command client is lesson 01's time client. It connects to the time
// server, reads what the server sends (at most 1024 bytes, in one read) and
// prints it:
//
//	The time got from the server is Wed Jan 29 19:14:15 2014
package main

import (
	"errors"
	"fmt"
	"io"
	"net"

	"example.com/tcpworkshop/internal/cli"
)

// askTime connects to the time server at address and returns what it sent.
func askTime(address string) ([]byte, error) {
	conn, err := net.Dial("tcp", address)
	if err != nil {
		return nil, err
	}
	defer conn.Close()

	buf := make([]byte, 1024)
	n, err := conn.Read(buf)
	if n == 0 && errors.Is(err, io.EOF) {
		return nil, errors.New("the server closed the connection without sending the time")
	}
	if n == 0 && err != nil {
		return nil, err
	}
	return buf[:n], nil
}

func main() {
	addr := cli.ClientFlags("client", "the time server", cli.Hostname(), 9999)

	now, err := askTime(addr.String())
	if err != nil {
		cli.Fatal("client", err)
	}
	// The server ends the time with "\r\n"; it is printed as it came.
	fmt.Printf("The time got from the server is %s\n", now)
}
