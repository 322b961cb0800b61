#!/usr/bin/env bash
# Where the product's time goes at 10,000 deliveries/s (scenario a): a latency and CPU budget.
#
#   bench/budget.sh            # after bench/run.sh has built the load generator and the product
#
# Starts the product as bench/run.sh does (H2 file, limits raised), runs (a) once to warm it up, then
# records a second (a) with JFR (settings=profile, started and stopped with jcmd around that phase only)
# and reads the product's own history-write timer and frames-per-write summary from
# /actuator/prometheus before and after it. bench/jfr_budget.py turns the recording into CPU per stage
# (commit, encode, queue and hand-offs, socket write, ...) and GC pauses. Writes everything to
# bench/results/work-budget-<timestamp>/ and the summary to stdout. PRODUCT_JAR=<jar> measures another build.
# Both JVMs log their GC pauses and safepoints with wall-clock times, and the load generator notes every
# delivery of the measured run at least SLOW_MS late (default 0: all of them); bench/slow_lineup.py then
# says, for each message that was late as a whole, whether the product or the generator was paused.
# NO_JFR=1 leaves JFR out (it costs the product some CPU of its own).
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
TS=$(date -u +%Y%m%dT%H%M%SZ)
WORK="$BENCH/results/work-budget-$TS"
mkdir -p "$WORK"
LOADGEN=${LOADGEN:-$BENCH/loadgen/target/loadgen.jar}
PRODUCT_JAR=${PRODUCT_JAR:-$(ls /tmp/bench-build/target/lanchat-*.jar 2>/dev/null | grep -v original | head -1 || true)}
[ -f "$LOADGEN" ] && [ -n "$PRODUCT_JAR" ] || { echo "build first: bench/run.sh builds both jars" >&2; exit 1; }

# PRODUCT_JVM=<flags> replaces the JVM flags bench/run.sh gives servers (a collector, a heap size);
# PRODUCT_JVM= (empty) runs with the JVM's defaults
PRODUCT_JVM=${PRODUCT_JVM--XX:+UseG1GC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
data=$(mktemp -d /tmp/lanchat-bench-data.XXXXXX)
java $PRODUCT_JVM -Xlog:gc*,safepoint:file="$WORK/gc.log":time,uptime -jar "$PRODUCT_JAR" --server.port="$port" \
    --server.address=127.0.0.1 --server.tomcat.max-connections=20000 --server.tomcat.accept-count=1000 \
    --lanchat.data-dir="$data" --lanchat.limits.rate-per-second=1000000 --lanchat.limits.burst=1000000 \
    --lanchat.limits.connections-per-address=100000 --lanchat.limits.max-connections=100000 \
    --lanchat.limits.connects-per-minute=10000000 --lanchat.limits.handshakes-per-minute=100000000 \
    --lanchat.limits.sockets-per-address=1000000 --lanchat.tcp.port=0 \
    --management.endpoints.web.exposure.include=health,prometheus > "$WORK/product.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done

# each run under names of its own: the first run's names are taken (identities stay in the database)
# as bench/run.sh gives the load generator
LOADGEN_JVM=${LOADGEN_JVM:--Xms3g -Xmx3g -Xmn1536m}
fanout() { timeout 300 java $LOADGEN_JVM -Xlog:gc*,safepoint:file="$WORK/gen-$1.gc.log":time,uptime -jar "$LOADGEN" \
    --system product --label "lanchat (H2)" --kind stomp --port "$port" --pid "$pid" --scenarios fanout \
    --name-prefix "$1-" --out "$WORK/$1.json" --slow-log "$WORK/$1.slow" --slow-ms "${SLOW_MS:-0}" > "$WORK/$1.log" 2>&1; }
metrics() { curl -s "http://127.0.0.1:$port/actuator/prometheus" | grep -E '^lanchat_(history_write|websocket_frames_per_write)' > "$WORK/$1.prom" || true; }

echo "JVM flags: ${PRODUCT_JVM:-none, the JVM defaults}" | tee "$WORK/load.txt"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$WORK/load.txt"
fanout warmup
metrics before
[ -n "${NO_JFR:-}" ] || jcmd "$pid" JFR.start name=budget settings=profile > /dev/null
fanout measured
[ -n "${NO_JFR:-}" ] || jcmd "$pid" JFR.stop name=budget filename="$WORK/budget.jfr" > /dev/null
metrics after
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$WORK/load.txt"
grep -- '->' "$WORK/measured.log" || true
[ -n "${NO_JFR:-}" ] || python3 "$BENCH/jfr_budget.py" "$WORK/budget.jfr" "$WORK/before.prom" "$WORK/after.prom" \
    "$WORK/measured.json" | tee "$WORK/budget.txt"
python3 "$BENCH/slow_lineup.py" "$WORK" | tee "$WORK/slow-lineup.txt"
