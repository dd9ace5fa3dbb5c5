#!/usr/bin/env bash
# Benchmarks/e2e/run.sh — hazmon end to end through a real Mosquitto on loopback (SPEC §11).
#
# One command reproduces the whole table of Benchmarks/e2e/README.md and prints it:
#   Benchmarks/e2e/run.sh
# For every case (QoS 0/1 × single samples / 50-point batches) and repetition it runs the bare C
# subscriber (the ceiling) and hazmon against the same workload, each with a fresh broker; then the
# publish→event latency of hazmon at a paced 20 k msg/s. Raw lines go to $WORK/raw.txt, the table
# to stdout and to Benchmarks/e2e/results/latest.md (raw lines next to it).
#
# Knobs (environment): REPS=5 SINGLES=500000 BATCHES=100000 BATCH=50 WINDOW=1000 SPIKE_EVERY=1000
#   LAT_RATE=20000 LAT_SECONDS=30 LAT_SPIKE_EVERY=100 LAT_QOS="1 0"
#   CASES="0:single 0:batch 1:single 1:batch 0:batch-quiet 1:batch-quiet"
#   MAX_LOAD=1.5 LOAD_WAIT=1200 (wait up to LOAD_WAIT s for the 1-min load average to fall below MAX_LOAD;
#   MAX_LOAD=0 does not wait) NO_BUILD=1 (use the existing .build/release/hazmon) WORK=/tmp/hazmon-e2e
#   CEILING_ARGS="--receive-max 1000" (extra flags for bench_ceiling, for experiments)
#   RESULTS=Benchmarks/e2e/results (where latest.md goes; RESULTS= keeps the committed results untouched)
#   PERF=1 (afterwards, two more runs of hazmon, QoS 1 singles and QoS 0 batches, under `perf record -e cpu-clock
#   -g`, into $WORK/perf-qos*-*.data, top symbols and threads in $WORK/perf-qos*-*.txt; not in the table)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${WORK:-/tmp/hazmon-e2e}
RESULTS=${RESULTS-$HERE/results}
REPS=${REPS:-5}
SINGLES=${SINGLES:-500000}
BATCHES=${BATCHES:-100000}
BATCH=${BATCH:-50}
WINDOW=${WINDOW:-1000}
SPIKE_EVERY=${SPIKE_EVERY:-1000}
LAT_RATE=${LAT_RATE:-20000}
LAT_SECONDS=${LAT_SECONDS:-30}
LAT_SPIKE_EVERY=${LAT_SPIKE_EVERY:-100}
LAT_QOS=${LAT_QOS:-"1 0"}
# QOS:SHAPE; a "-quiet" shape is the same workload with no limit crossings (SPIKE_EVERY=0): ingest alone
CASES=${CASES:-"0:single 0:batch 1:single 1:batch 0:batch-quiet 1:batch-quiet"}
MAX_LOAD=${MAX_LOAD:-1.5}
LOAD_WAIT=${LOAD_WAIT:-1200}
HAZMON=$ROOT/.build/release/hazmon
BIN=$WORK/bin
RAW=$WORK/raw.txt

