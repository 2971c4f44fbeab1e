// Package sixteenoctet grades lesson 03, the sixteen-octet server and its
// client:
//
//	go test ./lessons/03-sixteen-octet/
package sixteenoctet

import (
	"testing"

	"example.com/tcpworkshop/tools/grader"
)

func TestMain(m *testing.M) { grader.Main(m) }

func TestLesson(t *testing.T) { grader.Learner(t) }
