#!/usr/bin/env bash
# How long grading takes, as a learner and as CI see it. Run from anywhere:
#
#	bash tools/grader/bench.sh            # warm and cold runs
#	bash tools/grader/bench.sh -fresh     # also with an empty build cache (slow)
#
# It works on a scratch copy of the repository (without .git), so that
# edits made meanwhile do not disturb it, and measures:
#   1. the whole workshop: "go test ./..." in the fresh copy, then again,
#      the second time from the test cache;
#   2. one lesson, as a learner waits for it: lesson 01 with the reference
#      solution copied in, graded, then graded again after touching one of
#      its files, then again unchanged;
#   3. cold: "go clean -testcache", then "go test ./...": everything graded,
#      with the build cache kept;
#   4. a finished workshop (every reference solution copied into lessons/):
#      the size of what "go test -v" prints for the lessons, and how long
#      the workshop tool's progress takes, warm;
#   5. with -fresh: "go test ./..." with an empty GOCACHE, as on a fresh
#      machine (the modules must already be downloaded).
# It changes nothing in the repository; the scratch copy is removed. Note
# that step 3 empties the test cache of everything on this machine.
set -uo pipefail
cd "$(dirname "$0")/../.."

fresh=0
[ "${1:-}" = "-fresh" ] && fresh=1

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# seconds runs a command quietly and prints how long it took, and its exit
# status when that is not 0.
seconds() {
  local start end status
  start=$(date +%s.%N)
  "$@" >"$scratch/out" 2>&1
  status=$?
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%7.1fs", e - s }'
  if [ "$status" -ne 0 ]; then
    printf '  (exit status %d: %s)' "$status" "$(grep -E '^(FAIL|---)' "$scratch/out" | head -3 | tr '\n' ' ')"
  fi
  echo
}

echo "== grading times on $(nproc) cores, $(go version | cut -d' ' -f3)"

top=$(pwd)
repo="$scratch/repo"
mkdir -p "$repo"
tar --exclude=./.git -cf - . | tar -xf - -C "$repo"
cd "$repo"

# 1. The whole workshop.
printf '%-58s' "go test ./..., first run in a fresh copy:"
seconds go test ./...
printf '%-58s' "go test ./..., second run (warm, test cache):"
seconds go test ./...

# 2. One lesson, as a learner sees it.
cp solutions/01-time-server/server/main.go lessons/01-time-server/server/main.go
cp solutions/01-time-server/client/main.go lessons/01-time-server/client/main.go
printf '%-58s' "one lesson (01), graded after an edit:"
seconds go test ./lessons/01-time-server/
touch lessons/01-time-server/server/main.go
printf '%-58s' "one lesson (01), again after touching server/main.go:"
seconds go test ./lessons/01-time-server/
printf '%-58s' "one lesson (01), again, unchanged (test cache):"
seconds go test ./lessons/01-time-server/
# Back to the untouched skeleton, as in a fresh clone.
cp "$top/lessons/01-time-server/server/main.go" lessons/01-time-server/server/main.go
cp "$top/lessons/01-time-server/client/main.go" lessons/01-time-server/client/main.go

# 3. Cold test cache, warm build cache.
go clean -testcache
printf '%-58s' "go test ./... after go clean -testcache:"
seconds go test ./...

# 4. A finished workshop.
for lesson in solutions/*/; do
  for prog in "$lesson"*/; do
    cp -R "$prog". "lessons/$(basename "$lesson")/$(basename "$prog")/"
  done
done
go test ./lessons/... >/dev/null 2>&1
printf '%-58s' "finished workshop, go test -v ./lessons/... prints:"
go test -v ./lessons/... 2>&1 | wc -c | awk '{ printf "%7.2f MB\n", $1 / 1e6 }'
go run ./tools/workshop >/dev/null 2>&1
printf '%-58s' "finished workshop, progress (warm):"
seconds go run ./tools/workshop
go build -o "$scratch/workshop" ./tools/workshop
printf '%-58s' "finished workshop, progress (warm, tool prebuilt):"
seconds "$scratch/workshop"

# 5. Empty build cache.
if [ "$fresh" = 1 ]; then
  printf '%-58s' "go test ./... with an empty GOCACHE:"
  seconds env GOCACHE="$scratch/gocache" go test ./...
fi
