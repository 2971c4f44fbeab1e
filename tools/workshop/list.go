package main

import (
	"fmt"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
)

var listVerb = &verb{
	name:    "list",
	summary: "the lessons, one a line",
	help: `Prints the lessons, one a line: the folder's name, then the title. The
folder's name is what the other commands take as LESSON.

Example:
  ` + self + ` list`,
	run: func(a *app, v *verb, args []string) error {
		rest, err := a.parseFlags(v, a.newFlags(v), args)
		if err != nil {
			return err
		}
		if len(rest) > 0 {
			return unexpectedArgs(v, rest)
		}
		width := 0
		for _, l := range a.lessons {
			width = max(width, len(l.Slug))
		}
		for _, l := range a.lessons {
			fmt.Fprintf(a.stdout, "%-*s  %s\n", width, l.Slug, l.Title)
		}
		return nil
	},
}

var versionVerb = &verb{
	name:    "version",
	summary: "the workshop's commit and Go version",
	help: `Prints the workshop's commit (when the tool was built from a git
checkout) and the version of Go that built the tool: include it when you
report a problem with the workshop.

Example:
  ` + self + ` version`,
	run: func(a *app, v *verb, args []string) error {
		rest, err := a.parseFlags(v, a.newFlags(v), args)
		if err != nil {
			return err
		}
		if len(rest) > 0 {
			return unexpectedArgs(v, rest)
		}
		fmt.Fprintf(a.stdout, "workshop %s, built with %s %s/%s\n", workshopRevision(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return nil
	},
}

// workshopRevision names the commit the tool was built from: the one that
// go build recorded, or else the checkout's, or "(unknown commit)".
func workshopRevision() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		revision, modified := "", false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if revision != "" {
			if modified {
				revision += " (with local changes)"
			}
			return "commit " + revision
		}
	}
	// go run records no commit: ask git, if the workshop is a checkout.
	if root, err := findRoot(); err == nil {
		cmd := exec.Command("git", "rev-parse", "HEAD")
		cmd.Dir = root
		if out, err := cmd.Output(); err == nil {
			return "commit " + strings.TrimSpace(string(out))
		}
	}
	return "(unknown commit)"
}
