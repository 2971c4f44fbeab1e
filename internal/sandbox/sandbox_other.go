//go:build !linux

package sandbox

import (
	"context"
	"errors"
	"os/exec"
	"runtime"
)

// Available reports whether commands can be contained on this system: not
// on this one, which has no unprivileged namespaces.
func Available() error {
	return errors.New(runtime.GOOS + " has no unprivileged namespaces to contain the programs in")
}

func command(context.Context, Spec) (*exec.Cmd, error) { return nil, Available() }

// Init does nothing where there are no sandboxes.
func Init() {}
