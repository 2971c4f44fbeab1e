// Package createconnection grades lesson 05, the client that connects by
// name (the echo server is lesson 02's):
//
//	go test ./lessons/05-create-connection/
package createconnection

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestLesson(t *testing.T) { grader.Learner(t) }
