package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"example.com/tcpworkshop/internal/results"
)

var watchVerb = &verb{
	name:    "watch",
	args:    "[LESSON]",
	summary: "re-grade the current lesson every time you save a file of it",
	help: `Grades the current lesson (or LESSON), then grades it again every time a
file of its folder changes, and explains each verdict as "check" does.

Without LESSON, it moves on to the next lesson as soon as one passes. With
LESSON, it keeps watching that lesson, also once it passes (to make sure a
pass was no fluke, or to tidy the code up): it names the next lesson, and
grades LESSON again on every save until you quit.

The tool looks at the lesson's folder four times a second (names, sizes,
times and contents of the files), so it notices every save, also from
editors that save by writing a temporary file and renaming it, on every
file system.

Keys:
  Enter       grade again now
  q, Enter    quit (Ctrl-C quits too)

Examples:
  ` + self + ` watch
  ` + self + ` watch 01`,
	run: runWatch,
}

// pollInterval is how often watch looks at the lesson's folder.
const pollInterval = 250 * time.Millisecond

func runWatch(a *app, v *verb, args []string) error {
	fset := a.newFlags(v)
	rest, err := a.parseFlags(v, fset, args)
	if err != nil {
		return err
	}
	if len(rest) > 1 {
		return unexpectedArgs(v, rest[1:])
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	l, err := a.lessonArg(ctx, rest)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	// A lesson named on the command line is watched until the end; the
	// current lesson gives way to the next one once it passes.
	named := len(rest) == 1
	a.watching = true
	keys := a.readKeys()
	s := a.style
	reason := "started"
	announced := ""
	for {
		dir := a.path("lessons", l.Slug)
		if announced != l.Slug {
			fmt.Fprintf(a.stdout, "%s\n", s.dim(fmt.Sprintf("Watching lessons/%s/: save a file to grade again; Enter grades now; q + Enter or Ctrl-C quits.", l.Slug)))
			announced = l.Slug
		}
		before := snapshot(dir)
		res, quit := a.gradeWhileWatching(ctx, keys, l, reason)
		if quit {
			return nil
		}
		if res != nil && res.Outcome == results.Passing && named {
			fmt.Fprintf(a.stdout, "\n%s\n", s.bold(a.stillWatching(l)))
		} else if res != nil && res.Outcome == results.Passing {
			next := a.lessonAfter(l)
			if next == nil {
				fmt.Fprintf(a.stdout, "\n%s\n", s.green("That was the last lesson: every lesson you watched passes. Well done!"))
				return nil
			}
			fmt.Fprintf(a.stdout, "\n%s\n", s.bold(fmt.Sprintf("Lesson %s passes: moving on to lesson %s (%s).", l.Slug, next.Slug, next.Title)))
			l, reason = next, "moved on"
			continue
		}
		var ok bool
		reason, ok = a.waitForChange(ctx, keys, dir, before)
		if !ok {
			return nil
		}
	}
}

// stillWatching is what watch says when the lesson it was asked to watch
// passes: it keeps watching, and names the lesson that comes next.
func (a *app) stillWatching(l *lesson) string {
	if next := a.lessonAfter(l); next != nil {
		return fmt.Sprintf("Still watching lesson %s: save to grade it again. When you are done, quit (q + Enter) and run `%s watch %s` for the next lesson.",
			l.Slug, self, next.Slug)
	}
	return fmt.Sprintf("Still watching lesson %s: save to grade it again; q + Enter quits. That was the last lesson: well done!", l.Slug)
}

// key is what the learner typed, a line at a time.
type key int

const (
	keyRerun key = iota
	keyQuit
)

// readKeys reads lines from the input: an empty line asks for a grading, a
// line starting with q to quit. The end of the input just stops reading,
// so that watch runs with no terminal too.
func (a *app) readKeys() <-chan key {
	keys := make(chan key)
	go func() {
		sc := bufio.NewScanner(a.stdin)
		for sc.Scan() {
			line := strings.ToLower(strings.TrimSpace(sc.Text()))
			if strings.HasPrefix(line, "q") {
				keys <- keyQuit
				return
			}
			keys <- keyRerun
		}
	}()
	return keys
}

// gradeWhileWatching grades the lesson and prints the verdict; q or Ctrl-C
// stop the grading and quit.
func (a *app) gradeWhileWatching(ctx context.Context, keys <-chan key, l *lesson, reason string) (*checkResult, bool) {
	s := a.style
	fmt.Fprintf(a.stdout, "\n%s\n", s.cyan(fmt.Sprintf("── %s  grading %s: %s ──", time.Now().Format("15:04:05"), l.Slug, reason)))
	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		res *checkResult
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := a.check(gctx, l)
		done <- result{res, err}
	}()
	for {
		select {
		case <-ctx.Done():
			cancel()
			<-done
			return nil, true
		case k := <-keys:
			if k == keyQuit {
				cancel()
				<-done
				return nil, true
			}
		case r := <-done:
			if r.err != nil {
				fmt.Fprintf(a.stdout, "%s %v\n", s.red("The grading did not run:"), r.err)
				return nil, false
			}
			a.printCheck(a.stdout, r.res)
			return r.res, false
		}
	}
}

// waitForChange polls the lesson's folder until a file changes or Enter is
// pressed, and says why it returned; false means quit.
func (a *app) waitForChange(ctx context.Context, keys <-chan key, dir string, before map[string]fileState) (string, bool) {
	ticker := time.NewTicker(pollInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return "", false
		case k := <-keys:
			if k == keyQuit {
				return "", false
			}
			return "graded on request", true
		case <-ticker.C:
			now := snapshot(dir)
			changed := changes(before, now)
			if len(changed) == 0 {
				continue
			}
			// Let a save that takes several steps finish.
			for i := 0; i < 10; i++ {
				time.Sleep(pollInterval / 2)
				later := snapshot(dir)
				if len(changes(now, later)) == 0 {
					break
				}
				now = later
			}
			changed = changes(before, now)
			if len(changed) == 0 {
				continue
			}
			return strings.Join(changed, ", "), true
		}
	}
}

// fileState is what watch compares to notice a save.
type fileState struct {
	size    int64
	modTime time.Time
	sum     [sha256.Size]byte
}

// snapshot records the files of the lesson's folder, skipping those that
// editors keep on the side (swap files, backups, hidden files).
func snapshot(dir string) map[string]fileState {
	files := map[string]fileState{}
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if path != dir && sideFile(name) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		st := fileState{size: info.Size(), modTime: info.ModTime()}
		if info.Size() < 1<<20 {
			if data, err := os.ReadFile(path); err == nil {
				st.sum = sha256.Sum256(data)
			}
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = st
		return nil
	})
	return files
}

// sideFile reports whether a file is an editor's, not the learner's.
func sideFile(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp")
}

// changes describes how two snapshots differ: "server/main.go changed".
func changes(before, after map[string]fileState) []string {
	var out []string
	for name, st := range after {
		old, ok := before[name]
		switch {
		case !ok:
			out = append(out, name+" added")
		case old != st:
			out = append(out, name+" changed")
		}
	}
	for name := range before {
		if _, ok := after[name]; !ok {
			out = append(out, name+" removed")
		}
	}
	sort.Strings(out)
	return out
}
