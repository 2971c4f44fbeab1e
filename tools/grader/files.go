package grader

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"
)

// stdoutFileLimit is the most that "run -stdout FILE" writes to FILE.
const stdoutFileLimit = 64 << 20

// A cappedFile takes a program's output up to a limit and notes whether
// the program printed more. Writes come from the goroutine that copies the
// program's output; full may be asked from another.
type cappedFile struct {
	f     *os.File
	limit int64

	mu      sync.Mutex
	written int64
	over    bool
}

func (c *cappedFile) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(p)
	if room := c.limit - c.written; int64(len(p)) > room {
		c.over = true
		p = p[:max(room, 0)]
	}
	w, err := c.f.Write(p)
	c.written += int64(w)
	return n, err
}

// full reports whether the program printed more than the file takes.
func (c *cappedFile) full() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.over
}

// randomBytes returns n bytes of binary data, the same for the same n.
func randomBytes(n int) []byte {
	data := make([]byte, n)
	rng := rand.New(rand.NewPCG(uint64(n), 1))
	for i := range data {
		data[i] = byte(rng.UintN(256))
	}
	return data
}

func cmdRandFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: randfile FILE SIZE")
	}
	n, err := strconv.Atoi(args[1])
	if err != nil || n < 0 || n > stdoutFileLimit {
		ts.Fatalf("randfile: SIZE is a number of bytes up to %d", stdoutFileLimit)
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), randomBytes(n), 0o666))
}

func cmdSameBytes(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: samebytes FILE1 FILE2")
	}
	a, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	b, err := os.ReadFile(ts.MkAbs(args[1]))
	ts.Check(err)
	if bytes.Equal(a, b) {
		return
	}
	n := min(len(a), len(b))
	i := firstDifference(a[:n], b[:n])
	switch {
	case i >= 0:
		fail(ts, "%s and %s differ from byte %d on: %s has %s there, %s has %s (%s holds %d bytes, %s %d)",
			args[0], args[1], i, args[0], describeByte(a[i]), args[1], describeByte(b[i]), args[0], len(a), args[1], len(b))
	default:
		fail(ts, "%s holds %d bytes and %s %d; the first %d are the same", args[0], len(a), args[1], len(b), n)
	}
}

func describeByte(b byte) string { return fmt.Sprintf("%#02x %q", b, []byte{b}) }
