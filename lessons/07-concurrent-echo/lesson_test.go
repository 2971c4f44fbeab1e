// Package concurrentecho grades lesson 07, the concurrent echo server and
// its client:
//
//	go test ./lessons/07-concurrent-echo/
package concurrentecho

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestLesson(t *testing.T) { grader.Learner(t) }
