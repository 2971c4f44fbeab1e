// Package echo grades lesson 02, the echo server and its client:
//
//	go test ./lessons/02-echo/
package echo

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestLesson(t *testing.T) { grader.Learner(t) }
