#!/bin/bash
# Instructions per served /api/search request, from callgrind: a server answers
# N dev headlines (with facets) once, another server N twice; the difference over
# N is the warm cost of one request.
#   crates/server/bench/instructions.sh target/release/marsad STORE [N]
set -euo pipefail
bin=$1; data=$2; n=${3:-200}; port=${PORT:-8097}
queries=${QUERIES:-../shared/eval/known_item/dev.queries.tsv}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
for rounds in 1 2; do
  valgrind --tool=callgrind --callgrind-out-file="$out/cg.$rounds.out" "$bin" serve --data "$data" \
    --addr "127.0.0.1:$port" > "$out/cg.$rounds.log" 2>&1 &
  server=$!
  for _ in $(seq 60); do curl -s "localhost:$port/healthz" > /dev/null && break; sleep 1; done
  for _ in $(seq $rounds); do python3 "$here/drive.py" "$port" "$n" "$queries" > /dev/null; done
  kill -INT $server; wait $server || true
done
one=$(grep -o "Collected : [0-9]*" "$out/cg.1.log" | awk '{print $3}')
two=$(grep -o "Collected : [0-9]*" "$out/cg.2.log" | awk '{print $3}')
echo "$(( (two - one) / n )) instructions per request (profiles in $out)"
