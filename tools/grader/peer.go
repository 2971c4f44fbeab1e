package grader

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// The scripted peers, dial, connect and listen, talk to a lesson's program
// over a real socket, to check how it copes with peers that are slow,
// silent, rude or malformed. Their actions, done in order, are in the
// table peerActions (and in COMMANDS.md, generated from it). Every read
// has the script's deadline, renewed while data keeps coming.
func cmdDial(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) >= 1 && args[0] == "-together" {
		cmdDialTogether(ts, neg, args[1:])
		return
	}
	times := 1
	if len(args) >= 2 && args[0] == "-n" {
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		times, args = n, args[2:]
	}
	if len(args) < 1 {
		ts.Fatalf("usage: [!] dial [-n N] ADDR ACTION...")
	}
	actions, err := parseActions(args[1:])
	ts.Check(err)
	var out bytes.Buffer
	for range times {
		var conn net.Conn
		conn, err = net.DialTimeout("tcp", args[0], timeout())
		if err == nil {
			err = perform(conn.(*net.TCPConn), actions, &out, nil)
		}
		if err != nil {
			break
		}
	}
	noteOutput(ts, "the grader's scripted client (dial)")
	fmt.Fprint(ts.Stdout(), out.String())
	switch {
	case neg && err == nil:
		ts.Fatalf("dial %s: every action succeeded, but one should have failed", args[0])
	case !neg && err != nil:
		settleAfter(ts, err)
		fail(ts, "dial %s: %v", args[0], err)
	case err != nil:
		fmt.Fprintln(ts.Stderr(), err)
	}
}

func cmdListen(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: listen NAME ADDR ACTION...")
	}
	actions, err := parseActions(args[2:])
	ts.Check(err)
	l, err := listenPeer(args[1])
	ts.Check(err)
	t := newTask(args[0])
	t.role = "server"
	var (
		mu   sync.Mutex
		conn net.Conn
	)
	closeAll := t.onStop(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		if conn != nil {
			conn.Close()
		}
	})
	t.kill, t.stop = closeAll, closeAll
	go func() {
		c, err := l.Accept()
		l.Close()
		if err == nil {
			mu.Lock()
			conn = c
			mu.Unlock()
			err = perform(c.(*net.TCPConn), actions, t.stdoutWriter(), t.stopping)
		}
		if err != nil {
			fmt.Fprintln(t.stderrWriter(), err)
		}
		t.finish(err)
	}()
	state(ts).tasks[t.name] = t
	ts.Defer(t.end)
}

