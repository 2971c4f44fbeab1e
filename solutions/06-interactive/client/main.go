// Command client is lesson 06's interactive client. It connects to the
// server, then asks for lines on standard input; it sends each line (without
// its newline), waits for the server's answer and prints it:
//
//	Connected to 127.0.0.1:22222
//	Enter some data: hello
//	Got this string from server:
//	Hello, 127.0.0.1:50312. I got this from you: 'hello'
//
// The end of the input (Ctrl-D, or Ctrl-Z then Enter on Windows) ends the
// conversation. A server that goes away ends the client with exit status 1.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"

	"example.com/tcpworkshop/internal/cli"
)

// bufferSize is the most one read takes from the connection.
const bufferSize = 2048

// chat connects to the server at address, then sends it every line read
// from input and prints every answer, until input ends.
func chat(address string, input io.Reader) error {
	conn, err := net.Dial("tcp", address)
	if err != nil {
		return err
	}
	defer conn.Close()
	fmt.Printf("Connected to %s\n", conn.RemoteAddr())

	lines := bufio.NewScanner(input)
	for {
		// The prompt has no newline: what is typed goes on the same line.
		fmt.Print("Enter some data: ")
		if !lines.Scan() {
			if err := lines.Err(); errors.Is(err, bufio.ErrTooLong) {
				// A Scanner keeps a whole line in memory, up to 64 KiB.
				fmt.Println()
				return fmt.Errorf("a line of the input is longer than %d bytes, the longest this client reads: send shorter lines", bufio.MaxScanTokenSize)
			} else if err != nil {
				return err
			}
			// End of input: the prompt is still open, so end its line.
			fmt.Println()
			fmt.Println("Okay. Leaving. Bye")
			return nil
		}
		// Text is the line without its end: Scan drops the "\n", and the
		// "\r" before it that Windows adds.
		line := lines.Text()
		if line == "" {
			// Sending nothing is impossible: the server would wait for ever.
			fmt.Println("Can't send empty string!")
			fmt.Println("Ctrl-D [or Ctrl-Z on Windows] to exit")
			continue
		}

		answer, err := exchange(conn, line)
		if err != nil {
			fmt.Println("Server abended. Exiting")
			return err
		}
		fmt.Println("Got this string from server:")
		fmt.Printf("%s\n\n", answer)
	}
}

// exchange sends one message to the server and returns its answer: what one
// read returns, at most 2048 bytes. The client sends nothing more until the
// answer has come, so on a quiet connection one read gets the whole answer;
// TCP does not promise it, as the README explains.
func exchange(conn net.Conn, message string) ([]byte, error) {
	// No newline: the server answers exactly the bytes it gets.
	if _, err := conn.Write([]byte(message)); err != nil {
		return nil, fmt.Errorf("sending to the server: %w", err)
	}
	buf := make([]byte, bufferSize)
	n, err := conn.Read(buf)
	if n == 0 && errors.Is(err, io.EOF) {
		return nil, errors.New("the server closed the connection")
	}
	if n == 0 && err != nil {
		return nil, fmt.Errorf("reading from the server: %w", err)
	}
	return buf[:n], nil
}

func main() {
	addr := cli.ClientFlags("client", "the server", "127.0.0.1", 22222)

	if err := chat(addr.String(), os.Stdin); err != nil {
		cli.Fatal("client", err)
	}
}
