// Command client is lesson 08's client for the key-value server. It sends
// each line of standard input to the server as a request and prints each
// reply on standard output, one line for one line:
//
//	$ printf 'SET greeting hello world\nGET greeting\n' | client
//	OK
//	VALUE hello world
//
// It waits for each reply before it sends the next request, and ends with
// exit status 0 after the reply BYE or at the end of its input. Anything
// that goes wrong, such as a server that hangs up too early, is one line
// on standard error and exit status 1.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"

	"example.com/tcpworkshop/internal/cli"
)

// talk connects to the server, sends it every line of input and prints
// every reply, until the reply BYE or the end of input.
func talk(host string, port int, input io.Reader) error {
	conn, err := net.Dial("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	defer conn.Close()

	requests := bufio.NewScanner(input)
	// A reply is one line too. The Scanner's limit (64 KiB by default)
	// keeps a server that never ends its line from filling the memory.
	replies := bufio.NewScanner(conn)
	for requests.Scan() {
		// Text drops the line end ("\n", or "\r\n"); the request goes out
		// with a "\n" of its own.
		if _, err := io.WriteString(conn, requests.Text()+"\n"); err != nil {
			return fmt.Errorf("sending to the server: %w", err)
		}
		if !replies.Scan() {
			if err := replies.Err(); err != nil {
				return fmt.Errorf("reading from the server: %w", err)
			}
			return errors.New("the server closed the connection before it replied")
		}
		reply := replies.Text()
		fmt.Println(reply)
		if reply == "BYE" {
			return nil
		}
	}
	return requests.Err()
}

func main() {
	addr := cli.ClientFlags("client", "the server", "localhost", 10008)

	if err := talk(addr.Host, addr.Port, os.Stdin); err != nil {
		cli.Fatal("client", err)
	}
}
