package grader

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// Commands are the testscript commands for network programs, made from
// the table commandDocs. Every wait has a deadline (WORKSHOP_TIMEOUT, 10s
// by default) and says, when it runs out, what it was waiting for and what
// the programs had printed. COMMANDS.md, generated from the tables, is
// where maintainers read about them.
func Commands() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	cmds := map[string]func(ts *testscript.TestScript, neg bool, args []string){}
	for _, c := range commandDocs {
		cmds[c.name] = c.run
	}
	return cmds
}

// A commandDoc is one command of the scripts: its name, its function, its
// usage line and what it does, for COMMANDS.md.
type commandDoc struct {
	name  string
	run   func(ts *testscript.TestScript, neg bool, args []string)
	usage string
	doc   string
}

var commandDocs = []commandDoc{
	{"start", cmdStart, "start [-pipe] NAME PROG [ARGS...]",
		`Start PROG in the background as NAME. PROG is one of the lesson's programs (server, client, ...) or a program on PATH. With -pipe, its standard input is a pipe that write and closein feed; otherwise it reads end of file at once.`},
	{"write", cmdWrite, "write NAME TEXT",
		`Write TEXT to the standard input of NAME, started with start -pipe. Go escapes such as \n are understood.`},
	{"closein", cmdCloseIn, "closein NAME",
		`Close the standard input of NAME: it reads end of file.`},
	{"signal", cmdSignal, "signal NAME INT|TERM",
		`Send a signal to NAME, a program started in the background. Windows cannot send one: guard the step with [windows] skip. await NAME then checks how it ended.`},
	{"waitfor", cmdWaitFor, "waitfor NAME stdout|stderr REGEXP",
		`Wait until NAME's output matches REGEXP (multi-line mode). Named groups, such as (?P<ADDR>\S+), set script variables. A match on the other stream fails at once: the line was printed on the wrong one.`},
	{"waitlines", cmdWaitLines, "waitlines NAME stdout|stderr N",
		`Wait until NAME has printed at least N whole lines, whatever they say. Waiting for a count instead of a wording lets the transcript check that follows show a misspelt line at once, as a diff.`},
	{"shutdown", cmdShutdown, "shutdown NAME",
		`Stop NAME (interrupt, then kill) and make its output the current stdout and stderr. Fails if NAME had already ended by itself: a server keeps serving until it is stopped. (It is not called stop: testscript's own stop command ends the whole script as a pass, and the grader refuses a script that uses it.)`},
	{"await", cmdAwait, "[!] await [-status N] NAME",
		`Wait until NAME ends by itself, make its output the current stdout and stderr, and check its exit status: 0, or with ! not 0, or exactly N.`},
	{"run", cmdRun, "[!] run [-stdin FILE] [-stdout FILE] [-status N] PROG [ARGS...]",
		`Run PROG in the foreground with a deadline and check its exit status as await does. FILE after -stdin is its standard input. With -stdout, what it prints on standard output goes to FILE, whole (up to 64 MiB), instead of becoming the current stdout: for large or binary output, checked with samebytes.`},
	{"transcript", cmdTranscript, "transcript stdout|stderr FILE",
		`Compare the output with the transcript in FILE, line by line, with placeholders (below). A mismatch shows a line diff: - for what the lesson expects, + for what the program printed.`},
	{"oneline", cmdOneLine, "oneline stdout|stderr",
		`Check that the output is exactly one line and no stack trace.`},
	{"freeport", cmdFreePort, "freeport VAR",
		`Set VAR to a TCP port that no other script, in this or another test process, uses.`},
	{"randfile", cmdRandFile, "randfile FILE SIZE",
		`Write SIZE bytes of random binary data (NUL bytes and invalid UTF-8 among them) to FILE; the same SIZE always gives the same bytes.`},
	{"samebytes", cmdSameBytes, "samebytes FILE1 FILE2",
		`Check that two files hold the same bytes; a difference is shown as the first offset where they differ and their sizes, never as a dump.`},
	{"dial", cmdDial, "[!] dial [-n N | -together N] ADDR ACTION...",
		`Connect to ADDR and act as a client in the foreground (peer actions below). With -n, do it N times in a row, to catch what only timing reveals. With -together, connect N clients at once, all before any acts, each doing the actions in parallel; barrier makes them wait for each other (see together.go). With !, the connection or an action must fail. What it read becomes the current stdout (with -together, client after client).`},
	{"connect", cmdConnect, "connect NAME ADDR ACTION...",
		`Connect to ADDR and act as a client in the background, as NAME: what it reads shows on its stdout as it arrives, so waitfor NAME stdout REGEXP can wait for it; await NAME waits for the end of its actions and shutdown NAME ends it.`},
	{"listen", cmdListen, "listen NAME ADDR ACTION...",
		`Listen on ADDR (ready when the command returns), accept one client and act as its server, in the background; await NAME then shows what it received on stdout and its errors on stderr.`},
}

