// Package deadlines grades lesson 09, the key-value server with deadlines
// and a graceful shutdown, and its client:
//
//	go test ./lessons/09-deadlines/
package deadlines

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestLesson(t *testing.T) { grader.Learner(t) }
