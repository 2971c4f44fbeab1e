package main

import (
	"os"
	"testing"

	"example.com/tcpworkshop/internal/sandbox"
	"example.com/tcpworkshop/internal/workshoptest"
	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	// The report starts itself again as the sandbox's first process.
	sandbox.Init()
	testscript.Main(m, map[string]func(){
		"report": func() { os.Exit(runMain(os.Args[1:])) },
	})
}

// TestScripts runs testdata/*.txtar against copies of the workshop, with
// the tool as "report" (see workshoptest.RunScripts).
func TestScripts(t *testing.T) { workshoptest.RunScripts(t) }
