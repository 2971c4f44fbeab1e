package grader

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// Ports for scripts come from below every system's ephemeral range (Linux
// hands out 32768 and up to clients, macOS and Windows 49152 and up), so a
// client's source port never takes a port that a script is about to use.
const (
	firstPort = 20000
	lastPort  = 32767
)

// A port is claimed across test processes too, since "go test ./..." and
// the teacher's report run several side by side: a claim is a folder named
// after the port in claimDir, which os.Mkdir lets only one process make.
// The script releases it when it ends; a claim whose owner (the process ID
// in its owner.pid) is no longer alive, or older than staleClaim, is taken
// over. A released port rests
// for coolDown before any process claims it again: connections of its last
// use may still be closing, and a listener cannot bind beside them.
//
// Every test process must see the same folder, also one that a script
// starts with a temp folder of its own (testscript gives each script its
// own TMPDIR): the folder is passed on in WORKSHOP_PORTS, which the
// scripts' environment carries (see setup).
var claimDir = func() string {
	if dir := os.Getenv(PortsEnv); dir != "" {
		return dir
	}
	return filepath.Join(os.TempDir(), "tcpworkshop-ports")
}()

// PortsEnv names the folder of port claims shared by all test processes.
const PortsEnv = "WORKSHOP_PORTS"

// PortClaims is the folder of port claims that this process uses; a
// process that starts graders with an environment of its own passes it on
// in PortsEnv, so that they share their ports' claims.
func PortClaims() string { return claimDir }

const (
	staleClaim = 10 * time.Minute
	coolDown   = 2 * time.Minute
)

var ports struct {
	sync.Mutex
	next  int
	given map[int]bool
}

// freePort returns a port that nothing listens on now, that no other test
// process has claimed, and that this process has not given out before
// (until it has given out the whole range). release ends the claim.
func freePort() (port int, release func(), err error) {
	ports.Lock()
	defer ports.Unlock()
	const size = lastPort - firstPort + 1
	if ports.given == nil || len(ports.given) == size {
		ports.given = map[int]bool{}
		ports.next = firstPort + rand.IntN(size)
	}
	for range size {
		port := ports.next
		ports.next++
		if ports.next > lastPort {
			ports.next = firstPort
		}
		if ports.given[port] {
			continue
		}
		release, ok := claim(port)
		if !ok {
			continue
		}
		if !portIsFree(port) {
			release()
			continue
		}
		ports.given[port] = true
		release, ok = trackClaim(port, release)
		if !ok {
			return 0, nil, errors.New("the grader is stopping")
		}
		return port, release, nil
	}
	return 0, nil, fmt.Errorf("no free TCP port between %d and %d", firstPort, lastPort)
}

// claim claims port for this process. Where claims cannot be kept (a temp
// folder that is not writable), it claims nothing and lets the listen check
// decide alone.
func claim(port int) (release func(), ok bool) {
	noop := func() {}
	if err := os.MkdirAll(claimDir, 0o777); err != nil {
		return noop, true
	}
	dir := filepath.Join(claimDir, strconv.Itoa(port))
	rested := dir + ".released"
	if info, err := os.Stat(rested); err == nil && time.Since(info.ModTime()) < coolDown {
		return nil, false
	}
	err := os.Mkdir(dir, 0o777)
	if errors.Is(err, fs.ErrExist) {
		info, serr := os.Stat(dir)
		gone := ownerGone(filepath.Join(dir, ownerFile))
		if !gone && (serr != nil || time.Since(info.ModTime()) < staleClaim) {
			return nil, false
		}
		os.RemoveAll(dir)
		err = os.Mkdir(dir, 0o777)
	}
	if err == nil {
		os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o666)
	}
	switch {
	case errors.Is(err, fs.ErrExist):
		return nil, false
	case err != nil:
		return noop, true
	}
	return func() {
		// Mark when the port was last used, then end the claim.
		if err := os.WriteFile(rested, nil, 0o666); err == nil {
			now := time.Now()
			os.Chtimes(rested, now, now)
		}
		os.RemoveAll(dir)
	}, true
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
