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
. scripts/lib/demo-server.sh
work=$(mktemp -d /tmp/fatura-api-example.XXXXXX)
trap 'stop_demo_server; rm -rf "$work"' EXIT
start_demo_server "$binary" "$work"
output=$(examples/api-setup.sh "$base" supervisor demo1234)
printf '%s\n' "$output" >&2
grep -qx "totalCents 333585" <<<"$output" || { log "total diferente do calculado à mão (333585)"; exit 1; }
if server_had_internal_error "$work"; then log "o servidor registrou erro interno"; cat "$work/server.log" >&2; exit 1; fi
log "ok: o exemplo só com curl precificou o atendimento em R$ 3.335,85"
