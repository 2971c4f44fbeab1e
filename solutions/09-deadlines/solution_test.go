// Package deadlines verifies the reference solution of lesson 09:
//
//	go test ./solutions/09-deadlines/
package deadlines

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestSolution(t *testing.T) { grader.Solution(t) }
