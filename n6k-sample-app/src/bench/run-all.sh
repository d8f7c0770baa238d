#!/usr/bin/env bash
# Every benchmark of issue 10 in one run, this project and the reference server side by side,
# ending with the issue's table. Hand-run, never part of `mvn verify`. From the repository root:
#
#   bash n6k-sample-app/src/bench/run-all.sh
#
# It builds the sample app's test classes (offline Maven), resolves the Arrow Flight classpath of
# src/bench/pom.xml, then, one server at a time so they never share the two cores:
#   1. this project: the sample app with a shared in-memory catalog `db` on $PORT (the reference's
#      fixture, protocol §9.3, plus the bulk table `main.bulk` and `main.drops`): small requests, 1,000 busy
#      sockets, bulk read to the Java client, the real client (bench.mjs), dropped streams;
#   2. Arrow Flight DoGet from a separate JVM, and DuckDB's in-process Arrow export, same table;
#   3. the reference (`refserver.mjs --catalogs db` on $REF_PORT): small requests, busy sockets,
#      bench.mjs, and (REF_DROPS=1) dropped streams last, since it may crash.
# Results: one JSON line per measurement in $OUT/results.jsonl, the table in $OUT/table.md.
#
# Sizes (environment): ROWS (bulk table, 10000000), RUNS (bulk reads after a warm-up, 3),
# SMALL_SECONDS (15), SOCKETS (8), BUSY_SOCKETS (1000), BUSY_SECONDS (60, after BUSY_WARMUP=10 s), DROPS ("1000,2500"),
# DROP_WARMUP (50), MJS_ROWS (bench.mjs rows, 5000000), FRAMES (1: also time the frame-API client),
# REF (1: run the reference), REF_DROPS (1), SKIP_BUILD (0). Defaults: about 9 minutes estimated on an idle
# 2-core machine (25 at load average 20); every step has a time limit and a late step still reports.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
APP=$ROOT/n6k-sample-app
BENCH=$APP/src/bench
REFTOOLS=${REFTOOLS:-/work/shared/tools/n6k-reference}
CLIENT_EXT=${CLIENT_EXT:-/tmp/n6k-build/extension/n6k_client/n6k_client.duckdb_extension}
NODEHOST=${NODEHOST:-/tmp/n6k-deps/nodehost/node_modules}
PORT=${PORT:-8099}
REF_PORT=${REF_PORT:-18100}
FLIGHT_PORT=${FLIGHT_PORT:-18200}
ROWS=${ROWS:-10000000}
RUNS=${RUNS:-3}
SMALL_SECONDS=${SMALL_SECONDS:-15}
SOCKETS=${SOCKETS:-8}
BUSY_SOCKETS=${BUSY_SOCKETS:-1000}
BUSY_SECONDS=${BUSY_SECONDS:-60}
BUSY_WARMUP=${BUSY_WARMUP:-10}
DROPS=${DROPS:-1000,2500}
DROP_WARMUP=${DROP_WARMUP:-50}
MJS_ROWS=${MJS_ROWS:-5000000}
FRAMES=${FRAMES:-1}
REF=${REF:-1}
REF_DROPS=${REF_DROPS:-1}
SKIP_BUILD=${SKIP_BUILD:-0}
OUT=${OUT:-/tmp/n6k-bench-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
RESULTS=$OUT/results.jsonl
: > "$RESULTS"
JAVA_FLAGS=(--add-opens=java.base/java.nio=ALL-UNNAMED -XX:+UseParallelGC)
STARTED=$(date +%s)
PIDS=()

log() { printf '[bench %4ds] %s\n' "$(( $(date +%s) - STARTED ))" "$*" >&2; }
cleanup() {
	for pid in "${PIDS[@]:-}"; do
		[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	done
}
trap cleanup EXIT
wait_port() { # port seconds
	local deadline=$(( $(date +%s) + $2 ))
	until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
		[ "$(date +%s)" -ge "$deadline" ] && return 1
		sleep 0.3
	done
}
stop() { # pid
	kill "$1" 2>/dev/null || true
	for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done
	kill -9 "$1" 2>/dev/null || true
}
# run NAME TIMEOUT_SECONDS java-args... : a benchmark JVM; its RESULT lines go to results.jsonl
run() {
	local name=$1 limit=$2
	shift 2
	log "$name"
	if ! timeout --signal=KILL "$limit" java "${JAVA_FLAGS[@]}" "$@" > "$OUT/$name.log" 2>&1; then
		log "$name: failed or timed out (see $OUT/$name.log)"
		echo "{\"bench\":\"$name\",\"failed\":true}" >> "$RESULTS"
	fi
	grep '^RESULT ' "$OUT/$name.log" | sed 's/^RESULT //' >> "$RESULTS" || true
	grep -v '^RESULT ' "$OUT/$name.log" | grep -E '^(bulk|busy|drops)' >&2 || true
}
# mjs TARGET PORT : bench.mjs through the real client
mjs() {
	log "bench.mjs $1 ($MJS_ROWS rows)"
	if LD_PRELOAD=$NODEHOST/@duckdb/node-bindings-linux-x64/libduckdb.so NODE_PATH=$NODEHOST \
		timeout --signal=KILL 300 node "$REFTOOLS/bench.mjs" "$CLIENT_EXT" "$2" "$MJS_ROWS" db > "$OUT/mjs-$1.log" 2>&1; then
		:
	else
		log "bench.mjs $1 failed (see $OUT/mjs-$1.log)"
	fi
	grep '^{' "$OUT/mjs-$1.log" | sed "s/^{/{\"bench\":\"mjs\",\"target\":\"$1\",/" >> "$RESULTS" || true
}

# ------------------------------------------------------------------ build
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" -ge $(( BUSY_SOCKETS * 2 + 200 )) ] || log "warning: ulimit -n $(ulimit -n) is low for $BUSY_SOCKETS sockets"
cd "$ROOT"
if [ "$SKIP_BUILD" != 1 ] || [ ! -s "$OUT/app.cp" ]; then
	log "build (mvn -o test-compile, classpaths)"
	mvn -B -ntp -o -q -pl n6k-sample-app -am test-compile dependency:build-classpath \
		-Dmdep.outputFile="$OUT/app.cp" -Dmdep.includeScope=test > "$OUT/build.log" 2>&1
	mvn -B -ntp -q -o -f "$BENCH/pom.xml" dependency:build-classpath -Dmdep.outputFile="$OUT/flight.cp" \
		>> "$OUT/build.log" 2>&1 \
		|| mvn -B -ntp -q -f "$BENCH/pom.xml" dependency:build-classpath -Dmdep.outputFile="$OUT/flight.cp" \
			>> "$OUT/build.log" 2>&1
fi
CP=$APP/target/test-classes:$APP/target/classes:$(cat "$OUT/app.cp")
mkdir -p "$OUT/bench-classes"
javac -nowarn -d "$OUT/bench-classes" -cp "$CP:$(cat "$OUT/flight.cp")" "$BENCH"/java/io/n6k/sample/bench/*.java
# Flight's classes after the app's, so that both sides use the project's Arrow and DuckDB versions
FLIGHT_CP=$OUT/bench-classes:$CP:$(cat "$OUT/flight.cp")
sed -e "s/@CATALOG@/db/g" -e "s/@ROWS@/$ROWS/g" "$BENCH/bench-data.sql" > "$OUT/db.sql"
sed -e "s/@CATALOG@/memory/g" -e "s/@ROWS@/$ROWS/g" "$BENCH/bench-data.sql" > "$OUT/memory.sql"
# the dropped streams' table, which the reference gets over the protocol
sed -n '/main.drops/p' "$BENCH/bench-data.sql" | sed -e "s/@CATALOG@/db/g" > "$OUT/ref-drops.sql"

# ------------------------------------------------------------------ 1. this project
log "start the sample app on :$PORT (shared catalog db, $ROWS bulk rows)"
# the deployment docs/performance.md recommends for many short-lived streams: a pre-touched heap,
# two glibc arenas, no cached NIO buffers above 256 KB, DuckDB's allocator purging in the background
MALLOC_ARENA_MAX=2 java "${JAVA_FLAGS[@]}" -Xms2g -Xmx2g -XX:+AlwaysPreTouch -Djdk.nio.maxCachedBufferSize=262144 \
	-cp "$CP" io.n6k.sample.SampleApplication \
	--server.port="$PORT" --n6k.auth.required=false \
	--spring.datasource.hikari.data-source-properties.allocator_background_threads=true \
	--n6k.catalogs.db.path=:memory: --n6k.catalogs.db.access=all \
	--n6k.duckdb.init-sql[0]=classpath:shop.sql --n6k.duckdb.init-sql[1]="file:$OUT/db.sql" \
	--n6k.websocket.max-binary-message-size=1GB --logging.level.io.n6k.requests=INFO \
	> "$OUT/server.log" 2>&1 &
OURS=$!
PIDS+=("$OURS")
wait_port "$PORT" 180 || { log "the sample app did not start (see $OUT/server.log)"; exit 1; }
URL="ws://127.0.0.1:$PORT/ws?catalog=db"
BENCH_CLASS=io.n6k.sample.bench
run small-ours 120 -cp "$CP" $BENCH_CLASS.SmallRequestBenchmark --url="$URL" --pid="$OURS" \
	--sockets="$SOCKETS" --seconds="$SMALL_SECONDS" --target=ours
run busy-ours $(( BUSY_SECONDS + 120 )) -Xss512k -cp "$CP" $BENCH_CLASS.BusySocketsBenchmark --url="$URL" \
	--pid="$OURS" --sockets="$BUSY_SOCKETS" --seconds="$BUSY_SECONDS" --warmup="$BUSY_WARMUP" --target=ours \
	--trace="$OUT/busy-ours.csv"
run bulk-stream 300 -Xmx2g -cp "$CP" $BENCH_CLASS.BulkReadBenchmark --mode=stream --url="$URL" --pid="$OURS" --runs="$RUNS"
if [ "$FRAMES" = 1 ]; then
	run bulk-frames 300 -Xmx2g -cp "$CP" $BENCH_CLASS.BulkReadBenchmark --mode=frames --url="$URL" --pid="$OURS" --runs="$RUNS"
fi
mjs ours "$PORT"
run drops-ours 600 -cp "$CP" $BENCH_CLASS.StreamDropBenchmark --url="$URL" --pid="$OURS" --table=drops \
	--warmup="$DROP_WARMUP" --counts="$DROPS" --target=ours
stop "$OURS"

# ------------------------------------------------------------------ 2. Arrow Flight and in-process export
log "start the Flight server on :$FLIGHT_PORT"
java "${JAVA_FLAGS[@]}" -Xmx2g -cp "$FLIGHT_CP" $BENCH_CLASS.FlightBenchServer --port="$FLIGHT_PORT" \
	--sql="$OUT/memory.sql" > "$OUT/flight-server.log" 2>&1 &
FLIGHT=$!
PIDS+=("$FLIGHT")
if wait_port "$FLIGHT_PORT" 180; then
	run bulk-flight 300 -Xmx2g -cp "$FLIGHT_CP" $BENCH_CLASS.FlightBenchClient --port="$FLIGHT_PORT" --pid="$FLIGHT" --runs="$RUNS"
else
	log "the Flight server did not start (see $OUT/flight-server.log)"
fi
stop "$FLIGHT"
run bulk-inprocess 300 -Xmx2g -cp "$CP" $BENCH_CLASS.BulkReadBenchmark --mode=inprocess --sql="$OUT/memory.sql" --runs="$RUNS"

# ------------------------------------------------------------------ 3. the reference
if [ "$REF" = 1 ]; then
	log "start the reference server on :$REF_PORT"
	node "$REFTOOLS/refserver.mjs" --port "$REF_PORT" --catalogs db > "$OUT/refserver.log" 2>&1 &
	REFWRAP=$!
	PIDS+=("$REFWRAP")
	REFPID=
	for _ in $(seq 100); do
		REFPID=$(sed -n 's/.*ready pid=\([0-9]*\).*/\1/p' "$OUT/refserver.log" | head -1)
		[ -n "$REFPID" ] && break
		sleep 0.3
	done
	if [ -z "$REFPID" ]; then
		log "the reference did not start (see $OUT/refserver.log)"
	else
		RURL="ws://127.0.0.1:$REF_PORT/ws?catalog=db"
		run small-ref 120 -cp "$CP" $BENCH_CLASS.SmallRequestBenchmark --url="$RURL" --pid="$REFPID" \
			--sockets="$SOCKETS" --seconds="$SMALL_SECONDS" --target=reference
		run busy-ref $(( BUSY_SECONDS + 120 )) -Xss512k -cp "$CP" $BENCH_CLASS.BusySocketsBenchmark --url="$RURL" \
			--pid="$REFPID" --sockets="$BUSY_SOCKETS" --seconds="$BUSY_SECONDS" --warmup="$BUSY_WARMUP" --connect-seconds=20 \
			--target=reference --trace="$OUT/busy-ref.csv"
		kill -0 "$REFPID" 2>/dev/null && mjs reference "$REF_PORT"
		if [ "$REF_DROPS" = 1 ] && kill -0 "$REFPID" 2>/dev/null; then
			run drops-ref 300 -cp "$CP" $BENCH_CLASS.StreamDropBenchmark --url="$RURL" --pid="$REFPID" \
				--setup-sql="$OUT/ref-drops.sql" --table=drops --warmup="$DROP_WARMUP" --counts="$DROPS" --target=reference
		fi
	fi
	stop "$REFWRAP"
fi

# ------------------------------------------------------------------ the table
log "done in $(( $(date +%s) - STARTED )) s; results in $RESULTS"
node "$BENCH/table.mjs" "$RESULTS" | tee "$OUT/table.md"
