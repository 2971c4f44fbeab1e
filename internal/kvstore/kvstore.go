// Package kvstore is the key-value protocol of the workshop's part two,
// ready-made: the store that every connection of a server shares, the
// reading of one request line, and the answer to it. Lesson 09 imports it
// so that its programs are only about deadlines and shutdown.
//
// One request is one line, at most MaxLine bytes before its "\n" (a "\r"
// just before the "\n" is dropped). Each request gets one reply line:
//
//	SET KEY VALUE   OK
//	GET KEY         VALUE VALUE, or NOT FOUND
//	DEL KEY         DELETED, or NOT FOUND
//	QUIT            BYE, and the server closes the connection
//	anything else   ERROR REASON (the connection stays open)
//
// A KEY is 1 to 64 bytes, none of them a space or a control byte; a VALUE is
// the rest of the line after the key and its space, spaces included.
package kvstore

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"sync"
)

// MaxLine is the longest request line, in bytes, not counting its end.
const MaxLine = 1024

// MaxKey is the longest key, in bytes.
const MaxKey = 64

// ErrLineTooLong is returned by ReadRequest for a line longer than MaxLine.
// The server answers "ERROR line too long" and closes the connection: the
// rest of such a line cannot be told from the next request.
var ErrLineTooLong = errors.New("line too long")

// ReadRequest reads one request line from r and returns it without its
// "\n" and a "\r" just before it. At the end of the stream it returns
// io.EOF; a last line without "\n" still counts as a request. It never
// keeps more than MaxLine+1 bytes of one line, whatever the client sends.
//
// An error from the connection, such as a read deadline that passed, is
// returned as it came: errors.Is and errors.As see through it.
func ReadRequest(r *bufio.Reader) (string, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		line = append(line, chunk...)
		if len(bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))) > MaxLine {
			return "", ErrLineTooLong
		}
		switch {
		case err == nil:
			line = bytes.TrimSuffix(line, []byte("\n"))
			return string(bytes.TrimSuffix(line, []byte("\r"))), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue // a long line: keep reading
		case errors.Is(err, io.EOF) && len(line) > 0:
			return string(bytes.TrimSuffix(line, []byte("\r"))), nil
		default:
			return "", err
		}
	}
}

// A Store holds the keys and values that every connection of a server
// shares. Its methods may be called from many goroutines at once.
type Store struct {
	mu     sync.Mutex
	values map[string]string
}

// New returns an empty store.
func New() *Store {
	return &Store{values: map[string]string{}}
}

// Answer carries out one request line and returns the reply line, without
// its "\n". quit is true for QUIT: after sending the reply ("BYE"), the
// server closes the connection.
func (s *Store) Answer(request string) (reply string, quit bool) {
	verb, rest, _ := strings.Cut(request, " ")
	switch verb {
	case "SET":
		key, value, ok := strings.Cut(rest, " ")
		if !ok {
			return "ERROR usage: SET KEY VALUE", false
		}
		if problem := checkKey(key); problem != "" {
			return "ERROR " + problem, false
		}
		s.mu.Lock()
		s.values[key] = value
		s.mu.Unlock()
		return "OK", false
	case "GET", "DEL":
		if rest == "" || strings.Contains(rest, " ") {
			return "ERROR usage: " + verb + " KEY", false
		}
		if problem := checkKey(rest); problem != "" {
			return "ERROR " + problem, false
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		value, found := s.values[rest]
		switch {
		case !found:
			return "NOT FOUND", false
		case verb == "GET":
			return "VALUE " + value, false
		default:
			delete(s.values, rest)
			return "DELETED", false
		}
	case "QUIT":
		if rest != "" {
			return "ERROR usage: QUIT", false
		}
		return "BYE", true
	case "":
		return "ERROR empty request", false
	}
	return "ERROR unknown command (use SET, GET, DEL or QUIT)", false
}

// checkKey says what is wrong with a key, or "" when it is fine.
func checkKey(key string) string {
	if key == "" || len(key) > MaxKey {
		return "a key is 1 to 64 bytes long"
	}
	for i := 0; i < len(key); i++ {
		if key[i] <= ' ' || key[i] == 0x7f {
			return "a key has no spaces or control bytes"
		}
	}
	return ""
}
