// Command server is lesson 08's key-value server. Clients speak to it in
// lines: each request is one line ending in "\n" (a "\r" before it is
// dropped), and each reply is one line:
//
//	SET KEY VALUE   OK
//	GET KEY         VALUE VALUE, or NOT FOUND
//	DEL KEY         DELETED, or NOT FOUND
//	QUIT            BYE, then the server hangs up
//	anything else   ERROR REASON, and the conversation goes on
//
// Read ../README.md first; HINTS.md helps when you are stuck. Grade your
// work with: go test ./lessons/08-line-protocol/
package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"

	"example.com/tcpworkshop/internal/cli"
)

const (
	// maxLine is the longest request, in bytes, not counting its line end.
	maxLine = 1024
	// maxKey is the longest key, in bytes.
	maxKey = 64
)

// errLineTooLong ends a connection whose client sent a line longer than
// maxLine.
var errLineTooLong = errors.New("line too long")

// serve listens on host and port and gives every client a goroutine of its
// own. It returns only when something goes wrong, such as a port already
// in use.
func serve(host string, port int) error {
	// TODO(step 1): listen with net.Listen on
	// net.JoinHostPort(host, strconv.Itoa(port)) and return the error if it
	// fails. Then print the ready line on standard error:
	// "starting up on HOST port PORT", host and port as they were given.

	// TODO(step 2): make one store with newStore. Then loop for ever:
	// accept a connection (return the error if Accept fails) and serve it
	// in a goroutine of its own: go handle(conn, st).

	return nil
}

// handle serves one client from its first request to its last, then says
// why the conversation ended. It is written for you: the lesson is in
// converse, which it calls.
func handle(conn net.Conn, st *store) {
	defer conn.Close()
	client := conn.RemoteAddr()
	fmt.Fprintf(os.Stderr, "connection from %s\n", client)
	why := "the client quit"
	if err := converse(conn, st); errors.Is(err, io.EOF) {
		why = "the client closed the connection"
	} else if err != nil {
		why = err.Error()
	}
	fmt.Fprintf(os.Stderr, "done with %s: %s\n", client, why)
}

// converse answers the client's requests in the order they came, one reply
// line per request line. It returns nil after QUIT, io.EOF when the client
// closes the connection, errLineTooLong after a line too long, or the
// error of a read or write.
func converse(conn net.Conn, st *store) error {
	// TODO(step 3): read the connection line by line with a bufio.Scanner
	// whose buffer holds at most maxLine+2 bytes (a line and its "\r\n"):
	// call its Buffer method. For each line: if it is longer than maxLine,
	// return refuseLongLine(conn); otherwise get the reply from
	// st.execute(line) and write it with a "\n". Return nil after QUIT.
	// When Scan stops: bufio.ErrTooLong means refuseLongLine(conn), another
	// error is returned, and no error means the client closed: io.EOF.

	return io.EOF
}

// refuseLongLine tells the client that its line is too long, and returns
// errLineTooLong so that the connection ends. Closing a socket while
// unread bytes wait in it makes the kernel send a reset, which may destroy
// the reply before the client reads it; so the server first closes its
// sending half, then reads and drops what the client still sends (at most
// a few lines' worth), and only then closes. It is written for you.
func refuseLongLine(conn net.Conn) error {
	if _, err := io.WriteString(conn, "ERROR line too long\n"); err != nil {
		return err
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		tcp.CloseWrite()
	}
	io.Copy(io.Discard, io.LimitReader(conn, 64*maxLine))
	return errLineTooLong
}

// A store holds the keys and values that every client shares. Each
// connection's goroutine uses it, so every access holds the mutex.
type store struct {
	mu     sync.Mutex
	values map[string]string
}

func newStore() *store {
	return &store{values: map[string]string{}}
}

// TODO(step 4): write set, get and del. Each locks st.mu first and unlocks
// it when done (defer st.mu.Unlock()), then uses st.values: set stores the
// value, get returns it and whether the key was there, del deletes the key
// and says whether it was there.

func (st *store) set(key, value string) {}

func (st *store) get(key string) (string, bool) { return "", false }

func (st *store) del(key string) bool { return false }

// execute carries out one request, a line without its line end, and
// returns the reply without its "\n". quit is true after QUIT. A request
// that makes no sense gets an ERROR reply that says why: it is the
// client's mistake, not a reason to hang up or to stop the server.
func (st *store) execute(request string) (reply string, quit bool) {
	// TODO(step 5): split the request at its first space
	// (strings.Cut(request, " ")) into the command and the rest. SET takes
	// a key and a value (the rest, after the key's space), GET and DEL
	// take a key and nothing else, QUIT takes nothing. Check keys with
	// validKey. Reply OK, VALUE ..., NOT FOUND, DELETED or BYE (with quit
	// true), and "ERROR " and a reason for everything else.

	return "ERROR not written yet", false
}

// validKey reports whether key is 1 to maxKey bytes long, without spaces
// or control bytes.
func validKey(key string) bool {
	if len(key) < 1 || len(key) > maxKey {
		return false
	}
	for i := range len(key) {
		if key[i] <= ' ' || key[i] == 0x7f {
			return false
		}
	}
	return true
}

func main() {
	addr := cli.ServerFlags("server", "localhost", 10008)

	if err := serve(addr.Host, addr.Port); err != nil {
		cli.Fatal("server", err)
	}
}
