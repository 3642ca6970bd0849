# shellcheck shell=bash
# Helpers for scripts/bench/run: a durable PostgreSQL, the release (or debug) server on a
# benchmark database, its memory, wrk on the pages, and the results file the table reads.
# Source after scripts/lib/services.sh (it provides ports, packages, clean-up on exit).

# What scripts/bench/run installs (Debian), and what scripts/bench/profile adds to it; the test
# command's own list (scripts/lib/services.sh) needs neither.
BENCH_PACKAGES=(libargon2-dev libqrencode-dev pkg-config postgresql wrk curl openssl)
BENCH_PROFILE_PACKAGES=(valgrind linux-perf binutils)

# bench_record JSON: one result line for table.py.
bench_record() { printf '%s\n' "$1" >>"$BENCH_RESULTS"; }

# bench_pg_start: a throwaway PostgreSQL like kyoei_pg_start's, but durable (fsync and
# synchronous_commit on, the defaults): pgbench and our transfers are compared on a server
# that keeps what it commits. Sets the same KYOEI_PG_* variables, so kyoei_pg_createdb,
# kyoei_pg_url and kyoei_pg_stop work on it.
bench_pg_start() {
    KYOEI_PG_BIN=$(kyoei_pg_bindir) || return 1
    KYOEI_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/kyoei-bench-pg.XXXXXX") || return 1
    mkdir -p "$KYOEI_PG_DIR/data" "$KYOEI_PG_DIR/socket"
    [ "$(id -u)" -ne 0 ] || chown -R postgres: "$KYOEI_PG_DIR" || return 1
    kyoei_on_exit kyoei_pg_stop
    KYOEI_PG_PORT=$(kyoei_free_port) || return 1
    kyoei_as_postgres "$KYOEI_PG_BIN/initdb" -D "$KYOEI_PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 \
        --no-locale >"$KYOEI_PG_DIR/initdb.log" 2>&1 || { cat "$KYOEI_PG_DIR/initdb.log" >&2; return 1; }
    kyoei_as_postgres "$KYOEI_PG_BIN/pg_ctl" -D "$KYOEI_PG_DIR/data" \
        -o "-p $KYOEI_PG_PORT -c listen_addresses=127.0.0.1 -k $KYOEI_PG_DIR/socket -c max_connections=200 -c shared_buffers=256MB -c fsync=on -c synchronous_commit=on" \
        -l "$KYOEI_PG_DIR/server.log" -w -t 60 start >/dev/null || { cat "$KYOEI_PG_DIR/server.log" >&2; return 1; }
    kyoei_log "PostgreSQL (durable) on 127.0.0.1:$KYOEI_PG_PORT ($KYOEI_PG_DIR)"
}

