// Package bindaddress verifies the reference solution of lesson 04:
//
//	go test ./solutions/04-bind-address/
package bindaddress

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestSolution(t *testing.T) { grader.Solution(t) }
