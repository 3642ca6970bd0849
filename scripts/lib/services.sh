# shellcheck shell=bash
# Helpers for scripts/test and scripts/run: system packages, a throwaway PostgreSQL, the
# Python venv for the browser tests, free ports, and clean-up on exit.
#
# Source it from bash (after `cd` to the repository root):
#     source scripts/lib/services.sh
#     kyoei_install_packages               # all test packages, or name some
#     kyoei_pg_start                        # exports KYOEI_TEST_POSTGRES_URL, stops on exit
#     kyoei_venv                            # .venv-test/ with selenium, pytest, zxing-cpp …
#     port=$(kyoei_free_port)
# Every function returns non-zero (and says why on stderr) when it cannot do its job; none
# of them skips silently.

# Debian packages the tests need (build, PostgreSQL, headless browser, Japanese font, venv, nginx as the multi-node test's proxy).
KYOEI_TEST_PACKAGES=(libargon2-dev libqrencode-dev pkg-config postgresql chromium chromium-driver
    fonts-ipafont-gothic python3-venv curl openssl nginx)
# Packages that building and running the server needs (Argon2id; QR codes for authenticator apps).
KYOEI_BUILD_PACKAGES=(libargon2-dev libqrencode-dev pkg-config)

kyoei_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
kyoei_die() { printf 'error: %s\n' "$*" >&2; return 1; }

# ---------------------------------------------------------------------------------------
# Clean-up: functions register shell commands; one EXIT trap runs them, newest first.
# ---------------------------------------------------------------------------------------
KYOEI_EXIT_HOOKS=()

kyoei_on_exit() {
    KYOEI_EXIT_HOOKS+=("$1")
    if [ -z "${KYOEI_EXIT_TRAP_SET:-}" ]; then
        KYOEI_EXIT_TRAP_SET=1
        trap kyoei_run_exit_hooks EXIT
        # A signal ends the script, so the EXIT trap runs the hooks.
        trap 'exit 130' INT
        trap 'exit 143' TERM
    fi
}

