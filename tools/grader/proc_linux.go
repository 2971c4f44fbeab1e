package grader

import "syscall"

// dieWithParent makes the kernel kill a started program when the test
// process dies, so that not even a test binary killed by "go test -timeout"
// leaves a lesson's server behind.
func dieWithParent() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