# bench_pgbench CLIENTS SECONDS: the TPC-B-like built-in run on database pgbench.
bench_pgbench() {
    local clients=$1 seconds=$2 jobs out tps
    jobs=$(( clients < 2 ? 1 : 2 ))
    out=$("$KYOEI_PG_BIN/pgbench" -h 127.0.0.1 -p "$KYOEI_PG_PORT" -U postgres -c "$clients" -j "$jobs" -T "$seconds" pgbench 2>&1) \
        || { printf '%s\n' "$out" >&2; return 1; }
    tps=$(printf '%s\n' "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
    [ -n "$tps" ] || { printf '%s\n' "$out" >&2; return 1; }
    echo "pgbench -c $clients: $tps tps"
    bench_record "{\"name\":\"pgbench_tpcb\",\"engine\":\"postgres\",\"clients\":$clients,\"per_second\":$tps}"
}

# bench_server_start ENGINE DATABASE-URL: `kyoei serve` in its own folder; sets BENCH_PID
# and BENCH_URL. Sessions and 確認画面 last two hours: the fixture is made before the runs.
# The API's per-address limit for calls without a token is lifted: every login of the
# API run comes from 127.0.0.1, and it measures the login, not the limiter.
bench_server_start() {
    local engine=$1 database_url=$2 dir=$BENCH_WORK/server-$1 port token_port
    mkdir -p "$dir"
    port=$(kyoei_free_port)
    # The phone token app's listener on a free port of its own, not the default port + 1.
    token_port=$(kyoei_free_port)
    while [ "$token_port" = "$port" ]; do token_port=$(kyoei_free_port); done
    BENCH_URL=http://127.0.0.1:$port
    (cd "$dir" && exec env KYOEI_DATABASE_URL="$database_url" KYOEI_LISTEN="127.0.0.1:$port" KYOEI_PUBLIC_URL="$BENCH_URL" \
        KYOEI_TOKEN_APP_LISTEN="127.0.0.1:$token_port" \
        KYOEI_SECRET_KEYS="$KYOEI_SECRET_KEYS" KYOEI_SESSION_IDLE_SECONDS=7200 KYOEI_SESSION_MAX_SECONDS=7200 \
        KYOEI_API_ANON_RATE_LIMIT=1000000/60 \
        KYOEI_MAIL_URL="maildir://$dir/mail" KYOEI_LOG_LEVEL=warning "$KYOEI_BIN" serve) >"$dir/server.log" 2>&1 &
    BENCH_PID=$!
    kyoei_on_exit "kyoei_stop_pid $BENCH_PID"
    kyoei_wait_http "$BENCH_URL/healthz" "$BENCH_PID" 60 || { tail -n 30 "$dir/server.log" >&2; return 1; }
}

# bench_rss NAME ENGINE: the server's resident memory now and at its peak (kB).
bench_rss() {
    local rss hwm
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$BENCH_PID/status")
    hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$BENCH_PID/status")
    echo "server RSS ($1): ${rss} kB (peak ${hwm} kB)"
    bench_record "{\"name\":\"$1\",\"engine\":\"$2\",\"rss_kb\":$rss,\"hwm_kb\":$hwm}"
}

# bench_wrk PAGE ENGINE SECONDS CONNECTIONS: GET PAGE as the fixture's logged-in sessions.
bench_wrk() {
    local page=$1 engine=$2 seconds=$3 connections=$4 line
    line=$(KYOEI_BENCH_COOKIES=$BENCH_WORK/cookies-$engine.txt KYOEI_BENCH_PAGE=$page \
        wrk -t 2 -c "$connections" -d "${seconds}s" --timeout 10s -s "$BENCH_DIR/pages.lua" "$BENCH_URL" | grep '^{')
    [ -n "$line" ] || return 1
    echo "wrk $page ($engine, $connections connections): $line"
    bench_record "${line%\}},\"name\":\"page${page//\//_}\",\"engine\":\"$engine\",\"clients\":$connections}"
}

# bench_driver ARGS...: kyoei-bench, its JSON lines into the results, shown as they come.
bench_driver() {
    local out
    out=$("$KYOEI_BENCH_BIN" "$@") || { printf '%s\n' "$out"; return 1; }
    printf '%s\n' "$out" | tee -a "$BENCH_RESULTS"
}

# bench_callgrind_copy PROGRAM OUT-DIR: a copy of PROGRAM in OUT-DIR that valgrind (callgrind)
# can run, and OUT-DIR/sigsuspend.so to LD_PRELOAD with it. Valgrind 3.19 (Debian 12) cannot
# read the DWARF 5 of Swift 6 binaries: the copy has no debug information (the symbol table
# stays, so functions keep their names). It finds its resource bundles (the texts, the
# templates) beside it, as the original does. And libdispatch keeps the signal mask it passes
# to sigsuspend in read-only memory, which valgrind writes into (and then crashes itself): the
# preload hands it a copy on the stack.
bench_callgrind_copy() {
    local program=$1 out=$2 bundle
    objcopy --strip-debug "$program" "$out/$(basename "$program")" || return 1
    for bundle in "$(dirname "$program")"/*.resources; do [ -e "$bundle" ] && ln -sfn "$(cd "$bundle" && pwd)" "$out/"; done
    printf '%s\n' '#include <signal.h>' '#include <unistd.h>' '#include <sys/syscall.h>' \
        'int sigsuspend(const sigset_t *mask) { sigset_t copy = *mask; return (int)syscall(SYS_rt_sigsuspend, &copy, 8); }' \
        >"$out/sigsuspend.c"
    "$(command -v cc || command -v clang)" -O2 -shared -fPIC "$out/sigsuspend.c" -o "$out/sigsuspend.so"
}
