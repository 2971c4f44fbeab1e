package grader

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"example.com/tcpworkshop/internal/results"
)

// A test process that is interrupted (Ctrl-C), killed by "go test
// -timeout", or orphaned (its "go test" killed) must leave nothing behind:
// no program still running, no folder of programs or scripts, no port
// claimed. The pieces:
//
//   - running lists the programs started and not yet ended, and the port
//     claims not yet released; cleanUp ends and releases them all.
//   - tearDown runs cleanUp and removes Main's folder (which holds the
//     built programs and, through GOTMPDIR, testscript's work folders),
//     once, whichever comes first: the end of the tests, SIGINT or
//     SIGTERM, the death of the parent, or the moment just before -timeout
//     runs out.
//   - A process killed outright (SIGKILL) cannot clean up: the next one
//     sweeps away folders and port claims whose owner is no longer alive,
//     and on Linux the kernel kills its programs with it (dieWithParent).
var running struct {
	sync.Mutex
	procs  map[*os.Process]bool
	claims map[int]func()
	done   bool // cleanUp has run: start nothing more
	// scripts counts the scripts started and not yet ended: until they
	// end, a script may make its work folder anew in Main's folder.
	scripts sync.WaitGroup
}

// scriptStarts records that a script starts, before it makes its work
// folder; it reports false when the process is cleaning up and the script
// must not run. scriptEnds records its end.
func scriptStarts() bool {
	running.Lock()
	defer running.Unlock()
	if running.done {
		return false
	}
	running.scripts.Add(1)
	return true
}

func scriptEnds() { running.scripts.Done() }

// scriptsEnded waits at most limit for the scripts that started before
// cleanUp to end, and reports whether they did.
func scriptsEnded(limit time.Duration) bool {
	ended := make(chan struct{})
	go func() {
		running.scripts.Wait()
		close(ended)
	}()
	select {
	case <-ended:
		return true
	case <-time.After(limit):
		return false
	}
}

// track records a started program until it ends; it reports false when the
// process is cleaning up and the program must not run.
func track(p *os.Process) bool {
	running.Lock()
	defer running.Unlock()
	if running.done {
		return false
	}
	if running.procs == nil {
		running.procs = map[*os.Process]bool{}
	}
	running.procs[p] = true
	return true
}

func untrack(p *os.Process) {
	running.Lock()
	defer running.Unlock()
	delete(running.procs, p)
}

// trackClaim wraps a port claim's release so that cleanUp can release it.
// It reports false, having released the claim, when the process is
// cleaning up.
func trackClaim(port int, release func()) (func(), bool) {
	running.Lock()
	defer running.Unlock()
	if running.done {
		release()
		return nil, false
	}
	if running.claims == nil {
		running.claims = map[int]func(){}
	}
	running.claims[port] = release
	return func() {
		running.Lock()
		r, ok := running.claims[port]
		delete(running.claims, port)
		running.Unlock()
		if ok {
			r()
		}
	}, true
}

// stopping is closed when cleanUp runs: a script's pauses end then, so that
// its scripts end at once with their programs (see pause).
var stopping = make(chan struct{})

// pause waits for d, or less if the process is stopping.
func pause(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-stopping:
	}
}

// cleanUp kills every program still running and releases every port claim.
// It returns how many programs it killed. From then on, no program starts
// and no port is claimed (track and trackClaim refuse).
func cleanUp() int {
	running.Lock()
	if !running.done {
		close(stopping)
	}
	running.done = true
	procs := running.procs
	claims := running.claims
	running.procs, running.claims = nil, nil
	running.Unlock()
	for p := range procs {
		p.Kill()
	}
	for _, release := range claims {
		release()
	}
	return len(procs)
}

