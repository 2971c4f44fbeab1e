//go:build !linux

package grader

import "syscall"

// dieWithParent has no counterpart outside Linux: there, the script's
// deferred stop ends the programs it started.
func dieWithParent() *syscall.SysProcAttr { return nil }
