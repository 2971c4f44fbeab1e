package grader

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestInterruptLeavesNothing runs a lesson's test binary, as "go test"
// does, and stops it half-way: by Ctrl-C (SIGINT), by killing the "go
// test" above it (SIGKILL), which leaves the test binary orphaned, and by
// -timeout. Each time, within a few seconds, no program it started may
// still run, and it may leave no folder and no port claim in its temp
// folder.
func TestInterruptLeavesNothing(t *testing.T) {
	maintainer(t)
	root := RepoRoot(t)
	testBin := filepath.Join(t.TempDir(), "lesson.test")
	build := exec.Command(goCommand(), "test", "-c", "-o", testBin, "./solutions/02-echo")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go test -c: %v\n%s", err, out)
	}
	for _, how := range []string{"SIGINT", "orphaned", "timeout"} {
		t.Run(how, func(t *testing.T) {
			tmp := t.TempDir()
			// -count makes the run long enough to be stopped half-way.
			run := exec.Command(testBin, "-test.count=50", "-test.run=TestSolution")
			if how == "timeout" {
				run = exec.Command(testBin, "-test.count=1000", "-test.run=TestSolution", "-test.timeout=20s")
			}
			if how == "orphaned" {
				// A shell plays "go test": killing it orphans the test binary.
				run = exec.Command("sh", "-c", `"$0" "$@" & wait`, testBin, "-test.count=50", "-test.run=TestSolution")
			}
			run.Dir = filepath.Join(root, "solutions", "02-echo")
			// Its own temp folder shows what it leaves behind; its ports are
			// claimed beside every other test process's, as always.
			run.Env = append(os.Environ(), "TMPDIR="+tmp, PortsEnv+"="+claimDir)
			// A file, not a pipe: Wait must not wait for an orphaned test
			// binary to close its end. It shows a stuck binary's goroutines.
			stderr, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
			if err != nil {
				t.Fatal(err)
			}
			defer stderr.Close()
			run.Stderr = stderr
			run.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			if err := run.Start(); err != nil {
				t.Fatal(err)
			}
			defer syscall.Kill(-run.Process.Pid, syscall.SIGKILL)
			// pids keeps every process seen running the test binary, for
			// the claims check at the end.
			var pids []string
			waitUntil(t, 2*time.Minute, "a script to claim a port", func() bool {
				now := pidsRunning(testBin)
				for _, pid := range now {
					if !slices.Contains(pids, pid) {
						pids = append(pids, pid)
					}
				}
				// A run cut by -timeout on a very busy machine may end first.
				return len(claimsOf(pids)) > 0 || (len(pids) > 0 && len(now) == 0)
			})
			switch how {
			case "SIGINT":
				run.Process.Signal(os.Interrupt)
			case "orphaned":
				run.Process.Kill()
			}
			awaitExit(t, run, testBin, stderr.Name())
			waitUntil(t, 10*time.Second, "the test binary and its programs to end", func() bool {
				return len(processesUnder(t, tmp, testBin)) == 0
			})
			if left := processesUnder(t, tmp, testBin); len(left) > 0 {
				t.Errorf("still running: %v", left)
			}
			if dirs, _ := filepath.Glob(filepath.Join(tmp, "workshop-programs-*")); len(dirs) > 0 {
				t.Errorf("folders left in the temp folder: %v", dirs)
			}
			if claims := claimsOf(pids); len(claims) > 0 {
				t.Errorf("ports still claimed: %v", claims)
			}
			if t.Failed() {
				t.Logf("the end of the test binary's standard error:\n%s", fileTail(stderr.Name()))
			}
		})
	}
}

// exitLimit bounds the wait for a stopped test binary to end: the cleanup
// of a binary that was told to stop takes well under a second, and one cut
// by -timeout ends 20 s after it started.
const exitLimit = time.Minute

// awaitExit waits for run to end. Should it not end within exitLimit, it
// makes every running copy of the test binary print its goroutines
// (SIGQUIT), and fails with the end of what they printed to stderrFile.
func awaitExit(t *testing.T, run *exec.Cmd, testBin, stderrFile string) {
	t.Helper()
	ended := make(chan struct{})
	go func() {
		run.Wait()
		close(ended)
	}()
	select {
	case <-ended:
		return
	case <-time.After(exitLimit):
	}
	for _, pid := range pidsRunning(testBin) {
		if n, err := strconv.Atoi(pid); err == nil {
			syscall.Kill(n, syscall.SIGQUIT)
		}
	}
	select {
	case <-ended:
	case <-time.After(5 * time.Second):
	}
	t.Fatalf("waited %s for the stopped test binary to end; the end of its standard error:\n%s", exitLimit, fileTail(stderrFile))
}

// fileTail returns the last 16 KiB of a file.
func fileTail(name string) []byte {
	out, _ := os.ReadFile(name)
	const keep = 16 << 10
	if len(out) > keep {
		out = out[len(out)-keep:]
	}
	return out
}

// claimsOf lists the port claims owned by the processes pids.
func claimsOf(pids []string) []string {
	entries, _ := os.ReadDir(claimDir)
	var claims []string
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(claimDir, e.Name(), ownerFile))
		if err == nil && slices.Contains(pids, strings.TrimSpace(string(data))) {
			claims = append(claims, e.Name())
		}
	}
	return claims
}

// pidsRunning lists the processes that run the program exe.
func pidsRunning(exe string) []string {
	entries, _ := os.ReadDir("/proc")
	var pids []string
	for _, e := range entries {
		if path, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err == nil && path == exe {
			pids = append(pids, e.Name())
		}
	}
	return pids
}

// processesUnder lists the processes whose program is the test binary or
// lives under the temp folder tmp (the built lesson programs).
func processesUnder(t *testing.T, tmp, testBin string) []string {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, e := range entries {
		exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err != nil {
			continue
		}
		exe = strings.TrimSuffix(exe, " (deleted)")
		if exe == testBin || strings.HasPrefix(exe, tmp+string(filepath.Separator)) {
			found = append(found, fmt.Sprintf("%s (process %s)", exe, e.Name()))
		}
	}
	return found
}

func waitUntil(t *testing.T, limit time.Duration, what string, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", limit, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
