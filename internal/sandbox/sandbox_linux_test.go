package sandbox

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMain(m *testing.M) {
	Init()
	os.Exit(m.Run())
}

// TestContained runs a shell in a sandbox and checks what it can see, write
// and reach.
func TestContained(t *testing.T) {
	if err := Available(); err != nil {
		t.Skipf("no sandbox here: %v", err)
	}
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret")
	if err := os.WriteFile(secret, []byte("teacher's secret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	script := `
cat ` + secret + ` && echo READ-OUTSIDE
echo x > ` + secret + ` && echo WROTE-OUTSIDE
echo x > /usr/sandbox-test && echo WROTE-USR
echo hello > /work/file && echo WROTE-WORK
mount -o remount,rw / 2>/dev/null && echo REMOUNTED
ls /sys >/dev/null 2>&1 && echo SAW-SYS
cat /proc/net/dev | grep -v lo: | grep -q : && echo OTHER-INTERFACE
echo pid $$
id -u
`
	cmd, err := Command(context.Background(), Spec{
		Args:    []string{"sh", "-c", script},
		Env:     []string{"PATH=/usr/bin:/bin"},
		Dir:     "/work",
		Mounts:  []Mount{{Source: work, Target: "/work", Writable: true}},
		Scratch: t.TempDir(),
	})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	t.Logf("%s", out.String())
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"READ-OUTSIDE", "WROTE-OUTSIDE", "WROTE-USR", "REMOUNTED", "SAW-SYS", "OTHER-INTERFACE"} {
		if strings.Contains(out.String(), bad) {
			t.Errorf("the sandboxed shell says %s", bad)
		}
	}
	if !strings.Contains(out.String(), "WROTE-WORK") {
		t.Errorf("the sandboxed shell could not write its own folder")
	}
	if data, _ := os.ReadFile(filepath.Join(work, "file")); string(data) != "hello\n" {
		t.Errorf("work/file = %q", data)
	}
}
