// Package bindaddress grades lesson 04, the echo server that listens on the
// address you choose, and its client:
//
//	go test ./lessons/04-bind-address/
package bindaddress

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestLesson(t *testing.T) { grader.Learner(t) }
