package grader

import (
	"fmt"
	"strings"
)

// CommandsDoc returns COMMANDS.md, the maintainers' reference to what the
// grading scripts can say, made from the tables that the code itself runs
// on, so that the two cannot drift apart (TestCommandsDoc checks the file).
func CommandsDoc() string {
	var b strings.Builder
	b.WriteString(`# The grading scripts' commands

<!-- Generated from tools/grader (commandDocs, peerActions, placeholderDocs,
conditions); do not edit. Regenerate with:
go test ./tools/grader -run TestCommandsDoc -update-docs -->

A lesson's scripts (testdata/NN-slug/*.txtar) are testscript files. Besides
testscript's own commands (exec, stdout, stderr, cmp, env, skip, ...), they
use the grader's commands below. Every wait has a deadline (WORKSHOP_TIMEOUT,
10s by default) and, when it runs out, says what it waited for and what the
programs had printed. Never use testscript's stop: it ends the script as a
pass, and the grader refuses a script that uses it.

## Commands

`)
	for _, c := range commandDocs {
		fmt.Fprintf(&b, "- `%s`: %s\n", c.usage, c.doc)
	}
	b.WriteString("\n## Peer actions\n\nWhat `dial`, `connect` and `listen` do, in order:\n\n")
	for _, a := range peerActions {
		fmt.Fprintf(&b, "- `%s`: %s\n", a.usage, a.doc)
	}
	b.WriteString("\n## Transcript placeholders\n\nIn a file that `transcript` compares with:\n\n")
	for _, p := range placeholderDocs {
		fmt.Fprintf(&b, "- `{{%s}}`: %s\n", p.name, p.doc)
	}
	b.WriteString("- `${VAR}`: the script's variable VAR, such as `${PORT}`\n")
	b.WriteString("\n## Conditions\n\nBesides testscript's own (`[windows]`, `[unix]`, `[short]`, ...):\n\n")
	for _, c := range conditionDocs {
		fmt.Fprintf(&b, "- `[%s]`: %s\n", c[0], c[1])
	}
	b.WriteString("\n## Variables\n\nEvery script starts with `$PORT`, a port of its own; the lesson's programs come first on `PATH`.\n")
	return b.String()
}
