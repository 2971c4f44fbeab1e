package grader

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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
				run = exec.Command(testBin, "-test.count=1000", "-test.run=TestSolution", "-test.timeout=4s")
			}
			if how == "orphaned" {
				// A shell plays "go test": killing it orphans the test binary.
				run = exec.Command("sh", "-c", `"$0" "$@" & wait`, testBin, "-test.count=50", "-test.run=TestSolution")
			}
			run.Dir = filepath.Join(root, "solutions", "02-echo")
			run.Env = append(os.Environ(), "TMPDIR="+tmp)
			run.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			if err := run.Start(); err != nil {
				t.Fatal(err)
			}
			defer syscall.Kill(-run.Process.Pid, syscall.SIGKILL)
			waitUntil(t, 60*time.Second, "a script to claim a port", func() bool { return len(activeClaims(tmp)) > 0 })
			switch how {
			case "SIGINT":
				run.Process.Signal(os.Interrupt)
			case "orphaned":
				run.Process.Kill()
			}
			run.Wait()
			waitUntil(t, 10*time.Second, "the test binary and its programs to end", func() bool {
				return len(processesUnder(t, tmp, testBin)) == 0
			})
			if left := processesUnder(t, tmp, testBin); len(left) > 0 {
				t.Errorf("still running: %v", left)
			}
			if dirs, _ := filepath.Glob(filepath.Join(tmp, "workshop-programs-*")); len(dirs) > 0 {
				t.Errorf("folders left in the temp folder: %v", dirs)
			}
			if claims := activeClaims(tmp); len(claims) > 0 {
				t.Errorf("ports still claimed: %v", claims)
			}
		})
	}
}

// activeClaims lists the port claims in the temp folder tmp.
func activeClaims(tmp string) []string {
	entries, _ := os.ReadDir(filepath.Join(tmp, "tcpworkshop-ports"))
	var claims []string
	for _, e := range entries {
		if e.IsDir() {
			claims = append(claims, e.Name())
		}
	}
	return claims
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
