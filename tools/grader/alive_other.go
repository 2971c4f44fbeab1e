//go:build !unix

package grader

import "os"

// processAlive reports whether a process with this ID exists. Outside Unix
// os.FindProcess opens the process, which fails once it is gone.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
