package one

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestSolution(t *testing.T) { grader.Solution(t) }
