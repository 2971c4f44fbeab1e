//go:build !linux

package main

import "os/exec"

// dieWithParent has no counterpart outside Linux: there the tool forwards
// interrupts to the command and stops it before it ends.
func dieWithParent(cmd *exec.Cmd) {}
