package main

import (
	"bytes"
	"encoding/json"
	"example.com/tcpworkshop/internal/workshoptest"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"example.com/tcpworkshop/internal/sandbox"
)

// attackGo is added to a hostile learner's lesson 01 server: before the
// server starts, it tries to get out of its grading. If anything works, it
// says so and exits with status 3, which fails the lesson; if nothing does,
// the server serves as the reference one does, and the lesson passes.
const attackGo = `package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

func init() {
	var got []string
	// Read a file outside every checkout.
	if data, err := os.ReadFile(SECRET); err == nil {
		got = append(got, "read the teacher's secret: "+string(data))
	}
	// Write into another learner's checkout: a finished client.
	if os.WriteFile(filepath.Join(VICTIM, "lessons/01-time-server/client/main.go"), []byte(CLIENT), 0o644) == nil {
		got = append(got, "wrote into another checkout")
	}
	// Write into the teacher's workshop, by its path and through the
	// folder that grading runs in.
	if os.WriteFile(filepath.Join(TEACHER, "testdata/01-time-server/zz.txtar"), []byte("exec true\n"), 0o644) == nil {
		got = append(got, "wrote into the teacher's workshop")
	}
	if wd, err := os.Getwd(); err == nil {
		for dir := wd; dir != "/"; dir = filepath.Dir(dir) {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				os.WriteFile(filepath.Join(dir, "testdata/01-time-server/zz.txtar"), []byte("exec true\n"), 0o644)
				break
			}
		}
	}
	// Find the class and the teacher through the environment.
	for _, kv := range os.Environ() {
		if strings.Contains(kv, CLASS) || strings.Contains(kv, TEACHER) || strings.HasPrefix(kv, "WORKSHOP_LESSONS=") {
			got = append(got, "found the class in the environment: "+kv)
		}
	}
	// Leave a process behind, in a session of its own.
	sleeper := exec.Command("sleep", SLEEP)
	sleeper.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	sleeper.Start()
	// Listen on every address, and connect out: only where every interface
	// is loopback (the sandbox's empty network), so that the attempt goes
	// nowhere.
	onlyLoopback := true
	ifaces, _ := net.Interfaces()
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagLoopback == 0 {
			onlyLoopback = false
			got = append(got, "sees a network interface other than loopback: "+ifc.Name)
		}
	}
	if l, err := net.Listen("tcp", ":0"); err == nil {
		l.Close()
	}
	if onlyLoopback {
		if c, err := net.DialTimeout("tcp", "192.0.2.1:80", 2*time.Second); err == nil {
			c.Close()
			got = append(got, "connected out to 192.0.2.1")
		}
	}
	if len(got) > 0 {
		fmt.Fprintln(os.Stderr, "ATTACK SUCCEEDED: "+strings.Join(got, "; "))
		os.Exit(3)
	}
}
`

// printerGo is a lesson 01 client that prints 100 MiB.
const printerGo = `package main

import (
	"bufio"
	"os"
	"strings"
)

func main() {
	w := bufio.NewWriter(os.Stdout)
	line := strings.Repeat("x", 99) + "\n"
	for i := 0; i < 1<<20; i++ {
		w.WriteString(line)
	}
	w.Flush()
}
`

