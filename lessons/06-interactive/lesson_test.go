// Package interactive grades lesson 06, the interactive client and its
// server:
//
//	go test ./lessons/06-interactive/
package interactive

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestLesson(t *testing.T) { grader.Learner(t) }
