// Package chat grades lesson 10, the chat room and its client:
//
//	go test ./lessons/10-chat/
package chat

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestLesson(t *testing.T) { grader.Learner(t) }
