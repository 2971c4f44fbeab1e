package results

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// A learner who waits for a verdict should not wait for the linker: go
// test links a lesson's test binary anew on every run, although the
// binary changes only when the grader does (the learner's programs are
// built by the grader as it runs, from the files on disk). So the tool
// keeps each lesson's test binary in .workshop/tests/, with a key made of
// everything it is built from (see testBinaryKey), and runs it through go
// tool test2json, which gives the same events as go test -json.

// testBinaryDir is where the tool keeps the lessons' test binaries.
const testBinaryDir = ".workshop/tests"

// lessonTestBinary returns the test binary of the lesson's package, built
// with go test -c unless the one kept has the same key.
func lessonTestBinary(ctx context.Context, root, slug string) (string, error) {
	key, err := testBinaryKey(ctx, root, slug)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, filepath.FromSlash(testBinaryDir))
	bin := filepath.Join(dir, slug+".test")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	keyFile := filepath.Join(dir, slug+".key")
	if old, err := os.ReadFile(keyFile); err == nil && string(old) == key {
		if _, err := os.Stat(bin); err == nil {
			return bin, nil
		}
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return "", err
	}
	// Built under a name of its own, then renamed: two tools that build at
	// once do not run each other's half-written file.
	tmp, err := os.CreateTemp(dir, slug+".*.tmp")
	if err != nil {
		return "", err
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	cmd := exec.CommandContext(ctx, "go", "test", "-c", "-o", tmp.Name(), "./lessons/"+slug+"/")
	cmd.Dir = root
	cmd.Env = CleanEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go test -c: %v\n%s", err, out)
	}
	if err := os.Rename(tmp.Name(), bin); err != nil {
		return "", err
	}
	return bin, os.WriteFile(keyFile, []byte(key), 0o666)
}

// testBinaryKey sums what a lesson's test binary is built from: the Go
// toolchain and the settings that change a build, go.mod and go.sum (which
// pin every module), and the Go files of tools/ and internal/ (the
// grader and what it imports) and of the lesson's own folder, without its
// program folders (the programs are built by the grader, not into the
// test binary).
func testBinaryKey(ctx context.Context, root, slug string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "env", "GOVERSION", "GOROOT", "GOOS", "GOARCH", "GOFLAGS", "CGO_ENABLED", "GOEXPERIMENT", "GOAMD64", "GOARM64")
	cmd.Dir = root
	cmd.Env = CleanEnv()
	goEnv, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go env: %v", err)
	}
	h := sha256.New()
	h.Write(goEnv)
	add := func(path string) error {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(data))
		h.Write(data)
		return nil
	}
	for _, name := range []string{"go.mod", "go.sum"} {
		if err := add(filepath.Join(root, name)); err != nil && !os.IsNotExist(err) {
			return "", err
		}
	}
	for _, tree := range []string{"tools", "internal"} {
		err := filepath.WalkDir(filepath.Join(root, tree), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(d.Name(), ".go") {
				return add(path)
			}
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	entries, err := os.ReadDir(filepath.Join(root, "lessons", slug))
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
			if err := add(filepath.Join(root, "lessons", slug, e.Name())); err != nil {
				return "", err
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)) + "\n", nil
}

// testBinaryCommand is the command that runs a lesson's test binary as go
// test -json would: in the lesson's folder, with go test's default
// timeout, its output turned into go test's JSON events.
func testBinaryCommand(ctx context.Context, root, slug, bin string, args []string) *exec.Cmd {
	cmdArgs := append([]string{"tool", "test2json", "-p", ModulePath + "/lessons/" + slug, bin,
		"-test.v=test2json", "-test.paniconexit0", "-test.timeout=10m0s"}, args...)
	cmd := exec.CommandContext(ctx, "go", cmdArgs...)
	cmd.Dir = filepath.Join(root, "lessons", slug)
	return cmd
}
