package main

import (
	"bufio"
	"bytes"
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
	args:    "[--yes] LESSON",
	summary: "restore a lesson's skeleton, after saving your files",
	help: `Restores the lesson's server/ and client/ to their untouched skeleton (kept in
testdata/skeletons/LESSON.txtar). Your files are saved first, in
.workshop/backups/LESSON-YYYYMMDD-HHMMSS/ (with -2, -3... when two resets
share a second), and the tool names that folder: nothing you wrote is
lost, not even a file you added. To get your files back, copy the backup's
server/ and client/ over the lesson's; reset prints the command, such as
(at the top of the workshop, DATE-TIME being the backup's)

  cp -pR .workshop/backups/01-time-server-DATE-TIME/. lessons/01-time-server/

or, in PowerShell on Windows,

  Copy-Item -Recurse -Force ` + "`" + `
    .workshop\backups\01-time-server-DATE-TIME\* lessons\01-time-server\

It asks before overwriting; --yes (or -y) does not ask (needed when the
input is not a terminal).

Flags:
  --yes, -y   reset without asking

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
			return usageError{fmt.Sprintf("reset: the input is not a terminal, so the tool cannot ask: run `%s reset --yes %s` to reset without asking", self, l.Slug)}
		}
		fmt.Fprintf(a.stdout, "Reset lesson %s? Your files are saved first. [y/N] ", l.Slug)
		answer, err := bufio.NewReader(a.stdin).ReadString('\n')
		if err != nil && strings.TrimSpace(answer) == "" {
			fmt.Fprintln(a.stdout)
			return usageError{fmt.Sprintf("reset: no answer came (the input ended), so nothing changed: run `%s reset --yes %s` to reset without asking", self, l.Slug)}
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
		// Writing through a symbolic link would change the file it
		// points to: replace the link (it is in the backup) instead.
		if info, err := os.Lstat(path); err == nil && info.Mode()&fs.ModeSymlink != 0 {
			if err := os.Remove(path); err != nil {
				return err
			}
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
	// -p keeps the saved permission bits, such as an executable bit, over
	// the skeleton's files; -R copies symbolic links as links.
	return fmt.Sprintf("cp -pR %s/. %s/", backup, lessonDir)
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
			if kind := specialKind(d.Type()); kind != "" {
				// Reading a named pipe would wait for a writer for ever.
				return fmt.Errorf("%s is %s, not a file: reset saves only files and symbolic links, so move it out of the lesson's folder first", filepath.ToSlash(filepath.Join(filepath.Base(dir), rel)), kind)
			}
			files = append(files, filepath.ToSlash(rel))
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// specialKind names a kind of file that reset does not copy (a named
// pipe, a device, a socket), or returns "" for files, folders and
// symbolic links.
func specialKind(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0, mode&fs.ModeCharDevice != 0:
		return "a device"
	case mode&fs.ModeIrregular != 0:
		return "a special file"
	}
	return ""
}

// backup copies the lesson's program files into a new folder of
// .workshop/backups and returns it, or "" when there is nothing to save.
// Regular files keep their permission bits (a script stays executable)
// and symbolic links stay links. Each backup gets a folder of its own,
// made with one atomic mkdir, so two resets at the same second never
// write into the same backup.
func (a *app) backup(l *lesson, dir string, files []string) (string, error) {
	if len(files) == 0 {
		return "", nil
	}
	target, err := newBackupDir(filepath.Join(a.stateDir(), "backups"), l.Slug+"-"+time.Now().Format("20060102-150405"))
	if err != nil {
		return "", err
	}
	for _, name := range files {
		if err := copyEntry(filepath.Join(dir, filepath.FromSlash(name)), filepath.Join(target, filepath.FromSlash(name))); err != nil {
			return "", err
		}
	}
	return target, nil
}

// maxBackupsPerSecond bounds the search for a free backup folder name.
const maxBackupsPerSecond = 1000

// newBackupDir makes and returns a new, empty folder in parent named name,
// or name-2, name-3... when that one exists. Any error but "exists" ends
// the search: a .workshop that is a file, or that cannot be read, is
// reported rather than retried.
func newBackupDir(parent, name string) (string, error) {
	if err := os.MkdirAll(parent, 0o777); err != nil {
		return "", err
	}
	target := filepath.Join(parent, name)
	for i := 2; i <= maxBackupsPerSecond; i++ {
		err := os.Mkdir(target, 0o777)
		if err == nil {
			return target, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
		target = filepath.Join(parent, fmt.Sprintf("%s-%d", name, i))
	}
	return "", fmt.Errorf("%s already holds %d backups named %s: remove some", parent, maxBackupsPerSecond, name)
}

// copyEntry copies the file or symbolic link src to dst, which must not
// exist yet, keeping a file's permission bits, and checks the copy.
func copyEntry(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o777); err != nil {
		return err
	}
	info, err := os.Lstat(src)
	if err != nil {
		return err
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		link, err := os.Readlink(src)
		if err != nil {
			return err
		}
		return os.Symlink(link, dst)
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, info.Mode().Perm())
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	// The umask may have taken bits away: set them as they were.
	if err := os.Chmod(dst, info.Mode().Perm()); err != nil {
		return err
	}
	// Check the copy before anything is overwritten.
	if copied, err := os.ReadFile(dst); err != nil || !bytes.Equal(copied, data) {
		return fmt.Errorf("the copy of %s in %s is not complete", src, filepath.Dir(dst))
	}
	return nil
}
