// Command server is lesson 02's echo server. It serves one client after
// another: it reads what the client sends, 16 bytes at a time, and sends
// every piece straight back, until the client closes its end. Everything it
// says goes to standard error.
//
// Read ../README.md first; HINTS.md helps when you are stuck. Grade your
// work with: go test ./lessons/02-echo/
package main

import (
	"net"

	"example.com/tcpworkshop/internal/cli"
)

// chunkSize is how many bytes the server reads at a time. It is tiny on
// purpose, so that the transcript shows the stream arriving in pieces.
const chunkSize = 16

// serve listens on host and port and echoes for one client after another.
// It returns only when something goes wrong, such as a port already in use.
func serve(host string, port int) error {
	// TODO(step 1): listen for TCP connections with net.Listen, on the
	// address net.JoinHostPort(host, strconv.Itoa(port)), and return the
	// error if it fails.

	// TODO(step 2): print the ready line on standard error, after
	// listening: "starting up on HOST port PORT", with the HOST and PORT
	// that listeningOn(host, listener.Addr()) returns (the host as given,
	// and the port the listener got).

	// TODO(step 3): loop for ever: print "waiting for a connection",
	// accept a connection and hand it to echo. If echo returns an error,
	// print it on standard error in one line and go on serving.

	return nil
}

// echo sends everything the client sends straight back, chunk by chunk,
// until the client closes its end of the connection; then it closes ours.
func echo(conn net.Conn) error {
	// TODO(step 4): print "connection from ADDR", ADDR being the
	// connection's RemoteAddr(). Then read into a buffer of chunkSize
	// bytes, again and again; for every chunk, print `received "..."`
	// (format the chunk with %q), then "sending data back to the client",
	// and write the chunk back.

	// TODO(step 5): when the read says the stream has ended (io.EOF),
	// print `received ""` and "no more data from ADDR" and return nil.
	// Return any other error. Close the connection in every case.

	return nil
}

// listeningOn is given ready-made. It returns the host and port that the
// ready line names: the host as it was given or, when it is empty (every
// address), the address the listener has, such as "::"; and the port the
// listener got, which the system picked when the port asked for was 0.
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
