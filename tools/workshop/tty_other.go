//go:build !linux && !darwin && !windows

package main

// isTTY cannot ask these systems without a dependency: every character
// device counts as a terminal there, and --yes remains the way to not be
// asked.
func isTTY(fd uintptr) bool { return true }

// terminalColumns returns 0: $COLUMNS or the widest width is used.
func terminalColumns(fd uintptr) int { return 0 }
