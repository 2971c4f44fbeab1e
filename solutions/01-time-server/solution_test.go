// Package timeserver verifies the reference solution of lesson 01:
//
//	go test ./solutions/01-time-server/
package timeserver

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestSolution(t *testing.T) { grader.Solution(t) }
