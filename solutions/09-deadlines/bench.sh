#!/usr/bin/env bash
# Measures lesson 09's graceful shutdown: the reference server gets N open
# connections (20 by default), each after one request, then SIGTERM; the
# script prints the time from the signal to the server's exit, over RUNS
# runs (5 by default), and checks that every connection was told BYE.
#
#   bash solutions/09-deadlines/bench.sh [N] [RUNS]
#
# Linux, macOS or Git Bash with bash 4 or newer (it uses /dev/tcp and
# a named pipe). It changes nothing in the repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
conns=${1:-20}
runs=${2:-5}
port=${PORT:-20990}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/server" ./solutions/09-deadlines/server

now_ms() { date +%s%3N; }
times=()

for run in $(seq "$runs"); do
	rm -f "$work/log"
	mkfifo "$work/log"
	"$work/server" -host 127.0.0.1 -port "$port" -idle 1m -grace 5s 2>"$work/log" &
	pid=$!
	exec {log}<"$work/log"
	# The server's own ready line says when it listens: no sleeping.
	read -r ready <&"$log"
	case $ready in Listening*) ;; *) echo "unexpected: $ready" >&2; exit 1 ;; esac

	fds=()
	for i in $(seq "$conns"); do
		exec {fd}<>"/dev/tcp/127.0.0.1/$port"
		printf 'SET k%d v\n' "$i" >&"$fd"
		read -r reply <&"$fd"   # OK: the server has this connection
		fds+=("$fd")
	done

	start=$(now_ms)
	kill -TERM "$pid"
	wait "$pid" || { echo "server exited with status $?" >&2; exit 1; }
	end=$(now_ms)
	times+=("$((end - start))")
	report=$(cat <&"$log")
	exec {log}<&-

	byes=0
	for fd in "${fds[@]}"; do
		if read -r -t 2 line <&"$fd" && [ "$line" = "BYE server shutting down" ]; then
			byes=$((byes + 1))
		fi
		exec {fd}<&-
	done
	printf 'run %d: %d connections, signal to exit %d ms, %d told BYE; %s\n' \
		"$run" "$conns" "$((end - start))" "$byes" "$(printf '%s' "$report" | tail -n 1)"
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
printf 'signal to exit over %d runs: min %d ms, median %d ms, max %d ms\n' "$runs" \
	"$(printf '%s\n' "$sorted" | head -n 1)" \
	"$(printf '%s\n' "$sorted" | sed -n "$(((runs + 1) / 2))p")" \
	"$(printf '%s\n' "$sorted" | tail -n 1)"
