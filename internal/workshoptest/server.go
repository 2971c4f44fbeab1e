package workshoptest

import (
	"bufio"
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"testing"
	"time"
)

// readyWait is how long StartServer waits for the ready line, building
// included.
const readyWait = 2 * time.Minute

// StartServer builds the program in pkg, a folder relative to the test's
// own such as "./server", with the race detector when race is true, as
// the grader builds it. It starts the program with args and returns the
// first line the program prints on standard error, its ready line, once it
// has printed it. What the program prints after that is discarded. The
// program is killed when the test ends.
//
// The solutions' measurements (benchmarks, load tests) use it; the graded
// scripts start programs with the grader's own commands.
func StartServer(tb testing.TB, pkg string, race bool, args ...string) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), filepath.Base(pkg))
	build := []string{"build", "-o", bin}
	if race {
		build = append(build, "-race")
	}
	if out, err := exec.Command("go", append(build, pkg)...).CombinedOutput(); err != nil {
		tb.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, args...)
	// A race-enabled program would otherwise wait a second as it exits.
	cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0")
	stderr, w := io.Pipe()
	cmd.Stderr = w
	if err := cmd.Start(); err != nil {
		cancel()
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		cancel()
		cmd.Wait()
		w.Close()
	})

	ready := make(chan string, 1)
	go func() {
		lines := bufio.NewScanner(stderr) // a line of 64 KiB at most
		if lines.Scan() {
			ready <- lines.Text()
		}
		close(ready)
		io.Copy(io.Discard, stderr)
	}()
	select {
	case line, ok := <-ready:
		if !ok {
			tb.Fatalf("%s ended without printing its ready line on stderr", pkg)
		}
		return line
	case <-time.After(readyWait):
		tb.Fatalf("waited %v for %s to print its ready line on stderr", readyWait, pkg)
		return ""
	}
}

// FreePort returns a TCP port of the loopback address that the system
// just handed out and that nothing holds now, for a program that names
// its port in its ready line as it was given (so -port 0 would not do).
func FreePort(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

// RaceEnabled reports whether the running test binary was built with the
// race detector, so that a measurement builds its programs the same way.
func RaceEnabled() bool {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range info.Settings {
		if s.Key == "-race" && s.Value == "true" {
			return true
		}
	}
	return false
}
