// Command server is lesson 10's chat server: one room, spoken in lines.
//
// A newcomer is asked for a name, gets the list of who is present, and from
// then on every line it sends reaches everyone else as "[NAME] LINE":
//
//	Welcome! What is your name?
//	ann
//	* present: bob, cy
//	[bob] hello ann
//	* cy has left
//
// One goroutine, the room's, owns the list of members; the connections'
// goroutines only send it requests on channels. Every member has a
// bounded queue of lines waiting to be written to it, drained by a
// goroutine of its own, so a member that stops reading never holds up the
// room: when its queue is full, it is cut off and announced as left.
//
// The server says little on standard error: that it listens, and who
// joins and leaves.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"example.com/tcpworkshop/internal/cli"
)

const (
	// maxName is the longest name, in letters and digits.
	maxName = 16
	// queueSize is how many lines may wait for one member. A member that
	// reads keeps its queue near empty; the bound absorbs a burst while
	// its writer goroutine waits for the CPU.
	queueSize = 256
	// maxWait is the longest one broadcast waits for full queues. A
	// member whose queue is still full by then is cut off.
	maxWait = time.Second
)

// serve listens on host and port and gives every client a goroutine of its
// own. It returns only when something goes wrong, such as a port in use.
func serve(host string, port int) error {
	listener, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	defer listener.Close()
	fmt.Fprintf(os.Stderr, "chat server listening on %s\n", listener.Addr())

	room := newRoom()
	go room.run()
	for {
		conn, err := listener.Accept()
		if err != nil {
			return err
		}
		go handle(room, conn)
	}
}

// A member is a user who has joined the room.
type member struct {
	name string
	conn net.Conn
	// out holds the lines waiting to be written to the member. Only the
	// room sends on it, and only the room closes it, when the member
	// leaves; the member's writer goroutine drains it.
	out chan string
}

// Requests to the room, sent by the connections' goroutines.
type (
	joinRequest struct {
		m     *member
		reply chan error // nil once the member is in, or why not
	}
	message struct {
		from *member
		text string
	}
)

// A room is the chat room. Its members slice belongs to the goroutine that
// runs run: no other goroutine touches it, so it needs no lock.
type room struct {
	joins    chan joinRequest
	messages chan message
	leaves   chan *member

	members []*member // present, in the order they joined
}

var errNameTaken = errors.New("name taken")

func newRoom() *room {
	return &room{
		joins:    make(chan joinRequest),
		messages: make(chan message),
		leaves:   make(chan *member),
	}
}

// run serves the room's requests, one at a time, for ever. It never
// writes to a connection, and waits for a member's queue for a second at
// most.
func (r *room) run() {
	for {
		select {
		case req := <-r.joins:
			req.reply <- r.join(req.m)
		case msg := <-r.messages:
			r.broadcast(msg.from, "["+msg.from.name+"] "+msg.text)
		case m := <-r.leaves:
			r.leave(m)
		}
	}
}

// join lets m in, unless its name is taken: m hears who is present, and
// everyone else hears that m has joined.
func (r *room) join(m *member) error {
	names := make([]string, 0, len(r.members))
	for _, other := range r.members {
		if other.name == m.name {
			return errNameTaken
		}
		names = append(names, other.name)
	}
	present := "* present:"
	if len(names) > 0 {
		present += " " + strings.Join(names, ", ")
	}
	m.out <- present // m's queue is empty, so this line fits
	r.members = append(r.members, m)
	fmt.Fprintf(os.Stderr, "%s joined from %s\n", m.name, m.conn.RemoteAddr())
	r.broadcast(m, "* "+m.name+" has joined")
	return nil
}

// broadcast queues line for every member but from. A full queue is waited
// for, since a reader that keeps up empties it in a moment, but never for
// longer than maxWait in all: a member whose queue is still full then is
// not reading, and is cut off rather than waited for.
func (r *room) broadcast(from *member, line string) {
	var deadline time.Time // set when a first queue is found full
	var stalled []*member
	for _, m := range r.members {
		if m == from {
			continue
		}
		select {
		case m.out <- line:
			continue
		default:
		}
		if deadline.IsZero() {
			deadline = time.Now().Add(maxWait)
		}
		if !queueBy(m.out, line, deadline) {
			stalled = append(stalled, m)
		}
	}
	for _, m := range stalled {
		fmt.Fprintf(os.Stderr, "%s is not reading: cut off\n", m.name)
		// Closing the connection also ends a write that is stuck.
		m.conn.Close()
		r.leave(m)
	}
}

// queueBy puts line in out, waiting until deadline at the latest for room
// in it, and reports whether it did.
func queueBy(out chan<- string, line string, deadline time.Time) bool {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case out <- line:
		return true
	case <-timer.C:
		return false
	}
}

// leave takes m out of the room, if it is still there, and tells everyone
// else. Its writer goroutine writes what is left in its queue, then closes
// the connection.
func (r *room) leave(m *member) {
	i := slices.Index(r.members, m)
	if i < 0 {
		return // already gone: cut off while its reader was still reading
	}
	r.members = slices.Delete(r.members, i, i+1)
	close(m.out)
	fmt.Fprintf(os.Stderr, "%s left\n", m.name)
	r.broadcast(m, "* "+m.name+" has left")
}

// handle talks with one client: it asks for a name, joins the room, and
// hands every line the client sends to the room, until the client leaves
// or the connection fails.
func handle(r *room, conn net.Conn) {
	if _, err := io.WriteString(conn, "Welcome! What is your name?\n"); err != nil {
		conn.Close()
		return
	}
	lines := bufio.NewScanner(conn)
	if !lines.Scan() {
		conn.Close() // gone before saying a name
		return
	}
	name := lines.Text()
	if !validName(name) {
		refuse(conn, "illegal name")
		return
	}

	m := &member{name: name, conn: conn, out: make(chan string, queueSize)}
	reply := make(chan error)
	r.joins <- joinRequest{m, reply}
	if err := <-reply; err != nil {
		refuse(conn, err.Error())
		return
	}
	go write(m)

	for lines.Scan() {
		r.messages <- message{m, lines.Text()}
	}
	// The end of the stream, an error, or a connection the room closed:
	// in every case the member leaves, once.
	r.leaves <- m
}

// write writes m's queued lines to its connection as they come, and closes
// the connection once the room has closed the queue. A write that fails
// closes the connection, which ends the member's reader too.
func write(m *member) {
	defer m.conn.Close()
	for line := range m.out {
		if _, err := io.WriteString(m.conn, line+"\n"); err != nil {
			return
		}
	}
}

// validName reports whether name is 1 to maxName ASCII letters or digits.
func validName(name string) bool {
	if len(name) < 1 || len(name) > maxName {
		return false
	}
	for _, c := range name {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// refuse tells a client why it cannot join, and hangs up.
func refuse(conn net.Conn, reason string) {
	fmt.Fprintf(conn, "ERROR %s\n", reason)
	conn.Close()
}

func main() {
	addr := cli.ServerFlags("server", "localhost", 10010)

	if err := serve(addr.Host, addr.Port); err != nil {
		cli.Fatal("server", err)
	}
}
