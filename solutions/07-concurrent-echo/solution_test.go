// Package concurrentecho verifies the reference solution of lesson 07:
//
//	go test ./solutions/07-concurrent-echo/
package concurrentecho

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestSolution(t *testing.T) { grader.Solution(t) }
