package grader

import (
	"fmt"
	"runtime"
	"strings"
	"sync"

	"example.com/tcpworkshop/internal/results"
	"github.com/rogpeppe/go-internal/testscript"
)

// Recorder is a testscript.T that runs scripts one after the other and
// keeps each script's verdict and log, so that a test can check that a
// grader fails, and why, without failing itself.
type Recorder struct {
	Name    string
	Failed  bool
	Skipped bool
	Scripts []*Recorder
	// Failure is the failure of a failed script, as the tools read it
	// (see scriptT), or nil.
	Failure *results.Failure

	mu  sync.Mutex
	log strings.Builder
}

var _ testscript.T = (*Recorder)(nil)

// Log keeps a line of the script's log.
func (r *Recorder) Log(args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintln(&r.log, args...)
}

// Logs returns everything logged.
func (r *Recorder) Logs() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.log.String()
}

// Fatal logs and marks the run as failed, and ends it.
func (r *Recorder) Fatal(args ...any) {
	r.Log(args...)
	r.FailNow()
}

// FailNow marks the run as failed and ends it.
func (r *Recorder) FailNow() {
	r.mu.Lock()
	r.Failed = true
	r.mu.Unlock()
	runtime.Goexit()
}

// Skip logs and marks the run as skipped, and ends it.
func (r *Recorder) Skip(args ...any) {
	r.Log(args...)
	r.mu.Lock()
	r.Skipped = true
	r.mu.Unlock()
	runtime.Goexit()
}

// Parallel does nothing: a Recorder runs one script at a time.
func (r *Recorder) Parallel() {}

// Verbose reports false.
func (r *Recorder) Verbose() bool { return false }

// Run runs one script and waits for it.
func (r *Recorder) Run(name string, f func(testscript.T)) {
	child := &Recorder{Name: name}
	r.mu.Lock()
	r.Scripts = append(r.Scripts, child)
	r.mu.Unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(child)
	}()
	<-done
}
