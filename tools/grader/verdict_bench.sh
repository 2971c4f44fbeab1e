#!/usr/bin/env bash
# How long a learner waits, after a save, for the verdict of
# "workshop check LESSON": with the reference solution, with each wrong
# solution of testdata/mutants, and beside "go build" of the lesson's
# programs (the floor). Run from anywhere:
#
#	bash tools/grader/verdict_bench.sh            # every lesson
#	bash tools/grader/verdict_bench.sh '0[12]'    # lessons matching a pattern
#
# It works in a scratch copy of the workshop (see TestVerdictTimes in
# verdict_bench_test.go) and prints one row per lesson: the medians of the
# floor, of the reference solution's verdict, of the mutants' verdicts and
# of those of the mutants that hang (their verdict comes from a wait that
# ran out), with the ratios. Run it on a quiet machine: it measures time.
set -euo pipefail
cd "$(dirname "$0")/../.."
WORKSHOP_VERDICT_BENCH=1 WORKSHOP_VERDICT_LESSONS="${1:-}" \
  go test -count=1 -timeout 60m -run '^TestVerdictTimes$' -v ./tools/grader/ |
  grep -v '^=== \|^--- \|^PASS$\|^ok '
