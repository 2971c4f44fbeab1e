// Command server is lesson 10's chat server: one room, spoken in lines.
// A newcomer gives a name, hears who is present, and from then on every
// line it sends reaches everyone else as "[NAME] LINE". One goroutine, the
// room's, owns the list of members; every member has a bounded queue of
// lines to write, so that one who stops reading holds up the room for a
// second at most.
//
// Read ../README.md first; HINTS.md helps when you are stuck. Grade your
// work with: go test ./lessons/10-chat/
package main

import (
	"errors"
	"net"
	"time"

	"example.com/tcpworkshop/internal/cli"
)

const (
	// maxName is the longest name, in letters and digits.
	maxName = 16
	// queueSize is how many lines may wait for one member.
	queueSize = 256
	// maxWait is the longest one broadcast waits for full queues. A
	// member whose queue is still full by then is cut off.
	maxWait = time.Second
)

// serve listens on host and port and gives every client a goroutine of its
// own. It returns only when something goes wrong, such as a port in use.
func serve(host string, port int) error {
	// TODO(step 1): listen on net.JoinHostPort(host, strconv.Itoa(port))
	// and return the error if it fails. Then print the ready line on
	// standard error, "chat server listening on ADDR" (listener.Addr()),
	// start the room's goroutine (room := newRoom(); go room.run()), and
	// accept clients for ever, each handled by `go handle(room, conn)`.

	return nil
}

// A member is a user who has joined the room.
type member struct {
	name string
	conn net.Conn
	// out holds the lines waiting to be written to the member. Only the
	// room sends on it and closes it; the member's writer drains it.
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
// runs run: no other goroutine may touch it.
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

// run serves the room's requests, one at a time, for ever.
func (r *room) run() {
	// TODO(step 4): loop for ever, with a select over the three channels:
	// a join request gets r.join's answer on its reply channel; a message
	// is broadcast as "[NAME] TEXT" to everyone but its sender; a member
	// on r.leaves is handed to r.leave.
}

// join lets m in, unless its name is taken: m hears who is present, and
// everyone else hears that m has joined.
func (r *room) join(m *member) error {
	// TODO(step 3): return errNameTaken if a member has m's name. Queue
	// "* present: " and the names in join order, separated by ", ", on
	// m.out (just "* present:" when the room is empty). Add m to
	// r.members, and broadcast "* NAME has joined" to the others.

	return nil
}

// broadcast queues line for every member but from. A full queue is waited
// for, but never for longer than maxWait in all: a member whose queue is
// still full then is not reading, and is cut off.
func (r *room) broadcast(from *member, line string) {
	// TODO(step 6): for every member but from, try to queue the line at
	// once (a select with a default case). If the queue is full, set a
	// deadline maxWait from now (once per broadcast) and try again with
	// queueBy. Collect the members for which that failed; once the loop is
	// done, close each one's connection and hand it to r.leave.
}

// queueBy puts line in out, waiting until deadline at the latest for room
// in it, and reports whether it did.
func queueBy(out chan<- string, line string, deadline time.Time) bool {
	// TODO(step 6): a select between sending on out and a timer
	// (time.NewTimer(time.Until(deadline))) that fires first.

	return false
}

// leave takes m out of the room, if it is still there, and tells everyone
// else.
func (r *room) leave(m *member) {
	// TODO(step 7): if m is no longer in r.members, do nothing. Otherwise
	// remove it, close m.out (its writer then ends), and broadcast
	// "* NAME has left".
}

// handle talks with one client: it asks for a name, joins the room, and
// hands every line the client sends to the room.
func handle(r *room, conn net.Conn) {
	// TODO(step 2): send "Welcome! What is your name?\n" and read the
	// first line with a bufio.Scanner. A name that validName refuses gets
	// "ERROR illegal name\n", and the connection is closed.

	// TODO(step 3): make the member (out: make(chan string, queueSize)),
	// send a joinRequest to r.joins and wait for the reply; an error gets
	// "ERROR name taken\n", and the connection is closed.

	// TODO(step 5): start the member's writer (go write(m)), then send
	// every further line to the room as a message. When the lines end,
	// whatever the reason, send the member to r.leaves.
}

// write writes m's queued lines to its connection, each with "\n", and
// closes the connection once the room has closed the queue.
func write(m *member) {
	// TODO(step 5): range over m.out and write each line; stop at the
	// first error. Close the connection when done.
}

// validName reports whether name is 1 to maxName ASCII letters or digits.
func validName(name string) bool {
	// TODO(step 2): check the length and every byte.

	return false
}

func main() {
	addr := cli.ServerFlags("server", "localhost", 10010)

	if err := serve(addr.Host, addr.Port); err != nil {
		cli.Fatal("server", err)
	}
}