kyoei_run_exit_hooks() {
    local status=$? i
    set +e
    for ((i = ${#KYOEI_EXIT_HOOKS[@]} - 1; i >= 0; i--)); do
        eval "${KYOEI_EXIT_HOOKS[i]}"
    done
    KYOEI_EXIT_HOOKS=()
    return "$status"
}

# ---------------------------------------------------------------------------------------
# (a) Debian packages, installed only when missing.
# ---------------------------------------------------------------------------------------
kyoei_missing_packages() {
    local package
    for package in "$@"; do
        if ! dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -q '^install ok installed$'; then
            printf '%s\n' "$package"
        fi
    done
}

# kyoei_install_packages [PACKAGE...]  (default: KYOEI_TEST_PACKAGES)
kyoei_install_packages() {
    local packages=("$@") missing=() sudo=()
    [ ${#packages[@]} -gt 0 ] || packages=("${KYOEI_TEST_PACKAGES[@]}")
    command -v dpkg-query >/dev/null || kyoei_die "dpkg-query not found: these scripts expect Debian" || return 1
    mapfile -t missing < <(kyoei_missing_packages "${packages[@]}")
    [ ${#missing[@]} -gt 0 ] || return 0
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    kyoei_log "Installing missing Debian packages: ${missing[*]}"
    if [ -z "${KYOEI_APT_UPDATED:-}" ]; then
        "${sudo[@]}" apt-get update -q || return 1
        KYOEI_APT_UPDATED=1
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${missing[@]}" || return 1
    mapfile -t missing < <(kyoei_missing_packages "${packages[@]}")
    [ ${#missing[@]} -eq 0 ] || kyoei_die "still missing after apt-get install: ${missing[*]}"
}

# ---------------------------------------------------------------------------------------
# (d) A free TCP port on 127.0.0.1.
# ---------------------------------------------------------------------------------------
kyoei_python() {
    if command -v python3 >/dev/null; then echo python3; else echo /usr/bin/python3; fi
}

kyoei_free_port() {
    "$(kyoei_python)" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# ---------------------------------------------------------------------------------------
# (b) A throwaway PostgreSQL on 127.0.0.1, in a temporary directory, stopped on exit.
# ---------------------------------------------------------------------------------------
# Runs a PostgreSQL program as user postgres (PostgreSQL refuses to run as root).
kyoei_as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

kyoei_pg_bindir() {
    local bindir
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$bindir" ] && [ -x "$bindir/pg_ctl" ] || kyoei_die "PostgreSQL binaries not found under /usr/lib/postgresql (is the postgresql package installed?)" || return 1
    printf '%s\n' "$bindir"
}

# kyoei_pg_start [DATABASE]  (default kyoei_test)
# Sets KYOEI_PG_BIN, KYOEI_PG_DIR, KYOEI_PG_PORT; exports KYOEI_TEST_POSTGRES_URL.
kyoei_pg_start() {
    local database=${1:-kyoei_test}
    KYOEI_PG_BIN=$(kyoei_pg_bindir) || return 1
    KYOEI_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/kyoei-pg.XXXXXX") || return 1
    mkdir -p "$KYOEI_PG_DIR/data" "$KYOEI_PG_DIR/socket"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R postgres: "$KYOEI_PG_DIR" || return 1
    fi
    kyoei_on_exit kyoei_pg_stop
    KYOEI_PG_PORT=$(kyoei_free_port) || return 1

    if ! kyoei_as_postgres "$KYOEI_PG_BIN/initdb" -D "$KYOEI_PG_DIR/data" -U postgres \
        --auth=trust --encoding=UTF8 --no-locale >"$KYOEI_PG_DIR/initdb.log" 2>&1; then
        cat "$KYOEI_PG_DIR/initdb.log" >&2
        kyoei_die "initdb failed"
        return 1
    fi
    # max_connections: swift-testing runs the suites in parallel, each PostgreSQL test with a
    # database of its own and a pool of up to 20 connections; 200 ran out at 750 tests
    # (the pool's circuit breaker tripped), and a backend slot costs little memory.
    if ! kyoei_as_postgres "$KYOEI_PG_BIN/pg_ctl" -D "$KYOEI_PG_DIR/data" \
        -o "-p $KYOEI_PG_PORT -c listen_addresses=127.0.0.1 -k $KYOEI_PG_DIR/socket -c fsync=off -c max_connections=500" \
        -l "$KYOEI_PG_DIR/server.log" -w -t 60 start >/dev/null; then
        cat "$KYOEI_PG_DIR/server.log" >&2 || true
        kyoei_die "PostgreSQL did not start"
        return 1
    fi
    kyoei_pg_createdb "$database" || return 1
    export KYOEI_TEST_POSTGRES_URL
    KYOEI_TEST_POSTGRES_URL=$(kyoei_pg_url "$database")
    kyoei_log "PostgreSQL $("$KYOEI_PG_BIN/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$KYOEI_PG_PORT ($KYOEI_PG_DIR)"
}

# kyoei_pg_createdb NAME: another database on the running server.
kyoei_pg_createdb() {
    [ -n "${KYOEI_PG_PORT:-}" ] || kyoei_die "PostgreSQL is not running (call kyoei_pg_start first)" || return 1
    kyoei_as_postgres "$KYOEI_PG_BIN/createdb" -h 127.0.0.1 -p "$KYOEI_PG_PORT" -U postgres "$1" \
        || kyoei_die "createdb $1 failed"
}

# kyoei_pg_url NAME: the URL of a database on the running server.
kyoei_pg_url() {
    printf 'postgres://postgres@127.0.0.1:%s/%s?sslmode=disable\n' "$KYOEI_PG_PORT" "$1"
}

kyoei_pg_stop() {
    [ -n "${KYOEI_PG_DIR:-}" ] || return 0
    local pid_file=$KYOEI_PG_DIR/data/postmaster.pid pid= i
    if [ -f "$pid_file" ]; then
        pid=$(head -n 1 "$pid_file")
        kyoei_as_postgres "$KYOEI_PG_BIN/pg_ctl" -D "$KYOEI_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 \
            || kyoei_log "warning: pg_ctl stop failed; stopping PostgreSQL (pid $pid) by signal"
        # If pg_ctl could not stop it, SIGINT is PostgreSQL's fast shutdown; SIGKILL last.
        for ((i = 0; i < 100; i++)); do
            [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
            [ "$i" -eq 0 ] && kill -INT "$pid" 2>/dev/null
            [ "$i" -eq 99 ] && kill -KILL "$pid" 2>/dev/null
            sleep 0.1
        done
    fi
    rm -rf "$KYOEI_PG_DIR"
    KYOEI_PG_DIR= KYOEI_PG_PORT=
}

# ---------------------------------------------------------------------------------------
# (c) The Python venv for the browser and CLI tests: .venv-test/ with selenium and pytest.
# ---------------------------------------------------------------------------------------
KYOEI_VENV=${KYOEI_VENV:-.venv-test}

kyoei_venv() {
    local python
    if ! "$KYOEI_VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
        python=$(kyoei_python)
        kyoei_log "Creating $KYOEI_VENV with $python"
        rm -rf "$KYOEI_VENV"
        "$python" -m venv "$KYOEI_VENV" \
            || /usr/bin/python3 -m venv "$KYOEI_VENV" \
            || kyoei_die "could not create the venv $KYOEI_VENV" || return 1
    fi
    # zxing-cpp (with pillow for the image) decodes the QR codes the bank draws: a real
    # decoder that nobody here wrote.
    if ! "$KYOEI_VENV/bin/python" -c 'import selenium, pytest, aiosmtpd, pyotp, zxingcpp, PIL' >/dev/null 2>&1; then
        kyoei_log "Installing selenium, pytest, aiosmtpd, pyotp, zxing-cpp and pillow into $KYOEI_VENV"
        "$KYOEI_VENV/bin/python" -m pip install -q --disable-pip-version-check selenium pytest aiosmtpd pyotp zxing-cpp pillow \
            || kyoei_die "pip install selenium pytest aiosmtpd pyotp zxing-cpp pillow failed" || return 1
    fi
    # schemathesis drives /api/v1 from openapi.yaml (OpenAPI 3.1 needs 4.x); pinned, so a new
    # release cannot change what the test command checks. requests comes with it.
    local schemathesis=4.32.5
    if [ "$("$KYOEI_VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null)" != "$schemathesis" ]; then
        kyoei_log "Installing schemathesis $schemathesis into $KYOEI_VENV"
        "$KYOEI_VENV/bin/python" -m pip install -q --disable-pip-version-check "schemathesis==$schemathesis" \
            || kyoei_die "pip install schemathesis==$schemathesis failed" || return 1
    fi
}

# ---------------------------------------------------------------------------------------
# Waiting for an HTTP server.
# ---------------------------------------------------------------------------------------
# kyoei_wait_http URL PID [SECONDS]: until URL answers 2xx; fails early if PID has exited.
kyoei_wait_http() {
    local url=$1 pid=$2 seconds=${3:-60} i
    for ((i = 0; i < seconds * 5; i++)); do
        if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            kyoei_die "the process $pid exited before $url answered"
            return 1
        fi
        sleep 0.2
    done
    kyoei_die "$url did not answer within ${seconds}s"
}

# kyoei_stop_pid PID: SIGTERM, then SIGKILL after 10 s.
kyoei_stop_pid() {
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 0
}
