//go:build !unix

package results

import "os/exec"

// SetProcessGroup does nothing where there are no process groups.
func SetProcessGroup(cmd *exec.Cmd) {}

// KillProcessGroup kills the command.
func KillProcessGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	return cmd.Process.Kill()
}
