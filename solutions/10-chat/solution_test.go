// Package chat verifies the reference solution of lesson 10:
//
//	go test ./solutions/10-chat/
package chat

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestSolution(t *testing.T) { grader.Solution(t) }
