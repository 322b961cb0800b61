#!/usr/bin/env bash
# Benchmarks lanchat side by side with its baselines, in one run, on this machine.
#
#   bench/run.sh [--quick] [--jfr] [--no-build] [--only floor,relay,baseline,product,product-storm,product-pg,product-nohist,product-nojournal,seed,product-tcp]
#   bench/run.sh --only writes-ab      # the product's two write paths side by side (not in the default set)
#   bench/run.sh --only cluster        # one node against two on RabbitMQ, and Spring's broker relay (docs/scaling.md)
#   bench/run.sh --only cold,join      # scenarios by name: cold, fanout, max, catchup, capacity (idle is part
#                                      # of it), join, bigroom, storm; on relay, baseline and product (storm:
#                                      # product-storm; capacity also on the floor) unless systems are named too
#
# Builds the load generator, the plain Spring baseline, the raw relay, the floor (bench/pom.xml) and the
# product (in a copy of the repo), extracts the seed's Python v3 server, starts each system in
# turn on a free loopback port, drives it with bench/loadgen, stops it, and writes
# bench/results/<timestamp>.json, a table on stdout and docs/benchmark-chart.svg.
# All load goes to 127.0.0.1; every phase is bounded in time and stops by itself.
# --quick shortens the phases (not the sizes) to fit in under 5 minutes.
# --jfr records the product (H2) run with JFR and prints its hot spots.
# HISTOGRAM=1 in the environment writes each system's heap by class, with its idle sessions open
# (capacity), to histogram-<system>.txt in the work directory.
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ARGS="$*"
REPO=$(dirname "$BENCH")
QUICK=""
JFR=""
BUILD=1
ALL="floor,relay,baseline,product,product-storm,product-pg,product-nohist,product-nojournal,seed,product-tcp,cluster"
ONLY=$ALL
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK="--quick" ;;
        --jfr) JFR=1 ;;
        --no-build) BUILD="" ;;
        --only) ONLY="$2"; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
# --only takes systems and scenarios; scenarios alone run on the relay, Spring and the product
SCENARIOS=""
systems=""
for item in ${ONLY//,/ }; do
    case "$item" in
        cold|fanout|max|catchup|capacity|join|bigroom|storm) SCENARIOS="$SCENARIOS,$item" ;;
        idle) SCENARIOS="$SCENARIOS,capacity" ;;
        *) systems="$systems,$item" ;;
    esac
