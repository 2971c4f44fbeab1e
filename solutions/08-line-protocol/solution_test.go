// Package lineprotocol verifies the reference solution of lesson 08:
//
//	go test ./solutions/08-line-protocol/
package lineprotocol

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestSolution(t *testing.T) { grader.Solution(t) }
