package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	model "example.com/tcpworkshop/internal/lesson"
)

var hintVerb = &verb{
	name:    "hint",
	args:    "[LESSON] [N | --all]",
	summary: "show the next hint of a lesson, one at a time",
	help: `Shows the hints of a lesson's HINTS.md one step at a time: each call shows the
first hint you have not seen yet, so you read no more than you need. The
hints you have seen are remembered, per lesson, in .workshop/hints.json.

  hint [LESSON]          the next hint (of the current lesson by default)
  hint LESSON N          hint N, for example the one a failure points to
  hint LESSON --all      every hint of the lesson

Examples:
  ` + self + ` hint
  ` + self + ` hint 01 5
  ` + self + ` hint time-server --all`,
	run: runHint,
}

// hintsFile keeps the hints seen, per lesson: {"01-time-server": [1, 2]}.
const hintsFile = "hints.json"

// stateDir is the tool's folder at the top of the workshop (in .gitignore).
func (a *app) stateDir() string { return a.path(".workshop") }

func (a *app) readSeenHints() (map[string][]int, error) {
	seen := map[string][]int{}
	data, err := os.ReadFile(filepath.Join(a.stateDir(), hintsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return seen, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &seen); err != nil {
		// A damaged file must not stop the learner: start again.
		return map[string][]int{}, nil
	}
	return seen, nil
}

func (a *app) writeSeenHints(seen map[string][]int) error {
	if err := os.MkdirAll(a.stateDir(), 0o777); err != nil {
		return err
	}
	data, err := json.MarshalIndent(seen, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(a.stateDir(), hintsFile), append(data, '\n'))
}

func runHint(a *app, v *verb, args []string) error {
	fset := a.newFlags(v)
	all := fset.Bool("all", false, "show every hint")
	rest, err := a.parseFlags(v, fset, args)
	if err != nil {
		return err
	}
	if len(rest) > 2 {
		return unexpectedArgs(v, rest[2:])
	}
	number := 0
	if len(rest) == 2 {
		if number, err = strconv.Atoi(rest[1]); err != nil || number < 1 {
			return usageError{fmt.Sprintf("hint: %q is not a hint number (see %s help hint)", rest[1], self)}
		}
	}
	l, err := a.lessonArg(context.Background(), rest[:min(len(rest), 1)])
	if err != nil {
		return err
	}
	hints := l.Hints
	if len(hints) == 0 {
		return fmt.Errorf("lessons/%s/HINTS.md has no \"## Hint N: title\" section", l.Slug)
	}
	seen, err := a.readSeenHints()
	if err != nil {
		return err
	}
	var show []model.Hint
	switch {
	case *all:
		show = hints
	case number > 0:
		h, ok := l.Hint(number)
		if !ok {
			return usageError{fmt.Sprintf("lesson %s has no hint %d; its hints are 1 to %d", l.Slug, number, hints[len(hints)-1].Number)}
		}
		show = []model.Hint{h}
	default:
		for _, h := range hints {
			if !slices.Contains(seen[l.Slug], h.Number) {
				show = []model.Hint{h}
				break
			}
		}
		if show == nil {
			fmt.Fprintf(a.stdout, "You have seen all %d hints of lesson %s. `%s hint %s N` shows hint N again, `%s hint %s --all` shows them all.\n",
				len(hints), l.Slug, self, l.Slug, self, l.Slug)
			return nil
		}
	}
	s := a.style
	for i, h := range show {
		if i > 0 {
			fmt.Fprintln(a.stdout)
		}
		fmt.Fprintf(a.stdout, "%s\n\n%s\n", s.bold(fmt.Sprintf("Lesson %s, hint %d of %d: %s", l.Slug, h.Number, len(hints), h.Title)), h.Body)
		if !slices.Contains(seen[l.Slug], h.Number) {
			seen[l.Slug] = append(seen[l.Slug], h.Number)
		}
	}
	slices.Sort(seen[l.Slug])
	if err := a.writeSeenHints(seen); err != nil {
		return fmt.Errorf("cannot remember the hints shown: %v", err)
	}
	if !*all {
		for _, h := range hints {
			if !slices.Contains(seen[l.Slug], h.Number) {
				fmt.Fprintf(a.stdout, "\n%s\n", s.dim(fmt.Sprintf("(%d of %d hints seen; `%s hint %s` shows hint %d.)",
					len(seen[l.Slug]), len(hints), self, l.Slug, h.Number)))
				return nil
			}
		}
		fmt.Fprintf(a.stdout, "\n%s\n", s.dim(fmt.Sprintf("(That was the last hint you had not seen: %d of %d.)", len(hints), len(hints))))
	}
	return nil
}
