package main

import (
	"fmt"
	"strconv"
	"strings"

	model "example.com/tcpworkshop/internal/lesson"
)

// A lesson is one lesson of the workshop, as the workshop's model reads it
// (see internal/lesson): its number, slug, title, part, summary, steps,
// hints and programs.
type lesson = model.Lesson

// findLessons reads the lessons under root/lessons, in order. Lessons are
// found by their folders, so a lesson that is still being written shows
// up as soon as its folder exists.
func findLessons(root string) ([]*lesson, error) {
	return model.Load(root)
}

// findLesson resolves a name given on the command line: the full slug,
// its number ("01" or "1") or its name ("time-server"), in any case.
func findLesson(lessons []*lesson, name string) (*lesson, error) {
	want := strings.ToLower(strings.TrimSpace(name))
	want = strings.TrimSuffix(strings.TrimPrefix(want, "lessons/"), "/")
	for _, l := range lessons {
		if want == l.Slug || want == l.Name {
			return l, nil
		}
		if n, err := strconv.Atoi(want); err == nil && n == l.Number {
			return l, nil
		}
	}
	msg := fmt.Sprintf("unknown lesson %q", name)
	if best := closestLesson(lessons, want); best != nil {
		msg += fmt.Sprintf("; did you mean %s?", best.Slug)
	} else if len(lessons) == 0 {
		msg += "; the workshop has no lessons/NN-name folders"
	}
	return nil, usageError{msg}
}

// closestLesson returns the lesson whose slug, name or number is nearest
// to want, preferring a lesson whose slug starts with it.
func closestLesson(lessons []*lesson, want string) *lesson {
	var best *lesson
	bestDist := 1 << 30
	for _, l := range lessons {
		if want != "" && (strings.HasPrefix(l.Slug, want) || strings.HasPrefix(l.Name, want)) {
			return l
		}
		for _, form := range []string{l.Slug, l.Name, fmt.Sprintf("%02d", l.Number)} {
			if d := editDistance(want, form); d < bestDist {
				best, bestDist = l, d
			}
		}
	}
	return best
}

// closestWord returns the word of words nearest to w.
func closestWord(words []string, w string) string {
	best, bestDist := "", 1<<30
	for _, cand := range words {
		d := editDistance(w, cand)
		// A word typed short or misspelt near its end ("solve" for
		// "solution") is close to the candidate's beginning.
		if prefix := cand[:min(len(cand), len(w))]; editDistance(w, prefix)+1 < d {
			d = editDistance(w, prefix) + 1
		}
		if strings.HasPrefix(cand, w) && w != "" {
			d = 0
		}
		if d < bestDist {
			best, bestDist = cand, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func programOrder(name string) string {
	if strings.HasPrefix(name, "server/") {
		return "0" + name
	}
	return "1" + name
}
