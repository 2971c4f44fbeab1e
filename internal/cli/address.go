package cli

import (
	"flag"
	"net"
	"strconv"
)

// Address is where a server listens or a client connects: the values of
// the -host and -port flags once the command line is parsed.
type Address struct {
	Host string
	Port int
}

// String joins host and port as net.Listen and net.Dial want them:
// "localhost:10000", or "[::1]:10000" for an IPv6 address.
func (a Address) String() string {
	return net.JoinHostPort(a.Host, strconv.Itoa(a.Port))
}

// ServerFlags defines a server's -host and -port flags with the given
// defaults, parses the command line as Parse does, with any flags the
// program defined before, and returns the address to listen on. An empty
// host means every address of this machine; the flag's help says so.
func ServerFlags(program, host string, port int) Address {
	usage := "host name or address to listen on"
	if host == "" {
		usage += " (empty: every address of this machine)"
	}
	return addressFlags(program, host, usage, port, "TCP port to listen on")
}

// ClientFlags defines a client's -host and -port flags with the given
// defaults, parses the command line as Parse does, with any flags the
// program defined before, and returns the address of the server. server
// names that server in the flags' help, for example "the echo server".
func ClientFlags(program, server, host string, port int) Address {
	return addressFlags(program, host, "host name or address of "+server, port, "TCP port of "+server)
}

func addressFlags(program, host, hostUsage string, port int, portUsage string) Address {
	hostFlag := flag.String("host", host, hostUsage)
	portFlag := PortFlag(port, portUsage)
	Parse(program, "")
	return Address{Host: *hostFlag, Port: *portFlag}
}
