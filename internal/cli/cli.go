// Package cli holds the few pieces that every workshop program shares and
// that are not about sockets: reading flags, and stopping with a one-line
// error that tells the person at the keyboard what to check next.
//
// A lesson's programs use it like this:
//
//	host := flag.String("host", "localhost", "host name or address to listen on")
//	port := cli.PortFlag(10000, "TCP port to listen on")
//	cli.Parse("server", "")
//	...
//	if err != nil {
//		cli.Fatal("server", err)
//	}
//
// Nothing here prints a stack trace: bad input always ends in one line on
// standard error and a non-zero exit status.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Exit statuses of the workshop programs.
const (
	// StatusError is the exit status after a run-time error, such as a
	// refused connection or a port that is already in use.
	StatusError = 1
	// StatusUsage is the exit status after a bad flag or argument.
	StatusUsage = 2
)

// PortFlag defines the -port flag with the given default. A value that is
// not a whole number from 0 to 65535 is rejected while the flags are parsed.
func PortFlag(def int, usage string) *int {
	port := def
	flag.Func("port", fmt.Sprintf("%s (default %d)", usage, def), func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 65535 {
			return errors.New("a port is a whole number from 0 to 65535")
		}
		port = n
		return nil
	})
	return &port
}

// Hostname returns this machine's host name, the default host of the
// lessons that follow Python's socket.gethostname(). It falls back to
// "localhost" when the system cannot tell.
func Hostname() string {
	name, err := os.Hostname()
	if err != nil || name == "" {
		return "localhost"
	}
	return name
}

// Parse parses the command line like flag.Parse. A bad flag ends the program
// with one line on standard error and exit status 2; -h prints the usage and
// exits 0. synopsis describes the positional arguments for the usage line,
// for example "[host]"; it is empty for programs that take none, and then
// an argument is refused like a bad flag (a host given without -host would
// otherwise be silently ignored).
func Parse(program, synopsis string) {
	flag.CommandLine.Init(program, flag.ContinueOnError)
	flag.CommandLine.SetOutput(io.Discard)
	err := flag.CommandLine.Parse(os.Args[1:])
	switch {
	case errors.Is(err, flag.ErrHelp):
		flag.CommandLine.SetOutput(os.Stdout)
		fmt.Printf("usage: %s\n", usageLine(program, synopsis))
		flag.PrintDefaults()
		os.Exit(0)
	case err != nil:
		Usage(program, synopsis, err.Error())
	case synopsis == "" && flag.NArg() > 0:
		Usage(program, synopsis, fmt.Sprintf("unexpected argument %q", flag.Arg(0)))
	}
}

// Usage ends the program after a bad argument: one line with the problem
// and how the program is meant to be called, exit status 2.
func Usage(program, synopsis, problem string) {
	fmt.Fprintf(os.Stderr, "%s: %s (usage: %s)\n", program, problem, usageLine(program, synopsis))
	os.Exit(StatusUsage)
}

func usageLine(program, synopsis string) string {
	var b strings.Builder
	b.WriteString(program)
	flag.VisitAll(func(f *flag.Flag) {
		fmt.Fprintf(&b, " [-%s %s]", f.Name, strings.ToUpper(f.Name))
	})
	if synopsis != "" {
		b.WriteString(" " + synopsis)
	}
	return b.String()
}

// Fatal ends the program after a run-time error: one line on standard error,
// "program: error", followed by a hint when the error is a common one, and
// exit status 1.
func Fatal(program string, err error) {
	line := fmt.Sprintf("%s: %v", program, err)
	if hint := Hint(err); hint != "" {
		line += " (" + hint + ")"
	}
	fmt.Fprintln(os.Stderr, oneLine(line))
	os.Exit(StatusError)
}

// Hint says what to check after a common socket error, or "" when it has no
// advice. It reads the error's text, which names the cause the same way on
// every system the workshop runs on.
func Hint(err error) string {
	msg := strings.ToLower(err.Error())
	switch {
	case strings.Contains(msg, "connection refused"), strings.Contains(msg, "actively refused"):
		return "is the server running, on that host and port?"
	case strings.Contains(msg, "address already in use"), strings.Contains(msg, "only one usage of each socket address"):
		return "another program is listening on that port: stop it, or choose another with -port"
	case strings.Contains(msg, "cannot assign requested address"), strings.Contains(msg, "can't assign requested address"),
		strings.Contains(msg, "requested address is not valid"):
		return "this machine has no network interface with that address"
	case strings.Contains(msg, "no such host"):
		return "check the host name, or use an address such as 127.0.0.1"
	}
	return ""
}

// oneLine folds an error that spans lines into one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}
