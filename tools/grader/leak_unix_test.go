//go:build unix

package grader

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"syscall"
)

// processLeft reports whether the process pid, started from path, still
// exists, and if so in what state. A process that ended and was waited for
// is gone: kill(pid, 0) fails with ESRCH. One that ended but was never
// waited for is a zombie, and still counts as left behind.
func processLeft(pid int, path string) (bool, string) {
	err := syscall.Kill(pid, 0)
	if errors.Is(err, syscall.ESRCH) {
		return false, ""
	}
	if runtime.GOOS != "linux" {
		return true, fmt.Sprintf("kill(%d, 0) says it still exists (%v)", pid, err)
	}
	// On Linux, tell a leftover from a new process that reuses the ID.
	exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
	stat, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	state := ""
	if i := strings.LastIndexByte(string(stat), ')'); i >= 0 && i+2 < len(stat) {
		state = string(stat[i+2])
	}
	if state != "Z" && exe != "" && strings.TrimSuffix(exe, " (deleted)") != path {
		return false, "" // the ID now belongs to another program
	}
	if state == "Z" {
		return true, "it ended but nobody waited for it (a zombie)"
	}
	return true, fmt.Sprintf("it is still running (state %s)", state)
}

const canCheckProcesses = true
