// Package timeserver grades lesson 01, the time server and its client:
//
//	go test ./lessons/01-time-server/
package timeserver

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestLesson(t *testing.T) { grader.Learner(t) }
