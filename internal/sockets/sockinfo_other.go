//go:build !linux

package sockets

import (
	"fmt"
	"net"
)

// DescribeSocket names the address family, the type and the protocol of the
// socket under conn, the way Python's socket module names them: "AF_INET"
// or "AF_INET6", "SOCK_STREAM", "IPPROTO_TCP".
//
// Here it works them out from what Go knows: the connection is TCP, so its
// socket is a stream socket of protocol TCP, and its local address is an
// IPv4 address (AF_INET) or an IPv6 one (AF_INET6).
func DescribeSocket(conn net.Conn) (family, sockType, protocol string, err error) {
	local, ok := conn.LocalAddr().(*net.TCPAddr)
	if !ok {
		return "", "", "", fmt.Errorf("%T is not a TCP connection", conn)
	}
	family = "AF_INET6"
	if local.IP.To4() != nil {
		family = "AF_INET"
	}
	return family, "SOCK_STREAM", "IPPROTO_TCP", nil
}
