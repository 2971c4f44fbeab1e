package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestHost(t *testing.T) {
	for in, want := range map[string]string{
		"[::1]":          "::1",
		"[fe80::1%eth0]": "fe80::1%eth0",
		"::1":            "::1",
		"localhost":      "localhost",
		"127.0.0.1":      "127.0.0.1",
		"":               "",
		"[localhost]":    "[localhost]", // not an IPv6 address: left for the resolver to refuse
		"[::1":           "[::1",
		"[[::1]]":        "[[::1]]",
	} {
		if got := Host(in); got != want {
			t.Errorf("Host(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestAddressString(t *testing.T) {
	for _, tc := range []struct {
		addr Address
		want string
	}{
		{Address{"localhost", 10000}, "localhost:10000"},
		{Address{"::1", 0}, "[::1]:0"},
		{Address{"", 22222}, ":22222"},
	} {
		if got := tc.addr.String(); got != tc.want {
			t.Errorf("%#v.String() = %q; want %q", tc.addr, got, tc.want)
		}
	}
}

func TestPortFlag(t *testing.T) {
	for _, tc := range []struct {
		arg  string
		want int  // the port, when ok
		bad  bool // the value is refused
	}{
		{"0", 0, false},
		{"80", 80, false},
		{"65535", 65535, false},
		{"-1", 0, true},
		{"65536", 0, true},
		{"http", 0, true},
		{" 80", 0, true},
		{"", 0, true},
	} {
		fs := flag.NewFlagSet("server", flag.ContinueOnError)
		port := portFlag(fs, 10000, "TCP port")
		problem, _ := parse(fs, "server", "", []string{"-port", tc.arg})
		switch {
		case tc.bad && !strings.Contains(problem, "a port is a whole number from 0 to 65535"):
			t.Errorf("-port %q: problem %q; want it refused", tc.arg, problem)
		case !tc.bad && (problem != "" || *port != tc.want):
			t.Errorf("-port %q: port %d, problem %q; want %d", tc.arg, *port, problem, tc.want)
		}
	}
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	if port := portFlag(fs, 10000, "TCP port"); *port != 10000 {
		t.Errorf("default port %d; want 10000", *port)
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name     string
		synopsis string
		args     []string
		host     string   // the -host flag after parsing
		rest     []string // the positional arguments after parsing
		problem  string   // part of the problem, if any
		help     bool
	}{
		{name: "defaults", host: "localhost"},
		{name: "host", args: []string{"-host", "127.0.0.1"}, host: "127.0.0.1"},
		{name: "bracketed host", args: []string{"-host", "[::1]"}, host: "::1"},
		{name: "bracketed host with =", args: []string{"--host=[::1]"}, host: "::1"},
		{name: "empty host", args: []string{"-host", ""}, host: ""},
		{name: "positional host", synopsis: "HOST", args: []string{"-port", "1", "[::1]"}, host: "localhost", rest: []string{"::1"}},
		{name: "positional dash host", synopsis: "HOST", args: []string{"--", "-x"}, host: "localhost", rest: []string{"-x"}},
		{name: "unexpected argument", args: []string{"127.0.0.1"}, problem: `unexpected argument "127.0.0.1"`},
		{name: "unknown flag", args: []string{"-hots", "x"}, problem: "flag provided but not defined: -hots"},
		{name: "help", args: []string{"-h"}, help: true},
		{name: "long help", args: []string{"--help"}, help: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("client", flag.ContinueOnError)
			host := fs.String("host", "localhost", "host")
			portFlag(fs, 10000, "TCP port")
			problem, help := parse(fs, "client", tc.synopsis, tc.args)
			if help != tc.help {
				t.Errorf("help %v; want %v", help, tc.help)
			}
			if tc.problem != "" || problem != "" {
				if tc.problem == "" || !strings.Contains(problem, tc.problem) {
					t.Errorf("problem %q; want one with %q", problem, tc.problem)
				}
				return
			}
			if tc.help {
				return
			}
			if *host != tc.host {
				t.Errorf("host %q; want %q", *host, tc.host)
			}
			if fmt.Sprint(fs.Args()) != fmt.Sprint(tc.rest) && (len(fs.Args()) != 0 || len(tc.rest) != 0) {
				t.Errorf("arguments %q; want %q", fs.Args(), tc.rest)
			}
		})
	}
}

func TestUsageText(t *testing.T) {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.String("host", "localhost", "host name or address to listen on")
	portFlag(fs, 10000, "TCP port to listen on")
	got := usageText(fs, "server", "")
	for _, want := range []string{"usage: server [-host HOST] [-port PORT]\n", "TCP port to listen on (default 10000)"} {
		if !strings.Contains(got, want) {
			t.Errorf("usage text %q lacks %q", got, want)
		}
	}
	line := usageProblem(fs, "server", "HOST", "missing HOST")
	if want := "server: missing HOST (usage: server [-host HOST] [-port PORT] HOST)"; line != want {
		t.Errorf("usage problem %q; want %q", line, want)
	}
}

// The tip is marked as the workshop's, after Go's message left as it is.
func TestFatalLine(t *testing.T) {
	for _, tc := range []struct {
		err  string
		want string // a regular prefix of the tip, or "" for none
	}{
		{"dial tcp 127.0.0.1:9: connect: connection refused", "is the server running"},
		{"dial tcp 127.0.0.1:9: connectex: No connection could be made because the target machine actively refused it.", "is the server running"},
		{"listen tcp 127.0.0.1:9999: bind: address already in use", "either another program is listening on that port"},
		{"listen tcp 127.0.0.2:1: bind: cannot assign requested address", "this machine has no network interface"},
		{"dial tcp: lookup nowhere.invalid: no such host", "check the host name"},
		{"dial tcp: address ::1:80: too many colons in address", "give the host alone"},
		{"bufio.Scanner: token too long", "a line of the input is longer than bufio.Scanner's limit"},
		{"the server closed the connection", ""},
	} {
		line := fatalLine("server", errors.New(tc.err+"\nsecond line"))
		if !strings.HasPrefix(line, "server: "+tc.err+" second line") {
			t.Errorf("fatal line %q does not start with Go's message %q", line, tc.err)
		}
		if strings.Contains(line, "\n") {
			t.Errorf("fatal line %q spans lines", line)
		}
		tip := strings.Contains(line, "(workshop tip: ")
		switch {
		case tc.want == "" && tip:
			t.Errorf("fatal line %q has a tip; want none", line)
		case tc.want != "" && !strings.Contains(line, "(workshop tip: "+tc.want):
			t.Errorf("fatal line %q; want the tip marked \"(workshop tip: %s...\"", line, tc.want)
		}
	}
	line := fatalLine("server", errors.New("listen tcp :9999: bind: address already in use"))
	for _, cause := range []string{"another program is listening", "TIME_WAIT", "SO_REUSEADDR"} {
		if !strings.Contains(line, cause) {
			t.Errorf("address-in-use line %q does not name %s", line, cause)
		}
	}
}

// fatalEnv makes the test binary call Fatal or Usage instead of running the
// tests, so that their exit status and output are those of a real program.
const fatalEnv = "CLI_TEST_EXIT"

func TestMain(m *testing.M) {
	if mode := os.Getenv(fatalEnv); mode != "" {
		// A program's own flags, without the test binary's.
		flag.CommandLine = flag.NewFlagSet("client", flag.ContinueOnError)
	}
	switch os.Getenv(fatalEnv) {
	case "fatal":
		Fatal("client", errors.New("dial tcp 127.0.0.1:9: connect: connection refused"))
	case "usage":
		Usage("client", "", "unexpected argument \"x\"")
	case "help":
		os.Args = []string{"client", "-h"}
		flag.String("host", "localhost", "host name")
		Parse("client", "")
	case "server-flags":
		os.Args = []string{"server", "-host", "[::1]", "-port", "0"}
		fmt.Println(ServerFlags("server", "", 22222))
		os.Exit(0)
	case "server-help":
		os.Args = []string{"server", "-h"}
		ServerFlags("server", "", 22222)
	case "client-flags":
		// A flag of the program's own, defined before ClientFlags.
		message := flag.String("message", "hi", "the message to send")
		os.Args = []string{"client", "-message", "hello"}
		addr := ClientFlags("client", "the echo server", "localhost", 10000)
		fmt.Println(addr.Host, addr.Port, *message)
		os.Exit(0)
	case "client-help":
		os.Args = []string{"client", "-h"}
		flag.String("message", "hi", "the message to send")
		ClientFlags("client", "the echo server", "localhost", 10000)
	case "client-bad-port":
		os.Args = []string{"client", "-port", "http"}
		ClientFlags("client", "the echo server", "localhost", 10000)
	}
	os.Exit(m.Run())
}

func TestExits(t *testing.T) {
	for _, tc := range []struct {
		mode   string
		status int
		stderr string
		stdout string
	}{
		{"fatal", StatusError, "client: dial tcp 127.0.0.1:9: connect: connection refused (workshop tip: is the server running, on that host and port?)\n", ""},
		{"usage", StatusUsage, "client: unexpected argument \"x\" (usage: client)\n", ""},
		{"help", 0, "", "usage: client [-host HOST]\n  -host string\n    \thost name (default \"localhost\")\n"},
		{"server-flags", 0, "", "[::1]:0\n"},
		{"server-help", 0, "", "usage: server [-host HOST] [-port PORT]\n" +
			"  -host string\n    \thost name or address to listen on (empty: every address of this machine)\n" +
			"  -port value\n    \tTCP port to listen on (default 22222)\n"},
		{"client-flags", 0, "", "localhost 10000 hello\n"},
		{"client-help", 0, "", "usage: client [-host HOST] [-message MESSAGE] [-port PORT]\n" +
			"  -host string\n    \thost name or address of the echo server (default \"localhost\")\n" +
			"  -message string\n    \tthe message to send (default \"hi\")\n" +
			"  -port value\n    \tTCP port of the echo server (default 10000)\n"},
		{"client-bad-port", StatusUsage, "client: invalid value \"http\" for flag -port: a port is a whole number from 0 to 65535 (usage: client [-host HOST] [-port PORT])\n", ""},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), fatalEnv+"="+tc.mode)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		status := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			status = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if status != tc.status || stderr.String() != tc.stderr || stdout.String() != tc.stdout {
			t.Errorf("%s: exit status %d, stderr %q, stdout %q; want %d, %q, %q", tc.mode, status, stderr.String(), stdout.String(), tc.status, tc.stderr, tc.stdout)
		}
	}
}
