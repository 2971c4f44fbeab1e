package main

import (
	"syscall"
	"unsafe"
)

// isTTY reports whether the file descriptor is a terminal: only a terminal
// answers the TIOCGETA request for its settings.
func isTTY(fd uintptr) bool {
	var settings syscall.Termios
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, fd, uintptr(syscall.TIOCGETA), uintptr(unsafe.Pointer(&settings)))
	return errno == 0
}

// terminalColumns returns the width of the terminal, or 0.
func terminalColumns(fd uintptr) int {
	var size struct{ rows, cols, x, y uint16 }
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, fd, uintptr(syscall.TIOCGWINSZ), uintptr(unsafe.Pointer(&size)))
	if errno != 0 {
		return 0
	}
	return int(size.cols)
}
