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
// everything it is built from (see testBinaryKey), and runs it through
// test2json, which gives the same events as go test -json. It keeps a copy
// of test2json there too: "go tool test2json" costs the go command's start,
// about 0.2s, before the first script can start.

// testBinaryDir is where the tool keeps the lessons' test binaries.
const testBinaryDir = ".workshop/tests"

// testBinary is a lesson's kept test binary, and the test2json that turns
// its output into go test's events ("" for "go tool test2json").
type testBinary struct {
	bin, test2json string
}

// exe is the ending of an executable's name on this system.
func exe() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

// lessonTestBinary returns the test binary of the lesson's package, built
// with go test -c unless the one kept has the same key.
func lessonTestBinary(ctx context.Context, root, slug string) (testBinary, error) {
	goEnv, err := goEnvKey(ctx, root)
	if err != nil {
		return testBinary{}, err
	}
	key, err := testBinaryKey(root, slug, goEnv)
	if err != nil {
		return testBinary{}, err
	}
	dir := filepath.Join(root, filepath.FromSlash(testBinaryDir))
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return testBinary{}, err
	}
	tb := testBinary{bin: filepath.Join(dir, slug+".test"+exe())}
	// Without a copy of test2json, go tool runs it: slower, not wrong.
	tb.test2json, _ = keptTest2json(ctx, root, dir, goEnv)
	keyFile := filepath.Join(dir, slug+".key")
	if old, err := os.ReadFile(keyFile); err == nil && string(old) == key {
		if _, err := os.Stat(tb.bin); err == nil {
			return tb, nil
		}
	}
	// Built under a name of its own, then renamed: two tools that build at
	// once do not run each other's half-written file.
	tmp, err := os.CreateTemp(dir, slug+".*.tmp")
	if err != nil {
		return testBinary{}, err
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	cmd := exec.CommandContext(ctx, "go", "test", "-c", "-o", tmp.Name(), "./lessons/"+slug+"/")
	cmd.Dir = root
	cmd.Env = CleanEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		return testBinary{}, fmt.Errorf("go test -c: %v\n%s", err, out)
	}
	if err := os.Rename(tmp.Name(), tb.bin); err != nil {
		return testBinary{}, err
	}
	return tb, os.WriteFile(keyFile, []byte(key), 0o666)
}

// keptTest2json returns the copy of the toolchain's test2json kept in dir,
// copied anew when the toolchain (goEnv) has changed.
func keptTest2json(ctx context.Context, root, dir string, goEnv []byte) (string, error) {
	path := filepath.Join(dir, "test2json"+exe())
	sum := sha256.Sum256(goEnv)
	key := hex.EncodeToString(sum[:]) + "\n"
	keyFile := filepath.Join(dir, "test2json.key")
	if old, err := os.ReadFile(keyFile); err == nil && string(old) == key {
		if _, err := os.Stat(path); err == nil {
			return path, nil
		}
	}
	// go tool -n prints where the tool is, building it first where the
	// toolchain builds its tools on demand.
	cmd := exec.CommandContext(ctx, "go", "tool", "-n", "test2json")
	cmd.Dir = root
	cmd.Env = CleanEnv()
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go tool -n test2json: %v", err)
	}
	src, err := os.ReadFile(strings.TrimSpace(string(out)))
	if err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(dir, "test2json.*.tmp")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(src)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o755)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return "", err
	}
	return path, os.WriteFile(keyFile, []byte(key), 0o666)
}

// goEnvKey is what go env says of the toolchain and of the settings that
// change a build.
func goEnvKey(ctx context.Context, root string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", "env", "GOVERSION", "GOROOT", "GOOS", "GOARCH", "GOFLAGS", "CGO_ENABLED", "GOEXPERIMENT", "GOAMD64", "GOARM64")
	cmd.Dir = root
	cmd.Env = CleanEnv()
	goEnv, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go env: %v", err)
	}
	return goEnv, nil
}

// testBinaryKey sums what a lesson's test binary is built from: the Go
// toolchain and the settings that change a build (goEnv, from goEnvKey),
// go.mod and go.sum (which
// pin every module), and the Go files of tools/ and internal/ (the
// grader and what it imports) and of the lesson's own folder, without its
// program folders (the programs are built by the grader, not into the
// test binary).
func testBinaryKey(root, slug string, goEnv []byte) (string, error) {
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
func testBinaryCommand(ctx context.Context, root, slug string, tb testBinary, args []string) *exec.Cmd {
	cmdArgs := append([]string{"-p", ModulePath + "/lessons/" + slug, tb.bin,
		"-test.v=test2json", "-test.paniconexit0", "-test.timeout=10m0s"}, args...)
	if tb.test2json == "" {
		cmdArgs = append([]string{"go", "tool", "test2json"}, cmdArgs...)
	} else {
		cmdArgs = append([]string{tb.test2json}, cmdArgs...)
	}
	cmd := exec.CommandContext(ctx, cmdArgs[0], cmdArgs[1:]...)
	cmd.Dir = filepath.Join(root, "lessons", slug)
	return cmd
}
