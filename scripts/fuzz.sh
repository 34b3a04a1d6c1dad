#!/usr/bin/env bash
# API fuzzing: schemathesis against the OpenAPI document of the packaged service.
#
#   scripts/fuzz.sh [extra schemathesis args]
#
# Starts restaurant-api's exec jar (embedded in-memory database) on a free loopback port, waits for
# /actuator/health to be UP, then runs schemathesis against http://127.0.0.1:PORT/v3/api-docs with the checks
#   not_a_server_error, status_code_conformance (no undocumented status), content_type_conformance,
#   response_schema_conformance, response_headers_conformance
# over every operation of the document, and stops the service again (also on failure or Ctrl-C).
# Exits non-zero on any finding. Reports land in target/fuzz/.
#
# Environment (all optional):
#   JAVA_HOME              a JDK >= 21; found with .ci/find-jdk when unset or older
#   FUZZ_MAX_EXAMPLES      test cases per operation and phase (default 200)
#   FUZZ_SEED              the random seed (default 20250526): the same seed generates the same cases
#   FUZZ_WORKERS           schemathesis workers (default 1, see below)
#   FUZZ_PHASES            schemathesis phases (default examples,coverage,fuzzing,stateful)
#   FUZZ_START_TIMEOUT     seconds to wait for the service to be UP (default 120)
#   FUZZ_TIMEOUT           hard bound on the schemathesis run in seconds (default 900); exceeding it fails the run
#   FUZZ_JAR               the jar to fuzz (default restaurant-api/target/restaurant-api-*-exec.jar; built if absent)
#   PYTHON                 the python3 (>= 3.9) that creates the venv (default python3)
set -euo pipefail

SCHEMATHESIS_VERSION=4.32.5

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out="$root/target/fuzz"
venv="$root/target/fuzz-venv"
max_examples=${FUZZ_MAX_EXAMPLES:-200}
seed=${FUZZ_SEED:-20250526}
# One worker: schemathesis' generators parse lambda sources with Python's ast module, which on CPython 3.11 is not
# thread-safe ("AST constructor recursion depth mismatch", cpython#106905) and fails a run now and then with two.
workers=${FUZZ_WORKERS:-1}
phases=${FUZZ_PHASES:-examples,coverage,fuzzing,stateful}
start_timeout=${FUZZ_START_TIMEOUT:-120}
fuzz_timeout=${FUZZ_TIMEOUT:-900}
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance

log() { echo "fuzz.sh: $*" >&2; }
die() { log "$*"; echo "fuzz: FAILED ($*)"; exit 1; }

started=$SECONDS
mkdir -p "$out"

# --- a JDK >= 21 ---------------------------------------------------------------------------------------------
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {split($2, v, "."); print v[1]; exit}'
}
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ]; then
  JAVA_HOME=$("$root/.ci/find-jdk")
  export JAVA_HOME
fi
log "JDK: $JAVA_HOME"

# --- the jar ---------------------------------------------------------------------------------------------------
jar=${FUZZ_JAR:-}
if [ -z "$jar" ]; then
  jar=$(ls "$root"/restaurant-api/target/restaurant-api-*-exec.jar 2>/dev/null | head -1 || true)
  if [ -z "$jar" ]; then
    log "no packaged jar yet: building it (mvnw install -DskipTests)"
    ./mvnw -B -ntp -q install -DskipTests
    jar=$(ls "$root"/restaurant-api/target/restaurant-api-*-exec.jar | head -1)
  fi
fi
[ -f "$jar" ] || die "jar not found: $jar"

# --- schemathesis in a cached venv ---------------------------------------------------------------------------
python=${PYTHON:-python3}
if [ ! -x "$venv/bin/schemathesis" ] || [ "$("$venv/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
  log "installing schemathesis $SCHEMATHESIS_VERSION into $venv"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

# --- the service on a free loopback port ---------------------------------------------------------------------
port=$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
service_log="$out/service.log"
service_pid=""

stop_service() {
  if [ -n "$service_pid" ] && kill -0 "$service_pid" 2>/dev/null; then
    kill "$service_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$service_pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -9 "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
  fi
  service_pid=""
}
trap stop_service EXIT
trap 'exit 130' INT TERM

log "starting $(basename "$jar") on $base (log: $service_log)"
"$JAVA_HOME/bin/java" -Xmx512m -XX:TieredStopAtLevel=1 -jar "$jar" \
  --server.address=127.0.0.1 --server.port="$port" --restaurant.embedded.mode=memory \
  >"$service_log" 2>&1 &
service_pid=$!

deadline=$((SECONDS + start_timeout))
until curl -fsS --max-time 2 "$base/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
  kill -0 "$service_pid" 2>/dev/null || { tail -30 "$service_log" >&2; die "the service exited during startup"; }
  [ "$SECONDS" -lt "$deadline" ] || { tail -30 "$service_log" >&2; die "the service was not UP within ${start_timeout}s"; }
  sleep 1
done
log "service UP after $((SECONDS - started))s (pid $service_pid)"

# --- schemathesis ----------------------------------------------------------------------------------------------
cmd=(timeout --signal=TERM --kill-after=10 "$fuzz_timeout" "$venv/bin/schemathesis" run "$base/v3/api-docs"
  --checks "$checks"
  --phases "$phases"
  --max-examples "$max_examples"
  --seed "$seed"
  --generation-database none
  --workers "$workers"
  --request-timeout 15
  --continue-on-failure
  --no-color
  --report junit --report-junit-path "$out/junit.xml"
  "$@")
log "running: ${cmd[*]}"
fuzz_started=$SECONDS
set +e
# from target/fuzz, so that schemathesis keeps its cache (it replays earlier crashes first) out of the source tree
(cd "$out" && NO_COLOR=1 "${cmd[@]}") 2>&1 | tee "$out/schemathesis.log"
status=${PIPESTATUS[0]}
set -e
[ "$status" -ne 124 ] || log "schemathesis did not finish within ${fuzz_timeout}s (FUZZ_TIMEOUT)"
fuzz_time=$((SECONDS - fuzz_started))

# a 500 already fails not_a_server_error; this also catches one that the service logged but answered otherwise
if grep -q 'internal error urn:uuid' "$service_log"; then
  log "the service logged internal errors; see $service_log"
  grep -m 5 'internal error urn:uuid' "$service_log" >&2 || true
  [ "$status" -ne 0 ] || status=1
fi

stop_service
operations=$(awk '/^API Operations:/ {f = 1} f && /Tested:/ {print $2; exit}' "$out/schemathesis.log")
cases=$(awk '/^Test cases:/ {getline; sub(/^ +/, ""); print; exit}' "$out/schemathesis.log")
summary="${operations:-?} operations, test cases: ${cases:-?}"
if [ "$status" -eq 0 ]; then
  echo "fuzz: PASSED — schemathesis $SCHEMATHESIS_VERSION, seed $seed, max $max_examples examples/operation;" \
    "$summary; fuzzing ${fuzz_time}s, total $((SECONDS - started))s"
else
  echo "fuzz: FAILED (schemathesis exit $status) — schemathesis $SCHEMATHESIS_VERSION, seed $seed;" \
    "$summary; fuzzing ${fuzz_time}s, total $((SECONDS - started))s; details in $out/schemathesis.log"
fi
exit "$status"
