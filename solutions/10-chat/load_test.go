package chat

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"example.com/tcpworkshop/internal/workshoptest"
)

// TestLoad measures the reference server under load: 50 users, one of
// whom joins and never reads, while another sends 2,000 lines of 4 KB. It
// reports how long the 48 readers take to get every line, and when the
// stalled user is cut off. It is a measurement, not a grading step, so it
// runs only when asked:
//
//	WORKSHOP_CHAT_LOAD=1 go test -run TestLoad -v ./solutions/10-chat/
//
// CHAT_LOAD_PAUSE (a duration, default 0: as fast as the server takes
// them) paces the sender; CHAT_LOAD_SIZE sets the size of a line (4096
// bytes by default); CHAT_LOAD_RACE=1 builds the server with the race
// detector, as the grader does.
func TestLoad(t *testing.T) {
	if os.Getenv("WORKSHOP_CHAT_LOAD") != "1" {
		t.Skip("a measurement: set WORKSHOP_CHAT_LOAD=1 to run it")
	}
	const (
		users    = 50
		messages = 2000
	)
	pause, _ := time.ParseDuration(os.Getenv("CHAT_LOAD_PAUSE"))
	size, err := strconv.Atoi(os.Getenv("CHAT_LOAD_SIZE"))
	if err != nil {
		size = 4096
	}

	race := os.Getenv("CHAT_LOAD_RACE") == "1"
	readyLine := workshoptest.StartServer(t, "./server", race, "-host", "127.0.0.1", "-port", "0")
	// "chat server listening on ADDR": the port is the one the system picked.
	addr := readyLine[strings.LastIndex(readyLine, " ")+1:]

	// join connects a user and returns its connection and reader, once
	// the user has heard who is present.
	join := func(name string) (net.Conn, *bufio.Reader) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReader(conn)
		fmt.Fprintf(conn, "%s\n", name)
		for range 2 { // welcome, present
			if _, err := r.ReadString('\n'); err != nil {
				t.Fatal(err)
			}
		}
		return conn, r
	}

	stall, _ := join("stall")
	defer stall.Close()

	type result struct {
		done, stallLeft time.Duration
		got             int
		err             error
	}
	results := make(chan result, users)
	var start time.Time
	begin := make(chan struct{})
	var ready sync.WaitGroup
	for i := range users - 2 {
		conn, r := join("reader" + strconv.Itoa(i))
		defer conn.Close()
		ready.Add(1)
		go func() {
			ready.Done()
			<-begin
			var res result
			for res.got < messages {
				line, err := r.ReadString('\n')
				if err != nil {
					res.err = err
					break
				}
				switch {
				case strings.HasPrefix(line, "[sender] "):
					res.got++
				case line == "* stall has left\n":
					res.stallLeft = time.Since(start)
				}
			}
			res.done = time.Since(start)
			results <- res
		}()
	}
	sender, _ := join("sender")
	defer sender.Close()
	ready.Wait()

	line := strings.Repeat("x", size-1) + "\n"
	start = time.Now()
	close(begin)
	w := bufio.NewWriter(sender)
	for range messages {
		w.WriteString(line)
		if pause > 0 {
			w.Flush()
			time.Sleep(pause)
		}
	}
	w.Flush()
	sent := time.Since(start)

	var done, cut []time.Duration
	for range users - 2 {
		res := <-results
		if res.err != nil {
			t.Errorf("a reader was dropped after %d of %d lines: %v", res.got, messages, res.err)
		}
		done = append(done, res.done)
		if res.stallLeft > 0 {
			cut = append(cut, res.stallLeft)
		}
	}
	slices.Sort(done)
	slices.Sort(cut)
	t.Logf("%d users, %d lines of %d bytes, pause %v: sent in %v", users, messages, size, pause, sent.Round(time.Millisecond))
	t.Logf("every reader had every line after %v (median %v, first %v)",
		done[len(done)-1].Round(time.Millisecond), done[len(done)/2].Round(time.Millisecond), done[0].Round(time.Millisecond))
	if len(cut) == 0 {
		t.Logf("the stalled user was never cut off: %d bytes for it fit in the socket buffers and its queue", messages*size)
	} else {
		t.Logf("the stalled user was announced as left after %v (as seen by the first of %d readers)", cut[0].Round(time.Millisecond), len(cut))
	}
}
