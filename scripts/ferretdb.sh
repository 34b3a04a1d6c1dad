#!/usr/bin/env bash
# FerretDB v1 (SQLite backend) as a separately running MongoDB-compatible server for the tests.
#
#   scripts/ferretdb.sh build          build target/ferretdb/ferretdb from tools/ferretdb (needs Go and the module proxy)
#   scripts/ferretdb.sh start [port]   start it on 127.0.0.1:<port> (default 27018), data in target/ferretdb/data-<port>
#   scripts/ferretdb.sh stop [port]    stop the instance this script started on that port
#   scripts/ferretdb.sh test [mvn args] build, start on a fresh data folder, run the Mongo adapter tests with
#                                      MONGODB_URI pointing at it, and stop it again (also on failure)
#
# Environment: FERRETDB_PORT (default port), FERRETDB_START_TIMEOUT (seconds, default 30), GO (the go binary).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/tools/ferretdb"
out="$root/target/ferretdb"
bin="$out/ferretdb"
default_port=${FERRETDB_PORT:-27018}

log() { echo "ferretdb.sh: $*" >&2; }
die() { log "$*"; exit 1; }

find_go() {
  if [ -n "${GO:-}" ]; then echo "$GO"; return; fi
  if command -v go >/dev/null 2>&1; then command -v go; return; fi
  for candidate in /usr/local/go/bin/go /usr/lib/go/bin/go "$HOME/go/bin/go" "$HOME/sdk/go/bin/go"; do
    [ -x "$candidate" ] && { echo "$candidate"; return; }
  done
  die "no Go toolchain found (looked at \$GO, PATH, /usr/local/go/bin); install Go 1.24+ to build FerretDB"
}

build() {
  mkdir -p "$out"
  if [ -x "$bin" ] && [ "$bin" -nt "$src/main.go" ] && [ "$bin" -nt "$src/go.sum" ] && [ "$bin" -nt "$src/go.mod" ]; then
    log "up to date: $bin"
    return
  fi
  local go started
  go=$(find_go)
  log "building FerretDB with $("$go" version) (the first build compiles SQLite in Go: a minute or two)"
  started=$SECONDS
  # -mod=readonly: go.sum is committed and must already list everything; the module proxy supplies the sources.
  (cd "$src" && "$go" build -mod=readonly -trimpath -o "$bin.tmp" .)
  mv -f "$bin.tmp" "$bin"
  log "built $bin in $((SECONDS - started)) s"
}

pid_file() { echo "$out/ferretdb-$1.pid"; }

# True when $1 is a live process running our binary (guards against a stale PID file naming a reused PID).
is_ours() {
  local pid=$1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$bin"
}

port_answers() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local port=${1:-$default_port} timeout=${FERRETDB_START_TIMEOUT:-30}
  [[ "$port" =~ ^[0-9]+$ ]] || die "port must be a number, not '$port'"
  [ -x "$bin" ] || build
  local pidf data logf
  pidf=$(pid_file "$port")
  data="$out/data-$port"
  logf="$out/ferretdb-$port.log"
  if [ -f "$pidf" ] && is_ours "$(cat "$pidf")"; then
    die "already running on port $port (PID $(cat "$pidf")); stop it first: $0 stop $port"
  fi
  rm -f "$pidf"
  port_answers "$port" && die "something else already listens on 127.0.0.1:$port"
  mkdir -p "$data"
  "$bin" -listen "127.0.0.1:$port" -sqlite-dir "$data" >>"$logf" 2>&1 &
  local pid=$!
  echo "$pid" >"$pidf"
  local deadline=$((SECONDS + timeout))
  until port_answers "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pidf"
      tail -n 20 "$logf" >&2 || true
      die "FerretDB exited during start (log: $logf)"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      kill "$pid" 2>/dev/null || true
      rm -f "$pidf"
      die "FerretDB did not answer on 127.0.0.1:$port within ${timeout}s (log: $logf)"
    fi
    sleep 0.2
  done
  log "FerretDB PID $pid on 127.0.0.1:$port, data in $data, log in $logf"
  echo "mongodb://127.0.0.1:$port/"
}

stop() {
  local port=${1:-$default_port}
  local pidf pid
  pidf=$(pid_file "$port")
  if [ ! -f "$pidf" ]; then
    log "not started by this script on port $port (no $pidf)"
    return 0
  fi
  pid=$(cat "$pidf")
  if ! is_ours "$pid"; then
    log "PID $pid from $pidf is gone (or no longer FerretDB); removing the stale file"
    rm -f "$pidf"
    return 0
  fi
  kill -TERM "$pid"
  local i
  for i in $(seq 1 100); do  # 10 s for a clean shutdown (closes connections, checkpoints the WAL)
    is_ours "$pid" || break
    sleep 0.1
  done
  if is_ours "$pid"; then
    log "PID $pid did not stop within 10 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # reap it when it is our own child (start and stop in one shell, as in 'test')
  wait "$pid" 2>/dev/null || true
  rm -f "$pidf"
  log "stopped PID $pid (port $port)"
}

run_tests() {
  local port=$default_port
  build
  rm -rf "$out/data-$port"  # every run starts from an empty database folder
  local uri
  uri=$(start "$port")
  # shellcheck disable=SC2064 # expanded now: the local is gone when the trap runs
  trap "stop $port" EXIT
  trap 'exit 130' INT TERM
  export MONGODB_URI="$uri"
  if [ -z "${JAVA_HOME:-}" ] && [ -x "$root/.ci/find-jdk" ]; then
    JAVA_HOME=$("$root/.ci/find-jdk")
    export JAVA_HOME
  fi
  log "MONGODB_URI=$MONGODB_URI"
  cd "$root"
  if [ "$#" -eq 0 ]; then
    set -- -B -o test -pl restaurant-mongo
  fi
  ./mvnw "$@"
}

command=${1:-}
[ "$#" -gt 0 ] && shift
case "$command" in
  build) build ;;
  start) start "$@" ;;
  stop) stop "$@" ;;
  test) run_tests "$@" ;;
  *) echo "usage: $0 build | start [port] | stop [port] | test [maven arguments]" >&2; exit 2 ;;
esac
