// Package createconnection verifies the reference solution of lesson 05:
//
//	go test ./solutions/05-create-connection/
package createconnection

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestSolution(t *testing.T) { grader.Solution(t) }
