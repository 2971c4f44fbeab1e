// Command server is lesson 09's key-value server: the protocol of package
// kvstore, made safe to run for real. A client that sends nothing for -idle
// is told "ERROR idle timeout" and closed. On Ctrl-C (SIGINT) or SIGTERM the
// server stops accepting at once, lets every connection finish the request
// it is in, tells each "BYE server shutting down", and exits with status 0
// within -grace; connections still open then are cut.
//
// It reports on standard error:
//
//	Listening on 127.0.0.1:10009
//	Shutting down: not accepting; open connections: 2; grace period: 5s
//	Shutdown complete; connections cut: 0
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"

	"example.com/tcpworkshop/internal/cli"
	"example.com/tcpworkshop/internal/kvstore"
)

func main() {
	idle := flag.Duration("idle", 5*time.Minute, "close a connection that sends nothing for this long")
	grace := flag.Duration("grace", 5*time.Second, "on shutdown, cut the connections still open after this long")
	addr := cli.ServerFlags("server", "localhost", 10009)
	if *idle <= 0 || *grace <= 0 {
		cli.Usage("server", "", "-idle and -grace must be longer than 0")
	}

	// TODO(step 4): make ctx a context that the first SIGINT (os.Interrupt)
	// or SIGTERM cancels, with signal.NotifyContext, and defer its stop.
	ctx := context.Background()

	// TODO(step 1): listen on addr (addr.String() is the address
	// net.Listen wants), stop with cli.Fatal("server", err) if that
	// fails, and print "Listening on ADDR" on standard error.
	var listener net.Listener
	_ = addr

	s := &server{store: kvstore.New(), idle: *idle, conns: map[*connection]bool{}}
	if err := s.serve(ctx, listener); err != nil {
		cli.Fatal("server", err)
	}
	// TODO(step 4): call stop here, so that a second Ctrl-C ends the
	// program at once.
	s.shutDown(*grace)
}

// A server is what every connection shares: the store, and the list of
// open connections that a shutdown must tell.
type server struct {
	store *kvstore.Store
	idle  time.Duration
	wg    sync.WaitGroup // one count per connection being served

	mu    sync.Mutex
	conns map[*connection]bool
}

// serve accepts clients, each served by a goroutine of its own, until ctx
// is cancelled. It returns nil then, and an error if Accept fails
// otherwise.
func (s *server) serve(ctx context.Context, listener net.Listener) error {
	// TODO(step 4): when ctx is cancelled, close the listener
	// (context.AfterFunc), so that a blocked Accept returns at once and
	// new clients are refused.

	// TODO(step 2): loop: Accept. If it fails, return nil when ctx is
	// cancelled (a shutdown), or the error. Otherwise wrap the connection
	// in a *connection (&connection{Conn: conn, idle: s.idle}), add it to
	// s.conns under s.mu, count it in s.wg, and serve it in a goroutine of
	// its own: c.serve(s.store), then s.forget(c) and s.wg.Done().
	_ = ctx
	return errors.New("the server is not written yet: start with step 1 of the README")
}

// forget removes a connection that has ended from the list, and closes it.
func (s *server) forget(c *connection) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	c.Close()
}

// shutDown tells every open connection to finish and waits for them, for
// grace at most; then it cuts those still open.
func (s *server) shutDown(grace time.Duration) {
	// TODO(step 5): under s.mu, count the open connections and call
	// finish on each. Print
	// "Shutting down: not accepting; open connections: N; grace period: D".
	// Then wait for s.wg in a goroutine that closes a channel, and select
	// on that channel and time.After(grace). If the grace period ends
	// first, close every connection still in s.conns (under s.mu), count
	// them, and wait for the channel all the same. Print
	// "Shutdown complete; connections cut: N".
}

// errShuttingDown is what a connection's reads return once the server
// shuts down and the connection is between two requests.
var errShuttingDown = errors.New("server shutting down")

// A connection is one client's connection, with the idle deadline renewed
// before every read, and what a shutdown needs to know about it.
type connection struct {
	net.Conn
	idle time.Duration

	mu       sync.Mutex
	busy     bool // from the first byte of a request until its reply is sent
	finished bool // the server shuts down: no request may start
}

// Read renews the read deadline, then reads. A client that sends nothing
// for c.idle makes it fail with a timeout; one that sends a byte now and
// then never does.
func (c *connection) Read(p []byte) (int, error) {
	// TODO(step 3): under c.mu: return 0, errShuttingDown when c.finished
	// and not c.busy; otherwise set the read deadline to c.idle from now.
	// Then, without the lock, read from c.Conn.
	return c.Conn.Read(p)
}

// finish asks the connection to end after the request it is in. One that
// is between requests is waiting in Read: a deadline in the past wakes it.
func (c *connection) finish() {
	// TODO(step 5): under c.mu, set c.finished; if the connection is not
	// busy, set its read deadline to now.
}

// setBusy records whether a request is under way, and reports whether
// the connection may go on: false once the server shuts down and no
// request is under way.
func (c *connection) setBusy(busy bool) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.busy = busy
	return busy || !c.finished
}

// serve answers the client's requests until it leaves, goes quiet for too
// long, sends a line too long, or the server shuts down. It is given: the
// protocol is lesson 08's.
func (c *connection) serve(store *kvstore.Store) {
	r := bufio.NewReader(c) // reads through c.Read, so every read has the deadline
	for {
		// Wait for the first byte of the next request: from then on the
		// connection is busy, and a shutdown lets the request finish.
		if _, err := r.Peek(1); err != nil {
			c.sayWhy(err)
			return
		}
		c.setBusy(true)
		request, err := kvstore.ReadRequest(r)
		if err != nil {
			c.sayWhy(err)
			return
		}
		reply, quit := store.Answer(request)
		if !c.send(reply) || quit {
			return
		}
		// Bytes already read past this request are the start of the
		// next one: then the connection stays busy.
		if !c.setBusy(r.Buffered() > 0) {
			c.send("BYE server shutting down")
			return
		}
	}
}

// sayWhy tells the client why the server ends the connection, if it can
// still hear it. It is given.
func (c *connection) sayWhy(err error) {
	c.mu.Lock()
	finished := c.finished
	c.mu.Unlock()
	var netErr net.Error
	switch {
	case errors.Is(err, kvstore.ErrLineTooLong):
		c.send("ERROR line too long")
		// Closing a socket that still holds unread bytes makes the kernel
		// send a reset, which can destroy the reply before the client
		// reads it: end the sending half, and drop a little of what
		// follows, for a second at most, before the close.
		if tcp, ok := c.Conn.(*net.TCPConn); ok {
			tcp.CloseWrite()
			tcp.SetReadDeadline(time.Now().Add(time.Second))
			io.Copy(io.Discard, io.LimitReader(tcp, 64*kvstore.MaxLine))
		}
	case finished && (errors.Is(err, errShuttingDown) || errors.Is(err, os.ErrDeadlineExceeded)):
		c.send("BYE server shutting down")
	case errors.As(err, &netErr) && netErr.Timeout():
		c.send("ERROR idle timeout")
	case errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed):
		// The client left, or the shutdown cut the connection.
	default:
		fmt.Fprintf(os.Stderr, "server: %s: %v\n", c.RemoteAddr(), err)
	}
}

// send writes one reply line. A client that does not read gets c.idle to
// make room for it, so a stalled reader cannot hold the goroutine for ever.
// It is given.
func (c *connection) send(line string) bool {
	c.SetWriteDeadline(time.Now().Add(c.idle))
	_, err := io.WriteString(c.Conn, line+"\n")
	return err == nil
}
