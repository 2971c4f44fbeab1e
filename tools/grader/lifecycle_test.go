package grader

import (
	"bytes"
	"os"
	"os/exec"
	"testing"
	"time"
)

// tearDownChild, in the environment, makes TestTearDownTwice play the
// test process that tears down twice.
const tearDownChild = "WORKSHOP_TEARDOWN_CHILD"

// TestTearDownTwice checks that a process torn down a second time, as Main
// does when the -timeout margin has already torn it down and the tests
// then end, goes on to exit, and that a port asked for after a teardown is
// refused rather than awaited. It runs in a child process: a teardown
// stops every later program of the process that runs it.
func TestTearDownTwice(t *testing.T) {
	if os.Getenv(tearDownChild) == "1" {
		tearDown("", stopGrace)
		tearDown("", stopGrace)
		if _, _, err := freePort(); err == nil {
			t.Fatal("freePort gave a port after the teardown")
		}
		os.Stdout.WriteString("torn down twice\n")
		return
	}
	child := exec.Command(os.Args[0], "-test.run=^TestTearDownTwice$", "-test.count=1")
	child.Env = append(os.Environ(), tearDownChild+"=1")
	var out bytes.Buffer
	child.Stdout, child.Stderr = &out, &out
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	ended := make(chan error, 1)
	go func() { ended <- child.Wait() }()
	select {
	case err := <-ended:
		if err != nil || !bytes.Contains(out.Bytes(), []byte("torn down twice\n")) {
			t.Fatalf("the child process failed (%v):\n%s", err, out.Bytes())
		}
	case <-time.After(time.Minute):
		child.Process.Kill()
		<-ended
		t.Fatalf("waited a minute for a process torn down twice to end:\n%s", out.Bytes())
	}
}
