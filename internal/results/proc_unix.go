//go:build unix

package results

import (
	"os/exec"
	"syscall"
)

// SetProcessGroup puts the command in a process group of its own, so that
// KillProcessGroup ends it with every program it started.
func SetProcessGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
}

// KillProcessGroup kills the command, and its process group if it has one.
func KillProcessGroup(cmd *exec.Cmd) error { return signalGroup(cmd, syscall.SIGKILL) }

// EndProcessGroup asks the command's process group to end (SIGTERM), so
// that the grader in it can end its programs and release its ports first;
// a command without a group is killed.
func EndProcessGroup(cmd *exec.Cmd) error { return signalGroup(cmd, syscall.SIGTERM) }

// signalGroup sends sig to the command's process group, or kills the
// command when it has no group of its own.
func signalGroup(cmd *exec.Cmd, sig syscall.Signal) error {
	if cmd.Process == nil {
		return nil
	}
	if cmd.SysProcAttr != nil && cmd.SysProcAttr.Setpgid {
		return syscall.Kill(-cmd.Process.Pid, sig)
	}
	return cmd.Process.Kill()
}