// listenPeer listens on addr for a scripted server. Under a heavily loaded
// "go test -race -count=N", binding a port that freeport had just found free
// was seen to fail, rarely, with "address already in use"; it is tried
// again for up to two seconds before the script fails.
func listenPeer(addr string) (net.Listener, error) {
	deadline := time.Now().Add(2 * time.Second)
	for {
		l, err := net.Listen("tcp", addr)
		if err == nil || !errors.Is(err, syscall.EADDRINUSE) || time.Now().After(deadline) {
			return l, err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func cmdConnect(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: connect NAME ADDR ACTION...")
	}
	actions, err := parseActions(args[2:])
	ts.Check(err)
	conn, err := net.DialTimeout("tcp", args[1], timeout())
	if err != nil {
		settleAfter(ts, err)
		fail(ts, "connect %s: %v", args[1], err)
	}
	t := newTask(args[0])
	t.role = "client"
	closeConn := t.onStop(func() { conn.Close() })
	t.kill, t.stop = closeConn, closeConn
	go func() {
		err := perform(conn.(*net.TCPConn), actions, t.stdoutWriter(), t.stopping)
		if err != nil {
			fmt.Fprintln(t.stderrWriter(), err)
		}
		t.finish(err)
	}()
	state(ts).tasks[t.name] = t
	ts.Defer(t.end)
}

type action struct {
	verb string
	arg  string
}

// An actionDoc is one action of the scripted peers: its verb, how many
// arguments it takes, its usage and what it does, for COMMANDS.md.
type actionDoc struct {
	verb  string
	args  int
	usage string
	doc   string
}

var peerActions = []actionDoc{
	{"send", 1, "send TEXT", `Send TEXT; Go escapes such as \x00 and \n are understood.`},
	{"trickle", 1, "trickle TEXT", `Send TEXT one byte at a time, 10ms apart.`},
	{"repeat", 2, "repeat N TEXT", `Send TEXT N times over, in one write: a long pipeline of requests, such as 1,000 lines, without a long script line.`},
	{"read", 1, "read N", `Read exactly N bytes and print them on stdout.`},
	{"readline", 0, "readline", `Read up to and including the next \n and print it on stdout.`},
	{"readall", 0, "readall", `Read until the other side closes the connection, and print it on stdout.`},
	{"echo", 1, "echo SIZE", `Send SIZE bytes of binary data while reading them back, and fail unless every byte returns unchanged.`},
	{"idle", 1, "idle DURATION", `Say nothing for DURATION, such as 500ms.`},
	{"hold", 0, "hold", `Neither read nor send until the script ends the peer (connect and listen only): a client that stalls.`},
	{"flood", 1, "flood N", `Send N numbered lines of 4096 bytes ("flood 1 xxx..."), two a millisecond: more than socket buffers absorb.`},
	{"burst", 1, "burst N", `Send N short flood lines ("flood 1", "flood 2", ...) in one write, as fast as the other side takes them: a paste.`},
	{"readflood", 1, "readflood N", `Read lines until N flood lines came, in order and whole (anywhere in a line, such as "[ann] flood 1 xxx..."); print the other lines as they come, "readflood: I of N flood lines" after every 1000, and "readflood: N flood lines, in order" at the end.`},
	{"closewrite", 0, "closewrite", `Close the sending half: the other side reads end of stream.`},
	{"reset", 0, "reset", `Close at once with a TCP reset instead of a clean close.`},
	{"close", 0, "close", `Close the connection (also done after the last action).`},
	{"barrier", 0, "barrier", `Wait until every client of dial -together has got this far, with the script's deadline; fail, saying how many did, when one cannot.`},
}

func parseActions(args []string) ([]action, error) {
	var actions []action
	for len(args) > 0 {
		i := slices.IndexFunc(peerActions, func(a actionDoc) bool { return a.verb == args[0] })
		if i < 0 {
			return nil, fmt.Errorf("unknown peer action %q", args[0])
		}
		n := peerActions[i].args
		if len(args) < 1+n {
			return nil, fmt.Errorf("peer action %s needs an argument", args[0])
		}
		a := action{verb: args[0]}
		if n > 0 {
			a.arg = args[1]
		}
		if n == 2 { // repeat N TEXT: see repeat.go
			a.arg += " " + args[2]
		}
		actions = append(actions, a)
		args = args[1+n:]
	}
	return actions, nil
}

// A peer is one scripted connection: its socket, a reader that every read
// action shares (so that a line read leaves the bytes after it for the
// next action), where it prints what it reads, and, for a peer in the
// background, a channel closed when the script ends it.
type peer struct {
	conn *net.TCPConn
	r    *bufio.Reader
	out  io.Writer
	stop <-chan struct{}
}

// perform carries out the actions on conn and closes it. stop, when not
// nil, is closed when the script ends the peer.
func perform(conn *net.TCPConn, actions []action, out io.Writer, stop <-chan struct{}) error {
	defer conn.Close()
	p := &peer{conn: conn, r: bufio.NewReader(conn), out: out, stop: stop}
	for _, a := range actions {
		if err := p.do(a); err != nil {
			return fmt.Errorf("%s: %w", a.verb, err)
		}
		if a.verb == "close" || a.verb == "reset" {
			return nil
		}
	}
	return nil
}

// progressReader renews the connection's read deadline after every read
// that brought data, so that a long transfer may take as long as it needs
// while a stall is still caught within the script's deadline.
type progressReader struct {
	conn *net.TCPConn
	r    io.Reader
}

func (p progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.conn.SetReadDeadline(time.Now().Add(timeout()))
	}
	return n, err
}

func (p *peer) reader() io.Reader { return progressReader{p.conn, p.r} }

func (p *peer) do(a action) error {
	conn, out := p.conn, p.out
	conn.SetDeadline(time.Now().Add(timeout()))
	switch a.verb {
	case "repeat":
		return p.repeat(a.arg)
	case "send", "trickle":
		text, err := strconv.Unquote(`"` + a.arg + `"`)
		if err != nil {
			return fmt.Errorf("bad text %q: %v", a.arg, err)
		}
		if a.verb == "send" {
			_, err = conn.Write([]byte(text))
			return err
		}
		for i := range len(text) {
			if _, err := conn.Write([]byte{text[i]}); err != nil {
				return err
			}
			time.Sleep(10 * time.Millisecond)
		}
	case "read":
		n, err := strconv.Atoi(a.arg)
		if err != nil {
			return err
		}
		buf := make([]byte, n)
		got, err := io.ReadFull(p.reader(), buf)
		out.Write(buf[:got])
		switch {
		case isTimeout(err):
			return fmt.Errorf("waited %s for %d bytes, but only %d came and the other side did not close the connection", timeout(), n, got)
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			return fmt.Errorf("the other side closed the connection after %d of %d bytes", got, n)
		case err != nil:
			return fmt.Errorf("got %d of %d bytes: %w", got, n, err)
		}
	case "readline":
		line, err := p.r.ReadString('\n')
		out.Write([]byte(line))
		switch {
		case isTimeout(err):
			return fmt.Errorf("waited %s for a whole line, but none came (the other side sent %q and did not close the connection)", timeout(), line)
		case err == io.EOF:
			return fmt.Errorf("the other side closed the connection before a whole line came (all that came from it: %q)", line)
		case err != nil:
			return err
		}
	case "readall":
		got, err := io.Copy(out, p.reader())
		if isTimeout(err) {
			return fmt.Errorf("waited %s for the other side to close the connection, but it had not: %d bytes came from it, then nothing more", timeout(), got)
		}
		return err
	case "echo":
		n, err := strconv.Atoi(a.arg)
		if err != nil {
			return err
		}
		return p.echo(n)
	case "idle":
		d, err := time.ParseDuration(a.arg)
		if err != nil {
			return err
		}
		pause(d)
	case "hold":
		if p.stop == nil {
			return errors.New("only a peer in the background (connect, listen) can hold: in the foreground it would never end")
		}
		<-p.stop
		return nil
	case "flood":
		return p.flood(a.arg)
	case "burst":
		return p.burst(a.arg)
	case "readflood":
		return p.readFlood(a.arg)
	case "closewrite":
		return conn.CloseWrite()
	case "reset":
		conn.SetLinger(0)
		return conn.Close()
	case "close":
		return conn.Close()
	case "barrier":
		return errOnlyTogether
	}
	return nil
}

// echo sends n bytes of binary data, with NUL bytes and invalid UTF-8
// among them, while it reads the same number of bytes back, and checks that
// they came back unchanged. Sending and reading at once keeps a large
// message from filling both sides' buffers and stalling. The data go out in
// pieces, and each direction's deadline is renewed whenever it makes
// progress: a busy machine may take long over a big transfer, but a side
// that stops moving is caught within the script's deadline.
func (p *peer) echo(n int) error {
	conn := p.conn
	data := randomBytes(n)
	sent := make(chan error, 1)
	go func() {
		const piece = 16 << 10
		for off := 0; off < n; off += piece {
			conn.SetWriteDeadline(time.Now().Add(timeout()))
			if _, err := conn.Write(data[off:min(off+piece, n)]); err != nil {
				sent <- fmt.Errorf("%d of %d bytes sent: %w", off, n, err)
				return
			}
		}
		sent <- nil
	}()
	back := make([]byte, n)
	got, err := io.ReadFull(p.reader(), back)
	if err != nil {
		conn.Close() // unblocks the sender
	}
	if sendErr := <-sent; sendErr != nil && err == nil {
		return fmt.Errorf("sending: %w", sendErr)
	}
	switch {
	case isTimeout(err):
		return fmt.Errorf("%d of %d bytes came back, then nothing more for %s", got, n, timeout())
	case err != nil:
		return fmt.Errorf("%d of %d bytes came back: %w", got, n, err)
	}
	if i := firstDifference(data, back); i >= 0 {
		return fmt.Errorf("byte %d came back as %#02x, but %#02x was sent", i, back[i], data[i])
	}
	return nil
}

// isTimeout reports whether err is a read or write that ran out of time.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func firstDifference(a, b []byte) int {
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	return -1
}

// settleTime is how long a peer whose connection broke waits for a
// program of the script to end, so that a failure can say that the
// program had crashed rather than only that the connection broke.
const settleTime = 300 * time.Millisecond

// settleAfter waits, when err says that a connection broke (reset,
// refused, closed early), until one of the script's running programs
// ends, at most settleTime: a program that crashes breaks its
// connections as it exits, a moment before the grader sees it end. It
// returns at once when a program ends, or when err is of another kind.
func settleAfter(ts *testscript.TestScript, err error) {
	if !brokenConnection(err) {
		return
	}
	stop := make(chan struct{})
	defer close(stop)
	ended := make(chan struct{}, len(state(ts).tasks))
	running := 0
	for _, t := range state(ts).tasks {
		if !t.program || t.exited() {
			continue
		}
		running++
		go func() {
			select {
			case <-t.done:
				ended <- struct{}{}
			case <-stop:
			}
		}()
	}
	if running == 0 {
		return
	}
	timer := time.NewTimer(settleTime)
	defer timer.Stop()
	select {
	case <-ended:
	case <-timer.C:
	}
}

// brokenConnection says whether err is a connection that the other side
// broke: reset, refused, or closed before the peer was done.
func brokenConnection(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		brokenOnThisSystem(err)
}
