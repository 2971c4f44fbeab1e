//go:build !linux && !darwin && !windows

package main

// isTTY cannot ask these systems without a dependency: every character
// device counts as a terminal there, and -y remains the way to not be
// asked.
func isTTY(fd uintptr) bool { return true }
