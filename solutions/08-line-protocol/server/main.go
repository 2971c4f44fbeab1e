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
// A line longer than maxLine bytes gets "ERROR line too long" and ends that
// connection only. Every connection has a goroutine of its own, and all of
// them share one store, guarded by a mutex.
//
// The server says little, on standard error: a ready line once it listens,
// and one line when a client connects and one when it leaves:
//
//	starting up on localhost port 10008
//	connection from 127.0.0.1:52186
//	done with 127.0.0.1:52186: the client quit
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
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
	listener, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	defer listener.Close()
	// The kernel queues clients from here on: now it is true to say so.
	fmt.Fprintf(os.Stderr, "starting up on %s port %d\n", host, port)

	st := newStore()
	for {
		conn, err := listener.Accept()
		if err != nil {
			return err
		}
		// One goroutine per client: a slow or silent client holds up no one.
		go handle(conn, st)
	}
}

// handle serves one client from its first request to its last, then says
// why the conversation ended.
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
	lines := bufio.NewScanner(conn)
	// The buffer holds one line and its end ("\r\n"); a longer line stops
	// Scan with bufio.ErrTooLong instead of growing the buffer for ever.
	lines.Buffer(make([]byte, 0, maxLine+2), maxLine+2)
	for lines.Scan() {
		// Scan drops the "\n" and a "\r" before it. A line of maxLine+1
		// bytes that ends in "\n" alone still fits in the buffer.
		if len(lines.Bytes()) > maxLine {
			return refuseLongLine(conn)
		}
		reply, quit := st.execute(lines.Text())
		if _, err := io.WriteString(conn, reply+"\n"); err != nil {
			return err
		}
		if quit {
			return nil
		}
	}
	if errors.Is(lines.Err(), bufio.ErrTooLong) {
		return refuseLongLine(conn)
	}
	if lines.Err() != nil {
		return lines.Err()
	}
	return io.EOF
}

// refuseLongLine tells the client that its line is too long, and returns
// errLineTooLong so that the connection ends. Closing a socket while
// unread bytes wait in it makes the kernel send a reset, which may destroy
// the reply before the client reads it; so the server first closes its
// sending half, then reads and drops what the client still sends (at most
// a few lines' worth), and only then closes.
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

func (st *store) set(key, value string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.values[key] = value
}

func (st *store) get(key string) (string, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	value, ok := st.values[key]
	return value, ok
}

func (st *store) del(key string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	_, ok := st.values[key]
	delete(st.values, key)
	return ok
}

// execute carries out one request, a line without its line end, and
// returns the reply without its "\n". quit is true after QUIT. A request
// that makes no sense gets an ERROR reply that says why: it is the
// client's mistake, not a reason to hang up or to stop the server.
func (st *store) execute(request string) (reply string, quit bool) {
	command, args, _ := strings.Cut(request, " ")
	switch command {
	case "SET":
		key, value, ok := strings.Cut(args, " ")
		if !ok {
			return "ERROR usage: SET KEY VALUE", false
		}
		if !validKey(key) {
			return badKey, false
		}
		st.set(key, value)
		return "OK", false
	case "GET":
		if !validKey(args) {
			return "ERROR usage: GET KEY; " + keyRule, false
		}
		if value, ok := st.get(args); ok {
			return "VALUE " + value, false
		}
		return "NOT FOUND", false
	case "DEL":
		if !validKey(args) {
			return "ERROR usage: DEL KEY; " + keyRule, false
		}
		if st.del(args) {
			return "DELETED", false
		}
		return "NOT FOUND", false
	case "QUIT":
		if request != "QUIT" {
			return "ERROR usage: QUIT", false
		}
		return "BYE", true
	case "":
		return "ERROR empty request", false
	}
	return fmt.Sprintf("ERROR unknown command %q", command), false
}

// keyRule says what makes a key, for the ERROR replies.
const keyRule = "a key is 1 to 64 bytes, without spaces or control bytes"

const badKey = "ERROR bad key: " + keyRule

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
