package grader

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var updateDocs = flag.Bool("update-docs", false, "rewrite tools/grader/COMMANDS.md from the code")

// TestCommandsDoc checks that COMMANDS.md is what the code's tables say.
func TestCommandsDoc(t *testing.T) {
	file := filepath.Join(RepoRoot(t), "tools", "grader", "COMMANDS.md")
	want := CommandsDoc()
	if *updateDocs {
		if err := os.WriteFile(file, []byte(want), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(file)
	if err != nil || string(got) != want {
		t.Fatalf("tools/grader/COMMANDS.md is not what the grader's tables say: run\n\tgo test ./tools/grader -run TestCommandsDoc -update-docs")
	}
	for _, c := range conditionDocs {
		if _, err := conditions(false)(c[0]); err != nil {
			t.Errorf("condition [%s] is documented but not answered: %v", c[0], err)
		}
	}
}
