#!/usr/bin/env bash
# Fatura in a real browser: starts the built binary on a throwaway SQLite database with the demo
# data, on a free port, and drives headless Chromium (Debian's `chromium`) through the paths of
# scripts/browser/paths.py with Playwright (PyPI, in a venv under .build; it never downloads a
# browser). Screenshots of failures (with --shots DIR, of every step) go to a folder it prints.
#   scripts/browser.sh [BINARY] [--shots DIR] [--only PATH[,PATH]]
# Without Chromium or Playwright (and no way to install them) it says why and skips, unless CI=true:
# then that is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[browser] %s\n' "$*" >&2; }

binary=.build/debug/fatura
shots=""
only=""
while [ "$#" -gt 0 ]; do
    case "$1" in
        --shots) shots="${2:?--shots DIR}"; shift 2 ;;
        --only) only="${2:?--only NOMES}"; shift 2 ;;
        -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) log "opção desconhecida: $1"; exit 2 ;;
        *) binary="$1"; shift ;;
    esac
done

# Missing tooling: a failure under CI, otherwise a skip with the reason.
unavailable() {
    if [ "${CI:-}" = "true" ]; then log "$1"; exit 1; fi
    log "$1 — testes no navegador ignorados (com CI=true isto é uma falha)"
    exit 0
}

# FATURA_CHROMIUM names another Chromium; otherwise the system's, installed with apt-get as root.
if [ -n "${FATURA_CHROMIUM:-}" ]; then
    chromium="$FATURA_CHROMIUM"
    [ -x "$chromium" ] || unavailable "FATURA_CHROMIUM não é um executável: $chromium"
else
    chromium=$(command -v chromium || true)
    if [ -z "$chromium" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        log "instalando o Chromium (apt-get install chromium)"
        { apt-get install -y -q chromium || { apt-get update -q && apt-get install -y -q chromium; }; } >/dev/null 2>&1 || true
        chromium=$(command -v chromium || true)
    fi
    [ -n "$chromium" ] || unavailable "Chromium não encontrado (apt-get install chromium, como root)"
fi

venv="${FATURA_BROWSER_VENV:-.build/browser-venv}"
python="$venv/bin/python"
if ! "$python" -c 'import playwright' >/dev/null 2>&1; then
    log "instalando o Playwright (PyPI) em $venv"
    # The browser is the system's Chromium: Playwright's own download is never needed.
    export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
    { python3 -m venv "$venv" && "$python" -m pip install -q --disable-pip-version-check 'playwright>=1.45'; } >/dev/null 2>&1 \
        || unavailable "não foi possível instalar o Playwright (python3 -m venv / pip)"
    "$python" -c 'import playwright' >/dev/null 2>&1 || unavailable "o Playwright instalado não importa"
fi

[ -x "$binary" ] || { log "binário não encontrado: $binary (compile com swift build --product fatura)"; exit 1; }
work=$(mktemp -d /tmp/fatura-browser.XXXXXX)
if [ -n "$shots" ]; then mkdir -p "$shots"; out=$(cd "$shots" && pwd); else out=$(mktemp -d /tmp/fatura-browser-shots.XXXXXX); fi
. scripts/lib/demo-server.sh
trap 'stop_demo_server; rm -rf "$work"' EXIT
start_demo_server "$binary" "$work"

log "Chromium: $("$chromium" --version 2>/dev/null | head -n 1); servidor: $base; capturas: $out"
status=0
args=(--base "$base" --out "$out" --chromium "$chromium")
[ -n "$shots" ] && args+=(--shots)
[ -n "$only" ] && args+=(--only "$only")
PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 timeout 600 "$python" scripts/browser/suite.py "${args[@]}" || status=1
if server_had_internal_error "$work"; then
    log "o servidor registrou erros internos:"; grep "erro interno" "$work/server.log" | head -20 >&2; status=1
fi
if [ "$status" -ne 0 ]; then
    log "falhou; capturas das falhas em $out"
elif [ -n "$shots" ]; then
    log "nenhuma falha; capturas de cada passo em $out"
else
    rm -rf "$out"
    log "nenhuma falha"
fi
exit "$status"
