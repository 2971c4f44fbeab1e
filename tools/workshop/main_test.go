package main

import (
	"os"
	"testing"

	"example.com/tcpworkshop/internal/workshoptest"
	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"workshop": func() { os.Exit(runMain(os.Args[1:])) },
	})
}

// TestScripts runs testdata/*.txtar against copies of the workshop, with
// the tool as "workshop" (see workshoptest.RunScripts).
func TestScripts(t *testing.T) { workshoptest.RunScripts(t) }
