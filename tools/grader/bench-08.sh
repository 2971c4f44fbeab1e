#!/usr/bin/env bash
# Lesson 08 under load: many clients at once against the reference
# key-value server. Run from anywhere:
#
#	bash tools/grader/bench-08.sh                 # 20 clients, 1,000 requests each
#	bash tools/grader/bench-08.sh -race 20 1000   # the programs built with -race
#
# It builds the reference server and client, starts the server on
# 127.0.0.1 (port $PORT, 10008 by default) and waits for its ready line.
# Then it runs CLIENTS copies of the lesson's client at once, each sending
# REQUESTS requests (SET and GET in turn, on keys of its own, then QUIT),
# and prints how long they took together, with the requests per second. It
# checks that every client got every reply. The client waits for each
# reply before it sends the next request, so this measures round trips,
# not pipelining.
set -euo pipefail
cd "$(dirname "$0")/../.."

race=""
if [ "${1:-}" = "-race" ]; then
  race="-race"
  shift
fi
clients=${1:-20}
requests=${2:-1000}
port=${PORT:-10008}

dir=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT

go build $race -o "$dir/server" ./solutions/08-line-protocol/server
go build $race -o "$dir/client" ./solutions/08-line-protocol/client

# Each client's requests: SET and GET in turn, then QUIT.
for c in $(seq "$clients"); do
  awk -v c="$c" -v n="$requests" 'BEGIN {
    for (i = 1; i <= n; i++) {
      if (i % 2) printf "SET key-%d-%d value %d\n", c, i, i
      else printf "GET key-%d-%d\n", c, i - 1
    }
    print "QUIT"
  }' >"$dir/in-$c"
done

# Start the server and wait for its ready line, read from a pipe.
mkfifo "$dir/log"
"$dir/server" -host 127.0.0.1 -port "$port" 2>"$dir/log" &
server=$!
exec 3<"$dir/log"
if ! read -r -t 10 -u 3 ready || [[ $ready != "starting up on "* ]]; then
  echo "bench-08: the server did not start on port $port: ${ready:-no ready line}" >&2
  exit 1
fi
# Keep reading its log, so that it never blocks on a full pipe.
cat <&3 >/dev/null &

start=$(date +%s.%N)
pids=()
for c in $(seq "$clients"); do
  "$dir/client" -host 127.0.0.1 -port "$port" <"$dir/in-$c" >"$dir/out-$c" &
  pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do
  wait "$pid" || failed=$((failed + 1))
done
end=$(date +%s.%N)

want=$((requests + 1))
for c in $(seq "$clients"); do
  got=$(wc -l <"$dir/out-$c")
  if [ "$got" -ne "$want" ] || grep -qv '^\(OK\|VALUE value [0-9]*\|BYE\)$' "$dir/out-$c"; then
    echo "bench-08: client $c got $got replies, not $want, or a wrong one" >&2
    failed=$((failed + 1))
  fi
done

awk -v s="$start" -v e="$end" -v c="$clients" -v n="$requests" -v r="${race:-no race detector}" 'BEGIN {
  t = e - s
  printf "%d clients x %d requests (%s): %.2fs, %.0f requests/s\n", c, n, r, t, c * n / t
}'
[ "$failed" -eq 0 ] || { echo "bench-08: $failed clients failed" >&2; exit 1; }