// forbiddenRE finds a use of testscript's built-in stop command, which
// ends a script early as a pass: every check after it would silently not
// run. Built-in commands take precedence over the grader's.
var forbiddenRE = regexp.MustCompile(`(?m)^\s*(?:!\s*)?(?:\[[^\]]*\]\s*)*stop(?:\s|$)`)

// checkScripts refuses scripts that use testscript's stop command.
func checkScripts(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil {
		return err
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		script, _, _ := strings.Cut(string(data), "\n-- ")
		if loc := forbiddenRE.FindStringIndex(script); loc != nil {
			line := strings.Count(script[:loc[0]], "\n") + 1
			return fmt.Errorf("%s:%d: use \"shutdown NAME\" to stop a program: testscript's built-in stop command ends the script as a pass, so the checks after it would never run", file, line)
		}
	}
	return nil
}

// script is what the commands of one script share.
type script struct {
	bin      string   // the folder of the built lesson programs
	raceHint int      // the hint a data race points to (lesson.json), or 0
	given    []string // the programs that the lesson gives ready-made
	tasks    map[string]*task
	failure  *failureNotes // the parts of the script's failure (see fatal)
}

type scriptKey struct{}

func state(ts *testscript.TestScript) *script {
	return ts.Value(scriptKey{}).(*script)
}

// setup prepares each script: its own port in $PORT, the lesson's programs
// first on PATH, and the commands' shared state.
func setup(bin string, raceHint int, given []string) func(*testscript.Env) error {
	return func(env *testscript.Env) error {
		port, release, err := freePort()
		if err != nil {
			return err
		}
		// Deferred first, so released last: after the programs have ended.
		env.Defer(release)
		env.Setenv("PORT", fmt.Sprint(port))
		// A test process that a script starts claims its ports where this
		// one does, whatever its temp folder.
		env.Setenv(PortsEnv, claimDir)
		env.Setenv("PATH", bin+string(os.PathListSeparator)+env.Getenv("PATH"))
		// Programs built with -race otherwise sleep a second at exit.
		env.Setenv("GORACE", "atexit_sleep_ms=0")
		env.Values[scriptKey{}] = &script{bin: bin, raceHint: raceHint, given: given, tasks: map[string]*task{}, failure: notesFor(env.T())}
		return nil
	}
}

// timeout is how long any one wait of a script may last.
//
// It reads TimeoutEnv with syscall.Getenv, which go test does not record
// among the inputs of a cached result, on purpose: a wait that runs out
// fails its command (even under "!", for the program commands), so short
// waits can fail a script but not pass it, and go test never caches a
// failure. A pass holds whatever the waits were, so a run with other
// waits (the workshop tool's short ones) reuses it. (A scripted peer under "!", as in the hostile scripts'
// "! dial ... echo", may fail sooner with a short wait; the steps after
// it are what check the server.)
func timeout() time.Duration {
	value, _ := syscall.Getenv(TimeoutEnv)
	if d, err := time.ParseDuration(value); err == nil && d > 0 {
		return d
	}
	return 10 * time.Second
}

