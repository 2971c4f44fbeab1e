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
