package concurrentecho

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"example.com/tcpworkshop/internal/workshoptest"
)

// BenchmarkHundredClients measures the reference server with 100 clients
// connected at once, each echoing 64 KiB while the others do the same:
//
//	go test -run '^$' -bench . ./solutions/07-concurrent-echo/
//	go test -run '^$' -bench . -race ./solutions/07-concurrent-echo/
//
// One operation is the whole crowd: every client connected, every byte
// sent and back, every connection closed. The server is built like the
// grader builds it, with -race when the benchmark runs with -race.
func BenchmarkHundredClients(b *testing.B) {
	const clients, size = 100, 64 << 10
	addr := startServer(b)
	data := make([]byte, size)
	rand.Read(data)
	b.SetBytes(clients * size)
	for range b.N {
		var wg sync.WaitGroup
		errs := make(chan error, clients)
		conns := make([]*net.TCPConn, clients)
		for i := range conns {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				b.Fatal(err)
			}
			conns[i] = c.(*net.TCPConn)
		}
		for _, conn := range conns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- echoOnce(conn, data)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// echoOnce sends data, closes the sending half, reads until the server
// closes, and checks that the same bytes came back.
func echoOnce(conn *net.TCPConn, data []byte) error {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(time.Minute))
	sent := make(chan error, 1)
	go func() {
		_, err := conn.Write(data)
		if err == nil {
			err = conn.CloseWrite()
		}
		sent <- err
	}()
	back, err := io.ReadAll(conn)
	if err := <-sent; err != nil {
		return err
	}
	if err != nil {
		return err
	}
	if !bytes.Equal(back, data) {
		return fmt.Errorf("%d bytes came back, not the %d sent", len(back), len(data))
	}
	return nil
}

// startServer builds the reference server, starts it on a free port and
// returns its address once it has printed its ready line.
func startServer(b *testing.B) string {
	port := workshoptest.FreePort(b)
	line := workshoptest.StartServer(b, "./server", workshoptest.RaceEnabled(), "-host", "127.0.0.1", "-port", port)
	if !strings.HasPrefix(line, "starting up on ") {
		b.Fatalf("the server did not start: its first line is %q", line)
	}
	return net.JoinHostPort("127.0.0.1", port)
}