// program finds the file to run for PROG.
func program(ts *testscript.TestScript, prog string) string {
	if built := filepath.Join(state(ts).bin, prog+exeSuffix()); !strings.ContainsAny(prog, `/\`) && fileExists(built) {
		return built
	}
	path, err := exec.LookPath(prog)
	ts.Check(err)
	return path
}

// processEnv is the environment of the programs a script runs.
func processEnv(ts *testscript.TestScript) []string {
	return append(os.Environ(), "PATH="+ts.Getenv("PATH"), "GORACE="+ts.Getenv("GORACE"))
}

// launchTo runs a program in the foreground; its standard output goes to
// stdout when that is not nil.
func launchTo(ts *testscript.TestScript, name, prog string, args []string, stdin io.Reader, stdout *cappedFile) *task {
	if stdout == nil {
		return launch(ts, name, prog, args, stdin, false)
	}
	t, err := startProcessTo(name, program(ts, prog), args, ts.MkAbs("."), processEnv(ts), stdin, stdout)
	if err != nil {
		ts.Fatalf("cannot start %s: %v", prog, err)
	}
	t.prog = prog
	ts.Defer(t.end)
	return t
}

// launch starts a program. A program started in the background is
// registered under its name for the commands that follow.
func launch(ts *testscript.TestScript, name, prog string, args []string, stdin io.Reader, background bool) *task {
	st := state(ts)
	if old, ok := st.tasks[name]; ok && background && !old.exited() {
		ts.Fatalf("%s is already running", name)
	}
	t, err := startProcess(name, program(ts, prog), args, ts.MkAbs("."), processEnv(ts), stdin)
	if err != nil {
		ts.Fatalf("cannot start %s: %v", prog, err)
	}
	t.prog = prog
	if background {
		st.tasks[name] = t
	}
	ts.Defer(t.end)
	return t
}

func lookup(ts *testscript.TestScript, name string) *task {
	t, ok := state(ts).tasks[name]
	if !ok {
		ts.Fatalf("no program or peer named %s was started", name)
	}
	return t
}

func cmdStart(ts *testscript.TestScript, neg bool, args []string) {
	var stdin io.Reader
	if len(args) > 0 && args[0] == "-pipe" {
		stdin, args = pipeStdin, args[1:]
	}
	if neg || len(args) < 2 {
		ts.Fatalf("usage: start [-pipe] NAME PROG [ARGS...]")
	}
	launch(ts, args[0], args[1], args[2:], stdin, true)
}

func cmdWaitFor(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 || !isStream(args[1]) {
		ts.Fatalf("usage: waitfor NAME stdout|stderr REGEXP")
	}
	re, err := regexp.Compile("(?m)" + args[2])
	ts.Check(err)
	m, err := lookup(ts, args[0]).waitFor(args[1], re, timeout(), true)
	if err != nil {
		fatalf(ts, "%v", err)
	}
	for i, group := range re.SubexpNames() {
		if group != "" {
			ts.Setenv(group, m[i])
		}
	}
}

func cmdWaitLines(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 || !isStream(args[1]) {
		ts.Fatalf("usage: waitlines NAME stdout|stderr N")
	}
	n, err := strconv.ParseInt(args[2], 10, 64)
	ts.Check(err)
	if err := lookup(ts, args[0]).waitLines(args[1], n, timeout()); err != nil {
		fatalf(ts, "%v", err)
	}
}

func cmdShutdown(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: shutdown NAME")
	}
	t := lookup(ts, args[0])
	if t.exited() && !t.stopped {
		fatalf(ts, "%s had already ended (%s) before the script stopped it: a server keeps serving until it is stopped.\n%s",
			t.name, describeExit(t.err), t.report())
	}
	t.end()
	writeOutput(ts, t)
}

func cmdAwait(ts *testscript.TestScript, neg bool, args []string) {
	opts := parseOptions(ts, &args)
	if len(args) != 1 {
		ts.Fatalf("usage: [!] await [-status N] NAME")
	}
	t := lookup(ts, args[0])
	t.awaited = true
	if err := t.wait(timeout()); err != nil {
		fatalf(ts, "%v", err)
	}
	writeOutput(ts, t)
	checkStatus(ts, t, neg, opts.status)
}

// options are the flags of run and await.
type options struct {
	stdin  io.Reader
	stdout string // the file that takes the program's standard output
	status int    // the exit status wanted, or -1 for any that fits "!"
}

func parseOptions(ts *testscript.TestScript, args *[]string) options {
	opts := options{status: -1}
	for len(*args) >= 2 {
		switch (*args)[0] {
		case "-stdin":
			opts.stdin = strings.NewReader(ts.ReadFile((*args)[1]))
		case "-stdout":
			opts.stdout = ts.MkAbs((*args)[1])
		case "-status":
			n, err := strconv.Atoi((*args)[1])
			ts.Check(err)
			opts.status = n
		default:
			return opts
		}
		*args = (*args)[2:]
	}
	return opts
}

func cmdRun(ts *testscript.TestScript, neg bool, args []string) {
	opts := parseOptions(ts, &args)
	if len(args) < 1 {
		ts.Fatalf("usage: [!] run [-stdin FILE] [-stdout FILE] [-status N] PROG [ARGS...]")
	}
	var toFile *cappedFile
	if opts.stdout != "" {
		f, err := os.Create(opts.stdout)
		ts.Check(err)
		defer f.Close()
		toFile = &cappedFile{f: f, limit: stdoutFileLimit}
	}
	t := launchTo(ts, args[0], args[0], args[1:], opts.stdin, toFile)
	// A program that is still moving data may take longer than one
	// deadline: the wait ends only when its output stalls that long.
	if err := t.waitProgress(timeout(), toFile); err != nil {
		t.end()
		writeOutput(ts, t)
		fail(ts, "%s did not finish within %s: it may be waiting for data that never comes, "+
			"or for the other side to close the connection.", t.name, timeout())
	}
	writeOutput(ts, t)
	if toFile != nil && toFile.full() {
		fail(ts, "%s printed more than %d MiB on standard output; the grader keeps no more", t.name, stdoutFileLimit>>20)
	}
	checkStatus(ts, t, neg, opts.status)
}

// fail fails the script like ts.Fatalf, adding what explains many a
// failure: a program of the script that had already ended by itself.
func fail(ts *testscript.TestScript, format string, args ...any) {
	fatal(ts, failure{message: fmt.Sprintf(format, args...), early: true})
}

// endedEarly describes the programs that the script started in the
// background and that ended by themselves, unasked. mapCrash says whether
// one of them crashed because goroutines used a map at once, a mistake
// that the lesson's race hint explains.
func endedEarly(ts *testscript.TestScript) (note string, mapCrash bool) {
	var b strings.Builder
	tasks := state(ts).tasks
	for _, name := range slices.Sorted(maps.Keys(tasks)) {
		t := tasks[name]
		if !t.program || !t.exited() || t.stopped || t.awaited {
			continue
		}
		_, errOut := t.output()
		if crash := crashLine(errOut); crash != "" {
			mapCrash = mapCrash || strings.Contains(crash, "concurrent map")
			fmt.Fprintf(&b, "\nNote: %s had already crashed (%s) with %q, which may be why this step failed.%s\n%s",
				t.name, describeExit(t.err), crash, crashAdvice(crash), t.report())
			continue
		}
		fmt.Fprintf(&b, "\nNote: %s had already ended by itself (%s), which may be why this step failed.\n%s",
			t.name, describeExit(t.err), t.report())
	}
	return b.String(), mapCrash
}

// crashLine finds the line with which Go's runtime ends a program that
// crashed, "panic: ..." or "fatal error: ...", in its standard error; ""
// if there is none.
func crashLine(stderr string) string {
	for _, line := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(line, "panic: ") || strings.HasPrefix(line, "fatal error: ") {
			return strings.TrimRight(line, "\r")
		}
	}
	return ""
}

// crashAdvice explains the crashes that Go's runtime names after their
// cause, for a learner who has not met them.
func crashAdvice(crash string) string {
	if strings.Contains(crash, "concurrent map") {
		return " Go stops a program whose goroutines use a map at the same time, one of them writing:" +
			" every use of a map that goroutines share must hold a lock."
	}
	return ""
}

// writeOutput makes the task's output the script's current stdout and
// stderr, for the built-in stdout, stderr and cmp commands to check. A
// program in which the race detector found a data race fails here, the
// first time its output is looked at after it ended.
func writeOutput(ts *testscript.TestScript, t *task) {
	noteOutput(ts, t.owner(state(ts).given))
	out, errOut := t.output()
	fmt.Fprint(ts.Stdout(), out)
	start, end := raceReportSpan(errOut)
	if start < 0 {
		fmt.Fprint(ts.Stderr(), errOut)
		return
	}
	// The report is shown once, with the failure, which points to the
	// lesson's hint about what its goroutines share.
	fmt.Fprint(ts.Stderr(), errOut[:start]+"(here the race detector's report, shown once, with the failure)\n"+errOut[end:])
	report := errOut[start:end]
	if strings.Count(report, "\n") > maxRaceLines {
		lines := strings.SplitAfter(report, "\n")
		report = strings.Join(lines[:maxRaceLines], "") + "...\n"
	}
	f := failure{
		message: fmt.Sprintf("the race detector found a data race in %s: two goroutines used the same variable at the same time, "+
			"and at least one of them wrote it, with nothing (a mutex, a channel, an atomic) to order them. "+
			"The report names the two places in the code; guard what they share, or give it to one goroutine only.\n%s",
			t.name, report),
		early: true,
	}
	if h := state(ts).raceHint; h > 0 {
		f.hints = []int{h}
	}
	fatal(ts, f)
}

// maxRaceLines bounds the race detector's report in a failure message.
const maxRaceLines = 40

// raceReportSpan finds the first report of the race detector in a
// program's standard error: from its "WARNING: DATA RACE" line up to the
// line of "=" signs that ends it (or the end). start is -1 if there is
// none.
func raceReportSpan(stderr string) (start, end int) {
	start = strings.Index(stderr, raceReport)
	if start < 0 {
		return -1, -1
	}
	end = len(stderr)
	if i := strings.Index(stderr[start:], "\n=================="); i >= 0 {
		end = start + i + 1
	}
	return start, end
}

// raceReport starts every report of the race detector.
const raceReport = "WARNING: DATA RACE"

func checkStatus(ts *testscript.TestScript, t *task, neg bool, want int) {
	var exit *exec.ExitError
	if _, errOut := t.output(); t.err != nil && (strings.HasPrefix(errOut, "panic:") || strings.Contains(errOut, "\ngoroutine ")) {
		fail(ts, "%s crashed with a stack trace (%s); it should print one line that says what went wrong", t.name, describeExit(t.err))
	}
	if want >= 0 {
		got := 0
		if errors.As(t.err, &exit) {
			got = exit.ExitCode()
		} else if t.err != nil {
			got = -1
		}
		if got != want {
			fail(ts, "%s ended with %s, but it should end with exit status %d", t.name, describeExit(t.err), want)
		}
		return
	}
	switch {
	case neg && t.err == nil:
		fail(ts, "%s succeeded (exit status 0), but it should have failed with an error and a non-zero exit status", t.name)
	case !neg && t.err != nil:
		fail(ts, "%s failed (%s), but it should have succeeded", t.name, describeExit(t.err))
	}
}

func cmdOneLine(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 || !isStream(args[0]) {
		ts.Fatalf("usage: oneline stdout|stderr")
	}
	text := ts.ReadFile(args[0])
	switch {
	case strings.Contains(text, "goroutine ") || strings.HasPrefix(text, "panic:"):
		fail(ts, "%s crashed with a stack trace on %s; it should print one line that says what went wrong", outputOwner(ts), streamName(args[0]))
	case text == "" || text == "\n":
		fail(ts, "%s printed nothing on %s; it should print one line that says what went wrong", outputOwner(ts), streamName(args[0]))
	case strings.Count(text, "\n") != 1 || !strings.HasSuffix(text, "\n"):
		fail(ts, "%s printed %d lines on %s; it should print exactly one line that says what went wrong", outputOwner(ts),
			strings.Count(strings.TrimSuffix(text, "\n"), "\n")+1, streamName(args[0]))
	}
}

func cmdFreePort(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: freeport VAR")
	}
	port, release, err := freePort()
	ts.Check(err)
	ts.Defer(release)
	ts.Setenv(args[0], fmt.Sprint(port))
}

func fileExists(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
}

func isStream(s string) bool { return s == "stdout" || s == "stderr" }

// conditionDocs are the scripts' conditions beyond testscript's own.
var conditionDocs = [][2]string{
	{"loopback2", "this machine answers on 127.0.0.2 (Linux does, macOS does not)"},
	{"ipv6", "this machine has the IPv6 loopback address ::1"},
	{"race", "the programs are built with the race detector"},
	{"localhost6", `the name "localhost" resolves to ::1 too, and ::1 works`},
}

// conditions answers the scripts' conditions of conditionDocs.
func conditions(race bool) func(string) (bool, error) {
	return func(cond string) (bool, error) {
		if cond == "race" {
			return race, nil
		}
		return condition(cond)
	}
}

func condition(cond string) (bool, error) {
	switch cond {
	case "localhost6":
		ips, err := net.LookupIP("localhost")
		return err == nil && slices.ContainsFunc(ips, net.IP.IsLoopback) &&
			slices.ContainsFunc(ips, func(ip net.IP) bool { return ip.To4() == nil }) && canListen("[::1]:0"), nil
	case "loopback2":
		return canListen("127.0.0.2:0"), nil
	case "ipv6":
		return canListen("[::1]:0"), nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}

func canListen(addr string) bool {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return false
	}
	l.Close()
	return true
}
