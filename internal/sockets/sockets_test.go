package sockets

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// argsEnv makes the test binary read its arguments like a program, with
// the host helper it names, instead of running the tests: the helpers end
// the program on a usage error, and only a real process shows how.
const argsEnv = "SOCKETS_TEST_ARGS"

func TestMain(m *testing.M) {
	if helper, args, ok := strings.Cut(os.Getenv(argsEnv), ":"); ok {
		flag.CommandLine = flag.NewFlagSet("server", flag.ContinueOnError)
		if err := flag.CommandLine.Parse(strings.Fields(args)); err != nil {
			os.Exit(3)
		}
		switch helper {
		case "optional":
			fmt.Printf("%q\n", HostArgument("server", "localhost"))
		case "required":
			fmt.Printf("%q\n", RequiredHostArgument("server", "the address to listen on"))
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestHostArguments(t *testing.T) {
	for _, tc := range []struct {
		helper, args string
		status       int
		stdout       string
		stderr       string
	}{
		{"optional", "", 0, "\"localhost\"\n", ""},
		{"optional", "::1", 0, "\"::1\"\n", ""},
		{"optional", "a b", 2, "", "server: unexpected argument \"b\" (usage: server [host])\n"},
		{"required", "127.0.0.1", 0, "\"127.0.0.1\"\n", ""},
		{"required", "", 2, "", "server: missing HOST, the address to listen on (usage: server HOST)\n"},
		{"required", "a b c", 2, "", "server: want one HOST argument, got 3 arguments (usage: server HOST)\n"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), argsEnv+"="+tc.helper+":"+tc.args)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if cmd.ProcessState == nil {
			t.Fatal(err)
		}
		stdout, status := string(out), cmd.ProcessState.ExitCode()
		if status != tc.status || stdout != tc.stdout || stderr.String() != tc.stderr {
			t.Errorf("%s %q: exit status %d, stdout %q, stderr %q; want %d, %q, %q",
				tc.helper, tc.args, status, stdout, stderr.String(), tc.status, tc.stdout, tc.stderr)
		}
	}
}
