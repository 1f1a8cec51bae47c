#!/bin/bash
# Alternating wrk runs of two (or more) marsad binaries, each on a fresh server
# over the same store: requests/s, p99 and server CPU per request.
#   crates/server/bench/ab.sh STORE ROUNDS SECONDS BIN_A BIN_B [BIN ...]
set -euo pipefail
data=$1; rounds=$2; secs=$3; shift 3
port=${PORT:-8111}
queries=${QUERIES:-../shared/eval/known_item/dev.queries.tsv}
lua="$(cd "$(dirname "$0")" && pwd)/search.lua"
for r in $(seq "$rounds"); do
  for bin in "$@"; do
    "$bin" serve --data "$data" --addr "127.0.0.1:$port" > /dev/null 2>&1 &
    server=$!
    for _ in $(seq 60); do curl -s "localhost:$port/healthz" > /dev/null && break; sleep 0.5; done
    QUERIES=$queries wrk -t2 -c64 -d5s -s "$lua" "http://127.0.0.1:$port" > /dev/null   # warm-up
    before=$(awk '{print $14 + $15}' /proc/$server/stat)
    result=$(QUERIES=$queries wrk -t2 -c64 -d"${secs}s" --latency -s "$lua" "http://127.0.0.1:$port")
    after=$(awk '{print $14 + $15}' /proc/$server/stat)
    n=$(echo "$result" | awk '/requests in/ {print $1}')
    rps=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$result" | awk '$1 == "99%" {print $2}')
    errors=$(echo "$result" | grep -E "Non-2xx|Socket errors" || true)
    cpu=$(echo "scale=2; ($after - $before) * 1000 / $(getconf CLK_TCK) / $n" | bc)
    echo "round $r $bin: $rps requests/s, p99 $p99, server CPU $cpu ms per request ${errors:+($errors)}"
    kill -INT $server; wait $server || true
  done
done
