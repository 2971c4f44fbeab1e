// Package sockets holds the helpers that the lessons' programs are given
// ready-made, so that each exists once: reading the host argument,
// and describing a connected socket the way Python's socket module does.
// They are not what a lesson teaches; the grader reads these files too, so
// that "go test" grades a lesson again after one of them changed.
package sockets

import (
	"flag"
	"fmt"

	"example.com/tcpworkshop/internal/cli"
)

// HostArgument returns the one optional argument of a program, the host,
// or def when there is none. More arguments are a usage error: the program
// prints one line and exits with status 2.
func HostArgument(program, def string) string {
	switch flag.NArg() {
	case 0:
		return def
	case 1:
		return flag.Arg(0)
	default:
		cli.Usage(program, "[host]", fmt.Sprintf("unexpected argument %q", flag.Arg(1)))
		return ""
	}
}

// RequiredHostArgument returns the one argument of a program that must be
// told its host. None, or more than one, is a usage error: the program
// prints one line and exits with status 2. what says what the host is, in
// the line that tells it is missing: "missing HOST, " + what.
func RequiredHostArgument(program, what string) string {
	if flag.NArg() == 0 {
		cli.Usage(program, "HOST", "missing HOST, "+what)
	}
	if flag.NArg() > 1 {
		cli.Usage(program, "HOST", fmt.Sprintf("want one HOST argument, got %d arguments", flag.NArg()))
	}
	return flag.Arg(0)
}
