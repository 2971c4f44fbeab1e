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
	"os/signal"
	"sync"
	"syscall"
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

	// ctx is cancelled by the first Ctrl-C or SIGTERM; after stop, a
	// second one ends the program at once, the default way.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	listener, err := net.Listen("tcp", addr.String())
	if err != nil {
		cli.Fatal("server", err)
	}
	fmt.Fprintf(os.Stderr, "Listening on %s\n", listener.Addr())

	s := &server{store: kvstore.New(), idle: *idle, conns: map[*connection]bool{}}
	if err := s.serve(ctx, listener); err != nil {
		cli.Fatal("server", err)
	}
	stop()
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
	// Closing the listener is the only way to stop a blocked Accept: it
	// returns an error at once, and new clients are refused from then on.
	// Accept may return as soon as Close has begun, so serve waits for
	// Close to end before it says the shutdown has begun: until then the
	// socket may still take new clients.
	closed := make(chan struct{})
	stopAccepting := context.AfterFunc(ctx, func() {
		listener.Close()
		close(closed)
	})
	defer stopAccepting()
	for {
		conn, err := listener.Accept()
		if err != nil {
			if ctx.Err() != nil {
				<-closed
				return nil // a shutdown, not a failure
			}
			return err
		}
		c := &connection{Conn: conn, idle: s.idle}
		s.mu.Lock()
		s.conns[c] = true
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer s.forget(c)
			c.serve(s.store)
		}()
	}
}

func (s *server) forget(c *connection) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	c.Close()
}

// shutDown tells every open connection to finish and waits for them, for
// grace at most; then it cuts those still open.
func (s *server) shutDown(grace time.Duration) {
	s.mu.Lock()
	open := len(s.conns)
	for c := range s.conns {
		c.finish()
	}
	s.mu.Unlock()
	fmt.Fprintf(os.Stderr, "Shutting down: not accepting; open connections: %d; grace period: %s\n", open, grace)

	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	cut := 0
	select {
	case <-done:
	case <-time.After(grace):
		s.mu.Lock()
		cut = len(s.conns)
		for c := range s.conns {
			c.Close() // its goroutine's next read or write fails
		}
		s.mu.Unlock()
		<-done
	}
	fmt.Fprintf(os.Stderr, "Shutdown complete; connections cut: %d\n", cut)
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
	c.mu.Lock()
	if c.finished && !c.busy {
		c.mu.Unlock()
		return 0, errShuttingDown
	}
	c.SetReadDeadline(time.Now().Add(c.idle))
	c.mu.Unlock()
	return c.Conn.Read(p)
}

// finish asks the connection to end after the request it is in. One that
// is between requests is waiting in Read: a deadline in the past wakes it.
func (c *connection) finish() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.finished = true
	if !c.busy {
		c.SetReadDeadline(time.Now())
	}
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
// long, sends a line too long, or the server shuts down.
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
// still hear it.
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
func (c *connection) send(line string) bool {
	c.SetWriteDeadline(time.Now().Add(c.idle))
	_, err := io.WriteString(c.Conn, line+"\n")
	return err == nil
}
