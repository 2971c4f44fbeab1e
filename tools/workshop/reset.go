package main

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"example.com/tcpworkshop/tools/grader"
)

var resetVerb = &verb{
	name:    "reset",
	args:    "[-y] LESSON",
	summary: "restore a lesson's skeleton, after saving your files",
	help: `Restores the lesson's server/ and client/ to their untouched skeleton (kept in
testdata/skeletons/LESSON.txtar). Your files are saved first, in
.workshop/backups/LESSON-YYYYMMDD-HHMMSS/, and the tool names that folder:
nothing you wrote is lost, not even a file you added. To get your files back,
copy the backup's server/ and client/ over the lesson's; reset prints the
command, such as (at the top of the workshop)

  cp -R .workshop/backups/01-time-server-20261122-101502/. lessons/01-time-server/

or, in PowerShell on Windows,

  Copy-Item -Recurse -Force .workshop\backups\01-time-server-20261122-101502\* lessons\01-time-server\

It asks before overwriting; -y does not ask (needed when the input is not a
terminal).

Flags:
  -y   reset without asking

Example:
  ` + self + ` reset 01`,
	run: runReset,
}

func runReset(a *app, v *verb, args []string) error {
	fset := a.newFlags(v)
	yes := fset.Bool("y", false, "do not ask")
	fset.BoolVar(yes, "yes", false, "do not ask")
	rest, err := a.parseFlags(v, fset, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usageError{fmt.Sprintf("reset: name the lesson to reset, such as %s reset 01", self)}
	}
	if len(rest) > 1 {
		return unexpectedArgs(v, rest[1:])
	}
	l, err := a.lesson(rest[0])
	if err != nil {
		return err
	}
	skeleton, err := grader.ReadSkeleton(a.root, l.Slug)
	if err != nil {
		return fmt.Errorf("lesson %s has no skeleton to restore: %v", l.Slug, err)
	}
	dir := a.path("lessons", l.Slug)
	files, err := programFilesOf(dir)
	if err != nil {
		return err
	}
	if current, err := grader.ReadSources(dir); err == nil && grader.SameSources(current, skeleton) && len(files) == len(skeleton) {
		fmt.Fprintf(a.stdout, "Lesson %s is already its untouched skeleton: nothing to reset.\n", l.Slug)
		return nil
	}
	if !*yes {
		f, ok := a.stdin.(*os.File)
		if !ok || !isTerminal(f) {
			return usageError{fmt.Sprintf("reset: the input is not a terminal, so the tool cannot ask: run `%s reset -y %s` to reset without asking", self, l.Slug)}
		}
		fmt.Fprintf(a.stdout, "Reset lesson %s? Your files are saved first. [y/N] ", l.Slug)
		answer, err := bufio.NewReader(a.stdin).ReadString('\n')
		if err != nil && strings.TrimSpace(answer) == "" {
			fmt.Fprintln(a.stdout)
			return usageError{fmt.Sprintf("reset: no answer came (the input ended), so nothing changed: run `%s reset -y %s` to reset without asking", self, l.Slug)}
		}
		if reply := strings.ToLower(strings.TrimSpace(answer)); reply != "y" && reply != "yes" {
			fmt.Fprintln(a.stdout, "Nothing changed.")
			return nil
		}
	}
	backup, err := a.backup(l, dir, files)
	if err != nil {
		return fmt.Errorf("cannot save your files, so nothing was changed: %v", err)
	}
	if backup != "" {
		fmt.Fprintf(a.stdout, "Saved your files in %s/ (%s).\n", a.relPath(backup), strings.Join(files, ", "))
	}
	// Only now that every file is saved: remove the files the skeleton
	// does not have, then write the skeleton's.
	var removed []string
	for _, name := range files {
		if _, ok := skeleton[name]; !ok {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
				return err
			}
			removed = append(removed, name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(skeleton)) {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			return err
		}
		if err := os.WriteFile(path, skeleton[name], 0o666); err != nil {
			return err
		}
	}
	fmt.Fprintf(a.stdout, "Restored lesson %s to its skeleton: %s.\n", l.Slug, strings.Join(slices.Sorted(maps.Keys(skeleton)), ", "))
	if len(removed) > 0 {
		fmt.Fprintf(a.stdout, "Removed the files you had added (they are in the backup): %s.\n", strings.Join(removed, ", "))
	}
	fmt.Fprintf(a.stdout, "Next: read lessons/%s/README.md and start again at step 1, in lessons/%s/%s.\n", l.Slug, l.Slug, l.FirstFile())
	if backup != "" {
		fmt.Fprintf(a.stdout, "(To get your files back, run at the top of the workshop: %s)\n",
			restoreCommand(a.relPath(backup), "lessons/"+l.Slug, runtime.GOOS))
	}
	return nil
}

// restoreCommand is the shell command that copies a backup's server/ and
// client/ back over a lesson's, both given relative to the top of the
// workshop with slashes: a PowerShell command on Windows, a POSIX one
// elsewhere.
func restoreCommand(backup, lessonDir, goos string) string {
	if goos == "windows" {
		return fmt.Sprintf("Copy-Item -Recurse -Force %s\\* %s\\", strings.ReplaceAll(backup, "/", "\\"), strings.ReplaceAll(lessonDir, "/", "\\"))
	}
	return fmt.Sprintf("cp -R %s/. %s/", backup, lessonDir)
}

// programFilesOf lists every file under the lesson's program folders, with
// slash-separated paths relative to the lesson's folder.
func programFilesOf(dir string) ([]string, error) {
	var files []string
	progs, err := grader.ProgramsIn(dir)
	if err != nil {
		return nil, err
	}
	for _, prog := range progs {
		base := filepath.Join(dir, prog)
		err := filepath.WalkDir(base, func(path string, d fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) && path == base {
				return filepath.SkipDir
			}
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			rel, err := filepath.Rel(dir, path)
			if err != nil {
				return err
			}
			files = append(files, filepath.ToSlash(rel))
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	// The server's files first, as the lessons' steps go.
	slices.SortStableFunc(files, func(a, b string) int { return strings.Compare(programOrder(a), programOrder(b)) })
	return files, nil
}

// backup copies the lesson's program files into a new folder of
// .workshop/backups and returns it, or "" when there is nothing to save.
func (a *app) backup(l *lesson, dir string, files []string) (string, error) {
	if len(files) == 0 {
		return "", nil
	}
	base := filepath.Join(a.stateDir(), "backups", l.Slug+"-"+time.Now().Format("20060102-150405"))
	target := base
	for i := 2; ; i++ {
		if _, err := os.Stat(target); errors.Is(err, fs.ErrNotExist) {
			break
		}
		target = fmt.Sprintf("%s-%d", base, i)
	}
	for _, name := range files {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			return "", err
		}
		path := filepath.Join(target, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			return "", err
		}
		if err := os.WriteFile(path, data, 0o666); err != nil {
			return "", err
		}
		// Check the copy before anything is overwritten.
		if copied, err := os.ReadFile(path); err != nil || string(copied) != string(data) {
			return "", fmt.Errorf("the copy of %s in %s is not complete", name, target)
		}
	}
	return target, nil
}
