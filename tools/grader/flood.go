package grader

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// The flood actions load a line protocol with more data than the kernel's
// socket buffers absorb, to show whether one peer that stops reading holds
// up the others. One peer floods, the others read the flood back, however
// the server wraps each line (a chat server sends "[ann] flood 1 xxx...").
const (
	// floodLineSize is the size of one flood line, newline included.
	floodLineSize = 4096
	// floodInterval paces the flood at two lines (8 KB) a millisecond: a
	// server that queues lines for slow readers must not drop a reader
	// that keeps up only because the sender went faster than any reader
	// could. A sender that falls behind (on a busy machine) does not catch
	// up in a burst: it goes on at the same pace from where it is.
	floodInterval = 500 * time.Microsecond
	// floodProgress is how often readflood says how far it got.
	floodProgress = 1000
)

// floodLine returns flood line number i (from 1): "flood I " and x's, up
// to floodLineSize bytes with the newline.
func floodLine(i int) string {
	head := fmt.Sprintf("flood %d ", i)
	return head + strings.Repeat("x", floodLineSize-len(head)-1) + "\n"
}

// flood sends n flood lines, paced by floodInterval. The write
// deadline is renewed after every line, so a long flood may take as long
// as it needs, but a server that stops reading is caught.
func (p *peer) flood(arg string) error {
	n, err := strconv.Atoi(arg)
	if err != nil {
		return err
	}
	start := time.Now()
	for i := 1; i <= n; i++ {
		p.conn.SetWriteDeadline(time.Now().Add(timeout()))
		if _, err := io.WriteString(p.conn, floodLine(i)); err != nil {
			if isTimeout(err) {
				return fmt.Errorf("after %d of %d flood lines, the other side read nothing more for %s", i-1, n, timeout())
			}
			return fmt.Errorf("after %d of %d flood lines: %w", i-1, n, err)
		}
		due := start.Add(time.Duration(i) * floodInterval)
		if wait := time.Until(due); wait > 0 {
			pause(wait)
		} else if wait < -10*time.Millisecond {
			start = start.Add(-wait) // behind: no burst to catch up
		}
	}
	return nil
}

// shortFloodLine returns short flood line number i, "flood I\n", as burst
// sends it.
func shortFloodLine(i int) string { return fmt.Sprintf("flood %d\n", i) }

// burst sends n short flood lines in one write, as fast as the other side
// takes them: a paste, not a person typing. Short lines make the most of
// each read the other side makes.
func (p *peer) burst(arg string) error {
	n, err := strconv.Atoi(arg)
	if err != nil {
		return err
	}
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(shortFloodLine(i))
	}
	p.conn.SetWriteDeadline(time.Now().Add(timeout()))
	if _, err := io.WriteString(p.conn, b.String()); err != nil {
		return fmt.Errorf("sending %d flood lines at once: %w", n, err)
	}
	return nil
}

// readFlood reads lines until n flood lines have come, long or short, in
// order and whole, wherever they sit in a line. The flood lines are counted, not printed;
// every other line is printed on stdout as it comes, and so is a line
// "readflood: I of N flood lines" after every floodProgress of them (a
// script waits for each in turn, so that its waits scale with the work)
// and a last line "readflood: N flood lines, in order".
func (p *peer) readFlood(arg string) error {
	n, err := strconv.Atoi(arg)
	if err != nil {
		return err
	}
	for got := 0; got < n; {
		p.conn.SetReadDeadline(time.Now().Add(timeout()))
		line, err := p.r.ReadString('\n')
		switch {
		case isTimeout(err):
			return fmt.Errorf("after %d of %d flood lines, nothing more came for %s", got, n, timeout())
		case err == io.EOF:
			return fmt.Errorf("the other side closed the connection after %d of %d flood lines", got, n)
		case err != nil:
			return fmt.Errorf("after %d of %d flood lines: %w", got, n, err)
		}
		i := strings.Index(line, "flood ")
		if i < 0 {
			p.out.Write([]byte(line))
			continue
		}
		if line[i:] != floodLine(got+1) && line[i:] != shortFloodLine(got+1) {
			return fmt.Errorf("after %d of %d flood lines, a line came that is not the next one (%q...): lines were lost or changed",
				got, n, line[:min(len(line), i+20)])
		}
		got++
		if got%floodProgress == 0 && got < n {
			fmt.Fprintf(p.out, "readflood: %d of %d flood lines\n", got, n)
		}
	}
	fmt.Fprintf(p.out, "readflood: %d flood lines, in order\n", n)
	return nil
}
