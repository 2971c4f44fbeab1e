package grader

import (
	"errors"
	"syscall"
)

// wsaeConnRefused is Winsock's "connection refused", which the syscall
// package does not name.
const wsaeConnRefused syscall.Errno = 10061

// brokenOnThisSystem says whether err is a broken connection as Winsock
// reports it: its errors are not the syscall package's POSIX ones.
func brokenOnThisSystem(err error) bool {
	return errors.Is(err, syscall.WSAECONNRESET) || errors.Is(err, syscall.WSAECONNABORTED) ||
		errors.Is(err, wsaeConnRefused)
}