// tearDown runs cleanUp and then removes Main's folder dir (if any,
// waiting at most grace for the scripts still running to end), once
// for the whole process, whichever comes first of the end of the tests, a
// signal, the parent's death and the -timeout margin. A later call waits
// for the first to finish, then returns: a process must not exit, nor a
// second removal start, while the first is half done, and after the
// -timeout margin has run it, the rest of the tests fail at once and Main
// calls it again on its way out.
func tearDown(dir string, grace time.Duration) (killed int) {
	tearingDown.Do(func() {
		killed = cleanUp()
		if dir != "" {
			removeDir(dir, grace)
		}
	})
	return killed
}

var tearingDown sync.Once

// stopGrace is how long a stopping process gives the scripts it was running
// to end once their programs are killed: they end at once, unless the
// machine is very busy.
const stopGrace = 2 * time.Second

// ownerFile, in a folder of Main's, holds the process ID of its owner.
const ownerFile = "owner.pid"

// programsPrefix starts the name of Main's folder in the temp folder.
const programsPrefix = "workshop-programs-"

// makeProgramsDir makes Main's folder and records its owner.
func makeProgramsDir() (string, error) {
	dir, err := os.MkdirTemp("", programsPrefix)
	if err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o666)
}

// sweepStale removes the folders that test processes no longer alive left
// in the temp folder: their programs and work folders.
func sweepStale() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), programsPrefix+"*"))
	for _, dir := range dirs {
		if ownerGone(filepath.Join(dir, ownerFile)) {
			os.RemoveAll(dir)
		}
	}
}

// ownerGone reports whether the process named in the file has ended. A
// file that cannot be read says nothing: the folder may be brand new. The
// file may be Main's folder itself, when removeDir blocked it.
func ownerGone(file string) bool {
	if info, err := os.Stat(filepath.Dir(file)); err == nil && !info.IsDir() {
		file = filepath.Dir(file)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	return err == nil && pid != os.Getpid() && !processAlive(pid)
}

// watchOver arranges for tearDown to run when the process is interrupted
// or terminated, when its parent ("go test") dies, and shortly before the
// -timeout of "go test" ends the process without a chance to clean up.
func watchOver(dir string) {
	stopped := make(chan os.Signal, 1)
	signal.Notify(stopped, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-stopped
		n := tearDown(dir, stopGrace)
		fmt.Fprintf(os.Stderr, "grader: %v: stopped %d programs and removed the built programs\n", sig, n)
		os.Exit(1)
	}()
	go func() {
		parent := os.Getppid()
		for range time.Tick(200 * time.Millisecond) {
			if os.Getppid() != parent {
				tearDown(dir, stopGrace)
				os.Exit(1)
			}
		}
	}()
	if f := flag.Lookup("test.timeout"); f != nil {
		if d, err := time.ParseDuration(f.Value.String()); err == nil && d > 0 {
			margin := min(d/20, 2*time.Second)
			time.AfterFunc(d-margin, func() {
				fmt.Fprintf(os.Stderr, "%s %s: stopping every program\n", results.OutOfTime, d)
				tearDown(dir, margin/2)
			})
		}
	}
}

// removeDir removes Main's folder while tests may still be running. It is
// renamed, and a file with this process's ID takes its place until it is
// gone, so that a script or build starting at that moment fails to make
// anything in it instead of making it anew. Should the process die before
// the file goes, the next test process sweeps it (see sweepStale).
// Scripts that are still running have grace to end before the file goes.
func removeDir(dir string, grace time.Duration) {
	doomed := dir + removing
	if os.Rename(dir, doomed) != nil {
		os.RemoveAll(dir)
		return
	}
	os.WriteFile(dir, []byte(strconv.Itoa(os.Getpid())), 0o666)
	os.RemoveAll(doomed)
	// A script that started before cleanUp would make its work folder
	// anew, with dir, as soon as the file went: the file stays until the
	// scripts have ended, or for good (until the next sweep) if they
	// outlast grace.
	if scriptsEnded(grace) {
		os.Remove(dir)
	}
}

// removing ends the name of a folder of Main's that is being removed.
const removing = ".removing"
