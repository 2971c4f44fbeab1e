package main

import "syscall"

// isTTY reports whether the handle is a console: only a console has a
// console mode (NUL, a file or a pipe has none).
func isTTY(fd uintptr) bool {
	var mode uint32
	return syscall.GetConsoleMode(syscall.Handle(fd), &mode) == nil
}

// terminalColumns returns 0: the standard library cannot ask a Windows
// console its width, so $COLUMNS or the widest width is used.
func terminalColumns(fd uintptr) int { return 0 }
