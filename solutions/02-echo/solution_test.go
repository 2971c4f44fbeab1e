// Package echo verifies the reference solution of lesson 02:
//
//	go test ./solutions/02-echo/
package echo

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestSolution(t *testing.T) { grader.Solution(t) }
