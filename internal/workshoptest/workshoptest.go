// Package workshoptest holds what the workshop's own tests share: it runs
// the scripts of the workshop's tools (tools/workshop, tools/report)
// against copies of the workshop, and it builds and starts a lesson's
// reference server for the solutions' measurements (StartServer).
package workshoptest

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"example.com/tcpworkshop/tools/grader"
	"github.com/rogpeppe/go-internal/testscript"
)

// MaintainerEnv, set to 1, runs the scripts, which run the real tool, and
// with it go test, against a copy of the workshop. They take a minute, so
// learners' "go test ./..." skips them.
const MaintainerEnv = "WORKSHOP_MAINTAINER"

// RunScripts runs testdata/*.txtar. Each script starts in a copy of the
// workshop with lesson 01 only, and runs the tool under test (registered by
// its TestMain). Besides
// testscript's commands it has the grader's (start, waitfor, shutdown, ...),
// to run watch and run in the background, and:
//
//	copyworkshop DIR     copy the workshop into DIR, as a learner's checkout
//	glob VAR PATTERN     set VAR to the one file that PATTERN matches
func RunScripts(t *testing.T) {
	if os.Getenv(MaintainerEnv) != "1" {
		t.Skipf("these scripts run nested go commands and take a minute: set %s=1 to run them", MaintainerEnv)
	}
	root := Root(t)
	goEnv := GoEnvironment(t)
	cmds := grader.Commands()
	cmds["copyworkshop"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: copyworkshop DIR")
		}
		ts.Check(CopyWorkshop(root, ts.MkAbs(args[0])))
	}
	cmds["glob"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: glob VAR PATTERN")
		}
		matches, err := filepath.Glob(ts.MkAbs(args[1]))
		ts.Check(err)
		if len(matches) != 1 {
			ts.Fatalf("%s matches %d files, want exactly one: %v", args[1], len(matches), matches)
		}
		ts.Setenv(args[0], matches[0])
	}
	// Building a program inside a script can take a while on a busy
	// machine: let the grader's waits (start, waitfor, await) be patient.
	if os.Getenv(grader.TimeoutEnv) == "" {
		os.Setenv(grader.TimeoutEnv, "60s")
	}
	bin := t.TempDir()
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata",
		RequireExplicitExec: false,
		Cmds:                cmds,
		Setup: func(env *testscript.Env) error {
			// The grader's commands keep their state in the script's
			// values; its setup also gives the script a $PORT.
			if err := grader.Params(grader.Lesson{Root: root}, bin).Setup(env); err != nil {
				return err
			}
			for _, kv := range goEnv {
				env.Setenv(kv[0], kv[1])
			}
			return CopyWorkshop(root, env.WorkDir)
		},
	})
}

// Root is the top of the workshop: two folders above the test's folder.
func Root(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err != nil || !strings.Contains(string(data), "module "+modulePath+"\n") {
		t.Fatalf("no go.mod of %s in %s", modulePath, dir)
	}
	return dir
}

var goEnvOnce struct {
	sync.Once
	vars [][2]string
	err  error
}

// GoEnvironment is what nested go commands need to work offline with the
// module and build caches of the user running the tests.
func GoEnvironment(t *testing.T) [][2]string {
	goEnvOnce.Do(func() {
		out, err := exec.Command("go", "env", "-json", "GOPATH", "GOMODCACHE", "GOCACHE", "GOROOT").Output()
		if err != nil {
			goEnvOnce.err = fmt.Errorf("go env: %v", err)
			return
		}
		var vars map[string]string
		if err := json.Unmarshal(out, &vars); err != nil {
			goEnvOnce.err = err
			return
		}
		for _, name := range []string{"GOPATH", "GOMODCACHE", "GOCACHE"} {
			goEnvOnce.vars = append(goEnvOnce.vars, [2]string{name, vars[name]})
		}
		// The go command reads its settings (go env -w) from the home folder.
		for _, name := range []string{"HOME", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "XDG_CONFIG_HOME"} {
			if v := os.Getenv(name); v != "" {
				goEnvOnce.vars = append(goEnvOnce.vars, [2]string{name, v})
			}
		}
		goEnvOnce.vars = append(goEnvOnce.vars, [2]string{"GOPROXY", "off"}, [2]string{"GOTOOLCHAIN", "local"})
	})
	if goEnvOnce.err != nil {
		t.Fatal(goEnvOnce.err)
	}
	return goEnvOnce.vars
}

// CopyWorkshop copies what a workshop with only lesson 01 needs.
func CopyWorkshop(root, dst string) error {
	const slug = "01-time-server"
	for _, path := range []string{
		"go.mod", "go.sum", ".gitignore", "tools", "internal",
		"lessons/" + slug, "solutions/" + slug, "testdata/" + slug,
		"testdata/skeletons/" + slug + ".txtar",
	} {
		if err := copyTree(filepath.Join(root, filepath.FromSlash(path)), filepath.Join(dst, filepath.FromSlash(path))); err != nil {
			return err
		}
	}
	return nil
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && path != src {
				return filepath.SkipDir
			}
			return os.MkdirAll(target, 0o777)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o777); err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o666)
	})
}

// modulePath is the workshop's Go module.
const modulePath = "example.com/tcpworkshop"
