// Package cli holds the few pieces that every workshop program shares and
// that are not what the lessons teach: reading the flags, -host and -port
// among them, and stopping with a one-line error that tells the person at
// the keyboard what to check next.
//
// A lesson's server uses it like this:
//
//	addr := cli.ServerFlags("server", "localhost", 10000)
//	if err := serve(addr.Host, addr.Port); err != nil {
//		cli.Fatal("server", err)
//	}
//
// and a client with cli.ClientFlags. A program with flags of its own
// defines them first, with the flag package, and ServerFlags or
// ClientFlags parses them with -host and -port. A program that takes its
// host as an argument defines only -port, with PortFlag, and calls Parse.
//
// Nothing here prints a stack trace: bad input always ends in one line on
// standard error and a non-zero exit status. When Fatal adds advice to an
// error, the advice is marked as the workshop's own, "(workshop tip: ...)",
// so that it is never mistaken for the message of Go or of the system.
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

// TipPrefix starts the advice that Fatal adds to an error.
const TipPrefix = "workshop tip: "

// PortFlag defines the -port flag with the given default. A value that is
// not a whole number from 0 to 65535 is rejected while the flags are parsed.
func PortFlag(def int, usage string) *int {
	return portFlag(flag.CommandLine, def, usage)
}

func portFlag(fs *flag.FlagSet, def int, usage string) *int {
	port := def
	fs.Func("port", fmt.Sprintf("%s (default %d)", usage, def), func(s string) error {
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

// Host returns the host as net.JoinHostPort wants it: an IPv6 address
// written in brackets, as in URLs ("[::1]"), loses them ("::1"), since
// JoinHostPort adds its own. Any other host is returned as it is.
func Host(host string) string {
	if inner, ok := strings.CutPrefix(host, "["); ok {
		if inner, ok := strings.CutSuffix(inner, "]"); ok && strings.Contains(inner, ":") && !strings.ContainsAny(inner, "[]") {
			return inner
		}
	}
	return host
}

// Parse parses the command line like flag.Parse. A bad flag ends the program
// with one line on standard error and exit status 2; -h prints the usage and
// exits 0. synopsis describes the positional arguments for the usage line,
// for example "[host]"; it is empty for programs that take none, and then
// an argument is refused like a bad flag (a host given without -host would
// otherwise be silently ignored).
//
// Hosts may be given as bracketed IPv6 addresses ("-host [::1]"): Parse
// passes the -host flag, and the positional arguments (in the workshop
// they are always hosts), through Host.
func Parse(program, synopsis string) {
	flag.CommandLine.Init(program, flag.ContinueOnError)
	problem, help := parse(flag.CommandLine, program, synopsis, os.Args[1:])
	switch {
	case help:
		fmt.Print(usageText(flag.CommandLine, program, synopsis))
		os.Exit(0)
	case problem != "":
		Usage(program, synopsis, problem)
	}
}

// parse parses args into fs. It returns the problem with them, or help
// when they ask for the usage.
func parse(fs *flag.FlagSet, program, synopsis string, args []string) (problem string, help bool) {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return "", true
	case err != nil:
		return err.Error(), false
	case synopsis == "" && fs.NArg() > 0:
		return fmt.Sprintf("unexpected argument %q", fs.Arg(0)), false
	}
	if f := fs.Lookup("host"); f != nil {
		if err := fs.Set("host", Host(f.Value.String())); err != nil {
			return err.Error(), false
		}
	}
	if fs.NArg() > 0 {
		// Parse the arguments once more, after "--", so that fs.Args
		// returns them without brackets.
		hosts := []string{"--"}
		for _, arg := range fs.Args() {
			hosts = append(hosts, Host(arg))
		}
		if err := fs.Parse(hosts); err != nil {
			return err.Error(), false
		}
	}
	return "", false
}

// Usage ends the program after a bad argument: one line with the problem
// and how the program is meant to be called, exit status 2.
func Usage(program, synopsis, problem string) {
	fmt.Fprintln(os.Stderr, usageProblem(flag.CommandLine, program, synopsis, problem))
	os.Exit(StatusUsage)
}

func usageProblem(fs *flag.FlagSet, program, synopsis, problem string) string {
	return oneLine(fmt.Sprintf("%s: %s (usage: %s)", program, problem, usageLine(fs, program, synopsis)))
}

// usageText is what -h prints: the usage line and every flag.
func usageText(fs *flag.FlagSet, program, synopsis string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "usage: %s\n", usageLine(fs, program, synopsis))
	fs.SetOutput(&b)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	return b.String()
}

func usageLine(fs *flag.FlagSet, program, synopsis string) string {
	var b strings.Builder
	b.WriteString(program)
	fs.VisitAll(func(f *flag.Flag) {
		fmt.Fprintf(&b, " [-%s %s]", f.Name, strings.ToUpper(f.Name))
	})
	if synopsis != "" {
		b.WriteString(" " + synopsis)
	}
	return b.String()
}

// Fatal ends the program after a run-time error: one line on standard error,
// "program: error", followed by the workshop's tip when the error is a
// common one, "(workshop tip: ...)", and exit status 1.
func Fatal(program string, err error) {
	fmt.Fprintln(os.Stderr, fatalLine(program, err))
	os.Exit(StatusError)
}

func fatalLine(program string, err error) string {
	line := fmt.Sprintf("%s: %v", program, err)
	if hint := Hint(err); hint != "" {
		line += " (" + TipPrefix + hint + ")"
	}
	return oneLine(line)
}

// Hint says what to check after a common socket error, or "" when it has no
// advice. It reads the error's text, which names the cause the same way on
// every system the workshop runs on. The advice is the workshop's, not the
// system's: Fatal marks it so.
func Hint(err error) string {
	msg := strings.ToLower(err.Error())
	switch {
	case strings.Contains(msg, "connection refused"), strings.Contains(msg, "actively refused"):
		return "is the server running, on that host and port?"
	case strings.Contains(msg, "address already in use"), strings.Contains(msg, "only one usage of each socket address"):
		return "either another program is listening on that port: stop it, or choose another port with -port; " +
			"or a connection that closed less than about a minute ago still holds it, in TIME_WAIT, " +
			"typically after a program that did not set SO_REUSEADDR: wait a minute, or choose another port"
	case strings.Contains(msg, "cannot assign requested address"), strings.Contains(msg, "can't assign requested address"),
		strings.Contains(msg, "requested address is not valid"):
		return "this machine has no network interface with that address"
	case strings.Contains(msg, "no such host"):
		return "check the host name, or use an address such as 127.0.0.1"
	case strings.Contains(msg, "token too long"):
		return "a line of the input is longer than bufio.Scanner's limit of 64 KiB: send shorter lines, or give the Scanner a bigger buffer with its Buffer method"
	case strings.Contains(msg, "missing port in address"), strings.Contains(msg, "too many colons in address"):
		return "give the host alone, without a port; an IPv6 address such as ::1 may be written with or without brackets"
	}
	return ""
}

// oneLine folds an error that spans lines into one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}
