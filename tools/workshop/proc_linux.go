package main

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes the kernel kill the command when the tool dies, even
// if the tool is killed before it can stop the command.
func dieWithParent(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}
