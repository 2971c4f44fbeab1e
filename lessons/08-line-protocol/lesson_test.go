// Package lineprotocol grades lesson 08, the key-value store spoken in
// lines:
//
//	go test ./lessons/08-line-protocol/
package lineprotocol

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestLesson(t *testing.T) { grader.Learner(t) }
