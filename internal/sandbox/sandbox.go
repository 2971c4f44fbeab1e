// Package sandbox runs a command that may hold untrusted code, such as
// "go test" over a learner's programs, contained as far as the system
// allows.
//
// On Linux the command runs in new user, mount, network, PID, IPC and UTS
// namespaces, which need no privileges:
//
//   - it sees a new root that holds only the system's programs and
//     libraries, the folders it is given, a fresh /proc and a few devices,
//     all read-only except the folders marked writable;
//   - its network has only a loopback interface, so it can listen and dial
//     on loopback but reach nothing else, and nothing else can reach it;
//   - it runs as an unprivileged user in a nested user namespace, so it
//     cannot undo any of this;
//   - when it ends, or the context is done, the namespace's first process
//     ends and the kernel ends every process left in it, those that left
//     their session too.
//
// Elsewhere, or where the system refuses namespaces, Available says why and
// Command runs the command in a process group of its own, which is all the
// containment there is.
//
// A program that uses this package calls Init first thing in main (and in
// TestMain): the sandbox's first process is the program itself, started
// again, and Init is where it takes over.
package sandbox

import (
	"context"
	"os/exec"
	"time"
)

// specEnv carries the Spec to the sandbox's first process.
const specEnv = "WORKSHOP_SANDBOX_SPEC"

// A Mount makes a folder of this system visible in the sandbox.
type Mount struct {
	Source   string // the folder (or file) outside
	Target   string // where the sandbox sees it; Source if empty
	Writable bool   // read-only unless set
}

// An Overlay shows Lower read-only with Upper on top of it: what the
// command writes at Target goes to Upper, and Lower is never changed. It
// lets many sandboxes share a warm build cache without one of them being
// able to change what another reads. Work is an empty folder on the same
// file system as Upper.
type Overlay struct {
	Lower, Upper, Work string
	Target             string
}

// A Job is one command of a Spec that runs several.
type Job struct {
	Args []string
	Dir  string
}

// Spec is one command to run in a sandbox, or several.
type Spec struct {
	Args []string // the command and its arguments, looked up in Env's PATH
	Env  []string // the command's whole environment
	Dir  string   // where it runs, as the sandbox sees it
	// Jobs, if any, are run instead of Args, Parallel at a time (at least
	// one). Their standard outputs are merged line by line, so that no
	// line of one is cut by a line of another; a line longer than
	// MaxLine is cut short.
	Jobs     []Job
	Parallel int
	Mounts   []Mount
	Overlay  *Overlay // optional
	// Scratch is an empty folder outside that the sandbox may use for its
	// own root; it is not visible to the command.
	Scratch string
}

// MaxLine is the longest line of a job's output that stays whole.
const MaxLine = 1 << 20

// Command returns the command that runs spec contained; its Stdout and
// Stderr are the caller's to set. When ctx is done the whole sandbox is
// killed.
func Command(ctx context.Context, spec Spec) (*exec.Cmd, error) {
	cmd, err := command(ctx, spec)
	if err != nil {
		return nil, err
	}
	cmd.WaitDelay = 5 * time.Second
	return cmd, nil
}
