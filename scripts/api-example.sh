#!/usr/bin/env bash
# The API-only example as a test: starts the built binary on a throwaway database with the demo
# users, runs examples/api-setup.sh (curl only: company, payer, CBHPM edition, values, contract,
# one HIS encounter) and checks the price worked out by hand in the script's header: 333585 cents.
#   scripts/api-example.sh [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[api-example] %s\n' "$*" >&2; }
binary=${1:-.build/debug/fatura}
[ -x "$binary" ] || { log "binário não encontrado: $binary"; exit 1; }
command -v curl >/dev/null || { log "curl não encontrado"; exit 1; }
work=$(mktemp -d /tmp/fatura-api-example.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$binary" serve --demo --database "$work/f.sqlite" --port "$port" --log-level error >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do
    curl -sf "$base/health" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.2
done
curl -sf "$base/health" >/dev/null 2>&1 || { log "o servidor não respondeu"; cat "$work/server.log" >&2; exit 1; }
output=$(examples/api-setup.sh "$base" supervisor demo1234)
printf '%s\n' "$output" >&2
grep -qx "totalCents 333585" <<<"$output" || { log "total diferente do calculado à mão (333585)"; exit 1; }
if grep -q "erro interno" "$work/server.log"; then log "o servidor registrou erro interno"; cat "$work/server.log" >&2; exit 1; fi
log "ok: o exemplo só com curl precificou o atendimento em R$ 3.335,85"