// TestReportContainsAttacks grades a class in which one learner's program
// tries every way out of its grading, and another prints 100 MiB, and
// shows that nothing got out, outlived the grading or changed a verdict.
func TestReportContainsAttacks(t *testing.T) {
	if os.Getenv(workshoptest.MaintainerEnv) != "1" {
		t.Skipf("this test grades a class with nested go commands and takes a minute: set %s=1 to run it", workshoptest.MaintainerEnv)
	}
	if err := sandbox.Available(); err != nil {
		// The attack that connects out must only ever run in the sandbox's
		// empty network.
		t.Skipf("no sandbox on this system, so the attacks are not run: %v", err)
	}
	root := workshoptest.Root(t)
	for _, kv := range workshoptest.GoEnvironment(t) {
		t.Setenv(kv[0], kv[1])
	}
	base := t.TempDir()
	teacher := filepath.Join(base, "teacher")
	class := filepath.Join(base, "class")
	outside := filepath.Join(base, "outside")
	secret := filepath.Join(outside, "secret.txt")
	for _, dir := range []string{outside, class} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeTestFile(t, secret, "the teacher's secret\n")
	if err := workshoptest.CopyWorkshop(root, teacher); err != nil {
		t.Fatal(err)
	}
	victim, hostile, printer := filepath.Join(class, "victim"), filepath.Join(class, "hostile"), filepath.Join(class, "printer")
	for _, dir := range []string{victim, hostile, printer} {
		if err := workshoptest.CopyWorkshop(root, dir); err != nil {
			t.Fatal(err)
		}
	}
	const lesson = "lessons/01-time-server/"
	solution := func(prog string) string {
		data, err := os.ReadFile(filepath.Join(root, "solutions/01-time-server", prog, "main.go"))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	// The victim wrote the server only: 0 of 1.
	writeTestFile(t, filepath.Join(victim, lesson, "server/main.go"), solution("server"))
	// The hostile learner's programs are the reference ones, with attacks.
	sleep := fmt.Sprintf("%d.25", 6000+os.Getpid()%1000)
	attack := strings.NewReplacer(
		"SECRET", fmt.Sprintf("%q", secret), "VICTIM", fmt.Sprintf("%q", victim),
		"TEACHER", fmt.Sprintf("%q", teacher), "CLASS", fmt.Sprintf("%q", class),
		"SLEEP", fmt.Sprintf("%q", sleep), "CLIENT", fmt.Sprintf("%q", solution("client")),
	).Replace(attackGo)
	writeTestFile(t, filepath.Join(hostile, lesson, "server/main.go"), solution("server"))
	writeTestFile(t, filepath.Join(hostile, lesson, "server/attack.go"), attack)
	writeTestFile(t, filepath.Join(hostile, lesson, "client/main.go"), solution("client"))
	// The printer's client prints 100 MiB.
	writeTestFile(t, filepath.Join(printer, lesson, "server/main.go"), solution("server"))
	writeTestFile(t, filepath.Join(printer, lesson, "client/main.go"), printerGo)

	victimBefore, _ := snapshotGrading(victim, "")
	victimClient, _ := os.ReadFile(filepath.Join(victim, lesson, "client/main.go"))
	teacherBefore, _ := snapshotGrading(teacher, "")

	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(teacher); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var stdout, stderr bytes.Buffer
	a := &app{stdout: &stdout, stderr: &stderr}
	report := filepath.Join(base, "class.json")
	err = a.load()
	if err == nil {
		err = a.run([]string{"-timeout", "5m", "-parallel", "3", "-json", report, victim, hostile, printer})
	}
	t.Logf("report:\n%s\n%s", stdout.String(), stderr.String())
	if err != nil {
		t.Fatalf("report: %v", err)
	}

	var doc struct {
		Checkouts []struct {
			Checkout string
			Tests    []struct{ Outcome, Message string }
		}
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{victim: "fail", hostile: "pass", printer: "too_much_output"}
	for _, c := range doc.Checkouts {
		if len(c.Tests) != 1 {
			t.Errorf("%s: %d lessons graded, want 1", c.Checkout, len(c.Tests))
			continue
		}
		if got := c.Tests[0].Outcome; got != want[c.Checkout] {
			t.Errorf("%s: %s (%s), want %s", filepath.Base(c.Checkout), got, c.Tests[0].Message, want[c.Checkout])
		}
	}
	if strings.Contains(stdout.String()+stderr.String(), "ATTACK SUCCEEDED") || strings.Contains(string(data), "ATTACK SUCCEEDED") {
		t.Errorf("an attack succeeded")
	}
	if got, _ := os.ReadFile(filepath.Join(victim, lesson, "client/main.go")); !bytes.Equal(got, victimClient) {
		t.Errorf("the hostile checkout wrote into the victim's")
	}
	if after, _ := snapshotGrading(victim, ""); after != victimBefore {
		t.Errorf("the victim's checkout changed")
	}
	if after, _ := snapshotGrading(teacher, ""); after != teacherBefore {
		t.Errorf("the teacher's workshop changed")
	}
	if _, err := os.Stat(filepath.Join(teacher, "testdata/01-time-server/zz.txtar")); err == nil {
		t.Errorf("the hostile checkout wrote into the teacher's testdata")
	}
	if got, _ := os.ReadFile(secret); string(got) != "the teacher's secret\n" {
		t.Errorf("the secret changed")
	}
	if left := processesWith("sleep\x00" + sleep); len(left) > 0 {
		t.Errorf("processes outlived the grading: %v", left)
	}
}

func writeTestFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// processesWith lists the processes whose command line holds s, with NULs
// between the arguments.
func processesWith(s string) []string {
	var found []string
	matches, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, path := range matches {
		if data, err := os.ReadFile(path); err == nil && bytes.Contains(data, []byte(s)) {
			found = append(found, filepath.Base(filepath.Dir(path)))
		}
	}
	return found
}
