// Package sixteenoctet verifies the reference solution of lesson 03:
//
//	go test ./solutions/03-sixteen-octet/
package sixteenoctet

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestSolution(t *testing.T) { grader.Solution(t) }
