#!/usr/bin/env bash
# The benchmark: direct → fake upstream, nginx proxy_pass → upstream, Switchboard → upstream, side by side,
# non-stream and stream, at several connection counts; then N concurrent long streams through Switchboard.
# Everything runs on 127.0.0.1 and every run is bounded in time. Results print as a table and are appended
# to docs/performance.md.
#
#   bench/run.sh                      # full run (about 10 minutes)
#   bench/run.sh --quick              # 3 s per cell, connection counts 1 and 64, 1000 streams
#   DURATION=20 CONNS="16 256" STREAMS=5000 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

DURATION=${DURATION:-10}
CONNS=${CONNS:-"1 16 64 256"}
STREAMS=${STREAMS:-10000}
STREAM_SECONDS=${STREAM_SECONDS:-6}
if [ "${1:-}" = "--quick" ]; then DURATION=3; CONNS="1 64"; STREAMS=1000; fi
UP=19101; NG=19102; SB=19103; UP_SLOW=19104; SB_SLOW=19105
WORK="$ROOT/target/bench"
KEY="sk-bench-tenant-key-000001"

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -f target/switchboard.jar ] || mvn -B -q package -DskipTests
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
# the long-stream test speaks HTTP/2 upstream, so each stream holds one socket in the gateway (the client's) and
# the upstream side shares about one connection per 100 streams: stay under the open-file limit
FD_LIMIT=$(ulimit -n)
MAX_STREAMS=$(( FD_LIMIT - 1000 ))
if [ "$STREAMS" -gt "$MAX_STREAMS" ]; then
  echo "open-file limit $FD_LIMIT (hard limit $(ulimit -Hn)): running $MAX_STREAMS streams instead of $STREAMS"
  STREAMS=$MAX_STREAMS
fi

rm -rf "$WORK"; mkdir -p "$WORK"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT

wait_port() { # wait (at most 60 s) until http://127.0.0.1:$1$2 answers
  for _ in $(seq 1 120); do
    curl -s -o /dev/null "http://127.0.0.1:$1$2" && return 0
    sleep 0.5
  done
  echo "nothing answered on port $1" >&2; exit 1
}

fill() { sed -e "s|__UPSTREAM_PORT__|$1|g" -e "s|__NGINX_PORT__|$NG|g" -e "s|__SB_PORT__|$2|g" -e "s|__WORK__|$WORK|g" "$3"; }

java -cp target/switchboard.jar bench/FakeUpstream.java $UP 0 > "$WORK/upstream.log" 2>&1 & pids+=($!)
fill $UP $SB bench/nginx.conf > "$WORK/nginx.conf"
fill $UP $SB bench/switchboard.yaml > "$WORK/switchboard.yaml"
wait_port $UP /v1/models

echo "start to ready (three starts), idle memory (default JVM flags, as in the README) ..."
sleep 3 # the fake upstream's own JVM start (it compiles its source) is over before the clock starts
start_once() { # launches the gateway (IDLEPID); READY_MS: milliseconds until /readyz answered 200 (-1: not in 30 s)
  local start_ns
  READY_MS=-1
  start_ns=$(date +%s%N)
  java -jar target/switchboard.jar --config "$WORK/switchboard.yaml" > "$WORK/switchboard-idle.log" 2>&1 & IDLEPID=$!
  for _ in $(seq 1 3000); do
    if curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$SB/readyz" 2>/dev/null | grep -q 200; then
      READY_MS=$(( ($(date +%s%N) - start_ns) / 1000000 )); break
    fi
    sleep 0.01
  done
}
ready_runs=()
for run in 1 2 3; do
  start_once
  ready_runs+=("$READY_MS")
  if [ "$run" -lt 3 ]; then kill $IDLEPID; wait $IDLEPID 2>/dev/null || true; sleep 1; fi
done
curl -s -o /dev/null -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d '{"model":"bench","messages":[{"role":"user","content":"hi"}]}' "http://127.0.0.1:$SB/v1/chat/completions"
sleep 5
idle_rss=$(awk '/VmRSS/ {print $2}' /proc/$IDLEPID/status)
idle_threads=$(ls /proc/$IDLEPID/task | wc -l)
echo "${ready_runs[*]} $idle_rss $idle_threads" > "$WORK/startup.txt"
kill $IDLEPID; wait $IDLEPID 2>/dev/null || true
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf"
java -Xms512m -Xmx2g -jar target/switchboard.jar --config "$WORK/switchboard.yaml" > "$WORK/switchboard.log" 2>&1 & SBPID=$!; pids+=($SBPID)
wait_port $UP /v1/models; wait_port $NG /v1/models; wait_port $SB /healthz

