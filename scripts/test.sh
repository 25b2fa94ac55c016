#!/usr/bin/env bash
# Runs the whole test suite on SQLite and on a real PostgreSQL (a throwaway server that
# scripts/with-postgres.sh installs if needed, starts on loopback and removes afterwards).
# Arguments go to `swift test` (e.g. --filter RegistryTests).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${FATURA_TEST_POSTGRES_URL:-}" ]; then
    exec scripts/with-postgres.sh "$0" "$@"
fi

log() { printf '[test.sh] %s\n' "$*" >&2; }
# xmllint (libxml2-utils): one test validates the generated TISS batches with it too, as a payer would.
if ! command -v xmllint >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "instalando xmllint (libxml2-utils)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-utils >/dev/null) || log "xmllint não instalado: o teste que o usa será pulado"
fi
log "compilando"
swift build --build-tests
log "executando os testes (SQLite e PostgreSQL)"
output=$(mktemp /tmp/fatura-test-output.XXXXXX)
swift test --skip-build "$@" 2>&1 | tee "$output"
# A plain closing line for CI: XCTest's own summary (0 tests: Fatura uses Swift Testing) comes
# before Swift Testing's, and should not be mistaken for the whole run.
summary=$(grep -E 'Test run with [0-9]+ tests?' "$output" | tail -n 1 || true)
rm -f "$output"
[[ "$summary" =~ Test\ run\ with\ ([0-9]+)\ tests?.*passed ]] || { log "os testes Swift falharam"; exit 1; }
passed=${BASH_REMATCH[1]}
# Only a whole run (no --filter) fuzzes the API: a few minutes, bounded (scripts/fuzz.sh for a long run),
# walks the pages in headless Chromium (scripts/browser.sh; skipped without Chromium unless CI=true), runs the
# curl example and the same through a generated client (scripts/api-client.sh; skipped without PyPI unless CI=true).
if [ "$#" -eq 0 ]; then
    log "fuzzing da API contra openapi.yaml (Schemathesis)"
    scripts/fuzz.sh "${FATURA_FUZZ_SECONDS:-45}"
    passed=$((passed + 1))
    log "testes no navegador (Chromium headless, Playwright)"
    scripts/browser.sh .build/debug/fatura
    passed=$((passed + 1))
    log "exemplo da API só com curl (examples/api-setup.sh)"
    scripts/api-example.sh .build/debug/fatura
    passed=$((passed + 1))
    log "exemplo da API por um cliente gerado do openapi.yaml (openapi-python-client)"
    scripts/api-client.sh .build/debug/fatura
    passed=$((passed + 1))
fi
echo "$passed passed, 0 failed"
