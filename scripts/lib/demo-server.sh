# Sourced by the suites that drive the built binary (browser.sh, api-example.sh, api-client.sh):
# `start_demo_server BINARY DIR` starts it on a fresh SQLite file in DIR with the demo data, on a
# free loopback port, and waits until /health answers. It sets `server` (the pid) and `base` (the
# URL); the server's log is DIR/server.log. The caller's EXIT trap stops it (`stop_demo_server`).
start_demo_server() {
    local binary=$1 dir=$2 port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    "$binary" serve --demo --database "$dir/demo.sqlite" --port "$port" --log-level error >"$dir/server.log" 2>&1 &
    server=$!
    base="http://127.0.0.1:$port"
    # The demo data is loaded before the server listens: a few seconds, more on a busy machine.
    for _ in $(seq 1 300); do
        curl -sf "$base/health" >/dev/null 2>&1 && return 0
        kill -0 "$server" 2>/dev/null || break
        sleep 0.2
    done
    printf 'o servidor não respondeu em %s\n' "$base" >&2
    cat "$dir/server.log" >&2
    return 1
}

stop_demo_server() {
    [ -n "${server:-}" ] || return 0
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
}

# A fault of the server (a 500) anywhere in its log fails the suite that drove it.
server_had_internal_error() { grep -q "erro interno" "$1/server.log"; }
