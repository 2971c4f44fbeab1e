package grader

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// dial -together N ADDR ACTION... connects N clients to ADDR, all of them
// before any acts, then lets each perform the actions in a goroutine of its
// own. The action barrier makes each client wait there until all N have
// reached it: a server that serves one client at a time never lets a
// second client past a barrier that follows an exchange, because the first
// client holds its connection open while it waits. What the clients read
// becomes the current stdout, client after client.

// errOnlyTogether is what a barrier says outside dial -together.
var errOnlyTogether = errors.New("a barrier waits for the other clients of dial -together; alone, it has none")

// A barrier is where the clients of dial -together wait for each other. A
// script may have several; each is counted apart, by its position among
// the actions.
type barrier struct {
	clients int

	mu       sync.Mutex
	arrived  map[int]int           // barrier position → clients that reached it
	released map[int]chan struct{} // closed once the barrier can decide
	gone     int                   // clients that failed before reaching a later barrier
	goneErr  error                 // why the first of them failed
	goneWho  int                   // which client that was (from 1)
}

func newBarrier(clients int) *barrier {
	return &barrier{clients: clients, arrived: map[int]int{}, released: map[int]chan struct{}{}}
}

// count says how many clients have reached the barrier at pos, or failed
// before it.
func (b *barrier) count(pos int) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.arrived[pos] + b.gone
}

func (b *barrier) channel(pos int) chan struct{} {
	if b.released[pos] == nil {
		b.released[pos] = make(chan struct{})
	}
	return b.released[pos]
}

// settle releases every barrier that all clients have either reached or
// will never reach. Called with b.mu held.
func (b *barrier) settle() {
	for pos, n := range b.arrived {
		ch := b.channel(pos)
		select {
		case <-ch:
		default:
			if n+b.gone >= b.clients {
				close(ch)
			}
		}
	}
}

// drop records that client who (from 1) failed with err and will reach no
// barrier any more.
func (b *barrier) drop(who int, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.gone++
	if b.goneErr == nil {
		b.goneErr, b.goneWho = err, who
	}
	b.settle()
}

// wait blocks at the barrier at position pos until every client has
// reached it, and fails when a client cannot, or when the script's
// deadline passes first.
func (b *barrier) wait(pos int) error {
	b.mu.Lock()
	b.arrived[pos]++
	ch := b.channel(pos)
	b.settle()
	b.mu.Unlock()

	// The deadline is renewed while other clients keep arriving: a busy
	// machine may take long over a crowd, but a barrier that nobody has
	// reached for a whole deadline is stuck.
	deadline := time.NewTimer(timeout())
	defer deadline.Stop()
	seen := b.count(pos)
	for waiting := true; waiting; {
		select {
		case <-ch:
			waiting = false
		case <-deadline.C:
			if now := b.count(pos); now > seen {
				seen = now
				deadline.Reset(timeout())
			} else {
				waiting = false
			}
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if n := b.arrived[pos]; n < b.clients {
		why := "no other client got here for " + timeout().String()
		if b.goneErr != nil {
			why = fmt.Sprintf("client %d of %d stopped before it: %v", b.goneWho, b.clients, b.goneErr)
		}
		serves := "one client at a time"
		if n > 1 {
			serves = fmt.Sprintf("at most %d clients at a time", n)
		}
		return fmt.Errorf("only %d of %d clients got this far while all were connected: the server seems to serve %s (%s)",
			n, b.clients, serves, why)
	}
	return nil
}

func cmdDialTogether(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: [!] dial -together N ADDR ACTION...")
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || n < 1 {
		ts.Fatalf("dial -together: N is a number of clients, at least 1")
	}
	addr := args[1]
	actions, err := parseActions(args[2:])
	ts.Check(err)

	// Every client connects before any acts: the server then has them
	// all at once, served or queued. A client that cannot connect counts
	// as one that stopped before the first barrier.
	conns := make([]*net.TCPConn, n)
	errs := make([]error, n)
	for i := range conns {
		c, err := net.DialTimeout("tcp", addr, timeout())
		if err != nil {
			errs[i] = fmt.Errorf("could not connect: %w", err)
			continue
		}
		conns[i] = c.(*net.TCPConn)
	}

	b := newBarrier(n)
	outs := make([]bytes.Buffer, n)
	var wg sync.WaitGroup
	for i, conn := range conns {
		if conn == nil {
			b.drop(i+1, errs[i])
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = performTogether(conn, actions, &outs[i], b)
			if errs[i] != nil {
				b.drop(i+1, errs[i])
			}
		}()
	}
	wg.Wait()

	var all bytes.Buffer
	for i := range outs {
		all.Write(outs[i].Bytes())
	}
	noteOutput(ts, "the grader's scripted clients (dial -together)")
	fmt.Fprint(ts.Stdout(), all.String())
	// The error to show: a barrier's, which says what went wrong for the
	// clients together, or else the first client's that failed.
	var first error
	who := 0
	for i, err := range errs {
		if err != nil && (first == nil || isBarrierErr(err) && !isBarrierErr(first)) {
			first, who = err, i+1
		}
	}
	switch {
	case neg && first == nil:
		ts.Fatalf("dial -together %d %s: every client's actions succeeded, but one should have failed", n, addr)
	case !neg && first != nil:
		settleAfter(ts, first)
		fail(ts, "dial -together %d %s: client %d of %d: %v", n, addr, who, n, first)
	case first != nil:
		fmt.Fprintln(ts.Stderr(), first)
	}
}

// barrierError marks a barrier that fell short.
type barrierError struct{ err error }

func (e barrierError) Error() string { return e.err.Error() }
func (e barrierError) Unwrap() error { return e.err }

func isBarrierErr(err error) bool {
	var be barrierError
	return errors.As(err, &be)
}

// performTogether is perform for one client of dial -together: the
// actions in order, a barrier waiting for the other clients, and the
// connection closed at the end.
func performTogether(conn *net.TCPConn, actions []action, out *bytes.Buffer, b *barrier) error {
	defer conn.Close()
	p := &peer{conn: conn, r: bufio.NewReader(conn), out: out}
	for pos, a := range actions {
		if a.verb == "barrier" {
			if err := b.wait(pos); err != nil {
				return barrierError{fmt.Errorf("barrier: %w", err)}
			}
			continue
		}
		if err := p.do(a); err != nil {
			return fmt.Errorf("%s: %w", a.verb, err)
		}
		if a.verb == "close" || a.verb == "reset" {
			return nil
		}
	}
	return nil
}