run_wrk() { # target mode conns url key
  local threads=2; [ "$3" -lt 2 ] && threads=1
  BENCH_STREAM=$([ "$2" = stream ] && echo 1 || echo 0) BENCH_KEY="$5" \
    wrk -t$threads -c"$3" -d"${DURATION}s" --timeout 30s --latency -s bench/chat.lua "$4" > "$WORK/wrk-$1-$2-$3.txt" 2>&1 || true
}

echo "warm-up (JIT) ..."
BENCH_STREAM=0 BENCH_KEY=$KEY wrk -t2 -c16 -d5s -s bench/chat.lua "http://127.0.0.1:$SB/v1/chat/completions" >/dev/null 2>&1 || true
BENCH_STREAM=1 BENCH_KEY=$KEY wrk -t2 -c16 -d5s -s bench/chat.lua "http://127.0.0.1:$SB/v1/chat/completions" >/dev/null 2>&1 || true

for mode in plain stream; do
  for c in $CONNS; do
    echo "$mode, $c connections ..."
    run_wrk direct $mode "$c" "http://127.0.0.1:$UP/v1/chat/completions" ""
    run_wrk nginx $mode "$c" "http://127.0.0.1:$NG/v1/chat/completions" ""
    run_wrk switchboard $mode "$c" "http://127.0.0.1:$SB/v1/chat/completions" "$KEY"
  done
done
kill $SBPID 2>/dev/null; wait $SBPID 2>/dev/null || true

echo "$STREAMS concurrent streams of about ${STREAM_SECONDS} s each ..."
INTERVAL=$(( STREAM_SECONDS * 1000 / 22 ))
java -cp target/switchboard.jar bench/FakeUpstream.java $UP_SLOW $INTERVAL > "$WORK/upstream-slow.log" 2>&1 & pids+=($!)
fill $UP_SLOW $SB_SLOW bench/switchboard.yaml | sed -e 's/max_connections: 20000,/max_connections: 20000, http2: true,/' \
  > "$WORK/switchboard-slow.yaml"
java -Xms512m -Xmx2g -jar target/switchboard.jar --config "$WORK/switchboard-slow.yaml" > "$WORK/switchboard-slow.log" 2>&1 & SLOWPID=$!; pids+=($SLOWPID)
wait_port $UP_SLOW /v1/models; wait_port $SB_SLOW /healthz
# a first round at the same scale warms the JIT (a cold gateway adds about 2 s to each first stream)
BENCH_STREAM=1 BENCH_KEY=$KEY wrk -t2 -c"$STREAMS" -d"$(( STREAM_SECONDS + 2 ))s" --timeout 60s \
  -s bench/chat.lua "http://127.0.0.1:$SB_SLOW/v1/chat/completions" > /dev/null 2>&1 || true
sleep 2
BENCH_STREAM=1 BENCH_KEY=$KEY wrk -t2 -c"$STREAMS" -d"$(( STREAM_SECONDS * 2 + 2 ))s" --timeout 60s --latency \
  -s bench/chat.lua "http://127.0.0.1:$SB_SLOW/v1/chat/completions" > "$WORK/wrk-streams.txt" 2>&1 &
WRKPID=$!
start_threads=$(ls /proc/$SLOWPID/task | wc -l)
peak_rss=0; peak_threads=0; peak_heap=0; live_heap=0; started=$(date +%s)
while kill -0 $WRKPID 2>/dev/null; do
  if [ "$live_heap" = 0 ] && [ $(( $(date +%s) - started )) -ge $(( STREAM_SECONDS + 2 )) ]; then
    # once, with every stream open: the live set (a full collection, then the histogram's total)
    live_heap=$( (jmap -histo:live $SLOWPID 2>/dev/null || true) | awk '$1 == "Total" {print $3}')
    live_heap=${live_heap:-0}
  fi
  rss=$( (awk '/VmRSS/ {print $2}' /proc/$SLOWPID/status 2>/dev/null || true) | head -1)
  threads=$( (ls /proc/$SLOWPID/task 2>/dev/null || true) | wc -l)
  # heap in use from the JVM's own counters (jstat reads them from shared memory: no request to the busy gateway)
  heap=$( (jstat -gc $SLOWPID 2>/dev/null || true) | awk 'NR == 2 {printf "%d", ($3 + $4 + $6 + $8) * 1024}')
  [ "${rss:-0}" -gt "$peak_rss" ] && peak_rss=$rss
  [ "${threads:-0}" -gt "$peak_threads" ] && peak_threads=$threads
  [ "${heap:-0}" -gt "$peak_heap" ] && peak_heap=$heap
  sleep 1
done
echo "$STREAMS $peak_rss $peak_threads $peak_heap $FD_LIMIT $start_threads $live_heap" > "$WORK/streams-peak.txt"

python3 bench/report.py "$WORK" "$DURATION" "$CONNS" | tee "$WORK/report.md"
{ echo; cat "$WORK/report.md"; } >> docs/performance.md
echo "appended to docs/performance.md"
