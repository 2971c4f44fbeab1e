//go:build linux || darwin

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A named pipe in a lesson's folder is refused with a message; reading it
// used to wait for a writer for ever.
func TestResetRefusesNamedPipe(t *testing.T) {
	root, l := resetWorkshop(t)
	fifo := filepath.Join(root, "lessons", "01-demo", "client", "pipe")
	if err := syscall.Mkfifo(fifo, 0o666); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	out, err := reset(t, root, l, nil, "-y", "01")
	if err == nil || !strings.Contains(err.Error(), "client/pipe is a named pipe") {
		t.Errorf("reset with a named pipe: error %v; want one that names client/pipe as a named pipe (output %q)", err, out)
	}
	learnerEditKept(t, root)
	if _, err := os.Stat(filepath.Join(root, ".workshop")); err == nil {
		t.Errorf("reset refused, but made .workshop")
	}
}

// A backup keeps a file's executable bit and a symbolic link as a link,
// and reset does not write through a link into the file it points to.
func TestResetKeepsModesAndLinks(t *testing.T) {
	root, l := resetWorkshop(t)
	lessonDir := filepath.Join(root, "lessons", "01-demo")
	writeFile(t, filepath.Join(lessonDir, "client", "run.sh"), "#!/bin/sh\n", 0o755)
	os.Chmod(filepath.Join(lessonDir, "client", "run.sh"), 0o755) // whatever the umask
	outside := filepath.Join(root, "elsewhere.go")
	writeFile(t, outside, learnerServer, 0o666)
	client := filepath.Join(lessonDir, "client", "main.go")
	os.Remove(client)
	if err := os.Symlink(outside, client); err != nil {
		t.Fatal(err)
	}
	if _, err := reset(t, root, l, nil, "-y", "01"); err != nil {
		t.Fatal(err)
	}
	backups, _ := filepath.Glob(filepath.Join(root, ".workshop", "backups", "01-demo-*"))
	if len(backups) != 1 {
		t.Fatalf("want one backup, got %v", backups)
	}
	if info, err := os.Stat(filepath.Join(backups[0], "client", "run.sh")); err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("backup of run.sh: %v, %v; want mode 0755", info, err)
	}
	if link, err := os.Readlink(filepath.Join(backups[0], "client", "main.go")); err != nil || link != outside {
		t.Errorf("backup of the link client/main.go: %q, %v; want a link to %s", link, err, outside)
	}
	if data, _ := os.ReadFile(outside); string(data) != learnerServer {
		t.Errorf("reset wrote through the link client/main.go into the file it points to: %q", data)
	}
	if info, err := os.Lstat(client); err != nil || !info.Mode().IsRegular() {
		t.Errorf("client/main.go after reset: %v, %v; want the skeleton's file", info, err)
	}
}
