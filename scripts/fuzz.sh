#!/usr/bin/env bash
# Fuzzes the running API against its own spec with Schemathesis (PyPI): starts the built binary on a
# throwaway SQLite database with the demo data, and for a supervisor's and a sector user's token
# checks that no request gets a 5xx and that every status, content type and body is as
# openapi.yaml says. Bounded: SECONDS per token (default 45); `scripts/fuzz.sh 600` for a long run.
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-45}"
log() { printf '[fuzz] %s\n' "$*" >&2; }

# Called as a module of the same python3 that installed it: no PATH or pyenv shim to refresh.
st() { python3 -m schemathesis.cli "$@"; }
if ! python3 -c 'import schemathesis' >/dev/null 2>&1; then
    log "instalando o Schemathesis (PyPI)"
    python3 -m pip install -q --disable-pip-version-check schemathesis >/dev/null 2>&1 || { log "não foi possível instalar o Schemathesis"; exit 1; }
fi
binary=.build/debug/fatura
[ -x "$binary" ] || swift build --product fatura
work=$(mktemp -d /tmp/fatura-fuzz.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$binary" serve --demo --database "$work/fuzz.sqlite" --port "$port" --log-level error >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; cp "$work"/st-*.log /tmp/ 2>/dev/null; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -sf "$base/health" >/dev/null 2>&1 && break; sleep 0.2; done
curl -sf "$base/health" >/dev/null || { log "o servidor não respondeu"; cat "$work/server.log" >&2; exit 1; }

token() {
    curl -sf -X POST "$base/api/v1/tokens" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$1\",\"password\":\"demo1234\",\"name\":\"fuzz\"}" | python3 -c 'import sys, json; print(json.load(sys.stdin)["token"])'
}

status=0
for user in supervisor imagem; do
    log "usuário $user: ${seconds}s"
    # Operations that would end the fuzzer's own access (its token, its user) are left out.
    st run "$base/api/openapi.yaml" --url "$base" -H "Authorization: Bearer $(token "$user")" \
        --max-time "$seconds" --workers 2 --seed 20261123 \
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
        --exclude-operation-id revokeToken --exclude-operation-id deactivateUser --exclude-operation-id updateUser \
        --warnings off >"$work/st-$user.log" 2>&1 || true
    # A finding is a "Failures:" section; an internal error of the tool itself (seen: a Python AST
    # error inside Hypothesis) is reported but does not fail the suite.
    if grep -q "^Failures:" "$work/st-$user.log"; then status=1; fi
    grep -q "Runtime Error" "$work/st-$user.log" && log "aviso: erro interno do Schemathesis (não do servidor) nesta execução"
    tail -n 12 "$work/st-$user.log" >&2
    if [ "$status" -ne 0 ]; then grep -E "^_{5,}|Received:|Documented:|curl " "$work/st-$user.log" | head -60 >&2; fi
done
if grep -q "erro interno" "$work/server.log"; then log "o servidor registrou erros internos:"; grep "erro interno" "$work/server.log" | head -20 >&2; status=1; fi
if [ "$status" -eq 0 ]; then log "nenhuma falha"; fi
exit "$status"