done
if [ -n "$SCENARIOS" ]; then
    SCENARIOS=${SCENARIOS#,}
    systems=${systems#,}
    if [ -z "$systems" ]; then
        # the systems that have each scenario
        for item in ${SCENARIOS//,/ }; do
            case "$item" in
                storm) systems="$systems,product-storm" ;;
                catchup) systems="$systems,product" ;;
                join) systems="$systems,baseline,product" ;;
                capacity) systems="$systems,floor,relay,baseline,product" ;;
                *) systems="$systems,relay,baseline,product" ;;
            esac
        done
        systems=${systems#,}
    fi
    ONLY=$systems
fi
wanted() { [[ ",$ONLY," == *",$1,"* ]]; }
# the scenarios of a system's list that --only asked for (all of them when it named none)
pick() {
    [ -z "$SCENARIOS" ] && { echo "$1"; return; }
    local out="" s
    for s in ${1//,/ }; do [[ ",$SCENARIOS," == *",$s,"* ]] && out="$out,$s"; done
    echo "${out#,}"
}

TS=$(date -u +%Y%m%dT%H%M%SZ)
WORK="$BENCH/results/work-$TS"
mkdir -p "$WORK"
NOTES="$WORK/notes.txt"
: > "$NOTES"
note() { echo "note: $*"; echo "$*" >> "$NOTES"; }
START=$(date +%s)
log() { printf '[%4ds] %s\n' $(( $(date +%s) - START )) "$*"; }

# 10,000 connections need as many descriptors in the server and in the generator
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 12000 ]; then
    note "ulimit -n is $(ulimit -n): the 10,000-connection scenario will fail"
fi

# Same JVM flags for every Java server, so differences are the code's: the default maximum heap (1/4 of
# RAM, no -Xmx) and the heap-free ratios of the product's systemd unit and Docker image, which make a JVM
# give memory back after a burst (without them RSS after 10,000 CONNECTs is mostly empty heap).
SERVER_JVM="-XX:+UseG1GC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20${SERVER_JVM_EXTRA:+ $SERVER_JVM_EXTRA}"
# The load generator's own young collections paused it 11-35 ms several times a run (a 20 MB young
# generation), which every system's latency then showed (docs/benchmarks.md, "The tail message by
# message"): a fixed heap with a young generation that a run does not fill.
LOADGEN_JVM=${LOADGEN_JVM:--Xms3g -Xmx3g -Xmn1536m}
# Boot's Tomcat accepts at most 8192 connections by default and queues 100.
TOMCAT="--server.address=127.0.0.1 --server.tomcat.max-connections=20000 --server.tomcat.accept-count=1000"
# Raise the product's per-client protections for load (20 senders at hundreds of msg/s, 10,000 sessions and sockets
# from one address, opened at over 1,000 per second). The limits stay on, only raised: their checks run
# on every CONNECT and message as in production.
PRODUCT_LIMITS="--lanchat.limits.rate-per-second=1000000 --lanchat.limits.burst=1000000 --lanchat.limits.connections-per-address=100000 --lanchat.limits.max-connections=100000 --lanchat.limits.connects-per-minute=10000000 --lanchat.limits.sockets-per-address=100000 --lanchat.limits.handshakes-per-minute=10000000"
PRODUCT_BUILD=/tmp/bench-build

PIDS=()
PG_CTL=""
cleanup() {
    for p in "${PIDS[@]:-}"; do
        [ -n "$p" ] && kill "$p" 2>/dev/null || true
    done
    if [ -n "$PG_CTL" ]; then
        eval "$PG_CTL stop -m fast" >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT

# ------------------------------------------------------------------ PostgreSQL

# For (e): a throw-away cluster, created now, beside the builds (initdb takes a while); started in its turn.
PGBIN=""
PG_INIT=""
if wanted product-pg || wanted cluster; then
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    if [ -z "$PGBIN" ] && [ "$(id -u)" = 0 ]; then
        log "installing PostgreSQL (Debian package)"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) > "$WORK/apt.log" 2>&1 || true
        PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    fi
    if [ -n "$PGBIN" ]; then
        pgdata=$(mktemp -d /tmp/lanchat-bench-pg.XXXXXX)
        pguser=postgres
        id "$pguser" >/dev/null 2>&1 || pguser=""
        as_pg() { if [ "$(id -u)" = 0 ] && [ -n "$pguser" ]; then chown -R "$pguser" "$pgdata"; su "$pguser" -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
        as_pg "$PGBIN/initdb -D $pgdata/db -U lanchat --auth=trust" > "$WORK/pg-init.log" 2>&1 &
        PG_INIT=$!
    fi
fi

# ------------------------------------------------------------------ build

# offline first (fast, no network), online if something is missing (a fresh machine)
mvnb() { mvn -q -o -DskipTests "$@" >/dev/null 2>&1 || mvn -q -DskipTests "$@"; }

if [ -n "$BUILD" ]; then
    log "building bench/ (load generator, baseline, relay) and, beside it, the product"
    (cd "$BENCH" && mvnb package) > "$WORK/bench-build.log" 2>&1 &
    BENCH_BUILD=$!
    if [ -n "${PRODUCT_JAR:-}" ]; then
        log "the product: $PRODUCT_JAR, as given (PRODUCT_JAR)"
    elif wanted product || wanted product-storm || wanted product-pg || wanted product-nohist || wanted product-nojournal || wanted product-tcp || wanted writes-ab || wanted cluster; then
        log "building the product in a copy ($PRODUCT_BUILD)"
        mkdir -p "$PRODUCT_BUILD"
        # the work tree as it is (uncommitted changes too), without what a build makes; tar,
        # not rsync, which a fresh machine may lack; the copy is rebuilt when its digest changes
        # (the digest leaves times out)
        sources() { (cd "$REPO" && tar -c --sort=name --owner=0 --group=0 --exclude=./target \
            --exclude=./data --exclude=./.git --exclude=./bench --exclude=node_modules "$@" .); }
        digest=$(sources --mtime=@0 | md5sum | cut -d' ' -f1)
        if [ "$digest" != "$(cat "$PRODUCT_BUILD/.sources" 2>/dev/null)" ]; then
            find "$PRODUCT_BUILD" -mindepth 1 -maxdepth 1 ! -name target -exec rm -rf {} +
            # --touch: a file put back with an older time is still newer than its last build
            sources | (cd "$PRODUCT_BUILD" && tar -x --touch) || { echo "could not copy the work tree to $PRODUCT_BUILD" >&2; exit 1; }
            echo "$digest" > "$PRODUCT_BUILD/.sources"
            changed=1
        else
            changed=0
        fi
        if [ "$changed" -gt 0 ] || ! ls "$PRODUCT_BUILD"/target/lanchat-*.jar >/dev/null 2>&1; then
            if ! (cd "$PRODUCT_BUILD" && mvnb package) > "$WORK/product-build.log" 2>&1; then
                note "the product did not build at this commit (see product-build.log): product scenarios skipped"
                rm -f "$PRODUCT_BUILD"/target/lanchat-*.jar
            fi
        else
            log "product sources unchanged since the last build: reusing its jar"
        fi
    fi
    if ! wait "$BENCH_BUILD"; then
        cat "$WORK/bench-build.log" >&2
        exit 1
    fi
fi
LOADGEN="$BENCH/loadgen/target/loadgen.jar"
# PRODUCT_JAR=<jar> in the environment measures that jar instead of building the work tree (an A/B of two builds)
PRODUCT_JAR=${PRODUCT_JAR:-$(ls "$PRODUCT_BUILD"/target/lanchat-*.jar 2>/dev/null | grep -v original | head -1 || true)}
PRODUCT_SRC="$PRODUCT_BUILD/src/main"
# The product's TCP gateway (lanchat.tcp.port) listens on 12345 by default; every product run gets its
# own free port instead, so runs never collide with each other or with anything else on 12345.
HAS_TCP=""
grep -rqs 'lanchat\.tcp' "$PRODUCT_SRC/java" && HAS_TCP=1

# ------------------------------------------------------------------ helpers

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

wait_port() { # port seconds
    local i
    for ((i = 0; i < $2 * 5; i++)); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.2
    done
    return 1
}

SERVER_PID=""
SECOND_PID=""
start_as() { # pid-variable name port command...: starts a server, its pid in that variable
    local var=$1 name=$2 port=$3
    shift 3
    "$@" > "$WORK/$name.log" 2>&1 &
    printf -v "$var" '%s' "$!"
    PIDS+=("$!")
    if ! wait_port "$port" 120; then
        note "$name did not start listening on $port within 120 s (see $name.log)"
        stop_as "$var"
        return 1
    fi
    # Boot opens its port before the context is fully warm; give it a moment
    sleep 0.5
}

stop_as() { # pid-variable
    local pid=${!1:-}
    [ -z "$pid" ] && return
    # a graceful stop is not measured, and the product's takes seconds with 10,000 sessions just closed
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 10); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    printf -v "$1" '%s' ""
}

start_server() { start_as SERVER_PID "$@"; } # name port command...
stop_server() { stop_as SERVER_PID; }
start_second() { start_as SECOND_PID "$@"; } # name port command...: a second server beside SERVER_PID
stop_second() { stop_as SECOND_PID; }

PART=0
load() { # name label kind port scenarios [extra loadgen args]
    local name=$1 label=$2 kind=$3 port=$4 scenarios
    scenarios=$(pick "$5")
    shift 5
    [ -z "$scenarios" ] && return 0
    PART=$((PART + 1))
    log "load: $label ($scenarios)"
    local limit=1800
    [ -n "$QUICK" ] && limit=600
    if ! timeout "$limit" java $LOADGEN_JVM -jar "$LOADGEN" --system "$name" --label "$label" --kind "$kind" --port "$port" \
        --pid "$SERVER_PID" --scenarios "$scenarios" $QUICK "$@" ${HISTOGRAM:+--histogram "$WORK/histogram-$name.txt"} \
        --out "$WORK/part-$PART-$name.json"; then
        note "$label: the load generator failed or hit its $limit s bound"
    fi
}

# ------------------------------------------------------------------ systems

# The floor: one NIO thread that answers CONNECT and keeps heart-beats both ways, and nothing else; the
# least the I/O of idle sessions costs a JVM on this machine (bench/floor). Only the capacity scenario.
if wanted floor; then
    port=$(free_port)
    start_server floor "$port" java $SERVER_JVM -jar "$BENCH/floor/target/floor.jar" --server.port="$port" &&
        load floor "floor: one NIO thread, heart-beats only" stomp "$port" capacity
    stop_server
fi

if wanted relay; then
    port=$(free_port)
    start_server relay "$port" java $SERVER_JVM -jar "$BENCH/relay/target/relay.jar" --server.port="$port" $TOMCAT &&
        load relay "raw WebSocket relay (ceiling)" raw "$port" cold,fanout,max,capacity,bigroom
    stop_server
fi

if wanted baseline; then
    port=$(free_port)
    start_server baseline "$port" java $SERVER_JVM -jar "$BENCH/baseline/target/baseline.jar" --server.port="$port" $TOMCAT &&
        load baseline "plain Spring STOMP" stomp "$port" cold,fanout,max,capacity,join,bigroom
    stop_server
fi

# With WITH_TCP set, the TCP gateway's scenarios follow the STOMP ones (if any) on the same server.
run_product() { # name label extra-jvm scenarios [--page-join] [product args]
    local name=$1 label=$2 jvm=$3 scenarios=$4 genargs=""
    shift 4
    if [ "${1:-}" = --page-join ]; then genargs=--page-join; shift; fi
    local port data tcpport=""
    port=$(free_port)
    data=$(mktemp -d /tmp/lanchat-bench-data.XXXXXX)
    [ -n "$HAS_TCP" ] && tcpport=$(free_port)
    if start_server "$name" "$port" java $SERVER_JVM $jvm -jar "$PRODUCT_JAR" --server.port="$port" $TOMCAT \
        --lanchat.data-dir="$data" $PRODUCT_LIMITS ${tcpport:+--lanchat.tcp.port=$tcpport} "$@"; then
        [ -n "$scenarios" ] && load "$name" "$label" stomp "$port" "$scenarios" $genargs
        if [ -n "${WITH_TCP:-}" ] && [ -n "$tcpport" ] && wait_port "$tcpport" 30; then
            load product-tcp "lanchat TCP gateway" tcp "$tcpport" fanout,max --receivers 100 --senders 10 --rate 20
        fi
    fi
    stop_server
    rm -rf "$data"
}

if [ -z "$PRODUCT_JAR" ]; then
    note "no product jar: product scenarios skipped"
else
    if wanted product; then
        jvm=""
        [ -n "$JFR" ] && jvm="-XX:StartFlightRecording=filename=$WORK/product.jfr,settings=profile"
        run_product product "lanchat (H2)" "$jvm" cold,fanout,max,catchup,capacity,join,bigroom --page-join
        if [ -n "$JFR" ] && [ -f "$WORK/product.jfr" ]; then
            jfr print --events jdk.ExecutionSample --stack-depth 64 "$WORK/product.jfr" | python3 "$BENCH/jfr_hot.py" 20 \
                > "$WORK/product-hotspots.txt" || true
            jfr summary "$WORK/product.jfr" > "$WORK/product-jfr-summary.txt" 2>&1 || true
        fi
    fi

    # (i) the reconnect storm: the generator stops this server with SIGTERM and starts it again with the same
    # command line, port and data (restart-storm.sh, which prints the new process id), while its pages come back.
    if wanted product-storm; then
        port=$(free_port)
        data=$(mktemp -d /tmp/lanchat-bench-data.XXXXXX)
        tcpport=""
        [ -n "$HAS_TCP" ] && tcpport=$(free_port)
        storm_cmd="java $SERVER_JVM -jar $PRODUCT_JAR --server.port=$port $TOMCAT --lanchat.data-dir=$data $PRODUCT_LIMITS ${tcpport:+--lanchat.tcp.port=$tcpport}"
        printf '#!/usr/bin/env bash\n%s >> %s 2>&1 &\necho $! > %s\necho $!\n' "$storm_cmd" "$WORK/product-storm.log" \
            "$WORK/product-storm.restarted.pid" > "$WORK/restart-storm.sh"
        clients=5000
        [ -n "$QUICK" ] && clients=1000
        if start_server product-storm "$port" $storm_cmd; then
            load product-storm "lanchat (H2) restarted" stomp "$port" storm --restart-script "$WORK/restart-storm.sh" \
                --storm-clients "$clients"
        fi
        stop_server
        if [ -f "$WORK/product-storm.restarted.pid" ]; then
            SERVER_PID=$(cat "$WORK/product-storm.restarted.pid")
            PIDS+=("$SERVER_PID")
            stop_server
        fi
        rm -rf "$data"
    fi

    # (e) persistence off: the same product with its database in memory, so nothing goes to disk. Every
    # check and the store itself still run (ids come from the database); what is left out is H2's file.
    # (a) at everyday load too: what the file costs the tail and the CPU at 10,000 deliveries/s.
    if wanted product-nohist; then
        if [ -n "$QUICK" ]; then
            note "persistence off (H2 in memory) runs in the full run only: --quick has to finish in 5 minutes"
        else
            run_product product-nohist "lanchat (H2 in memory)" "" fanout,max \
                --spring.datasource.url="jdbc:h2:mem:lanchat-bench;DB_CLOSE_DELAY=-1"
        fi
    fi

    # (e2) the message journal off: H2 writes its file at every message, as before the journal
    # (lanchat.history.journal=false); (a0) and (a) as the product runs them, in the same run.
    if wanted product-nojournal; then
        run_product product-nojournal "lanchat (H2, no journal)" "" cold,fanout,max --lanchat.history.journal=false
    fi

    if wanted product-pg; then
        if [ -z "$PGBIN" ]; then
            note "PostgreSQL is not installed: no PostgreSQL run"
        else
            pgport=$(free_port)
            log "starting PostgreSQL ($PGBIN) on 127.0.0.1:$pgport"
            if wait "$PG_INIT" &&
                as_pg "$PGBIN/pg_ctl -D $pgdata/db -l $pgdata/pg.log -w -o '-p $pgport -k $pgdata -c listen_addresses=127.0.0.1' start" >> "$WORK/pg-init.log" 2>&1; then
                PG_CTL="as_pg '$PGBIN/pg_ctl -D $pgdata/db -w'"
                as_pg "$PGBIN/createdb -h 127.0.0.1 -p $pgport -U lanchat lanchat" >> "$WORK/pg-init.log" 2>&1
                pgversion=$("$PGBIN/postgres" --version 2>/dev/null || echo "?")
                pgscen=max,catchup
                [ -n "$QUICK" ] && pgscen=max  # the catch-up fill alone takes ~25 s
                run_product product-pg "lanchat (PostgreSQL)" "" "$pgscen" \
                    --spring.datasource.url="jdbc:postgresql://127.0.0.1:$pgport/lanchat" \
                    --spring.datasource.username=lanchat --spring.datasource.password=lanchat
                as_pg "$PGBIN/pg_ctl -D $pgdata/db -w stop -m fast" >/dev/null 2>&1 || true
                PG_CTL=""
            else
                note "PostgreSQL did not start (see pg-init.log): no PostgreSQL run"
            fi
            wanted cluster || rm -rf "$pgdata"
        fi
    fi

    # The A/B of the write paths (lanchat.websocket.writes): Tomcat's own gathering socket write, reached
    # through its non-public members, against the Jakarta WebSocket API's batching, with the product's small
    # WebSocket buffers (1 KiB, the output buffer batching fills) and with Tomcat's default 8 KiB. The
    # paths take turns, round after round, so a drift of the machine shows as a difference between rounds
    # of one path. AB_SCENARIOS and AB_ROUNDS override what each run does and how many rounds there are.
    if wanted writes-ab; then
        ab_scenarios=${AB_SCENARIOS:-fanout,max}
        ab_rounds=${AB_ROUNDS:-3}
        [ -n "$QUICK" ] && ab_rounds=${AB_ROUNDS:-1}
        for round in $(seq "$ab_rounds"); do
            run_product writes-gathering "writes: gathering #$round" "" "$ab_scenarios" \
                --lanchat.websocket.writes=gathering
            run_product writes-batching "writes: batching #$round" "" "$ab_scenarios" \
                --lanchat.websocket.writes=batching
            run_product writes-batching-8k "writes: batching 8 KiB #$round" \
                "-Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=8192" "$ab_scenarios" --lanchat.websocket.writes=batching
        done
    fi

    # On a server of its own: right after (c), the product is still busy for half a minute with 10,000 leaves.
    if wanted product-tcp; then
        if [ -n "$HAS_TCP" ]; then
            WITH_TCP=1 run_product product-tcp "lanchat TCP gateway" "" ""
        else
            note "the product has no TCP gateway yet (no lanchat.tcp.port): TCP scenario run against the seed only"
        fi
    fi
fi

# ------------------------------------------------------------------ several nodes (docs/scaling.md)

# One node on PostgreSQL, then two lanchat nodes on RabbitMQ and the same PostgreSQL, then Spring's own
# scale-out (two plain STOMP apps relaying to RabbitMQ's STOMP plugin); in the two-node runs every second
# receiver is on the second node and all senders on the first, so half of all deliveries cross nodes.
RABBIT_HOME=""
RABBIT_NODE=""
rabbit_env() {
    env RABBITMQ_NODENAME="$RABBIT_NODE" RABBITMQ_NODE_PORT="$rabbitport" RABBITMQ_DIST_PORT="$rabbitdist" \
        ERL_EPMD_PORT="$rabbitepmd" RABBITMQ_MNESIA_BASE="$RABBIT_HOME/mnesia" RABBITMQ_LOG_BASE="$RABBIT_HOME/log" \
        RABBITMQ_CONFIG_FILE="$RABBIT_HOME/rabbitmq" RABBITMQ_ENABLED_PLUGINS_FILE="$RABBIT_HOME/enabled_plugins" \
        HOME="$RABBIT_HOME" "$@"
}
stop_rabbit() {
    [ -z "$RABBIT_HOME" ] && return
    rabbit_env /usr/lib/rabbitmq/bin/rabbitmqctl -n "$RABBIT_NODE" stop >/dev/null 2>&1 || true
    ERL_EPMD_PORT="$rabbitepmd" epmd -kill >/dev/null 2>&1 || true
    rm -rf "$RABBIT_HOME"
    RABBIT_HOME=""
}
descendant_named() { # pid name: the first process below pid with that name
    local child
    for child in $(pgrep -P "$1" || true); do
        if [ "$(cat "/proc/$child/comm" 2>/dev/null)" = "$2" ]; then
            echo "$child"
            return
        fi
        descendant_named "$child" "$2"
    done
}
if wanted cluster; then
    if [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
        note "RabbitMQ is not installed (apt-get install rabbitmq-server): no cluster run"
    elif [ -z "$PGBIN" ] || [ -z "$PRODUCT_JAR" ]; then
        note "PostgreSQL or the product jar is missing: no cluster run"
    else
        RABBIT_HOME=$(mktemp -d /tmp/lanchat-bench-rabbit.XXXXXX)
        RABBIT_NODE="bench$$@localhost"
        rabbitport=$(free_port); rabbitdist=$(free_port); rabbitepmd=$(free_port); stompport=$(free_port)
        printf 'listeners.tcp.default = %s\nstomp.listeners.tcp.1 = %s\nloopback_users = none\n' "$rabbitport" "$stompport" \
            > "$RABBIT_HOME/rabbitmq.conf"
        echo '[rabbitmq_stomp].' > "$RABBIT_HOME/enabled_plugins"
        log "starting RabbitMQ on 127.0.0.1:$rabbitport (STOMP $stompport)"
        rabbit_env /usr/lib/rabbitmq/bin/rabbitmq-server > "$WORK/rabbitmq.log" 2>&1 &
        BROKER_PID=$!
        PIDS+=("$BROKER_PID")
        if wait_port "$rabbitport" 120 && rabbit_env /usr/lib/rabbitmq/bin/rabbitmqctl -n "$RABBIT_NODE" await_startup >/dev/null 2>&1 \
            && { [ -f "$pgdata/db/PG_VERSION" ] || wait "$PG_INIT"; }; then
            # rabbitmq-server is a shell whose forked copy starts the Erlang VM: the CPU reported is the VM's
            BROKER_CPU_PID=$(descendant_named "$BROKER_PID" beam.smp)
            BROKER_CPU_PID=${BROKER_CPU_PID:-$BROKER_PID}
            pgport=$(free_port)
            as_pg "$PGBIN/pg_ctl -D $pgdata/db -l $pgdata/pg.log -w -o '-p $pgport -k $pgdata -c listen_addresses=127.0.0.1' start" >> "$WORK/pg-init.log" 2>&1
            PG_CTL="as_pg '$PGBIN/pg_ctl -D $pgdata/db -w'"
            pgversion=$("$PGBIN/postgres" --version 2>/dev/null || echo "?")
            for db in one two; do
                as_pg "$PGBIN/createdb -h 127.0.0.1 -p $pgport -U lanchat lanchat_$db" >> "$WORK/pg-init.log" 2>&1
            done
            PGARGS="--spring.datasource.username=lanchat --spring.datasource.password=lanchat"
            RABBITARGS="--spring.rabbitmq.host=127.0.0.1 --spring.rabbitmq.port=$rabbitport"
            files=$(mktemp -d /tmp/lanchat-bench-files.XXXXXX)
            # (1) one node, PostgreSQL, everyone on it
            run_product cluster-one "lanchat, 1 node (PostgreSQL)" "" fanout,max \
                --spring.datasource.url="jdbc:postgresql://127.0.0.1:$pgport/lanchat_one" $PGARGS
            # (2) two nodes on RabbitMQ and one PostgreSQL
            porta=$(free_port); portb=$(free_port)
            dataa=$(mktemp -d /tmp/lanchat-bench-data.XXXXXX); datab=$(mktemp -d /tmp/lanchat-bench-data.XXXXXX)
            node_args() { # name data
                echo --lanchat.data-dir="$2" $PRODUCT_LIMITS --lanchat.tcp.port=0 --lanchat.cluster.enabled=true \
                    --lanchat.cluster.node-name="$1" --lanchat.files.dir="$files" $RABBITARGS $PGARGS \
                    --spring.datasource.url="jdbc:postgresql://127.0.0.1:$pgport/lanchat_two"
            }
            if start_server cluster-a "$porta" java $SERVER_JVM -jar "$PRODUCT_JAR" --server.port="$porta" $TOMCAT \
                    $(node_args a "$dataa") &&
                start_second cluster-b "$portb" java $SERVER_JVM -jar "$PRODUCT_JAR" --server.port="$portb" $TOMCAT \
                    $(node_args b "$datab"); then
                load cluster-two "lanchat, 2 nodes (RabbitMQ)" stomp "$porta" fanout,max \
                    --port2 "$portb" --pid2 "$SECOND_PID" --broker-pid "$BROKER_CPU_PID"
            fi
            stop_second
            stop_server
            rm -rf "$dataa" "$datab" "$files"
            # (3) Spring's broker relay to RabbitMQ's STOMP plugin, two instances
            porta=$(free_port); portb=$(free_port)
            if start_server brokerrelay-a "$porta" java $SERVER_JVM -jar "$BENCH/brokerrelay/target/brokerrelay.jar" \
                    --server.port="$porta" $TOMCAT --relay.port="$stompport" &&
                start_second brokerrelay-b "$portb" java $SERVER_JVM -jar "$BENCH/brokerrelay/target/brokerrelay.jar" \
                    --server.port="$portb" $TOMCAT --relay.port="$stompport"; then
                load brokerrelay "Spring STOMP broker relay, 2 nodes (RabbitMQ)" stomp "$porta" fanout,max \
                    --port2 "$portb" --pid2 "$SECOND_PID" --broker-pid "$BROKER_CPU_PID"
            fi
            stop_second
            stop_server
            as_pg "$PGBIN/pg_ctl -D $pgdata/db -w stop -m fast" >/dev/null 2>&1 || true
            PG_CTL=""
            rm -rf "$pgdata"
        else
            note "RabbitMQ or PostgreSQL did not start (see rabbitmq.log, pg-init.log): no cluster run"
        fi
        stop_rabbit
    fi
fi

if wanted seed; then
    port=$(free_port)
    python3 "$BENCH/extract_seed.py" "$REPO/../shared/seed/chat_room.txt" "$WORK/seed_v3_server.py" "$port"
    start_server seed "$port" python3 -u "$WORK/seed_v3_server.py" &&
        load seed "seed v3 (Python, TCP JSON)" tcp "$port" fanout,max --receivers 100 --senders 10 --rate 20
    stop_server
fi

# ------------------------------------------------------------------ report

RESULT="$BENCH/results/$TS.json"
# an A/B run alone leaves the published chart as it is
CHART="$REPO/docs/benchmark-chart.svg"
[ "$ONLY" = writes-ab ] || [ "$ONLY" = cluster ] && CHART="$WORK/chart.svg"
log "report"
STORM_CHART="$REPO/docs/storm-chart.svg"
[ "$ONLY" = writes-ab ] && STORM_CHART="$WORK/storm-chart.svg"
java -jar "$LOADGEN" report --dir "$WORK" --out "$RESULT" --svg "$CHART" --storm-svg "$STORM_CHART" --table "$WORK/table.txt" \
    --timestamp "$TS" $QUICK --command "bench/run.sh${ARGS:+ $ARGS}" \
    --python "$(python3 --version 2>&1)" --maven "$(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g')" \
    --postgresql "${pgversion:-not run}" --serverJvmOptions "$SERVER_JVM"
if [ -f "$WORK/product-hotspots.txt" ]; then
    echo
    echo "product hot spots (JFR execution samples, $WORK/product.jfr):"
    head -50 "$WORK/product-hotspots.txt"
fi
log "done: $RESULT, $CHART, logs in $WORK"
