package grader

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// maxRepeat bounds the peer action repeat, so that a mistyped count cannot
// fill the memory.
const maxRepeat = 100_000

// repeat carries out the peer action "repeat N TEXT": it sends TEXT, with
// Go escapes such as \n understood, N times over in a single write. A
// lesson about pipelining needs a client that sends many requests at once,
// to check that a server answers them in order and that two connections
// busy at the same time share their state safely; spelling such a pipeline
// out with send would make a script line of many kilobytes. arg is "N
// TEXT", as parseActions joins the action's two arguments.
func (p *peer) repeat(arg string) error {
	count, quoted, _ := strings.Cut(arg, " ")
	n, err := strconv.Atoi(count)
	if err != nil || n < 1 || n > maxRepeat {
		return fmt.Errorf("bad count %q: it is a whole number from 1 to %d", count, maxRepeat)
	}
	text, err := strconv.Unquote(`"` + quoted + `"`)
	if err != nil {
		return fmt.Errorf("bad text %q: %v", quoted, err)
	}
	_, err = p.conn.Write(bytes.Repeat([]byte(text), n))
	return err
}
