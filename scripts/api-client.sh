#!/usr/bin/env bash
# The API example through a client made by an outside generator: openapi-python-client (PyPI, in a
# venv under .build) generates a Python client from openapi.yaml, which is installed in the venv and
# drives the built binary (a throwaway SQLite database with the demo users, a free port) through
# the steps of examples/api-setup.sh with its typed functions (scripts/api_client/run.py): the price
# must be the one worked out by hand, 333585 cents, and a misspelt field must be a 422 naming it.
# A warning of the generator that scripts/api_client/run.py does not know fails the run.
#   scripts/api-client.sh [BINARY]
# Without the generator (and no way to install it) it says why and skips, unless CI=true: then that
# is a failure. FATURA_API_CLIENT_VENV names another venv; FATURA_KEEP_CLIENT=1 keeps the generated code.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[api-client] %s\n' "$*" >&2; }
binary=${1:-.build/debug/fatura}

unavailable() {
    if [ "${CI:-}" = "true" ]; then log "$1"; exit 1; fi
    log "$1 — cliente gerado ignorado (com CI=true isto é uma falha)"
    exit 0
}

# The generator's version is pinned: another one writes other code and other warnings.
generator='openapi-python-client==0.29.*'
venv="${FATURA_API_CLIENT_VENV:-.build/api-client-venv}"
python="$venv/bin/python"
if ! "$python" -c 'import openapi_python_client, poetry.core' >/dev/null 2>&1; then
    log "instalando o gerador ($generator, PyPI) em $venv"
    # poetry-core builds the generated package (its pyproject.toml) without going to PyPI again.
    { python3 -m venv "$venv" && "$python" -m pip install -q --disable-pip-version-check "$generator" 'poetry-core>=2,<3'; } >/dev/null 2>&1 \
        || unavailable "não foi possível instalar o openapi-python-client (python3 -m venv / pip)"
    "$python" -c 'import openapi_python_client, poetry.core' >/dev/null 2>&1 || unavailable "o openapi-python-client instalado não importa"
fi
[ -x "$binary" ] || { log "binário não encontrado: $binary (compile com swift build --product fatura)"; exit 1; }

. scripts/lib/demo-server.sh
work=$(mktemp -d /tmp/fatura-api-client.XXXXXX)
cleanup() {
    stop_demo_server
    if [ "${FATURA_KEEP_CLIENT:-}" = "1" ]; then log "código gerado mantido em $work/client"; rm -rf "$work/demo.sqlite"*; else rm -rf "$work"; fi
}
trap cleanup EXIT

log "gerando o cliente a partir de openapi.yaml ($("$venv/bin/openapi-python-client" --version 2>/dev/null))"
if ! "$venv/bin/openapi-python-client" generate --path openapi.yaml --output-path "$work/client" --overwrite \
        --config scripts/api_client/config.yaml >"$work/generator.log" 2>&1; then
    log "o gerador falhou:"; cat "$work/generator.log" >&2; exit 1
fi
[ -d "$work/client/fatura_api_client" ] || { log "o gerador não escreveu o pacote:"; cat "$work/generator.log" >&2; exit 1; }
# Offline: the dependencies (httpx, attrs) came with the generator, the build backend is poetry-core.
"$python" -m pip install -q --disable-pip-version-check --no-index --no-deps --no-build-isolation --force-reinstall "$work/client" \
    >"$work/pip.log" 2>&1 || { log "o pacote gerado não instala:"; cat "$work/pip.log" >&2; exit 1; }

start_demo_server "$binary" "$work"

status=0
output=$(PYTHONDONTWRITEBYTECODE=1 "$python" scripts/api_client/run.py --base "$base" --generator-log "$work/generator.log") || status=1
printf '%s\n' "$output" >&2
[ "$status" -eq 0 ] || { log "o cliente gerado falhou"; exit 1; }
grep -qx "totalCents 333585" <<<"$output" || { log "total diferente do calculado à mão (333585)"; exit 1; }
if server_had_internal_error "$work"; then log "o servidor registrou erro interno"; cat "$work/server.log" >&2; exit 1; fi
log "ok: o cliente gerado do openapi.yaml precificou o atendimento em R\$ 3.335,85"
