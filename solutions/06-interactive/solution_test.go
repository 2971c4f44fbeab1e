// Package interactive verifies the reference solution of lesson 06:
//
//	go test ./solutions/06-interactive/
package interactive

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestSolution(t *testing.T) { grader.Solution(t) }
