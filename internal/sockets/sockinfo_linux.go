package sockets

import (
	"fmt"
	"net"
	"strconv"
	"syscall"
)

// DescribeSocket names the address family, the type and the protocol of the
// socket under conn, the way Python's socket module names them: "AF_INET"
// or "AF_INET6", "SOCK_STREAM", "IPPROTO_TCP".
//
// On Linux it asks the kernel about the connected socket itself, with
// getsockopt and the options SO_DOMAIN, SO_TYPE and SO_PROTOCOL: the
// answers are the values the socket was created with.
func DescribeSocket(conn net.Conn) (family, sockType, protocol string, err error) {
	tcp, ok := conn.(*net.TCPConn)
	if !ok {
		return "", "", "", fmt.Errorf("%T is not a TCP connection", conn)
	}
	// SyscallConn gives access to the socket's file descriptor without
	// taking it away from Go's runtime.
	raw, err := tcp.SyscallConn()
	if err != nil {
		return "", "", "", err
	}
	options := [3]int{syscall.SO_DOMAIN, syscall.SO_TYPE, syscall.SO_PROTOCOL}
	var values [3]int
	var optErr error
	err = raw.Control(func(fd uintptr) {
		for i, option := range options {
			values[i], optErr = syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, option)
			if optErr != nil {
				return
			}
		}
	})
	if err == nil {
		err = optErr
	}
	if err != nil {
		return "", "", "", fmt.Errorf("cannot describe the socket: getsockopt: %w", err)
	}
	return nameOf(families, values[0]), nameOf(types, values[1]), nameOf(protocols, values[2]), nil
}

// The names of the values a TCP/IP socket can have.
var (
	families  = map[int]string{syscall.AF_INET: "AF_INET", syscall.AF_INET6: "AF_INET6", syscall.AF_UNIX: "AF_UNIX"}
	types     = map[int]string{syscall.SOCK_STREAM: "SOCK_STREAM", syscall.SOCK_DGRAM: "SOCK_DGRAM", syscall.SOCK_RAW: "SOCK_RAW"}
	protocols = map[int]string{syscall.IPPROTO_TCP: "IPPROTO_TCP", syscall.IPPROTO_UDP: "IPPROTO_UDP", syscall.IPPROTO_IP: "IPPROTO_IP"}
)

// nameOf returns the name of value, or the number itself if it has none.
func nameOf(names map[int]string, value int) string {
	if name, ok := names[value]; ok {
		return name
	}
	return strconv.Itoa(value)
}