log() { printf '[e2e %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

mkdir -p "$WORK" "$BIN" "$WORK/logs"
: >"$RAW"
: >"$WORK/logs/mosquitto.log"

# ---- build ---------------------------------------------------------------------------------------
if [[ -z ${NO_BUILD:-} ]]; then
    for attempt in 1 2 3 4 5; do
        log "swift build -c release --product hazmon (attempt $attempt)"
        if (cd "$ROOT" && swift build -c release --product hazmon >"$WORK/logs/build.log" 2>&1); then break; fi
        if [[ $attempt == 5 ]]; then tail -30 "$WORK/logs/build.log" >&2; exit 1; fi
        log "build failed (others may be mid-edit); retrying in 60 s"
        sleep 60
    done
fi
[[ -x $HAZMON ]] || { echo "no $HAZMON: build it or unset NO_BUILD" >&2; exit 1; }
# What was measured: the commit, and how many files under Sources/ differed from it when the binary was built
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?")
SRC_CHANGED=$(git -C "$ROOT" status --porcelain -- Sources Package.swift 2>/dev/null | wc -l)
gcc -O2 -Wall -Wextra -o "$BIN/bench_load" "$HERE/bench_load.c" -lmosquitto -lm
gcc -O2 -Wall -Wextra -o "$BIN/bench_ceiling" "$HERE/bench_ceiling.c" -lmosquitto

# ---- catalog -------------------------------------------------------------------------------------
python3 "$HERE/gen_catalog.py" "$WORK"
"$HAZMON" check --sensors "$WORK/sensors" --config "$ROOT/Config/hazmon.yaml" >&2

# ---- helpers -------------------------------------------------------------------------------------
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

BROKER_PID='' SUB_PID='' PERF_PID='' PORT=''
cleanup() {
    if [[ -n $SUB_PID ]]; then kill -TERM "$SUB_PID" 2>/dev/null || true; fi
    if [[ -n $BROKER_PID ]]; then kill -TERM "$BROKER_PID" 2>/dev/null || true; fi
    wait 2>/dev/null || true
}
trap cleanup EXIT

start_broker() {  # a fresh broker per measurement: no session, retained message or queue carried over
    PORT=$(free_port)
    cat >"$WORK/mosquitto.conf" <<EOF
listener $PORT 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages 0
max_inflight_messages 1000
sys_interval 1
set_tcp_nodelay true
log_dest stderr
log_type error
log_type warning
log_type notice
EOF
    mosquitto -c "$WORK/mosquitto.conf" 2>>"$WORK/logs/mosquitto.log" &
    BROKER_PID=$!
    for _ in $(seq 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then return 0; fi
        sleep 0.05
    done
    echo "mosquitto did not start on port $PORT" >&2
    exit 1
}

stop_broker() {
    kill -TERM "$BROKER_PID"
    wait "$BROKER_PID" 2>/dev/null || true
    BROKER_PID=''
}

dropped_counter() {  # $SYS is refreshed every sys_interval (1 s): wait for a fresh value
    sleep 1.5
    mosquitto_sub -p "$PORT" -t '$SYS/broker/publish/messages/dropped' -C 1 -W 5 2>/dev/null || echo "?"
}

wait_for_quiet_machine() {
    [[ $MAX_LOAD == 0 ]] && return 0
    local waited=0 load
    while :; do
        load=$(cut -d' ' -f1 /proc/loadavg)
        if awk -v l="$load" -v m="$MAX_LOAD" 'BEGIN { exit !(l < m) }'; then return 0; fi
        if ((waited >= LOAD_WAIT)); then
            log "load $load still >= $MAX_LOAD after ${waited}s: measuring anyway"
            return 0
        fi
        log "load average $load >= $MAX_LOAD: waiting (${waited}/${LOAD_WAIT}s)"
        sleep 30
        waited=$((waited + 30))
    done
}

start_subscriber() {  # start_subscriber SIDE QOS SHAPE ID LOG: sets SUB_PID (and PERF_PID)
    local side=$1 qos=$2 shape=$3 id=$4 sublog=$5
    PERF_PID=''
    if [[ $side == ceiling ]]; then
        # shellcheck disable=SC2086 # CEILING_ARGS is a list of flags
        "$BIN/bench_ceiling" --port "$PORT" --qos "$qos" --client-id "ceiling-$id" ${CEILING_ARGS:-} 2>"$sublog" &
        SUB_PID=$!
        return
    fi
    # Each run journals into a fresh SQLite file (the store is part of what is measured); no HTTP.
    rm -f "$WORK/hazmon-bench.db" "$WORK/hazmon-bench.db-wal" "$WORK/hazmon-bench.db-shm"
    local cmd=("$HAZMON" run --sensors "$WORK/sensors" --config "$ROOT/Config/hazmon.yaml"
        --broker "mqtt://127.0.0.1:$PORT" --client-id "hazmon-$id" --instance bench --qos "$qos"
        --db "$WORK/hazmon-bench.db" --http none)
    if [[ $shape != profile ]]; then
        "${cmd[@]}" 2>"$sublog" &
        SUB_PID=$!
        return
    fi
    # perf cannot attach to a running process on this VM (it records no samples): start hazmon
    # under it, and skip the catalog load (-D, ms)
    perf record -e cpu-clock -F 1999 -g -D 2000 -o "$WORK/perf.data" -- "${cmd[@]}" 2>"$sublog" &
    PERF_PID=$!
    SUB_PID=''
    for _ in $(seq 100); do
        SUB_PID=$(pgrep -P "$PERF_PID" || true)
        [[ -n $SUB_PID ]] && return
        sleep 0.05
    done
    echo "hazmon did not start under perf" >&2
    exit 1
}

RUN_NO=0
# run_one SIDE QOS SHAPE [bench_load args...]: one measurement; appends one line to $RAW
run_one() {
    local side=$1 qos=$2 shape=$3
    shift 3
    RUN_NO=$((RUN_NO + 1))
    local id="r$RUN_NO" sublog="$WORK/logs/$side-$RUN_NO.log"
    start_broker
    start_subscriber "$side" "$qos" "$shape" "$id" "$sublog"
    local load line consumed dropped
    load=$(cut -d' ' -f1 /proc/loadavg)
    line=$("$BIN/bench_load" --port "$PORT" --manifest "$WORK/manifest.tsv" --qos "$qos" --ack "$side" \
        --client-id "load-$id" --window "$WINDOW" --pids "broker:$BROKER_PID,sub:$SUB_PID" "$@")
    kill -TERM "$SUB_PID"
    wait "$SUB_PID" 2>/dev/null || true
    SUB_PID=''
    if [[ -n $PERF_PID ]]; then wait "$PERF_PID" 2>/dev/null || true; fi
    # hazmon's SIGTERM summary ("stopped after N messages"), the ceiling's likewise
    consumed=$(grep -oE 'stopped after [0-9]+ messages' "$sublog" | grep -oE '[0-9]+' || echo "?")
    dropped=$(dropped_counter)
    stop_broker
    line="$line shape=$shape run=$RUN_NO sub_consumed=$consumed dropped=$dropped load1=$load commit=$COMMIT"
    line="$line src_changed=$SRC_CHANGED"
    echo "$line" >>"$RAW"
    log "$line"
}

# ---- throughput ----------------------------------------------------------------------------------
wait_for_quiet_machine
log "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; $(lscpu | sed -n 's/^Model name: *//p')"
for case in $CASES; do
    qos=${case%%:*} shape=${case#*:}
    spike_every=$SPIKE_EVERY
    [[ $shape == *-quiet ]] && spike_every=0
    if [[ $shape == single* ]]; then
        args=(--count "$SINGLES" --warmup 20000)
    else
        args=(--batch "$BATCH" --count "$BATCHES" --warmup 2000)
    fi
    for rep in $(seq "$REPS"); do
        # alternate the order so that drift in the machine's load does not favour one side
        if ((rep % 2)); then order="ceiling hazmon"; else order="hazmon ceiling"; fi
        for side in $order; do
            run_one "$side" "$qos" "$shape" "${args[@]}" --spike-every "$spike_every"
        done
    done
done

# ---- latency -------------------------------------------------------------------------------------
for qos in $LAT_QOS; do
    run_one hazmon "$qos" latency --count $((LAT_RATE * LAT_SECONDS)) --warmup 20000 --rate "$LAT_RATE" \
        --spike-every "$LAT_SPIKE_EVERY" --latency
done

# ---- profile (optional, not in the table) --------------------------------------------------------
if [[ -n ${PERF:-} ]]; then
    for pc in 1:single 0:batch; do
        qos=${pc%%:*} shape=${pc#*:}
        if [[ $shape == single ]]; then
            args=(--count "$SINGLES" --warmup 20000)
        else
            args=(--batch "$BATCH" --count $((BATCHES * 3)) --warmup 2000)  # longer: more samples
        fi
        rm -f "$WORK/perf.data"
        run_one hazmon "$qos" profile "${args[@]}" --spike-every "$SPIKE_EVERY"
        mv "$WORK/perf.data" "$WORK/perf-qos$qos-$shape.data"
        perf report -i "$WORK/perf-qos$qos-$shape.data" --no-children --sort symbol -g none --stdio 2>/dev/null |
            swift demangle --simplified | grep -E '^ +[0-9]' | sed -E 's/[ -]+$//' | head -40 >"$WORK/perf-qos$qos-$shape.txt" || true
        perf report -i "$WORK/perf-qos$qos-$shape.data" --no-children --sort pid -g none --stdio 2>/dev/null |
            grep -E '^ +[0-9]' >>"$WORK/perf-qos$qos-$shape.txt" || true
        log "perf profile of hazmon, QoS $qos $shape: $WORK/perf-qos$qos-$shape.data, top symbols and threads in $WORK/perf-qos$qos-$shape.txt"
    done
fi

# ---- table ---------------------------------------------------------------------------------------
if [[ -n $RESULTS ]]; then
    mkdir -p "$RESULTS"
    python3 "$HERE/summarize.py" "$RAW" | tee "$RESULTS/latest.md"
    cp "$RAW" "$RESULTS/latest-raw.txt"
else
    python3 "$HERE/summarize.py" "$RAW"
fi
