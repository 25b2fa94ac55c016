#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL: unless FATURA_TEST_POSTGRES_URL is already set, it
# installs PostgreSQL from Debian's packages when it is missing, starts a server on a free loopback
# port in a temporary folder (as an unprivileged user), exports FATURA_TEST_POSTGRES_URL, runs the
# command, and removes the server on exit.
#   scripts/with-postgres.sh swift test
#   scripts/with-postgres.sh sh -c '.build/release/fatura bench pricing --postgres "$FATURA_TEST_POSTGRES_URL"'

set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[with-postgres] %s\n' "$*" >&2; }

find_pg_bin() {
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
    done
    return 1
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
        log "é preciso ser root (ou ter sudo) para instalar o PostgreSQL"; return 1; fi
}

start_postgres() {
    local bin
    if ! bin=$(find_pg_bin); then
        log "PostgreSQL não encontrado: instalando o pacote Debian 'postgresql'"
        as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
        bin=$(find_pg_bin) || { log "pg_ctl não encontrado após a instalação"; exit 1; }
    fi
    PGTMP=$(mktemp -d /tmp/fatura-pg.XXXXXX)
    local runner=()
    if [ "$(id -u)" -eq 0 ]; then
        # initdb refuses to run as root: use an unprivileged account (Debian's package creates 'postgres').
        local pguser=postgres
        if ! id "$pguser" >/dev/null 2>&1; then
            pguser=fatura-pg
            id "$pguser" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$pguser"
        fi
        chown "$pguser" "$PGTMP"
        chmod 700 "$PGTMP"
        runner=(runuser -u "$pguser" --)
    fi
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 55432)
    "${runner[@]}" "$bin/initdb" -D "$PGTMP/data" -U fatura -A trust -E UTF8 --locale=C.UTF-8 >"$PGTMP/initdb.log" 2>&1 \
        || "${runner[@]}" "$bin/initdb" -D "$PGTMP/data" -U fatura -A trust -E UTF8 --no-locale >"$PGTMP/initdb.log" 2>&1 \
        || { cat "$PGTMP/initdb.log" >&2; exit 1; }
    "${runner[@]}" "$bin/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 60 \
        -o "-p $port -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || { cat "$PGTMP/server.log" >&2; exit 1; }
    PG_STOP=("${runner[@]}" "$bin/pg_ctl" -D "$PGTMP/data" -m immediate stop)
    trap 'log "parando o PostgreSQL temporário"; "${PG_STOP[@]}" >/dev/null 2>&1 || true; rm -rf "$PGTMP"' EXIT
    # Each test creates (and drops) its own database; this URL is where it connects to do so.
    export FATURA_TEST_POSTGRES_URL="postgres://fatura@127.0.0.1:$port/postgres"
    log "PostgreSQL temporário em 127.0.0.1:$port ($("$bin/postgres" --version))"
}

if [ -z "${FATURA_TEST_POSTGRES_URL:-}" ]; then
    start_postgres
fi
"$@"
