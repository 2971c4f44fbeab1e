package grader

import (
	"fmt"
	"math/rand/v2"
	"net"
	"strconv"
	"sync"
)

// Ports for scripts come from below every system's ephemeral range (Linux
// hands out 32768 and up to clients, macOS and Windows 49152 and up), so a
// client's source port never takes a port that a script is about to use.
const (
	firstPort = 20000
	lastPort  = 32767
)

var ports struct {
	sync.Mutex
	next  int
	given map[int]bool
}

// freePort returns a port that nothing listens on now and that no other
// script of this test process was given. Each test process starts at a
// random place in the range, so that the packages "go test ./..." runs side
// by side rarely look at the same ports.
func freePort() (int, error) {
	ports.Lock()
	defer ports.Unlock()
	if ports.given == nil {
		ports.given = map[int]bool{}
		ports.next = firstPort + rand.IntN(lastPort-firstPort+1)
	}
	for range lastPort - firstPort + 1 {
		port := ports.next
		ports.next++
		if ports.next > lastPort {
			ports.next = firstPort
		}
		if ports.given[port] || !portIsFree(port) {
			continue
		}
		ports.given[port] = true
		return port, nil
	}
	return 0, fmt.Errorf("no free TCP port between %d and %d", firstPort, lastPort)
}

// portIsFree reports whether a server could listen on port, both on every
// address and on the loopback address.
func portIsFree(port int) bool {
	for _, host := range []string{"", "127.0.0.1"} {
		l, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
		if err != nil {
			return false
		}
		l.Close()
	}
	return true
}
