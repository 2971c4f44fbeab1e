#!/usr/bin/env bash
# How long the class report takes for a typical class, how much memory it
# needs, and whether it leaves anything running. Run from anywhere:
#
#	bash tools/report/report_bench.sh           # 30 checkouts
#	bash tools/report/report_bench.sh -small    # 6 checkouts, one of each kind
#
# It builds a class in a scratch folder from the reference solutions and
# the skeletons: 8 complete checkouts, 6 half done (the first three lessons),
# 4 untouched, and the rest broken (half of those do not compile, the other
# half hold a program of the wrong lesson). Then it builds the class
# report (tools/report), runs it over the class with -parallel left to its default
# (twice the machine's cores), and prints the time, the peak memory of the
# largest process (from /usr/bin/time -v, or /proc when there is no GNU
# time), the verdicts counted, and the number of processes left running
# from the class afterwards. The scratch folder is removed; the repository
# is not changed.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

complete=8 half=6 untouched=4 broken=12
if [ "${1:-}" = "-small" ]; then complete=2 half=1 untouched=1 broken=2; shift; fi
# Further arguments go to report, such as -timeout 10m on a busy machine.

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
class="$scratch/class"
mkdir -p "$class"

lessons=$(cd solutions && ls -d [0-9][0-9]-*)

# checkout NAME copies the workshop, without .git, as a learner's clone.
checkout() {
  mkdir -p "$class/$1"
  git ls-files -z | (cd "$root" && xargs -0 cp --parents -t "$class/$1")
}

# solve NAME LESSON... copies the reference programs (the lesson's
# program folders, not its tests or benchmarks) into the lessons, each
# file signed with the checkout's name: learners' programs differ from
# one another, so nothing compiled for one checkout may serve another.
solve() {
  local dir=$1
  shift
  for l in "$@"; do
    for prog in "solutions/$l"/*/; do
      cp -r "$prog" "$class/$dir/lessons/$l/"
    done
  done
  sign "$dir"
}

# sign NAME adds a comment naming the checkout to its programs' files
# that differ from the skeleton's, once.
sign() {
  local f
  for f in "$class/$1"/lessons/*/*/*.go; do
    cmp -s "$f" "${f#"$class/$1"/}" || grep -q '^// Written by learner' "$f" || printf '\n// Written by learner %s.\n' "$1" >>"$f"
  done
}

n=0
# next KIND sets d to the next checkout's name.
next() { n=$((n + 1)); d=$(printf '%02d-%s' "$n" "$1"); }

for _ in $(seq $complete); do next complete; checkout "$d"; solve "$d" $lessons; done
first3=$(echo "$lessons" | head -3)
for _ in $(seq $half); do next half; checkout "$d"; solve "$d" $first3; done
for _ in $(seq $untouched); do next untouched; checkout "$d"; done
for i in $(seq $broken); do
  next broken
  checkout "$d"
  solve "$d" $first3
  second=$(echo "$lessons" | sed -n 2p)
  if [ $((i % 2)) = 0 ]; then
    # Does not compile.
    printf 'package main\n\nfunc main() { undefined() }\n' >"$class/$d/lessons/$second/server/main.go"
  else
    # Compiles, but is another lesson's program.
    cp "solutions/01-time-server/server/main.go" "$class/$d/lessons/$second/server/main.go"
    sign "$d"
  fi
done

echo "class: $complete complete, $half half done, $untouched untouched, $broken broken ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
go build -o "$scratch/report" ./tools/report || exit 1
# The teacher's workshop is a copy too, so that edits made meanwhile do not
# disturb the report (which stops if the teacher's files change).
n=0 && next teacher && checkout "$d" && teacher="$class/$d" && mv "$teacher" "$scratch/teacher"
cd "$scratch/teacher"

start=$(date +%s.%N)
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v -o "$scratch/time" "$scratch/report" -json "$scratch/class.json" "$@" "$class"/* >"$scratch/out" 2>"$scratch/err"
  status=$?
  peak=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f MiB", $2 / 1024 }' "$scratch/time")
  cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.0fs (user %.0fs, system %.0fs)", u + s, u, s }' "$scratch/time")
else
  "$scratch/report" -json "$scratch/class.json" "$@" "$class"/* >"$scratch/out" 2>"$scratch/err" &
  pid=$!
  peak_kb=0
  while kill -0 $pid 2>/dev/null; do
    kb=$(awk '/VmHWM/ { print $2 }' /proc/$pid/status 2>/dev/null || echo 0)
    [ "${kb:-0}" -gt "$peak_kb" ] && peak_kb=$kb
    sleep 0.5
  done
  wait $pid
  status=$?
  peak="$((peak_kb / 1024)) MiB (the report's own process)"
  cpu="unknown (no /usr/bin/time)"
fi
end=$(date +%s.%N)

awk -v s="$start" -v e="$end" 'BEGIN { printf "report: %.1fs\n", e - s }'
echo "exit status: $status"
echo "peak memory: $peak"
echo "CPU time, all processes: $cpu"
grep -E '^(WARNING|note)' "$scratch/err"
echo "verdicts:"
grep -o '"outcome": "[a-z_]*"' "$scratch/class.json" | sort | uniq -c
leftover=$(ps -eo pid=,args= | grep -F -e "$scratch" -e workshop-report- | grep -v grep | wc -l)
echo "processes left running: $leftover"
if [ "$status" != 0 ]; then
  cat "$scratch/err" | tail -20
fi
